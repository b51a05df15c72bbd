"""A parent applies on a 360 px phone in Kazakh and checks the status; the secretary confirms and the
child is in a first-grade class with an order; another school receives a transfer request, and the
student moves with his history (ADM-1, ADM-3, ADM-4, ADM-6)."""

import datetime

import pytest

from admissions.models import Application, Transfer
from contingent.models import Student
from tests.admissions.conftest import build_adm, kid_iin, parent_iin
from tests.browser.conftest import log_in
from tests.contingent.conftest import build_world
from tests.contingent.factories import make_class

pytestmark = pytest.mark.browser

TODAY = datetime.date.today().isoformat()
SCAN = {"name": "065.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%scan\n"}


def test_a_parent_applies_on_a_phone_in_kazakh_and_the_secretary_enrols_the_child(phone_page, page, cast):
    """covers ADM-1 ADM-2 ADM-3 ADM-4"""
    adm = build_adm(cast)
    phone = phone_page
    phone.goto(f"{phone.base_url}/admissions/search/")
    phone.click("button[lang=kk]")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("html").get_attribute("lang") == "kk"
    phone.select_option("select[name=street]", str(adm.abaya.pk))
    phone.fill("input[name=house]", "12")
    phone.click("main form button[type=submit]")
    phone.wait_for_load_state("networkidle")
    phone.click("[data-testid=search-result] a.btn-success")
    phone.wait_for_load_state("networkidle")
    iin = kid_iin(datetime.date(2020, 4, 2), "f")
    phone.fill("input[name=child_iin]", iin)
    phone.fill("input[name=child_last_name]", "Сәрсенбай")
    phone.fill("input[name=child_first_name]", "Аружан")
    phone.fill("input[name=parent_iin]", parent_iin())
    phone.fill("input[name=parent_last_name]", "Сәрсенбай")
    phone.fill("input[name=parent_first_name]", "Гүлнар")
    phone.fill("input[name=phone]", "+7 701 555 44 33")
    phone.fill("input[name=email]", "gulnar@example.kz")
    phone.check("input[name=consent]")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the form scrolls sideways on a phone ({width} px)"
    form_title = phone.locator("#public-title").inner_text()
    # The form is multipart only while a scan is chosen: a form without one is sent urlencoded.
    form = phone.locator("main form.form-card")
    scan = "main form.form-card input[type=file] >> nth=0"
    phone.set_input_files(scan, files=[SCAN])
    assert form.get_attribute("enctype") == "multipart/form-data"
    phone.set_input_files(scan, files=[])
    assert form.get_attribute("enctype") is None
    with phone.expect_request(lambda r: r.method == "POST" and "/admissions/apply/" in r.url) as sent:
        phone.click("main form.form-card button[type=submit]")
    assert sent.value.headers["content-type"].startswith("application/x-www-form-urlencoded")
    phone.wait_for_selector("[data-testid=application-number]")
    number = phone.locator("[data-testid=application-number]").inner_text().strip()
    # Sent by htmx: the receipt replaced the form and the title in the page (no new page was loaded).
    assert "school=" in phone.url and phone.locator("form.form-card").count() == 0
    assert (
        phone.locator("#public-title").count() == 1
        and phone.locator("#public-title").inner_text() != form_title
    )
    application = Application.objects.get(number=number)
    assert application.child_birth_date == datetime.date(2020, 4, 2) and application.language == "kk"

    phone.goto(f"{phone.base_url}/admissions/status/")
    phone.fill("input[name=number]", number)
    phone.fill("input[name=child_iin]", iin)
    phone.click("main form button[type=submit]")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("[data-testid=status-history] li").count() == 1

    log_in(page, "secretary")
    page.goto(f"{page.base_url}/admissions/applications/")
    page.click(f"text={number}")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=to_class]", str(adm.class_1a.pk))
    page.fill("input[name=order_number]", "45-Қ")
    page.fill("input[name=order_date]", TODAY)
    page.click("form[action$='/confirm/'] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=student-link]").count() == 1
    student = Student.objects.get(person__iin=iin)
    assert student.school_class == adm.class_1a and student.movements.get().order.number == "45-Қ"

    phone.goto(f"{phone.base_url}/admissions/status/")
    phone.fill("input[name=number]", number)
    phone.fill("input[name=child_iin]", iin)
    phone.click("main form button[type=submit]")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("[data-testid=status-history] li").count() == 2


