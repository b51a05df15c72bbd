"""Substitutions and cancellations for a teacher's leave or sick leave (PLN-8, STF-5)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.services import OperationError
from staff.models import Absence, AbsenceKind, Employee

from ..models import Substitution, SubstitutionReason, TimetableLesson
from .common import require_manage

REASON_BY_KIND = {
    AbsenceKind.LEAVE: SubstitutionReason.LEAVE,
    AbsenceKind.SICK_LEAVE: SubstitutionReason.SICK_LEAVE,
    AbsenceKind.TIME_OFF: SubstitutionReason.TIME_OFF,
}


def busy_teacher_ids(timetable, weekday, number, date):
    """Teachers giving a lesson at that moment on that date (their own or as substitutes)."""
    own = set(
        TimetableLesson.objects.filter(timetable=timetable, weekday=weekday, number=number).values_list(
            "teacher_id", flat=True
        )
    )
    subs = Substitution.objects.filter(
        timetable_lesson__timetable=timetable,
        timetable_lesson__weekday=weekday,
        timetable_lesson__number=number,
        date=date,
    )
    replaced = set(subs.values_list("timetable_lesson__teacher_id", flat=True))
    substitutes = set(subs.exclude(substitute=None).values_list("substitute_id", flat=True))
    return (own - replaced) | substitutes


def substitute_candidates(lesson, date):
    """Free teachers at that moment, those who teach the same subject first; absent ones left out."""
    school = lesson.timetable.school
    busy = busy_teacher_ids(lesson.timetable, lesson.weekday, lesson.number, date)
    absent = set(
        Absence.objects.filter(employee__school=school, start__lte=date, end__gte=date).values_list(
            "employee_id", flat=True
        )
    )
    same_subject = set(
        TimetableLesson.objects.filter(
            timetable=lesson.timetable, subgroup__class_subject__subject=lesson.subgroup.class_subject.subject
        ).values_list("teacher_id", flat=True)
    )
    free = [
        e
        for e in Employee.objects.teaching().filter(school=school).select_related("person")
        if e.pk not in busy and e.pk not in absent and e.pk != lesson.teacher_id
    ]
    free.sort(key=lambda e: (e.pk not in same_subject, e.person.last_name, e.person.first_name))
    return [(e, e.pk in same_subject) for e in free]


@transaction.atomic
def substitution_save(*, acting_user, lesson, date, substitute=None, cancel=False, absence=None, note=""):
    """Assigns a substitute to a lesson on a date, or cancels it; replaces an earlier decision."""
    school = lesson.timetable.school
    require_manage(acting_user, school)
    if lesson.timetable.status != "published":
        raise OperationError(_("Substitutions are made in the published timetable."))
    if date.isoweekday() != lesson.weekday:
        raise OperationError(_("The lesson is not on this date's weekday."))
    if not cancel and substitute is None:
        raise OperationError(_("Choose a substitute or cancel the lesson."))
    if substitute is not None:
        if substitute.school_id != school.pk or not substitute.is_active:
            raise OperationError(_("Select a valid teacher."))
        if substitute.pk == lesson.teacher_id:
            raise OperationError(_("The substitute must be another teacher."))
        if substitute.pk in busy_teacher_ids(lesson.timetable, lesson.weekday, lesson.number, date):
            raise OperationError(
                _("Teacher %(teacher)s already has a lesson at this time on %(date)s.")
                % {"teacher": substitute, "date": date.strftime("%d.%m.%Y")}
            )
        if Absence.objects.filter(employee=substitute, start__lte=date, end__gte=date).exists():
            raise OperationError(_("Teacher %(teacher)s is absent on this date.") % {"teacher": substitute})
    Substitution.objects.filter(timetable_lesson=lesson, date=date).delete()
    reason = (
        REASON_BY_KIND.get(absence.kind, SubstitutionReason.OTHER) if absence else SubstitutionReason.OTHER
    )
    try:
        with transaction.atomic():
            return Substitution.objects.create(
                timetable_lesson=lesson,
                date=date,
                substitute=None if cancel else substitute,
                is_cancelled=cancel,
                reason=reason,
                absence=absence,
                note=" ".join((note or "").split())[:255],
                created_by=acting_user,
            )
    except IntegrityError as error:
        raise OperationError(_("This lesson already has a substitution on this date.")) from error


@transaction.atomic
def substitution_remove(*, acting_user, substitution):
    require_manage(acting_user, substitution.timetable_lesson.timetable.school)
    substitution.delete()
