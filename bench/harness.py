"""The shared benchmark harness: gunicorn under the production settings against this checkout's database.

    from bench.harness import Server
    with Server(workers=4) as srv:
        s = srv.login("director.a")
        print(srv.measure(s, "/contingent/students/", repeat=50))
        print(srv.count_queries("director.a", "/contingent/students/"))

`Server` starts gunicorn (the production settings: DJANGO_DEBUG unset, SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL set, the last to this checkout's own PostgreSQL cluster under var/ through its Unix socket),
after `collectstatic` into a temporary STATIC_ROOT. Requests carry `X-Forwarded-Proto: https`, as they do
behind the TLS proxy, so the secure-only cookies and HTTPS redirect behave as in production over plain
HTTP on the loopback.

`measure()` returns, per request: `cpu_ms` (the server's CPU: utime+stime of the gunicorn master and
workers and of the PostgreSQL postmaster and its backends, read from /proc before and after, reaped
children included), `p50_ms` and `p99_ms` (wall-clock latency) and `status` (of the last response).
CPU time is far steadier than latency on a shared machine; compare figures taken in one run.

No dependency beyond the standard library (and the project's own virtualenv for gunicorn).
"""

import http.client
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEMO_PASSWORD = "demo-Mektep-2026"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# The settings the server runs under: the production settings with the collected static files in a
# temporary folder. When the storage with hashed names cannot post-process the static files (a
# checkout whose vendored files still name missing source maps), the shim falls back to WhiteNoise's
# compressed storage without a manifest, and says so.
_SETTINGS_SHIM = """\
import os
from pathlib import Path

from config.settings import *  # noqa: F401,F403
from config.settings import STORAGES

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
if os.environ.get("BENCH_STATIC_STORAGE"):
    STORAGES = {**STORAGES, "staticfiles": {"BACKEND": os.environ["BENCH_STATIC_STORAGE"]}}
"""


def local_database_url(root=ROOT):
    """DATABASE_URL of a checkout's private cluster (config/localdb.py), through its Unix socket."""
    sys.path.insert(0, str(root))
    from config import localdb

    socket_dir = urllib.parse.quote(str(Path(root) / "var" / "pg" / "run"), safe="")
    return f"postgres://{localdb.DB_USER}@{socket_dir}:{localdb.PORT}/{localdb.DB_NAME}"