def test_another_school_receives_a_transfer_and_the_student_moves_with_his_history(page, cast):
    """covers ADM-6"""
    world = build_world(cast)
    target = make_class(cast.school_b, 5, "Б", year=cast.year_b)
    base = page.base_url
    log_in(page, "parent")
    page.goto(f"{base}/admissions/transfers/my/")
    page.click(f"a[href='/admissions/transfers/new/{world.child.pk}/']")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=to_school]", str(cast.school_b.pk))
    page.fill("input[name=reason]", "Переезд")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    transfer = Transfer.objects.get()

    page.context.clear_cookies()
    log_in(page, "director_b")
    page.goto(f"{base}/admissions/transfers/{transfer.pk}/")
    page.click(f"a[href='/admissions/transfers/{transfer.pk}/accept/']")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=to_class]", str(target.pk))
    page.fill("input[name=order_number]", "B-12")
    page.fill("input[name=order_date]", TODAY)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")

    page.context.clear_cookies()
    log_in(page, "secretary")
    page.goto(f"{base}/admissions/transfers/{transfer.pk}/")
    page.click(f"a[href='/admissions/transfers/{transfer.pk}/release/']")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=order_number]", "A-34")
    page.fill("input[name=order_date]", TODAY)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    transfer.refresh_from_db()
    assert transfer.status == "completed"
    assert transfer.new_student.school == cast.school_b and transfer.new_student.school_class == target
    assert page.locator("[data-testid=transfer-history] tbody tr").count() >= 3


def fill_with_a_scan(phone, iin, child, parent, number):
    """The application form filled in, a scan chosen and the consent given."""
    phone.fill("input[name=child_iin]", iin)
    phone.fill("input[name=child_last_name]", child[0])
    phone.fill("input[name=child_first_name]", child[1])
    phone.fill("input[name=parent_iin]", parent_iin())
    phone.fill("input[name=parent_last_name]", parent[0])
    phone.fill("input[name=parent_first_name]", parent[1])
    phone.fill("input[name=phone]", number)
    phone.set_input_files("main form.form-card input[type=file] >> nth=0", files=[SCAN])
    phone.check("input[name=consent]")


def test_a_parent_without_javascript_applies_and_gets_the_receipt_page(browser, live_server, cast):
    """covers ADM-1 (without JavaScript the browser sends the form itself and gets the whole page)"""
    adm = build_adm(cast)
    context = browser.new_context(
        locale="ru-RU", viewport={"width": 360, "height": 740}, java_script_enabled=False
    )
    try:
        phone = context.new_page()
        phone.goto(
            f"{live_server.url}/admissions/apply/?school={cast.school_a.pk}&street={adm.abaya.pk}&house=14"
        )
        iin = kid_iin(datetime.date(2020, 5, 6), "m")
        fill_with_a_scan(phone, iin, ("Серіков", "Алихан"), ("Серікова", "Айгерім"), "+7 701 555 44 34")
        phone.click("main form.form-card button[type=submit]")
        phone.wait_for_load_state("load")
        number = phone.locator("[data-testid=application-number]").inner_text().strip()
        assert phone.url.endswith("/admissions/apply/") and phone.locator("nav.navbar").count() == 1
        application = Application.objects.get(number=number)
        # the form stays multipart without JavaScript: the scan arrived
        assert application.child_iin == iin and application.documents.count() == 1
    finally:
        context.close()


def test_a_scan_chosen_goes_with_the_form_sent_by_htmx(phone_page, cast):
    """covers ADM-1 (the form sent by htmx is multipart while a scan is chosen, and the scan is stored)"""
    adm = build_adm(cast)
    phone = phone_page
    phone.goto(f"{phone.base_url}/admissions/apply/?school={cast.school_a.pk}&street={adm.abaya.pk}&house=16")
    iin = kid_iin(datetime.date(2020, 8, 9), "f")
    fill_with_a_scan(phone, iin, ("Ахметова", "Дана"), ("Ахметова", "Сауле"), "+7 701 555 44 35")
    with phone.expect_request(lambda r: r.method == "POST" and "/admissions/apply/" in r.url) as sent:
        phone.click("main form.form-card button[type=submit]")
    assert sent.value.headers["content-type"].startswith("multipart/form-data")
    phone.wait_for_selector("[data-testid=application-number]")
    number = phone.locator("[data-testid=application-number]").inner_text().strip()
    assert Application.objects.get(number=number).documents.count() == 1
