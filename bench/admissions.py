"""Opening-day load of the admission (ADM-1, ADM-4), measured against gunicorn under the production
settings (bench/harness.py), on a copy of this checkout's demo database that is dropped afterwards.

    .venv/bin/python bench/admissions.py [--clients 200] [--seconds 60] [--workers 4]

1. `--clients` parents (a bounded pool of threads, one HTTP client and one client address each, sent as
   X-Forwarded-For as a reverse proxy would) open the form once, then submit distinct applications for
   `--seconds`; one submission in ten is sent again with the same request id (a double click or a retry)
   and must give the same application number. Printed: applications per second, p50/p99 latency,
   errors, server CPU per application, rows stored against distinct request ids.
2. 20 secretaries confirm 20 applications at once when 5 places are left: exactly 5 must be confirmed.

Loopback only; every phase is bounded in time."""

import argparse
import datetime
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import CLK_TCK, Server, Session, local_database_url  # noqa: E402

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


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()


_SERIALS = {}


def iin_for(birth, digit, k):
    """The k-th checksum-valid IIN of a birth date and century/sex digit (distinct k, distinct IINs)."""
    from core.validators import iin_control_digit

    prefix = f"{birth:%y%m%d}{digit}"
    if prefix not in _SERIALS:
        _SERIALS[prefix] = [s for s in range(10000) if iin_control_digit(f"{prefix}{s:04d}") is not None]
    body = f"{prefix}{_SERIALS[prefix][k]:04d}"
    return body + str(iin_control_digit(body))


def make_iin(n):
    """Distinct IINs of children born in 2020: n -> (day of the year, serial)."""
    return iin_for(datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 366), 5, n // 366)


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


class ParentSession(Session):
    def __init__(self, base_url, address):
        super().__init__(base_url)
        self.address = address

    def _headers(self, extra=None):
        headers = super()._headers(extra)
        headers["X-Forwarded-For"] = self.address
        return headers


def _receipt(headers):
    """The application number's signed payload in the receipt link (the part before the timestamp)."""
    location = headers.get("location", "")
    token = urllib.parse.unquote(location.rstrip("/").rsplit("/", 1)[-1])
    return token.split(":", 1)[0] if "/apply/done/" in location else None


def load(server, ctx, clients, seconds):
    """The clock and the server's CPU count from the moment every client has its form: the 200 form
    pages are not submissions, and counted in they made each submission look dearer and the window
    shorter."""
    school = ctx["school"].pk
    window = {}

    def start_clock():  # run once, when the last client has its form, before any is released
        window["cpu"], window["started"] = server.cpu_ticks(), time.monotonic()
        window["stop_at"] = window["started"] + seconds

    ready = threading.Barrier(clients + 1, action=start_clock)
    counter = iter(range(10**9))
    lock = threading.Lock()
    stats = {"latency": [], "ok": 0, "errors": 0, "retries": 0, "retry_mismatch": 0, "acked": {}}
    errors_seen = {}

    def next_n():
        with lock:
            return next(counter)

    def client(i):
        rng = random.Random(i)
        s = ParentSession(server.base_url, f"10.{i // 250}.{i % 250}.{rng.randint(1, 250)}")
        try:
            status, _, _ = s.get(f"/admissions/apply/?school={school}", timeout=120)
        except OSError:
            status = 0
        ready.wait()
        if status != 200:
            with lock:
                stats["errors"] += 1
            return
        lo, hi = ctx["home_houses"]
        while time.monotonic() < window["stop_at"]:
            n = next_n()
            rid = str(uuid.uuid4())
            data = {
                "school": school,
                "request_id": rid,
                "category": "residence",
                "child_iin": make_iin(n),
                "child_last_name": "Нагрузкин",
                "child_first_name": "Тест",
                "street": ctx["home_street"],
                "house": str(rng.randint(lo, hi)),
                "parent_iin": ctx["parent_iin"],
                "parent_last_name": "Нагрузкина",
                "parent_first_name": "Мама",
                "phone": "+77010000000",
                "consent": "on",
            }
            repeats = 2 if rng.random() < 0.1 else 1
            first = None
            for attempt in range(repeats):
                started = time.perf_counter()
                try:
                    status, headers, _body = s.post("/admissions/apply/", data, timeout=120)
                except OSError:
                    status, headers = 0, {}
                elapsed = (time.perf_counter() - started) * 1000
                receipt = _receipt(headers) if status == 302 else None
                with lock:
                    stats["latency"].append(elapsed)
                    if receipt is None:
                        stats["errors"] += 1
                        key = f"{status}"
                        errors_seen[key] = errors_seen.get(key, 0) + 1
                    elif attempt == 0:
                        stats["ok"] += 1
                        stats["acked"][rid] = receipt
                        first = receipt
                    else:
                        stats["retries"] += 1
                        if receipt != first:
                            stats["retry_mismatch"] += 1

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    ready.wait()
    before, started = window["cpu"], window["started"]
    for t in threads:
        t.join(timeout=seconds + 180)
    elapsed, after = time.monotonic() - started, server.cpu_ticks()
    stats["elapsed"] = elapsed
    stats["cpu_ms"] = (after - before) * 1000 / CLK_TCK / max(len(stats["latency"]), 1)
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the database copy")
    args = parser.parse_args()
    database_url = copy_demo_database()
    try:
        setup_django(database_url)
        ctx = prepare()
        env = {
            "ADMISSIONS_TRUST_FORWARDED_FOR": "1",
            "ADMISSIONS_APPLY_LIMIT": "1000",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        with Server(workers=args.workers, database_url=database_url, env=env) as server:
            stats = load(server, ctx, args.clients, args.seconds)
            from admissions.models import Application

            acked = stats["acked"]
            stored = Application.objects.filter(request_id__in=list(acked)).count()
            numbers_ok = len(set(acked.values())) == len(acked)
            lat = sorted(stats["latency"]) or [0]
            p99 = lat[min(len(lat) - 1, int(round(0.99 * (len(lat) - 1))))]
            print(
                f"opening day: {args.clients} clients for {args.seconds:.0f} s, gunicorn {args.workers} workers"
            )
            print(f"  applications stored per second  {stats['ok'] / stats['elapsed']:8.1f}")
            print(f"  submissions (incl. retries)/s   {len(stats['latency']) / stats['elapsed']:8.1f}")
            print(f"  latency p50 / p99 (ms)          {statistics.median(lat):8.0f} / {p99:.0f}")
            print(f"  server CPU per submission (ms)  {stats['cpu_ms']:8.1f}")
            print(f"  errors                          {stats['errors']:8d} {stats['errors_seen'] or ''}")
            print(f"  retries same id / other number  {stats['retries']:8d} / {stats['retry_mismatch']}")
            print(f"  distinct request ids acked      {len(acked):8d}")
            print(f"  rows stored for them            {stored:8d}  (distinct numbers: {numbers_ok})")
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
