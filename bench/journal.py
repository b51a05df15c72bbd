"""Journal figures (JRN-2, JRN-3) under the production settings with gunicorn, on the demo data.

    DJANGO_DEBUG=1 .venv/bin/python manage.py seed_demo   # once
    .venv/bin/python bench/journal.py [--seconds 20] [--teachers 50] [--rounds 3]
    .venv/bin/python bench/journal.py --in-process [--profile]   # no server: where the time goes

Prints, for the grid (the fullest subgroup and period of school A beyond grade 1), the lesson page
and one attendance tap: queries, server CPU per request (application + PostgreSQL, from /proc;
PostgreSQL's share besides), median and p99 latency, and the same of a logged-in 404 page (what every
page costs before its view), each the round of least CPU of `--rounds`;
then 50 teachers at once, each tapping attendance on her own lesson and opening her grid: requests
per second, p99 latency and errors. The teachers' logins (bench.p<person id>) are made once for the demo's
teaching staff, with the demo password."""

import argparse
import contextlib
import os
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import (  # noqa: E402
    CLK_TCK,
    DEMO_PASSWORD,
    Server,
    count_queries,
    deployed_gunicorn,
    in_process_static,
    machine_speed_ms,
    postmaster_pid,
    production_env,
    tree_cpu_ticks,
)


def _django():
    env = production_env()
    for key in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SECURE_SSL_REDIRECT"):
        os.environ.setdefault(key, env[key])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    in_process_static()


def prepare(n_teachers):
    """The grid's subgroup and period, and per teacher: login, a lesson of today (or the latest), her grid."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, F, Max
    from django.utils import timezone

    from core.models import RoleAssignment, School
    from journal.models import Lesson
    from journal.roster import roster

    lessons = Lesson.objects.filter(is_cancelled=False, date__lte=timezone.localdate())
    school = School.objects.filter(pk__in=lessons.values("school_id")).order_by("pk").first()
    # A grid with marks: grade 1 gets none (JRN-4), and its 48 lessons of bare inputs made the fullest
    # grid of the demo the cheapest to draw.
    best = (
        lessons.filter(
            school=school, subgroup__kind="main", subgroup__class_subject__school_class__parallel__gt=1
        )
        .values("subgroup_id", "period_id")
        .annotate(n=Count("pk"))
        .order_by("-n")[:20]
    )
    from planning.models import Subgroup

    grid = max(best, key=lambda r: (r["n"], roster(Subgroup.objects.get(pk=r["subgroup_id"])).count()))
    grid_students = roster(Subgroup.objects.get(pk=grid["subgroup_id"])).count()
    User = get_user_model()
    # Her own lessons: of a subgroup she teaches, whose journal page (grid) she may open. A lesson she
    # only substitutes is hers to keep but its grid is not hers (JRN-3): the grid answered 404 to the
    # substitutes among the 50 teachers, which this bench counted as errors of the server.
    taught = lessons.filter(school=school, teacher__isnull=False, teacher_id=F("subgroup__teacher_id"))
    per_teacher = (
        taught.values("teacher_id")
        .annotate(last=Max("date"), n=Count("pk"))
        .order_by("-n", "teacher_id")[:n_teachers]
    )
    teachers = []
    for row in per_teacher:
        lesson = taught.filter(teacher_id=row["teacher_id"], date=row["last"]).order_by("number").first()
        person = lesson.teacher.person
        # One login per person: her own where she has one (teacher.a), else a bench login named after
        # her, so that runs choosing teachers in another order never hand one login to two people.
        user = User.objects.filter(person=person).order_by("pk").first()
        if user is None:
            user = User.objects.create(username=f"bench.p{person.pk}", person=person, language="ru")
            user.set_password(DEMO_PASSWORD)
            user.save()
        username = user.username
        RoleAssignment.objects.get_or_create(user=user, role="teacher", school=school)
        student = roster(lesson.subgroup).first()
        teachers.append(
            {
                "username": username,
                "lesson": lesson.pk,
                "subgroup": lesson.subgroup_id,
                "period": lesson.period_id,
                "student": student.pk if student else None,
            }
        )
    return grid, grid_students, teachers


def tap(session, t, status):
    body = urllib.parse.urlencode({"student": t["student"], "status": status})
    return session.request(
        "POST",
        f"/journal/lessons/{t['lesson']}/attendance/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "HX-Request": "true",
            "X-CSRFToken": session.cookies.get("csrftoken", ""),
            "Origin": f"https://{session.host}:{session.port}",
            "Referer": f"https://{session.host}:{session.port}/",
        },
    )


def pg_ticks():
    return tree_cpu_ticks([postmaster_pid()])


def measure_page(srv, session, path, repeat):
    """srv.measure, with PostgreSQL's share of the server CPU (pg_ms) besides."""
    srv.warm_up(session, path)
    before = pg_ticks()
    m = srv.measure(session, path, repeat, warmup=False)
    m["pg_ms"] = (pg_ticks() - before) * 1000 / CLK_TCK / repeat
    return m


