"""Production figures on the demo data (issue 15), printed as tables:

1. requests per second and server CPU per request of the main pages, with several clients at once,
   through the district stack (nginx -> 2 gunicorn instances -> PgBouncer -> PostgreSQL, the worker
   running) next to a single gunicorn with the same number of workers straight on PostgreSQL;
2. the time of a backup and of a restore of the demo database (with its size and the archive's).

Run `make bench` (or `python bench/production.py --seconds 10`). Needs nginx and pgbouncer
(`apt-get install nginx pgbouncer`). Figures depend on the machine and what else runs on it; compare
the columns of one run.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from bench.harness import ROOT, Server, production_env  # noqa: E402
from config import localdb  # noqa: E402
from core.demo import seed  # noqa: E402
from deploy.stack import Stack  # noqa: E402

PAGES = [
    ("Home", "hr.a", "/"),
    ("Students (25 of ~800)", "hr.a", "/contingent/students/"),
    ("Staff list", "hr.a", "/staff/"),
    ("Order register", "director.a", "/orders/"),
    ("Login page (anonymous)", None, "/accounts/login/"),
    ("Health check", None, "/healthz"),
]


def run_pages(server, seconds, concurrency):
    figures = {}
    for label, username, path in PAGES:
        sessions = [server.login(username) if username else server.session() for _ in range(concurrency)]
        server.warm_up(sessions[0], path, times=4)
        figures[label] = server.throughput(sessions, path, seconds=seconds, concurrency=concurrency)
    return figures


def throughput_table(seconds, concurrency, workers):
    with Server(workers=workers) as single:
        alone = run_pages(single, seconds, concurrency)
    with Stack(database=localdb.DB_NAME, instances=2, workers=max(1, workers // 2)) as stack:
        behind = run_pages(stack, seconds, concurrency)
    print(
        f"\n{concurrency} clients at once, {seconds:.0f} s a page; single gunicorn: {workers} workers straight on "
        f"PostgreSQL; stack: nginx, 2 gunicorn x {max(1, workers // 2)} workers, PgBouncer, the worker"
    )
    print(f"{'page':26} {'single rps':>10} {'CPU ms':>7} {'stack rps':>10} {'CPU ms':>7} {'errors':>7}")
    for label, _u, _p in PAGES:
        a, b = alone[label], behind[label]
        print(
            f"{label:26} {a['rps']:>10.1f} {a['cpu_ms']:>7.1f} {b['rps']:>10.1f} {b['cpu_ms']:>7.1f} "
            f"{a['errors'] + b['errors']:>7}"
        )


def backup_restore_table():
    bindir = localdb.bindir()
    socket = str(ROOT / "var" / "pg" / "run")
    with tempfile.TemporaryDirectory(prefix="mektep-bench-backup-") as tmp:
        env = production_env()
        start = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", "backup", "--output", tmp],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        backup_s = time.monotonic() - start
        (archive,) = Path(tmp).glob("*.tar.gz")
        name = f"mektep_bench_restore_{os.getpid()}"
        subprocess.run([str(bindir / "createdb"), "-h", socket, "-U", "mektep", name], check=True)
        try:
            url = f"postgres://mektep@{quote(socket, safe='')}:5432/{name}"
            renv = dict(env, DATABASE_URL=url, PRIVATE_MEDIA_ROOT=str(Path(tmp) / "private"))
            start = time.monotonic()
            subprocess.run(
                [sys.executable, "manage.py", "restore", str(archive)],
                cwd=ROOT,
                env=renv,
                check=True,
                capture_output=True,
            )
            restore_s = time.monotonic() - start
        finally:
            subprocess.run(
                [str(bindir / "dropdb"), "-h", socket, "-U", "mektep", "--force", name], check=True
            )
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
        files = sum(1 for p in (Path(tmp) / "private").rglob("*") if p.is_file())
        print(
            f"\nbackup of the demo data: {backup_s:.1f} s; restore into an empty database: {restore_s:.1f} s "
            f"(checks included); database {size / 1e6:.1f} MB, archive {archive.stat().st_size / 1e6:.2f} MB, "
            f"{files} scans"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    seed()
    throughput_table(args.seconds, args.concurrency, args.workers)
    backup_restore_table()


if __name__ == "__main__":
    main()
