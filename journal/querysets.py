"""Scoping of journal rows (DESIGN rule 1): `visible_to(user)` is the one entry point."""

from django.db import models
from django.db.models import Q


def _school_ids_with(user, perm):
    from types import SimpleNamespace

    from core.permissions import has_permission, member_school_ids

    return {
        school_id
        for school_id in member_school_ids(user)
        if has_permission(user, perm, SimpleNamespace(pk=school_id, district_id=None))
    }


class JournalScope:
    """Who may read which lessons and journal pages (JRN-3), worked out once from the user's roles:
    `lesson_condition` and `subgroup_condition` make an ORM condition of it, `scope_sql` the same
    condition in SQL for the hand-written statements of the journal's busiest pages."""

    def __init__(self, user):
        from types import SimpleNamespace

        from core.models import Role
        from core.permissions import Perm, is_system_admin, roles_at

        self.admin = bool(is_system_admin(user))
        self.authenticated = bool(getattr(user, "is_authenticated", False))
        self.whole, self.teaching, self.leading = set(), set(), set()
        self.person_id = getattr(user, "person_id", None)
        if self.admin or not self.authenticated:
            return
        self.whole = _school_ids_with(user, Perm.JOURNAL_VIEW)
        teaching = _school_ids_with(user, Perm.JOURNAL_MARK) - self.whole
        if self.person_id and teaching:
            self.teaching = teaching
            self.leading = {
                s
                for s in teaching
                if Role.CLASS_TEACHER in roles_at(user, SimpleNamespace(pk=s, district_id=None))
            }


def lesson_condition(user, prefix=""):
    """Lessons the user may read: the whole school with JOURNAL_VIEW; otherwise the lessons she
    teaches (as the lesson's or the subgroup's teacher) and those of the class she leads."""
    scope = JournalScope(user)
    if scope.admin:
        return Q()
    if not scope.authenticated:
        return Q(pk__in=[])
    person_id = scope.person_id
    condition = Q(**{f"{prefix}school_id__in": scope.whole})
    if scope.teaching:
        condition |= Q(**{f"{prefix}school_id__in": scope.teaching}) & (
            Q(**{f"{prefix}teacher__person_id": person_id})
            | Q(**{f"{prefix}subgroup__teacher__person_id": person_id})
        )
        if scope.leading:
            condition |= Q(
                **{
                    f"{prefix}school_id__in": scope.leading,
                    f"{prefix}subgroup__class_subject__school_class__class_teacher__person_id": person_id,
                }
            )
    return condition


def scope_sql(user, school, teachers, class_teacher):
    """lesson_condition (and subgroup_condition) in SQL, with its parameters, over the expressions of
    the school's id, the teachers' person ids (the lesson's and the subgroup's, or the subgroup's) and
    the class teacher's person id: for a hand-written statement the ORM would take longer to compile
    than PostgreSQL to run (tests/journal/test_scoping_sql.py holds it to the ORM's answers)."""
    scope = JournalScope(user)
    if scope.admin:
        return "TRUE", []
    if not scope.authenticated:
        return "FALSE", []
    parts, params = [f"{school} = ANY(%s)"], [sorted(scope.whole)]
    if scope.teaching:
        parts.append(f"({school} = ANY(%s) AND %s IN ({', '.join(teachers)}))")
        params += [sorted(scope.teaching), scope.person_id]
        if scope.leading:
            parts.append(f"({school} = ANY(%s) AND {class_teacher} = %s)")
            params += [sorted(scope.leading), scope.person_id]
    return f"({' OR '.join(parts)})", params


class LessonQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(lesson_condition(user))

    def for_school(self, school):
        return self.filter(school=school)

    def held(self):
        return self.filter(is_cancelled=False)


class LessonRowQuerySet(models.QuerySet):
    """Attendance and marks: visible through their lesson."""

    def visible_to(self, user):
        return self.filter(lesson_condition(user, "lesson__"))


class FinalMarkQuerySet(models.QuerySet):
    def visible_to(self, user):
        from core.permissions import Perm, is_system_admin

        if is_system_admin(user):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        whole = _school_ids_with(user, Perm.JOURNAL_VIEW)
        condition = Q(school_id__in=whole)
        person_id = getattr(user, "person_id", None)
        teaching = _school_ids_with(user, Perm.JOURNAL_MARK) - whole
        if person_id and teaching:
            condition |= Q(school_id__in=teaching) & (
                Q(class_subject__subgroups__teacher__person_id=person_id)
                | Q(class_subject__school_class__class_teacher__person_id=person_id)
            )
        return self.filter(condition).distinct()


def subgroup_condition(user):
    """Journal pages (subgroups) the user may read: as for lessons (JRN-3)."""
    scope = JournalScope(user)
    if scope.admin:
        return Q()
    if not scope.authenticated:
        return Q(pk__in=[])
    school = "class_subject__school_class__school_id__in"
    condition = Q(**{school: scope.whole})
    if scope.teaching:
        condition |= Q(**{school: scope.teaching, "teacher__person_id": scope.person_id})
        if scope.leading:
            condition |= Q(
                **{
                    school: scope.leading,
                    "class_subject__school_class__class_teacher__person_id": scope.person_id,
                }
            )
    return condition