def measure_taps(srv, session, t, repeat):
    srv.warm_up(session, f"/journal/lessons/{t['lesson']}/")
    times, status = [], None
    pg_before = pg_ticks()
    before = srv.cpu_ticks()
    for i in range(repeat):
        start = time.perf_counter()
        status, _, _ = tap(session, t, "absent" if i % 2 == 0 else "present")
        times.append((time.perf_counter() - start) * 1000)
    after = srv.cpu_ticks()
    pg_after = pg_ticks()
    times.sort()
    return {
        "cpu_ms": (after - before) * 1000 / CLK_TCK / repeat,
        "p50_ms": statistics.median(times),
        "pg_ms": (pg_after - pg_before) * 1000 / CLK_TCK / repeat,
        "p99_ms": times[min(len(times) - 1, round(0.99 * (len(times) - 1)))],
        "status": status,
    }


def load(srv, teachers, seconds, think=0.0):
    """Every teacher in her own thread: a tap, then her grid, again and again; with `think`, a pause
    of 0.5 to 1.5 times that many seconds after each answer (a teacher looks at the page)."""
    import random

    sessions = [srv.login(t["username"]) for t in teachers]
    latencies, errors, counts, statuses = [], [0], [0], {}
    lock = threading.Lock()
    # Each teacher has her pages open before the clock starts: a worker's first grid (its templates
    # compiled) is not what 50 teachers at work wait for.
    clock = {}

    def start_clock():  # run by the barrier's last comer, before any thread goes on
        clock.update(cpu=srv.cpu_ticks(), started=time.monotonic(), own=time.process_time())

    ready = threading.Barrier(len(teachers) + 1, action=start_clock)

    def run(i):
        s, t = sessions[i], teachers[i]
        try:
            with contextlib.suppress(OSError):  # a failure shows in the measured requests
                s.get(f"/journal/lessons/{t['lesson']}/")
                s.get(f"/journal/journals/{t['subgroup']}/?period={t['period']}")
        finally:  # whatever happened, the others are not kept waiting for this teacher
            ready.wait()
        k = 0
        local = []
        err = 0
        seen = {}
        if think:  # teachers do not all tap in the same millisecond: their first requests are spread too
            time.sleep(random.uniform(0, think))
        while time.monotonic() < clock["started"] + seconds:
            start = time.perf_counter()
            try:
                if k % 2 == 0:
                    status, _, _ = tap(s, t, "absent" if k % 4 == 0 else "present")
                else:
                    status, _, _ = s.get(f"/journal/journals/{t['subgroup']}/?period={t['period']}")
            except OSError as e:  # refused, reset or timed out: an error the user sees as well
                status = type(e).__name__
            local.append((time.perf_counter() - start) * 1000)
            if not isinstance(status, int) or status >= 400:
                err += 1
                what = ("tap" if k % 2 == 0 else "grid", status)
                seen[what] = seen.get(what, 0) + 1
            k += 1
            if think:
                time.sleep(think * random.uniform(0.5, 1.5))
        with lock:
            latencies.extend(local)
            errors[0] += err
            counts[0] += len(local)
            for key, n in seen.items():
                statuses[key] = statuses.get(key, 0) + n

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(teachers))]
    for th in threads:
        th.start()
    ready.wait()
    for th in threads:
        th.join()
    elapsed, after_cpu = time.monotonic() - clock["started"], srv.cpu_ticks()
    before_cpu, own_cpu = clock["cpu"], time.process_time() - clock["own"]
    latencies.sort()
    n = counts[0]
    return {
        "teachers": len(teachers),
        "rps": n / elapsed,
        "requests": n,
        "errors": errors[0],
        "statuses": statuses,
        "p50_ms": statistics.median(latencies) if latencies else 0,
        "mean_ms": statistics.fmean(latencies) if latencies else 0,
        "p99_ms": latencies[min(n - 1, round(0.99 * (n - 1)))] if n else 0,
        "cpu_ms": (after_cpu - before_cpu) * 1000 / CLK_TCK / max(n, 1),
        # This process sends the requests on the same two cores: what it takes is not the server's.
        "client_cpu_ms": own_cpu * 1000 / max(n, 1),
    }


