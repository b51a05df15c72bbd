"""Dated lessons made from the published timetable (JRN-3): holidays, substitutions and cancellations
respected. A timetable change after publication updates future lessons only, and never a lesson that
already has marks or attendance; a past day is made once and then left as it was kept."""

import datetime

from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef
from django.utils import timezone

from core.history import bulk_create_tracked
from core.models import Period
from journal.models import Attendance, Lesson, LessonDay, Mark
from planning.calendar import SchoolCalendar
from planning.models import Bell, Substitution, Timetable, TimetableLesson


def published_timetable(school, day):
    return (
        Timetable.objects.published()
        .filter(school=school, academic_year__start__lte=day, academic_year__end__gte=day)
        .order_by("-published_at")
        .first()
    )


def _fingerprint(timetable, count, last):
    published = timetable.published_at.isoformat() if timetable.published_at else ""
    return f"{timetable.pk}:{published}:{count}:{last}"


def _bells(school):
    """(shift, first grade) -> {number: (starts, ends)}."""
    table = {}
    for bell in Bell.objects.filter(schedule__school=school).select_related("schedule"):
        key = (bell.schedule.shift, bell.schedule.for_first_grade)
        table.setdefault(key, {})[bell.number] = (bell.starts, bell.ends)
    return table


def _times(bells, school_class, number):
    for key in ((school_class.shift, school_class.parallel == 1), (school_class.shift, False), (1, False)):
        if key in bells and number in bells[key]:
            return bells[key][number]
    return (None, None)


def ensure_day(school, day):
    """Makes the day's lessons when it has never been made or the timetable has changed since."""
    ensure_days(school, [day])


def ensure_days(school, days):
    """ensure_day for several days (the diary's week): the check runs three statements however many
    days it covers, and only a day whose timetable or substitutions changed is made again."""
    days = sorted(set(days))
    if not days:
        return
    timetables = list(
        Timetable.objects.published()
        .filter(school=school, academic_year__start__lte=days[-1], academic_year__end__gte=days[0])
        .select_related("academic_year")
        .order_by("-published_at")
    )
    timetable_on = {}
    for day in days:
        found = next((t for t in timetables if t.academic_year.start <= day <= t.academic_year.end), None)
        if found is not None:
            timetable_on[day] = found
    if not timetable_on:
        return
    subs = {
        (row["date"], row["timetable_lesson__timetable"]): (row["n"], row["last"])
        for row in Substitution.objects.filter(
            timetable_lesson__timetable__in={t.pk for t in timetable_on.values()}, date__in=list(timetable_on)
        )
        .values("date", "timetable_lesson__timetable")
        .annotate(n=Count("pk"), last=Max("pk"))
    }
    stamps = dict(
        LessonDay.objects.filter(school=school, date__in=list(timetable_on)).values_list(
            "date", "fingerprint"
        )
    )
    for day, timetable in timetable_on.items():
        count, last = subs.get((day, timetable.pk), (0, None))
        if stamps.get(day) != _fingerprint(timetable, count, last):
            materialise(school, day, day, timetable=timetable)


