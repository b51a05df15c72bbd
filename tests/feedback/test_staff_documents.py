"""Issue 9, staff: dismissal ends what follows it; orders and certificates in the right case and sex."""

import datetime

from django.urls import reverse
from django.utils import translation

from core.declension import decline_parts, full_name_in
from staff.models import Absence, AbsenceKind, Delegation
from staff.services import absence_register, delegation_create, employee_dismiss
from tests.factories import EmployeeFactory, PersonFactory
from tests.staff.conftest import file_of

D = datetime.date
hire_date = D(2015, 8, 25)


def test_russian_names_are_declined_by_sex_and_kazakh_patronymics_stay_as_written():
    """covers STF-5 STF-6"""
    assert decline_parts("Тестова", "Айжан", "Маратовна", "f", "dative") == ("Тестовой", "Айжан", "Маратовне")
    assert decline_parts("Абенов", "Нурлан", "Серикович", "m", "accusative") == (
        "Абенова",
        "Нурлана",
        "Сериковича",
    )
    assert decline_parts("Абенов", "Нурлан", "Маратұлы", "m", "dative")[2] == "Маратұлы"
    assert decline_parts("Ким", "Ольга", "", "", "dative") == ("Ким", "Ольга", "")


def test_a_leave_order_in_russian_names_the_employee_in_the_dative(cast):
    """covers STF-5"""
    person = PersonFactory(last_name="Тестова", first_name="Айжан", patronymic="Маратовна", sex="f")
    employee = EmployeeFactory(school=cast.school_a, person=person, hired_on=hire_date)
    with translation.override("ru"):
        leave = absence_register(
            acting_user=cast.hr_officer,
            employee=employee,
            kind=AbsenceKind.LEAVE,
            leave_type="annual",
            start=D(2026, 10, 1),
            end=D(2026, 10, 5),
        )
        assert "Предоставить Тестовой Айжан Маратовне" in leave.order.content
    with translation.override("kk"):
        assert full_name_in(person, "dative") == "Тестова Айжан Маратовна"


def test_the_employment_certificate_agrees_with_the_sex_and_declines_the_name(cast, login):
    """covers STF-4"""
    import io

    from openpyxl import load_workbook

    person = PersonFactory(last_name="Тестова", first_name="Айжан", patronymic="Маратовна", sex="f")
    employee = EmployeeFactory(school=cast.school_a, person=person, hired_on=hire_date)
    client = login(cast.hr_officer)
    client.post(reverse("core:set_language"), {"language": "ru"})
    response = client.get(reverse("staff:certificate", args=[employee.pk]))
    text = " ".join(
        str(c.value)
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
        for c in row
        if c.value
    )
    assert "Тестовой Айжан Маратовне" in text
    assert "она" in text and "он(а)" not in text


def test_dismissal_cancels_later_leave_and_ends_leave_and_delegations_across_it(cast):
    """covers STF-6"""
    leaving = file_of(cast.teacher, cast.school_a, hired_on=hire_date)
    other = file_of(cast.class_teacher, cast.school_a, hired_on=hire_date)
    across = absence_register(
        acting_user=cast.hr_officer,
        employee=leaving,
        kind=AbsenceKind.LEAVE,
        leave_type="annual",
        start=D(2026, 12, 20),
        end=D(2027, 1, 10),
    )
    later = absence_register(
        acting_user=cast.hr_officer,
        employee=leaving,
        kind=AbsenceKind.TIME_OFF,
        start=D(2027, 2, 1),
        end=D(2027, 2, 2),
    )
    delegation = delegation_create(
        acting_user=cast.director,
        employee=leaving,
        delegate=other,
        role="teacher",
        valid_from=D(2026, 12, 20),
        valid_to=D(2027, 1, 10),
    )
    employee_dismiss(
        acting_user=cast.hr_officer, employee=leaving, reason="По собственному желанию", date=D(2026, 12, 30)
    )
    across.refresh_from_db()
    assert across.end == D(2026, 12, 30) and across.planned_end == D(2027, 1, 10)
    assert not Absence.objects.filter(pk=later.pk).exists()
    delegation = Delegation.objects.get(pk=delegation.pk)
    assert delegation.valid_to == D(2026, 12, 30) and delegation.assignment.valid_to == D(2026, 12, 30)


def test_the_dismissal_page_lists_what_ends_with_the_employment(cast, login):
    """covers STF-6"""
    leaving = file_of(cast.teacher, cast.school_a, hired_on=hire_date)
    absence_register(
        acting_user=cast.hr_officer,
        employee=leaving,
        kind=AbsenceKind.LEAVE,
        leave_type="annual",
        start=D(2030, 7, 1),
        end=D(2030, 7, 20),
    )
    page = login(cast.hr_officer).get(reverse("staff:dismiss", args=[leaving.pk]))
    assert 'data-testid="following-dismissal"' in page.content.decode()
