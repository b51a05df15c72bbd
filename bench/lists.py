"""Lists before and after, in one run (issue 9, "lists twice as light").

Serves the same demo database twice at once with gunicorn under the production settings
(bench/harness.py): from a checkout of the code BEFORE (a git worktree of `--before`, by default the
commit this branch started from) and from this checkout. Each page is measured on one server, then on the
other, in rounds, and the script prints per page the server CPU per request (application workers +
PostgreSQL backends, from /proc) and the median latency.

    .venv/bin/python bench/lists.py [--before REF] [--repeat 40] [--rounds 3] [--workers 4]

Run `make demo` (or seed_demo) first: both servers read this checkout's demo database.
"""

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import Server, local_database_url, machine_speed_ms, postmaster_pid  # noqa: E402

DEFAULT_BEFORE = "32e3318"  # the commit the feedback branch started from

# (label, demo login, path or a callable giving it)
PAGES = [
    ("Students (25 rows)", "hr.a", "/contingent/students/"),
    ("Students, search", "hr.a", "/contingent/students/?q=%D0%B0%D1%85%D0%BC%D0%B5%D1%82"),
    ("Student's personal file", "hr.a", "student"),
    ("Class card", "hr.a", "class"),
    ("Staff list", "hr.a", "/staff/"),
    ("Blanks registry", "clerk.a", "/strict-forms/"),
    ("Order register", "director.a", "/orders/"),
]


def _object_paths():
    """The personal file and the class card measured: the largest class of school №8 (Almaty) and its first student."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from django.db.models import Count

    from contingent.models import SchoolClass

    school_class = (
        SchoolClass.objects.filter(school__name_ru__contains="№8 имени Абая", is_active=True)
        .annotate(n=Count("students"))
        .order_by("-n")
        .first()
    )
    student = school_class.students.order_by("pk").first()
    return {"student": student.get_absolute_url(), "class": school_class.get_absolute_url()}


def _serve(stack, root, workers):
    srv = stack.enter_context(Server(workers=workers, root=root, database_url=local_database_url(ROOT)))
    if Path(root) != ROOT:  # this checkout's PostgreSQL serves both: count its CPU too
        srv.cpu_pids.append(postmaster_pid(ROOT))
    return srv


def _pages(srv, paths):
    sessions = {}
    pages = []
    for label, user, path in PAGES:
        session = sessions.get(user) or sessions.setdefault(user, srv.login(user))
        pages.append((label, session, paths.get(path, path)))
    # Every page once through every worker before any is measured: a worker still importing the
    # application would otherwise charge its start-up to the first page measured.
    for _label, session, path in pages:
        srv.warm_up(session, path)
    return pages


def _measure_interleaved(before_root, paths, repeat, workers, rounds):
    """Both servers up at once, each page measured on one then the other, `rounds` times over: a shared
    machine's speed drifts by tens of per cent within minutes, and measured one server after the other
    that drift would land on one side only. Only the server being measured receives requests, so each
    side's CPU is its own. Per side and page, the round with the least CPU is kept."""
    results = {"before": {}, "after": {}}
    with contextlib.ExitStack() as stack:
        servers = {"before": _serve(stack, before_root, workers), "after": _serve(stack, ROOT, workers)}
        pages = {side: _pages(srv, paths) for side, srv in servers.items()}
        for _ in range(rounds):
            for index, (label, _user, _path) in enumerate(PAGES):
                for side, srv in servers.items():
                    _label, session, path = pages[side][index]
                    figures = srv.measure(session, path, repeat=repeat, warmup=False)
                    kept = results[side].get(label)
                    if kept is None or figures["cpu_ms"] < kept["cpu_ms"]:
                        results[side][label] = figures
    return results["before"], results["after"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=DEFAULT_BEFORE)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    paths = _object_paths()
    speed_before = machine_speed_ms()
    with tempfile.TemporaryDirectory(prefix="mektep-before-") as tmp:
        before_root = Path(tmp) / "before"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(before_root), args.before],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            before, after = _measure_interleaved(before_root, paths, args.repeat, args.workers, args.rounds)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(before_root)], cwd=ROOT, check=False)
    print(
        f"server CPU per request (ms), gunicorn x{args.workers}, production settings, {args.repeat} requests,"
        f" the least of {args.rounds} interleaved rounds;"
        f" machine speed {speed_before:.1f} -> {machine_speed_ms():.1f} ms (lower is faster)"
    )
    print(
        f"{'page':28} {'before':>8} {'after':>8} {'ratio':>6} {'p50 before':>11} {'p50 after':>10}"
        f" {'status':>13}"
    )
    for label, _user, _path in PAGES:
        b, a = before[label], after[label]
        ratio = b["cpu_ms"] / a["cpu_ms"] if a["cpu_ms"] else float("nan")
        print(
            f"{label:28} {b['cpu_ms']:8.1f} {a['cpu_ms']:8.1f} {ratio:6.2f} {b['p50_ms']:11.1f}"
            f" {a['p50_ms']:10.1f} {b['status']:>6} {a['status']:>6}"
        )


if __name__ == "__main__":
    main()
