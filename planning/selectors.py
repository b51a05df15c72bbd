"""Read-side queries of planning, used by its pages and by the journal (the contract)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum

from contingent.models import SchoolClass
from core.models import AcademicYear, Period
from staff.models import Absence

from .calendar import SchoolCalendar, annual_hours
from .models import (
    Bell,
    BellSchedule,
    ClassSubject,
    ClassSubjectPeriod,
    Subgroup,
    Substitution,
    Timetable,
    TimetableLesson,
    TimetableStatus,
)


@dataclass
class DatedLesson:
    """One lesson of the published timetable on a date, after substitutions and cancellations."""

    timetable_lesson: TimetableLesson
    subgroup: Subgroup
    date: datetime.date
    number: int
    starts: datetime.time | None
    ends: datetime.time | None
    room: object
    teacher: object
    original_teacher: object
    is_substitute: bool
    is_cancelled: bool
    substitution: Substitution | None = None

    @property
    def school_class(self):
        return self.subgroup.class_subject.school_class

    @property
    def subject_name(self):
        return self.subgroup.class_subject.display_name

    def __getitem__(self, key):  # dict-style access too, as the contract allows
        return getattr(self, key)


def year_on(school, day):
    return AcademicYear.objects.filter(school=school, start__lte=day, end__gte=day).first()


def published_timetable(school, year):
    if year is None:
        return None
    return Timetable.objects.filter(
        school=school, academic_year=year, status=TimetableStatus.PUBLISHED
    ).first()


def bells_by_schedule(school):
    """{(shift, first_grade): {number: (starts, ends)}} read in one query."""
    result = {}
    for bell in Bell.objects.filter(schedule__school=school).select_related("schedule"):
        key = (bell.schedule.shift, bell.schedule.for_first_grade)
        result.setdefault(key, {})[bell.number] = (bell.starts, bell.ends)
    return result


def bell_times(bells, school_class, number):
    key = (school_class.shift, school_class.parallel == 1)
    times = bells.get(key, {}).get(number) or bells.get((school_class.shift, False), {}).get(number)
    return times or (None, None)


def _lesson_queryset():
    return TimetableLesson.objects.select_related(
        "subgroup__class_subject__subject",
        "subgroup__class_subject__school_class",
        "room",
        "teacher__person",
    )


def lessons_on(school, date, teacher=None, school_class=None):
    """The published lessons of a school on a date, holidays taken out, substitutions applied."""
    year = year_on(school, date)
    timetable = published_timetable(school, year)
    if timetable is None or date.isoweekday() > (6 if school.six_day_week else 5):
        return []
    calendar = SchoolCalendar(school, date, date)
    if calendar.holiday(date) is not None:
        return []
    lessons = _lesson_queryset().filter(timetable=timetable, weekday=date.isoweekday())
    subs = {
        s.timetable_lesson_id: s
        for s in Substitution.objects.filter(timetable_lesson__timetable=timetable, date=date).select_related(
            "substitute__person"
        )
    }
    if teacher is not None:
        lessons = lessons.filter(
            Q(teacher=teacher) | Q(pk__in=[k for k, s in subs.items() if s.substitute_id == teacher.pk])
        )
    if school_class is not None:
        lessons = lessons.filter(subgroup__class_subject__school_class=school_class)
    bells = bells_by_schedule(school)
    result = []
    for lesson in lessons.order_by("number", "subgroup__class_subject__school_class__parallel"):
        sc = lesson.subgroup.class_subject.school_class
        if calendar.holiday(date, sc.parallel) is not None:
            continue
        sub = subs.get(lesson.pk)
        starts, ends = bell_times(bells, sc, lesson.number)
        result.append(
            DatedLesson(
                timetable_lesson=lesson,
                subgroup=lesson.subgroup,
                date=date,
                number=lesson.number,
                starts=starts,
                ends=ends,
                room=lesson.room,
                teacher=sub.substitute if sub and sub.substitute_id else lesson.teacher,
                original_teacher=lesson.teacher,
                is_substitute=bool(sub and sub.substitute_id),
                is_cancelled=bool(sub and sub.is_cancelled),
                substitution=sub,
            )
        )
    return result


def absences_on(employee, date):
    return list(Absence.objects.filter(employee=employee, start__lte=date, end__gte=date))


def teacher_lessons_between(school, teacher, start, end):
    """The published lessons a teacher would give from start to end (for leave and sick leave), with
    their substitutions: a handful of queries whatever the length of the absence."""
    return _lessons_between(
        school,
        start,
        end,
        lessons=lambda timetable, subs: Q(teacher=teacher),
        substitutions=Q(timetable_lesson__teacher=teacher),
    )


def lessons_between(school, start, end, teacher=None, school_classes=()):
    """The published lessons from start to end of a teacher (his own and those he substitutes) and of
    classes, holidays taken out, substitutions applied: a handful of queries whatever the number of days,
    classes and lessons (the community's calendar shows a week of them)."""
    class_ids = [c.pk for c in school_classes]

    teacher_id = teacher.pk if teacher is not None else None

    def lessons(timetable, subs):
        condition = Q(subgroup__class_subject__school_class_id__in=class_ids)
        if teacher_id is not None:
            substituted = [s.timetable_lesson_id for s in subs.values() if s.substitute_id == teacher_id]
            condition |= Q(teacher_id=teacher_id) | Q(pk__in=substituted)
        return condition

    def keep(lesson, sub):
        """Another teacher's lesson is the substitute's on the day he gives it, not on the others."""
        return (
            lesson.subgroup.class_subject.school_class_id in class_ids
            or (teacher_id is not None and lesson.teacher_id == teacher_id)
            or (sub is not None and teacher_id is not None and sub.substitute_id == teacher_id)
        )

    if teacher is None and not class_ids:
        return []
    return _lessons_between(school, start, end, lessons=lessons, substitutions=Q(), keep=keep)


def _lessons_between(school, start, end, lessons, substitutions, keep=None):
    """Dated lessons of the published timetables from start to end: `lessons(timetable, subs)` is the
    condition on the timetable's lessons, `substitutions` the one on the substitutions read with them,
    `keep(lesson, substitution)` what is kept of them on each day."""
    result = []
    years = AcademicYear.objects.filter(school=school, start__lte=end, end__gte=start)
    days = 6 if school.six_day_week else 5
    bells = None
    for year in years:
        timetable = published_timetable(school, year)
        if timetable is None:
            continue
        lo, hi = max(start, year.start), min(end, year.end)
        calendar = SchoolCalendar(school, lo, hi)
        subs = {
            (s.timetable_lesson_id, s.date): s
            for s in Substitution.objects.filter(
                substitutions, timetable_lesson__timetable=timetable, date__range=(lo, hi)
            ).select_related("substitute__person")
        }
        by_weekday = {}
        condition = lessons(timetable, subs)
        for lesson in (
            _lesson_queryset()
            .filter(condition, timetable=timetable)
            .order_by("number", "subgroup__class_subject__school_class__parallel")
        ):
            by_weekday.setdefault(lesson.weekday, []).append(lesson)
        if bells is None:
            bells = bells_by_schedule(school)
        day = lo
        while day <= hi:
            if day.isoweekday() <= days and calendar.holiday(day) is None:
                for lesson in by_weekday.get(day.isoweekday(), []):
                    sc = lesson.subgroup.class_subject.school_class
                    if calendar.holiday(day, sc.parallel) is not None:
                        continue
                    sub = subs.get((lesson.pk, day))
                    if keep is not None and not keep(lesson, sub):
                        continue
                    starts, ends = bell_times(bells, sc, lesson.number)
                    result.append(
                        DatedLesson(
                            timetable_lesson=lesson,
                            subgroup=lesson.subgroup,
                            date=day,
                            number=lesson.number,
                            starts=starts,
                            ends=ends,
                            room=lesson.room,
                            teacher=sub.substitute if sub and sub.substitute_id else lesson.teacher,
                            original_teacher=lesson.teacher,
                            is_substitute=bool(sub and sub.substitute_id),
                            is_cancelled=bool(sub and sub.is_cancelled),
                            substitution=sub,
                        )
                    )
            day += datetime.timedelta(days=1)
    return result


# ----- curricula -----------------------------------------------------------------------------


def year_periods(year):
    return list(Period.objects.filter(academic_year=year).order_by("start")) if year else []


def weeks_by_period(school, periods, parallel=None):
    calendar = SchoolCalendar(
        school, periods[0].start if periods else None, periods[-1].end if periods else None
    )
    return {p.pk: calendar.week_count(p, parallel) for p in periods}


def class_curriculum(school_class, year):
    """The lines of a class's РУП with hours per period and a year ("За год: 105 ч.")."""
    periods = year_periods(year)
    weeks = weeks_by_period(school_class.school, periods, school_class.parallel)
    lines = list(
        ClassSubject.objects.filter(school_class=school_class, academic_year=year)
        .select_related("subject")
        .prefetch_related(
            Prefetch("periods", queryset=ClassSubjectPeriod.objects.all()),
            Prefetch("subgroups", queryset=Subgroup.objects.select_related("teacher__person")),
        )
        .order_by("is_variative", "subject__name_ru")
    )
    for line in lines:
        own = {cp.period_id: cp.weekly_hours for cp in line.periods.all()}
        line.period_hours = [(p, own.get(p.pk, line.weekly_hours)) for p in periods]
        line.annual_hours = annual_hours({p.pk: h for p, h in line.period_hours}, weeks)
    return lines, periods, weeks


def curriculum_totals(lines):
    invariant = sum((line.weekly_hours for line in lines if not line.is_variative), Decimal(0))
    variative = sum((line.weekly_hours for line in lines if line.is_variative), Decimal(0))
    return {"invariant": invariant, "variative": variative, "total": invariant + variative}


def overview(school, year):
    """Classes grouped by parallel with students, weekly hours and subjects (PLN-2): three queries."""
    from .rules import max_weekly_hours

    classes = list(
        SchoolClass.objects.filter(school=school, academic_year=year, is_active=True)
        .annotate(
            students_count=Count("students", filter=Q(students__status="studying"), distinct=True),
        )
        .order_by("parallel", "letter_ru")
    )
    hours = {}
    subjects = {}
    for row in (
        ClassSubject.objects.filter(school_class__in=classes, academic_year=year, kind="lesson")
        .values("school_class_id")
        .annotate(hours=Sum("weekly_hours"), n=Count("id"))
    ):
        hours[row["school_class_id"]] = row["hours"]
        subjects[row["school_class_id"]] = row["n"]
    parallels = {}
    for c in classes:
        c.weekly_hours = hours.get(c.pk) or Decimal(0)
        c.subjects_count = subjects.get(c.pk, 0)
        c.max_hours = max_weekly_hours(c.parallel)
        c.no_curriculum = c.subjects_count == 0
        c.over_maximum = c.weekly_hours > c.max_hours
        parallels.setdefault(c.parallel, []).append(c)
    return sorted(parallels.items())


def bell_schedule_for(school, shift=1, first_grade=False):
    return BellSchedule.objects.filter(school=school, shift=shift, for_first_grade=first_grade).first()
