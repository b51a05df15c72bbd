"""The community on top of planning and the journal: the lesson timetable beside the school calendar
(KG-1) and a test's result becoming a journal mark through the journal's service (KG-2)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from community import services
from community.models import Course
from core.services import OperationError
from journal.models import Mark
from planning.models import Timetable, TimetableLesson
from tests.community.conftest import make_test
from tests.factories import RoleFactory, UserFactory
from tests.journal.conftest import build_journal


@pytest.fixture
def jw(cast):
    return build_journal(cast)


def _course(cast, jw, **kwargs):
    today = timezone.localdate()
    return Course.objects.create(
        school=cast.school_a,
        title="Дроби онлайн",
        teacher=jw.teacher,
        school_class=jw.contingent.class_a,
        subgroup=jw.subgroup,
        starts=today - datetime.timedelta(days=5),
        ends=today + datetime.timedelta(days=5),
        is_published=True,
        **kwargs,
    )


def _student_user(student):
    user = UserFactory(person=student.person, language="en")
    RoleFactory(user=user, role="student", school=student.school)
    return user


def test_the_lesson_timetable_stands_beside_the_calendar(client, cast, jw):
    """covers KG-1"""
    today = timezone.localdate()
    weekday = today.isoweekday() if today.isoweekday() <= 5 else 1
    timetable = Timetable.objects.create(
        school=cast.school_a,
        academic_year=cast.year_a,
        name="Основное",
        status="published",
        published_at=timezone.now(),
        created_by=cast.director,
    )
    TimetableLesson.objects.create(
        timetable=timetable, subgroup=jw.subgroup, weekday=weekday, number=2, teacher=jw.teacher
    )
    for user in (cast.parent, cast.teacher):
        client.force_login(user)
        html = client.get(reverse("community:calendar") + f"?week={today.isoformat()}").content.decode()
        assert html.count('data-testid="lesson"') == 1 and "Mathematics" in html, user
    client.force_login(cast.director)
    html = client.get(reverse("community:calendar") + f"?class={jw.contingent.class_b.pk}").content.decode()
    assert 'data-testid="lesson"' not in html


def _published_week(cast, jw):
    """A published timetable: the cast teacher's mathematics in 5 А, lessons 1 and 2 every weekday."""
    timetable = Timetable.objects.create(
        school=cast.school_a,
        academic_year=cast.year_a,
        name="Основное",
        status="published",
        published_at=timezone.now(),
        created_by=cast.director,
    )
    lessons = [
        TimetableLesson.objects.create(
            timetable=timetable, subgroup=jw.subgroup, weekday=weekday, number=number, teacher=jw.teacher
        )
        for weekday in range(1, 6)
        for number in (1, 2)
    ]
    return timetable, lessons


def test_the_calendar_runs_the_same_queries_for_1_and_50_events_beside_a_week_of_lessons(
    client, cast, jw, count_queries
):
    """covers KG-1: the calendar page (the month's events and the week's lessons from planning) runs a
    number of queries that grows neither with the events nor with the days and lessons of the week."""
    from community.models import SchoolEvent

    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    _published_week(cast, jw)
    url = reverse("community:calendar") + f"?week={monday.isoformat()}&month={today:%Y-%m}"
    SchoolEvent.objects.create(
        school=cast.school_a,
        title="Событие 0",
        kind="event",
        starts=today,
        ends=today,
        created_by=cast.director,
    )
    users = (cast.parent, cast.teacher, cast.director, cast.class_teacher)
    one = {}
    for user in users:
        client.force_login(user)
        one[user.username] = count_queries(lambda: client.get(url))
    class_a = jw.contingent.class_a
    for i in range(1, 50):
        event = SchoolEvent.objects.create(
            school=cast.school_a,
            title=f"Событие {i}",
            kind=["holiday", "exam", "meeting", "event"][i % 4],
            starts=today.replace(day=1) + datetime.timedelta(days=i % 20),
            ends=today.replace(day=1) + datetime.timedelta(days=i % 20 + i % 3),
            school_class=class_a if i % 2 else None,
            created_by=cast.director,
        )
        if i % 5 == 0:
            event.participants.add(cast.teacher.person)
    for user in users:
        client.force_login(user)
        response = client.get(url)
        html = response.content.decode()
        assert count_queries(lambda: client.get(url)) == one[user.username], user
        assert one[user.username] <= 22, (user, one[user.username])
        if user in (cast.parent, cast.teacher):  # the child's class, the teacher's lessons
            assert html.count('data-testid="lesson"') == 10, user
    client.force_login(cast.parent)
    assert client.get(url).content.decode().count('data-testid="event"') > 25


