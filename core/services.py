"""Operations of the shared kernel, each one transaction (DESIGN rule 4)."""

import secrets
import string

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.models import Person, RoleAssignment
from core.models.roles import Role
from core.permissions import (
    Perm,
    forget_cached_permissions,
    grantable_roles,
    has_permission,
    is_system_admin,
)


class OperationError(Exception):
    """A document operation refused for a reason the user can act on; the message is translated."""


SCHOOL_ASSIGNABLE_ROLES = [r for r in Role if r not in (Role.SYSTEM_ADMIN, Role.DISTRICT_OFFICIAL)]


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


def check_may_grant(acting_user, school, role, user=None):
    """ORG-2, the one rule for granting, delegating and removing a role: the granter's roles at the
    school must allow the role (`ROLE_GRANTS`), and nobody does it for himself."""
    if role not in SCHOOL_ASSIGNABLE_ROLES:
        raise OperationError(_("This role cannot be held at a school."))
    if user is not None and acting_user.pk == user.pk:
        raise OperationError(_("Nobody grants or removes a role for himself."))
    if role not in grantable_roles(acting_user, school):
        raise OperationError(_("Your roles do not allow you to grant or remove this role."))


def check_may_act_on_person(acting_user, user, school, *, password=False):
    """ORG-2: a role removal or a password reset reaches only a person whose every role at the school
    the acting user may grant himself; a new password also never reaches someone who works elsewhere."""
    if acting_user.pk == user.pk:
        raise OperationError(_("Nobody grants or removes a role for himself."))
    held = list(user.role_assignments.values_list("role", "school_id"))
    if is_system_admin(acting_user):
        return
    if password and (user.is_superuser or any(school_id != school.pk for _role, school_id in held)):
        raise OperationError(_("This person also works elsewhere; ask the system administrator."))
    if not {role for role, school_id in held if school_id == school.pk} <= grantable_roles(
        acting_user, school
    ):
        raise OperationError(_("This person holds a role above what your roles allow."))


def permits(check, *args, **kwargs):
    """True when the check passes: a button or a choice is shown only when its operation would be allowed."""
    try:
        check(*args, **kwargs)
    except OperationError:
        return False
    return True


def _check_can_assign(acting_user, school, role, user=None):
    if not has_permission(acting_user, Perm.USERS_MANAGE, school):
        raise OperationError(_("You may not manage roles at this school."))
    check_may_grant(acting_user, school, role, user)


@transaction.atomic
def role_assign(*, acting_user, user, school, role, valid_from=None, valid_to=None, note=""):
    _check_can_assign(acting_user, school, role, user)
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
    _check_can_assign(acting_user, assignment.school, assignment.role, assignment.user)
    check_may_act_on_person(acting_user, assignment.user, assignment.school)
    assignment.delete()
    forget_cached_permissions(assignment.user)


def person_known_elsewhere(person, school):
    """True when another organisation holds a record of this person (a role, a personal file, a
    student's or a guardian's record): such a person is neither shown nor changed by `school`.

    Walks the person's reverse relations generically, so the apps above core need not be imported:
    every school-owned model's queryset names its `school_path` (core.querysets)."""
    from core.querysets import SchoolOwnedQuerySet

    if RoleAssignment.objects.filter(user__person=person).exclude(school=school).exists():
        return True
    for relation in type(person)._meta.related_objects:
        if relation.many_to_many or not relation.field.concrete:
            continue
        queryset = relation.related_model._default_manager.all()
        if not isinstance(queryset, SchoolOwnedQuerySet):
            continue
        path = queryset.school_path
        if queryset.filter(**{relation.field.name: person}).exclude(**{path: school}).exists():
            return True
    return False


def refuse_person_of_another_organisation(person, school):
    """ORG-3, the design chosen for an IIN already known elsewhere: a refusal with a clear message that
    reveals nothing of the person (no name, no login) and copies or changes nothing."""
    if person_known_elsewhere(person, school):
        raise OperationError(
            _(
                "A person with this IIN is registered at another organisation. Her record is not shown "
                "here; ask the system administrator to transfer it."
            )
        )


@transaction.atomic
def user_create(*, acting_user, school, last_name, first_name, patronymic="", iin=None, email="", roles=()):
    """A person, her login with a first password she must change, and her roles at the school."""
    User = get_user_model()
    if iin and Person.objects.filter(iin=iin).exists():
        person = Person.objects.select_for_update().get(iin=iin)
        refuse_person_of_another_organisation(person, school)
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
    # A new password opens every door of the account: only for a person all of whose roles the acting
    # user may grant (ORG-2), never his own, never someone who also works elsewhere.
    check_may_act_on_person(acting_user, user, school, password=True)
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
