"""The figures add up (RPT-4) and the percentages are what DOMAIN 2.1 defines.

The reconciliation runs on the demo data; the property test on generated schools."""

import datetime
import random

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contingent.models import Student
from contingent.reports import movement_book, nobd_summary
from core.models import AcademicYear, School
from reports import selectors as S
from reports.demo import populate_school
from tests.factories import DistrictFactory, SchoolFactory

TODAY = datetime.date.today()


def _by_key(rows, field="pupils"):
    return {r["key"]: r[field] for r in rows}


@pytest.fixture
def demo(db):
    """The demo district's people, staff, contingent (a year of movements by order, the promotion, the
    current year) and olympiad results: the apps the reconciled figures are read from."""
    from django.utils import translation

    from contingent import demo as contingent_demo
    from core import demo as core_demo
    from reports import demo as reports_demo
    from staff import demo as staff_demo

    with translation.override("ru"):
        context = core_demo.seed()
        for module in (staff_demo, contingent_demo, reports_demo):
            module.seed(context)
    return list(School.objects.values_list("pk", flat=True))


def test_demo_figures_reconcile_from_class_to_school_to_district(demo):
    """covers RPT-4 RPT-1: for every class the pupils at the start plus arrivals minus departures equal
    the pupils at the end (start and end counted independently, as of two days); a school equals the sum
    of its classes; a district the sum of its schools; a region the sum of its districts; and today's
    counts equal the students actually studying in each class."""
    ids = demo
    start, end = datetime.date(2025, 9, 1), TODAY
    day_before = start - datetime.timedelta(days=1)
    before = _by_key(S.contingent(ids, day_before, "class"))
    after = _by_key(S.contingent(ids, end, "class"))
    moves = S.class_movement(ids, start, end, "class")
    assert moves
    for r in moves:
        assert before.get(r["key"], 0) + r["arrivals"] - r["departures"] == after.get(r["key"], 0), r
    # the movement book of the contingent app tells the same story for each school
    for school in School.objects.filter(pk__in=ids):
        book = {row["school_class"].pk: row for row in movement_book(school, start, end)["rows"]}
        for r in (m for m in moves if m["key"] in book):
            assert (book[r["key"]]["start"], book[r["key"]]["end"]) == (r["start"], r["end"])

    classes = S.contingent(ids, end, "class")
    schools = S.contingent(ids, end, "school")
    districts = S.contingent(ids, end, "district")
    regions = S.contingent(ids, end, "region")
    from contingent.models import SchoolClass

    school_of = dict(
        SchoolClass.objects.filter(pk__in=[c["key"] for c in classes]).values_list("pk", "school_id")
    )
    for s in schools:
        mine = [c for c in classes if school_of[c["key"]] == s["key"]]
        for field in S.CONTINGENT_KEYS:
            expected = len(mine) if field == "classes" else sum(c[field] for c in mine)
            assert s[field] == expected, (field, s)
    for field in S.CONTINGENT_KEYS:
        assert sum(s[field] for s in schools) == districts[0][field] == regions[0][field]

    studying = Student.objects.filter(school__in=ids, status="studying", school_class__isnull=False)
    actual = {}
    for class_id in studying.values_list("school_class_id", flat=True):
        actual[class_id] = actual.get(class_id, 0) + 1
    assert after == actual

    # movement of a school over the period: start + arrivals - departures = end at school level too
    for r in S.class_movement(ids, start, end, "school"):
        assert r["start"] + r["arrivals"] - r["departures"] == _by_key(schools)[r["key"]]

    # the NOBD summed for the district equals the schools' own NOBD summaries
    district_nobd = nobd_summary(None, end, start, schools=ids)
    per_school = [nobd_summary(s, end, start) for s in School.objects.filter(pk__in=ids)]
    for field in ("classes", "pupils", "boys", "girls", "arrivals", "departures"):
        assert district_nobd["totals"][field] == sum(n["totals"][field] for n in per_school)
    assert district_nobd["totals"]["pupils"] == districts[0]["pupils"]

    # staff: start + hired - dismissed = end, and the district is the sum of its schools
    changes = S.staff_changes(ids, start, end, "school")
    for r in changes:
        assert r["start"] + r["hired"] - r["dismissed"] == r["end"]
    staff_schools = S.staff(ids, end, "school")
    staff_district = S.staff(ids, end, "district")
    for field in ("employees", "teachers", "young"):
        assert sum(r[field] for r in staff_schools) == staff_district[0][field]
    by_category = S.staff(ids, end, "district", by="category")
    assert sum(r["employees"] for r in by_category) == staff_district[0]["employees"]


