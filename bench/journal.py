"""Journal figures (JRN-2, JRN-3) under the production settings with gunicorn, on the demo data.

    DJANGO_DEBUG=1 .venv/bin/python manage.py seed_demo   # once
    .venv/bin/python bench/journal.py [--seconds 20] [--teachers 50]

Prints, for the grid (the fullest subgroup and period of school A), the lesson page and one attendance
tap: queries, server CPU per request (application + PostgreSQL, from /proc), median and p99 latency;
then 50 teachers at once, each tapping attendance on her own lesson and opening her grid: requests
per second, p99 latency and errors. The teachers' logins (bench.t1, ...) are made once for the demo's
teaching staff, with the demo password."""

import argparse
import os
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import CLK_TCK, DEMO_PASSWORD, Server, count_queries, production_env  # noqa: E402


def _django():
    env = production_env()
    for key in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SECURE_SSL_REDIRECT"):
        os.environ.setdefault(key, env[key])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def prepare(n_teachers):
    """The grid's subgroup and period, and per teacher: login, a lesson of today (or the latest), her grid."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Max
    from django.utils import timezone

    from core.models import RoleAssignment, School
    from journal.models import Lesson
    from journal.roster import roster

    lessons = Lesson.objects.filter(is_cancelled=False, date__lte=timezone.localdate())
    school = School.objects.filter(pk__in=lessons.values("school_id")).order_by("pk").first()
    best = (
        lessons.filter(school=school, subgroup__kind="main")
        .values("subgroup_id", "period_id")
        .annotate(n=Count("pk"))
        .order_by("-n")[:20]
    )
    from planning.models import Subgroup

    grid = max(best, key=lambda r: (r["n"], roster(Subgroup.objects.get(pk=r["subgroup_id"])).count()))
    grid_students = roster(Subgroup.objects.get(pk=grid["subgroup_id"])).count()
    User = get_user_model()
    per_teacher = (
        lessons.filter(school=school, teacher__isnull=False)
        .values("teacher_id")
        .annotate(last=Max("date"), n=Count("pk"))
        .order_by("-n")[:n_teachers]
    )
    teachers = []
    for i, row in enumerate(per_teacher, start=1):
        lesson = lessons.filter(teacher_id=row["teacher_id"], date=row["last"]).order_by("number").first()
        username = f"bench.t{i}"
        # A demo teacher who has a login of her own (teacher.a) is measured with it: one login per person.
        own = User.objects.filter(person=lesson.teacher.person).exclude(username=username).first()
        if own is not None:
            User.objects.filter(username=username).delete()
            username, user = own.username, own
        else:
            user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(username=username, person=lesson.teacher.person, language="ru")
            user.set_password(DEMO_PASSWORD)
            user.save()
        elif user.person_id != lesson.teacher.person_id:
            user.person = lesson.teacher.person
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role="teacher", school=school)
        student = roster(lesson.subgroup).first()
        teachers.append({
            "username": username, "lesson": lesson.pk, "subgroup": lesson.subgroup_id, "period": lesson.period_id,
            "student": student.pk if student else None,
        })
    return grid, grid_students, teachers


def tap(session, t, status):
    body = urllib.parse.urlencode({"student": t["student"], "status": status})
    return session.request("POST", f"/journal/lessons/{t['lesson']}/attendance/", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true",
        "X-CSRFToken": session.cookies.get("csrftoken", ""),
        "Origin": f"https://{session.host}:{session.port}", "Referer": f"https://{session.host}:{session.port}/",
    })


def measure_taps(srv, session, t, repeat):
    srv.warm_up(session, f"/journal/lessons/{t['lesson']}/")
    times, status = [], None
    before = srv.cpu_ticks()
    for i in range(repeat):
        start = time.perf_counter()
        status, _, _ = tap(session, t, "absent" if i % 2 == 0 else "present")
        times.append((time.perf_counter() - start) * 1000)
    after = srv.cpu_ticks()
    times.sort()
    return {"cpu_ms": (after - before) * 1000 / CLK_TCK / repeat, "p50_ms": statistics.median(times),
            "p99_ms": times[min(len(times) - 1, round(0.99 * (len(times) - 1)))], "status": status}


def load(srv, teachers, seconds):
    """Every teacher in her own thread: a tap, then her grid, again and again."""
    sessions = [srv.login(t["username"]) for t in teachers]
    latencies, errors, counts = [], [0], [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def run(i):
        s, t = sessions[i], teachers[i]
        k = 0
        local = []
        err = 0
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            if k % 2 == 0:
                status, _, _ = tap(s, t, "absent" if k % 4 == 0 else "present")
            else:
                status, _, _ = s.get(f"/journal/journals/{t['subgroup']}/?period={t['period']}")
            local.append((time.perf_counter() - start) * 1000)
            err += status >= 400
            k += 1
        with lock:
            latencies.extend(local)
            errors[0] += err
            counts[0] += len(local)

    before_cpu, started = srv.cpu_ticks(), time.monotonic()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(teachers))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed, after_cpu = time.monotonic() - started, srv.cpu_ticks()
    latencies.sort()
    n = counts[0]
    return {"teachers": len(teachers), "rps": n / elapsed, "requests": n, "errors": errors[0],
            "p50_ms": statistics.median(latencies) if latencies else 0,
            "p99_ms": latencies[min(n - 1, round(0.99 * (n - 1)))] if n else 0,
            "cpu_ms": (after_cpu - before_cpu) * 1000 / CLK_TCK / max(n, 1)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--teachers", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    _django()
    grid, grid_students, teachers = prepare(args.teachers)
    teachers = [t for t in teachers if t["student"]]
    first = teachers[0]
    grid_url = f"/journal/journals/{grid['subgroup_id']}/?period={grid['period_id']}"
    lesson_url = f"/journal/lessons/{first['lesson']}/"
    print(f"grid: {grid_students} students x {grid['n']} lessons; {len(teachers)} teachers with logins")
    with Server(workers=args.workers) as srv:
        director = srv.login("director.a")
        teacher = srv.login(first["username"])
        rows = [
            ("grid (director)", count_queries("director.a", grid_url)["queries"],
             srv.measure(director, grid_url, args.repeat)),
            ("lesson page", count_queries(first["username"], lesson_url)["queries"],
             srv.measure(teacher, lesson_url, args.repeat)),
            ("attendance tap", "-", measure_taps(srv, teacher, first, args.repeat)),
        ]
        print(f"{'page':<18}{'queries':>8}{'cpu ms':>9}{'p50 ms':>9}{'p99 ms':>9}{'status':>8}")
        for label, queries, m in rows:
            print(f"{label:<18}{queries!s:>8}{m['cpu_ms']:>9.1f}{m['p50_ms']:>9.1f}{m['p99_ms']:>9.1f}{m['status']!s:>8}")
        result = load(srv, teachers, args.seconds)
        print(
            f"{result['teachers']} teachers at once for {args.seconds:.0f} s (tap, grid, tap, ...): "
            f"{result['rps']:.1f} requests/s, p50 {result['p50_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms, "
            f"errors {result['errors']} of {result['requests']}, cpu {result['cpu_ms']:.1f} ms/request"
        )


if __name__ == "__main__":
    main()
