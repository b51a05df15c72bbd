"""Staff document operations (DESIGN rule 4): each one transaction, rows locked, an order in the register."""

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.declension import full_name_in
from core.models import Order, OrderKind, Person, RoleAssignment, School
from core.models.roles import SCHOOL_STAFF_ROLES, Role
from core.permissions import Perm, forget_cached_permissions, grantable_roles, has_permission
from core.services import (
    OperationError,
    check_may_grant,
    generate_password,
    refuse_person_of_another_organisation,
    unique_username,
)
from staff.models import (
    Absence,
    AbsenceKind,
    AttestationConclusion,
    Course,
    CourseStatus,
    Delegation,
    Employee,
    EmployeeOrder,
    EmployeeStatus,
    LeaveRecall,
    WorkRecord,
)
from staff.models.employees import category_valid_until

ORDER_SUFFIX = "-к"  # personnel orders (приказы по личному составу) are numbered "12-к"
HIRABLE_ROLES = [r for r in Role if r in SCHOOL_STAFF_ROLES]


def _d(day):
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def check_manage(acting_user, school):
    if not has_permission(acting_user, Perm.STAFF_MANAGE, school):
        raise OperationError(_("You may not manage staff at this school."))


def assignable_roles(acting_user, school):
    """The roles this user may give at hiring: the staff roles ROLE_GRANTS lets him grant (ORG-2)."""
    allowed = grantable_roles(acting_user, school)
    return [r for r in HIRABLE_ROLES if r in allowed]


def _check_roles(acting_user, school, roles, user=None):
    for role in roles:
        if role not in HIRABLE_ROLES:
            raise OperationError(_("This role cannot be given to an employee."))
        check_may_grant(acting_user, school, role, user)


def make_order(*, school, kind, date, content, author, employees=()):
    """An order with the next personnel number of its year; the school row is locked while numbering."""
    School.objects.select_for_update().get(pk=school.pk)
    taken = set(
        Order.objects.filter(school=school, date__year=date.year, number__endswith=ORDER_SUFFIX).values_list(
            "number", flat=True
        )
    )
    n = len(taken) + 1
    while (
        f"{n}{ORDER_SUFFIX}" in taken
        or Order.objects.filter(school=school, date__year=date.year, number=f"{n}{ORDER_SUFFIX}").exists()
    ):
        n += 1
    order = Order.objects.create(
        school=school,
        kind=kind,
        number=f"{n}{ORDER_SUFFIX}",
        date=date,
        content=content[:2000],
        author=author,
    )
    EmployeeOrder.objects.bulk_create([EmployeeOrder(employee=e, order=order) for e in employees])
    return order


def _lock(employee):
    return Employee.objects.select_for_update().select_related("person", "school").get(pk=employee.pk)


# --- hiring (STF-2) ---------------------------------------------------------------------------------


@transaction.atomic
def employee_hire(
    *, acting_user, school, person, employment, roles=(), order_date=None, create_login=True, with_order=True
):
    """Creates the personal file, the login (first password to change), the roles and the hiring order.

    With `create_login=False` nobody gets a login (a cleaner, a cook): the file and the order only;
    roles then cannot be given. A person who already has a login keeps it either way. With
    `with_order=False` (the staff import, STF-1: hired before the portal, the order is on paper) no
    order is registered.

    `person`: last_name, first_name, patronymic, iin, birth_date, sex, email, phone, address.
    `employment`: position, structural_unit, staff_group, hired_on, contract_number, contract_date, and
    any other Employee field. Returns (employee, user, password); password is None when the person
    already had a login."""
    check_manage(acting_user, school)
    _check_roles(acting_user, school, roles)
    if roles and not create_login:
        raise OperationError(_("Roles need a login: give a login or clear the roles."))
    User = get_user_model()
    iin = person.get("iin") or None
    existing = Person.objects.select_for_update().filter(iin=iin).first() if iin else None
    if existing is not None:
        refuse_person_of_another_organisation(existing, school)
        if Employee.objects.filter(school=school, person=existing, status=EmployeeStatus.ACTIVE).exists():
            raise OperationError(_("This person already works at this school."))
        for field in ("birth_date", "sex", "email", "phone", "address"):
            if person.get(field) and not getattr(existing, field):
                setattr(existing, field, person[field])
        existing.save()
        the_person = existing
    else:
        the_person = Person.objects.create(**{**person, "iin": iin})
    hired_on = employment["hired_on"]
    employee = Employee(school=school, person=the_person, **employment)
    try:
        with transaction.atomic():
            employee.save()
    except IntegrityError as error:
        raise OperationError(_("This person already works at this school.")) from error
    user = User.objects.filter(person=the_person).first()
    password = None
    if user is None and not create_login:
        pass
    elif user is None:
        password = generate_password()
        user = User.objects.create_user(
            username=unique_username(the_person.last_name, the_person.first_name),
            password=password,
            email=the_person.email,
            person=the_person,
            first_name=the_person.first_name,
            last_name=the_person.last_name,
            must_change_password=True,
        )
    elif not user.is_active and create_login:
        password = generate_password()
        user.is_active = True
        user.set_password(password)
        user.must_change_password = True
        user.save()
    _check_roles(acting_user, school, roles, user)
    for role in roles:
        RoleAssignment.objects.get_or_create(
            user=user,
            school=school,
            role=role,
            valid_from=None,
            valid_to=None,
            defaults={"assigned_by": acting_user, "note": _("hiring")},
        )
    if user is not None:
        forget_cached_permissions(user)
    WorkRecord.objects.create(
        employee=employee,
        position=employee.position,
        structural_unit=employee.structural_unit,
        start=hired_on,
    )
    if not with_order:
        return employee, user, password
    employee.hiring_order = make_order(
        school=school,
        kind=OrderKind.STAFF_HIRING,
        date=order_date or hired_on,
        content=_("Hire %(name)s as %(position)s from %(date)s, contract No. %(contract)s")
        % {
            "name": full_name_in(the_person, "accusative"),
            "position": employee.position,
            "date": _d(hired_on),
            "contract": employee.contract_number or "—",
        },
        author=acting_user,
        employees=[employee],
    )
    employee.save(update_fields=["hiring_order"])
    return employee, user, password


