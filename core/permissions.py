"""The one permission list, what each role may do, and `has_permission` (DESIGN rule 2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models.roles import Role


class Perm(models.TextChoices):
    # organisation and administration
    SCHOOL_VIEW = "school.view", _("View the school card")
    SCHOOL_EDIT = "school.edit", _("Edit the school card and academic years")
    DISTRICT_REGISTRY = "district.registry", _("View the registry of subordinate schools")
    USERS_MANAGE = "users.manage", _("Assign and remove roles, reset passwords")
    HISTORY_VIEW = "history.view", _("Read the change history")
    ACTIVITY_VIEW = "activity.view", _("Read logins and the access log")
    ORDERS_VIEW = "orders.view", _("View the order register")
    ORDERS_MANAGE = "orders.manage", _("Register orders")
    # staff (STF)
    STAFF_VIEW = "staff.view", _("View staff personal files")
    STAFF_MANAGE = "staff.manage", _("Hire, edit, grant leave, dismiss staff")
    STAFF_COURSE_REQUEST = "staff.course_request", _("Request a qualification course for oneself")
    STAFF_REPORTS = "staff.reports", _("Staff output forms")
    # contingent (CON)
    CONTINGENT_VIEW = "contingent.view", _("View students' personal files")
    CONTINGENT_MANAGE = "contingent.manage", _("Register and edit students and classes")
    CONTINGENT_FILES = (
        "contingent.files",
        _("Edit the personal files of the students one may see, and their parents"),
    )
    CONTINGENT_MOVE = "contingent.move", _("Enrol, move, expel students, disband and promote classes")
    CONTINGENT_REPORTS = "contingent.reports", _("Contingent output forms")
    CHILDREN_VIEW = "contingent.children", _("View one's own children's cards")
    # strict-reporting blanks and records (BLK)
    BLANKS_VIEW = "blanks.view", _("View the blanks registry")
    BLANKS_MANAGE = "blanks.manage", _("Receive, hand out, issue and write off blanks")
    RECORDS_VIEW = "records.view", _("View records management")
    RECORDS_MANAGE = "records.manage", _("Register protocols, documents, correspondence and assignments")
    # planning (PLN)
    PLANNING_VIEW = "planning.view", _("View curricula, teaching load, timetable and reports of planning")
    PLANNING_MANAGE = "planning.manage", _("Edit curricula, subgroups, the timetable and substitutions")
    PLANNING_OWN = "planning.own", _("View one's own schedule and edit one's own КТП")
    KTP_APPROVE = "planning.ktp_approve", _("Approve calendar-thematic plans")
    # grade journal (JRN)
    JOURNAL_MARK = "journal.mark", _("Keep the journal of one's own lessons")
    JOURNAL_VIEW = "journal.view", _("Read every journal of the school")
    JOURNAL_MANAGE = "journal.manage", _("Close periods and change their marks with a reason")
    JOURNAL_REPORTS = "journal.reports", _("Journal reports")
    DIARY_VIEW = "journal.diary", _("Read one's own or one's children's diary")
    # statistics and reports (RPT)
    REPORTS_VIEW = "reports.view", _("View statistics and reports of the school")
    REPORTS_MANAGE = "reports.manage", _("Register olympiad and competition results")
    REPORTS_DISTRICT = "reports.district", _("District reports on subordinate schools")
    # first-grade admission and transfers (ADM)
    ADMISSIONS_VIEW = "admissions.view", _("View applications, transfers and their journals")
    ADMISSIONS_DECIDE = "admissions.decide", _("Confirm or refuse applications and transfers")
    ADMISSIONS_MANAGE = "admissions.manage", _("Keep the address register and the quotas")
    ADMISSIONS_REPORTS = "admissions.reports", _("Admission reports")
    # the district department's page (DEP) and the school community (KG)
    DISTRICT_PAGE_MANAGE = "district.page_manage", _("Manage the department's page, forum and feedback")
    DISTRICT_PEOPLE = "district.people", _("See the department's people")
    CALENDAR_MANAGE = "community.calendar_manage", _("Manage the school calendar")
    COURSES_TEACH = "community.courses_teach", _("Make distance courses and tests")
    COURSES_TAKE = "community.courses_take", _("Take distance courses and tests")
    BOARD_MODERATE = "community.board_moderate", _("Moderate the parents' boards and class announcements")


P = Perm
_SCHOOL_ADMINISTRATION = {P.SCHOOL_VIEW, P.HISTORY_VIEW, P.ORDERS_VIEW}
_DEPARTMENT_ONLY = {P.DISTRICT_PAGE_MANAGE, P.DISTRICT_PEOPLE}

ROLE_PERMISSIONS = {
    Role.SYSTEM_ADMIN: set(Perm) - {P.CHILDREN_VIEW, P.STAFF_COURSE_REQUEST, P.DIARY_VIEW, P.COURSES_TAKE},
    Role.DISTRICT_OFFICIAL: {
        P.SCHOOL_VIEW,
        P.DISTRICT_REGISTRY,
        P.ACTIVITY_VIEW,
        P.ADMISSIONS_REPORTS,
        P.REPORTS_VIEW,
        P.REPORTS_DISTRICT,
    }
    | _DEPARTMENT_ONLY,
    Role.DIRECTOR: set(Perm)
    - {P.CHILDREN_VIEW, P.DISTRICT_REGISTRY, P.DIARY_VIEW, P.REPORTS_DISTRICT, P.COURSES_TAKE}
    - _DEPARTMENT_ONLY,
    Role.DEPUTY_DIRECTOR: _SCHOOL_ADMINISTRATION
    | {
        P.STAFF_VIEW,
        P.STAFF_REPORTS,
        P.STAFF_COURSE_REQUEST,
        P.CONTINGENT_VIEW,
        P.CONTINGENT_REPORTS,
        P.BLANKS_VIEW,
        P.RECORDS_VIEW,
        P.RECORDS_MANAGE,
        P.ACTIVITY_VIEW,
        P.REPORTS_VIEW,
        P.REPORTS_MANAGE,
        P.PLANNING_VIEW,
        P.PLANNING_MANAGE,
        P.PLANNING_OWN,
        P.KTP_APPROVE,
        P.JOURNAL_MARK,
        P.JOURNAL_VIEW,
        P.JOURNAL_MANAGE,
        P.JOURNAL_REPORTS,
        P.ADMISSIONS_VIEW,
        P.ADMISSIONS_REPORTS,
        P.CALENDAR_MANAGE,
        P.COURSES_TEACH,
        P.BOARD_MODERATE,
    },
    Role.HR_OFFICER: _SCHOOL_ADMINISTRATION
    | {
        P.PLANNING_VIEW,
        P.STAFF_VIEW,
        P.STAFF_MANAGE,
        P.STAFF_REPORTS,
        P.STAFF_COURSE_REQUEST,
        P.ORDERS_MANAGE,
    },
    Role.RECORDS_CLERK: _SCHOOL_ADMINISTRATION
    | {
        P.BLANKS_VIEW,
        P.BLANKS_MANAGE,
        P.RECORDS_VIEW,
        P.RECORDS_MANAGE,
        P.ORDERS_MANAGE,
        P.STAFF_VIEW,
        P.CONTINGENT_VIEW,
    },
    Role.SECRETARY: _SCHOOL_ADMINISTRATION
    | {
        P.CONTINGENT_VIEW,
        P.CONTINGENT_MANAGE,
        P.CONTINGENT_FILES,
        P.CONTINGENT_MOVE,
        P.CONTINGENT_REPORTS,
        P.ORDERS_MANAGE,
        P.RECORDS_VIEW,
        P.RECORDS_MANAGE,
        P.ADMISSIONS_VIEW,
        P.ADMISSIONS_DECIDE,
        P.ADMISSIONS_MANAGE,
        P.ADMISSIONS_REPORTS,
    },
    Role.SCHOOL_ADMIN: _SCHOOL_ADMINISTRATION
    | {P.SCHOOL_EDIT, P.USERS_MANAGE, P.ACTIVITY_VIEW, P.CALENDAR_MANAGE},
    # CON-5: the class teacher keeps her class's files (visible_to confines her to her class)
    Role.CLASS_TEACHER: {
        P.SCHOOL_VIEW,
        P.CONTINGENT_VIEW,
        P.CONTINGENT_FILES,
        P.STAFF_COURSE_REQUEST,
        P.PLANNING_OWN,
        P.JOURNAL_MARK,
        P.COURSES_TEACH,
        P.BOARD_MODERATE,
    },
    Role.TEACHER: {P.SCHOOL_VIEW, P.STAFF_COURSE_REQUEST, P.PLANNING_OWN, P.JOURNAL_MARK, P.COURSES_TEACH},
    Role.PARENT: {P.CHILDREN_VIEW, P.DIARY_VIEW},
    Role.STUDENT: {P.DIARY_VIEW, P.COURSES_TAKE},
}


# ORG-2: who may grant, delegate or remove a role, and reset the password of the person holding it.
# The one rule, written as data beside the roles: granter role -> the roles it may give. Nobody acts on
# his own roles or login (checked in core.services.check_may_grant); a role not listed is given by nobody
# at the school. No granter gives a role carrying rights he does not hold himself (apart from the
# self-service rights below): tests/core/test_grant_matrix.py checks the table and walks the matrix.
# Rights over one's own work or one's own family, which come with the role whoever grants it.
SELF_SERVICE = {
    P.STAFF_COURSE_REQUEST,
    P.CHILDREN_VIEW,
    P.DIARY_VIEW,
    P.PLANNING_OWN,
    P.JOURNAL_MARK,
    P.COURSES_TEACH,
    P.COURSES_TAKE,
}
_SCHOOL_ROLES = {r for r in Role if r not in (Role.SYSTEM_ADMIN, Role.DISTRICT_OFFICIAL)}
ROLE_GRANTS = {
    Role.SYSTEM_ADMIN: set(Role),
    Role.DIRECTOR: _SCHOOL_ROLES,
    Role.SCHOOL_ADMIN: {Role.TEACHER, Role.PARENT, Role.STUDENT},
    Role.HR_OFFICER: {Role.HR_OFFICER, Role.TEACHER},
    Role.DISTRICT_OFFICIAL: set(),
    Role.DEPUTY_DIRECTOR: set(),
    Role.RECORDS_CLERK: set(),
    Role.SECRETARY: set(),
    Role.CLASS_TEACHER: set(),
    Role.TEACHER: set(),
    Role.PARENT: set(),
    Role.STUDENT: set(),
}


def grantable_roles(user, school):
    """The roles `user` may give, remove or reset the holder's password of at `school` (ORG-2)."""
    granted = set()
    for role in roles_at(user, school):
        granted |= ROLE_GRANTS[Role(role)]
    return granted


