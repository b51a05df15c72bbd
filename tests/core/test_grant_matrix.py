"""ORG-2: the one rule of granting (core.permissions.ROLE_GRANTS), walked over the whole matrix of
granter role x role: assigning, removing, resetting the holder's password, and nobody for himself."""

import pytest

from core.models import RoleAssignment
from core.models.roles import Role
from core.permissions import ROLE_GRANTS, ROLE_PERMISSIONS, SELF_SERVICE, Perm, grantable_roles
from core.services import (
    SCHOOL_ASSIGNABLE_ROLES,
    OperationError,
    password_reset,
    role_assign,
    role_remove,
)
from tests.factories import RoleFactory, UserFactory


def _granter(cast, role):
    user = UserFactory()
    if role == Role.SYSTEM_ADMIN:
        RoleFactory(user=user, role=role, school=None, district=None)
    elif role == Role.DISTRICT_OFFICIAL:
        RoleFactory(user=user, role=role, school=None, district=cast.district)
    else:
        RoleFactory(user=user, role=role, school=cast.school_a)
    return user


def _refused(operation, **kwargs):
    try:
        operation(**kwargs)
    except OperationError:
        return True
    return False


def test_the_grant_table_names_every_role_and_gives_no_right_the_granter_lacks():
    """covers ORG-2: nobody grants a role carrying rights above his own (self-service rights apart)"""
    assert set(ROLE_GRANTS) == set(Role)
    for granter, granted in ROLE_GRANTS.items():
        own = ROLE_PERMISSIONS[granter] | SELF_SERVICE
        for role in granted:
            above = ROLE_PERMISSIONS[role] - own
            assert not above, f"{granter} grants {role}, which carries {sorted(above)}"


def test_the_whole_matrix_of_granter_and_role(cast):
    """covers ORG-2: assign, remove and reset the password exactly as ROLE_GRANTS says, for every pair"""
    wrong = []
    for granter_role in Role:
        granter = _granter(cast, granter_role)
        door = granter_role in {r for r in Role if Perm.USERS_MANAGE in ROLE_PERMISSIONS[r]}
        for role in SCHOOL_ASSIGNABLE_ROLES:
            expected = door and role in ROLE_GRANTS[granter_role]
            target = UserFactory()
            assigned = not _refused(
                role_assign, acting_user=granter, user=target, school=cast.school_a, role=role
            )
            holder = UserFactory()
            assignment = RoleFactory(user=holder, role=role, school=cast.school_a)
            reset = not _refused(password_reset, acting_user=granter, user=holder, school=cast.school_a)
            removed = not _refused(role_remove, acting_user=granter, assignment=assignment)
            for what, got in (("assign", assigned), ("reset", reset), ("remove", removed)):
                if got != expected:
                    wrong.append(f"{granter_role} {what} {role}: {'allowed' if got else 'refused'}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("granter_role", [Role.DIRECTOR, Role.SCHOOL_ADMIN, Role.SYSTEM_ADMIN])
def test_nobody_grants_removes_or_resets_for_himself(cast, granter_role):
    """covers ORG-2: admin.a gave itself the HR officer's role; nobody does that, not even the director"""
    granter = _granter(cast, granter_role)
    for role in grantable_roles(granter, cast.school_a) & set(SCHOOL_ASSIGNABLE_ROLES):
        assert _refused(role_assign, acting_user=granter, user=granter, school=cast.school_a, role=role)
    own = RoleFactory(user=granter, role=Role.TEACHER, school=cast.school_a)
    assert _refused(role_remove, acting_user=granter, assignment=own)
    assert _refused(password_reset, acting_user=granter, user=granter, school=cast.school_a)
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_the_administrator_cannot_reset_the_password_of_a_person_holding_a_higher_role(cast):
    """covers ORG-2: admin.a reset deputy.a's password and logged in as her"""
    assert _refused(
        password_reset, acting_user=cast.school_admin, user=cast.deputy_director, school=cast.school_a
    )
    RoleFactory(user=cast.teacher, role=Role.HR_OFFICER, school=cast.school_a)
    assert _refused(password_reset, acting_user=cast.school_admin, user=cast.teacher, school=cast.school_a)
    assert not _refused(password_reset, acting_user=cast.school_admin, user=cast.parent, school=cast.school_a)


def test_the_roles_page_offers_only_grantable_roles_and_buttons_that_work(cast, login):
    """covers ORG-2: the form's choices and the remove/reset buttons follow the same rule"""
    from django.urls import reverse

    client = login(cast.school_admin)
    page = client.get(reverse("core:user_roles", args=[cast.deputy_director.pk]))
    offered = {v for v, _label in page.context["form"].fields["role"].choices}
    assert offered == {"teacher", "parent", "student"}
    html = page.content.decode()
    assert reverse("core:user_password_reset", args=[cast.deputy_director.pk]) not in html
    deputy_role = RoleAssignment.objects.get(user=cast.deputy_director, role="deputy_director")
    assert reverse("core:role_remove", args=[deputy_role.pk]) not in html
    own = client.post(reverse("core:user_roles", args=[cast.school_admin.pk]), {"role": "teacher"})
    assert (
        own.status_code == 200
        and not RoleAssignment.objects.filter(user=cast.school_admin, role="teacher").exists()
    )


def test_staff_hiring_and_delegation_offer_only_what_the_hr_officer_may_grant(cast):
    """covers ORG-2 STF-2 STF-7: hr.a delegated the deputy director's role to its own file"""
    from staff.services import assignable_roles

    assert set(assignable_roles(cast.hr_officer, cast.school_a)) == {Role.HR_OFFICER, Role.TEACHER}
    assert Role.DIRECTOR in assignable_roles(cast.director, cast.school_a)


def test_the_hr_officer_cannot_delegate_duties_to_her_own_file_nor_above_her_rights(cast):
    """covers ORG-2 STF-7"""
    import datetime

    from staff.services import delegation_create
    from tests.staff.conftest import file_of

    deputy = file_of(cast.deputy_director, cast.school_a)
    own = file_of(cast.hr_officer, cast.school_a)
    teacher = file_of(cast.teacher, cast.school_a)
    start, end = datetime.date(2026, 10, 1), datetime.date(2026, 10, 10)
    for employee, delegate, role in ((deputy, own, "deputy_director"), (deputy, teacher, "deputy_director")):
        with pytest.raises(OperationError):
            delegation_create(
                acting_user=cast.hr_officer,
                employee=employee,
                delegate=delegate,
                role=role,
                valid_from=start,
                valid_to=end,
            )
    assert (
        not RoleAssignment.objects.filter(role="deputy_director").exclude(user=cast.deputy_director).exists()
    )
