"""The journal on a 360 px phone in Kazakh: a teacher's lesson with absences, a late student, marks, topic
and homework; two taps made offline arrive when the connection returns; the parent sees it all (JRN-2, JRN-6)."""

import pytest
from django.utils import timezone

from journal.models import Attendance, Mark
from tests.browser.conftest import log_in
from tests.journal.conftest import add_students, build_journal

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_teacher_keeps_todays_lesson_on_a_phone_in_kazakh_offline_taps_arrive_and_the_parent_sees_it(
    phone_page, cast
):
    """covers JRN-1, JRN-2, JRN-6"""
    page = phone_page
    jw = build_journal(cast)
    extra = add_students(jw.class_subject.school_class, 2, cast.secretary)
    child, s1, s2 = jw.students
    s3, s4 = extra
    for user in (cast.teacher, cast.parent):
        user.language = "kk"
        user.save()
    log_in(page, "teacher")
    page.goto(f"{page.base_url}/journal/")
    page.click(f"a[href='/journal/lessons/{jw.lesson.pk}/']")
    header = page.locator("[data-testid=present-header]")
    assert header.inner_text() == "Қатысқандар: 5 А сыныбында 5 оқушының 5"
    # no sideways scrolling on the phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    def row(student):
        return page.locator(f"#journal-roster [data-student='{student.pk}']")

    for student in (s1, s2):
        row(student).locator("[data-attendance-toggle]").click()
        page.wait_for_function(
            "id => document.querySelector(`[data-list=absent] [data-student='${id}']`)", arg=student.pk
        )
    assert header.inner_text() == "Қатысқандар: 5 А сыныбында 5 оқушының 3"
    row(child).locator("button[aria-pressed]").click()
    page.wait_for_selector(f"[data-list=present] .journal-late[data-student='{child.pk}']")
    color = page.eval_on_selector(
        f".journal-late[data-student='{child.pk}'] .journal-name", "e => getComputedStyle(e).color"
    )
    assert color == "rgb(176, 42, 55)"  # red
    row(child).locator("button[data-open-picker]:not([data-slot])").click()
    page.click("#journal-mark-picker [data-picker-panel=fo] [data-picker-value='8']")
    page.wait_for_selector(f"[data-student='{child.pk}'] [data-marks] [data-slot='1']")
    page.select_option(f"[data-student='{s1.pk}'] select[name=reason]", "illness")
    page.wait_for_function(
        "id => document.querySelector(`[data-student='${id}'] select[name=reason]`).value === 'illness'",
        arg=s1.pk,
    )
    page.fill("input[name=topic]", "Жай бөлшектер")
    page.fill("textarea[name=homework]", "№ 125, 126")
    page.click("section[aria-labelledby=topic-title] button[type=submit]")
    page.wait_for_load_state("networkidle")

    # the connection drops for two taps
    page.context.set_offline(True)
    row(s3).locator("[data-attendance-toggle]").click()
    row(child).locator("button[data-open-picker]:not([data-slot])").click()
    page.click("#journal-mark-picker [data-picker-panel=fo] [data-picker-value='9']")
    banner = page.locator("[data-journal-pending]")
    assert banner.is_visible() and banner.locator("[data-pending-count]").inner_text() == "2"
    assert row(s3).get_attribute("class").count("journal-pending") == 1
    assert Attendance.objects.filter(student=s3).count() == 0
    page.context.set_offline(False)
    page.wait_for_function("() => document.querySelector('[data-journal-pending]').hidden")
    page.wait_for_selector(f"[data-list=absent] [data-student='{s3.pk}']")
    assert Attendance.objects.get(student=s3).status == "absent"
    assert sorted(Mark.objects.filter(student=child).values_list("value", flat=True)) == [8, 9]
    assert header.inner_text() == "Қатысқандар: 5 А сыныбында 5 оқушының 2"
    assert Attendance.objects.get(student=s1).reason == "illness"
    assert s4.pk  # s4 stays present

    # the parent sees all of it in the diary
    page.context.clear_cookies()
    log_in(page, "parent")
    page.goto(f"{page.base_url}/journal/diary/?week={timezone.localdate():%Y-%m-%d}")
    text = page.locator("main").inner_text()
    assert "Жай бөлшектер" in text and "№ 125, 126" in text
    assert "кешікті" in text
    marks = page.locator("main .journal-mark").all_inner_texts()
    assert marks == ["8", "9"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_grid_takes_marks_from_the_keyboard_and_opens_a_cells_history(page, cast):
    """covers JRN-3, JRN-7"""
    jw = build_journal(cast)
    child = jw.students[0]
    log_in(page, "teacher")
    page.goto(f"{page.base_url}/journal/journals/{jw.subgroup.pk}/?period={jw.period2.pk}")
    cell = page.locator("[data-grid-cell][data-row='0'][data-col='0']")
    cell.fill("8 7")
    cell.press("ArrowDown")
    page.wait_for_function(
        "() => document.querySelector(\"[data-grid-cell][data-row='0'][data-col='0']\").defaultValue === '8 7'"
    )
    assert page.evaluate("document.activeElement.getAttribute('data-row')") == "1"
    assert sorted(Mark.objects.filter(student=child).values_list("value", flat=True)) == [7, 8]
    bad = page.locator("[data-grid-cell][data-row='1'][data-col='0']")
    bad.fill("99")
    bad.press("Enter")
    page.wait_for_selector("[data-grid-cell].cell-error")
    assert "шкал" in bad.get_attribute("title")
    cell.dblclick()
    page.wait_for_selector("[data-testid=cell-history]")
    assert "8" in page.locator("[data-testid=cell-history]").inner_text()
