"""Measured figures of the main pages on the demo data, printed as a table.

Run `make bench` (it migrates and loads the demo district first). The pages are served by gunicorn
under the production settings through bench/harness.py; each is fetched by a logged-in demo user
(after a warm-up) and the table shows the status, the queries of one request (counted in process),
the rows the page lists, the median and p99 latency and the server CPU per request (gunicorn's and
PostgreSQL's processes, from /proc), so ratios are taken in one run on one machine.

`python bench/run.py --repeat 50` changes the number of requests per page (exports use a fifth)."""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.urls import NoReverseMatch, reverse  # noqa: E402

from bench.harness import Server, count_queries  # noqa: E402
from core.demo import seed  # noqa: E402

PAGES = [
    # (label, demo login, url name, kwargs)
    ("Registry of schools", "district", "core:school_list", {}),
    ("Order register", "director.a", "core:order_list", {}),
    ("Order register, xlsx", "director.a", "core:order_list", {"_query": "export=xlsx"}),
    ("Users and roles", "director.a", "core:user_list", {}),
    ("Staff list", "hr.a", "staff:employee_list", {}),
    ("Students", "hr.a", "contingent:student_list", {}),
    ("Classes", "hr.a", "contingent:class_list", {}),
    ("Staff: personnel book", "hr.a", "staff:personnel_book", {}),
    ("Staff: personnel book, PDF", "hr.a", "staff:personnel_book", {"_query": "export=pdf"}),
    ("Staff: leave schedule", "hr.a", "staff:leave_schedule", {}),
    ("Class card (largest class)", "hr.a", "contingent:class_detail", {"pk": "_largest_class"}),
    ("Book of student movement", "hr.a", "contingent:movement_book", {}),
    ("NOBD summary", "hr.a", "contingent:nobd", {}),
    ("Students, xlsx", "hr.a", "contingent:student_list", {"_query": "export=xlsx"}),
    ("Blanks registry", "clerk.a", "strict_forms:blank_list", {}),
    ("Issued attestats", "clerk.a", "strict_forms:attestat_list", {}),
    ("Book of attestats", "clerk.a", "strict_forms:book", {}),
    ("Journal: lessons added by hand", "deputy.a", "journal:extra_lessons", {}),
    ("Journal: exemptions", "deputy.a", "journal:exemptions", {}),
    ("Journal: grading rule", "deputy.a", "journal:grading_rules", {}),
    ("Calendar (teacher)", "teacher.a", "community:calendar", {}),
    ("Portfolio (parent)", "parent.a", "community:portfolio", {}),
]


def _largest_class():
    from django.db.models import Count

    from contingent.models import SchoolClass

    return (
        SchoolClass.objects.filter(school__name_ru__contains="№8 имени Абая", is_active=True)
        .annotate(n=Count("students"))
        .order_by("-n")
        .values_list("pk", flat=True)
        .first()
    )


def page_urls():
    for label, username, name, kwargs in PAGES:
        kwargs = dict(kwargs)
        query = kwargs.pop("_query", "")
        kwargs = {
            k: (globals()[v]() if isinstance(v, str) and v.startswith("_") else v) for k, v in kwargs.items()
        }
        try:
            url = reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")
        except NoReverseMatch:
            continue
        yield label, username, url


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    seed()
    pages = list(page_urls())
    with Server(workers=args.workers, quiet=False) as srv:
        print(f"gunicorn, {args.workers} workers, production settings; {args.repeat} requests a page")
        print(
            f"{'page':32} {'status':>6} {'queries':>7} {'rows':>6} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms':>8}"
        )
        sessions = {}
        for label, username, url in pages:
            if username not in sessions:
                sessions[username] = srv.login(username)
            repeat = max(3, args.repeat // 5) if "export=" in url else args.repeat
            fig = srv.measure(sessions[username], url, repeat=repeat)
            q = count_queries(username, url)
            rows = q["rows"] if q["rows"] is not None else "-"
            print(
                f"{label:32} {fig['status']:>6} {q['queries']:>7} {rows:>6} "
                f"{fig['p50_ms']:>8.1f} {fig['p99_ms']:>8.1f} {fig['cpu_ms']:>8.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