def production_env(database_url=None, **extra):
    """The environment of a production process on this machine (no DJANGO_DEBUG)."""
    # What a test run leaves in the environment is no part of production (pytest's test settings, the
    # browser tests' DJANGO_ALLOW_ASYNC_UNSAFE).
    dropped = ("DJANGO_DEBUG", "MEKTEP_TESTING", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=database_url or local_database_url(),
        SECURE_SSL_REDIRECT="0",
        PYTHONPATH=str(ROOT),
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- /proc ----------------------------------------------------------------------------------------


def _stat(pid):
    """(ppid, utime+stime, cutime+cstime) in clock ticks, or None when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            data = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = data[data.rindex(")") + 2 :].split()
    # fields[0] is state (field 3); utime is field 14, stime 15, cutime 16, cstime 17, ppid 4.
    return int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def _children_map():
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(entry)
            if st:
                children.setdefault(st[0], []).append(int(entry))
    return children


def tree_cpu_ticks(root_pids):
    """CPU ticks of the given processes and all their descendants, dead reaped children included."""
    children = _children_map()
    total, seen, stack = 0, set(), [p for p in root_pids if p]
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        st = _stat(pid)
        if st is None:
            continue
        total += st[1] + st[2]
        stack.extend(children.get(pid, []))
    return total


def postmaster_pid(root=ROOT):
    pidfile = Path(root) / "var" / "pg" / "data" / "postmaster.pid"
    try:
        return int(pidfile.read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError, PermissionError):
        return None


# --- HTTP -----------------------------------------------------------------------------------------


class Session:
    """A cookie-keeping HTTP client for one user (standard library only). Behaves as a browser behind
    the TLS proxy: sends X-Forwarded-Proto: https, and the Origin header with form posts."""

    def __init__(self, base_url, forwarded_proto="https"):
        parsed = urllib.parse.urlsplit(base_url)
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.base_url = base_url.rstrip("/")
        self.forwarded_proto = forwarded_proto
        self.cookies = {}

    def _headers(self, extra=None):
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "ru"}
        if self.forwarded_proto:
            headers["X-Forwarded-Proto"] = self.forwarded_proto
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    def request(self, method, path, body=None, headers=None, timeout=120):
        """Returns (status, headers dict with lower-case names, body bytes). Does not follow redirects."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=self._headers(headers))
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                if val in ('""', "") and "max-age=0" in value.lower():
                    self.cookies.pop(key.strip(), None)
                else:
                    self.cookies[key.strip()] = val
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, data, **kw):
        origin = f"{self.forwarded_proto or 'http'}://{self.host}:{self.port}"
        data = dict(data)
        data.setdefault("csrfmiddlewaretoken", self.cookies.get("csrftoken", ""))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + path,
        }
        return self.request("POST", path, body=urllib.parse.urlencode(data), headers=headers, **kw)

    def login(self, username, password=DEMO_PASSWORD):
        status, _, body = self.get("/accounts/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not match:
            raise RuntimeError(f"login page answered {status}")
        status, headers, body = self.post(
            "/accounts/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1).decode()},
        )
        if status != 302 or "sessionid" not in self.cookies:
            errors = re.findall(rb'class="[^"]*(?:alert|invalid-feedback)[^"]*"[^>]*>(.*?)</', body, re.S)
            shown = "; ".join(re.sub(rb"<[^>]+>|\s+", b" ", e).decode().strip() for e in errors)
            raise RuntimeError(f"login of {username!r} failed (status {status}): {shown or body[:300]!r}")
        return self


# --- the server -----------------------------------------------------------------------------------


class Server:
    """gunicorn under the production settings, started on enter and stopped on exit."""

    def __init__(
        self,
        workers=4,
        port=None,
        database_url=None,
        env=None,
        collectstatic=True,
        root=ROOT,
        gunicorn_args=(),
        quiet=True,
    ):
        self.workers = workers
        self.port = port or free_port()
        self.root = Path(root)
        self.database_url = database_url
        self.extra_env = dict(env or {})
        self.collectstatic = collectstatic
        self.gunicorn_args = list(gunicorn_args)
        self.quiet = quiet
        self.process = None
        self.tmp = None
        self.notes = []
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.cpu_pids = []  # other process trees to count in cpu_ms (e.g. nginx, PgBouncer)

    # start/stop

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def _ensure_database(self):
        if self.database_url is None:
            subprocess.run(
                [sys.executable, "-m", "config.localdb", "start"],
                cwd=self.root,
                check=True,
                stdout=subprocess.DEVNULL,
            )

    def env(self):
        env = production_env(self.database_url or local_database_url(self.root), **self.extra_env)
        env["PYTHONPATH"] = os.pathsep.join([self.tmp, str(self.root)])
        env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
        env["BENCH_STATIC_ROOT"] = str(Path(self.tmp) / "static")
        if getattr(self, "_static_storage", None):
            env["BENCH_STATIC_STORAGE"] = self._static_storage
        return env

    def _manage(self, *args, check=True):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=self.root,
            env=self.env(),
            capture_output=True,
            text=True,
            check=check,
        )

    def start(self):
        self._ensure_database()
        self.tmp = tempfile.mkdtemp(prefix="mektep-bench-")
        Path(self.tmp, "bench_settings.py").write_text(_SETTINGS_SHIM)
        if self.collectstatic:
            result = self._manage("collectstatic", "--no-input", "-v", "0", check=False)
            if result.returncode != 0:
                self.notes.append(
                    "collectstatic failed with the production storage "
                    f"({result.stderr.strip().splitlines()[-1] if result.stderr.strip() else '?'}); "
                    "serving with whitenoise.storage.CompressedStaticFilesStorage instead"
                )
                self._static_storage = "whitenoise.storage.CompressedStaticFilesStorage"
                self._manage("collectstatic", "--no-input", "-v", "0")
        log = Path(self.tmp, "gunicorn.log")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--error-logfile",
                str(log),
                "--timeout",
                "120",
                "--no-control-socket",  # several servers run side by side on one machine
                *self.gunicorn_args,
            ],
            cwd=self.root,
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.wait_ready()
        for note in self.notes:
            if not self.quiet:
                print("note:", note, file=sys.stderr)
        return self

    def wait_ready(self, timeout=300):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_tail()}")
            try:
                status, _, _ = Session(self.base_url).get("/accounts/login/", timeout=10)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer in {timeout} s: {self.log_tail()}")

    def log_tail(self, lines=30):
        try:
            return "\n".join(Path(self.tmp, "gunicorn.log").read_text().splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    # measuring

    def session(self):
        return Session(self.base_url)

    def login(self, username, password=DEMO_PASSWORD):
        return self.session().login(username, password)

    def server_pids(self):
        return [self.process.pid if self.process else None, postmaster_pid(self.root), *self.cpu_pids]

    def cpu_ticks(self):
        return tree_cpu_ticks(self.server_pids())

    def warm_up(self, session, path, times=None):
        """`times` requests (by default two per worker), sent `workers` at a time: a worker busy with
        one leaves the others to the other workers, so each has served the page before it is measured
        (a process's first page loads its templates and translations: over a second of CPU). One
        after another, a sync worker could be left out and its first page counted."""
        total = times or self.workers * 2
        for start in range(0, total, self.workers):
            batch = [
                threading.Thread(target=session.get, args=(path,))
                for _ in range(min(self.workers, total - start))
            ]
            for thread in batch:
                thread.start()
            for thread in batch:
                thread.join()

    def measure(self, session, path, repeat=50, warmup=True):
        """Per request: server CPU (ms), median and p99 latency (ms), and the last status."""
        if warmup:
            self.warm_up(session, path)
        times = []
        status = None
        before = self.cpu_ticks()
        for _ in range(repeat):
            start = time.perf_counter()
            status, _, _ = session.get(path)
            times.append((time.perf_counter() - start) * 1000)
        after = self.cpu_ticks()
        times.sort()
        return {
            "cpu_ms": (after - before) * 1000 / CLK_TCK / repeat,
            "p50_ms": statistics.median(times),
            "p99_ms": times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))],
            "status": status,
            "repeat": repeat,
        }

    def throughput(self, sessions, path, seconds=5.0, concurrency=None):
        """Requests per second with `concurrency` clients in parallel (threads, each its own session
        from `sessions`, reused round-robin) for `seconds`, with the server CPU per request."""
        sessions = list(sessions) if isinstance(sessions, (list, tuple)) else [sessions]
        concurrency = concurrency or self.workers
        counts = [0] * concurrency
        errors = [0] * concurrency
        stop_at = time.monotonic() + seconds

        def client(i):
            s = sessions[i % len(sessions)]
            while time.monotonic() < stop_at:
                status, _, _ = s.get(path)
                counts[i] += 1
                if status >= 400:
                    errors[i] += 1

        before_cpu, started = self.cpu_ticks(), time.monotonic()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed, after_cpu = time.monotonic() - started, self.cpu_ticks()
        n = sum(counts)
        return {
            "rps": n / elapsed,
            "requests": n,
            "errors": sum(errors),
            "cpu_ms": (after_cpu - before_cpu) * 1000 / CLK_TCK / max(n, 1),
        }

    def count_queries(self, username, path):
        """Queries of one request to `path` by `username`, run in this process under the same settings
        (Django's test client with CaptureQueriesContext)."""
        return count_queries(username, path, env=self.env())


