"""From the database to the solver and back: a school's curricula, subgroups, teachers and rooms become
a `solver.Problem`; the solver's placements become the draft's lessons."""

import math
import time

from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contingent.models import SchoolClass

from . import solver
from .models import (
    Bell,
    ClassSubject,
    GenerationState,
    Room,
    RoomKind,
    Subgroup,
    SubgroupKind,
    TeacherDayOff,
    Timetable,
    TimetableLesson,
    TypicalCurriculum,
)
from .rules import max_daily_lessons


def build_problem(timetable):
    """Returns (problem, {unit id: [subgroup, ...]})."""
    school = timetable.school
    classes = list(
        SchoolClass.objects.filter(
            school=school, academic_year=timetable.academic_year, is_active=True
        ).annotate(size=Count("students", filter=Q(students__status="studying")))
    )
    typical = {
        (t.parallel, t.language): t.max_daily_lessons
        for t in TypicalCurriculum.objects.for_school(school).order_by("valid_from")
    }
    rooms = list(Room.objects.filter(school=school, is_active=True))
    room_by_name = {r.name: r.pk for r in rooms}
    # each shift's bells (grade 1's own where it has them): {(shift, first grade): {number: minutes}}
    bells = {}
    for bell in Bell.objects.filter(schedule__school=school).select_related("schedule"):
        key = (bell.schedule.shift, bell.schedule.for_first_grade)
        bells.setdefault(key, {})[bell.number] = (_minutes(bell.starts), _minutes(bell.ends))
    numbers = max((n for grid in bells.values() for n in grid), default=7)

    def grid_of(school_class):
        for key in ((school_class.shift, school_class.parallel == 1), (school_class.shift, False)):
            if key in bells:
                return key
        return min(bells, default=None)

    lines = (
        ClassSubject.objects.filter(school_class__in=classes, academic_year=timetable.academic_year)
        .select_related("subject", "school_class")
        .prefetch_related(
            Prefetch(
                "subgroups",
                queryset=Subgroup.objects.select_related("teacher__person").annotate(n=Count("students")),
            )
        )
    )
    class_info = {
        c.pk: solver.ClassInfo(
            c.pk,
            str(c),
            min(numbers, typical.get((c.parallel, c.language)) or max_daily_lessons(c.parallel)),
            grid_of(c),
        )
        for c in classes
    }
    size = {c.pk: c.size for c in classes}
    teachers = {}
    units = []
    unit_subgroups = {}

    def teacher_info(employee):
        if employee is not None and employee.pk not in teachers:
            teachers[employee.pk] = solver.TeacherInfo(employee.pk, str(employee), frozenset())
        return employee.pk if employee is not None else None

    for line in lines:
        hours = int(math.ceil(line.weekly_hours))
        subgroups = list(line.subgroups.all())
        if not subgroups or hours <= 0:
            continue
        label = f"{line.school_class} {line.display_name}"
        common = {
            "class_id": line.school_class_id,
            "hours": hours,
            "room_kind": line.subject.room_kind,
            "difficulty": line.subject.difficulty,
            "home_room_id": room_by_name.get(line.school_class.classroom),
        }
        teacher_ids = [teacher_info(sg.teacher) for sg in subgroups]
        parallel_block = (
            len(subgroups) > 1
            and subgroups[0].kind != SubgroupKind.INDIVIDUAL
            and None not in teacher_ids
            and len(set(teacher_ids)) == len(teacher_ids)
        )
        groups = [subgroups] if parallel_block or len(subgroups) == 1 else [[sg] for sg in subgroups]
        for group in groups:
            uid = len(units)
            units.append(
                solver.Unit(
                    id=uid,
                    subgroup_ids=[sg.pk for sg in group],
                    teacher_ids=[teacher_info(sg.teacher) for sg in group],
                    label=label if len(groups) == 1 else f"{label} ({group[0].name or group[0].position})",
                    size=sum((sg.n or size[line.school_class_id] // len(subgroups)) for sg in group),
                    **common,
                )
            )
            unit_subgroups[uid] = group
    for day_off in TeacherDayOff.objects.filter(teacher_id__in=list(teachers)):
        info = teachers[day_off.teacher_id]
        info.days_off = frozenset(info.days_off | {day_off.weekday})
    # the lessons placed by hand are fixed inputs of the search (their rooms kept where still free)
    unit_of = {sg.pk: uid for uid, group in unit_subgroups.items() for sg in group}
    fixed, fixed_rooms = [], {}
    pinned = TimetableLesson.objects.filter(timetable=timetable, is_pinned=True).order_by("pk")
    for lesson in pinned.values("subgroup_id", "weekday", "number", "room_id"):
        uid = unit_of.get(lesson["subgroup_id"])
        if uid is None:
            continue
        key = (uid, lesson["weekday"], lesson["number"])
        if key not in fixed_rooms:
            fixed.append(key)
            fixed_rooms[key] = [None] * len(unit_subgroups[uid])
        position = [sg.pk for sg in unit_subgroups[uid]].index(lesson["subgroup_id"])
        fixed_rooms[key][position] = lesson["room_id"]
    problem = solver.Problem(
        days=6 if school.six_day_week else 5,
        numbers=numbers,
        classes=class_info,
        teachers=teachers,
        rooms=[solver.RoomInfo(r.pk, r.name, r.kind, r.capacity) for r in rooms],
        units=units,
        fixed=fixed,
        fixed_rooms=fixed_rooms,
        bells=bells,
    )
    return problem, unit_subgroups


def _minutes(moment):
    return moment.hour * 60 + moment.minute


def describe(reason):
    """A solver cause in the user's language."""
    code = reason.get("code")
    kinds = dict(RoomKind.choices)
    values = {k: (kinds.get(v, v) if k == "kind" else v) for k, v in reason.items()}
    texts = {
        "no_teacher": _("%(unit)s: no teacher is assigned."),
        "no_room_kind": _("%(unit)s needs a room of kind %(kind)s and the school has none (or too few)."),
        "too_many_hours": _(
            "%(unit)s: %(hours)s lessons a week cannot be spread at most two a day (%(most)s)."
        ),
        "teacher_overload": _(
            "Teacher %(teacher)s has %(hours)s lessons a week but only %(slots)s free lesson slots."
        ),
        "class_overload": _(
            "Class %(school_class)s has %(hours)s lessons a week but at most %(slots)s fit (days x most lessons a day)."
        ),
        "room_kind_overload": _(
            "Rooms of kind %(kind)s: %(hours)s lessons a week need them but they offer %(slots)s slots."
        ),
        "no_slots": _("The school has no lesson slots (no bells)."),
        "time_limit": _("No timetable was found within the time limit; give the search more time."),
        "no_common_slot": _(
            "%(unit)s: no time left where the class, the teacher and a suitable room are all free."
        ),
    }
    text = texts.get(code)
    return text % values if text else str(reason)


def save_result(timetable, problem, unit_subgroups, result):
    if result.status == "cancelled":
        # The draft keeps its lessons; nothing half-found replaces them.
        Timetable.objects.filter(pk=timetable.pk).update(
            generation_state=GenerationState.CANCELLED,
            progress_note="",
            generation_finished_at=timezone.now(),
        )
        return
    violations = solver.check(problem, result.placements)
    class_gaps, teacher_gaps = solver.gaps(problem, result.placements)
    units = {u.id: u for u in problem.units}
    kept = {tuple(k) for k in problem.fixed} - {tuple(k) for k in result.dropped}
    with transaction.atomic():
        # the lessons placed by hand that the search kept stay as they are (pinned, their teacher); the
        # rest of the draft is replaced
        pinned = {}
        for lesson in TimetableLesson.objects.filter(timetable=timetable, is_pinned=True):
            pinned[lesson.subgroup_id, lesson.weekday, lesson.number] = lesson
        keep = []
        for uid, day, number in kept:
            for sg in unit_subgroups[uid]:
                lesson = pinned.get((sg.pk, day, number))
                if lesson is not None:
                    keep.append(lesson.pk)
        TimetableLesson.objects.filter(timetable=timetable).exclude(pk__in=keep).delete()
        kept_pinned = {key for key, lesson in pinned.items() if lesson.pk in keep}
        shift_of = {uid: group[0].class_subject.school_class.shift for uid, group in unit_subgroups.items()}
        lessons = []
        for p in result.placements:
            for sg, room_id in zip(unit_subgroups[p.unit_id], p.room_ids, strict=True):
                if (sg.pk, p.day, p.number) in kept_pinned:
                    lesson = pinned[sg.pk, p.day, p.number]
                    if lesson.room_id != room_id:  # none chosen by hand, or no longer suitable
                        TimetableLesson.objects.filter(pk=lesson.pk).update(room_id=room_id)
                    continue
                lessons.append(
                    TimetableLesson(
                        timetable=timetable,
                        subgroup=sg,
                        weekday=p.day,
                        number=p.number,
                        room_id=room_id,
                        teacher=sg.teacher,
                        is_pinned=(p.unit_id, p.day, p.number) in kept,
                        shift=shift_of[p.unit_id],
                    )
                )
        TimetableLesson.objects.bulk_create(lessons)
        Timetable.objects.filter(pk=timetable.pk).update(
            generation_state=GenerationState.DONE,
            progress=100,
            progress_note="",
            generation_finished_at=timezone.now(),
            generation_seconds=round(result.seconds, 2),
            hard_violations=len(violations),
            soft_score=result.soft_score,
            stats={
                "status": result.status,
                "lessons": len(lessons),
                "class_gaps": sum(class_gaps.values()),
                "teacher_gaps": sum(teacher_gaps.values()),
                "classes_with_gaps": len([v for v in class_gaps.values() if v]),
                "teachers_with_gaps": len([v for v in teacher_gaps.values() if v]),
                "pinned_kept": len(kept),
                "pinned_replaced": len(result.dropped),
                **result.stats,
            },
            unplaced=[
                {"unit": units[uid].label, "lessons": missing, "reason": reason}
                for uid, missing, reason in result.unplaced
            ],
            failure="",
        )


def run_generation(timetable_id, workers=2, patience=None):
    """The body of the background task: solve, saving progress; stops when the deputy cancels, or when
    the score has not improved for `patience` seconds (a quarter of the time limit unless given)."""
    timetable = Timetable.objects.select_related("school__district__region").get(pk=timetable_id)
    if timetable.cancel_requested or timetable.generation_state == GenerationState.CANCELLED:
        Timetable.objects.filter(pk=timetable_id).update(generation_state=GenerationState.CANCELLED)
        return
    Timetable.objects.filter(pk=timetable_id).update(
        generation_state=GenerationState.RUNNING,
        generation_started_at=timezone.now(),
        progress=1,
        progress_note=_("Reading curricula and teachers"),
    )
    try:
        problem, unit_subgroups = build_problem(timetable)
        Timetable.objects.filter(pk=timetable_id).update(progress=5, progress_note=_("Searching"))

        def should_stop():
            return Timetable.objects.filter(pk=timetable_id, cancel_requested=True).exists()

        def on_progress(fraction, _note):
            Timetable.objects.filter(pk=timetable_id).update(progress=5 + int(fraction * 90))

        started = time.monotonic()
        result = solver.solve(
            problem,
            time_limit=timetable.time_limit,
            workers=workers,
            should_stop=should_stop,
            on_progress=on_progress,
            patience=patience or max(5, timetable.time_limit // 4),
        )
        result.seconds = time.monotonic() - started
        save_result(timetable, problem, unit_subgroups, result)
    except Exception as error:  # the page shows the failure instead of a job that never ends
        Timetable.objects.filter(pk=timetable_id).update(
            generation_state=GenerationState.FAILED,
            failure=str(error)[:2000],
            generation_finished_at=timezone.now(),
        )
        raise
