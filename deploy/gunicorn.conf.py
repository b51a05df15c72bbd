"""gunicorn's settings for every mektep instance (the systemd unit and the Procfile):

    gunicorn -c deploy/gunicorn.conf.py config.wsgi --bind 127.0.0.1:8000

Threaded workers (gthread): while one request waits for PostgreSQL (its round trips, the commit's WAL
flush) another thread of the same process uses the CPU, and nginx's kept-alive upstream connections
(deploy/nginx.conf: keepalive 32) are kept instead of closed after every answer as sync workers do.
Measured on the 2-core machine with bench/admissions.py's load (200 parents submitting for 10 s,
the two configurations side by side on one database, alternately, 2 rounds each, medians; the machine
busy with other work, load average 9-14): 2 workers x 4 threads 50.2 applications/s, 14.2 ms server
CPU per submission, p99 5.2 s; 4 sync workers 26.5 applications/s, 15.6 ms, p99 9.0 s; 0 errors both.
bench/admissions.py runs this layout by default; on a quieter machine (2026-11-30, 200 parents for 60 s)
it stored 163 to 216 applications/s over six runs, 7.8 to 10.2 ms of server CPU per submission, as the
machine's speed of the moment went (bench.harness.machine_speed_ms).

`keepalive` is longer than nginx's upstream keepalive_timeout (60 s): a connection gunicorn closed
while nginx sends a request on it is an error nginx does not retry for a POST (with gunicorn's default
of 2 s, 153 submissions failed so in one 20-second bench run under load, none with 75 s).
"""

import os

workers = int(os.environ.get("WEB_WORKERS", os.cpu_count() or 2))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
keepalive = 75
timeout = 120
