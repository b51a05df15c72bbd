"""ORG-3: a person known to another organisation is neither shown nor changed by this school.

The design chosen: a refusal with a clear message that names nobody (no name, no birth date, no login)
and copies or writes nothing."""

from django.urls import reverse

from core.models import Person, RoleAssignment
from core.services import person_known_elsewhere
from staff.models import Employee
from tests.staff.factories import StaffEmployeeFactory
from tests.staff.test_pages import hire_data


def _teacher_of_school_b(cast):
    employee = StaffEmployeeFactory(school=cast.school_b, person=cast.director_b.person)
    person = Person.objects.get(pk=employee.person_id)
    return person


def test_hiring_with_the_iin_of_another_schools_teacher_is_refused_and_shows_and_changes_nothing(cast, login):
    """covers ORG-3 STF-2"""
    person = _teacher_of_school_b(cast)
    before = (person.last_name, person.first_name, person.birth_date, person.address)
    response = login(cast.hr_officer).post(
        reverse("staff:employee_hire"),
        hire_data(iin=person.iin, last_name="Другая", address="ул. Чужая, 1"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "another organisation" in html
    for secret in (person.last_name, person.first_name, cast.director_b.username):
        assert secret not in html
    person.refresh_from_db()
    assert (person.last_name, person.first_name, person.birth_date, person.address) == before
    assert not Employee.objects.filter(person=person, school=cast.school_a).exists()
    assert not RoleAssignment.objects.filter(user=cast.director_b, school=cast.school_a).exists()


def test_creating_a_user_with_another_schools_iin_does_not_answer_with_the_login(cast, login):
    """covers ORG-3 ORG-2"""
    person = _teacher_of_school_b(cast)
    response = login(cast.director).post(
        reverse("core:user_create"),
        {"last_name": "Иванова", "first_name": "Анна", "iin": person.iin, "roles": ["teacher"]},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "another organisation" in html
    assert cast.director_b.username not in html
    assert not RoleAssignment.objects.filter(user=cast.director_b, school=cast.school_a).exists()


def test_a_person_known_only_to_this_school_is_not_known_elsewhere(cast):
    """covers ORG-3"""
    assert not person_known_elsewhere(cast.teacher.person, cast.school_a)
    assert person_known_elsewhere(cast.director_b.person, cast.school_a)
    StaffEmployeeFactory(school=cast.school_b, person=cast.teacher.person)
    assert person_known_elsewhere(cast.teacher.person, cast.school_a)
