"""Journal operations (DESIGN rule 4): one transaction each, rows locked, translated OperationError.

`acting_user` is checked here, not only in views, so a management command or a replayed offline tap
obeys the same rules: only the lesson's teacher (or the deputy) keeps a lesson, a closed period
changes only through the deputy with a reason, marks stay on the school's scale, a student outside
the subgroup or exempt gets nothing."""

import pghistory
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import prepared
from core.permissions import Perm, has_permission
from core.services import OperationError
from journal import rules
from journal.models import (
    AbsenceReason,
    Attendance,
    AttendanceStatus,
    ClosedPeriod,
    Exemption,
    FinalMark,
    FinalStatus,
    GradingRule,
    Lesson,
    Mark,
)
from journal.roster import roster_ids


def _history(acting_user, reason=""):
    meta = {"user": acting_user.pk if acting_user else None}
    if reason:
        meta["reason"] = reason
    return pghistory.context(**meta)


def is_lesson_teacher(user, lesson):
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return False
    teacher_ids = {lesson.teacher.person_id if lesson.teacher_id else None}
    if lesson.subgroup.teacher_id:
        teacher_ids.add(lesson.subgroup.teacher.person_id)
    return person_id in teacher_ids


def can_keep(user, lesson):
    """May the user record attendance, marks and the topic of this lesson?"""
    if has_permission(user, Perm.JOURNAL_MANAGE, lesson.school):
        return True
    return has_permission(user, Perm.JOURNAL_MARK, lesson.school) and is_lesson_teacher(user, lesson)


def period_is_closed(period):
    try:
        return period.journal_closure is not None
    except ClosedPeriod.DoesNotExist:
        return False


def _check_lesson(user, lesson, change_reason):
    if not can_keep(user, lesson):
        raise OperationError(_("Only the lesson's teacher keeps its journal."))
    if lesson.is_cancelled:
        raise OperationError(_("The lesson is cancelled."))
    if period_is_closed(lesson.period):
        if not has_permission(user, Perm.JOURNAL_MANAGE, lesson.school):
            raise OperationError(
                _("The period is closed: its marks change only through the deputy director, with a reason.")
            )
        if not (change_reason or "").strip():
            raise OperationError(_("The period is closed: give the reason of the change."))


def _check_student(lesson, student):
    # A student read for a tap carries whether she is in the lesson's subgroup (journal.pages.tap_student).
    in_roster = getattr(student, "in_roster", None)
    if in_roster is None:
        in_roster = student.pk in roster_ids(lesson.subgroup, lesson.date)
    if not in_roster:
        raise OperationError(_("%(student)s does not study in this subgroup.") % {"student": student})


def _lock_lesson(lesson):
    """The lesson again, locked, with what the checks read. Its school is the caller's when the caller
    has it (a view's lesson has it from the user's role assignments): one join less per statement."""
    has_school = Lesson.school.is_cached(lesson)
    related = [
        "period__journal_closure",
        "subgroup__teacher",
        "teacher",
        "subgroup__class_subject__school_class",
    ]
    locked = (
        Lesson.objects.select_for_update(of=("self",))
        .select_related(*related, *([] if has_school else ["school__district__region"]))
        .get(pk=lesson.pk)
    )
    if has_school:
        locked.school = lesson.school
    return locked


# One statement: the attendance row inserted or changed in place (its history row written by the
# pghistory trigger in the same statement, with the context set before it), and the lesson's
# attendance marked as taken. It writes only while the lesson is held and, unless the deputy changes
# it, its period open, and only for a student of the lesson's school: the checks made before it stay
# true when it runs. A tap that changes nothing writes no history (the trigger compares the rows).
_ATTENDANCE_UPSERT = """
WITH lesson AS (
    SELECT l.id FROM journal_lesson l
    WHERE l.id = %(lesson)s AND NOT l.is_cancelled
      AND (%(may_change_closed)s OR NOT EXISTS (
          SELECT 1 FROM journal_closedperiod c WHERE c.period_id = l.period_id))
      AND EXISTS (SELECT 1 FROM contingent_student s WHERE s.id = %(student)s AND s.school_id = l.school_id)
), saved AS (
    INSERT INTO journal_attendance (lesson_id, student_id, status, reason)
    SELECT id, %(student)s, %(status)s, %(reason)s FROM lesson
    ON CONFLICT ON CONSTRAINT attendance_one_per_student_lesson
    DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason
    RETURNING id
), taken AS (
    UPDATE journal_lesson SET attendance_taken_at = %(now)s
    WHERE id IN (SELECT id FROM lesson) AND attendance_taken_at IS NULL AND EXISTS (SELECT 1 FROM saved)
    RETURNING id
)
SELECT (SELECT id FROM saved), (SELECT count(*) FROM taken)
"""


