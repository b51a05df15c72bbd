"""Administration > Users and roles (ORG-2) and delegation periods."""

import datetime

import pytest
from django.urls import reverse

from core.models import RoleAssignment
from core.permissions import Perm, forget_cached_permissions, has_permission
from core.services import OperationError, role_assign, role_remove, user_create
from tests.factories import RoleFactory


def test_one_person_holds_several_roles_and_gets_the_union_of_their_rights(cast):
    """covers ORG-2"""
    user = cast.hr_officer
    assert not has_permission(user, Perm.CONTINGENT_MOVE, cast.school_a)
    role_assign(acting_user=cast.director, user=user, school=cast.school_a, role="secretary")
    forget_cached_permissions(user)
    assert has_permission(user, Perm.CONTINGENT_MOVE, cast.school_a)
    assert has_permission(user, Perm.STAFF_MANAGE, cast.school_a)
    assert not has_permission(user, Perm.STAFF_MANAGE, cast.school_b)


def test_the_director_appoints_the_school_administrator_who_then_assigns_duties(cast, client):
    """covers ORG-2"""
    user, password = user_create(
        acting_user=cast.director,
        school=cast.school_a,
        last_name="Оспанов",
        first_name="Нурлан",
        roles=["school_admin"],
    )
    assert user.must_change_password and len(password) >= 10
    role_assign(acting_user=user, user=cast.parent, school=cast.school_a, role="teacher")
    assert RoleAssignment.objects.filter(user=cast.parent, role="teacher").exists()
    with pytest.raises(OperationError):  # above the administrator's own rights (ORG-2)
        role_assign(acting_user=user, user=cast.teacher, school=cast.school_a, role="records_clerk")
    with pytest.raises(OperationError):
        role_assign(acting_user=user, user=cast.teacher, school=cast.school_a, role="director")
    with pytest.raises(OperationError):
        role_assign(acting_user=user, user=cast.teacher, school=cast.school_a, role="school_admin")


def test_a_teacher_cannot_assign_roles_and_nobody_assigns_roles_in_another_school(cast):
    """covers ORG-2 ORG-3"""
    with pytest.raises(OperationError):
        role_assign(acting_user=cast.teacher, user=cast.parent, school=cast.school_a, role="records_clerk")
    with pytest.raises(OperationError):
        role_assign(acting_user=cast.director, user=cast.teacher, school=cast.school_b, role="teacher")


def test_the_same_role_twice_is_refused_with_a_message(cast):
    """covers ORG-2"""
    with pytest.raises(OperationError):
        role_assign(acting_user=cast.director, user=cast.teacher, school=cast.school_a, role="teacher")


def test_a_role_for_a_period_is_active_only_inside_it(cast):
    """covers ORG-2: delegation of duties follows the period (STF-7 builds on it)."""
    RoleFactory(
        user=cast.teacher,
        role="hr_officer",
        school=cast.school_a,
        valid_from=datetime.date(2026, 10, 1),
        valid_to=datetime.date(2026, 10, 14),
    )
    active = RoleAssignment.objects.active
    assert active(on=datetime.date(2026, 10, 5)).filter(user=cast.teacher, role="hr_officer").exists()
    assert not active(on=datetime.date(2026, 10, 15)).filter(user=cast.teacher, role="hr_officer").exists()
    assert not active(on=datetime.date(2026, 9, 30)).filter(user=cast.teacher, role="hr_officer").exists()


def test_removing_a_role_takes_the_right_away_and_is_in_the_history(cast, login):
    """covers ORG-2 ORG-7"""
    from pghistory.models import Events

    assignment = RoleAssignment.objects.get(user=cast.records_clerk, role="records_clerk")
    client = login(cast.director)
    assert client.post(reverse("core:role_remove", args=[assignment.pk])).status_code == 302
    forget_cached_permissions(cast.records_clerk)
    assert not has_permission(cast.records_clerk, Perm.BLANKS_MANAGE, cast.school_a)
    deleted = Events.objects.tracks(assignment).filter(pgh_label="delete").get()
    assert deleted.pgh_context["user"] == cast.director.pk


def test_a_director_cannot_remove_her_own_director_role(cast):
    """covers ORG-2"""
    own = RoleAssignment.objects.get(user=cast.director, role="director")
    with pytest.raises(OperationError):
        role_remove(acting_user=cast.director, assignment=own)


def test_the_users_page_creates_a_login_shown_once(cast, login):
    """covers ORG-2"""
    response = login(cast.director).post(
        reverse("core:user_create"),
        {
            "last_name": " Әлиева ",
            "first_name": "Гүлнұр",
            "patronymic": "",
            "iin": "",
            "email": "",
            "roles": ["teacher", "class_teacher"],
        },
    )
    assert response.status_code == 200
    assert response.context["password"]
    user = response.context["target"]
    assert user.person.last_name == "Әлиева"
    assert user.username == "alieva.g"
    assert set(user.role_assignments.values_list("role", flat=True)) == {"teacher", "class_teacher"}


def test_a_bad_name_or_iin_on_the_users_page_saves_nothing(cast, login):
    """covers ORG-8"""
    from core.models import Person

    before = Person.objects.count()
    response = login(cast.director).post(
        reverse("core:user_create"),
        {"last_name": "Ив4нов", "first_name": "", "iin": "123456789012", "roles": ["teacher"]},
    )
    assert set(response.context["form"].errors) >= {"last_name", "first_name", "iin"}
    assert Person.objects.count() == before


def test_the_users_list_runs_the_same_queries_for_1_and_30_users(cast, login, count_queries):
    """covers ORG-2"""
    client = login(cast.director)
    base = count_queries(lambda: client.get(reverse("core:user_list")))
    for _ in range(30):
        RoleFactory(role="teacher", school=cast.school_a)
    assert count_queries(lambda: client.get(reverse("core:user_list"))) == base


def test_the_schools_registry_runs_the_same_queries_for_2_and_30_schools(cast, login, count_queries):
    """covers ORG-1"""
    from tests.factories import SchoolFactory

    client = login(cast.district_official)
    base = count_queries(lambda: client.get(reverse("core:school_list")))
    for _ in range(28):
        SchoolFactory(district=cast.district)
    assert count_queries(lambda: client.get(reverse("core:school_list"))) == base
