"""The deputy's planning in the browser: a class's РУП from the typical curriculum applied to the
parallel, copy and paste, English split into two subgroups with teachers, the ГУП edited, the timetable
generated (its progress panel), a lesson moved onto a clash, publication; the teacher's day on a phone."""

import datetime

import pytest
from playwright.sync_api import expect

from planning.models import ClassSubject, Subgroup, TimetableLesson, TypicalCurriculum, TypicalCurriculumLine
from planning.services.substitutions import substitution_save
from tests.browser.conftest import log_in
from tests.factories import PersonFactory
from tests.planning.factories import bells, school_class, subject, teacher

pytestmark = pytest.mark.browser


def _school(cast):
    from planning.models import Room

    a = school_class(cast, students=4, letter_ru="А", letter_kk="А", letter_en="A")
    b = school_class(cast, students=2, letter_ru="Б", letter_kk="Ә", letter_en="B")
    c = school_class(cast, students=2, parallel=6, letter_ru="А", letter_kk="А", letter_en="A")
    math, eng = subject("Математика", difficulty=10), subject("Английский язык")
    typical = TypicalCurriculum.objects.create(
        name="Типовой план 5 класса", language=a.language, parallel=5, valid_from=2026, max_weekly_hours=29
    )
    TypicalCurriculumLine.objects.create(curriculum=typical, subject=math, weekly_hours=3)
    TypicalCurriculumLine.objects.create(curriculum=typical, subject=eng, weekly_hours=2)
    mathematician = teacher(cast.school_a, "Учитель математики", person=cast.teacher.person)
    english = [teacher(cast.school_a, "Учитель английского языка") for _ in range(2)]
    for n in (101, 102, 103, 104):
        Room.objects.create(school=cast.school_a, name=str(n))
    bells(cast.school_a)
    return a, b, c, mathematician, english


def test_the_deputy_plans_generates_moves_and_publishes_and_the_teacher_reads_her_day(page, phone_page, cast):
    """covers PLN-3 PLN-4 PLN-5 PLN-6 PLN-8"""
    a, b, c, mathematician, english = _school(cast)
    base = page.base_url
    for p in (page, phone_page):  # a shared, busy machine: generous waits
        p.set_default_timeout(60_000)
        p.set_default_navigation_timeout(60_000)
    log_in(page, "deputy_director")

    # the typical curriculum, previewed and applied to the whole parallel
    page.goto(f"{base}/planning/class/{a.pk}/")
    assert page.locator("[data-testid=rup-empty]").is_visible()
    page.goto(f"{base}/planning/class/{a.pk}/typical/")
    page.check("input[name=scope][value=parallel]")
    page.click("main form[method=get] button[type=submit]")
    expect(page.locator("[data-testid=typical-preview]")).to_have_count(2)
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "За год" in page.locator("[data-testid=rup-lines]").inner_text()
    assert ClassSubject.objects.filter(school_class=b).count() == 2

    # copy 5 А and paste into 6 А, Mathematics only
    page.click("form[action$='/copy/'] button")
    page.goto(f"{base}/planning/class/{c.pk}/")
    page.click("text=Вставить")
    page.uncheck("input[name=subjects] >> nth=0")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert ClassSubject.objects.filter(school_class=c).count() == 1

    # English of 5 А in two subgroups with two teachers
    eng_line = ClassSubject.objects.get(school_class=a, subject__name_ru="Английский язык")
    page.goto(f"{base}/planning/subject/{eng_line.pk}/")
    form = page.locator("[data-testid=subgroups-form]")
    form.locator("input[name=kind][value=two]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "Выберите учителя подгруппы 2." in page.content()
    form = page.locator("[data-testid=subgroups-form]")
    form.locator("select[name=teacher_1]").select_option(str(english[0].pk))
    form.locator("select[name=teacher_2]").select_option(str(english[1].pk))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert Subgroup.objects.filter(class_subject=eng_line, kind="two").count() == 2

    # the ГУП of subgroup 1: one week more, the next one less; the total still adds up
    gup = page.locator("section[id^=gup-]").first
    inputs = gup.locator("input[name^=week_]")
    inputs.nth(0).fill("3")
    inputs.nth(1).fill("1")
    gup.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "ГУП сохранен" in page.content()

    # the other subjects' teachers, assigned the same way
    Subgroup.objects.filter(class_subject__subject__name_ru="Математика").update(teacher=mathematician)
    Subgroup.objects.filter(
        class_subject__school_class=b, class_subject__subject__name_ru="Английский язык"
    ).update(teacher=english[1])

    # a draft, generated; the progress panel reports the result
    page.goto(f"{base}/planning/timetable/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=time_limit]", "10")
    page.click("[data-testid=generate]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#generation").get_attribute("data-state") == "done"
    assert "нарушений жестких правил: 0" in page.locator("#generation").inner_text()

    # a lesson moved onto another lesson of the class: refused with the clash named
    lessons = list(
        TimetableLesson.objects.filter(subgroup__class_subject__school_class=a).order_by("weekday", "number")
    )
    first, other = (
        lessons[0],
        next(x for x in lessons[1:] if x.subgroup.class_subject_id != lessons[0].subgroup.class_subject_id),
    )
    page.goto(f"{base}/planning/timetable/{first.timetable_id}/?view=class&id={a.pk}")
    page.click(f"[data-lesson='{first.pk}'] a")
    move = page.locator("[data-testid=lesson-move]")
    move.locator("select[name=weekday]").select_option(str(other.weekday))
    move.locator("input[name=number]").fill(str(other.number))
    move.locator("button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert "уже есть" in page.content()
    page.click("text=Отмена")
    page.click("[data-testid=publish]")
    page.wait_for_load_state("networkidle")
    assert "Расписание опубликовано." in page.content()

    # the teacher's day on a 360 px phone, with a lesson taken by a substitute of a long name
    lesson = TimetableLesson.objects.filter(teacher=mathematician).order_by("weekday", "number").first()
    day = datetime.date(2026, 9, 7) + datetime.timedelta(days=lesson.weekday - 1)
    long_name = PersonFactory(last_name="Абдрахманова", first_name="Куралай", patronymic="Кайратовна")
    substitution_save(
        acting_user=cast.director,
        lesson=lesson,
        date=day,
        substitute=teacher(cast.school_a, person=long_name),
    )
    log_in(phone_page, "teacher")
    phone_page.goto(f"{phone_page.base_url}/planning/my/?date={day:%Y-%m-%d}")
    lessons_list = phone_page.locator("[data-testid=schedule-lessons]")
    assert "Математика" in lessons_list.inner_text() and "Абдрахманова" in lessons_list.inner_text()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