def test_a_substitute_sees_the_lesson_he_gives_on_its_day_only(client, cast, jw):
    """covers KG-1"""
    from planning.models import Substitution
    from tests.factories import EmployeeFactory

    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    _timetable, lessons = _published_week(cast, jw)
    substitute_user = UserFactory(language="en")
    substitute = EmployeeFactory(school=cast.school_a, person=substitute_user.person)
    RoleFactory(user=substitute_user, role="teacher", school=cast.school_a)
    tuesday_first = next(lesson for lesson in lessons if lesson.weekday == 2 and lesson.number == 1)
    Substitution.objects.create(
        timetable_lesson=tuesday_first,
        date=monday + datetime.timedelta(days=1),
        substitute=substitute,
        created_by=cast.director,
    )
    url = reverse("community:calendar") + f"?week={monday.isoformat()}"
    client.force_login(substitute_user)
    html = client.get(url).content.decode()
    assert html.count('data-testid="lesson"') == 1
    client.force_login(cast.teacher)  # his lesson stays in his week, given by the substitute
    assert client.get(url).content.decode().count('data-testid="lesson"') == 10


def test_a_test_result_becomes_a_journal_mark_through_the_journals_service(client, cast, jw):
    """covers KG-2"""
    course = _course(cast, jw)
    test, questions = make_test(course)
    child = jw.students[0]
    user = _student_user(child)
    single, multiple, number, short, open_q = questions
    attempt = services.test_submit(
        acting_user=user,
        test=test,
        student=child,
        responses={
            single.pk: [single.choices.get(is_correct=True).pk],
            multiple.pk: [c.pk for c in multiple.choices.filter(is_correct=True)],
            number.pk: "2",
            short.pk: "Астана",
            open_q.pk: "…",
        },
    )
    with pytest.raises(OperationError, match="open answers first"):
        services.attempt_to_journal(acting_user=cast.teacher, attempt=attempt, lesson=jw.lesson, kind="fo")
    services.answer_grade(acting_user=cast.teacher, answer=attempt.answers.get(question=open_q), points=3)
    client.force_login(cast.teacher)
    response = client.post(
        reverse("community:test_to_journal", args=[test.pk]), {"lesson": jw.lesson.pk, "kind": "fo"}
    )
    assert response.status_code == 302
    mark = Mark.objects.get(student=child, lesson=jw.lesson)
    assert (mark.kind, mark.value) == ("fo", 10)
    attempt.refresh_from_db()
    assert attempt.journal_mark == mark
    with pytest.raises(OperationError, match="already in the journal"):
        services.attempt_to_journal(acting_user=cast.teacher, attempt=attempt, lesson=jw.lesson, kind="fo")


def test_only_the_lessons_teacher_sends_marks_and_only_to_the_courses_lessons(cast, jw):
    """covers KG-2"""
    course = _course(cast, jw)
    test, questions = make_test(course)
    child = jw.students[0]
    attempt = services.test_submit(
        acting_user=_student_user(child), test=test, student=child, responses={questions[4].pk: ""}
    )
    services.answer_grade(
        acting_user=cast.teacher, answer=attempt.answers.get(question=questions[4]), points=0
    )
    with pytest.raises(OperationError):
        services.attempt_to_journal(
            acting_user=cast.class_teacher, attempt=attempt, lesson=jw.lesson, kind="fo"
        )
    with pytest.raises(OperationError, match="Choose a lesson"):
        services.attempt_to_journal(
            acting_user=cast.teacher, attempt=attempt, lesson=jw.other_lesson, kind="fo"
        )
    assert not Mark.objects.filter(student=child).exists()


def test_a_subgroup_course_is_taken_only_by_the_subgroups_students(cast, jw):
    """covers KG-2"""
    jw.subgroup.kind = "two"
    jw.subgroup.save()
    jw.subgroup.students.set([jw.students[1]])
    course = _course(cast, jw)
    test, _questions = make_test(course)
    child = jw.students[0]
    with pytest.raises(OperationError, match="another subgroup"):
        services.test_submit(acting_user=_student_user(child), test=test, student=child, responses={})


@pytest.mark.parametrize(
    ("percent", "kind", "expected"),
    [
        (100, "current", (5, None)),
        (70, "current", (4, None)),
        (39, "current", (2, None)),
        (84, "fo", (8, None)),
        (3, "fo", (1, None)),
        (80, "sor", (16, 20)),
        (50, "soch", (12, 25)),
    ],
)
def test_a_percent_becomes_a_mark_of_the_journals_kind(percent, kind, expected):
    """covers KG-2"""
    assert services.mark_for(percent, kind) == expected
