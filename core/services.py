"""Operations of the shared kernel, each one transaction (DESIGN rule 4)."""

import secrets
import string

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.models import Person, RoleAssignment
from core.models.roles import Role
from core.permissions import Perm, forget_cached_permissions, has_permission, roles_at


class OperationError(Exception):
    """A document operation refused for a reason the user can act on; the message is translated."""


SCHOOL_ASSIGNABLE_ROLES = [r for r in Role if r not in (Role.SYSTEM_ADMIN, Role.DISTRICT_OFFICIAL)]
DIRECTOR_ONLY_ROLES = {Role.DIRECTOR, Role.SCHOOL_ADMIN}


def generate_password(length=10):
    alphabet = string.ascii_letters.replace("l", "").replace("I", "").replace("O", "") + "23456789"
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def unique_username(last_name, first_name):
    """A login from the transliterated name: 'aseitova.a', then 'aseitova.a2', ..."""
    from django.utils.text import slugify

    from core.translit import latin

    base = ".".join(
        p for p in (slugify(latin(last_name)).replace("-", ""), slugify(latin(first_name))[:1]) if p
    )
    base = base or "user"
    base = base[:140]
    User = get_user_model()
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _check_can_assign(acting_user, school, role):
    if not has_permission(acting_user, Perm.USERS_MANAGE, school):
        raise OperationError(_("You may not manage roles at this school."))
    if role not in SCHOOL_ASSIGNABLE_ROLES:
        raise OperationError(_("This role cannot be held at a school."))
    acting_roles = roles_at(acting_user, school)
    if role in DIRECTOR_ONLY_ROLES and not ({Role.DIRECTOR, Role.SYSTEM_ADMIN} & acting_roles):
        raise OperationError(_("Only the director assigns this role."))


@transaction.atomic
def role_assign(*, acting_user, user, school, role, valid_from=None, valid_to=None, note=""):
    _check_can_assign(acting_user, school, role)
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(
                user=user,
                school=school,
                role=role,
                valid_from=valid_from,
                valid_to=valid_to,
                note=note,
                assigned_by=acting_user,
            )
    except IntegrityError as error:
        raise OperationError(_("This person already holds this role.")) from error
    forget_cached_permissions(user)
    return assignment


@transaction.atomic
def role_remove(*, acting_user, assignment):
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    _check_can_assign(acting_user, assignment.school, assignment.role)
    if assignment.role == Role.DIRECTOR and assignment.user_id == acting_user.pk:
        raise OperationError(_("A director cannot remove her own director role."))
    assignment.delete()
    forget_cached_permissions(assignment.user)


@transaction.atomic
def user_create(*, acting_user, school, last_name, first_name, patronymic="", iin=None, email="", roles=()):
    """A person, her login with a first password she must change, and her roles at the school."""
    User = get_user_model()
    if iin and Person.objects.filter(iin=iin).exists():
        person = Person.objects.select_for_update().get(iin=iin)
        if hasattr(person, "user"):
            raise OperationError(
                _("This person already has a login: %(username)s") % {"username": person.user.username}
            )
    else:
        person = Person.objects.create(
            last_name=last_name, first_name=first_name, patronymic=patronymic, iin=iin or None, email=email
        )
    password = generate_password()
    user = User.objects.create_user(
        username=unique_username(last_name, first_name),
        password=password,
        email=email,
        person=person,
        first_name=first_name,
        last_name=last_name,
        must_change_password=True,
    )
    for role in roles:
        role_assign(acting_user=acting_user, user=user, school=school, role=role)
    return user, password


@transaction.atomic
def password_reset(*, acting_user, user, school):
    """The school administrator gives a new first password; the person must change it at next login."""
    if not has_permission(acting_user, Perm.USERS_MANAGE, school):
        raise OperationError(_("You may not manage users at this school."))
    if not user.role_assignments.filter(school=school).exists():
        raise OperationError(_("This person has no role at this school."))
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    acting_roles = roles_at(acting_user, school)
    if Role.SYSTEM_ADMIN not in acting_roles:
        # A new password opens every door of the account: the school's administrator may not take
        # over the director's (or another administrator's) login, nor reach beyond this school.
        if user.is_superuser or user.role_assignments.exclude(school=school).exists():
            raise OperationError(_("This person also works elsewhere; ask the system administrator."))
        held = set(user.role_assignments.values_list("role", flat=True))
        if held & DIRECTOR_ONLY_ROLES and Role.DIRECTOR not in acting_roles:
            raise OperationError(_("Only the director gives this person a new password."))
    password = generate_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    return password


# ---------------------------------------------------------------- academic years and periods (PLN-1)


def _require_school_edit(acting_user, school):
    if not has_permission(acting_user, Perm.SCHOOL_EDIT, school):
        raise OperationError(_("You may not change the academic years of this school."))


@transaction.atomic
def academic_year_save(*, acting_user, year):
    """Saves a year; a year made current replaces the school's previous current one."""
    from core.models import AcademicYear

    _require_school_edit(acting_user, year.school)
    others = AcademicYear.objects.select_for_update().filter(school=year.school).exclude(pk=year.pk)
    if year.is_current:
        others.filter(is_current=True).update(is_current=False)
    try:
        with transaction.atomic():
            year.save()
    except IntegrityError as error:
        raise OperationError(_("Academic years of a school cannot overlap.")) from error
    return year


@transaction.atomic
def period_save(*, acting_user, period):
    _require_school_edit(acting_user, period.academic_year.school)
    try:
        with transaction.atomic():
            period.save()
    except IntegrityError as error:
        raise OperationError(_("Periods of one academic year cannot overlap.")) from error
    return period


@transaction.atomic
def period_delete(*, acting_user, period):
    """A period in which subjects are planned cannot be deleted (PLN-1)."""
    _require_school_edit(acting_user, period.academic_year.school)
    if period.has_planning():
        raise OperationError(_("Subjects are planned in this period; it cannot be deleted."))
    period.delete()
