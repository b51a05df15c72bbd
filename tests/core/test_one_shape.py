"""Issue 8's remaining shape rules: impossible dates refused by the database too (ORG-8), one trimming
rule for typed and chosen values (ORG-8), long forms in fieldsets, the personal file written by its
service (CON-5), one movement into a class for enrolment and admission (CON-2)."""

import datetime

import pytest
from django import forms
from django.db import IntegrityError, transaction
from django.urls import reverse

from contingent.models import Movement, MovementKind
from contingent.services import student_admit, student_enrol, student_update_file
from core.forms import PortalForm
from core.models import Order, OrderKind, Person
from core.services import OperationError
from staff.models import Employee
from tests.contingent.factories import make_class, make_student, scan
from tests.factories import EmployeeFactory, PersonFactory
from tests.staff.conftest import file_of

D = datetime.date


@pytest.fixture
def staffed(cast):
    return file_of(cast.teacher, cast.school_a, position="Учитель математики")


@pytest.mark.parametrize("day", [D(1, 1, 1), D(9999, 12, 31)])
def test_impossible_dates_are_refused_by_the_database(cast, day):
    """covers ORG-8: birth, hiring, admission and order dates keep 1900-2100 as a database rule"""
    employee = EmployeeFactory(school=cast.school_a)
    student = make_student(cast.school_a)
    writes = [
        lambda: Person.objects.filter(pk=employee.person_id).update(birth_date=day),
        lambda: Employee.objects.filter(pk=employee.pk).update(hired_on=day),
        lambda: Employee.objects.filter(pk=employee.pk).update(
            dismissed_on=D(9999, 12, 31)
        ),  # after the hiring, past the range
        lambda: type(student).objects.filter(pk=student.pk).update(admitted_on=day),
        lambda: Order.objects.create(
            school=cast.school_a,
            kind=OrderKind.GENERAL,
            number="1",
            date=day,
            content="x",
            author=cast.director,
        ),
    ]
    refused = 0
    for write in writes:
        try:
            with transaction.atomic():
                write()
        except IntegrityError:
            refused += 1
    assert refused == len(writes)


def test_a_chosen_value_is_trimmed_like_a_typed_one(db):
    """covers ORG-8: core trims every value before its checks, a choice's too"""

    class Form(PortalForm):
        kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
        kinds = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")])
        name = forms.CharField()

    form = Form({"kind": " a ", "kinds": [" b", "a "], "name": "  Ким "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"kind": "a", "kinds": ["b", "a"], "name": "Ким"}


@pytest.mark.parametrize(
    ("user", "url", "legends"),
    [
        ("director", lambda cast, _s: reverse("core:school_edit", args=[cast.school_a.pk]), 4),
        ("hr_officer", lambda _c, staffed: reverse("staff:section_edit", args=[staffed.pk, "personal"]), 2),
        ("hr_officer", lambda _c, _s: reverse("staff:employee_hire"), 6),
        (
            "secretary",
            lambda cast, _s: reverse("contingent:student_edit", args=[make_student(cast.school_a).pk]),
            3,
        ),
    ],
)
def test_long_forms_are_laid_out_in_fieldsets(cast, login, staffed, user, url, legends):
    """covers ORG-8: the long forms use crispy Layout with fieldsets, every field still on the page"""
    page = login(getattr(cast, user)).get(url(cast, staffed))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<fieldset") >= legends and html.count("<legend") >= legends
    for name in page.context["form"].fields:
        assert f'name="{name}"' in html, name


def test_the_personal_file_is_written_by_its_service_with_the_acting_user(cast, login):
    """covers CON-5: the edit page calls student_update_file; a class teacher keeps only her class's files"""
    student = make_student(cast.school_a)
    other = PersonFactory(iin="030405600123", birth_date=D(2003, 4, 5), sex="f")
    with pytest.raises(OperationError):
        student_update_file(
            acting_user=cast.secretary,
            student=student,
            person_data={"iin": other.iin},
            student_data={},
        )
    with pytest.raises(OperationError):
        student_update_file(
            acting_user=cast.teacher, student=student, person_data={"phone": "1"}, student_data={}
        )
    updated = student_update_file(
        acting_user=cast.secretary,
        student=student,
        person_data={"phone": "+7 700 1"},
        student_data={"scholarship": "Да"},
    )
    updated.person.refresh_from_db()
    assert updated.person.phone == "+7 700 1" and updated.scholarship == "Да"


def test_enrolment_and_admission_make_the_same_movement_into_a_class(cast):
    """covers CON-2 ADM-4: one shape for every movement into a class: the order, the movement, the class"""
    school_class = make_class(cast.school_a, 5, "А")
    waiting = make_student(cast.school_a)
    enrolled = student_enrol(
        acting_user=cast.secretary,
        student=waiting,
        to_class=school_class,
        order_number="E-1",
        order_date=D(2026, 9, 1),
        content="Зачислить",
        scan=scan(),
    )
    person = PersonFactory(birth_date=D(2015, 1, 2), sex="m")
    admitted, order = student_admit(
        acting_user=cast.secretary,
        person=person,
        to_class=school_class,
        residency="resident",
        admitted_on=D(2026, 9, 1),
        order_kind=OrderKind.STUDENT_ADMISSION,
        order_number="A-1",
        order_date=D(2026, 9, 1),
        content="Принять",
    )
    for student in (enrolled, admitted):
        student.refresh_from_db()
        move = Movement.objects.get(student=student)
        assert (move.kind, move.from_class, move.to_class) == (MovementKind.ENROLMENT, None, school_class)
        assert student.school_class == school_class and student.parallel == 5
    assert order.kind == OrderKind.STUDENT_ADMISSION and not order.scan
