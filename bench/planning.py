"""Planning figures on the demo school (`make demo` first): timetable generation on 2 cores (time, hard
violations, soft score, gaps per class and per teacher) and the teaching-load report (time and queries,
served by gunicorn under the production settings through bench/harness.py).

    .venv/bin/python bench/planning.py [--time-limit 120] [--school a] [--no-server]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def generation(school_key, time_limit):
    from core.models import School
    from planning import solver
    from planning.generation import build_problem
    from planning.models import Timetable

    school = School.objects.filter(name_en__in=["Abai Secondary School No. 8", "Gymnasium No. 21"]).order_by(
        "pk"
    )
    school = list(school)["ab".index(school_key)]
    timetable = Timetable.objects.filter(school=school).order_by("-pk").first()
    if timetable is None:
        sys.exit("No timetable in the demo data: run `make demo` first.")
    problem, _groups = build_problem(timetable)
    lessons = sum(u.hours * len(u.subgroup_ids) for u in problem.units)
    print(
        f"school: {school}  classes: {len(problem.classes)}  teachers: {len(problem.teachers)}  "
        f"rooms: {len(problem.rooms)}  lessons a week: {lessons}  units: {len(problem.units)}"
    )
    started = time.monotonic()
    result = solver.solve(problem, time_limit=time_limit, workers=2, patience=max(10, time_limit // 6))
    seconds = time.monotonic() - started
    violations = solver.check(problem, result.placements)
    class_gaps, teacher_gaps = solver.gaps(problem, result.placements)
    per_class = [class_gaps.get(c, 0) for c in problem.classes]
    per_teacher = [teacher_gaps.get(t, 0) for t in problem.teachers]
    placed = sum(len(p.room_ids) for p in result.placements)
    print(f"generation time on 2 cores: {seconds:.1f} s (limit {time_limit} s), status {result.status}")
    print(f"lessons placed: {placed} of {lessons}; unplaced units: {len(result.unplaced)}")
    print(f"hard violations: {len(violations)}")
    print(f"soft score: {result.soft_score} (lower is better)")
    print(
        f"gaps per class: total {sum(per_class)}, mean {statistics.mean(per_class or [0]):.2f}, "
        f"max {max(per_class or [0])}, classes with gaps {sum(1 for g in per_class if g)}"
    )
    print(
        f"gaps per teacher: total {sum(per_teacher)}, mean {statistics.mean(per_teacher or [0]):.2f}, "
        f"max {max(per_teacher or [0])}, teachers with gaps {sum(1 for g in per_teacher if g)}"
    )


def report(school_key):
    from bench.harness import Server

    user = f"director.{school_key}"
    paths = [
        "/planning/reports/load/",
        "/planning/reports/load/summary/",
        "/planning/",
        "/planning/reports/rooms/",
    ]
    with Server(workers=2) as srv:
        session = srv.login(user)
        print(f"{'page':40} {'queries':>7} {'cpu ms':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for path in paths:
            m = srv.measure(session, path, repeat=10)
            queries = srv.count_queries(user, path)["queries"]
            print(f"{path:40} {queries:>7} {m['cpu_ms']:>8.1f} {m['p50_ms']:>8.1f} {m['p99_ms']:>8.1f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=int, default=110)
    parser.add_argument("--school", default="a", choices=["a", "b"])
    parser.add_argument("--no-server", action="store_true", help="skip the report timing through gunicorn")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    generation(args.school, args.time_limit)
    if not args.no_server:
        report(args.school)


if __name__ == "__main__":
    main()
