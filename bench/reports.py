"""Reports at scale (RPT-1..RPT-5) on the large demo district: `manage.py seed_demo --large-district`
(50 schools of about 800 students) first, then `python bench/reports.py`.

Prints, in one run on one machine:
- the district performance summary and the school report: median time, queries, and the ratio to the
  same figures computed by one hand-written SQL statement (goal: at most 1.5x), checked to be the same;
- the NOBD summary for the district: time, queries and peak Python memory (measured apart);
- a 100,000-row .xlsx export (the register of movements, streamed through openpyxl's write-only
  workbook): time and peak memory (goal: within 64 MiB).

Everything runs in this process under the production settings (bench/harness.py: no DEBUG), the pages
through Django's test client. Each figure is the median of several runs: wall time, and CPU time (this
process plus every process of the database cluster, parallel workers included, read from /proc), which
stays steady on a shared machine where wall time does not. A measure and its hand-written statement run
alternately, so both see the same load; the ratio is of CPU time. Peak memory is tracemalloc's peak of
Python allocations during the call."""

import datetime
import itertools
import logging
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import _setup_django, postmaster_pid, tree_cpu_ticks  # noqa: E402

_setup_django()

from django.conf import settings  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

logging.getLogger("mektep.request").setLevel(logging.WARNING)  # one line per request on stdout otherwise
# static URLs without the manifest of collectstatic (the pages' figures are what is measured here)
override_settings(
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
).enable()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from core.models import District, School  # noqa: E402
from reports import sections as X  # noqa: E402
from reports import selectors as S  # noqa: E402
from reports.exporters import write_rows  # noqa: E402
from reports.selectors import Period  # noqa: E402
from reports.views.exports import MOVEMENT_HEADERS, movement_rows  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
LARGE_LOGIN = "district.large"

# The district performance summary as one hand-written statement: per school, the counts of the last
# period's marks and the four DOMAIN 2.1 figures, all in SQL.
HAND_PERFORMANCE = """
WITH last_period AS (
    SELECT DISTINCT ON (y.school_id) y.school_id, p.id AS period_id, p.end AS period_end
      FROM core_period p JOIN core_academicyear y ON y.id = p.academic_year_id
     WHERE y.school_id = ANY(%(schools)s) AND p.end BETWEEN %(from)s AND %(to)s
  ORDER BY y.school_id, p.end DESC
), c AS (
    SELECT f.school_id,
           COUNT(*) FILTER (WHERE f.status = 'mark' AND f.value = 5) AS n5,
           COUNT(*) FILTER (WHERE f.status = 'mark' AND f.value = 4) AS n4,
           COUNT(*) FILTER (WHERE f.status = 'mark' AND f.value = 3) AS n3,
           COUNT(*) FILTER (WHERE f.status = 'mark' AND f.value = 2) AS n2,
           COUNT(*) FILTER (WHERE f.status = 'na') AS na
      FROM journal_finalmark f
      JOIN last_period lp ON lp.period_id = f.period_id
      JOIN contingent_student st ON st.id = f.student_id
     WHERE f.school_id = ANY(%(schools)s) AND (st.left_on IS NULL OR st.left_on > lp.period_end)
  GROUP BY f.school_id
)
SELECT s.name_ru, n5, n4, n3, n2, na,
       ROUND(100.0 * (n5 + n4 + n3) / NULLIF(n5 + n4 + n3 + n2 + na, 0), 2) AS success,
       ROUND(100.0 * (n5 + n4) / NULLIF(n5 + n4 + n3 + n2 + na, 0), 2) AS quality,
       ROUND((100.0 * n5 + 64 * n4 + 36 * n3 + 16 * n2 + 7 * na) / NULLIF(n5 + n4 + n3 + n2 + na, 0), 2) AS sou,
       ROUND((5.0 * n5 + 4 * n4 + 3 * n3 + 2 * n2) / NULLIF(n5 + n4 + n3 + n2, 0), 2) AS average
  FROM c JOIN core_school s ON s.id = c.school_id
 ORDER BY s.name_ru
"""