@transaction.atomic
def employee_update_file(*, acting_user, employee, person_data, employee_data):
    """A section of the file that edits the person and her file together (personal data, contacts)."""
    check_manage(acting_user, employee.school)
    employee = _lock(employee)
    person = Person.objects.select_for_update().get(pk=employee.person_id)
    for field, value in person_data.items():
        setattr(person, field, value)
    person.iin = person.iin or None
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:
        raise OperationError(_("Another person already has this IIN.")) from error
    for field, value in employee_data.items():
        setattr(employee, field, value)
    employee.save()
    return employee


# --- dismissal (STF-6) ------------------------------------------------------------------------------


def school_roles_of(employee):
    """The role assignments the employee's login holds at her school (the roles a dismissal removes)."""
    user = get_user_model().objects.filter(person_id=employee.person_id).first()
    if user is None:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(user=user, school_id=employee.school_id).order_by("role", "pk")


def following_dismissal(employee, date):
    """STF-6: what would outlive the employment if it ended on `date`: leave and time off that go on
    after it, delegations (given or received) that go on after it. (absences, delegations)"""
    absences = employee.absences.filter(
        kind__in=[AbsenceKind.LEAVE, AbsenceKind.TIME_OFF], end__gt=date
    ).order_by("start")
    delegations = Delegation.objects.filter(
        Q(employee=employee) | Q(delegate=employee), valid_to__gt=date
    ).select_related("employee__person", "delegate__person", "assignment")
    return list(absences), list(delegations.order_by("valid_from"))


def _end_what_follows(employee, date):
    """Leave, time off and delegations end with the employment: those wholly after the date are
    cancelled, those across it end on it (a leave keeps its planned end). Returns how many."""
    absences, delegations = following_dismissal(employee, date)
    for absence in absences:
        if absence.start > date:
            absence.delete()
        else:
            absence.planned_end = absence.planned_end or absence.end
            absence.end = date
            absence.save(update_fields=["end", "planned_end"])
    for delegation in delegations:
        assignment = delegation.assignment
        if delegation.valid_from > date:
            delegation.delete()
            if assignment is not None:
                assignment.delete()
        else:
            delegation.valid_to = date
            delegation.save(update_fields=["valid_to"])
            if assignment is not None:
                assignment.valid_to = date
                assignment.save(update_fields=["valid_to"])
                forget_cached_permissions(assignment.user)
    return len(absences) + len(delegations)


