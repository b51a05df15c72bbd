"""The HR officer's day in the browser: hire a teacher, record a leave and a sick leave, confirm a
course, dismiss someone; the dismissed person can no longer log in."""

import datetime

import pytest

from staff.models import Absence, Course, Employee
from tests.browser.conftest import log_in
from tests.factories import make_iin
from tests.staff.conftest import file_of
from tests.staff.factories import CourseFactory

pytestmark = pytest.mark.browser


def test_hr_officer_hires_records_leave_and_sick_leave_confirms_a_course_and_dismisses(page, cast, tmp_path):
    """covers STF-2 STF-3 STF-5 STF-6 STF-8"""
    leaving = file_of(cast.teacher, cast.school_a, position="Учитель истории")
    course = CourseFactory(employee=leaving, name="Методика преподавания истории")
    log_in(page, "hr_officer")
    base = page.base_url

    # hiring
    page.goto(f"{base}/staff/hire/")
    form = page.locator("main form")
    for name, value in {
        "last_name": "Абилова",
        "first_name": "Куралай",
        "iin": make_iin(datetime.date(1988, 2, 3), "f", 4321),
        "birth_date": "1988-02-03",
        "address": "ул. Чокина, 14б",
        "contract_number": "ТД-15",
        "contract_date": "2026-08-28",
        "hired_on": "2026-09-01",
        "consent_given_on": "2026-08-28",
    }.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("select[name=position]").select_option("Учитель математики")
    form.locator("select[name=sex]").select_option("f")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=issued-login]").inner_text().startswith("abilova")
    password = page.locator("[data-testid=issued-password]").inner_text()
    assert password
    page.reload()  # the login is shown once: a reload lands on the personal file, without the password
    page.wait_for_load_state("networkidle")
    assert "Абилова" in page.locator("[data-testid=employee-name]").inner_text()
    assert password not in page.content()

    # leave through the Operations menu
    page.click("[data-testid=operations]")
    page.click("[data-testid=op-leave]")
    page.fill("input[name=start]", "2026-10-01")
    page.fill("input[name=end]", "2026-10-05")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "01.10.2026" in page.locator("[data-testid=absences]").inner_text()

    # sick leave with a scan
    scan = tmp_path / "sick.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.click("[data-testid=operations]")
    page.click("[data-testid=op-sick-leave]")
    page.set_input_files("input[name=scan]", str(scan))
    page.fill("input[name=diagnosis]", "J06.9")
    page.fill("input[name=start]", "2026-11-02")
    page.fill("input[name=end]", "2026-11-06")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    hired = Employee.objects.get(person__last_name="Абилова")
    assert sorted(Absence.objects.filter(employee=hired).values_list("kind", flat=True)) == [
        "leave",
        "sick_leave",
    ]

    # a planned course confirmed
    page.goto(f"{base}/staff/courses/")
    page.click("[data-testid=confirm-course]")
    page.fill("input[name=certificate_number]", "12")
    page.fill("input[name=certificate_date]", "2026-05-02")
    page.select_option("select[name=category]", "moderator")
    page.fill("input[name=attestation_date]", "2026-05-20")
    page.select_option("select[name=conclusion]", "attested")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Методика преподавания истории" in page.locator("[data-testid=list-table]").inner_text()
    course.refresh_from_db()
    assert course.status == "completed"

    # dismissal of the history teacher
    page.goto(f"{base}/staff/{leaving.pk}/")
    page.click("[data-testid=operations]")
    page.click("[data-testid=op-dismiss]")
    page.fill("input[name=date]", "2026-12-30")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=status-dismissed]").is_visible()
    assert Course.objects.filter(pk=course.pk, status="completed").exists()

    # the dismissed teacher cannot log in any more
    page.context.clear_cookies()
    log_in(page, "teacher")
    assert "/accounts/login/" in page.url
    assert page.locator("main .alert-danger").is_visible()


def test_a_teacher_reads_her_own_file_on_a_360_px_phone_without_sideways_scrolling(phone_page, cast):
    """covers STF-3"""
    from staff.models import Education
    from staff.views.employees import TABS

    own = file_of(cast.teacher, cast.school_a, position="Учитель казахского языка и литературы")
    Education.objects.create(
        employee=own, level="higher", institution="Казахский национальный университет имени аль-Фараби"
    )
    CourseFactory(employee=own, name="Обновленное содержание образования: казахский язык")
    page = phone_page
    log_in(page, "teacher")
    page.goto(f"{page.base_url}/staff/me/")
    assert "/staff/me/" not in page.url
    for tab, _label in TABS:
        page.goto(f"{page.base_url}/staff/{own.pk}/?tab={tab}")
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], (tab, width)
        # the open tab is in view on the one-line tab strip
        box = page.locator("[data-testid=file-tabs] .nav-link.active").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width[1] + 1, tab
        assert page.locator("[data-testid=operations]").count() == 0
