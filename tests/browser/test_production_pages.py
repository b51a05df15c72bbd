"""Pages of long work (issue 15): the promotion says it runs while its one transaction runs."""

import datetime

import pytest

from tests.browser.conftest import log_in
from tests.contingent.conftest import build_world

pytestmark = pytest.mark.browser


def test_the_promotion_page_shows_that_it_runs_until_the_transfer_is_done(page, cast):
    """covers issue 15 and CON-10: one transaction, and a page that shows it is running."""
    build_world(cast)
    log_in(page, "secretary")
    page.goto(f"{page.base_url}/contingent/promotion/")
    note = page.locator("[data-testid=promotion-running]")
    assert note.is_hidden()
    page.fill("input[name=order_number]", "105")
    page.fill("input[name=order_date]", datetime.date.today().isoformat())
    if page.locator("textarea[name=content]").count():
        page.fill("textarea[name=content]", "Приказ № 105")

    # What the page shows once the form is sent, kept in sessionStorage across the navigation.
    page.evaluate(
        """() => document.addEventListener("submit", () => setTimeout(() => {
            const note = document.querySelector("[data-testid=promotion-running]");
            const button = document.querySelector("main form button[type=submit]");
            sessionStorage.setItem("seen", JSON.stringify({
                note: !note.classList.contains("d-none") && note.offsetParent !== null,
                button: button.disabled}));
        }, 0))"""
    )
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "2027-2028" in page.content(), page.url  # the transfer is done
    assert page.evaluate("() => JSON.parse(sessionStorage.getItem('seen'))") == {"note": True, "button": True}
