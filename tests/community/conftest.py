"""The community's world on top of the contingent's: a published course with a test for 5 Б (the cast's
student's class), the student's attempt, a parent <-> class teacher conversation, a portfolio entry and an
olympiad result (in the reports' registry) of the parent's child, a parents' board post in 5 А, a calendar
event; and a course of school B."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from community import services
from community.models import (
    ClassPost,
    ClassPostKind,
    Course,
    Material,
    MaterialKind,
    PortfolioEntry,
    Question,
    QuestionKind,
    SchoolEvent,
    Test,
)
from reports.models import CompetitionResult
from tests.contingent.conftest import build_world
from tests.contingent.factories import scan
from tests.factories import EmployeeFactory, employee_of


@dataclass
class Community:
    world: object
    teacher_employee: object
    course: object
    material: object
    test: object
    questions: list
    attempt: object
    conversation: object
    entry: object
    olympiad: object  # the child's result in the reports' registry
    board_post: object
    event: object
    course_b: object


def make_test(course, opens=None, closes=None):
    now = timezone.now()
    test = Test.objects.create(
        course=course,
        title="Дроби",
        opens=opens or now - datetime.timedelta(days=1),
        closes=closes or now + datetime.timedelta(days=1),
    )
    single = Question.objects.create(
        test=test, kind=QuestionKind.SINGLE, text="1/2 + 1/2 = ?", points=1, position=1
    )
    single.choices.create(text="1", is_correct=True)
    single.choices.create(text="2")
    multiple = Question.objects.create(
        test=test, kind=QuestionKind.MULTIPLE, text="Чётные числа", points=2, position=2
    )
    multiple.choices.create(text="2", is_correct=True)
    multiple.choices.create(text="3")
    multiple.choices.create(text="4", is_correct=True)
    number = Question.objects.create(
        test=test, kind=QuestionKind.NUMBER, text="0,5 × 4 = ?", points=1, position=3, number_answer=2
    )
    short = Question.objects.create(
        test=test,
        kind=QuestionKind.SHORT,
        text="Столица Казахстана",
        points=1,
        position=4,
        text_answers="Астана",
    )
    open_q = Question.objects.create(
        test=test, kind=QuestionKind.OPEN, text="Объясните", points=3, position=5
    )
    return test, [single, multiple, number, short, open_q]


def build_community(cast):
    if "_community" in cast.__dict__:
        return cast.__dict__["_community"]
    w = build_world(cast)
    a = cast.school_a
    teacher = employee_of(cast.teacher.person, a)
    today = timezone.localdate()
    course = Course.objects.create(
        school=a,
        title="Математика: дроби",
        teacher=teacher,
        school_class=w.class_b,
        starts=today - datetime.timedelta(days=7),
        ends=today + datetime.timedelta(days=30),
        is_published=True,
    )
    material = Material.objects.create(
        course=course, kind=MaterialKind.FILE, title="Учебник", file=scan("book.pdf")
    )
    test, questions = make_test(course)
    student = w.class_b.students.get(person=cast.student.person)
    attempt = services.test_submit(
        acting_user=cast.student,
        test=test,
        student=student,
        responses={questions[0].pk: [questions[0].choices.first().pk], questions[4].pk: "Потому что"},
    )
    conversation = services.conversation_start(
        acting_user=cast.parent,
        school=a,
        recipient=cast.class_teacher,
        subject="Домашнее задание",
        body="Здравствуйте",
    )
    entry = PortfolioEntry.objects.create(
        school=a,
        person=w.child.person,
        kind="certificate",
        title="Сертификат шахматного клуба",
        date=today,
        level="school",
        result="1 разряд",
        scan=scan("diploma.pdf"),
        added_by=cast.parent,
    )
    olympiad = CompetitionResult.objects.create(
        school=a,
        academic_year=cast.year_a,
        student=w.child,
        teacher=teacher,
        name="Олимпиада по математике",
        subject="математика",
        level="district",
        place=1,
        date=today,
    )
    board_post = ClassPost.objects.create(
        school_class=w.class_a, kind=ClassPostKind.BOARD, author=cast.parent, body="Собрание?"
    )
    event = SchoolEvent.objects.create(
        school=a,
        title="Родительское собрание",
        kind="meeting",
        starts=today,
        ends=today,
        created_by=cast.director,
    )
    teacher_b = EmployeeFactory(school=cast.school_b)
    course_b = Course.objects.create(
        school=cast.school_b,
        title="Физика",
        teacher=teacher_b,
        school_class=w.class_other_school,
        starts=today,
        ends=today,
        is_published=True,
    )
    c = Community(
        w,
        teacher,
        course,
        material,
        test,
        questions,
        attempt,
        conversation,
        entry,
        olympiad,
        board_post,
        event,
        course_b,
    )
    cast.__dict__["_community"] = c
    return c


@pytest.fixture
def kg(cast):
    return build_community(cast)


@pytest.fixture(autouse=True)
def english(cast):
    """Messages are asserted in English (the msgids); the catalogues are checked by test_i18n. The users
    read the pages in English, and the services called directly answer in English whatever language an
    earlier test of the same worker left active."""
    from django.contrib.auth import get_user_model
    from django.utils import translation

    get_user_model().objects.update(language="en")
    with translation.override("en"):
        yield