_django_ready = False


def _setup_django(env=None):
    """Set Django up in this process: under the production settings (the server's environment) unless
    the caller configured it already (e.g. with DJANGO_DEBUG=1 to load the demo data first)."""
    global _django_ready
    if _django_ready:
        return
    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        server_env = env or production_env()
        for key in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SECURE_SSL_REDIRECT"):
            os.environ.setdefault(key, server_env[key])
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django
    from django.test.utils import setup_test_environment

    django.setup()
    try:
        setup_test_environment()  # lets the test client see each response's context (the row counts)
    except RuntimeError:
        pass  # the caller did it already
    _django_ready = True


def in_process_static():
    """Pages rendered in this process link their static files without the collected manifest (a clean
    checkout has none; the server gets its own collected copy): the queries and CPU are the same."""
    from django.conf import settings
    from django.test.utils import override_settings

    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()


def count_queries(username, path, env=None):
    """The number of SQL queries of one GET of `path` by `username` (in process)."""
    _setup_django(env)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.force_login(get_user_model().objects.get(username=username))
    client.get(path, secure=True)  # warm caches (content types, translations)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, secure=True)
    rows = None
    context = getattr(response, "context", None)
    if context is not None and "paginator" in context and context["paginator"]:
        rows = context["paginator"].count
    return {"queries": len(ctx.captured_queries), "status": response.status_code, "rows": rows}


def deployed_gunicorn():
    """Production's gunicorn layout (deploy/gunicorn.conf.py): workers, worker_class, threads, keepalive.
    The benches serve with it unless told otherwise."""
    import runpy

    conf = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    return {key: conf[key] for key in ("workers", "worker_class", "threads", "keepalive")}


def machine_speed_ms():
    """CPU milliseconds of a fixed piece of pure Python (the best of five): the machine's speed of the
    moment. A shared machine's speed moves by 10-25 % from one minute to the next; a bench prints this
    beside its figures, before and after, so runs are compared at the speed they had (lower is faster).
    Taken on a quiet machine: the server's last answers are let through first."""
    time.sleep(2)
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        table = {}
        for i in range(200_000):
            table[i % 1000] = str(i) + "x"
        best = min(best, time.process_time() - start)
    return best * 1000


def format_row(label, figures, width=34):
    return (
        f"{label:{width}} {figures.get('status', '-'):>6} {figures.get('queries', '-'):>7} "
        f"{figures['p50_ms']:>8.1f} {figures['p99_ms']:>8.1f} {figures['cpu_ms']:>8.1f}"
    )


def header(width=34):
    return f"{'page':{width}} {'status':>6} {'queries':>7} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms':>8}"
