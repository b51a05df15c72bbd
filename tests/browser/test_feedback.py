"""Issue 9 in the browser: full-name search on students and staff, enrolment from the "Without a class"
row, hiring a cleaner without a login, and the home pages of the secretary and of the HR officer; each
page checked by axe-core (conftest)."""

import datetime

import pytest
from playwright.sync_api import expect

from contingent.models import Student
from staff.models import Employee
from tests.browser.conftest import log_in
from tests.contingent.conftest import build_world
from tests.contingent.factories import PDF
from tests.factories import EmployeeFactory, PersonFactory, make_iin

pytestmark = pytest.mark.browser

TODAY = datetime.date.today().isoformat()


def _search(page, text):
    with page.expect_response(lambda r: "q=" in r.url):
        page.fill("input[name=q]", text)
    page.wait_for_load_state("networkidle")
    return page.locator("[data-testid=list-table] tbody").inner_text()


def test_the_secretary_finds_by_full_name_and_enrols_from_the_without_a_class_row(page, cast, tmp_path):
    """covers CON-2 CON-11"""
    world = build_world(cast)
    world.waiting.person.last_name, world.waiting.person.first_name = "Іляс", "Әйгерім"
    world.waiting.person.save()
    scan = tmp_path / "order.pdf"
    scan.write_bytes(PDF)
    log_in(page, "secretary")
    base = page.base_url

    assert page.locator("[data-testid=todo-without-class]").count() == 1  # the home page's to-do
    page.click("[data-testid=todo-without-class]")
    page.wait_for_load_state("networkidle")
    assert "Іляс" in _search(page, "Айгерим Иляс")  # any order, typed with Russian letters

    page.click("[data-testid=enrol]")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=to_class]", str(world.class_b.pk))
    page.fill("input[name=order_number]", "301")
    page.fill("input[name=order_date]", TODAY)
    page.fill("textarea[name=content]", "О зачислении")
    page.set_input_files("input[name=scan]", str(scan))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert Student.objects.get(pk=world.waiting.pk).school_class == world.class_b
    assert page.url.startswith(f"{base}/contingent/")
    assert len(page.axe_checked) >= 4


def test_the_hr_officer_finds_staff_by_full_name_and_hires_a_cleaner_without_a_login(page, cast):
    """covers STF-1 STF-2"""
    EmployeeFactory(
        school=cast.school_a,
        person=PersonFactory(last_name="Тестова", first_name="Айжан", patronymic="Маратовна"),
    )
    log_in(page, "hr_officer")
    base = page.base_url
    assert page.locator("[data-testid=todos]").count() == 1  # the HR officer's home page

    page.goto(f"{base}/staff/")
    assert "Тестова" in _search(page, "Айжан Тестова")

    page.goto(f"{base}/staff/hire/")
    form = page.locator("main form")
    form.locator("[name=iin]").fill(make_iin(datetime.date(1975, 4, 12), "f", 4242))
    form.locator("[name=iin]").dispatch_event("input")
    assert form.locator("[name=birth_date]").input_value() == "1975-04-12"  # read from the IIN
    assert form.locator("select[name=sex]").input_value() == "f"
    for name, value in {
        "last_name": "Бекова",
        "first_name": "Сауле",
        "address": "ул. Абая, 1",
        "contract_number": "ТД-77",
        "contract_date": TODAY,
        "hired_on": TODAY,
        "consent_given_on": TODAY,
    }.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("select[name=position]").select_option("Уборщик служебных помещений")
    form.locator("select[name=staff_group]").select_option("support")
    form.locator("[name=create_login]").uncheck()
    for box in form.locator("[name=roles]").all():
        box.uncheck()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=no-login]").count() == 1
    employee = Employee.objects.get(person__last_name="Бекова")
    assert not hasattr(employee.person, "user") or employee.person.user is None


def test_on_a_phone_the_first_student_is_on_the_first_screen(phone_page, cast):
    """covers CON-11"""
    build_world(cast)
    page = phone_page
    log_in(page, "secretary")
    page.goto(f"{page.base_url}/contingent/students/")
    first_row = page.locator("[data-testid=list-table] tbody tr").first
    assert first_row.bounding_box()["y"] < 740
    page.click("[data-testid=more-filters]")
    expect(page.locator("select[name=parallel]")).to_be_visible()


def test_on_a_phone_the_blank_actions_stay_in_view(phone_page, cast):
    """covers BLK-4"""
    from tests.strict_forms.factories import BlankFactory, ensure_national_kinds

    ensure_national_kinds()
    BlankFactory(school=cast.school_a, number="777001")
    page = phone_page
    log_in(page, "records_clerk")
    page.goto(f"{page.base_url}/strict-forms/")
    button = page.locator("tr[data-blank='777001'] .row-actions button").first
    box = button.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 360