# The school report's figures by class as one hand-written statement: the "contingent by class" table
# (pupils, boys, girls, special needs, home schooling as of the day, from the movements) and the quality
# of the last period's marks per class.
HAND_SCHOOL = """
WITH ev AS (
    SELECT to_class_id AS class_id, 1 AS sign, student_id FROM contingent_movement
     WHERE school_id = %(school)s AND date <= %(to)s AND to_class_id IS NOT NULL
    UNION ALL
    SELECT from_class_id, -1, student_id FROM contingent_movement
     WHERE school_id = %(school)s AND date <= %(to)s AND from_class_id IS NOT NULL
), pupils AS (
    SELECT ev.class_id, SUM(ev.sign) AS pupils,
           COALESCE(SUM(ev.sign) FILTER (WHERE p.sex = 'm'), 0) AS boys,
           COALESCE(SUM(ev.sign) FILTER (WHERE p.sex <> 'm'), 0) AS girls,
           COALESCE(SUM(ev.sign) FILTER (WHERE st.special_needs), 0) AS special_needs,
           COALESCE(SUM(ev.sign) FILTER (WHERE st.home_schooled), 0) AS home_schooled
      FROM ev JOIN contingent_student st ON st.id = ev.student_id JOIN core_person p ON p.id = st.person_id
  GROUP BY ev.class_id HAVING SUM(ev.sign) > 0
), last_period AS (
    SELECT p.id, p.end FROM core_period p JOIN core_academicyear y ON y.id = p.academic_year_id
     WHERE y.school_id = %(school)s AND p.end BETWEEN %(from)s AND %(to)s ORDER BY p.end DESC LIMIT 1
), marks AS (
    SELECT cs.school_class_id AS class_id,
           COUNT(*) FILTER (WHERE f.status = 'mark' AND f.value >= 4) AS good,
           COUNT(*) FILTER (WHERE f.status = 'mark' OR f.status = 'na') AS n
      FROM journal_finalmark f JOIN last_period lp ON lp.id = f.period_id
      JOIN contingent_student st ON st.id = f.student_id
      JOIN planning_classsubject cs ON cs.id = f.class_subject_id
     WHERE f.school_id = %(school)s AND (st.left_on IS NULL OR st.left_on > lp.end)
  GROUP BY 1
)
SELECT c.id, p.pupils, p.boys, p.girls, p.special_needs, p.home_schooled, ROUND(100.0 * m.good / NULLIF(m.n, 0), 2)
  FROM pupils p JOIN contingent_schoolclass c ON c.id = p.class_id LEFT JOIN marks m ON m.class_id = p.class_id
 ORDER BY c.parallel, c.letter_ru
"""


TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")
DATABASE = postmaster_pid()


def _run(func):
    """(wall ms, CPU ms of this process and the database cluster) of one call."""
    db = tree_cpu_ticks([DATABASE])
    cpu, wall = time.process_time(), time.perf_counter()
    func()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall * 1000, cpu * 1000 + (tree_cpu_ticks([DATABASE]) - db) * TICK_MS


