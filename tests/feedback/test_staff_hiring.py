"""Issue 9, staff: hiring without a login, positions from a catalogue, fieldsets, the IIN's date and sex."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext

from core.models import RoleAssignment
from staff.models import Employee
from staff.positions import CATALOGUE_NAMES
from tests.factories import EmployeeFactory, make_iin
from tests.staff.test_pages import hire_data

D = datetime.date


def test_a_cleaner_is_hired_without_a_login_and_without_roles(cast, login):
    """covers STF-2"""
    client = login(cast.hr_officer)
    data = hire_data(position="Уборщик служебных помещений", staff_group="support", roles=[])
    data.pop("create_login")
    response = client.post(reverse("staff:employee_hire"), data)
    employee = Employee.objects.get(person__last_name="Абилова")
    assert response.status_code == 302
    assert not get_user_model().objects.filter(person=employee.person).exists()
    assert not RoleAssignment.objects.filter(user__person=employee.person).exists()
    assert employee.hiring_order is not None and employee.position == "Уборщик служебных помещений"
    shown = client.get(response["Location"])
    assert shown.context["target"] is None and 'data-testid="no-login"' in shown.content.decode()


def test_roles_without_a_login_are_refused_with_a_reason(cast, login):
    """covers STF-2"""
    data = hire_data()
    data.pop("create_login")
    response = login(cast.hr_officer).post(reverse("staff:employee_hire"), data)
    assert response.status_code == 200 and response.context["form"].errors["roles"]
    assert not Employee.objects.exists()


def test_a_login_without_roles_is_allowed(cast, login):
    """covers STF-2"""
    login(cast.hr_officer).post(reverse("staff:employee_hire"), hire_data(roles=[]))
    employee = Employee.objects.get(person__last_name="Абилова")
    assert get_user_model().objects.filter(person=employee.person).exists()


def test_the_date_of_birth_and_the_sex_come_from_the_iin_when_left_empty(cast, login):
    """covers STF-2"""
    iin = make_iin(D(1979, 11, 30), "m", 501)
    login(cast.hr_officer).post(
        reverse("staff:employee_hire"), hire_data(iin=iin, birth_date="", sex="", last_name="Серикбаев")
    )
    person = Employee.objects.get(person__last_name="Серикбаев").person
    assert person.birth_date == D(1979, 11, 30) and person.sex == "m"


def test_without_an_iin_the_date_of_birth_and_sex_are_required(cast, login):
    """covers STF-2"""
    response = login(cast.hr_officer).post(
        reverse("staff:employee_hire"), hire_data(iin="", birth_date="", sex="")
    )
    errors = response.context["form"].errors
    assert "birth_date" in errors and "sex" in errors and not Employee.objects.exists()


def test_positions_are_chosen_from_the_catalogue_and_a_typed_one_is_refused(cast, login):
    """covers STF-2 STF-10"""
    EmployeeFactory(school=cast.school_a, position="Тьютор")
    client = login(cast.hr_officer)
    page = client.get(reverse("staff:employee_hire"))
    offered = [value for value, _label in page.context["form"].fields["position"].choices]
    assert set(CATALOGUE_NAMES) <= set(offered) and "Тьютор" in offered
    refused = client.post(reverse("staff:employee_hire"), hire_data(position="учитель матем."))
    assert refused.status_code == 200 and "position" in refused.context["form"].errors
    assert not Employee.objects.filter(person__last_name="Абилова").exists()


def test_the_hire_form_is_in_fieldsets(cast, login):
    """covers STF-2 ORG-8"""
    html = login(cast.hr_officer).get(reverse("staff:employee_hire")).content.decode()
    assert html.count("<fieldset") >= 5
    for legend in ("Personal data", "Employment", "Portal", "Identity document"):
        assert gettext(legend) in html
    assert "data-iin-fills" in html


def test_the_staffing_table_and_the_personal_file_show_the_rate_the_same_way(cast, login):
    """covers STF-3 STF-10"""
    from decimal import Decimal

    from django.utils import translation

    EmployeeFactory(school=cast.school_a, position="Учитель физики", rate=Decimal("1.5"))
    EmployeeFactory(school=cast.school_a, position="Учитель физики", rate=Decimal("3"))
    one = EmployeeFactory(school=cast.school_a, position="Учитель химии", rate=Decimal("1"))
    client = login(cast.hr_officer)
    with translation.override("ru"):
        table = client.get(reverse("staff:staffing_table"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        file = client.get(one.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "4,50" in table and "1,00" in table and "4.5<" not in table
    assert "1,00" in file