def in_process(teachers, grid_url, repeat, profile):
    """The three requests in this process under the production settings (django.test.Client, no test
    instrumentation of the templates): CPU per request of the whole request and of the journal view's
    own dispatch, the user read before it (what the middleware and the shared page parts cost is the
    rest; the view's figure still holds base.html's rendering). PostgreSQL's CPU is
    not counted here. With `profile`, the functions that take the most time, per request."""
    import cProfile
    import pstats

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import resolve

    first = teachers[0]
    User = get_user_model()
    director = Client(HTTP_X_FORWARDED_PROTO="https")
    director.force_login(User.objects.get(username="director.a"))
    teacher = Client(HTTP_X_FORWARDED_PROTO="https")
    teacher.force_login(User.objects.get(username=first["username"]))
    lesson_url = f"/journal/lessons/{first['lesson']}/"
    tap_url = f"/journal/lessons/{first['lesson']}/attendance/"
    state = {"i": 0}

    def do_tap():
        state["i"] += 1
        return teacher.post(
            tap_url,
            {"student": first["student"], "status": "absent" if state["i"] % 2 else "present"},
            HTTP_HX_REQUEST="true",
            secure=True,
        )

    requests = [
        ("grid (director)", grid_url, lambda: director.get(grid_url, secure=True)),
        ("lesson page", lesson_url, lambda: teacher.get(lesson_url, secure=True)),
        ("attendance tap", tap_url, do_tap),
    ]
    print(f"{'in process':<18}{'queries':>8}{'cpu ms':>9}{'view ms':>9}{'bytes':>8}{'status':>8}")
    for label, url, call in requests:
        view_class = resolve(url.split("?")[0]).func.view_class
        spent = [0.0]
        original = view_class.dispatch

        def timed(self, *args, _original=original, _spent=spent, **kwargs):
            # The user is read lazily on first use, which is in the view: not the view's own cost.
            getattr(self.request.user, "pk", None)
            start = time.process_time()
            try:
                return _original(self, *args, **kwargs)
            finally:
                _spent[0] += time.process_time() - start

        for _ in range(5):
            response = call()  # warm: translations, templates, content types
        with CaptureQueriesContext(connection) as queries:
            response = call()
        n_queries = len(queries.captured_queries)
        if os.environ.get("BENCH_SHOW_SQL"):
            for q in queries.captured_queries:
                print(f"  {q['time']:>6} {q['sql'][: int(os.environ['BENCH_SHOW_SQL'])]}")
        view_class.dispatch = timed
        try:
            start = time.process_time()
            for _ in range(repeat):
                response = call()
            total = (time.process_time() - start) * 1000 / repeat
        finally:
            view_class.dispatch = original
        print(
            f"{label:<18}{n_queries:>8}{total:>9.1f}{spent[0] * 1000 / repeat:>9.1f}"
            f"{len(response.content):>8}{response.status_code:>8}"
        )
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(repeat):
                call()
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(25)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--teachers", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of the single requests; the least CPU kept"
    )
    # The server's layout is production's (deploy/gunicorn.conf.py) unless it is given here.
    deployed = deployed_gunicorn()
    parser.add_argument("--workers", type=int, default=deployed["workers"])
    parser.add_argument(
        "--worker-class", default=deployed["worker_class"], choices=["sync", "gthread"], help="gunicorn's"
    )
    parser.add_argument(
        "--threads", type=int, default=deployed["threads"], help="threads a worker (above 1: gthread)"
    )
    parser.add_argument("--load-only", action="store_true", help="only the 50 teachers at once")
    parser.add_argument("--think", type=float, default=0.0, help="seconds a teacher pauses between requests")
    parser.add_argument("--in-process", action="store_true", help="no server: CPU in this process")
    parser.add_argument("--profile", action="store_true", help="with --in-process: cProfile each request")
    args = parser.parse_args()
    if args.in_process:
        # The production storage names static files by their hash from a manifest: collect them first.
        import tempfile

        os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="mektep-bench-static-")
    _django()
    if args.in_process:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    grid, grid_students, teachers = prepare(args.teachers)
    teachers = [t for t in teachers if t["student"]]
    first = teachers[0]
    grid_url = f"/journal/journals/{grid['subgroup_id']}/?period={grid['period_id']}"
    lesson_url = f"/journal/lessons/{first['lesson']}/"
    from journal.models import Mark

    marks = Mark.objects.filter(
        lesson__subgroup_id=grid["subgroup_id"], lesson__period_id=grid["period_id"]
    ).count()
    print(
        f"grid: {grid_students} students x {grid['n']} lessons, {marks} marks; {len(teachers)} teachers with logins"
    )
    if args.in_process:
        import shutil

        try:
            in_process(teachers, grid_url, args.repeat, args.profile)
        finally:
            shutil.rmtree(os.environ["STATIC_ROOT"], ignore_errors=True)
        return
    gunicorn_args = ["--worker-class", args.worker_class, "--threads", str(args.threads)]
    print(f"gunicorn: {args.workers} workers ({args.worker_class}, {args.threads} thread(s) each)")
    with Server(workers=args.workers, gunicorn_args=gunicorn_args) as srv:
        if args.load_only:
            report_load(srv, teachers, args.seconds, args.think)
            return
        director = srv.login("director.a")
        teacher = srv.login(first["username"])
        # Both pages through every worker before either is measured: a worker's first grid (templates
        # compiled, the user's context read) would otherwise be charged to the measured requests.
        for session, path in ((director, grid_url), (teacher, lesson_url)):
            srv.warm_up(session, path, srv.workers * 4)
        speed_before = machine_speed_ms()
        measured = [
            (
                "grid (director)",
                "director.a",
                grid_url,
                lambda: measure_page(srv, director, grid_url, args.repeat),
            ),
            (
                "lesson page",
                first["username"],
                lesson_url,
                lambda: measure_page(srv, teacher, lesson_url, args.repeat),
            ),
            ("attendance tap", None, None, lambda: measure_taps(srv, teacher, first, args.repeat)),
            # What every logged-in page costs before its view does anything (middleware, session, user,
            # base.html): the part of the figures above that is not the journal's.
            (
                "404 (the floor)",
                first["username"],
                "/no-such-page/",
                lambda: measure_page(srv, teacher, "/no-such-page/", args.repeat),
            ),
        ]
        # A shared machine's speed drifts by tens of per cent within minutes: the requests are measured
        # in turn, `--rounds` times over, and each keeps its round with the least CPU.
        best = {}
        for _ in range(args.rounds):
            for label, _user, _path, measure in measured:
                figures = measure()
                if label not in best or figures["cpu_ms"] < best[label]["cpu_ms"]:
                    best[label] = figures
        rows = [
            (label, count_queries(user, path)["queries"] if path else "-", best[label])
            for label, user, path, _measure in measured
        ]
        print(
            f"{'page':<18}{'queries':>8}{'cpu ms':>9}{'of it pg':>9}{'p50 ms':>9}{'p99 ms':>9}{'status':>8}"
        )
        for label, queries, m in rows:
            print(
                f"{label:<18}{queries!s:>8}{m['cpu_ms']:>9.1f}{m['pg_ms']:>9.1f}{m['p50_ms']:>9.1f}"
                f"{m['p99_ms']:>9.1f}{m['status']!s:>8}"
            )
        report_load(srv, teachers, args.seconds, args.think)
        print(
            f"machine speed (ms, lower is faster): {speed_before:.1f} before, {machine_speed_ms():.1f} after"
            " (bench.harness.machine_speed_ms)"
        )


