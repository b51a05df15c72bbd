"""The diary (JRN-6): a parent's children or a student herself, never anybody else's."""

from django.db.models import Q

from contingent.models import Student, StudentStatus
from journal.models import Lesson


def diary_students(user):
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return Student.objects.none()
    return (
        Student.objects.filter(Q(guardians__person_id=person_id) | Q(person_id=person_id), status=StudentStatus.STUDYING)
        .select_related("person", "school_class", "school")
        .distinct()
        .order_by("person__last_name", "person__first_name")
    )


def lessons_of(students):
    """Lessons of the subgroups these students are in: the whole class's, or a subgroup's they belong to."""
    ids = [s.pk for s in students]
    class_ids = [s.school_class_id for s in students if s.school_class_id]
    return Lesson.objects.filter(
        Q(subgroup__kind="main", subgroup__class_subject__school_class_id__in=class_ids)
        | Q(subgroup__students__in=ids)
    ).distinct()


def diary_lessons(user):
    return lessons_of(list(diary_students(user)))
