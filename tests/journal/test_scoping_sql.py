"""The journal's busiest pages read their lesson and journal page by hand-written statements
(journal.pages.load_lesson, journal.grid.load_subgroup) with visible_to's condition in SQL
(journal.querysets.scope_sql): they must answer exactly what the ORM path answers, for every role."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from core.models import Role
from journal import grid, rules
from journal.models import ClosedPeriod, GradingRule, Lesson
from journal.pages import LESSON_RELATED, load_lesson, rule_of, with_rule
from journal.querysets import subgroup_condition
from planning.models import ClassSubject, Subgroup
from tests.conftest import ROLE_NAMES
from tests.factories import EmployeeFactory, RoleFactory, UserFactory, employee_of
from tests.journal.conftest import make_lesson, subject


@pytest.fixture
def world(cast, jw):
    """Besides the cast's lesson (her own) and school B's: a lesson of 5 А taught by another teacher
    (the class teacher of 5 А reads it, the cast teacher does not), one the cast teacher substitutes in
    that subgroup, a subgroup of 5 Б without a teacher, and a system administrator."""
    today = timezone.localdate()
    colleague = EmployeeFactory(school=cast.school_a)
    other_cs = ClassSubject.objects.create(
        school_class=jw.class_subject.school_class,
        subject=subject("Физика", "Физика", "Physics"),
        academic_year=cast.year_a,
        weekly_hours=2,
    )
    physics = Subgroup.objects.create(class_subject=other_cs, kind="main", teacher=colleague)
    make_lesson(physics, jw.period2, today, number=2)
    make_lesson(
        physics,
        jw.period2,
        today,
        number=3,
        teacher=employee_of(cast.teacher.person, cast.school_a),
        is_substitute=True,
    )
    class_b = jw.contingent.class_b
    lone_cs = ClassSubject.objects.create(
        school_class=class_b, subject=other_cs.subject, academic_year=cast.year_a, weekly_hours=2
    )
    lone = Subgroup.objects.create(class_subject=lone_cs, kind="main", teacher=None)
    make_lesson(lone, jw.period2, today, number=4, teacher=None)
    admin = UserFactory(username="sysadmin")
    RoleFactory(user=admin, role=Role.SYSTEM_ADMIN, school=None)
    return jw


def users(cast):
    from django.contrib.auth import get_user_model

    named = [getattr(cast, name) for name in ROLE_NAMES if name != "anonymous"]
    return [AnonymousUser(), *named, get_user_model().objects.get(username="sysadmin")]


def test_a_lesson_is_read_by_hand_exactly_when_visible_to_reads_it(cast, world):
    """covers JRN-3"""
    lessons = list(Lesson.objects.values_list("pk", flat=True))
    assert len(lessons) == 5
    seen_any = set()
    for user in users(cast):
        expected = set(Lesson.objects.visible_to(user).values_list("pk", flat=True))
        by_hand = {pk for pk in lessons if load_lesson(user, pk) is not None}
        assert by_hand == expected, getattr(user, "username", "anonymous")
        seen_any |= expected
        assert load_lesson(user, "x") is None and load_lesson(user, max(lessons) + 1) is None
    assert seen_any == set(lessons)  # every lesson is read by somebody: the comparison means something


def test_the_hand_read_lesson_knows_whether_its_journal_page_is_the_users_to_open(cast, world):
    """covers JRN-3: a lesson's journal page is offered exactly when subgroup_condition lets the user
    open it (a substitute reads her lesson, not the subgroup's page)"""
    shown = set()
    for user in users(cast):
        for lesson in Lesson.objects.visible_to(user):
            hand = load_lesson(user, lesson.pk)
            expected = Subgroup.objects.filter(subgroup_condition(user), pk=lesson.subgroup_id).exists()
            assert hand.grid_visible is expected, (getattr(user, "username", "anonymous"), lesson.number)
            shown.add(expected)
    assert shown == {True, False}  # both answers occur: the comparison means something


def test_the_hand_read_lesson_carries_what_the_orm_reads(cast, world):
    """covers JRN-2"""
    GradingRule.objects.create(
        school=cast.school_a, valid_from=datetime.date(2000, 1, 1), system="traditional"
    )
    ClosedPeriod.objects.create(period=world.period1, closed_by=cast.deputy_director)
    closed = make_lesson(world.subgroup, world.period1, world.period1.start)
    for pk in (world.lesson.pk, closed.pk):
        orm = with_rule(Lesson.objects.select_related(*LESSON_RELATED)).get(pk=pk)
        lesson = load_lesson(cast.director, pk)
        for f in Lesson._meta.concrete_fields:
            assert getattr(lesson, f.attname) == getattr(orm, f.attname), f.name
        assert hasattr(lesson.period, "journal_closure") == hasattr(orm.period, "journal_closure")
        orm.school = lesson.school = cast.school_a
        assert (rule_of(lesson).system, rule_of(lesson).marks_in_grade_1) == ("traditional", False)
        assert (lesson.rule_id, lesson.rule_system) == (orm.rule_id, orm.rule_system)
        assert lesson.subgroup.class_subject.display_name == orm.subgroup.class_subject.display_name
        assert lesson.subgroup.label == orm.subgroup.label
        assert lesson.teacher.person.short_name == orm.teacher.person.short_name
        assert lesson.subgroup.teacher.person_id == orm.subgroup.teacher.person_id
    lone = Lesson.objects.get(teacher=None)
    assert load_lesson(cast.director_b, lone.pk) is None  # school A's
    lone_read = load_lesson(cast.director, lone.pk)
    assert lone_read.teacher is None and lone_read.subgroup.teacher is None and lone_read.room is None


def test_a_journal_page_is_read_by_hand_exactly_when_subgroup_condition_reads_it(cast, world):
    """covers JRN-3"""
    subgroups = list(Subgroup.objects.values_list("pk", flat=True))
    seen_any = set()
    for user in users(cast):
        expected = set(Subgroup.objects.filter(subgroup_condition(user)).values_list("pk", flat=True))
        by_hand = {pk for pk in subgroups if grid.load_subgroup(user, pk) is not None}
        assert by_hand == expected, getattr(user, "username", "anonymous")
        seen_any |= expected
    assert seen_any == set(subgroups)
    ClosedPeriod.objects.create(period=world.period1, closed_by=cast.deputy_director)
    page = grid.load_subgroup(cast.teacher, world.subgroup.pk)
    page.class_subject.school_class.school = cast.school_a
    orm_periods = grid.periods_of(Subgroup.objects.select_related("class_subject").get(pk=world.subgroup.pk))
    assert [(p.pk, p.name, p.start, p.end, p.closed) for p in grid.periods_of(page)] == [
        (p.pk, p.name, p.start, p.end, p.closed) for p in orm_periods
    ]
    assert grid.rule_of_subgroup(page).system == rules.rule_for(cast.school_a, timezone.localdate()).system
    assert page.label == world.subgroup.label and page.class_subject.display_name == "Математика"
