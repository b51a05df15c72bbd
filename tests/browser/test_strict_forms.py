"""The records clerk's day with blanks, in the browser (BLK-1..BLK-5)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import EmployeeFactory, StudentFactory
from tests.strict_forms.factories import ensure_national_kinds, kind

pytestmark = pytest.mark.browser


def test_the_clerk_registers_hands_out_issues_spoils_and_exports_and_the_registry_shows_every_state(
    page, cast
):
    """covers BLK-1 BLK-2 BLK-3 BLK-4 BLK-5"""
    ensure_national_kinds()
    attestat = kind("attestat_general")
    EmployeeFactory(school=cast.school_a, person__last_name="Жумабекова", person__first_name="Сауле")
    EmployeeFactory(school=cast.school_a, person__last_name="Ким", person__first_name="Виктор")
    graduate = StudentFactory(
        school=cast.school_a,
        parallel=11,
        status="graduated",
        person__last_name="Адынов",
        person__first_name="Адын",
    )
    base = page.base_url
    log_in(page, "records_clerk")

    # BLK-1: a range at once
    page.goto(f"{base}/strict-forms/")
    page.click("[data-testid=blank-receive]")
    page.select_option("select[name=kind]", str(attestat.pk))
    page.fill("input[name=numbers]", "025413-025420")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("tr[data-blank='025420']").count() == 1

    # BLK-1: the same number again is refused with the seed's message, beside the field
    page.goto(f"{base}/strict-forms/blanks/receive/")
    page.select_option("select[name=kind]", str(attestat.pk))
    page.fill("input[name=numbers]", "025416")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    with translation.override("ru"):
        seed_message = gettext("A blank with this number of this kind already exists.")
    assert seed_message in page.locator(".invalid-feedback").inner_text()

    # BLK-2: hand three blanks to an employee found by typing
    page.goto(f"{base}/strict-forms/blanks/hand-out/")
    with page.expect_response(lambda r: "/strict-forms/blanks/employees/" in r.url):
        page.fill("#recipient-search", "Жумаб")
    # the response arrives before htmx swaps it in, and the empty select also holds one option
    expect(page.locator("#id_recipient option")).to_contain_text(["Жумабекова"])
    page.select_option("select[name=kind]", str(attestat.pk))
    page.fill("input[name=numbers]", "025413-025415")
    page.fill("input[name=purpose]", "Заполнение аттестатов выпускникам")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("tr[data-blank='025414'][data-status='handed_out']").count() == 1

    # BLK-5: an attestat to the graduate on a handed-out blank
    page.goto(f"{base}/strict-forms/attestats/new/")
    page.fill("input[name=issued_on]", "2026-06-20")
    with page.expect_response(lambda r: "/strict-forms/blanks/students/" in r.url):
        page.fill("#student-search", "адын адынов")  # search as you type, words in any order
    expect(page.locator(f"#id_student option[value='{graduate.pk}']")).to_have_count(1)
    expect(page.locator("#id_student option")).to_have_count(1)
    page.select_option("select[name=student]", str(graduate.pk))
    page.select_option("select[name=kind]", str(attestat.pk))
    page.fill("input[name=number]", "025414")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "025414" in page.locator("[data-testid=record]").inner_text()

    # BLK-5: export the record to Excel, Word and PDF
    for fmt in ("xlsx", "docx", "pdf"):
        with page.expect_download() as download:
            page.click(f"main a[data-export={fmt}]")
        assert download.value.suggested_filename.endswith(f".{fmt}")

    # BLK-3: spoil one blank with a reason
    page.goto(f"{base}/strict-forms/blanks/write-off/")
    page.select_option("select[name=kind]", str(attestat.pk))
    page.fill("input[name=number]", "025413")
    page.select_option("select[name=status]", "spoiled")
    page.fill("textarea[name=reason]", "ошибка при заполнении")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "ошибка при заполнении" in page.locator("[data-testid=ledger]").inner_text()

    # BLK-4: the registry shows every blank's state
    page.goto(f"{base}/strict-forms/")
    states = {
        "025413": "spoiled",
        "025414": "issued",
        "025415": "handed_out",
        "025416": "new",
    }
    for number, status in states.items():
        assert page.locator(f"tr[data-blank='{number}'][data-status='{status}']").count() == 1, number
    page.fill("input[name=q]", "025415")
    expect(page.locator("tr[data-blank]")).to_have_count(1)
    assert page.locator("tr[data-blank='025415']").count() == 1
