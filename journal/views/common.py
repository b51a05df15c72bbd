"""Shared pieces of the journal's views."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from contingent.models import Student
from core.permissions import Perm, has_permission, member_schools
from journal.pages import load_lesson


def require_journal_role(user):
    """A role without any journal right anywhere gets a 403 before any lookup."""
    if not (has_permission(user, Perm.JOURNAL_MARK) or has_permission(user, Perm.JOURNAL_VIEW)):
        raise PermissionDenied


def school_of(user, school_id):
    """The school of a lesson the user may read: one of her role assignments' schools, read with them
    (district and region included) once per request; a system administrator's other school is read."""
    for school in member_schools(user):
        if school.pk == school_id:
            return school
    from core.models import School

    return School.objects.select_related("district__region").get(pk=school_id)


def get_lesson(request, pk, topics=False):
    """Another school's lesson is a 404; a lesson of one's school one may not read is a 404 as well
    (visible_to's condition, in the lesson's own statement: journal.pages.load_lesson), and keeping it
    needs JOURNAL_MARK or JOURNAL_VIEW at its school. `topics`: with its КТП topics (the lesson page)."""
    require_journal_role(request.user)
    lesson = load_lesson(request.user, pk, topics=topics)
    if lesson is None:
        raise Http404
    lesson.school = school_of(request.user, lesson.school_id)
    if not (
        has_permission(request.user, Perm.JOURNAL_MARK, lesson.school)
        or has_permission(request.user, Perm.JOURNAL_VIEW, lesson.school)
    ):
        raise PermissionDenied
    return lesson


def get_student(lesson, pk):
    """A student of the lesson's school, or a 404 (a forged id of another school)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = 0
    return get_object_or_404(Student.objects.select_related("person"), pk=pk, school_id=lesson.school_id)


def teacher_of(request):
    """The Employee of the logged-in person at the current school, if she works there."""
    from staff.models import Employee

    person_id = getattr(request.user, "person_id", None)
    school = getattr(request, "school", None)
    if not person_id or school is None:
        return None
    return Employee.objects.filter(school=school, person_id=person_id).order_by("status", "-pk").first()
