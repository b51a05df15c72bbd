"""The school community: calendar (KG-1), courses and tests (KG-2), portfolios (KG-3), messages and
boards (KG-4), pages that work without JavaScript (KG-5)."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from community import services
from community.models import Attempt, ClassPost, Message, PortfolioEntry, Question, SchoolEvent
from core.services import OperationError
from tests.community.conftest import make_test
from tests.contingent.factories import make_parent, make_student
from tests.factories import RoleFactory, UserFactory

# --- KG-1 -----------------------------------------------------------------------------------------


def test_the_calendar_shows_the_schools_events_per_class_and_per_person(client, cast, kg):
    """covers KG-1"""
    today = timezone.localdate()
    w = kg.world
    SchoolEvent.objects.create(
        school=cast.school_a,
        title="Контрольная 5 Б",
        kind="exam",
        starts=today,
        ends=today,
        school_class=w.class_b,
        created_by=cast.director,
    )
    council = SchoolEvent.objects.create(
        school=cast.school_a,
        title="Педсовет",
        kind="meeting",
        starts=today,
        ends=today,
        created_by=cast.director,
    )
    council.participants.add(cast.teacher.person)
    client.force_login(cast.student)  # in 5 Б
    html = client.get(reverse("community:calendar")).content.decode()
    assert "Родительское собрание" in html and "Контрольная 5 Б" in html and "Педсовет" not in html
    client.force_login(cast.parent)  # child in 5 А
    html = client.get(reverse("community:calendar")).content.decode()
    assert "Контрольная 5 Б" not in html and "Родительское собрание" in html
    client.force_login(cast.teacher)
    assert "Педсовет" in client.get(reverse("community:calendar")).content.decode()
    client.force_login(cast.director)
    html = client.get(reverse("community:calendar") + f"?class={w.class_b.pk}").content.decode()
    assert "Контрольная 5 Б" in html and "Педсовет" not in html
    client.force_login(cast.parent)
    assert client.get(reverse("community:calendar") + f"?class={w.class_b.pk}").status_code == 404


def test_the_calendar_exports_to_icalendar(client, cast, kg):
    """covers KG-1"""
    client.force_login(cast.parent)
    response = client.get(reverse("community:calendar_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(response.content).walk("VEVENT")]
    assert [str(e["SUMMARY"]) for e in events] == ["Родительское собрание"]
    assert events[0]["DTSTART"].dt == timezone.localdate()


def test_an_event_that_ends_before_it_starts_is_refused_and_not_saved(client, cast, kg):
    """covers KG-1"""
    client.force_login(cast.director)
    response = client.post(
        reverse("community:event_create"),
        {"title": "Экзамен", "kind": "exam", "starts": "2026-10-10", "ends": "2026-10-01"},
    )
    assert "cannot end before it starts" in response.content.decode()
    foreign_class = kg.world.class_other_school
    response = client.post(
        reverse("community:event_create"),
        {
            "title": "Экзамен",
            "kind": "exam",
            "starts": "2026-10-10",
            "ends": "2026-10-10",
            "school_class": foreign_class.pk,
        },
    )
    assert "Select a valid choice" in response.content.decode()
    assert SchoolEvent.objects.count() == 1


# --- KG-2 -----------------------------------------------------------------------------------------


def _student_record(cast, kg):
    return kg.world.class_b.students.get(person=cast.student.person)


def test_answers_are_graded_automatically_where_they_can_be_and_open_ones_wait_for_the_teacher(cast, kg):
    """covers KG-2"""
    attempt = kg.attempt  # single right (1), multiple unanswered (0), number empty, short empty, open waits
    assert attempt.score == 1 and attempt.max_score == 8 and attempt.needs_review
    other = make_student(cast.school_a, kg.world.class_b, cast.secretary, sex="m")
    user = UserFactory(person=other.person)
    RoleFactory(user=user, role="student", school=cast.school_a)
    single, multiple, number, short, open_q = kg.questions
    result = services.test_submit(
        acting_user=user,
        test=kg.test,
        student=other,
        responses={
            single.pk: [single.choices.get(text="2").pk],
            multiple.pk: [c.pk for c in multiple.choices.filter(is_correct=True)],
            number.pk: "2,0",
            short.pk: "  астана ",
            open_q.pk: "Ответ",
        },
    )
    assert result.score == 4 and result.needs_review
    open_answer = result.answers.get(question=open_q)
    services.answer_grade(acting_user=cast.teacher, answer=open_answer, points="2.5")
    result.refresh_from_db()
    assert result.score == 6.5 and not result.needs_review


def test_a_test_is_taken_once_within_its_dates_and_only_by_its_class(cast, kg):
    """covers KG-2"""
    student = _student_record(cast, kg)
    with pytest.raises(OperationError, match="already been taken"):
        services.test_submit(acting_user=cast.student, test=kg.test, student=student, responses={})
    closed, _questions = make_test(
        kg.course,
        opens=timezone.now() - datetime.timedelta(days=3),
        closes=timezone.now() - datetime.timedelta(days=2),
    )
    with pytest.raises(OperationError, match="open from"):
        services.test_submit(acting_user=cast.student, test=closed, student=student, responses={})
    course_a = kg.course
    course_a.school_class = kg.world.class_a
    course_a.save()
    fresh, _questions = make_test(course_a)
    with pytest.raises(OperationError, match="another class"):
        services.test_submit(acting_user=cast.student, test=fresh, student=student, responses={})
    assert Attempt.objects.count() == 1


def test_grades_out_of_range_or_by_another_teacher_are_refused(cast, kg):
    """covers KG-2"""
    answer = kg.attempt.answers.get(question=kg.questions[4])
    with pytest.raises(OperationError):
        services.answer_grade(acting_user=cast.teacher, answer=answer, points="4")
    with pytest.raises(OperationError):
        services.answer_grade(acting_user=cast.class_teacher, answer=answer, points="1")
    answer.refresh_from_db()
    assert answer.points is None


def test_a_student_takes_a_test_through_the_page(client, cast, kg):
    """covers KG-2"""
    other = make_student(cast.school_a, kg.world.class_b, cast.secretary, sex="m")
    user = UserFactory(person=other.person, language="en")
    RoleFactory(user=user, role="student", school=cast.school_a)
    client.force_login(user)
    single = kg.questions[0]
    page = client.get(reverse("community:test_take", args=[kg.test.pk])).content.decode()
    assert "1/2 + 1/2 = ?" in page and "Астана" not in page  # no correct answers in the page
    response = client.post(
        reverse("community:test_take", args=[kg.test.pk]),
        {f"q{single.pk}": single.choices.get(is_correct=True).pk, f"q{kg.questions[2].pk}": "2"},
    )
    attempt = Attempt.objects.get(student=other)
    assert response.url == attempt.get_absolute_url() and attempt.score == 2
    bad = client.post(reverse("community:test_take", args=[kg.test.pk]), {f"q{kg.questions[2].pk}": "два"})
    assert "Enter a number" in bad.content.decode()


def test_the_teacher_makes_a_course_with_materials_and_questions_and_bad_input_saves_nothing(
    client, cast, kg
):
    """covers KG-2"""
    client.force_login(cast.teacher)
    response = client.post(
        reverse("community:course_create"),
        {
            "title": "История",
            "school_class": kg.world.class_b.pk,
            "starts": "2026-10-01",
            "ends": "2026-10-30",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    course = kg.course.__class__.objects.get(title="История")
    fake = SimpleUploadedFile("notes.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(
        reverse("community:material_create", args=[course.pk]),
        {"kind": "file", "title": "Конспект", "file": fake},
    )
    assert "does not match its type" in response.content.decode() and not course.materials.exists()
    client.post(
        reverse("community:test_create", args=[course.pk]),
        {"title": "Тест", "opens": "2026-10-02T09:00", "closes": "2026-10-02T10:00"},
    )
    test = course.tests.get()
    response = client.post(
        reverse("community:question_create", args=[test.pk]),
        {"kind": "single", "text": "2+2", "points": 1, "position": 1, "options": "*4\n*5", "tolerance": 0},
    )
    assert "exactly one correct option" in response.content.decode()
    client.post(
        reverse("community:question_create", args=[test.pk]),
        {"kind": "single", "text": "2+2", "points": 1, "position": 1, "options": "*4\n5", "tolerance": 0},
    )
    question = Question.objects.get(test=test)
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [("4", True), ("5", False)]
    response = client.post(
        reverse("community:test_create", args=[course.pk]),
        {"title": "Тест 2", "opens": "2026-10-02T10:00", "closes": "2026-10-02T09:00"},
    )
    assert "must close after it opens" in response.content.decode() and course.tests.count() == 1


def test_a_course_of_another_school_or_class_is_a_404(client, cast, kg):
    """covers KG-2"""
    client.force_login(cast.director_b)
    assert client.get(kg.course.get_absolute_url()).status_code == 404
    assert client.get(reverse("community:test_detail", args=[kg.test.pk])).status_code == 404
    assert client.get(kg.attempt.get_absolute_url()).status_code == 404
    client.force_login(cast.student)
    assert client.get(kg.course_b.get_absolute_url()).status_code == 404


# --- KG-3 -----------------------------------------------------------------------------------------


def test_a_portfolio_is_seen_by_the_person_parents_class_teacher_and_heads_only(client, cast, kg):
    """covers KG-3"""
    child_person = kg.world.child.person
    url = reverse("community:portfolio_person", args=[child_person.pk])
    for user in (cast.parent, cast.class_teacher, cast.director, cast.deputy_director):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "Сертификат шахматного клуба" in html and "Олимпиада по математике" in html, user
    for user in (cast.teacher, cast.student, cast.director_b, cast.district_official, cast.hr_officer):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
        assert client.get(reverse("community:portfolio_scan", args=[kg.entry.pk])).status_code == 404


def test_olympiad_results_come_from_the_reports_registry_and_are_not_typed_twice(client, cast, kg):
    """covers KG-3: the registry of olympiad and competition results (reports, RPT-1) is the one place a
    result is entered; the student's portfolio shows it from there, and the portfolio's form no longer
    offers an olympiad result to type."""
    from reports.models import CompetitionResult

    child = kg.world.child
    CompetitionResult.objects.create(
        school=cast.school_a,
        academic_year=cast.year_a,
        student=kg.world.other,  # another student's result stays in his own portfolio
        name="Олимпиада по физике",
        level="school",
        place=2,
        date=timezone.localdate(),
    )
    url = reverse("community:portfolio_person", args=[child.person.pk])
    client.force_login(cast.parent)
    html = client.get(url).content.decode()
    row = html.split('data-testid="registry-result"')[1].split("</tr>")[0]
    assert "Олимпиада по математике" in row and "1st place" in row and "district (city)" in row
    assert "From the school&#x27;s registry of olympiad and competition results" in row
    assert html.count('data-testid="registry-result"') == 1 and "Олимпиада по физике" not in html
    # a change in the registry is what the portfolio shows: nothing was copied
    CompetitionResult.objects.filter(pk=kg.olympiad.pk).update(place=3)
    assert "3rd place" in client.get(url).content.decode()
    # the portfolio's own form refuses an olympiad result: it belongs in the registry
    form = client.get(reverse("community:portfolio_add", args=[child.person.pk])).content.decode()
    assert 'value="olympiad"' not in form and 'value="certificate"' in form
    response = client.post(
        reverse("community:portfolio_add", args=[child.person.pk]),
        {"kind": "olympiad", "title": "Олимпиада", "date": "2026-09-01"},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not PortfolioEntry.objects.filter(kind="olympiad").exists()
    # the registry's results are read by the portfolio's readers only
    for user in (cast.teacher, cast.student, cast.director_b):
        client.force_login(user)
        assert client.get(url).status_code == 404, user


def test_a_teacher_keeps_her_own_portfolio_with_a_checked_scan(client, cast, kg):
    """covers KG-3"""
    client.force_login(cast.teacher)
    url = reverse("community:portfolio_add", args=[cast.teacher.person_id])
    fake = SimpleUploadedFile("cert.png", b"GIF89a....", content_type="image/png")
    response = client.post(url, {"kind": "certificate", "title": "Курсы", "date": "2026-09-01", "scan": fake})
    assert "does not match its type" in response.content.decode()
    png = SimpleUploadedFile("cert.png", b"\x89PNG\r\n\x1a\n0000", content_type="image/png")
    client.post(
        url, {"kind": "publication", "title": "Статья <i>о дробях</i>", "date": "2026-09-01", "scan": png}
    )
    entry = PortfolioEntry.objects.get(person=cast.teacher.person)
    html = client.get(reverse("community:portfolio_person", args=[cast.teacher.person_id])).content.decode()
    assert "Статья &lt;i&gt;о дробях&lt;/i&gt;" in html
    client.force_login(cast.director)
    assert client.get(reverse("community:portfolio_scan", args=[entry.pk])).status_code == 200
    client.force_login(cast.parent)
    assert client.get(reverse("community:portfolio_scan", args=[entry.pk])).status_code == 404


# --- KG-4 -----------------------------------------------------------------------------------------


def test_a_parent_writes_to_the_class_teacher_gets_an_answer_by_page_and_e_mail(
    client, cast, kg, django_capture_on_commit_callbacks
):
    """covers KG-4"""
    cast.parent.email = "parent@example.kz"
    cast.parent.save()
    conversation = kg.conversation
    client.force_login(cast.class_teacher)
    home = client.get(reverse("community:inbox")).content.decode()
    assert 'data-testid="unread-count">1' in home
    client.get(conversation.get_absolute_url())
    assert 'data-testid="unread-count"' not in client.get(reverse("community:inbox")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(conversation.get_absolute_url(), {"body": "<script>alert('x')</script> Добрый день"})
    assert mail.outbox[-1].to == ["parent@example.kz"] and "Добрый день" in mail.outbox[-1].body
    client.force_login(cast.parent)
    html = client.get(conversation.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Добрый день" in html


def test_nobody_writes_to_another_schools_person_except_through_the_district(client, cast, kg):
    """covers KG-4"""
    client.force_login(cast.parent)
    response = client.post(
        reverse("community:conversation_create"),
        {"recipient": cast.director_b.pk, "subject": "Вопрос", "body": "Здравствуйте"},
    )
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(OperationError, match="through the district"):
        services.conversation_start(
            acting_user=cast.teacher, school=cast.school_a, recipient=cast.director_b, subject="x", body="y"
        )
    # a parent writes to the school's staff and the district; the district writes to school B
    recipients = set(services.recipients_for(cast.parent, cast.school_a))
    assert cast.class_teacher in recipients and cast.district_official in recipients
    assert cast.student not in recipients and cast.director_b not in recipients
    conversation = services.conversation_start(
        acting_user=cast.district_official,
        school=None,
        recipient=cast.director_b,
        subject="Отчёт",
        body="Жду",
    )
    client.force_login(cast.director_b)
    assert client.get(conversation.get_absolute_url()).status_code == 200
    client.force_login(cast.director)
    assert client.get(conversation.get_absolute_url()).status_code == 404


def test_conversation_and_inbox_queries_do_not_grow_with_messages(client, cast, kg, count_queries):
    """covers KG-4"""
    client.force_login(cast.class_teacher)
    url = kg.conversation.get_absolute_url()
    one = count_queries(lambda: client.get(url))
    inbox_one = count_queries(lambda: client.get(reverse("community:inbox")))
    Message.objects.bulk_create(
        Message(
            conversation=kg.conversation, author=cast.parent if i % 2 else cast.class_teacher, body=f"№{i}"
        )
        for i in range(49)
    )
    for i in range(10):
        services.conversation_start(
            acting_user=cast.director,
            school=cast.school_a,
            recipient=cast.class_teacher,
            subject=f"Тема {i}",
            body=".",
        )
    assert count_queries(lambda: client.get(url)) == one
    assert count_queries(lambda: client.get(reverse("community:inbox"))) == inbox_one


def test_the_parents_board_is_for_the_class_parents_and_is_moderated(client, cast, kg, count_queries):
    """covers KG-4"""
    w = kg.world
    board = reverse("community:board", args=[w.class_a.pk])
    client.force_login(cast.parent)
    client.post(
        reverse("community:class_post", args=[w.class_a.pk, "board"]), {"body": "<b>Сбор</b> на экскурсию"}
    )
    client.post(reverse("community:class_post", args=[w.class_a.pk, "announcement"]), {"body": "Не могу"})
    assert not ClassPost.objects.filter(kind="announcement").exists()
    assert "&lt;b&gt;Сбор&lt;/b&gt;" in client.get(board).content.decode()
    post = ClassPost.objects.get(body__startswith="<b>")
    client.force_login(cast.class_teacher)
    client.post(
        reverse("community:class_post", args=[w.class_a.pk, "announcement"]), {"body": "Собрание в 18:00"}
    )
    client.post(reverse("community:class_post_moderate", args=[post.pk]), {"hide": "1"})
    other_parent_user = UserFactory()
    make_parent(w.other, person=other_parent_user.person)  # a parent of 5 Б
    RoleFactory(user=other_parent_user, role="parent", school=cast.school_a)
    client.force_login(other_parent_user)
    assert client.get(board).status_code == 404
    client.force_login(cast.parent)
    html = client.get(board).content.decode()
    assert "Собрание в 18:00" in html and "Сбор" not in html
    one = count_queries(lambda: client.get(board))
    ClassPost.objects.bulk_create(
        ClassPost(school_class=w.class_a, kind="board", author=cast.parent, body=f"{i}") for i in range(49)
    )
    assert count_queries(lambda: client.get(board)) == one


# --- KG-5 -----------------------------------------------------------------------------------------


def test_pages_that_only_read_carry_their_content_in_the_html_without_javascript(client, cast, kg):
    """covers KG-5: every read-only page is rendered on the server; its content and links are in the
    HTML itself (no content loaded by scripts), so it reads the same with JavaScript off."""
    client.force_login(cast.student)
    for url, text in (
        (reverse("community:calendar"), "Родительское собрание"),
        (kg.course.get_absolute_url(), "Учебник"),
        (kg.attempt.get_absolute_url(), "1/2 + 1/2 = ?"),
    ):
        html = client.get(url).content.decode()
        assert text in html and "hx-get" not in html.split("<main")[1], url
    client.force_login(cast.parent)
    html = client.get(kg.conversation.get_absolute_url()).content.decode()
    assert "Здравствуйте" in html


def test_the_conversation_opened_shows_the_badge_without_its_messages_on_the_same_page(client, cast, kg):
    """covers KG-4: the count read with the user is read anew once the page has marked messages read"""
    client.force_login(cast.class_teacher)
    assert 'data-testid="unread-count">1' in client.get(reverse("community:inbox")).content.decode()
    page = client.get(kg.conversation.get_absolute_url()).content.decode()
    assert 'data-testid="messages-link"' in page and 'data-testid="unread-count"' not in page


def test_the_unread_count_is_the_others_messages_after_the_last_read(cast, kg):
    """covers KG-4: the navbar's badge counts others' messages newer than what the user has read, in
    each of her conversations, never her own."""
    conversation = kg.conversation
    reader = cast.class_teacher
    assert services.unread_count(reader) == 1
    services.conversation_mark_read(acting_user=reader, conversation=conversation)
    assert services.unread_count(reader) == 0
    Message.objects.create(conversation=conversation, author=reader, body="own answer")
    assert services.unread_count(reader) == 0
    later = Message.objects.create(conversation=conversation, author=cast.parent, body="one more")
    Message.objects.filter(pk=later.pk).update(created_at=timezone.now() + datetime.timedelta(seconds=1))
    assert services.unread_count(reader) == 1
    assert services.unread_count(cast.secretary) == 0  # not a participant
