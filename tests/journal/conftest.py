"""The journal's world on top of the contingent's: 5 А of school A learns mathematics from the cast's
teacher in a second quarter that holds today; lessons are made by hand unless a test publishes a
timetable."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from core.models import Period
from journal.models import Lesson
from planning.models import ClassSubject, Subgroup, Subject
from tests.contingent.conftest import build_world
from tests.contingent.factories import make_class, make_student
from tests.factories import EmployeeFactory, employee_of, next_period


@dataclass
class JournalWorld:
    contingent: object
    period1: object
    period2: object
    teacher: object  # the cast teacher's Employee
    subject: object
    class_subject: object
    subgroup: object
    students: list = field(default_factory=list)  # of 5 А, the parent's child first
    lesson: object = None  # today's lesson in period 2
    other_subgroup: object = None  # school B's mathematics
    other_lesson: object = None
    other_student: object = None


def make_lesson(subgroup, period, date, number=1, teacher=None, **kwargs):
    school = subgroup.class_subject.school_class.school
    return Lesson.objects.create(
        school=school,
        period=period,
        subgroup=subgroup,
        date=date,
        number=number,
        teacher=teacher or subgroup.teacher,
        starts=datetime.time(8, 30),
        ends=datetime.time(9, 15),
        **kwargs,
    )


def subject(name_ru="Математика", name_kk="Математика", name_en="Mathematics"):
    return Subject.objects.get_or_create(
        school=None,
        name_ru=name_ru,
        defaults={"name_kk": name_kk, "name_en": name_en, "code": "MAT", "difficulty": 8},
    )[0]


def add_students(school_class, n, author):
    return [make_student(school_class.school, school_class, author) for _ in range(n)]


def build_journal(cast, extra_students=2):
    if "_journal" in cast.__dict__:
        return cast.__dict__["_journal"]
    w = build_world(cast)
    today = timezone.localdate()
    period1 = cast.period_a
    period2 = next_period(
        cast.year_a,
        "2 четверть",
        start=period1.end + datetime.timedelta(days=8),
        end=max(today + datetime.timedelta(days=20), period1.end + datetime.timedelta(days=30)),
    )
    teacher = employee_of(cast.teacher.person, cast.school_a)
    math = subject()
    cs = ClassSubject.objects.create(
        school_class=w.class_a, subject=math, academic_year=cast.year_a, weekly_hours=4
    )
    sg = Subgroup.objects.create(class_subject=cs, kind="main", teacher=teacher)
    students = [w.child, *add_students(w.class_a, extra_students, cast.secretary)]
    lesson = make_lesson(sg, period2, today)
    class_b = w.class_other_school
    other_teacher = EmployeeFactory(school=cast.school_b)
    year_b = class_b.academic_year
    period_b = Period.objects.create(
        academic_year=year_b,
        name="2",
        start=today - datetime.timedelta(days=10),
        end=today + datetime.timedelta(days=10),
    )
    cs_b = ClassSubject.objects.create(
        school_class=class_b, subject=math, academic_year=year_b, weekly_hours=4
    )
    sg_b = Subgroup.objects.create(class_subject=cs_b, kind="main", teacher=other_teacher)
    other_lesson = make_lesson(sg_b, period_b, today)
    jw = JournalWorld(
        contingent=w,
        period1=period1,
        period2=period2,
        teacher=teacher,
        subject=math,
        class_subject=cs,
        subgroup=sg,
        students=students,
        lesson=lesson,
        other_subgroup=sg_b,
        other_lesson=other_lesson,
        other_student=w.student_other_school,
    )
    cast.__dict__["_journal"] = jw
    return jw


@pytest.fixture
def jw(cast):
    return build_journal(cast)


__all__ = ["make_class", "make_lesson", "add_students", "build_journal"]
