"""Production as the README promises it, run for real (issue 15).

One fresh database in the checkout's PostgreSQL cluster serves the whole module: the README's
production steps run on it in order, under the production settings (no DJANGO_DEBUG; SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL set); then the demo data is loaded and the district stack (nginx, two
gunicorn instances, PgBouncer, the worker) is started on it, and the database is backed up and
restored into another empty one. Everything is stopped and dropped at the end."""

import importlib.metadata
import re
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

from bench.harness import ROOT, Session, free_port, production_env

SOCKET_DIR = ROOT / "var" / "pg" / "run"


def _pg(tool, *args):
    from config import localdb

    return subprocess.run(
        [str(localdb.bindir() / tool), "-h", str(SOCKET_DIR), "-U", "mektep", *args],
        check=True,
        capture_output=True,
        text=True,
    )


def _url(name):
    return f"postgres://mektep@{quote(str(SOCKET_DIR), safe='')}:5432/{name}"


def readme_production_steps():
    """The commands of the README's Production section, as a newcomer would copy them."""
    section = (ROOT / "README.md").read_text().split("\n## Production", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]


@dataclass
class Site:
    name: str
    env: dict
    tmp: Path
    steps: dict = field(default_factory=dict)

    def manage(self, *args, env=None, timeout=900):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A fresh database, and the README's steps run on it in order (their results kept)."""
    from config import localdb

    localdb.ensure_running()
    name = f"mektep_prod_{uuid.uuid4().hex[:8]}"
    _pg("createdb", name)
    tmp = tmp_path_factory.mktemp("production")
    env = production_env(
        _url(name),
        SECURE_SSL_REDIRECT="1",
        STATIC_ROOT=tmp / "static",
        PRIVATE_MEDIA_ROOT=tmp / "private",
    )
    site = Site(name, env, tmp)
    try:
        for command in readme_production_steps():
            argv = shlex.split(command)
            if argv[0] == "python":
                site.steps[command] = site.manage(*argv[2:])
        yield site
    finally:
        _pg("dropdb", "--force", "--if-exists", name)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="module")
def demo(site):
    result = site.manage("seed_demo")
    assert result.returncode == 0, result.stderr
    return site


