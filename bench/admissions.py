"""Opening-day load of the admission (ADM-1, ADM-4), measured against gunicorn under the production
settings (bench/harness.py), on a copy of this checkout's demo database that is dropped afterwards.

    .venv/bin/python bench/admissions.py [--clients 200] [--seconds 60] [--workers N]
        [--worker-class sync|gthread] [--threads N] [--keep-alive S] [--no-js]
    .venv/bin/python bench/admissions.py --in-process [--repeat 300] [--profile] [--no-js]

gunicorn runs as deploy/gunicorn.conf.py sets it up (sync workers, two a core) unless the options say
otherwise (`--threads` above 1 makes gunicorn's workers threaded, whatever `--worker-class` says).

The parents' browsers send the form by htmx, as the page does with JavaScript, and get the receipt
alone; with no scan chosen the page's script sends it urlencoded (static/js/admissions.js). With
`--no-js` the browsers send it themselves, multipart as the form's enctype says (with the empty parts
of the file inputs left empty), and get the whole page.

1. `--clients` parents (one asyncio loop in this process, one connection and one client address each,
   sent as X-Forwarded-For as a reverse proxy would) open the form once, then submit distinct
   applications for `--seconds`; one submission in ten is sent again with the same request id (a double
   click or a retry) and must give the same application number. Printed: applications per second,
   p50/p99 latency, errors, server CPU per submission (gunicorn and PostgreSQL apart), the load
   generator's own CPU per submission (it runs on the same machine), rows stored against distinct
   request ids.
2. 20 secretaries confirm 20 applications at once when 5 places are left: exactly 5 must be confirmed.

`--in-process`: no server; submissions one after another through Django's test client under the
production settings, with the CPU of each part (middleware one by one, form, statements, rendering)
and of PostgreSQL's backend, and the statements of one submission.

Loopback only; every phase is bounded in time."""

import argparse
import asyncio
import contextlib
import datetime
import itertools
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import (  # noqa: E402
    CLK_TCK,
    Server,
    deployed_gunicorn,
    local_database_url,
    machine_speed_ms,
    postmaster_pid,
    tree_cpu_ticks,
)

BENCH_DB = "mektep_bench_admissions"


def _admin_connection():
    import psycopg2

    from config import localdb

    conn = psycopg2.connect(
        dbname="postgres", user=localdb.DB_USER, host=str(ROOT / "var" / "pg" / "run"), port=localdb.PORT
    )
    conn.autocommit = True
    return conn


def copy_demo_database():
    """A throw-away copy of the demo database (CREATE DATABASE ... TEMPLATE)."""
    from config import localdb

    conn = _admin_connection()
    try:
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
            cur.execute(f'CREATE DATABASE "{BENCH_DB}" TEMPLATE "{localdb.DB_NAME}"')
    finally:
        conn.close()
    return local_database_url().rsplit("/", 1)[0] + f"/{BENCH_DB}"


def drop_copy():
    conn = _admin_connection()
    try:
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    finally:
        conn.close()


def setup_django(database_url, production=False, env=None):
    """Django in this process on the copy: the development settings to prepare it, or (`production`)
    the settings gunicorn runs under, with the server's extra environment `env`."""
    if production:
        from bench.harness import production_env

        os.environ.update(production_env(database_url, **(env or {})))
        os.environ.pop("DJANGO_DEBUG", None)
    else:
        os.environ["DATABASE_URL"] = database_url
        os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    if production:
        from bench.harness import in_process_static

        in_process_static()


_SERIALS = {}


def iin_for(birth, digit, k):
    """The k-th checksum-valid IIN of a birth date and century/sex digit (distinct k, distinct IINs)."""
    from core.validators import iin_control_digit

    prefix = f"{birth:%y%m%d}{digit}"
    if prefix not in _SERIALS:
        _SERIALS[prefix] = [s for s in range(10000) if iin_control_digit(f"{prefix}{s:04d}") is not None]
    body = f"{prefix}{_SERIALS[prefix][k]:04d}"
    return body + str(iin_control_digit(body))