def test_percentages_follow_domain_2_1_worked_example():
    """covers RPT-1: percentages are part / N x 100 with two decimals (DOMAIN 2.1: 22/25 = 88.00 %,
    14/25 = 56.00 %); nothing to divide is no figure, not zero."""
    assert S.percent(22, 25) == 88.00
    assert S.percent(14, 25) == 56.00
    assert S.percent(1403, 2500) == 56.12
    assert S.percent(5, 0) is None


SCHOOL_SPEC = st.dictionaries(
    keys=st.tuples(st.integers(min_value=0, max_value=11), st.sampled_from(["А", "Б", "В"])),
    values=st.integers(min_value=1, max_value=6),
    min_size=1,
    max_size=5,
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    specs=st.lists(SCHOOL_SPEC, min_size=1, max_size=3),
    staff=st.lists(st.integers(0, 5), min_size=3, max_size=3),
)
@pytest.mark.django_db
def test_district_figures_equal_the_sum_of_generated_schools(cast, specs, staff):
    """covers RPT-4 RPT-2 RPT-1: for generated schools, every figure of the district (contingent,
    staff, coverage, movement, graduates) equals the sum of its schools' figures, and each percentage
    equals its definition (part / whole x 100, two decimals)."""
    with transaction.atomic():
        district = DistrictFactory()
        ids = []
        for i, spec in enumerate(specs):
            school = SchoolFactory(district=district)
            years = [
                AcademicYear.objects.create(
                    school=school,
                    name=f"{y}-{y + 1}",
                    start=datetime.date(y, 9, 1),
                    end=datetime.date(y + 1, 5, 31),
                    is_current=y == 2026,
                )
                for y in (2025, 2026)
            ]
            populate_school(school, years, cast.director, spec, random.Random(i), staff_count=staff[i])
            ids.append(school.pk)
        on, start = TODAY, datetime.date(2025, 9, 1)
        checks = [
            (S.contingent, (on,), S.CONTINGENT_KEYS),
            (S.staff, (on,), ("employees", "teachers", "young", "rate")),
            (S.coverage, (on,), ("registered", "placed", "waiting", "capacity")),
            (S.movement, (start, on), ("admitted", "promoted", "graduated", "left_school")),
            (S.graduates, (start, on), ("graduates", "general", "honours")),
            (S.class_movement, (start, on), ("start", "arrivals", "departures", "end")),
        ]
        for func, args, fields in checks:
            per_school = func(ids, *args, level="school")
            whole = func(ids, *args, level="district")
            for field in fields:
                total = sum(r[field] for r in per_school)
                assert (whole[0][field] if whole else 0) == pytest.approx(total), (func.__name__, field)
        for r in S.coverage(ids, on, "district"):
            expected = round(100 * r["placed"] / r["registered"], 2) if r["registered"] else None
            assert r["placed_percent"] == expected
        for r in S.activity(ids, start, on, "district"):
            assert r["active_percent"] == (
                round(100 * r["active_users"] / r["users"], 2) if r["users"] else None
            )
        pupils = sum(sum(spec.values()) for spec in specs)
        assert S.contingent(ids, datetime.date(2025, 9, 1), "district")[0]["pupils"] == pupils
        transaction.set_rollback(True)


def test_a_changed_record_shows_in_the_report_at_once(cast):
    """covers RPT-1 RPT-4: figures are computed from the rows at each request (no stale summary): a
    student who leaves is gone from the next report."""
    from tests.contingent.conftest import build_world

    w = build_world(cast)
    ids = [cast.school_a.pk]
    before = S.contingent(ids, TODAY, "school")[0]["pupils"]
    from contingent.services import student_expel

    student_expel(
        acting_user=cast.secretary,
        student=w.other,
        reason="moved_away",
        order_number="7-в",
        left_on=TODAY,
    )
    assert S.contingent(ids, TODAY, "school")[0]["pupils"] == before - 1
