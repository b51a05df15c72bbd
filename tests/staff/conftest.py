import datetime

import pytest

from core.models import RoleAssignment
from tests.factories import employee_of
from tests.staff.factories import StaffEmployeeFactory


@pytest.fixture
def hire_date():
    return datetime.date(2015, 8, 25)


def file_of(user, school, **kwargs):
    """The personal file of a cast user (her person) at a school."""
    return employee_of(user.person, school, factory=StaffEmployeeFactory, **kwargs)


@pytest.fixture
def staffed(cast):
    """School A's employees: a teacher with a login and roles, and the HR officer's own file."""
    teacher_file = file_of(cast.teacher, cast.school_a, position="Учитель математики")
    file_of(cast.hr_officer, cast.school_a, position="Инспектор отдела кадров", staff_group="support")
    return teacher_file


@pytest.fixture
def roles_of():
    def _roles(user):
        return sorted(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))

    return _roles