def prepare():
    """Opens the 2027 window now, and returns the ids the clients need."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from admissions.models import AdmissionRule, CatchmentRange, Quota
    from contingent.models import SchoolClass
    from core.models import AcademicYear, RoleAssignment, School, User

    now = timezone.now()
    AdmissionRule.objects.update_or_create(
        country="KZ",
        year=2027,
        defaults={
            "opens_at": now - datetime.timedelta(hours=1),
            "closes_at": now + datetime.timedelta(hours=3),
        },
    )
    school = School.objects.get(name_ru=School.objects.order_by("pk").first().name_ru)
    home = CatchmentRange.objects.filter(school=school, parity="all").order_by("pk").first()
    away = CatchmentRange.objects.exclude(school=school).exclude(street=home.street).order_by("pk").first()
    Quota.objects.update_or_create(school=school, year=2027, category="residence", defaults={"places": 5000})
    year = AcademicYear.objects.get(school=school, is_current=True)
    bench_class, _ = SchoolClass.objects.get_or_create(
        school=school,
        academic_year=year,
        parallel=1,
        letter_ru="Я",
        defaults={"letter_kk": "Я", "letter_en": "Ya"},
    )
    password = make_password("demo-Mektep-2026")
    secretaries = []
    for i in range(20):
        user, _ = User.objects.get_or_create(username=f"bench.secretary{i}", defaults={"password": password})
        RoleAssignment.objects.get_or_create(user=user, school=school, role="secretary")
        secretaries.append(user.username)
    return {
        "school": school,
        "home_street": home.street_id,
        "home_houses": (home.number_from or 1, home.number_to or 99),
        "away_street": away.street_id,
        "class": bench_class,
        "secretaries": secretaries,
        "parent_iin": iin_for(datetime.date(1990, 3, 4), 4, 1),
    }


def make_iin(n):
    """Distinct IINs of children born in 2020: n -> (day of the year, serial). A day's 9000 serials are
    used up before the next day's are computed (each day's list costs the load generator ~30 ms)."""
    return iin_for(datetime.date(2020, 1, 1) + datetime.timedelta(days=(n // 9000) % 366), 5, n % 9000)


def form_fields(ctx):
    """What every parent's form holds alike (the child's IIN, the house and the request id vary)."""
    return {
        "school": ctx["school"].pk,
        "category": "residence",
        "child_last_name": "Нагрузкин",
        "child_first_name": "Тест",
        "street": ctx["home_street"],
        "parent_iin": ctx["parent_iin"],
        "parent_last_name": "Нагрузкина",
        "parent_first_name": "Мама",
        "phone": "+77010000000",
        "consent": "on",
    }


def encoded(data, js):
    """(content type, body) of the form as a browser sends it: urlencoded by the page's script (no
    scan chosen), multipart without JavaScript, every file input an empty part."""
    from admissions.forms import UPLOADED_KINDS

    if js:
        return "application/x-www-form-urlencoded", urllib.parse.urlencode(data).encode()
    boundary = "----mektepbench" + uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in data.items()
    ]
    parts += [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename=""\r\n'
        "Content-Type: application/octet-stream\r\n\r\n\r\n"
        for name in (f"doc_{kind}" for kind in UPLOADED_KINDS)
    ]
    return f"multipart/form-data; boundary={boundary}", "".join([*parts, f"--{boundary}--\r\n"]).encode()


NUMBER_RE = re.compile(rb'data-testid="application-number">\s*([0-9]+)\s*<')


def _receipt(status, body):
    """The application number the answer shows (the receipt page), or None (the form again, an error)."""
    match = NUMBER_RE.search(body) if status == 200 else None
    return match.group(1).decode() if match else None


class Connection:
    """One parent's HTTP/1.1 connection (asyncio streams, the request bytes built by hand): kept alive
    when the server keeps it, opened again when the server closes it (gunicorn's sync workers close
    every connection after their answer)."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(self, head, body=b""):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(head + body)
        # The status line and headers in one read: a read per header line cost the load generator, which
        # shares the server's two cores, a tenth more CPU (0.39 ms a submission against 0.35)
        try:
            head_block = await self.reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as error:
            raise ConnectionError("closed before the answer") from error
        status_line, *lines = head_block.decode("latin-1").split("\r\n")
        status = int(status_line.split(None, 2)[1])
        headers = {}
        for line in lines:
            if not line:
                continue
            name, _, value = line.partition(":")
            name = name.strip().lower()
            value = value.strip()
            if name == "set-cookie":
                headers.setdefault("set-cookie", []).append(value)
            else:
                headers[name] = value
        length = headers.get("content-length")
        data = await self.reader.readexactly(int(length)) if length is not None else await self.reader.read()
        if length is None or headers.get("connection", "").lower() == "close":
            await self.close()
        return status, headers, data