def attendance_set(*, acting_user, lesson, student, status, reason="", change_reason=""):
    """Present, absent (with a reason) or late: one row per student and lesson, changed in place.
    Checked against the lesson as read (the teacher, a held lesson, an open period or the deputy with a
    reason, a student of the subgroup), then written by one statement that repeats the checks that a
    concurrent change could make false. Returns the saved (status, reason)."""
    _check_lesson(acting_user, lesson, change_reason)
    _check_student(lesson, student)
    if status not in AttendanceStatus.values:
        raise OperationError(_("Unknown attendance status."))
    if reason and (status != AttendanceStatus.ABSENT or reason not in AbsenceReason.values):
        raise OperationError(_("Only an absence has a reason: illness, excused or unexcused."))
    now = timezone.now()
    params = {
        "lesson": lesson.pk,
        "student": student.pk,
        "status": status,
        "reason": reason,
        "now": now,
        "may_change_closed": has_permission(acting_user, Perm.JOURNAL_MANAGE, lesson.school),
    }
    with _history(acting_user, change_reason), connection.cursor() as cursor:
        # planned once per connection (core.prepared): a teacher taps it for every student
        prepared.execute(cursor, "journal_attendance_upsert", _ATTENDANCE_UPSERT, params)
        saved, taken = cursor.fetchone()
    if saved is None:
        # The lesson was cancelled or its period closed since it was read: say which.
        fresh = Lesson.objects.select_related("period__journal_closure").get(pk=lesson.pk)
        fresh.school = lesson.school
        _check_lesson(acting_user, fresh, change_reason)
        raise OperationError(_("The lesson is cancelled."))
    if taken:
        lesson.attendance_taken_at = now
    return status, reason


@transaction.atomic
def attendance_confirm(*, acting_user, lesson):
    """ "Everybody else is present": the lesson's attendance is taken."""
    lesson = _lock_lesson(lesson)
    _check_lesson(acting_user, lesson, "x")
    if lesson.attendance_taken_at is None:
        with _history(acting_user):
            lesson.attendance_taken_at = timezone.now()
            lesson.save(update_fields=["attendance_taken_at"])
    return lesson


def _is_exempt(lesson, student):
    subject_id = lesson.subgroup.class_subject.subject_id
    return Exemption.objects.filter(
        student=student, subject_id=subject_id, starts__lte=lesson.date, ends__gte=lesson.date
    ).exists()


@transaction.atomic
def mark_set(*, acting_user, lesson, student, kind, value, slot=1, max_points=None, change_reason=""):
    """Sets the student's mark of `kind` number `slot` at the lesson: the same tap from two devices
    leaves one mark, the lesson row lock puts the second after the first (both kept in history)."""
    lesson = _lock_lesson(lesson)
    _check_lesson(acting_user, lesson, change_reason)
    _check_student(lesson, student)
    rule = rules.rule_for(lesson.school, lesson.date)
    school_class = lesson.subgroup.class_subject.school_class
    if not rules.marks_allowed(rule, school_class.parallel):
        raise OperationError(_("Grade 1 gets no marks."))
    if kind not in rule.kinds:
        raise OperationError(_("The school does not use this kind of mark."))
    if _is_exempt(lesson, student):
        raise OperationError(_("%(student)s is exempt from this subject.") % {"student": student})
    try:
        value = int(value)
        slot = int(slot)
        max_points = int(max_points) if max_points not in (None, "") else None
    except (TypeError, ValueError):
        raise OperationError(_("The mark is outside the scale.")) from None
    if kind in rules.SCALES:
        max_points = None
        if value not in rules.SCALES[kind]:
            raise OperationError(_("The mark is outside the scale."))
    else:
        max_points = max_points or rules.DEFAULT_MAX_POINTS[kind]
        if not (1 <= max_points <= 100 and 0 <= value <= max_points):
            raise OperationError(
                _("Points must be from 0 to %(max)s.") % {"max": max_points}
                if 1 <= max_points <= 100
                else _("The maximum is from 1 to 100 points.")
            )
    if not 1 <= slot <= 9:
        raise OperationError(_("A student has at most nine marks of one kind at a lesson."))
    with _history(acting_user, change_reason):
        mark = Mark.objects.filter(lesson=lesson, student=student, kind=kind, slot=slot).first()
        if mark is None:
            mark = Mark.objects.create(
                lesson=lesson, student=student, kind=kind, slot=slot, value=value, max_points=max_points
            )
        elif (mark.value, mark.max_points) != (value, max_points):
            mark.value, mark.max_points = value, max_points
            mark.save(update_fields=["value", "max_points", "changed_at"])
    return mark