def _assignments(user):
    """The user's active role assignments, read once per request and kept on the user object.
    Their schools come with them (and each school's district and region), so the current school and
    the navbar's school switch need no query of their own."""
    cache = getattr(user, "_mektep_roles", None)
    if cache is None:
        from core.models import RoleAssignment

        cache = list(
            RoleAssignment.objects.active()
            .filter(user=user)
            .select_related("school__district__region", "district")
        )
        user._mektep_roles = cache
    return cache


def roles_at(user, school):
    """Roles the user holds at this school (district roles count for the district's schools)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    roles = set()
    for a in _assignments(user):
        if a.role == Role.SYSTEM_ADMIN:
            roles.add(a.role)
        elif school is not None and a.school_id == school.pk:
            roles.add(a.role)
        elif school is not None and a.district_id and a.district_id == school.district_id:
            roles.add(a.role)
    return roles


def _role_has_permission(user, perm, school=None):
    """True when one of the user's roles at `school` grants `perm`."""
    cache = getattr(user, "_mektep_perms", None)
    if cache is None:
        cache = user._mektep_perms = {}
    key = (perm, school.pk if school else None)
    if key not in cache:
        if school is None:
            cache[key] = (
                any(perm in ROLE_PERMISSIONS[Role(a.role)] for a in _assignments(user))
                if getattr(user, "is_authenticated", False) and user.is_active
                else False
            )
        else:
            cache[key] = any(perm in ROLE_PERMISSIONS[Role(r)] for r in roles_at(user, school))
    return cache[key]