@transaction.atomic
def employee_dismiss(*, acting_user, employee, reason, date, remove_roles=None):
    """Dismissal: the order, the removal of the chosen roles and the login block, all or nothing.

    `remove_roles`: RoleAssignment ids to remove (None: every role at this school); every staff role at
    this school must be among them (a parent's role may stay). The login is blocked when the person
    keeps no role anywhere; the personal file moves to the archive."""
    check_manage(acting_user, employee.school)
    employee = _lock(employee)
    if employee.status != EmployeeStatus.ACTIVE:
        raise OperationError(_("This employee is already dismissed."))
    if date < employee.hired_on:
        raise OperationError(_("The date of dismissal cannot be before the date of hiring."))
    user = get_user_model().objects.select_for_update().filter(person_id=employee.person_id).first()
    if user is not None and user.pk == acting_user.pk:
        raise OperationError(_("You cannot dismiss yourself."))
    if user is not None:
        assignments = school_roles_of(employee).select_for_update()
        if remove_roles is not None:
            assignments = assignments.filter(pk__in=list(remove_roles))
        removed = list(assignments)
        kept_staff = sorted(
            {
                str(Role(a.role).label)
                for a in school_roles_of(employee).exclude(pk__in=[a.pk for a in removed])
                if a.role in SCHOOL_STAFF_ROLES
            }
        )
        if kept_staff:
            # STF-6: a dismissal removes the access; only roles such as a parent's may stay
            raise OperationError(
                _("A dismissed employee cannot keep the staff roles at this school: %(roles)s.")
                % {"roles": ", ".join(kept_staff)}
            )
        # ORG-2: the dismissal removes only roles the acting user may remove
        _check_roles(acting_user, employee.school, [a.role for a in removed if a.role in HIRABLE_ROLES], user)
        RoleAssignment.objects.filter(pk__in=[a.pk for a in removed]).delete()
        if not RoleAssignment.objects.filter(user=user).exists():
            user.is_active = False
            user.save(update_fields=["is_active"])
        forget_cached_permissions(user)
    _end_what_follows(employee, date)
    employee.status = EmployeeStatus.DISMISSED
    employee.dismissed_on = date
    employee.dismissal_reason = reason
    employee.dismissal_order = make_order(
        school=employee.school,
        kind=OrderKind.STAFF_DISMISSAL,
        date=date,
        content=_("Dismiss %(name)s, %(position)s, from %(date)s. Reason: %(reason)s")
        % {
            "name": full_name_in(employee.person, "accusative"),
            "position": employee.position,
            "date": _d(date),
            "reason": reason,
        },
        author=acting_user,
        employees=[employee],
    )
    employee.save()
    WorkRecord.objects.filter(employee=employee, end__isnull=True).update(end=date)
    return employee


# --- leave, time off, sick leave, recall (STF-5) ----------------------------------------------------

ABSENCE_ORDER_KINDS = {
    AbsenceKind.LEAVE: OrderKind.STAFF_LEAVE,
    AbsenceKind.TIME_OFF: OrderKind.STAFF_TIME_OFF,
}


def _check_period(start, end):
    if end < start:
        raise OperationError(_("The end cannot be before the start."))


def _check_no_overlap(employee, start, end, exclude=None):
    clash = (
        Absence.objects.filter(employee=employee, start__lte=end, end__gte=start)
        .exclude(pk=getattr(exclude, "pk", None))
        .first()
    )
    if clash:
        raise OperationError(
            _("This person is already absent during part of this period: %(absence)s.") % {"absence": clash}
        )


@transaction.atomic
def absence_register(
    *, acting_user, employee, kind, start, end, leave_type="", illness="", diagnosis="", scan=None
):
    """Registers a leave, a time off or a sick leave; leave and time off are made by an order."""
    check_manage(acting_user, employee.school)
    employee = _lock(employee)
    if employee.status != EmployeeStatus.ACTIVE:
        raise OperationError(_("This employee is dismissed."))
    _check_period(start, end)
    if start < employee.hired_on:
        raise OperationError(_("The period begins before the date of hiring."))
    if kind == AbsenceKind.SICK_LEAVE and not diagnosis:
        raise OperationError(_("A sick leave needs a diagnosis."))
    _check_no_overlap(employee, start, end)
    absence = Absence(
        employee=employee,
        kind=kind,
        leave_type=leave_type if kind == AbsenceKind.LEAVE else "",
        start=start,
        end=end,
        illness=illness,
        diagnosis=diagnosis,
        created_by=acting_user,
    )
    if scan:
        absence.scan = scan
    if kind in ABSENCE_ORDER_KINDS:
        what = absence.get_leave_type_display() if kind == AbsenceKind.LEAVE else absence.get_kind_display()
        absence.order = make_order(
            school=employee.school,
            kind=ABSENCE_ORDER_KINDS[kind],
            date=min(start, timezone.localdate()),
            content=_("Grant %(name)s %(what)s from %(start)s to %(end)s (%(days)s days)")
            % {
                "name": full_name_in(employee.person, "dative"),
                "what": what,
                "start": _d(start),
                "end": _d(end),
                "days": (end - start).days + 1,
            },
            author=acting_user,
            employees=[employee],
        )
    try:
        with transaction.atomic():
            absence.save()
    except IntegrityError as error:
        raise OperationError(_("This person is already absent during part of this period.")) from error
    return absence