@transaction.atomic
def mark_delete(*, acting_user, lesson, student, kind, slot=1, change_reason=""):
    lesson = _lock_lesson(lesson)
    _check_lesson(acting_user, lesson, change_reason)
    with _history(acting_user, change_reason):
        deleted, _rows = Mark.objects.filter(lesson=lesson, student=student, kind=kind, slot=slot).delete()
    return bool(deleted)


@transaction.atomic
def lesson_describe(
    *, acting_user, lesson, topic, homework, ktp_topic=None, homework_file=None, remove_file=False
):
    """The topic (offered from the КТП) and the homework with an optional file."""
    lesson = _lock_lesson(lesson)
    _check_lesson(acting_user, lesson, "x")
    with _history(acting_user):
        lesson.ktp_topic = ktp_topic
        lesson.topic = (topic or (ktp_topic.title if ktp_topic else "")).strip()
        lesson.homework = (homework or "").strip()
        if homework_file:
            lesson.homework_file = homework_file
        elif remove_file:
            lesson.homework_file = ""
        if lesson.topic and lesson.topic_set_at is None:
            lesson.topic_set_at = timezone.now()
        lesson.save()
    return lesson


# --- final marks (JRN-4) -----------------------------------------------------------------------------


@transaction.atomic
def final_mark_set(
    *, acting_user, class_subject, student, period, status, value=None, proposed=None, percent=None, reason=""
):
    """Confirms the proposed mark or overrides it with a reason; н/а, exempt, pass/fail carry no number.
    A closed period changes only through the deputy, with a reason."""
    school = class_subject.school_class.school
    may_manage = has_permission(acting_user, Perm.JOURNAL_MANAGE, school)
    teaches = (
        has_permission(acting_user, Perm.JOURNAL_MARK, school)
        and class_subject.subgroups.filter(
            teacher__person_id=getattr(acting_user, "person_id", None) or 0
        ).exists()
    )
    if not (may_manage or teaches):
        raise OperationError(_("Only the subject's teacher sets its final marks."))
    reason = (reason or "").strip()
    if period is not None and period_is_closed(period):
        if not may_manage:
            raise OperationError(
                _("The period is closed: its marks change only through the deputy director, with a reason.")
            )
        if not reason:
            raise OperationError(_("The period is closed: give the reason of the change."))
    if not rules.marks_allowed(
        rules.rule_for(school, timezone.localdate()), class_subject.school_class.parallel
    ):
        raise OperationError(_("Grade 1 gets no marks."))
    if student.school_class_id != class_subject.school_class_id:
        raise OperationError(_("%(student)s does not study in this subgroup.") % {"student": student})
    if status not in FinalStatus.values:
        raise OperationError(_("Unknown result."))
    if status == FinalStatus.MARK:
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise OperationError(_("A final mark is 2 to 5.")) from None
        if not 2 <= value <= 5:
            raise OperationError(_("A final mark is 2 to 5."))
        if proposed is not None and value != proposed and not reason:
            raise OperationError(_("The mark differs from the proposed one: give the reason."))
    else:
        value = None
    with _history(acting_user, reason):
        existing = (
            FinalMark.objects.select_for_update()
            .filter(class_subject=class_subject, student=student, period=period)
            .first()
        )
        final = existing or FinalMark(
            school=school, class_subject=class_subject, student=student, period=period
        )
        final.status, final.value, final.proposed, final.percent = status, value, proposed, percent
        final.reason = reason
        final.confirmed_by = acting_user
        final.save()
    return final