def _start_gunicorn(site, command, port):
    argv = shlex.split(command)
    assert argv[:2] == ["gunicorn", "config.wsgi"]
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    argv[argv.index("--workers") + 1] = "2"
    process = subprocess.Popen(
        [sys.executable, "-m", *argv, "--no-control-socket"],
        cwd=ROOT,
        env=site.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    session = Session(f"http://127.0.0.1:{port}")
    for _ in range(300):
        assert process.poll() is None, process.stderr.read().decode()[-2000:]
        try:
            if session.get("/healthz", timeout=5)[0] == 200:
                return process
        except OSError:
            time.sleep(0.3)
    raise AssertionError("gunicorn did not answer")


def test_the_readme_production_steps_work_in_order(site):
    """covers issue 15: install, migrate, compilemessages, collectstatic, check --deploy, gunicorn
    serving the login page and a static file with its long-cache headers."""
    steps = readme_production_steps()
    assert [s.split()[:3] for s in steps] == [
        ["pip", "install", "."],
        ["python", "manage.py", "migrate"],
        ["python", "manage.py", "compilemessages"],
        ["python", "manage.py", "collectstatic"],
        ["python", "manage.py", "check"],
        ["gunicorn", "config.wsgi", "--workers"],
    ]
    # `pip install .` is what `make install` (and so CI) runs: every pinned dependency is installed.
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for pin in pins:
        package, version = pin.split("==")
        assert importlib.metadata.version(package) == version, pin
    for command, result in site.steps.items():
        assert result.returncode == 0, f"{command}\n{result.stdout[-1500:]}\n{result.stderr[-3000:]}"
    check = site.steps[steps[4]]
    assert "no issues" in check.stdout + check.stderr
    assert any((site.tmp / "static" / "css").glob("portal.*.css.br")), "hashed, compressed static files"

    process = _start_gunicorn(site, steps[5], free_port())
    port = process.args[process.args.index("--bind") + 1].rsplit(":", 1)[1]
    try:
        behind_proxy = Session(f"http://127.0.0.1:{port}")  # X-Forwarded-Proto: https, as at the proxy
        status, headers, body = behind_proxy.get("/accounts/login/")
        assert status == 200 and b'name="username"' in body
        assert "max-age=31536000" in headers["strict-transport-security"]
        # Plain HTTP is sent to HTTPS; the health probe is not.
        plain = Session(f"http://127.0.0.1:{port}", forwarded_proto=None)
        status, headers, _ = plain.get("/accounts/login/")
        assert status == 301 and headers["location"].startswith("https://")
        assert plain.get("/healthz")[0] == 200
        # The stylesheet under its hashed name, cached for ten years, compressed.
        css = re.search(rb'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', body).group(1).decode()
        status, headers, content = behind_proxy.get(css, headers={"Accept-Encoding": "br, gzip"})
        assert status == 200 and headers["content-type"].startswith("text/css")
        assert "max-age=315360000" in headers["cache-control"] and "immutable" in headers["cache-control"]
        assert headers.get("content-encoding") in ("br", "gzip")
        # Vendored files come without references to files that are not there (the collectstatic failure).
        for path in (ROOT / "static").rglob("*.*"):
            if path.suffix in (".js", ".css"):
                assert b"sourceMappingURL" not in path.read_bytes(), path
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_district_stack_serves_a_session_on_both_instances_and_exports_through_the_worker(
    demo,
    browser,  # noqa: F811
):
    """covers issue 15: nginx -> two gunicorn instances -> PgBouncer (transaction pooling) ->
    PostgreSQL, and the worker; login, a list, a PDF export through the worker, one session honoured
    by both instances."""
    from deploy.stack import Stack

    with Stack(
        database=demo.name,
        static_root=demo.tmp / "static",
        env={"PRIVATE_MEDIA_ROOT": demo.tmp / "private"},
    ) as stack:
        # A session made on one instance is honoured by the other (sessions live in the database).
        first = stack.instance(0).login("hr.a")
        second = stack.instance(1)
        second.cookies = dict(first.cookies)
        status, _, body = second.get("/staff/")
        assert status == 200 and b'data-testid="user-menu"' in body  # logged in, not sent to the login

        context = browser.new_context(
            locale="ru-RU", viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(30_000)
        upstreams, problems = set(), []
        page.on(
            "response",
            lambda r: (
                upstreams.add(r.headers.get("x-upstream")) if r.url.startswith(stack.base_url) else None
            ),
        )
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        try:
            page.goto(stack.base_url + "/accounts/login/")
            page.fill("input[name=username]", "hr.a")
            page.fill("input[name=password]", "demo-Mektep-2026")
            page.click("form.card button[type=submit]")
            page.wait_for_url(stack.base_url + "/")
            for _ in range(3):
                page.goto(stack.base_url + "/contingent/students/")
                assert page.locator("table tbody tr").count() >= 20  # a list, through PgBouncer
            assert "/accounts/login/" not in page.url
            # The staff list's PDF: queued, typeset by the worker, offered on the result page.
            page.goto(stack.base_url + "/staff/?export=pdf")
            assert "/jobs/" in page.url
            page.wait_for_url(re.compile(r".*/jobs/[0-9a-f-]+/result/$"), timeout=120_000)
            with page.expect_download() as download_info:
                page.click("[data-testid=job-download]")
            pdf = Path(download_info.value.path()).read_bytes()
            assert pdf.startswith(b"%PDF")
        finally:
            context.close()
        instance_addresses = {f"127.0.0.1:{p}" for p in stack.instance_ports}
        assert instance_addresses <= upstreams, f"both instances answered the same session: {upstreams}"
        assert not problems, problems


def test_a_backup_restores_into_an_empty_database_with_every_table_and_scan(demo, tmp_path):
    """covers issue 15: `manage.py backup` (make backup) writes one dated archive; `manage.py restore`
    (make restore FILE=...) loads it into an empty database; row counts, per-table checksums and every
    scan match."""
    import psycopg2

    from core.backup import file_fingerprints, table_fingerprints

    result = demo.manage("backup", "--output", str(tmp_path))
    assert result.returncode == 0, result.stderr
    (archive,) = tmp_path.glob("mektep-backup-*.tar.gz")
    assert re.fullmatch(r"mektep-backup-\d{8}-\d{6}\.tar\.gz", archive.name)

    restored = f"{demo.name}_restored"
    _pg("createdb", restored)
    try:
        env = dict(demo.env, DATABASE_URL=_url(restored), PRIVATE_MEDIA_ROOT=str(tmp_path / "private"))
        result = demo.manage("restore", str(archive), env=env)
        assert result.returncode == 0, result.stderr
        assert "every checksum matching" in result.stdout

        def fingerprints(name):
            with psycopg2.connect(host=str(SOCKET_DIR), user="mektep", dbname=name) as conn:
                with conn.cursor() as cursor:
                    return table_fingerprints(cursor)

        source, copy = fingerprints(demo.name), fingerprints(restored)
        assert source == copy
        assert source["contingent_student"][0] > 1000 and source["core_person"][0] > 1000
        scans = file_fingerprints(demo.tmp / "private")
        assert scans and file_fingerprints(tmp_path / "private") == scans
        # A second restore into the now filled database is refused, and changes nothing.
        again = demo.manage("restore", str(archive), env=env)
        assert again.returncode != 0 and "not empty" in again.stderr
        assert fingerprints(restored) == copy
    finally:
        _pg("dropdb", "--force", "--if-exists", restored)
