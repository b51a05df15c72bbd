"""Races (the same mark from two devices) and lessons made from the published timetable (JRN-2, JRN-3)."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from journal import services
from journal.materialise import ensure_day, ensure_days, materialise
from journal.models import Attendance, Lesson, Mark
from planning.models import Holiday, Substitution, Timetable, TimetableLesson


@pytest.mark.django_db(transaction=True)
def test_the_same_mark_from_two_devices_leaves_one_mark_and_both_changes_in_history(cast):
    """covers JRN-2, JRN-7"""
    from tests.journal.conftest import build_journal

    jw = build_journal(cast)
    child = jw.students[0]
    barrier = threading.Barrier(2)
    errors = []

    def tap(value):
        try:
            barrier.wait()
            services.mark_set(
                acting_user=cast.teacher, lesson=jw.lesson, student=child, kind="fo", slot=1, value=value
            )
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(v,)) for v in (7, 9)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Mark.objects.filter(lesson=jw.lesson, student=child).count() == 1
    from django.apps import apps

    events = apps.get_model("journal", "MarkEvent").objects.filter(
        lesson_id=jw.lesson.pk, student_id=child.pk
    )
    assert sorted(events.values_list("pgh_label", flat=True)) == ["insert", "update"]
    assert {e.value for e in events} == {7, 9}


@pytest.mark.django_db
def test_attendance_can_never_hold_two_rows_for_one_student_and_lesson(cast):
    """covers JRN-2: a database constraint"""
    from tests.journal.conftest import build_journal

    jw = build_journal(cast)
    Attendance.objects.create(lesson=jw.lesson, student=jw.students[0], status="absent")
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(lesson=jw.lesson, student=jw.students[0], status="late")


@pytest.mark.django_db
def test_a_mark_outside_the_scale_is_refused_by_the_database_too(cast):
    """covers JRN-2"""
    from tests.journal.conftest import build_journal

    jw = build_journal(cast)
    for kind, value, maximum in [("fo", 11, None), ("current", 6, None), ("sor", 21, 20), ("soch", 3, None)]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Mark.objects.create(
                lesson=jw.lesson, student=jw.students[0], kind=kind, value=value, max_points=maximum
            )


def _publish(cast, jw, weekday):
    timetable = Timetable.objects.create(
        school=cast.school_a,
        academic_year=cast.year_a,
        name="T",
        status="published",
        published_at=timezone.now(),
    )
    tl = TimetableLesson.objects.create(
        timetable=timetable, subgroup=jw.subgroup, weekday=weekday, number=5, teacher=jw.teacher
    )
    return timetable, tl


@pytest.mark.django_db
def test_lessons_are_made_from_the_published_timetable_with_holidays_substitutions_and_cancellations(cast):
    """covers JRN-3, JRN-1"""
    from tests.journal.conftest import build_journal

    jw = build_journal(cast)
    start = jw.period2.start
    monday = start + datetime.timedelta(days=(7 - start.weekday()) % 7)
    timetable, tl = _publish(cast, jw, weekday=1)
    Holiday.objects.create(
        school=cast.school_a,
        date=monday + datetime.timedelta(days=7),
        end_date=monday + datetime.timedelta(days=7),
        name="Праздник",
    )
    Substitution.objects.create(
        timetable_lesson=tl,
        date=monday + datetime.timedelta(days=14),
        substitute=jw.contingent.class_a.class_teacher,
    )
    Substitution.objects.create(
        timetable_lesson=tl, date=monday + datetime.timedelta(days=21), is_cancelled=True
    )
    materialise(cast.school_a, monday, monday + datetime.timedelta(days=27), today=monday)
    made = list(Lesson.objects.filter(number=5).order_by("date"))
    assert [lesson.date for lesson in made] == [monday + datetime.timedelta(days=d) for d in (0, 14, 21)]
    assert made[1].is_substitute and made[1].teacher == jw.contingent.class_a.class_teacher
    assert made[2].is_cancelled


@pytest.mark.django_db
def test_a_change_after_publication_updates_future_lessons_only_and_never_a_kept_one(cast):
    """covers JRN-3"""
    from tests.journal.conftest import build_journal

    jw = build_journal(cast)
    today = timezone.localdate()
    timetable, tl = _publish(cast, jw, weekday=today.isoweekday() if today.isoweekday() <= 5 else 1)
    day = today if today.isoweekday() <= 5 else today + datetime.timedelta(days=8 - today.isoweekday())
    past = day - datetime.timedelta(days=7)
    future = day + datetime.timedelta(days=7)
    for d in (past, day, future):
        ensure_day(cast.school_a, d)
    kept = Lesson.objects.get(date=day, number=5)
    services.attendance_set(acting_user=cast.teacher, lesson=kept, student=jw.students[0], status="absent")
    # the timetable moves the lesson to number 6 and is published again
    tl.number = 6
    tl.save()
    Timetable.objects.filter(pk=timetable.pk).update(published_at=timezone.now())
    for d in (past, day, future):
        ensure_day(cast.school_a, d)
    assert Lesson.objects.filter(date=past, number=5).exists()  # the past is left as it was kept
    assert Lesson.objects.filter(date=day, number=5).exists()  # has attendance: untouched
    assert Lesson.objects.filter(date=day, number=6).exists()
    assert not Lesson.objects.filter(date=future, number=5).exists()
    assert Lesson.objects.filter(date=future, number=6).exists()


@pytest.mark.django_db
def test_a_weeks_lessons_are_checked_in_three_statements_and_a_new_substitution_reaches_its_day(
    cast, count_queries
):
    """covers JRN-3, JRN-6 (the diary's week)"""
    from tests.journal.conftest import build_journal

    jw = build_journal(cast)
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(days=7)  # a future week
    _timetable, tl = _publish(cast, jw, weekday=3)
    week = [monday + datetime.timedelta(days=i) for i in range(6)]
    ensure_days(cast.school_a, week)
    assert Lesson.objects.filter(number=5, date__in=week).count() == 1
    assert count_queries(lambda: ensure_days(cast.school_a, week)) == 3  # all made: only the check
    assert count_queries(lambda: ensure_days(cast.school_a, week[:1])) == 3
    wednesday = week[2]
    Substitution.objects.create(
        timetable_lesson=tl, date=wednesday, substitute=jw.contingent.class_a.class_teacher
    )
    ensure_days(cast.school_a, week)
    lesson = Lesson.objects.get(number=5, date=wednesday)
    assert lesson.is_substitute and lesson.teacher == jw.contingent.class_a.class_teacher


@pytest.mark.django_db
def test_the_demo_fills_the_year_to_date_and_closes_the_periods_over_with_final_marks(cast):
    """covers JRN-3, JRN-4: journal/demo.py on a small school"""
    from journal import demo
    from journal.models import ClosedPeriod, FinalMark
    from tests.journal.conftest import add_students, build_journal

    jw = build_journal(cast)
    Lesson.objects.all().delete()
    add_students(jw.class_subject.school_class, 17, cast.secretary)
    timetable = Timetable.objects.create(
        school=cast.school_a,
        academic_year=cast.year_a,
        name="T",
        status="published",
        published_at=timezone.now(),
    )
    for weekday in range(1, 6):
        TimetableLesson.objects.create(
            timetable=timetable, subgroup=jw.subgroup, weekday=weekday, number=2, teacher=jw.teacher
        )
    cast.director.username = "director.a"
    cast.director.save()
    demo.seed({"schools": {"a": cast.school_a}})
    lessons = Lesson.objects.filter(school=cast.school_a)
    assert lessons.filter(date__lt=jw.period1.end).count() > 30
    assert Mark.objects.filter(kind="soch").exists() and Mark.objects.filter(kind="fo").exists()
    absent = Attendance.objects.filter(status="absent").count()
    assert 0 < absent < Attendance.objects.count() + 1
    assert ClosedPeriod.objects.filter(period=jw.period1).exists()
    assert FinalMark.objects.filter(period=jw.period1).count() == 20
    assert (
        not lessons.filter(date__lte=timezone.localdate(), topic="", homework="").count()
        > lessons.count() / 2
    )
    demo.seed({"schools": {"a": cast.school_a}})  # idempotent
    assert Lesson.objects.filter(school=cast.school_a).count() == lessons.count()