@transaction.atomic
def period_close(*, acting_user, period):
    if not has_permission(acting_user, Perm.JOURNAL_MANAGE, period.academic_year.school):
        raise OperationError(_("Only the deputy director closes a period."))
    closure, created = ClosedPeriod.objects.get_or_create(period=period, defaults={"closed_by": acting_user})
    if not created:
        raise OperationError(_("The period is already closed."))
    return closure


@transaction.atomic
def period_reopen(*, acting_user, period, reason):
    if not has_permission(acting_user, Perm.JOURNAL_MANAGE, period.academic_year.school):
        raise OperationError(_("Only the deputy director closes a period."))
    if not (reason or "").strip():
        raise OperationError(_("Give the reason for reopening the period."))
    with _history(acting_user, reason):
        ClosedPeriod.objects.filter(period=period).delete()


@transaction.atomic
def cell_set(*, acting_user, lesson, student, status, marks, change_reason=""):
    """The grid's keyboard entry: the cell becomes exactly what was typed (attendance and the marks of
    each kind the school uses, in order); everything else of the cell is deleted. One transaction."""
    lesson = _lock_lesson(lesson)
    _check_lesson(acting_user, lesson, change_reason)
    _check_student(lesson, student)
    rule = rules.rule_for(lesson.school, lesson.date)
    unknown = set(marks) - set(rule.kinds)
    if unknown:
        raise OperationError(_("The school does not use this kind of mark."))
    current = Attendance.objects.filter(lesson=lesson, student=student).first()
    if current is not None or status != AttendanceStatus.PRESENT:
        attendance_set(
            acting_user=acting_user,
            lesson=lesson,
            student=student,
            status=status,
            reason=current.reason if current and status == AttendanceStatus.ABSENT else "",
            change_reason=change_reason,
        )
    for kind in rule.kinds:
        wanted = marks.get(kind, [])
        for slot, (value, max_points) in enumerate(wanted, start=1):
            mark_set(
                acting_user=acting_user,
                lesson=lesson,
                student=student,
                kind=kind,
                value=value,
                slot=slot,
                max_points=max_points,
                change_reason=change_reason,
            )
        with _history(acting_user, change_reason):
            Mark.objects.filter(lesson=lesson, student=student, kind=kind, slot__gt=len(wanted)).delete()


# --- the deputy's screens: a lesson made by hand, exemptions, the school's grading rule ----------------


@transaction.atomic
def lesson_add(*, acting_user, subgroup, date, number, teacher=None, topic=""):
    """An extra lesson that the timetable does not have (a make-up lesson, a consultation): it keeps
    its marks like any other, and a timetable change never removes it (it has no timetable lesson)."""
    from core.models import Period

    school_class = subgroup.class_subject.school_class
    school = school_class.school
    if not has_permission(acting_user, Perm.JOURNAL_MANAGE, school):
        raise OperationError(_("Only the deputy director adds lessons by hand."))
    period = (
        Period.objects.select_related("journal_closure")
        .filter(academic_year_id=subgroup.class_subject.academic_year_id, start__lte=date, end__gte=date)
        .first()
    )
    if period is None:
        raise OperationError(_("The date is outside the periods of the subject's academic year."))
    if period_is_closed(period):
        raise OperationError(_("The period is closed: no lesson is added to it."))
    if Lesson.objects.filter(subgroup=subgroup, date=date, number=number).exists():
        raise OperationError(_("This subgroup already has a lesson at this time."))
    teacher = teacher or subgroup.teacher
    if teacher is not None and teacher.school_id != school.pk:
        raise OperationError(_("The teacher does not work at this school."))
    from journal.materialise import _bells, _times

    starts, ends = _times(_bells(school), school_class, number)
    topic = (topic or "").strip()
    try:
        with _history(acting_user), transaction.atomic():
            return Lesson.objects.create(
                school=school,
                period=period,
                subgroup=subgroup,
                date=date,
                number=number,
                starts=starts,
                ends=ends,
                teacher=teacher,
                topic=topic,
                topic_set_at=timezone.now() if topic else None,
            )
    except IntegrityError:  # the same slot added at the same moment by someone else
        raise OperationError(_("This subgroup already has a lesson at this time.")) from None