def measure(func, reference=None, repeat=REPEAT):
    """Medians (wall ms, CPU ms) and the queries of `func`, and the medians of `reference` (one statement)
    run alternately with it: (wall, cpu, queries, ref_wall, ref_cpu)."""
    func()  # warm up (connections, caches)
    if reference:
        reference()
    statements = []
    with connection.execute_wrapper(lambda execute, *args: statements.append(1) or execute(*args)):
        func()
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(_run(func))
        if reference:
            theirs.append(_run(reference))

    def medians(runs):
        return (
            (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
            if runs
            else (None, None)
        )

    return (*medians(ours), len(statements), *medians(theirs))


def peak_memory(func):
    tracemalloc.start()
    t = time.perf_counter()
    result = func()
    elapsed = (time.perf_counter() - t) * 1000
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 2**20, result


def hand(sql, params):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def main():
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    official = get_user_model().objects.filter(username=LARGE_LOGIN).first()
    if official is None:
        sys.exit("Build the large district first: manage.py seed_demo --large-district")
    district = District.objects.get(role_assignments__user=official)
    ids = list(School.objects.filter(district=district).values_list("pk", flat=True))
    today = datetime.date.today()
    period = Period(S.school_year_start(today), today)
    params = {"schools": ids, "from": period.date_from, "to": period.date_to}
    period_dates = (period.date_from, period.date_to)
    largest = School.objects.filter(pk__in=ids).order_by("pk").first()
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.force_login(official)

    def page(url):
        def get():
            response = client.get(url, secure=True)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    students = S.contingent(ids, today, "district")
    pupils = students[0]["pupils"] if students else 0
    rows = []

    def compared(label, func, sql, sql_params, note=""):
        wall, cpu, q, sql_wall, sql_cpu = measure(func, hand(sql, sql_params))
        rows.append((label, wall, cpu, q, sql_wall, sql_cpu, cpu / sql_cpu if sql_cpu else None, note))

    # 1. the district performance summary: the section the pages and exports read, and one SQL statement
    section = X.performance(ids, period, "school")
    ours = [r[1:] for r in (section.rows[:-1] if section.total else section.rows)]
    theirs = hand(HAND_PERFORMANCE, params)()
    same = [
        tuple(float(v) if v not in (None, "—") else None for v in (r[-4], r[-3], r[-2], r[-1])) for r in ours
    ] == [tuple(float(v) if v is not None else None for v in (r[6], r[7], r[8], r[9])) for r in theirs]
    note = "same figures" if same else "DIFFERENT"
    compared(
        "District performance: figures (selector)",
        lambda: S.performance(ids, *period_dates, "school"),
        HAND_PERFORMANCE,
        params,
    )
    compared(
        "District performance summary (section)",
        lambda: X.performance(ids, period, "school"),
        HAND_PERFORMANCE,
        params,
        note,
    )
    url = reverse("reports:drilldown_level", args=["district", district.pk]) + "?metric=quality"
    compared("District drill-down page (all sections)", page(url), HAND_PERFORMANCE, params)

    # 2. the school report (a school of the large district, as the district official reads it)
    school_params = {"school": largest.pk, "from": period.date_from, "to": period.date_to}
    keys = S.CONTINGENT_KEYS[1:]
    theirs = hand(HAND_SCHOOL, school_params)()
    same = {r["key"]: tuple(r[k] for k in keys) for r in S.contingent([largest.pk], today, "class")} == {
        r[0]: tuple(r[1:6]) for r in theirs
    } and {
        r["key"]: float(r["figures"].quality) for r in S.performance([largest.pk], *period_dates, "class")
    } == {r[0]: float(r[6]) for r in theirs if r[6] is not None}

    def school_figures():
        X.contingent_by_org([largest.pk], today, "class")
        X.performance([largest.pk], period, "class")

    compared(
        "School report: pupils + quality by class",
        school_figures,
        HAND_SCHOOL,
        school_params,
        "same figures" if same else "DIFFERENT",
    )
    url = reverse("reports:school_report", args=[largest.pk])
    compared("School report page (30 sections)", page(url), HAND_SCHOOL, school_params)

    # 3. NOBD for the district: time (without tracemalloc, which slows Python several times) and peak memory
    nobd = page(reverse("reports:nobd"))
    wall, cpu, queries, _w, _c = measure(nobd)
    _traced_ms, peak, _response = peak_memory(nobd)
    rows.append(
        ("NOBD summary, district (page)", wall, cpu, queries, None, None, None, f"peak {peak:.1f} MiB")
    )

    # 4. a 100,000-row .xlsx export, streamed
    available = sum(1 for _ in movement_rows(ids, datetime.date(2000, 1, 1), today))

    def export():
        with tempfile.TemporaryFile() as tmp:
            rows_iter = itertools.islice(movement_rows(ids, datetime.date(2000, 1, 1), today), 100_000)
            write_rows(tmp, "Register of student movements", MOVEMENT_HEADERS, rows_iter)
            return tmp.tell()

    wall, cpu = _run(export)  # the time without tracemalloc's overhead
    _traced_ms, peak, size = peak_memory(export)
    exported = min(available, 100_000)
    note = f"peak {peak:.1f} MiB, {size / 2**20:.1f} MiB file"
    rows.append((f"{exported:,}-row .xlsx export (movements)", wall, cpu, None, None, None, None, note))

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COUNT(*) FROM journal_mark m JOIN journal_lesson l ON l.id = m.lesson_id"
            " WHERE l.school_id = ANY(%(s)s)), (SELECT COUNT(*) FROM journal_finalmark WHERE school_id = ANY(%(s)s)),"
            " (SELECT COUNT(*) FROM journal_lesson WHERE school_id = ANY(%(s)s))",
            {"s": ids},
        )
        marks, finals, lessons = cursor.fetchone()
    print(f"Large district: {len(ids)} schools, {pupils:,} pupils, {available:,} movements; repeat {REPEAT}")
    print(f"  {lessons:,} lessons, {marks:,} current marks, {finals:,} period marks")
    print(f"  load average {load_before} before, {' '.join(f'{x:.1f}' for x in os.getloadavg())} after")
    print(
        f"{'measure':42} {'wall ms':>8} {'CPU ms':>8} {'queries':>7} {'1 SQL wall':>10} {'1 SQL CPU':>9}"
        f" {'CPU ratio':>9}  note"
    )

    def num(v):
        return "" if v is None else f"{v:.1f}"

    for label, wall, cpu, q, sql_wall, sql_cpu, ratio, note in rows:
        print(
            f"{label:42} {wall:8.1f} {cpu:8.1f} {q if q is not None else '':>7} {num(sql_wall):>10}"
            f" {num(sql_cpu):>9} {'' if ratio is None else f'{ratio:.2f}':>9}  {note}"
        )


if __name__ == "__main__":
    main()