@transaction.atomic
def materialise(school, start, end, timetable=None, today=None, prepare=None):
    """Makes (or brings up to date) the lessons of `school` from `start` to `end`; returns the number
    of lessons created. `prepare`, if given, sees the new lessons (in date order) before they are saved."""
    today = today or timezone.localdate()
    timetable = timetable or published_timetable(school, start)
    if timetable is None:
        return 0
    periods = list(
        Period.objects.filter(academic_year=timetable.academic_year, start__lte=end, end__gte=start)
    )
    plan = list(
        TimetableLesson.objects.filter(timetable=timetable).select_related(
            "subgroup__class_subject__school_class"
        )
    )
    by_weekday = {}
    for t in plan:
        by_weekday.setdefault(t.weekday, []).append(t)
    subs = {
        (s.timetable_lesson_id, s.date): s
        for s in Substitution.objects.filter(
            timetable_lesson__timetable=timetable, date__gte=start, date__lte=end
        )
    }
    calendar = SchoolCalendar(school, start, end)
    bells = _bells(school)
    made_days = set(
        LessonDay.objects.filter(school=school, date__gte=start, date__lte=end).values_list("date", flat=True)
    )
    touched = Attendance.objects.filter(lesson=OuterRef("pk")).values("pk")
    marked = Mark.objects.filter(lesson=OuterRef("pk")).values("pk")
    existing = {
        (lesson.subgroup_id, lesson.date, lesson.number): lesson
        for lesson in Lesson.objects.filter(school=school, date__gte=start, date__lte=end).annotate(
            has_attendance=Exists(touched), has_marks=Exists(marked)
        )
    }
    created, wanted = [], set()
    day = start
    while day <= end:
        period = next((p for p in periods if p.start <= day <= p.end), None)
        may_change = day >= today
        if period is not None and day.isoweekday() <= calendar.days:
            for t in by_weekday.get(day.isoweekday(), ()):
                school_class = t.subgroup.class_subject.school_class
                if calendar.holiday(day, school_class.parallel):
                    continue
                sub = subs.get((t.pk, day))
                starts, ends = _times(bells, school_class, t.number)
                fields = {
                    "teacher_id": (sub.substitute_id if sub and sub.substitute_id else t.teacher_id)
                    or t.subgroup.teacher_id,
                    "room_id": t.room_id,
                    "starts": starts,
                    "ends": ends,
                    "is_substitute": bool(sub and sub.substitute_id),
                    "is_cancelled": bool(sub and sub.is_cancelled),
                    "timetable_lesson_id": t.pk,
                }
                key = (t.subgroup_id, day, t.number)
                wanted.add(key)
                lesson = existing.get(key)
                if lesson is None:
                    if may_change or day not in made_days:
                        created.append(
                            Lesson(
                                school=school,
                                period=period,
                                subgroup_id=t.subgroup_id,
                                date=day,
                                number=t.number,
                                **fields,
                            )
                        )
                elif may_change and not (lesson.has_attendance or lesson.has_marks):
                    changed = [f for f, v in fields.items() if getattr(lesson, f) != v]
                    if changed:
                        for f in changed:
                            setattr(lesson, f, fields[f])
                        lesson.save(
                            update_fields=[f.removesuffix("_id") if f.endswith("_id") else f for f in changed]
                        )
        day += datetime.timedelta(days=1)
    # Future lessons the timetable no longer has, never kept, made from the timetable: gone.
    stale = [
        lesson.pk
        for key, lesson in existing.items()
        if key not in wanted
        and key[1] >= today
        and not (lesson.has_attendance or lesson.has_marks)
        and lesson.timetable_lesson_id
    ]
    if stale:
        Lesson.objects.filter(pk__in=stale).delete()
    if prepare is not None:
        prepare(created)
    # The new lessons' history is written in one statement, not by a trigger call per row (a year of
    # lessons at once for the demo or a deputy's "make lessons").
    bulk_create_tracked(
        Lesson,
        created,
        batch_size=1000,
        ignore_conflicts=True,
        candidates=Lesson.objects.filter(school=school, date__gte=start, date__lte=end),
    )
    per_day = {}
    for (_lesson_id, date), sub in subs.items():
        count, last = per_day.get(date, (0, None))
        per_day[date] = (count + 1, max(last or 0, sub.pk))
    day = start
    stamps = []
    while day <= end:
        count, last = per_day.get(day, (0, None))
        stamps.append(LessonDay(school=school, date=day, fingerprint=_fingerprint(timetable, count, last)))
        day += datetime.timedelta(days=1)
    LessonDay.objects.bulk_create(
        stamps,
        update_conflicts=True,
        unique_fields=["school", "date"],
        update_fields=["fingerprint", "made_at"],
    )
    return len(created)


def missing_days(school, start, end):
    """Dates from start to end never made: the demo and the deputy's "make lessons" action use it."""
    made = set(
        LessonDay.objects.filter(school=school, date__gte=start, date__lte=end).values_list("date", flat=True)
    )
    days, day = [], start
    while day <= end:
        if day not in made:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days
