"""The foundation as a person uses it: log in, switch to Kazakh and back, edit the school card, see its history."""

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_director_logs_in_switches_language_edits_the_school_card_and_reads_its_history(page, cast):
    """covers ORG-1 ORG-6 ORG-7"""
    log_in(page, "director")
    assert page.locator("nav.navbar").is_visible()

    page.click("button[name=language][value=kk]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "kk"
    page.click("button[name=language][value=ru]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "ru"

    page.goto(f"{page.base_url}/schools/{cast.school_a.pk}/edit/")
    page.fill("input[name=phone]", "+7 727 300 40 50")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "+7 727 300 40 50" in page.content()

    page.goto(f"{page.base_url}/schools/{cast.school_a.pk}/history/")
    history = page.locator("[data-testid=history]")
    assert "+7 727 300 40 50" in history.inner_text()
    assert "director" in history.inner_text() or str(cast.director) in history.inner_text()


def test_a_teacher_on_a_phone_works_in_kazakh_and_opens_her_own_file(phone_page, cast):
    """covers ORG-6 STF-3: 360 px wide, the menu folds, the teacher reads her file in Kazakh."""
    from tests.staff.conftest import file_of

    file_of(cast.teacher, cast.school_a, position="Учитель математики")
    page = phone_page
    log_in(page, "teacher")
    page.click(".navbar-toggler")
    # Bootstrap marks the menu "show" once it has unfolded: a click during the fold can miss the button
    page.wait_for_selector(".navbar-collapse.show")
    with page.expect_navigation():  # the switch posts and reloads: wait for the new page, not the old one
        page.click("button[name=language][value=kk]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "kk"
    page.goto(f"{page.base_url}/staff/me/")
    page.wait_for_load_state("networkidle")
    assert "Учитель математики" in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380, f"the page is {width}px wide on a 360px phone"


def test_at_1280_px_the_navbar_stays_one_line_with_a_long_school_name(page, cast):
    """covers ORG-1 ORG-6: the school's name gives way, the languages and the user menu stay."""
    cast.school_a.name_ru = (
        "Коммунальное государственное учреждение «Средняя общеобразовательная школа-гимназия №8 имени Абая»"
    )
    cast.school_a.save()
    log_in(page, "director")
    for language in ("kk", "ru", "ky", "en"):
        page.click(f"button[name=language][value={language}]")
        page.wait_for_load_state("networkidle")
        height = page.evaluate("document.querySelector('nav.navbar').getBoundingClientRect().height")
        assert height <= 64, f"the navbar is {height}px high in {language}"
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        assert page.locator("[data-testid=user-menu]").is_visible()
    page.click("button[name=language][value=ru]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=current-school]").get_attribute("title") == cast.school_a.name_ru


def test_the_export_takes_the_filters_typed_without_reloading(page, cast):
    """covers ORG-1: search as you type, then XLSX, exports what the table shows."""
    from io import BytesIO

    from openpyxl import load_workbook

    log_in(page, "district_official")
    page.goto(f"{page.base_url}/schools/")
    page.fill("input[name=q]", cast.school_b.name_ru)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("document.querySelectorAll('[data-testid=list-table] tbody tr').length === 1")
    with page.expect_download() as download:
        page.click("a[data-list-export=xlsx]")
    with open(download.value.path(), "rb") as f:
        rows = list(load_workbook(BytesIO(f.read())).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [cast.school_b.name_ru]


def test_on_a_phone_the_login_page_offers_the_languages_without_opening_a_menu(phone_page, cast):
    """covers ORG-6"""
    page = phone_page
    page.goto(f"{page.base_url}/accounts/login/")
    page.click("button[name=language][value=kk]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.evaluate("document.documentElement.scrollWidth") <= 380
