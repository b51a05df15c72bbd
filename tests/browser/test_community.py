"""The district page and the school community in the browser (DEP, KG): a visitor reads the page and
its documents without logging in (also with JavaScript off); a parent writes to the class teacher and
gets an answer; a student takes a test on a phone and the mark reaches the journal; the department's
administrator switches the forum off and on and its topics are all still there."""

import datetime

import pytest
from django.utils import timezone

from community.models import Course
from district.models import Topic
from journal.models import Mark
from tests.browser.conftest import log_in
from tests.community.conftest import build_community, make_test
from tests.district.conftest import dep as _dep  # noqa: F401  (the fixture, under another name)
from tests.factories import RoleFactory, UserFactory
from tests.journal.conftest import build_journal

pytestmark = pytest.mark.browser

dep = _dep


def test_a_visitor_reads_the_department_page_and_its_documents_without_logging_in(page, browser, cast, dep):
    """covers DEP-1 DEP-4 KG-5"""
    base = f"{page.base_url}/district/{cast.district.pk}"
    page.goto(f"{base}/")
    assert "Отдел образования района" in page.inner_text("main")
    page.click("a.nav-link:has-text('Документы')")
    page.wait_for_url("**/documents/")
    href = page.get_attribute("[data-testid=document] a", "href")
    response = page.request.get(f"{page.base_url}{href}")
    assert response.ok and response.body().startswith(b"%PDF")
    assert "prikaz.pdf" in response.headers["content-disposition"]
    # KG-5: the same page read with JavaScript switched off
    context = browser.new_context(java_script_enabled=False, locale="kk-KZ")
    quiet = context.new_page()
    quiet.goto(f"{base}/documents/")
    assert "Приказ о начале года" in quiet.inner_text("main")
    quiet.goto(f"{base}/forum/")
    assert "Подготовка к ЕНТ" in quiet.inner_text("main")
    context.close()


def test_a_parent_writes_to_the_class_teacher_and_gets_an_answer(page, cast):
    """covers KG-4"""
    build_community(cast)
    log_in(page, "parent")
    page.goto(f"{page.base_url}/community/messages/new/")
    page.select_option("select[name=recipient]", str(cast.class_teacher.pk))
    page.fill("input[name=subject]", "Экскурсия")
    page.fill("textarea[name=body]", "Можно ли <b>Әсел</b> пропустить экскурсию?")
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=message]")
    assert "<b>Әсел</b>" in page.inner_text("[data-testid=message]")
    conversation_url = page.url.split("#")[0]
    page.context.clear_cookies()
    log_in(page, "class_teacher")
    assert page.inner_text("[data-testid=unread-count]").startswith("2")
    page.goto(conversation_url)
    page.fill("textarea[name=body]", "Да, конечно.")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    log_in(page, "parent")
    page.goto(conversation_url)
    assert "Да, конечно." in page.inner_text("main")


def test_a_student_takes_a_test_on_a_phone_and_the_mark_reaches_the_journal(phone_page, cast):
    """covers KG-2 KG-5"""
    jw = build_journal(cast)
    today = timezone.localdate()
    course = Course.objects.create(
        school=cast.school_a,
        title="Дроби онлайн",
        teacher=jw.teacher,
        school_class=jw.contingent.class_a,
        subgroup=jw.subgroup,
        starts=today - datetime.timedelta(days=3),
        ends=today + datetime.timedelta(days=3),
        is_published=True,
    )
    test, questions = make_test(course)
    test.questions.filter(kind="open").delete()
    child = jw.students[0]
    student = UserFactory(username="pupil", person=child.person)
    RoleFactory(user=student, role="student", school=cast.school_a)
    page = phone_page
    log_in(page, "pupil")
    page.goto(f"{page.base_url}/community/courses/{course.pk}/")
    page.click("text=Пройти тест")
    single, multiple, number, short, _open = questions
    page.check(f"input[name=q{single.pk}][value='{single.choices.get(is_correct=True).pk}']")
    for choice in multiple.choices.filter(is_correct=True):
        page.check(f"input[name=q{multiple.pk}][value='{choice.pk}']")
    page.fill(f"input[name=q{number.pk}]", "2")
    page.fill(f"input[name=q{short.pk}]", "Астана")
    with page.expect_navigation():
        page.click("[data-testid=submit-test]")
    assert page.locator("[data-testid=score]").count(), page.inner_text("main")
    assert "5 / 5" in page.inner_text("[data-testid=score]")
    page.context.clear_cookies()
    log_in(page, "teacher")
    page.goto(f"{page.base_url}/community/tests/{test.pk}/to-journal/")
    page.select_option("select[name=lesson]", str(jw.lesson.pk))
    page.select_option("select[name=kind]", "fo")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=в журнале")
    assert Mark.objects.get(student=child, lesson=jw.lesson).value == 10


def test_the_administrator_switches_the_forum_off_and_on_and_its_topics_are_all_still_there(page, cast, dep):
    """covers DEP-5 DEP-8"""
    log_in(page, "district_official")
    base = f"{page.base_url}/district/{cast.district.pk}"
    page.goto(f"{base}/settings/")
    page.uncheck("input[name=features][value=forum]")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert page.locator("a.nav-link:has-text('Форум')").count() == 0
    assert page.request.get(f"{base}/forum/").status == 404
    page.goto(f"{base}/settings/")
    page.check("input[name=features][value=forum]")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.click("a.nav-link:has-text('Форум')")
    assert (
        page.locator("[data-testid=topic]").count()
        == Topic.objects.filter(district=cast.district).count()
        == 1
    )
