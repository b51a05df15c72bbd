"""Every page of the menu fits a 360 px phone: nothing pushes the page sideways (a wide table scrolls in
its own box)."""

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", ["director", "district_official", "parent"])
def test_every_page_of_the_menu_fits_a_phone(phone_page, cast, role):
    """covers ORG-3 ORG-6"""
    page = phone_page
    log_in(page, role)
    links = page.evaluate(
        "[...new Set([...document.querySelectorAll('#mainnav a.dropdown-item')].map(a => a.getAttribute('href')))]"
    )
    assert links, "the menu lists no page"
    too_wide = []
    for link in ["/", *links]:
        response = page.goto(page.base_url + link)
        assert response.status == 200, f"{link} answers {response.status}"
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide.append(f"{link}: {width}px")
    assert not too_wide, "pages wider than the phone: " + ", ".join(too_wide)