def _head(method, path, host, port, headers, body=b""):
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", *(f"{k}: {v}" for k, v in headers.items())]
    if method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _user_sys_ticks(root_pid):
    """(user, system) CPU ticks of a process and its children, live and reaped (gunicorn's workers)."""
    from bench.harness import _children_map

    children, user, system, stack = _children_map(), 0, 0, [root_pid]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        user += int(fields[11]) + int(fields[13])
        system += int(fields[12]) + int(fields[14])
        stack.extend(children.get(pid, []))
    return user, system


def load(server, ctx, clients, seconds, first_n=0, js=True):
    """`clients` parents, each its own connection and client address, in one asyncio loop (a thread a
    client cost the load generator more CPU than the server's work). The clock, the server's CPU and
    the load generator's own CPU count from the moment every client has its form: the form pages are
    not submissions."""
    return asyncio.run(_load(server, ctx, clients, seconds, first_n, js))


async def _load(server, ctx, clients, seconds, first_n, js):
    school = ctx["school"].pk
    parsed = urllib.parse.urlsplit(server.base_url)
    host, port = parsed.hostname, parsed.port
    origin = f"https://{host}:{port}"
    window = {}
    counter = itertools.count(first_n)  # another run on the same database starts past the last one's IINs

    def db_ticks():
        return tree_cpu_ticks([postmaster_pid(server.root)])

    stats = {"latency": [], "ok": 0, "errors": 0, "retries": 0, "retry_mismatch": 0, "acked": {}}
    errors_seen = {}
    ready, go = asyncio.Semaphore(0), asyncio.Event()
    lo, hi = ctx["home_houses"]
    fixed = form_fields(ctx)

    def error(key):
        stats["errors"] += 1
        errors_seen[key] = errors_seen.get(key, 0) + 1

    async def client(i):
        rng = random.Random(i)
        conn = Connection(host, port)
        base = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": f"10.{i // 250}.{i % 250}.{rng.randint(1, 250)}",
            "Accept-Language": "ru",
        }
        try:
            status, headers, _ = await conn.request(
                _head("GET", f"/admissions/apply/?school={school}", host, port, base)
            )
        except (OSError, ConnectionError, ValueError, asyncio.IncompleteReadError):
            status, headers = 0, {}
        cookies = dict(c.split(";", 1)[0].split("=", 1) for c in headers.get("set-cookie", []))
        ready.release()
        await go.wait()
        if status != 200 or "csrftoken" not in cookies:
            error(f"form {status}")
            return
        post_headers = {
            **base,
            **({"HX-Request": "true", "HX-Target": "apply-body"} if js else {}),
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Origin": origin,
            "Referer": origin + "/admissions/apply/",
        }
        while time.monotonic() < window["stop_at"]:
            n = next(counter)
            rid = str(uuid.uuid4())
            data = fixed | {
                "csrfmiddlewaretoken": cookies["csrftoken"],
                "request_id": rid,
                "child_iin": make_iin(n),
                "house": rng.randint(lo, hi),
            }
            content_type, body = encoded(data, js)
            head = _head(
                "POST", "/admissions/apply/", host, port, post_headers | {"Content-Type": content_type}, body
            )
            first = None
            for attempt in range(2 if rng.random() < 0.1 else 1):
                started = time.perf_counter()
                try:
                    status, _headers, data = await conn.request(head, body)
                except (OSError, ConnectionError, ValueError, asyncio.IncompleteReadError) as exc:
                    await conn.close()
                    status, data = 0, type(exc).__name__.encode()
                stats["latency"].append((time.perf_counter() - started) * 1000)
                receipt = _receipt(status, data)
                if receipt is None:
                    error(f"{status}" if status else data.decode())
                elif attempt == 0:
                    stats["ok"] += 1
                    stats["acked"][rid] = first = receipt
                else:
                    stats["retries"] += 1
                    stats["retry_mismatch"] += receipt != first
        await conn.close()

    tasks = [asyncio.create_task(client(i)) for i in range(clients)]
    for _ in range(clients):
        await ready.acquire()
    window["cpu"], window["db"], window["own"] = server.cpu_ticks(), db_ticks(), time.process_time()
    window["user_sys"] = _user_sys_ticks(server.process.pid)
    window["started"] = time.monotonic()
    window["stop_at"] = window["started"] + seconds
    go.set()
    await asyncio.wait(tasks, timeout=seconds + 180)
    elapsed, own = time.monotonic() - window["started"], time.process_time()
    after, db = server.cpu_ticks(), db_ticks()
    user, system = (
        b - a for a, b in zip(window["user_sys"], _user_sys_ticks(server.process.pid), strict=True)
    )
    n = max(len(stats["latency"]), 1)
    stats["gunicorn_user_ms"], stats["gunicorn_sys_ms"] = (t * 1000 / CLK_TCK / n for t in (user, system))
    stats["elapsed"] = elapsed
    stats["cpu_ms"] = (after - window["cpu"]) * 1000 / CLK_TCK / n
    stats["db_cpu_ms"] = (db - window["db"]) * 1000 / CLK_TCK / n
    stats["client_cpu_ms"] = (own - window["own"]) * 1000 / n
    stats["errors_seen"] = errors_seen
    return stats


