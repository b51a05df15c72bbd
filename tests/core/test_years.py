"""Academic years and periods (PLN-1)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.models import AcademicYear, Period
from core.services import period_delete
from tests.factories import PeriodFactory


def _period(**changes):
    data = {"kind": "quarter", "name": "2 четверть", "start": "2026-11-03", "end": "2026-12-28"}
    data.update(changes)
    return data


def test_the_director_adds_a_period_inside_the_year(cast, login):
    """covers PLN-1"""
    response = login(cast.director).post(reverse("core:period_create", args=[cast.year_a.pk]), _period())
    assert response.status_code == 302
    assert cast.year_a.periods.filter(name="2 четверть").exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"start": "2026-10-20", "end": "2026-12-28"},  # overlaps the first quarter (1.09-25.10)
        {"start": "2027-05-01", "end": "2027-06-15"},  # ends after the year
        {"start": "2026-12-28", "end": "2026-11-03"},  # ends before it starts
        {"name": "  "},
    ],
)
def test_overlapping_outside_reversed_or_unnamed_periods_are_refused(cast, login, changes):
    """covers PLN-1 ORG-8"""
    response = login(cast.director).post(
        reverse("core:period_create", args=[cast.year_a.pk]), _period(**changes)
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert cast.year_a.periods.count() == 1


def test_the_database_itself_refuses_overlapping_periods(cast):
    """covers PLN-1"""
    with pytest.raises(IntegrityError), transaction.atomic():
        Period.objects.create(
            academic_year=cast.year_a,
            name="x",
            start=datetime.date(2026, 10, 1),
            end=datetime.date(2026, 11, 1),
        )


def test_a_period_without_planned_subjects_can_be_deleted(cast):
    """covers PLN-1"""
    period = PeriodFactory(
        academic_year=cast.year_a, name="2", start=datetime.date(2026, 11, 3), end=datetime.date(2026, 12, 28)
    )
    assert not period.has_planning()
    period_delete(acting_user=cast.director, period=period)
    assert not Period.objects.filter(pk=period.pk).exists()


def test_a_new_current_year_replaces_the_previous_current_one(cast, login):
    """covers PLN-1"""
    response = login(cast.director).post(
        reverse("core:year_create"),
        {"name": "2027-2028", "start": "2027-09-01", "end": "2028-05-31", "is_current": "on"},
    )
    assert response.status_code == 302
    assert list(
        AcademicYear.objects.filter(school=cast.school_a, is_current=True).values_list("name", flat=True)
    ) == ["2027-2028"]


def test_overlapping_years_are_refused_with_a_message(cast, login):
    """covers PLN-1"""
    response = login(cast.director).post(
        reverse("core:year_create"), {"name": "2026-2027b", "start": "2027-01-01", "end": "2027-08-31"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert AcademicYear.objects.filter(school=cast.school_a).count() == 1


def test_the_years_page_runs_the_same_queries_for_one_and_many_periods(cast, login, count_queries):
    """covers PLN-1"""
    client = login(cast.director)
    one = count_queries(lambda: client.get(reverse("core:year_list")))
    for month in (11, 12):
        PeriodFactory(
            academic_year=cast.year_a,
            name=str(month),
            start=datetime.date(2026, month, 1),
            end=datetime.date(2026, month, 20),
        )
    assert count_queries(lambda: client.get(reverse("core:year_list"))) == one
