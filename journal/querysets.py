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


def lesson_condition(user, prefix=""):
    """Lessons the user may read: the whole school with JOURNAL_VIEW; otherwise the lessons she
    teaches (as the lesson's or the subgroup's teacher) and those of the class she leads."""
    from core.models import Role
    from core.permissions import Perm, is_system_admin, roles_at

    if is_system_admin(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    whole = _school_ids_with(user, Perm.JOURNAL_VIEW)
    condition = Q(**{f"{prefix}school_id__in": whole})
    person_id = getattr(user, "person_id", None)
    teaching = _school_ids_with(user, Perm.JOURNAL_MARK) - whole
    if person_id and teaching:
        from types import SimpleNamespace

        condition |= Q(**{f"{prefix}school_id__in": teaching}) & (
            Q(**{f"{prefix}teacher__person_id": person_id})
            | Q(**{f"{prefix}subgroup__teacher__person_id": person_id})
        )
        leading = {
            s
            for s in teaching
            if Role.CLASS_TEACHER in roles_at(user, SimpleNamespace(pk=s, district_id=None))
        }
        if leading:
            condition |= Q(
                **{
                    f"{prefix}school_id__in": leading,
                    f"{prefix}subgroup__class_subject__school_class__class_teacher__person_id": person_id,
                }
            )
    return condition


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
    from types import SimpleNamespace

    from core.models import Role
    from core.permissions import Perm, is_system_admin, roles_at

    if is_system_admin(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    school = "class_subject__school_class__school_id__in"
    whole = _school_ids_with(user, Perm.JOURNAL_VIEW)
    condition = Q(**{school: whole})
    person_id = getattr(user, "person_id", None)
    teaching = _school_ids_with(user, Perm.JOURNAL_MARK) - whole
    if person_id and teaching:
        condition |= Q(**{school: teaching, "teacher__person_id": person_id})
        leading = {
            s for s in teaching if Role.CLASS_TEACHER in roles_at(user, SimpleNamespace(pk=s, district_id=None))
        }
        if leading:
            condition |= Q(**{school: leading, "class_subject__school_class__class_teacher__person_id": person_id})
    return condition
