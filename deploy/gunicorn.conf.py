"""gunicorn's settings for every mektep instance (the systemd unit and the Procfile):

    gunicorn -c deploy/gunicorn.conf.py config.wsgi --bind 127.0.0.1:8000

Sync workers, two a core: each request has a worker to itself, and the next request goes to whichever
worker is free. nginx buffers requests and answers (deploy/nginx.conf), so a worker never waits for a
slow phone, and the long jobs (full-school PDFs, imports) run in the background worker.
Measured on the 2-core machine on 2026-12-01 (a quiet machine, bench.harness.machine_speed_ms 23-24 ms),
the layouts alternately:
- bench/admissions.py, 200 parents for 30 s, 2 rounds: 4 sync workers 355.4 and 309.0 applications/s,
  p99 655 and 744 ms; 2 gthread workers x 4 threads 329.5 and 307.5/s, p99 827 and 914 ms; 0 errors.
- bench/journal.py --load-only, 50 teachers tapping and opening grids with no pause: 4 sync workers
  359-384 requests/s, p99 204-222 ms; 2 x 4 threads 351-381/s, p99 318-327 ms; 8 sync workers
  320-327/s, p99 277-292 ms (more processes than cores cost CPU in switching).
With threads, the requests of a worker share its interpreter lock, so a long one stretches the others,
and a client's kept-alive connection stays with the worker that accepted it however busy that worker is.

WEB_THREADS above 1 gives threaded workers (gthread), which an earlier measurement on a machine busy
with other work favoured (load average 9-14: 50.2 against 26.5 applications/s). They keep nginx's
upstream connections alive; `keepalive` is then longer than nginx's keepalive_timeout (60 s): a
connection gunicorn closed while nginx sends a request on it is an error nginx does not retry for a
POST (with gunicorn's default of 2 s, 153 submissions failed so in one 20-second run). Sync workers
close every connection after their answer, and say so to nginx.
"""

import os

workers = int(os.environ.get("WEB_WORKERS", 2 * (os.cpu_count() or 1)))
threads = int(os.environ.get("WEB_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
keepalive = 75
timeout = 120