def race(server, ctx, places=5):
    """20 secretaries, logged in, confirm 20 different applications at the same moment."""
    import uuid as _uuid

    from django.utils import timezone

    from admissions.models import Application, Quota, Status, StatusChange, Street
    from admissions.services import application_submit

    school = ctx["school"]
    applications = []
    for i in range(20):
        a, _ = application_submit(
            request_id=_uuid.uuid4(),
            school=school,
            data={
                "category": "residence",
                "child_iin": iin_for(datetime.date(2020, 6, 1), 6, i),
                "child_last_name": "Гонкина",
                "child_first_name": "Дана",
                "child_patronymic": "",
                "child_birth_date": None,
                "child_sex": "",
                "street": Street.objects.get(pk=ctx["away_street"]),
                "house": "2",
                "flat": "",
                "parent_iin": ctx["parent_iin"],
                "parent_last_name": "Гонкина",
                "parent_first_name": "Мама",
                "parent_patronymic": "",
                "phone": "+77010000001",
                "email": "",
                "consent_at": timezone.now(),
                "language": "ru",
            }
            | _born(iin_for(datetime.date(2020, 6, 1), 6, i)),
        )
        applications.append(a)
    assert StatusChange.objects.filter(application__in=applications).count() == 20
    taken = Application.objects.filter(school=school, year=2027, status=Status.CONFIRMED).count()
    Quota.objects.filter(school=school, year=2027, category="residence").update(places=taken + places)
    sessions = [server.login(name) for name in ctx["secretaries"]]
    barrier = threading.Barrier(len(sessions))
    answers = []

    def confirm(s, a, i):
        barrier.wait()
        status, _, _ = s.post(
            f"/admissions/applications/{a.pk}/confirm/",
            {"to_class": ctx["class"].pk, "order_number": f"BENCH-{i}", "order_date": "2026-11-30"},
        )
        answers.append(status)

    threads = [
        threading.Thread(target=confirm, args=(s, a, i))
        for i, (s, a) in enumerate(zip(sessions, applications, strict=True))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    confirmed = Application.objects.filter(
        pk__in=[a.pk for a in applications], status=Status.CONFIRMED
    ).count()
    return confirmed, answers


def _born(iin):
    from admissions.services import birth_and_sex_from_id

    born, sex = birth_and_sex_from_id(iin)
    return {"child_birth_date": born, "child_sex": sex}


def in_process(ctx, repeat, profile, htmx=False):
    """Parents' submissions in this process under the production settings (django.test.Client with
    the CSRF checks on, no test instrumentation of the templates), one after another: the CPU of a
    whole request, of the view's own dispatch (the middleware is the rest), of the PostgreSQL backend
    serving this process (from /proc), and the statements of one submission. With `profile`, the
    functions that take the most time."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    origin = "https://testserver"
    extra = {"HTTP_X_FORWARDED_FOR": "10.9.9.9", "HTTP_ACCEPT_LANGUAGE": "ru"}
    if htmx:
        extra |= {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "apply-body"}
    client = Client(
        enforce_csrf_checks=True,
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_ORIGIN=origin,
        HTTP_REFERER=origin + "/admissions/apply/",
    )
    response = client.get(f"/admissions/apply/?school={ctx['school'].pk}", secure=True, **extra)
    assert response.status_code == 200, response.status_code
    fields = form_fields(ctx) | {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    lo, hi = ctx["home_houses"]
    counter = itertools.count(500_000)

    def submit():
        n = next(counter)
        data = fields | {
            "request_id": str(uuid.uuid4()),
            "child_iin": make_iin(n),
            "house": lo + n % (hi - lo + 1),
        }
        content_type, body = encoded(data, htmx)
        answer = client.post("/admissions/apply/", body, content_type, secure=True, **extra)
        if _receipt(answer.status_code, answer.content) is None:
            raise RuntimeError(f"no receipt: {answer.status_code} {answer.content[:3000]!r}")
        return answer

    def backend_ticks():
        with open(f"/proc/{pid}/stat") as f:
            fields_ = f.read().rsplit(")", 1)[1].split()
        return int(fields_[11]) + int(fields_[12])

    for _ in range(20):
        submit()  # warm: translations, templates, the connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    with CaptureQueriesContext(connection) as queries:
        answer = submit()
    statements = list(queries.captured_queries)  # the property reads the log the next request clears
    parts = _timed_parts()
    try:
        db_before, start = backend_ticks(), time.process_time()
        for _ in range(repeat):
            submit()
        total = (time.process_time() - start) * 1000 / repeat
        db_ms = (backend_ticks() - db_before) * 1000 / CLK_TCK / repeat
    finally:
        for undo in parts["undo"]:
            undo()
    print(
        f"in process, {repeat} submissions {'by htmx' if htmx else 'without JavaScript'}, production settings:"
    )
    print(f"  statements                      {len(statements):8d}")
    for q in statements:
        print(f"      {' '.join(q['sql'].split())[:160]}")
    print(f"  CPU per submission (ms)         {total:8.2f}  (the test client's own work included)")
    chain = parts["chain"]
    for label, seconds in parts["spent"].items():
        if label not in chain[:-1]:
            print(f"    {label:<30}{seconds * 1000 / repeat:8.2f}")
    print("    the middleware's own shares (the last one's with the URL and the process_view hooks):")
    for label, seconds in middleware_shares(parts["spent"], chain):
        print(f"      {label:<40}{seconds * 1000 / repeat:8.3f}")
    print(f"  PostgreSQL backend CPU (ms)     {db_ms:8.2f}")
    print(f"  answer                          {len(answer.content):8d} bytes")
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            submit()
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(30)


def _timed_parts():
    """Wraps the parts of a submission to add up their CPU time (process_time, nested parts inside
    their parents): the handler is what the server runs (middleware and view), the rest lie in it."""
    from django.core.handlers.base import BaseHandler
    from django.http import request as http_request

    from admissions import forms, services
    from admissions.views import public

    spent, undo = {}, []

    def wrap(owner, name, label):
        own = name in vars(owner)
        original = getattr(owner, name)
        spent[label] = 0.0

        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - start

        setattr(owner, name, timed)
        undo.append(lambda: setattr(owner, name, original) if own else delattr(owner, name))

    wrap(BaseHandler, "get_response", "handler (middleware + view)")
    wrap(http_request.HttpRequest, "_load_post_and_files", "reading the POST body")
    wrap(public.ApplyView, "dispatch", "the view")
    wrap(public, "public_school_counted", "  school, street and flood count (1 statement)")
    wrap(forms.ApplicationForm, "__init__", "  form construction")
    wrap(forms.ApplicationForm, "full_clean", "  form validation")
    wrap(public, "application_submit", "  application_submit (2 statements)")
    wrap(services, "application_check", "    rule, catchment, quota")
    wrap(services, "_insert", "    INSERT")
    wrap(public, "render", "  the page's rendering")
    wrap(public, "receipt_html", "  the receipt's HTML")
    # Each middleware's time with the rest of the chain inside it; its own share is the difference
    # with the next one (the last one's share holds the URL's resolving and the process_view hooks,
    # the CSRF check among them, before the view).
    from django.conf import settings
    from django.utils.module_loading import import_string

    chain = []
    for path in settings.MIDDLEWARE:
        label = f"middleware {path.rsplit('.', 1)[1]}"
        wrap(import_string(path), "__call__", label)
        chain.append(label)
    chain.append("the view")
    return {"spent": spent, "undo": undo, "chain": chain}


def middleware_shares(spent, chain):
    """Each middleware's own CPU: its time less the next one's (seconds)."""
    return [(label, spent[label] - spent[after]) for label, after in zip(chain[:-1], chain[1:], strict=True)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # The server's layout is production's (deploy/gunicorn.conf.py) unless it is given here.
    deployed = deployed_gunicorn()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=deployed["workers"])
    parser.add_argument(
        "--worker-class", default=deployed["worker_class"], help="gunicorn's: sync or gthread"
    )
    parser.add_argument("--threads", type=int, default=deployed["threads"], help="threads a worker (gthread)")
    parser.add_argument(
        "--keep-alive", type=int, default=deployed["keepalive"], help="gunicorn's --keep-alive (seconds)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database copy")
    parser.add_argument(
        "--in-process", action="store_true", help="no server: where one submission's CPU goes"
    )
    parser.add_argument("--repeat", type=int, default=300, help="with --in-process: submissions measured")
    parser.add_argument("--profile", action="store_true", help="with --in-process: cProfile the submissions")
    parser.add_argument(
        "--no-js",
        action="store_true",
        help="the browsers send the form themselves (the whole page answers), not by htmx",
    )
    args = parser.parse_args()
    env = {
        "ADMISSIONS_TRUST_FORWARDED_FOR": "1",
        "ADMISSIONS_APPLY_LIMIT": "1000",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    database_url = copy_demo_database()
    try:
        setup_django(database_url, production=args.in_process, env=env)
        ctx = prepare()
        if args.in_process:
            in_process(ctx, args.repeat, args.profile, htmx=not args.no_js)
            return
        gunicorn_args = ["--worker-class", args.worker_class, "--threads", str(args.threads)]
        # gunicorn makes workers of more than one thread threaded, and only those keep a connection.
        threaded = args.worker_class == "gthread" or args.threads > 1
        layout = (
            f"gthread, {args.threads} thread{'s' if args.threads > 1 else ''} each" if threaded else "sync"
        )
        kept_alive = threaded and args.keep_alive is not None
        if args.keep_alive is not None:
            gunicorn_args += ["--keep-alive", str(args.keep_alive)]
        with Server(
            workers=args.workers, database_url=database_url, env=env, gunicorn_args=gunicorn_args
        ) as server:
            speed_before = machine_speed_ms()
            stats = load(server, ctx, args.clients, args.seconds, js=not args.no_js)
            speed_after = machine_speed_ms()
            from admissions.models import Application

            acked = stats["acked"]
            stored = Application.objects.filter(request_id__in=list(acked)).count()
            numbers_ok = len(set(acked.values())) == len(acked)
            lat = sorted(stats["latency"]) or [0]
            p99 = lat[min(len(lat) - 1, int(round(0.99 * (len(lat) - 1))))]
            print(
                f"opening day: {args.clients} clients for {args.seconds:.0f} s, gunicorn {args.workers} workers "
                f"({layout}{f', keep-alive {args.keep_alive} s' if kept_alive else ''}), "
                f"{'the whole page answers (no JavaScript)' if args.no_js else 'sent by htmx (the receipt alone answers)'}"
            )
            print(f"  applications stored per second  {stats['ok'] / stats['elapsed']:8.1f}")
            print(f"  submissions (incl. retries)/s   {len(stats['latency']) / stats['elapsed']:8.1f}")
            print(f"  latency p50 / p99 (ms)          {statistics.median(lat):8.0f} / {p99:.0f}")
            print(
                f"  server CPU per submission (ms)  {stats['cpu_ms']:8.1f}  (gunicorn {stats['cpu_ms'] - stats['db_cpu_ms']:.1f}"
                f" [user {stats['gunicorn_user_ms']:.1f}, system {stats['gunicorn_sys_ms']:.1f}]"
                f" + PostgreSQL {stats['db_cpu_ms']:.1f})"
            )
            print(
                f"  load generator CPU (ms)         {stats['client_cpu_ms']:8.2f}  (this process, per submission)"
            )
            print(f"  errors                          {stats['errors']:8d} {stats['errors_seen'] or ''}")
            print(f"  retries same id / other number  {stats['retries']:8d} / {stats['retry_mismatch']}")
            print(f"  distinct request ids acked      {len(acked):8d}")
            print(f"  rows stored for them            {stored:8d}  (distinct numbers: {numbers_ok})")
            print(
                f"  machine speed (ms, lower is faster): {speed_before:.1f} before, {speed_after:.1f} after"
                " (bench.harness.machine_speed_ms)"
            )
            confirmed, answers = race(server, ctx)
            print(
                f"last places: 20 secretaries at once for 5 places -> {confirmed} confirmed "
                f"(answers: {answers.count(302)} redirects, {answers.count(200)} refusals shown)"
            )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_copy()


if __name__ == "__main__":
    main()