def report_load(srv, teachers, seconds, think=0.0):
    result = load(srv, teachers, seconds, think)
    pause = f", about {think:g} s between a teacher's requests" if think else ", no pause"
    print(
        f"{result['teachers']} teachers at once for {seconds:.0f} s (tap, grid, tap, ...{pause}): "
        f"{result['rps']:.1f} requests/s, p50 {result['p50_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms, "
        f"errors {result['errors']} of {result['requests']}, cpu {result['cpu_ms']:.1f} ms/request"
    )
    # What the latency is made of: each client waits for its answer before it asks again, so without a
    # pause the mean latency is clients / throughput (Little's law) whatever the server's configuration;
    # the server's CPU per request times the throughput is how many cores it kept busy.
    little = (
        ""
        if think
        else f" (= {result['teachers']} clients / {result['rps']:.1f} req/s: "
        f"{result['teachers'] / max(result['rps'], 0.001) * 1000:.0f} ms)"
    )
    print(
        f"  mean latency {result['mean_ms']:.0f} ms{little}; server busy "
        f"{result['rps'] * result['cpu_ms'] / 1000:.2f} of {os.cpu_count()} cores, the load generator"
        f" {result['rps'] * result['client_cpu_ms'] / 1000:.2f} ({result['client_cpu_ms']:.1f} ms/request)"
    )
    if result["statuses"]:
        print(
            "errors by request and answer:",
            ", ".join(
                f"{what} {status}: {n}" for (what, status), n in sorted(result["statuses"].items(), key=str)
            ),
        )
    tail = srv.log_tail(15)
    if result["errors"] and tail:
        print("gunicorn log (last lines):", tail, sep="\n")


if __name__ == "__main__":
    main()
