"""The timetable (PLN-8): placing lessons by hand with clash messages, generation as a background task,
publication."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import OperationError
from staff.models import Absence

from ..models import (
    GenerationState,
    Room,
    TeacherDayOff,
    Timetable,
    TimetableLesson,
    TimetableStatus,
)
from ..models.timetable import WEEKDAYS
from ..selectors import bell_times, bells_by_schedule
from .common import require_manage

WEEKDAY_NAMES = dict(WEEKDAYS)


def _slot(weekday, number):
    return _("%(day)s, lesson %(n)s") % {"day": WEEKDAY_NAMES.get(weekday, weekday), "n": number}


def _what(lesson):
    return f"{lesson.subgroup.class_subject.school_class} {lesson.subgroup.class_subject.display_name}" + (
        "" if lesson.subgroup.is_main else f" ({lesson.subgroup.name or lesson.subgroup.position})"
    )


def find_clashes(timetable, subgroup, weekday, number, room=None, teacher=None, exclude=None):
    """Messages naming every clash of a lesson at a time: teacher, room, class or subgroup twice at
    once, the teacher's day off or leave."""
    teacher = teacher or subgroup.teacher
    messages = []
    if not 1 <= int(weekday) <= (6 if timetable.school.six_day_week else 5):
        messages.append(_("The school does not work on this day."))
    if not 1 <= int(number) <= 14:
        messages.append(_("Lesson numbers are 1 to 14."))
    # Lessons of the other shift clash with it where their bells overlap; a class has one shift, so it
    # (or a subgroup) clashes at the same number only.
    others = (
        TimetableLesson.objects.filter(timetable=timetable, weekday=weekday)
        .select_related(
            "subgroup__class_subject__school_class",
            "subgroup__class_subject__subject",
            "teacher__person",
            "room",
        )
        .prefetch_related("subgroup__students")
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    slot = _slot(weekday, number)
    line = subgroup.class_subject
    bells = bells_by_schedule(timetable.school)
    own_class = line.school_class
    own_time = bell_times(bells, own_class, int(number))
    own_students = None
    for other in others:
        other_class = other.subgroup.class_subject.school_class
        if other.number == int(number) and other_class.shift == own_class.shift:
            pass
        elif other_class.pk == own_class.pk or not _overlap(
            own_time, bell_times(bells, other_class, other.number)
        ):
            continue
        else:  # a lesson of another shift at an overlapping time: its teacher and room only
            if teacher is not None and other.teacher_id == teacher.pk:
                messages.append(
                    _("Teacher %(teacher)s already teaches %(what)s on %(slot)s.")
                    % {"teacher": teacher, "what": _what(other), "slot": _slot(other.weekday, other.number)}
                )
            if room is not None and other.room_id == room.pk:
                messages.append(
                    _("Room %(room)s is taken by %(what)s on %(slot)s.")
                    % {"room": room, "what": _what(other), "slot": _slot(other.weekday, other.number)}
                )
            continue
        if other.subgroup_id == subgroup.pk:
            messages.append(
                _("%(what)s already has a lesson on %(slot)s.") % {"what": _what(other), "slot": slot}
            )
            continue
        if teacher is not None and other.teacher_id == teacher.pk:
            messages.append(
                _("Teacher %(teacher)s already teaches %(what)s on %(slot)s.")
                % {"teacher": teacher, "what": _what(other), "slot": slot}
            )
        if room is not None and other.room_id == room.pk:
            messages.append(
                _("Room %(room)s is taken by %(what)s on %(slot)s.")
                % {"room": room, "what": _what(other), "slot": slot}
            )
        other_line = other.subgroup.class_subject
        if other_line.school_class_id == line.school_class_id:
            together = not subgroup.is_main and not other.subgroup.is_main
            if together and other_line.pk != line.pk:
                if own_students is None:
                    own_students = set(subgroup.students.values_list("pk", flat=True))
                theirs = {s.pk for s in other.subgroup.students.all()}
                together = bool(own_students) and bool(theirs) and not (own_students & theirs)
            if not together:
                messages.append(
                    _("Class %(class)s already has %(what)s on %(slot)s.")
                    % {"class": line.school_class, "what": _what(other), "slot": slot}
                )
    if teacher is not None:
        if TeacherDayOff.objects.filter(teacher=teacher, weekday=weekday).exists():
            messages.append(
                _("%(day)s is a day off of teacher %(teacher)s.")
                % {"day": WEEKDAY_NAMES.get(int(weekday)), "teacher": teacher}
            )
        today = timezone.localdate()
        leave = Absence.objects.filter(employee=teacher, start__lte=today, end__gte=today).first()
        if leave is not None:
            messages.append(
                _("Teacher %(teacher)s is absent (%(absence)s) until %(end)s.")
                % {
                    "teacher": teacher,
                    "absence": leave.get_kind_display(),
                    "end": leave.end.strftime("%d.%m.%Y"),
                }
            )
    if room is not None and line.subject.room_kind and room.kind != line.subject.room_kind:
        messages.append(
            _("%(subject)s needs a room of kind %(kind)s; %(room)s is a %(actual)s.")
            % {
                "subject": line.display_name,
                "kind": Room(kind=line.subject.room_kind).get_kind_display(),
                "room": room,
                "actual": room.get_kind_display(),
            }
        )
    return messages


def _overlap(first, second):
    """Two lessons' (starts, ends) overlap; unknown bells never do (the same number is compared above)."""
    if None in first or None in second:
        return False
    return first[0] < second[1] and second[0] < first[1]


def _check_editable(acting_user, timetable):
    require_manage(acting_user, timetable.school)
    if timetable.is_running:
        raise OperationError(_("The timetable is being generated; wait for the end or cancel it."))


def _save_lesson(lesson, acting_user, timetable):
    clashes = find_clashes(
        timetable,
        lesson.subgroup,
        lesson.weekday,
        lesson.number,
        lesson.room,
        lesson.teacher,
        exclude=lesson if lesson.pk else None,
    )
    if clashes:
        raise OperationError(" ".join(clashes))
    try:
        with transaction.atomic():
            lesson.save()
    except IntegrityError as error:
        raise OperationError(_("This lesson clashes with another one placed at the same moment.")) from error
    return lesson


@transaction.atomic
def lesson_place(*, acting_user, timetable, subgroup, weekday, number, room=None, teacher=None):
    timetable = Timetable.objects.select_for_update().get(pk=timetable.pk)
    _check_editable(acting_user, timetable)
    if subgroup.class_subject.school_class.school_id != timetable.school_id:
        raise OperationError(_("Select a valid subgroup."))
    teacher = teacher or subgroup.teacher
    if teacher is None:
        raise OperationError(_("The subgroup has no teacher; assign one in the subject of the class first."))
    lesson = TimetableLesson(
        timetable=timetable,
        subgroup=subgroup,
        weekday=int(weekday),
        number=int(number),
        room=room,
        teacher=teacher,
        is_pinned=True,
        shift=subgroup.class_subject.school_class.shift,
    )
    return _save_lesson(lesson, acting_user, timetable)


@transaction.atomic
def lesson_move(*, acting_user, lesson, weekday, number, room=None):
    timetable = Timetable.objects.select_for_update().get(pk=lesson.timetable_id)
    _check_editable(acting_user, timetable)
    lesson = (
        TimetableLesson.objects.select_for_update()
        .select_related("subgroup__class_subject__subject", "subgroup__class_subject__school_class")
        .get(pk=lesson.pk)
    )
    lesson.weekday, lesson.number, lesson.room, lesson.is_pinned = int(weekday), int(number), room, True
    lesson.shift = lesson.subgroup.class_subject.school_class.shift
    return _save_lesson(lesson, acting_user, timetable)


@transaction.atomic
def lesson_remove(*, acting_user, lesson):
    timetable = Timetable.objects.select_for_update().get(pk=lesson.timetable_id)
    _check_editable(acting_user, timetable)
    if lesson.substitutions.exists() and timetable.status == TimetableStatus.PUBLISHED:
        raise OperationError(_("This lesson has substitutions; cancel them first."))
    lesson.delete()


@transaction.atomic
def timetable_create(*, acting_user, school, year, name, copy_from=None):
    require_manage(acting_user, school)
    name = " ".join((name or "").split())
    if not name:
        raise OperationError(_("Give the timetable a name."))
    timetable = Timetable.objects.create(school=school, academic_year=year, name=name, created_by=acting_user)
    if copy_from is not None:
        if copy_from.school_id != school.pk:
            raise OperationError(_("Select a valid timetable."))
        TimetableLesson.objects.bulk_create(
            TimetableLesson(
                timetable=timetable,
                subgroup_id=lesson.subgroup_id,
                weekday=lesson.weekday,
                number=lesson.number,
                room_id=lesson.room_id,
                teacher_id=lesson.teacher_id,
                is_pinned=lesson.is_pinned,
                shift=lesson.shift,
            )
            for lesson in copy_from.lessons.all()
        )
    return timetable


def timetable_generate(*, acting_user, timetable, time_limit=60):
    """Queues the generation; the page follows its progress (a background task, django-tasks)."""
    from ..tasks import generate_timetable

    with transaction.atomic():
        timetable = Timetable.objects.select_for_update().get(pk=timetable.pk)
        _check_editable(acting_user, timetable)
        if timetable.status != TimetableStatus.DRAFT:
            raise OperationError(_("Only a draft can be generated; make a new draft."))
        if not 5 <= int(time_limit) <= 600:
            raise OperationError(_("The time limit is 5 to 600 seconds."))
        timetable.generation_state = GenerationState.QUEUED
        timetable.progress = 0
        timetable.cancel_requested = False
        timetable.time_limit = int(time_limit)
        timetable.failure = ""
        timetable.save()
    # Enqueued after the commit: the worker must see the queued state (the tests' backend runs it now).
    result = generate_timetable.enqueue(timetable.pk)
    Timetable.objects.filter(pk=timetable.pk).update(task_id=str(result.id)[:64])
    timetable.refresh_from_db()
    return timetable


@transaction.atomic
def timetable_cancel_generation(*, acting_user, timetable):
    timetable = Timetable.objects.select_for_update().get(pk=timetable.pk)
    require_manage(acting_user, timetable.school)
    if not timetable.is_running:
        raise OperationError(_("No generation is running."))
    timetable.cancel_requested = True
    if timetable.generation_state == GenerationState.QUEUED:
        timetable.generation_state = GenerationState.CANCELLED
    timetable.save(update_fields=["cancel_requested", "generation_state"])
    return timetable


@transaction.atomic
def timetable_publish(*, acting_user, timetable):
    """Publishes a reviewed draft; the year's previously published timetable is archived."""
    timetable = Timetable.objects.select_for_update().get(pk=timetable.pk)
    _check_editable(acting_user, timetable)
    if timetable.status != TimetableStatus.DRAFT:
        raise OperationError(_("Only a draft can be published."))
    if not timetable.lessons.exists():
        raise OperationError(_("The timetable has no lessons."))
    Timetable.objects.select_for_update().filter(
        school=timetable.school, academic_year=timetable.academic_year, status=TimetableStatus.PUBLISHED
    ).update(status=TimetableStatus.ARCHIVED)
    timetable.status = TimetableStatus.PUBLISHED
    timetable.published_at = timezone.now()
    timetable.save(update_fields=["status", "published_at"])
    return timetable