@transaction.atomic
def leave_recall(*, acting_user, leave, recalled_on, reason=""):
    """A recall inside a leave that has started; the leave then ends the day before the recall."""
    check_manage(acting_user, leave.employee.school)
    leave = (
        Absence.objects.select_for_update()
        .select_related("employee__person", "employee__school")
        .get(pk=leave.pk)
    )
    if leave.kind != AbsenceKind.LEAVE:
        raise OperationError(_("Only a leave can be recalled."))
    if LeaveRecall.objects.filter(leave=leave).exists():
        raise OperationError(_("This leave has already been recalled."))
    if leave.start > timezone.localdate():
        raise OperationError(_("This leave has not started yet; change its dates instead of recalling."))
    if not (leave.start < recalled_on <= leave.end):
        raise OperationError(
            _("The date of recall must lie inside the leave, after its first day (%(start)s - %(end)s).")
            % {"start": _d(leave.start), "end": _d(leave.end)}
        )
    employee = leave.employee
    order = make_order(
        school=employee.school,
        kind=OrderKind.STAFF_RECALL,
        date=recalled_on,
        content=_("Recall %(name)s from leave on %(date)s. Reason: %(reason)s")
        % {
            "name": full_name_in(employee.person, "accusative"),
            "date": _d(recalled_on),
            "reason": reason or "—",
        },
        author=acting_user,
        employees=[employee],
    )
    leave.planned_end = leave.end
    leave.end = recalled_on - datetime.timedelta(days=1)
    leave.save(update_fields=["planned_end", "end"])
    return LeaveRecall.objects.create(
        leave=leave, recalled_on=recalled_on, reason=reason, order=order, created_by=acting_user
    )


# --- delegation (STF-7) -----------------------------------------------------------------------------


def delegable_roles(employee):
    return sorted(
        {a.role for a in school_roles_of(employee).filter(valid_from__isnull=True, valid_to__isnull=True)}
    )


@transaction.atomic
def delegation_create(*, acting_user, employee, delegate, role, valid_from, valid_to):
    """The delegate holds `role` from valid_from to valid_to (a core RoleAssignment), by an order."""
    school = employee.school
    check_manage(acting_user, school)
    _check_period(valid_from, valid_to)
    employee = _lock(employee)
    delegate = _lock(delegate)
    if delegate.school_id != school.pk or delegate.pk == employee.pk:
        raise OperationError(_("Duties are delegated to another employee of this school."))
    if employee.status != EmployeeStatus.ACTIVE or delegate.status != EmployeeStatus.ACTIVE:
        raise OperationError(_("Both employees must be working at the school."))
    if role not in delegable_roles(employee):
        raise OperationError(_("The employee does not hold these duties."))
    user = get_user_model().objects.filter(person_id=delegate.person_id, is_active=True).first()
    if user is None:
        raise OperationError(_("The delegate has no login."))
    _check_roles(acting_user, school, [role], user)
    assignment = RoleAssignment.objects.create(
        user=user,
        school=school,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        note=_("delegated by %(name)s") % {"name": employee.person.full_name},
        assigned_by=acting_user,
    )
    forget_cached_permissions(user)
    order = make_order(
        school=school,
        kind=OrderKind.STAFF_DELEGATION,
        date=min(valid_from, timezone.localdate()),
        content=_("Hand the duties of %(role)s of %(name)s to %(delegate)s from %(start)s to %(end)s")
        % {
            "role": Role(role).label,
            "name": full_name_in(employee.person, "genitive"),
            "delegate": full_name_in(delegate.person, "accusative"),
            "start": _d(valid_from),
            "end": _d(valid_to),
        },
        author=acting_user,
        employees=[employee, delegate],
    )
    return Delegation.objects.create(
        employee=employee,
        delegate=delegate,
        role=role,
        valid_from=valid_from,
        valid_to=valid_to,
        assignment=assignment,
        order=order,
        created_by=acting_user,
    )


# --- qualification courses (STF-8) -----------------------------------------------------------------

COURSE_FIELDS = ("name", "direction", "start", "end", "place", "kind", "description")


