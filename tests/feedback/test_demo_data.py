"""Issue 9: the demo district is believable, and the book of movement's totals add up on it."""

import datetime

import pytest
from django.core.management import call_command

from contingent.models import GuardianLink, Student
from contingent.reports import movement_book
from core.models import School
from staff.models import Employee


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def _age(born, on):
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_the_demo_district_is_believable_and_its_book_of_movement_adds_up(demo):
    """covers STF-2 STF-3 STF-9 CON-1 CON-5 CON-12 (one seeding of the demo for all three checks)"""
    _staff_are_of_working_age_when_hired_and_their_seniority_fits()
    _students_are_of_their_parallels_age_and_parents_are_older()
    _every_total_of_the_book_of_movement_is_the_sum_of_its_column()


def _staff_are_of_working_age_when_hired_and_their_seniority_fits():
    for e in Employee.objects.select_related("person"):
        born = e.person.birth_date
        assert born is not None, e
        assert 18 <= _age(born, e.hired_on) <= 65, (e, born, e.hired_on)
        years_since_18 = e.hired_on.year - born.year - 18 + (datetime.date.today().year - e.hired_on.year)
        assert e.seniority_total <= years_since_18 + 1, (e, e.seniority_total)
        assert e.seniority_at_school <= e.seniority_total
        if e.attested_on:
            assert e.attested_on >= e.hired_on, e
        for education in e.education.all():
            if education.graduation_year:
                assert education.graduation_year - born.year >= 17, e


def _students_are_of_their_parallels_age_and_parents_are_older():
    today = datetime.date(2026, 9, 1)
    for s in Student.objects.current().select_related("person"):
        age = _age(s.person.birth_date, today)
        assert 5 <= age - s.parallel <= 8, (s, age, s.parallel)
    for link in GuardianLink.objects.select_related("person", "student__person"):
        if link.person.birth_date and link.student.person.birth_date:
            gap = _age(link.person.birth_date, link.student.person.birth_date)
            assert gap >= 18, (link, gap)


def _every_total_of_the_book_of_movement_is_the_sum_of_its_column():
    for school in School.objects.all():
        data = movement_book(school, datetime.date(2025, 9, 1), datetime.date(2026, 12, 31))
        assert data["rows"], school
        for key, total in data["total"].items():
            assert total == sum(r[key] for r in data["rows"]), key
        for r in data["rows"]:
            assert r["start"] + r["arrivals"] - r["departures"] == r["end"]
            assert r["arrivals_new"] <= r["arrivals"] and r["departures_left"] <= r["departures"]
