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
    page.click("button[name=language][value=kk]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "kk"
    page.goto(f"{page.base_url}/staff/me/")
    page.wait_for_load_state("networkidle")
    assert "Учитель математики" in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380, f"the page is {width}px wide on a 360px phone"