def _course_data(data):
    if data["end"] < data["start"]:
        raise OperationError(_("The end cannot be before the start."))
    return {k: data.get(k, "") for k in COURSE_FIELDS}


@transaction.atomic
def course_plan(*, acting_user, employee, data):
    check_manage(acting_user, employee.school)
    return Course.objects.create(
        employee=employee, status=CourseStatus.PLANNED, requested_by=acting_user, **_course_data(data)
    )


@transaction.atomic
def course_request(*, acting_user, employee, data):
    """An employee asks for a course for herself (or the HR officer records her request)."""
    own = acting_user.person_id and acting_user.person_id == employee.person_id
    if not (
        (own and has_permission(acting_user, Perm.STAFF_COURSE_REQUEST, employee.school))
        or has_permission(acting_user, Perm.STAFF_MANAGE, employee.school)
    ):
        raise OperationError(_("You may request courses only for yourself."))
    if employee.status != EmployeeStatus.ACTIVE:
        raise OperationError(_("This employee is dismissed."))
    return Course.objects.create(
        employee=employee, status=CourseStatus.REQUESTED, requested_by=acting_user, **_course_data(data)
    )


@transaction.atomic
def course_approve(*, acting_user, course):
    check_manage(acting_user, course.employee.school)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.status != CourseStatus.REQUESTED:
        raise OperationError(_("Only a request can be approved."))
    course.status = CourseStatus.PLANNED
    course.save(update_fields=["status"])
    return course


@transaction.atomic
def course_reject(*, acting_user, course):
    """STF-8: a request may be turned down; it stays on record as rejected (not deleted)."""
    check_manage(acting_user, course.employee.school)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.status != CourseStatus.REQUESTED:
        raise OperationError(_("Only a request can be rejected."))
    course.status = CourseStatus.REJECTED
    course.save(update_fields=["status"])
    return course


@transaction.atomic
def course_confirm(
    *,
    acting_user,
    course,
    certificate_number,
    certificate_date,
    category="",
    issued_by="",
    attestation_date=None,
    conclusion="",
):
    """Completion of a planned course; a positive attestation updates the person's category."""
    check_manage(acting_user, course.employee.school)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.status != CourseStatus.PLANNED:
        raise OperationError(_("Only a planned course can be confirmed."))
    if certificate_date < course.start:
        raise OperationError(_("The certificate cannot be issued before the course starts."))
    if conclusion and not attestation_date:
        raise OperationError(_("Enter the date of attestation for the conclusion of the commission."))
    course.status = CourseStatus.COMPLETED
    course.certificate_number = certificate_number
    course.certificate_date = certificate_date
    course.category = category
    course.issued_by = issued_by
    course.attestation_date = attestation_date
    course.conclusion = conclusion
    course.save()
    if attestation_date and conclusion == AttestationConclusion.ATTESTED:
        employee = _lock(course.employee)
        if employee.attested_on is None or attestation_date >= employee.attested_on:
            employee.attested_on = attestation_date
            if category:
                employee.qualification_category = category
            employee.category_valid_until = category_valid_until(employee.staff_group, attestation_date)
            employee.save(update_fields=["attested_on", "qualification_category", "category_valid_until"])
    return course


# --- seniority (STF-9) ------------------------------------------------------------------------------


@transaction.atomic
def seniority_update(*, acting_user, school, values, on=None):
    """values: {employee_id: (total, teaching, at_school)} for current staff of the school."""
    check_manage(acting_user, school)
    on = on or timezone.localdate()
    employees = list(
        Employee.objects.current()
        .filter(school=school, pk__in=values)
        .select_related("person")
        .select_for_update(of=("self",))
    )
    if len(employees) != len(values):
        raise OperationError(_("The list of staff has changed; open the page again."))
    for e in employees:
        total, teaching, at_school = values[e.pk]
        if teaching > total or at_school > total:
            raise OperationError(
                _(
                    "%(name)s: the teaching seniority and the seniority at this school cannot exceed the total."
                )
                % {"name": e.person.full_name}
            )
        e.seniority_total, e.seniority_teaching, e.seniority_at_school = total, teaching, at_school
        e.seniority_updated_on = on
    Employee.objects.bulk_update(
        employees, ["seniority_total", "seniority_teaching", "seniority_at_school", "seniority_updated_on"]
    )
    return len(employees)


def current_absences(school, on=None):
    on = on or timezone.localdate()
    return Absence.objects.filter(employee__school=school, start__lte=on, end__gte=on)


def employees_without_consent(school):
    return Employee.objects.current().filter(school=school).filter(Q(consent_given_on__isnull=True))
