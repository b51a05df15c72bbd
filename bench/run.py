"""Measured figures: queries and time of the main pages on the demo data, printed as a table.

Run `make bench` (it migrates and loads the demo district first). Each page is fetched 5 times by a
logged-in demo user through Django's test client; the table shows the median time, the query count,
and the number of rows the page lists, so ratios are taken in one run on one machine."""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

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
]


def _largest_class():
    from django.db.models import Count

    from contingent.models import SchoolClass

    return (
        SchoolClass.objects.filter(school__name_ru__contains="№8", is_active=True)
        .annotate(n=Count("students"))
        .order_by("-n")
        .values_list("pk", flat=True)
        .first()
    )


def measure(client, url, repeat=5):
    times, queries, rows = [], 0, None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        queries = len(ctx.captured_queries)
        if response.context and "paginator" in response.context and response.context["paginator"]:
            rows = response.context["paginator"].count
    return response.status_code, statistics.median(times), queries, rows


def main():
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the client see each response's context (the row counts)
    seed()
    User = get_user_model()
    print(f"{'page':32} {'status':>6} {'median ms':>10} {'queries':>8} {'rows':>7}")
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
        client = Client()
        client.force_login(User.objects.get(username=username))
        status, ms, queries, rows = measure(client, url)
        print(f"{label:32} {status:>6} {ms:>10.1f} {queries:>8} {rows if rows is not None else '-':>7}")


if __name__ == "__main__":
    main()
