"""A private PostgreSQL cluster under var/ for development and tests.

Used only when DATABASE_URL is unset. The cluster listens on a Unix socket inside
var/ (no TCP port), so several checkouts on one machine never collide, and the
project starts and stops it itself without touching any other server.
"""

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "var" / "pg" / "data"
SOCKET_DIR = ROOT / "var" / "pg" / "run"
LOG_FILE = ROOT / "var" / "pg" / "server.log"
DB_NAME = "mektep"
DB_USER = "mektep"
PORT = 5432


def _system_bindir():
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout.strip()
        candidates.append(out)
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    )
    candidates.extend(versions)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(str(Path(os.path.realpath(initdb)).parent))
    for path in candidates:
        if path and (Path(path) / "initdb").exists() and (Path(path) / "pg_ctl").exists():
            return Path(path)
    return None


def bindir():
    found = _system_bindir()
    if found:
        return found
    try:
        import pgserver  # noqa: F401  (fallback: PostgreSQL binaries shipped on PyPI)
        from pgserver._commands import POSTGRES_BIN_PATH
    except ImportError:
        sys.exit(
            "No PostgreSQL binaries found. Install Debian's 'postgresql' package, "
            "run 'pip install pgserver', or set DATABASE_URL."
        )
    return Path(POSTGRES_BIN_PATH)


def _run(cmd, **kwargs):
    env = dict(os.environ)
    return subprocess.run(cmd, env=env, check=True, **kwargs)


def _as_postgres_user():
    """initdb and postgres refuse to run as root; drop to the 'postgres' user when we are root."""
    if os.geteuid() != 0:
        return []
    return ["runuser", "-u", "postgres", "--"]


def is_running():
    if not (DATA_DIR / "postmaster.pid").exists():
        return False
    result = subprocess.run(
        _as_postgres_user() + [str(bindir() / "pg_ctl"), "-D", str(DATA_DIR), "status"],
        capture_output=True,
    )
    return result.returncode == 0


def ensure_running():
    """Create the cluster on first use, start it when stopped, create the database."""
    binaries = bindir()
    prefix = _as_postgres_user()
    SOCKET_DIR.mkdir(parents=True, exist_ok=True)
    if prefix:
        shutil.chown(ROOT / "var" / "pg", "postgres")
        shutil.chown(SOCKET_DIR, "postgres")
    if not (DATA_DIR / "PG_VERSION").exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        if prefix:
            shutil.chown(DATA_DIR, "postgres")
        _run(
            prefix
            + [
                str(binaries / "initdb"),
                "-D",
                str(DATA_DIR),
                "-U",
                DB_USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ],
            stdout=subprocess.DEVNULL,
        )
        with open(DATA_DIR / "postgresql.conf", "a") as conf:
            conf.write(
                "\nlisten_addresses = ''\n"
                f"unix_socket_directories = '{SOCKET_DIR}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 200\nshared_buffers = 256MB\n"
            )
    socket = SOCKET_DIR / f".s.PGSQL.{PORT}"
    if is_running() and not socket.exists():
        # A server whose socket file was removed (e.g. by another server that used this path) cannot be
        # reached; restart it so that it listens again.
        _run(
            prefix + [str(binaries / "pg_ctl"), "-D", str(DATA_DIR), "-m", "fast", "-w", "stop"],
            stdout=subprocess.DEVNULL,
        )
    if not is_running():
        LOG_FILE.touch()
        if prefix:
            shutil.chown(LOG_FILE, "postgres")
        _run(
            prefix + [str(binaries / "pg_ctl"), "-D", str(DATA_DIR), "-l", str(LOG_FILE), "-w", "start"],
            stdout=subprocess.DEVNULL,
        )
    exists = subprocess.run(
        [
            str(binaries / "psql"),
            "-h",
            str(SOCKET_DIR),
            "-U",
            DB_USER,
            "-d",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists != "1":
        _run([str(binaries / "createdb"), "-h", str(SOCKET_DIR), "-U", DB_USER, DB_NAME])


def stop():
    if is_running():
        _run(
            _as_postgres_user() + [str(bindir() / "pg_ctl"), "-D", str(DATA_DIR), "-m", "fast", "stop"],
            stdout=subprocess.DEVNULL,
        )


def database_settings():
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DB_NAME,
        "USER": DB_USER,
        "HOST": str(SOCKET_DIR),
        "PORT": PORT,
        "CONN_MAX_AGE": 0,
    }


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "start"
    if action == "start":
        ensure_running()
        print(f"PostgreSQL is running (socket in {SOCKET_DIR})")
    elif action == "stop":
        stop()
        print("PostgreSQL stopped")
    else:
        sys.exit("usage: python -m config.localdb [start|stop]")
