"""The district layout on one machine, started and stopped by a test or a benchmark:

    nginx (X-Forwarded-Proto https, as at the TLS proxy)
      -> two gunicorn instances (production settings)
           -> PgBouncer (transaction pooling) -> this checkout's PostgreSQL (var/pg)
    and the task worker (manage.py db_worker) beside them, through PgBouncer too.

From Debian's packages (`apt-get install nginx pgbouncer`) and the project's own deploy/nginx.conf and
deploy/pgbouncer.ini, with their placeholders filled. Every process runs in the foreground under this
Python process and is stopped on exit; nothing is installed as a service.

    with Stack(database="mektep", static_root=...) as stack:
        s = stack.login("director.a")          # a bench.harness Session through nginx
        stack.measure(s, "/contingent/students/")
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import (
    ROOT,
    Server,
    Session,
    free_port,
    production_env,
)

DEPLOY = Path(__file__).resolve().parent


def fill(template, values):
    text = (DEPLOY / template).read_text()
    for key, value in values.items():
        text = text.replace(f"@{key}@", str(value))
    return text


def _as_postgres():
    """PgBouncer refuses to run as root; it runs as the cluster's owner then."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _wait_port(port, proc, what, timeout=30):
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{what} does not listen on {port}")


class Stack(Server):
    """nginx + N gunicorn instances + PgBouncer + the worker; measures like bench.harness.Server."""

    def __init__(self, database="mektep", instances=2, workers=2, worker=True, static_root=None, env=None):
        super().__init__(workers=workers, env=env)
        self.database = database
        self.instances = instances
        self.with_worker = worker
        self.static_root = static_root
        self.procs = {}
        self.instance_ports = []

    # start/stop

    def _spawn(self, name, cmd, env=None, log=None):
        out = open(log or Path(self.tmp) / f"{name}.out", "ab")  # noqa: SIM115  (closed with the process)
        self.procs[name] = (
            subprocess.Popen(
                cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            ),
            out,
        )
        return self.procs[name][0]

    def start(self):
        for tool in ("nginx", "pgbouncer"):
            if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists()):
                raise RuntimeError(f"{tool} is not installed: apt-get install nginx pgbouncer (.ci/run does)")
        self._ensure_database()
        self.tmp = tempfile.mkdtemp(prefix="mektep-stack-")
        os.chmod(self.tmp, 0o755)
        try:
            self._start_pgbouncer()
            self._start_app()
            self._start_nginx()
        except Exception:
            print(self.logs(), file=sys.stderr)
            self.stop()
            raise
        return self

    def _start_pgbouncer(self):
        run = Path(self.tmp) / "pgbouncer"
        run.mkdir()
        self.pgbouncer_port = free_port()
        (run / "users.txt").write_text('"mektep" ""\n')
        ini = fill(
            "pgbouncer.ini",
            {
                "DATABASE": self.database,
                "PG_HOST": ROOT / "var" / "pg" / "run",
                "PG_PORT": 5432,
                "LISTEN_ADDR": "127.0.0.1",
                "LISTEN_PORT": self.pgbouncer_port,
                "RUN_DIR": run,
                "AUTH_TYPE": "trust",  # loopback only, a throw-away test stack
                "AUTH_FILE": run / "users.txt",
            },
        )
        (run / "pgbouncer.ini").write_text(ini)
        if os.geteuid() == 0:
            shutil.chown(run, "postgres")
            for f in run.iterdir():
                shutil.chown(f, "postgres")
        binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
        proc = self._spawn("pgbouncer", [*_as_postgres(), binary, str(run / "pgbouncer.ini")])
        _wait_port(self.pgbouncer_port, proc, "PgBouncer")

    def app_env(self):
        env = production_env(
            f"postgres://mektep@127.0.0.1:{self.pgbouncer_port}/{self.database}",
            DATABASE_POOLER="pgbouncer",
            SECURE_SSL_REDIRECT="1",
            LOG_FORMAT="json",
            **self.extra_env,
        )
        env["STATIC_ROOT"] = str(self.static_root)
        # The browser reaches nginx over plain HTTP on the loopback while nginx says https.
        env["CSRF_TRUSTED_ORIGINS"] = f"http://127.0.0.1:{self.port}"
        return env

    def _start_app(self):
        if self.static_root is None:
            self.static_root = Path(self.tmp) / "static"
            env = self.app_env()
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
        env = self.app_env()
        for i in range(self.instances):
            port = free_port()
            self.instance_ports.append(port)
            self._spawn(
                f"gunicorn{i + 1}",
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "--workers",
                    str(self.workers),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--timeout",
                    "120",
                    "--no-control-socket",
                ],
                env=env,
            )
        if self.with_worker:
            self._spawn("worker", [sys.executable, "manage.py", "db_worker"], env=env)
        for i, port in enumerate(self.instance_ports):
            self._wait_http(Session(f"http://127.0.0.1:{port}"), f"gunicorn{i + 1}")

    def _wait_http(self, session, name, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.procs[name][0]
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}")
            try:
                if session.get("/healthz", timeout=10)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{name} did not answer /healthz")

    def _start_nginx(self):
        prefix = Path(self.tmp) / "nginx"
        prefix.mkdir()
        upstreams = "\n    ".join(
            f"server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;" for p in self.instance_ports
        )
        site = fill(
            "nginx.conf",
            {
                "UPSTREAMS": upstreams,
                "LISTEN": f"127.0.0.1:{self.port}",
                "TLS": "",
                "SERVER_NAME": "127.0.0.1",
                "FORWARDED_PROTO": "https",
                "EXTRA": "add_header X-Upstream $upstream_addr always;",
            },
        )
        (prefix / "mektep.conf").write_text(site)
        user = "user root root;\n" if os.geteuid() == 0 else ""
        (prefix / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log warn;\n"
            "events { worker_connections 512; }\n"
            "http {\n"
            f"  access_log {prefix}/access.log;\n"
            f"  client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy;\n"
            f"  fastcgi_temp_path {prefix}/fastcgi; uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;\n"
            f"  include {prefix}/mektep.conf;\n"
            "}\n"
        )
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self._spawn(
            "nginx", [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"]
        )
        self._wait_http(Session(self.base_url), "nginx")

    def stop(self):
        for name in reversed(list(self.procs)):
            proc, out = self.procs[name]
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            out.close()
        self.procs = {}
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def logs(self):
        if not self.tmp:
            return ""
        parts = []
        for path in sorted([*Path(self.tmp).rglob("*.log"), *Path(self.tmp).glob("*.out")]):
            text = path.read_text(errors="replace").splitlines()[-15:]
            parts.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(parts)

    # measuring (bench.harness.Server's measure/throughput count these processes' CPU)

    def server_pids(self):
        from bench.harness import postmaster_pid

        return [proc.pid for proc, _out in self.procs.values()] + [postmaster_pid(ROOT)]

    def instance(self, i):
        """A session straight to gunicorn instance i (bypassing nginx)."""
        return Session(f"http://127.0.0.1:{self.instance_ports[i]}")
