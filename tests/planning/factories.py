"""A small planned school for the planning tests: school A of the cast with one class, subjects,
rooms, bells, teachers (the cast's teacher among them) and optionally a published timetable."""

import datetime
from types import SimpleNamespace

from planning.models import Bell, BellSchedule, Room, Subject, Timetable, TimetableLesson
from planning.services import class_subject_add, timetable_create, timetable_publish
from tests.factories import (
    EmployeeFactory,
    PersonFactory,
    SchoolClassFactory,
    StudentFactory,
    employee_of,
    make_iin,
)

_counter = {"n": 0}


def teacher(school, position="Учитель", person=None):
    _counter["n"] += 1
    if person is not None:
        return employee_of(person, school, position=position, staff_group="teaching")
    person = PersonFactory(iin=make_iin(datetime.date(1980, 1, 1), "f", 5000 + 10 * _counter["n"]))
    return EmployeeFactory(school=school, person=person, position=position, staff_group="teaching")


def subject(name, **kwargs):
    found = Subject.objects.filter(school=None, name_ru=name).first()
    return found or Subject.objects.create(school=None, name_ru=name, name_kk=name, name_en=name, **kwargs)


def school_class(cast, students=4, **kwargs):
    _counter["n"] += 1
    kwargs.setdefault("letter_ru", f"К{_counter['n']}")
    kwargs.setdefault("letter_kk", kwargs["letter_ru"])
    kwargs.setdefault("letter_en", f"K{_counter['n']}")
    sc = SchoolClassFactory(school=cast.school_a, academic_year=cast.year_a, **kwargs)
    for i in range(students):
        StudentFactory(
            school=cast.school_a,
            school_class=sc,
            person=PersonFactory(
                birth_date=datetime.date(2014, 1, 1),
                sex="m" if i % 2 else "f",
                iin=make_iin(datetime.date(2014, 1, 1), "m" if i % 2 else "f", 7000 + 10 * (sc.pk * 50 + i)),
            ),
        )
    return sc


def bells(school, count=7):
    schedule = BellSchedule.objects.create(school=school, name="Смена 1", shift=1)
    for n in range(1, count + 1):
        Bell.objects.create(
            schedule=schedule, number=n, starts=datetime.time(7 + n, 0), ends=datetime.time(7 + n, 45)
        )
    return schedule


def plan(cast, publish=False):
    """One class 5 with Mathematics (the cast's teacher) and English (another teacher), rooms, bells;
    built once per cast (the URL matrix asks for it once per role)."""
    ns = cast.__dict__.get("_planning")
    if ns is None:
        ns = cast.__dict__["_planning"] = _plan(cast)
    if publish and ns.timetable is None:
        _publish(cast, ns)
    return ns


def _plan(cast):
    director = cast.director
    sc = school_class(cast)
    own = teacher(cast.school_a, "Учитель математики", person=cast.teacher.person)
    other = teacher(cast.school_a, "Учитель английского языка")
    math = subject("Математика", difficulty=10)
    eng = subject("Английский язык", difficulty=7)
    room = Room.objects.create(school=cast.school_a, name="101")
    room2 = Room.objects.create(school=cast.school_a, name="102")
    bells(cast.school_a)
    m = class_subject_add(
        acting_user=director, school_class=sc, year=cast.year_a, subject=math, weekly_hours=3
    )
    e = class_subject_add(
        acting_user=director, school_class=sc, year=cast.year_a, subject=eng, weekly_hours=2
    )
    m.subgroups.update(teacher=own)
    e.subgroups.update(teacher=other)
    return SimpleNamespace(
        school_class=sc,
        teacher=own,
        other=other,
        math=m,
        eng=e,
        room=room,
        room2=room2,
        math_group=m.subgroups.get(),
        eng_group=e.subgroups.get(),
        timetable=None,
    )


def _publish(cast, ns):
    director, own, other, room, room2 = cast.director, ns.teacher, ns.other, ns.room, ns.room2
    if True:
        tt = timetable_create(acting_user=director, school=cast.school_a, year=cast.year_a, name="Расписание")
        for weekday in (1, 2, 3):
            TimetableLesson.objects.create(
                timetable=tt, subgroup=ns.math_group, weekday=weekday, number=1, room=room, teacher=own
            )
        for weekday in (1, 4):
            TimetableLesson.objects.create(
                timetable=tt, subgroup=ns.eng_group, weekday=weekday, number=2, room=room2, teacher=other
            )
        ns.timetable = timetable_publish(acting_user=director, timetable=tt)


def draft(cast):
    return Timetable.objects.create(school=cast.school_a, academic_year=cast.year_a, name="Черновик")


def absence(cast):
    """A leave of the cast's teacher over the week of 7 September 2026 (cached per cast)."""
    from tests.staff.factories import AbsenceFactory

    ns = plan(cast, publish=True)
    if getattr(ns, "absence", None) is None:
        ns.absence = AbsenceFactory(employee=ns.teacher, start=datetime.date(2026, 9, 7))
    return ns.absence
