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

    # Hold the POST a moment, as a large school's promotion takes, and look at the page meanwhile.
    seen = {}

    def slow(route):
        seen["note"] = note.is_visible()
        seen["button"] = page.locator("main form button[type=submit]").is_disabled()
        route.continue_()

    page.route(
        "**/contingent/promotion/",
        lambda route: slow(route) if route.request.method == "POST" else route.continue_(),
    )
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("main form button[type=submit]")
    page.wait_for_selector("[data-testid=promotion-done]")
    assert seen == {"note": True, "button": True}