@transaction.atomic
def lesson_remove(*, acting_user, lesson):
    """A lesson added by hand by mistake goes away while nothing is recorded in it."""
    if not has_permission(acting_user, Perm.JOURNAL_MANAGE, lesson.school):
        raise OperationError(_("Only the deputy director adds lessons by hand."))
    lesson = _lock_lesson(lesson)
    if lesson.timetable_lesson_id:
        raise OperationError(_("A lesson of the timetable is cancelled through substitutions, not removed."))
    if Attendance.objects.filter(lesson=lesson).exists() or Mark.objects.filter(lesson=lesson).exists():
        raise OperationError(_("The lesson already has attendance or marks: it stays in the journal."))
    with _history(acting_user):
        lesson.delete()


@transaction.atomic
def exemption_add(*, acting_user, student, subject, starts, ends, reason):
    """A student exempt from a subject (освобождён) for a time: no marks then, "осв." as the period mark."""
    if not has_permission(acting_user, Perm.JOURNAL_MANAGE, student.school):
        raise OperationError(_("Only the deputy director records exemptions."))
    reason = (reason or "").strip()
    if not reason:
        raise OperationError(_("Give the reason of the exemption."))
    if ends < starts:
        raise OperationError(_("The end cannot be before the start."))
    if (
        Exemption.objects.select_for_update()
        .filter(student=student, subject=subject, starts__lte=ends, ends__gte=starts)
        .exists()
    ):
        raise OperationError(
            _("%(student)s is already exempt from this subject for part of these dates.")
            % {"student": student}
        )
    with _history(acting_user):
        return Exemption.objects.create(
            school=student.school, student=student, subject=subject, starts=starts, ends=ends, reason=reason
        )


@transaction.atomic
def exemption_end(*, acting_user, exemption, on):
    """The exemption ends earlier than planned (the certificate is over): it ends on `on`; an exemption
    not yet begun is withdrawn."""
    if not has_permission(acting_user, Perm.JOURNAL_MANAGE, exemption.school):
        raise OperationError(_("Only the deputy director records exemptions."))
    exemption = Exemption.objects.select_for_update().get(pk=exemption.pk)
    with _history(acting_user):
        if on < exemption.starts:
            exemption.delete()
            return None
        if on < exemption.ends:
            exemption.ends = on
            exemption.save(update_fields=["ends"])
    return exemption


@transaction.atomic
def grading_rule_add(*, acting_user, school, **fields):
    """The school's grading rule from a date (DOMAIN 2.2-2.3): it proposes the period marks from then
    on; a closed period keeps the rule its final marks were set by."""
    if not has_permission(acting_user, Perm.JOURNAL_MANAGE, school):
        raise OperationError(_("Only the deputy director sets the grading rule."))
    valid_from = fields["valid_from"]
    if (
        fields["system"] == "criteria"
        and fields["fo_weight"] + fields["sor_weight"] + fields["soch_weight"] != 100
    ):
        raise OperationError(_("The weights of ФО, СОР and СОЧ must add up to 100."))
    closed = (
        ClosedPeriod.objects.filter(period__academic_year__school=school, period__end__gte=valid_from)
        .select_related("period")
        .order_by("period__end")
        .first()
    )
    if closed is not None:
        raise OperationError(
            _("The period %(period)s is closed: a new rule starts after %(end)s.")
            % {"period": closed.period, "end": closed.period.end.strftime("%d.%m.%Y")}
        )
    if GradingRule.objects.filter(school=school, valid_from=valid_from).exists():
        raise OperationError(_("The school already has a grading rule from this date."))
    with _history(acting_user):
        return GradingRule.objects.create(school=school, **fields)
