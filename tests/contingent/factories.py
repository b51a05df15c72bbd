"""Contingent test data: classes with a class teacher, students placed by orders, parents, scans."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from contingent.models import GuardianLink, Movement, MovementKind, SchoolClass
from core.models import OrderKind
from tests.factories import (
    OrderFactory,
    PersonFactory,
    SchoolClassFactory,
    StudentFactory,
    employee_of,
    make_iin,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_serial = iter(range(100, 10_000_000))


def scan(name="order.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def child_iin(birth=datetime.date(2014, 5, 17), sex="f"):
    return make_iin(birth, sex, next(_serial))


def adult_iin(birth=datetime.date(1984, 2, 3), sex="m"):
    return make_iin(birth, sex, next(_serial))


def make_class(school, parallel=5, letter="А", teacher_person=None, year=None, **kwargs):
    teacher = None
    if teacher_person is not None:
        teacher = employee_of(teacher_person, school, class_guidance_allowed=True)
    extra = {"academic_year": year} if year is not None else {}
    letters = {"А": "A", "Б": "B", "В": "V", "Г": "G"}
    return SchoolClassFactory(
        school=school,
        parallel=parallel,
        letter_ru=letter,
        letter_kk=letter,
        letter_en=letters.get(letter, letter),
        class_teacher=teacher,
        **extra,
        **kwargs,
    )


def place(student, school_class, author, date=datetime.date(2026, 9, 1), order=None):
    """Puts a student into a class the way the services do: an enrolment order and a movement row."""
    order = order or OrderFactory(
        school=student.school, author=author, kind=OrderKind.STUDENT_ENROLMENT, date=date
    )
    Movement.objects.create(
        school=student.school,
        student=student,
        kind=MovementKind.ENROLMENT,
        from_class=None,
        to_class=school_class,
        order=order,
        date=date,
    )
    student.school_class = school_class
    student.parallel = school_class.parallel
    student.save()
    return student


def make_student(school, school_class=None, author=None, sex="f", person=None, **kwargs):
    birth = datetime.date(2014, 5, 17)
    person = person or PersonFactory(
        birth_date=birth, sex=sex, iin=child_iin(birth, sex), last_name="Ахметова", first_name="Әсел"
    )
    student = StudentFactory(
        school=school, person=person, parallel=school_class.parallel if school_class else 5, **kwargs
    )
    if school_class is not None:
        place(student, school_class, author)
    return student


def make_parent(student, person=None, relation="mother"):
    person = person or PersonFactory(iin=adult_iin(), birth_date=datetime.date(1984, 2, 3), sex="f")
    return GuardianLink.objects.create(student=student, person=person, relation=relation)


def active_classes(school):
    return SchoolClass.objects.filter(school=school, is_active=True)
