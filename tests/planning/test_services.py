"""Planning operations through their services: РУП, typical curricula, paste, subgroups, ГУП, timetable
editing with clashes, generation, publication, substitutions, КТП."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from core.models import Period
from core.services import OperationError, period_delete
from planning import selectors, services
from planning.models import (
    ClassSubject,
    GenerationState,
    Holiday,
    KtpTopic,
    Subgroup,
    Substitution,
    TeacherDayOff,
    Timetable,
    TimetableLesson,
    TimetableStatus,
    TypicalCurriculum,
    TypicalCurriculumLine,
    WeekLoad,
)
from planning.services.ktp import ktp_approve, ktp_copy, ktp_import, ktp_replace
from planning.services.substitutions import substitute_candidates, substitution_save
from tests.planning.factories import absence, draft, plan, school_class, subject, teacher

pytestmark = pytest.mark.django_db


def test_a_subject_is_added_with_its_main_subgroup_and_hours_in_every_period(cast):
    """covers PLN-3"""
    ns = plan(cast)
    line = ns.math
    assert line.weekly_hours == 3
    assert list(line.subgroups.values_list("kind", flat=True)) == ["main"]
    assert line.periods.count() == Period.objects.filter(academic_year=cast.year_a).count()


def test_a_subject_typed_by_name_becomes_the_schools_own(cast):
    """covers PLN-3"""
    ns = plan(cast)
    line = services.class_subject_add(
        acting_user=cast.director,
        school_class=ns.school_class,
        year=cast.year_a,
        subject_name="  Шахматы ",
        weekly_hours="1",
        is_variative=True,
    )
    assert line.subject.school == cast.school_a and line.subject.name_ru == "Шахматы" and line.is_variative


@pytest.mark.parametrize("hours", ["0", "-1", "41", "abc", "1.3"])
def test_zero_negative_too_many_or_odd_hours_are_refused_and_nothing_saved(cast, hours):
    """covers PLN-3"""
    ns = plan(cast)
    before = ClassSubject.objects.count()
    with pytest.raises(OperationError):
        services.class_subject_add(
            acting_user=cast.director,
            school_class=ns.school_class,
            year=cast.year_a,
            subject=subject("Физика"),
            weekly_hours=hours,
        )
    assert ClassSubject.objects.count() == before


def test_the_same_subject_twice_is_refused(cast):
    """covers PLN-3"""
    ns = plan(cast)
    with pytest.raises(OperationError, match="already"):
        services.class_subject_add(
            acting_user=cast.director,
            school_class=ns.school_class,
            year=cast.year_a,
            subject=ns.math.subject,
            weekly_hours=2,
        )


def test_a_teacher_without_planning_manage_may_not_change_the_curriculum(cast):
    """covers PLN-3"""
    ns = plan(cast)
    with pytest.raises(OperationError):
        services.class_subject_add(
            acting_user=cast.teacher,
            school_class=ns.school_class,
            year=cast.year_a,
            subject=subject("Физика"),
            weekly_hours=2,
        )


def test_hours_differ_per_period_and_the_annual_hours_follow(cast):
    """covers PLN-3"""
    ns = plan(cast)
    second = Period.objects.create(
        academic_year=cast.year_a,
        name="2 четверть",
        start=datetime.date(2026, 11, 2),
        end=datetime.date(2026, 12, 25),
    )
    services.class_subject_update(
        acting_user=cast.director,
        class_subject=ns.math,
        weekly_hours=3,
        is_variative=False,
        period_hours={second: Decimal("4")},
    )
    lines, periods, weeks = selectors.class_curriculum(ns.school_class, cast.year_a)
    math = next(line for line in lines if line.pk == ns.math.pk)
    assert dict((p.pk, h) for p, h in math.period_hours)[second.pk] == 4
    assert math.annual_hours == 3 * weeks[periods[0].pk] + 4 * weeks[second.pk]


def test_a_period_with_planned_subjects_cannot_be_deleted(cast):
    """covers PLN-1, PLN-3"""
    plan(cast)
    period = Period.objects.filter(academic_year=cast.year_a).first()
    cast.director_b  # noqa: B018
    from core.models import Role, RoleAssignment

    RoleAssignment.objects.get_or_create(user=cast.director, role=Role.SCHOOL_ADMIN, school=cast.school_a)
    with pytest.raises(OperationError, match="planned"):
        period_delete(acting_user=cast.director, period=period)
    assert Period.objects.filter(pk=period.pk).exists()


def test_a_typical_curriculum_is_previewed_then_applied_to_the_parallel(cast):
    """covers PLN-4"""
    ns = plan(cast)
    other = school_class(cast, students=2)
    typical = TypicalCurriculum.objects.create(
        name="5 ru", language="kk", parallel=5, valid_from=2026, max_weekly_hours=29
    )
    TypicalCurriculumLine.objects.create(curriculum=typical, subject=ns.math.subject, weekly_hours=5)
    TypicalCurriculumLine.objects.create(
        curriculum=typical, subject=subject("Музыка"), weekly_hours=1, is_variative=True
    )
    preview = dict(
        (c.pk, changes) for c, changes in services.typical_preview(typical, [ns.school_class, other])
    )
    assert [(c["action"], c["subject"].name_ru) for c in preview[ns.school_class.pk]] == [
        ("change", "Математика"),
        ("add", "Музыка"),
    ]
    assert ClassSubject.objects.filter(school_class=other).count() == 0
    services.typical_apply(
        acting_user=cast.director, typical=typical, classes=[ns.school_class, other], year=cast.year_a
    )
    assert ClassSubject.objects.get(school_class=ns.school_class, subject=ns.math.subject).weekly_hours == 5
    assert ClassSubject.objects.filter(school_class=other).count() == 2
    assert ClassSubject.objects.filter(school_class=ns.school_class).count() == 3  # English stays


def test_pasting_chosen_subjects_copies_them_all_or_nothing(cast):
    """covers PLN-5"""
    ns = plan(cast)
    target = school_class(cast, students=1)
    services.curriculum_paste(
        acting_user=cast.director, source=ns.school_class, target=target, subject_ids=[ns.math.subject_id]
    )
    assert list(ClassSubject.objects.filter(school_class=target).values_list("subject_id", flat=True)) == [
        ns.math.subject_id
    ]
    with pytest.raises(OperationError):
        services.curriculum_paste(
            acting_user=cast.director, source=ns.school_class, target=target, subject_ids=[]
        )
    assert ClassSubject.objects.filter(school_class=target).count() == 1


def test_english_split_into_two_subgroups_with_teachers_and_pupils(cast):
    """covers PLN-6"""
    ns = plan(cast)
    third = teacher(cast.school_a, "Учитель английского языка")
    groups = services.subgroups_save(
        acting_user=cast.director,
        class_subject=ns.eng,
        kind="two",
        groups=[{"teacher": ns.other}, {"teacher": third}],
        lesson_minutes=45,
    )
    assert [g.kind for g in groups] == ["two", "two"]
    sizes = [g.students.count() for g in groups]
    assert sum(sizes) == 4 and min(sizes) == 2
    assert groups[0].pk == ns.eng_group.pk


def test_a_subgroup_without_a_teacher_is_refused_and_nothing_changes(cast):
    """covers PLN-6"""
    ns = plan(cast)
    with pytest.raises(OperationError, match="no teacher"):
        services.subgroups_save(
            acting_user=cast.director,
            class_subject=ns.eng,
            kind="two",
            groups=[{"teacher": ns.other}, {"teacher": None}],
        )
    assert Subgroup.objects.filter(class_subject=ns.eng).count() == 1


def test_a_pupil_in_two_subgroups_or_a_wrong_count_is_refused(cast):
    """covers PLN-6"""
    ns = plan(cast)
    pupil = ns.school_class.students.first()
    with pytest.raises(OperationError, match="two subgroups"):
        services.subgroups_save(
            acting_user=cast.director,
            class_subject=ns.eng,
            kind="two",
            groups=[{"teacher": ns.other, "students": [pupil]}, {"teacher": ns.teacher, "students": [pupil]}],
        )
    with pytest.raises(OperationError):
        services.subgroups_save(
            acting_user=cast.director,
            class_subject=ns.eng,
            kind="three",
            groups=[{"teacher": ns.other}, {"teacher": ns.teacher}],
        )


def test_the_gup_must_add_up_to_the_annual_hours(cast):
    """covers PLN-6"""
    ns = plan(cast)
    weeks = services.week_loads_default(ns.math_group)
    annual = sum(h for _p, _m, h in weeks)
    values = {m: h for _p, m, h in weeks}
    first, second = weeks[0][1], weeks[1][1]
    values[first] = values[first] + 1
    with pytest.raises(OperationError, match="1 h too many"):
        services.week_loads_save(acting_user=cast.director, subgroup=ns.math_group, values=values)
    assert not WeekLoad.objects.exists()
    values[second] = values[second] - 1
    total = services.week_loads_save(acting_user=cast.director, subgroup=ns.math_group, values=values)
    assert total == annual
    assert WeekLoad.objects.get(subgroup=ns.math_group, week_start=first).hours == 4


def test_holidays_take_weeks_out_of_the_gup(cast):
    """covers PLN-6"""
    ns = plan(cast)
    before = len(services.week_loads_default(ns.math_group))
    Holiday.objects.create(
        school=cast.school_a,
        date=datetime.date(2026, 9, 14),
        end_date=datetime.date(2026, 9, 20),
        name="Каникулы",
    )
    assert len(services.week_loads_default(ns.math_group)) == before - 1


def test_a_teacher_in_two_places_at_once_is_refused_with_the_clash_named(cast):
    """covers PLN-8"""
    ns = plan(cast)
    tt = draft(cast)
    services.lesson_place(
        acting_user=cast.director, timetable=tt, subgroup=ns.math_group, weekday=1, number=1
    )
    other_class = school_class(cast, students=1)
    line = services.class_subject_add(
        acting_user=cast.director,
        school_class=other_class,
        year=cast.year_a,
        subject=ns.math.subject,
        weekly_hours=2,
    )
    line.subgroups.update(teacher=ns.teacher)
    with pytest.raises(OperationError) as error:
        services.lesson_place(
            acting_user=cast.director, timetable=tt, subgroup=line.subgroups.get(), weekday=1, number=1
        )
    assert str(ns.teacher) in str(error.value) and "already teaches" in str(error.value)
    assert tt.lessons.count() == 1


def test_a_room_taken_a_class_busy_and_a_day_off_are_refused(cast):
    """covers PLN-8"""
    ns = plan(cast)
    tt = draft(cast)
    services.lesson_place(
        acting_user=cast.director, timetable=tt, subgroup=ns.math_group, weekday=1, number=1, room=ns.room
    )
    with pytest.raises(OperationError, match="Class"):
        services.lesson_place(
            acting_user=cast.director, timetable=tt, subgroup=ns.eng_group, weekday=1, number=1
        )
    other_class = school_class(cast, students=1)
    line = services.class_subject_add(
        acting_user=cast.director,
        school_class=other_class,
        year=cast.year_a,
        subject=subject("Физика"),
        weekly_hours=2,
    )
    line.subgroups.update(teacher=ns.other)
    with pytest.raises(OperationError, match="Room"):
        services.lesson_place(
            acting_user=cast.director,
            timetable=tt,
            subgroup=line.subgroups.get(),
            weekday=1,
            number=1,
            room=ns.room,
        )
    TeacherDayOff.objects.create(teacher=ns.other, weekday=5)
    with pytest.raises(OperationError, match="day off"):
        services.lesson_place(
            acting_user=cast.director, timetable=tt, subgroup=ns.eng_group, weekday=5, number=2
        )


def test_moving_a_lesson_onto_a_clash_keeps_it_where_it_was(cast):
    """covers PLN-8"""
    ns = plan(cast)
    tt = draft(cast)
    services.lesson_place(
        acting_user=cast.director, timetable=tt, subgroup=ns.math_group, weekday=1, number=1
    )
    eng = services.lesson_place(
        acting_user=cast.director, timetable=tt, subgroup=ns.eng_group, weekday=1, number=2
    )
    with pytest.raises(OperationError):
        services.lesson_move(acting_user=cast.director, lesson=eng, weekday=1, number=1)
    eng.refresh_from_db()
    assert (eng.weekday, eng.number) == (1, 2)
    services.lesson_move(acting_user=cast.director, lesson=eng, weekday=2, number=3, room=ns.room2)
    eng.refresh_from_db()
    assert (eng.weekday, eng.number, eng.room) == (2, 3, ns.room2)


def test_generation_runs_as_a_task_and_fills_the_draft_without_clashes(cast):
    """covers PLN-8"""
    ns = plan(cast)
    tt = draft(cast)
    services.timetable_generate(acting_user=cast.director, timetable=tt, time_limit=10)
    tt.refresh_from_db()
    assert tt.generation_state == GenerationState.DONE
    assert tt.hard_violations == 0 and tt.unplaced == []
    assert tt.lessons.filter(subgroup=ns.math_group).count() == 3
    assert tt.lessons.filter(subgroup=ns.eng_group).count() == 2
    assert tt.task_id


def test_a_subgroup_without_a_teacher_is_listed_unplaced_with_its_reason(cast):
    """covers PLN-8"""
    ns = plan(cast)
    ns.eng.subgroups.update(teacher=None)
    tt = draft(cast)
    services.timetable_generate(acting_user=cast.director, timetable=tt, time_limit=10)
    tt.refresh_from_db()
    assert [(u["lessons"], u["reason"]["code"]) for u in tt.unplaced] == [(2, "no_teacher")]


def test_a_cancel_requested_before_the_worker_starts_stops_the_generation(cast):
    """covers PLN-8"""
    plan(cast)
    tt = draft(cast)
    Timetable.objects.filter(pk=tt.pk).update(generation_state=GenerationState.QUEUED)
    tt.refresh_from_db()
    services.timetable_cancel_generation(acting_user=cast.director, timetable=tt)
    from planning.generation import run_generation

    run_generation(tt.pk)
    tt.refresh_from_db()
    assert tt.generation_state == GenerationState.CANCELLED and tt.lessons.count() == 0


def test_publishing_archives_the_previous_timetable(cast):
    """covers PLN-8"""
    ns = plan(cast, publish=True)
    tt = services.timetable_create(
        acting_user=cast.director,
        school=cast.school_a,
        year=cast.year_a,
        name="Новое",
        copy_from=ns.timetable,
    )
    assert tt.lessons.count() == ns.timetable.lessons.count()
    services.timetable_publish(acting_user=cast.director, timetable=tt)
    ns.timetable.refresh_from_db()
    assert ns.timetable.status == TimetableStatus.ARCHIVED
    assert Timetable.objects.get(pk=tt.pk).status == TimetableStatus.PUBLISHED
    with pytest.raises(OperationError):
        services.timetable_publish(acting_user=cast.director, timetable=draft(cast))


def test_lessons_on_a_date_follow_the_published_timetable_holidays_and_substitutions(cast):
    """covers PLN-8 (the journal's contract)"""
    ns = plan(cast, publish=True)
    monday = datetime.date(2026, 9, 7)
    lessons = selectors.lessons_on(cast.school_a, monday)
    assert [(x.number, x.subgroup.pk) for x in lessons] == [(1, ns.math_group.pk), (2, ns.eng_group.pk)]
    math = lessons[0].timetable_lesson
    substitution_save(acting_user=cast.director, lesson=math, date=monday, substitute=ns.other)
    again = selectors.lessons_on(cast.school_a, monday)
    assert (
        again[0].teacher == ns.other and again[0].is_substitute and again[0]["original_teacher"] == ns.teacher
    )
    Holiday.objects.create(school=cast.school_a, date=monday, end_date=monday, name="Праздник")
    assert selectors.lessons_on(cast.school_a, monday) == []


def test_a_substitute_busy_at_that_time_is_refused(cast):
    """covers PLN-8"""
    ns = plan(cast, publish=True)
    monday = datetime.date(2026, 9, 7)
    math = ns.timetable.lessons.get(weekday=1, subgroup=ns.math_group)
    TimetableLesson.objects.filter(timetable=ns.timetable, subgroup=ns.eng_group, weekday=1).update(number=1)
    with pytest.raises(OperationError, match="already has a lesson"):
        substitution_save(acting_user=cast.director, lesson=math, date=monday, substitute=ns.other)
    assert not Substitution.objects.exists()


def test_the_absent_teachers_lessons_are_listed_and_cancelled(cast):
    """covers PLN-8, STF-5"""
    ns = plan(cast, publish=True)
    leave = absence(cast)
    lessons = selectors.teacher_lessons_between(cast.school_a, ns.teacher, leave.start, leave.end)
    assert [x.date.isoweekday() for x in lessons] == [1, 2, 3, 1, 2, 3]
    candidates = substitute_candidates(lessons[0].timetable_lesson, lessons[0].date)
    assert ns.teacher not in [e for e, _same in candidates]
    substitution_save(
        acting_user=cast.director,
        lesson=lessons[0].timetable_lesson,
        date=lessons[0].date,
        cancel=True,
        absence=leave,
    )
    assert Substitution.objects.get().reason == "leave"


def test_ktp_dates_follow_the_timetable_and_the_deputy_approves(cast):
    """covers PLN-9"""
    ns = plan(cast, publish=True)
    period = Period.objects.filter(academic_year=cast.year_a).first()
    topics = ktp_replace(
        acting_user=cast.teacher,
        subgroup=ns.math_group,
        period=period,
        rows=[("Натуральные числа", 2), ("Дроби", 1)],
    )
    assert [t.planned_date for t in topics] == [datetime.date(2026, 9, 1), datetime.date(2026, 9, 7)]
    with pytest.raises(OperationError):
        ktp_approve(acting_user=cast.teacher, subgroup=ns.math_group, period=period)
    ktp_approve(acting_user=cast.deputy_director, subgroup=ns.math_group, period=period)
    assert KtpTopic.objects.filter(approved_by=cast.deputy_director).count() == 2


def test_another_teacher_may_not_edit_her_colleagues_ktp(cast):
    """covers PLN-9"""
    ns = plan(cast)
    period = Period.objects.filter(academic_year=cast.year_a).first()
    with pytest.raises(OperationError):
        ktp_replace(acting_user=cast.class_teacher, subgroup=ns.math_group, period=period, rows=[("Тема", 1)])


def test_ktp_is_imported_from_xlsx_and_copied_to_another_class(cast):
    """covers PLN-9"""
    ns = plan(cast)
    period = Period.objects.filter(academic_year=cast.year_a).first()
    wb = Workbook()
    ws = wb.active
    ws.append(["№", "Тема", "Часы"])
    ws.append([1, "Натуральные числа", 2])
    ws.append([2, "Дроби", None])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    ktp_import(acting_user=cast.director, subgroup=ns.math_group, period=period, uploaded=buffer)
    assert list(KtpTopic.objects.filter(subgroup=ns.math_group).values_list("title", "hours")) == [
        ("Натуральные числа", 2),
        ("Дроби", 1),
    ]
    other = school_class(cast, students=1)
    line = services.class_subject_add(
        acting_user=cast.director,
        school_class=other,
        year=cast.year_a,
        subject=ns.math.subject,
        weekly_hours=3,
    )
    ktp_copy(acting_user=cast.director, source=ns.math_group, target=line.subgroups.get(), period=period)
    assert KtpTopic.objects.filter(subgroup__class_subject=line).count() == 2
    with pytest.raises(OperationError):
        ktp_import(
            acting_user=cast.director, subgroup=ns.math_group, period=period, uploaded=io.BytesIO(b"no")
        )
    assert KtpTopic.objects.filter(subgroup=ns.math_group).count() == 2


def test_each_ktp_topic_is_tied_to_the_lessons_that_teach_it(cast):
    """covers PLN-9 (the journal ties a lesson to its topic by date)"""
    from planning.services.ktp import topic_dates, topic_on

    ns = plan(cast, publish=True)
    period = Period.objects.filter(academic_year=cast.year_a).first()
    ktp_replace(
        acting_user=cast.teacher,
        subgroup=ns.math_group,
        period=period,
        rows=[("Натуральные числа", 2), ("Дроби", 1)],
    )
    pairs = topic_dates(ns.math_group, period)
    assert [(t.title, ds) for t, ds in pairs] == [
        ("Натуральные числа", [datetime.date(2026, 9, 1), datetime.date(2026, 9, 2)]),
        ("Дроби", [datetime.date(2026, 9, 7)]),
    ]
    assert topic_on(ns.math_group, datetime.date(2026, 9, 2)).title == "Натуральные числа"
    assert topic_on(ns.math_group, datetime.date(2026, 9, 3)) is None


def test_a_second_shift_class_gets_its_lessons_on_its_shifts_bells(cast):
    """covers PLN-8: the teacher of a first-shift class also teaches a second-shift class; lesson n of
    each shift is its own time, so she (and a room) may have lesson 1 in both, and the second shift's
    class only gets the numbers of its shift's bells (four here)"""
    from planning.models import Bell, BellSchedule

    ns = plan(cast)
    late = school_class(cast, students=2, shift=2)
    schedule = BellSchedule.objects.create(school=cast.school_a, name="Смена 2", shift=2)
    for n in range(1, 5):
        Bell.objects.create(
            schedule=schedule, number=n, starts=datetime.time(13 + n, 0), ends=datetime.time(13 + n, 45)
        )
    line = services.class_subject_add(
        acting_user=cast.director,
        school_class=late,
        year=cast.year_a,
        subject=ns.math.subject,
        weekly_hours=5,
    )
    line.subgroups.update(teacher=ns.teacher)
    tt = draft(cast)
    # Monday's lesson 1 in both shifts (8:00 and 14:00), in the same room: no clash
    for group in (ns.math_group, line.subgroups.get()):
        services.lesson_place(
            acting_user=cast.director, timetable=tt, subgroup=group, weekday=1, number=1, room=ns.room
        )
    services.timetable_generate(acting_user=cast.director, timetable=tt, time_limit=10)
    tt.refresh_from_db()
    assert tt.generation_state == GenerationState.DONE and tt.hard_violations == 0 and tt.unplaced == []
    second = list(tt.lessons.filter(subgroup__class_subject=line))
    assert len(second) == 5 and {lesson.shift for lesson in second} == {2}
    assert max(lesson.number for lesson in second) <= 4
    first = list(tt.lessons.filter(subgroup=ns.math_group))
    assert len(first) == 3 and {lesson.shift for lesson in first} == {1}
    both = [(lesson.weekday, lesson.number, lesson.room_id) for lesson in first + second if lesson.is_pinned]
    assert both == [(1, 1, ns.room.pk), (1, 1, ns.room.pk)]


def test_a_second_shift_lesson_overlapping_the_first_shift_is_a_clash_for_the_teacher(cast):
    """covers PLN-8: placing by hand, lesson 1 of the second shift is not lesson 1 of the first; a lesson
    whose bells overlap another of the same teacher is refused with the clash named"""
    from planning.models import Bell, BellSchedule

    ns = plan(cast)
    late = school_class(cast, students=2, shift=2)
    schedule = BellSchedule.objects.create(school=cast.school_a, name="Смена 2", shift=2)
    for n in range(1, 4):  # 8:30, 9:30, 10:30: lesson 1 overlaps the first shift's lessons 1 and 2
        Bell.objects.create(
            schedule=schedule, number=n, starts=datetime.time(7 + n, 30), ends=datetime.time(8 + n, 15)
        )
    line = services.class_subject_add(
        acting_user=cast.director,
        school_class=late,
        year=cast.year_a,
        subject=ns.math.subject,
        weekly_hours=2,
    )
    line.subgroups.update(teacher=ns.teacher)
    tt = draft(cast)
    services.lesson_place(
        acting_user=cast.director, timetable=tt, subgroup=ns.math_group, weekday=1, number=3
    )
    services.lesson_place(  # first shift's lesson 3 is 10:00-10:45; second shift's 1 is 8:30-9:15
        acting_user=cast.director,
        timetable=tt,
        subgroup=line.subgroups.get(),
        weekday=1,
        number=1,
        room=ns.room,
    )
    with pytest.raises(OperationError, match="already teaches"):
        services.lesson_place(
            acting_user=cast.director, timetable=tt, subgroup=line.subgroups.get(), weekday=1, number=2
        )
    assert tt.lessons.count() == 2


def test_lessons_placed_by_hand_are_kept_when_the_deputy_generates_again(cast):
    """covers PLN-8: a hand-placed lesson is a fixed input of the next generation (same day, number and
    room, still marked as placed by hand); the rest of the draft is generated around it"""
    ns = plan(cast)
    tt = draft(cast)
    services.timetable_generate(acting_user=cast.director, timetable=tt, time_limit=10)
    moved = tt.lessons.filter(subgroup=ns.eng_group).first()
    services.lesson_move(acting_user=cast.director, lesson=moved, weekday=5, number=6, room=ns.room2)
    placed = services.lesson_place(
        acting_user=cast.director, timetable=tt, subgroup=ns.math_group, weekday=5, number=5, room=None
    )
    services.timetable_generate(acting_user=cast.director, timetable=tt, time_limit=10)
    tt.refresh_from_db()
    assert tt.generation_state == GenerationState.DONE and tt.hard_violations == 0
    kept = TimetableLesson.objects.get(pk=moved.pk)
    assert (kept.weekday, kept.number, kept.room, kept.is_pinned) == (5, 6, ns.room2, True)
    again = TimetableLesson.objects.get(pk=placed.pk)
    assert (again.weekday, again.number, again.is_pinned) == (5, 5, True) and again.room is not None
    assert tt.lessons.filter(subgroup=ns.math_group).count() == 3
    assert tt.lessons.filter(subgroup=ns.eng_group).count() == 2
    assert tt.stats["pinned_kept"] == 2 and tt.stats["pinned_replaced"] == 0