def member_school_ids(user):
    """Schools where the user holds any school role: the scope of personal data (DESIGN rule 1)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {a.school_id for a in _assignments(user) if a.school_id}


def member_schools(user):
    """The schools of member_school_ids(user) as objects, read with the role assignments (no query),
    in the order of School.Meta.ordering."""
    if not getattr(user, "is_authenticated", False):
        return []
    schools = {a.school_id: a.school for a in _assignments(user) if a.school_id}
    return sorted(schools.values(), key=lambda s: (s.name_ru, s.pk))


def district_ids(user):
    if not getattr(user, "is_authenticated", False):
        return set()
    return {a.district_id for a in _assignments(user) if a.district_id}


def is_system_admin(user):
    return getattr(user, "is_authenticated", False) and any(
        a.role == Role.SYSTEM_ADMIN for a in _assignments(user)
    )


def forget_cached_permissions(user):
    for attr in ("_mektep_roles", "_mektep_perms"):
        if hasattr(user, attr):
            delattr(user, attr)


# Not permissions of a role: markers a view declares when any logged-in user, or anybody, may open it.
AUTHENTICATED = "authenticated"
PUBLIC = "public"


def _has_marker_permission(user, perm):
    if perm == PUBLIC:
        return True
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def has_permission(user, perm, school=None):
    """May the user do `perm` at `school`? Cached per request on the user object."""
    if perm in (AUTHENTICATED, PUBLIC):
        return _has_marker_permission(user, perm)
    return _role_has_permission(user, perm, school)
