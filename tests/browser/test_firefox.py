"""KG-5 in Firefox: the department's public pages, a login and a message, driven in Debian's firefox-esr.

Playwright drives only its own patched Firefox builds (not to be had here); with firefox-esr it starts the
browser over WebDriver BiDi (channel "moz-firefox") but cannot open a context, since the ESR lacks
`emulation.setMediaFeaturesOverride`, which Playwright sends unconditionally. Selenium would need
geckodriver, which neither Debian nor PyPI ships for Linux. So Firefox is driven through Marionette, the
remote protocol built into Firefox, with Mozilla's own client (marionette-driver from PyPI): it starts
firefox-esr headless with a fresh profile on a free port, and the tests navigate, read, type and click as
a person would. Every page opened is checked with axe-core, as in Chromium."""

import shutil

import pytest
from marionette_driver.by import By
from marionette_driver.errors import NoSuchElementException, StaleElementException
from marionette_driver.marionette import Marionette
from marionette_driver.wait import Wait

from tests.browser.conftest import AXE_SOURCE, AXE_TAGS
from tests.community.conftest import build_community
from tests.district.conftest import dep as _dep

pytestmark = pytest.mark.browser

FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox")
dep = _dep
PORTAL_BLUE = "rgb(11, 61, 120)"  # .navbar-portal of static/css/portal.css: the stylesheet was applied

# axe-core runs in a Marionette sandbox of the page (the portal's CSP forbids eval in the page itself):
# it reads the same DOM and computed styles through Firefox's wrappers.
AXE_RUN = (
    AXE_SOURCE
    + """
;const [tags, done] = arguments;
window.axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then((r) => done(r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}; ` +
    v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "))))
  .catch((e) => done([`axe failed: ${e}`]));
"""
)


@pytest.fixture(scope="session")
def firefox(tmp_path_factory):
    """One headless firefox-esr for the session, through Marionette on a free port with a fresh profile;
    in Russian like the Chromium tests. Firefox's own log goes to a temporary file."""
    if FIREFOX is None:
        pytest.fail("Firefox is not installed: apt-get install firefox-esr (.ci/run does this)")
    client = Marionette(
        bin=FIREFOX,
        port=0,
        headless=True,
        startup_timeout=180,
        prefs={"intl.accept_languages": "ru-RU, ru"},
        gecko_log=str(tmp_path_factory.mktemp("firefox") / "gecko.log"),
    )
    client.start_session()
    client.timeout.page_load = 60
    client.timeout.implicit = 5
    client.timeout.script = 30
    client.set_window_rect(width=1280, height=900)
    yield client
    client.cleanup()


class Firefox:
    """The Firefox of one test: it opens pages (each checked with axe-core) and forgets the cookies of the
    previous test."""

    def __init__(self, client, base_url):
        self.client = client
        self.base_url = base_url
        self.problems = []

    def open(self, path):
        self.client.navigate(f"{self.base_url}{path}")
        self.check()

    def check(self):
        violations = self.client.execute_async_script(
            AXE_RUN, script_args=[AXE_TAGS], sandbox="axe", new_sandbox=True, script_timeout=60_000
        )
        path = self.client.execute_script("return location.pathname", sandbox=None)
        self.problems.extend(f"axe {v} on {path}" for v in violations)

    def css(self, selector):
        return self.client.find_element(By.CSS_SELECTOR, selector)

    def all(self, selector):
        return self.client.find_elements(By.CSS_SELECTOR, selector)

    def text(self, selector="main"):
        return self.css(selector).text

    def submit(self, selector="main form button[type=submit]"):
        """Clicks a form's button and waits for the page that answers the form."""
        button = self.css(selector)
        button.click()
        Wait(self.client, timeout=30).until(lambda c: self._stale(button))
        self.check()

    def _stale(self, element):
        try:
            element.tag_name  # noqa: B018 - touching the element tells whether its page is gone
        except (StaleElementException, NoSuchElementException):
            return self.client.execute_script("return document.readyState", sandbox=None) == "complete"
        return False

    def log_in(self, username, password="pass-Word-123"):
        self.open("/accounts/login/")
        self.css("input[name=username]").send_keys(username)
        self.css("input[name=password]").send_keys(password)
        self.submit()


@pytest.fixture
def ff(firefox, live_server, transactional_db):
    browser = Firefox(firefox, live_server.url)
    yield browser
    firefox.delete_all_cookies()  # the next test starts as a visitor
    assert not browser.problems, "Firefox reported problems:\n" + "\n".join(browser.problems)


def test_firefox_reads_the_department_page_and_its_documents_without_logging_in(ff, cast, dep):
    """covers KG-5 DEP-1 DEP-4"""
    base = f"/district/{cast.district.pk}"
    ff.open(f"{base}/")
    assert "Отдел образования района" in ff.text() and "Начало учебного года" in ff.text()
    navbar = ff.css("nav.navbar")
    assert (
        ff.client.execute_script(
            "return getComputedStyle(arguments[0]).backgroundColor", script_args=[navbar], sandbox=None
        )
        == PORTAL_BLUE
    ), "the portal's stylesheet is not applied"
    link = next(a for a in ff.all("a.nav-link") if a.text.strip() == "Документы")
    link.click()
    ff.check()
    assert ff.client.get_url().endswith(f"{base}/documents/")
    document = ff.css("[data-testid=document] a")
    assert "Приказ о начале года" in document.text
    # the file, fetched by Firefox itself with the visitor's (absent) session
    head, disposition = ff.client.execute_async_script(
        """const [href, done] = arguments;
        fetch(href).then(async (r) => done([
          String.fromCharCode(...new Uint8Array(await r.arrayBuffer()).slice(0, 4)),
          r.headers.get("content-disposition")]));""",
        script_args=[document.get_property("href")],
        sandbox=None,
    )
    assert head == "%PDF" and "prikaz.pdf" in disposition


@pytest.mark.parametrize(
    "path, text", [("forum/", "Подготовка к ЕНТ"), ("feedback/", "Как записаться в 1 класс?")]
)
def test_firefox_reads_the_departments_forum_and_feedback_without_logging_in(ff, cast, dep, path, text):
    """covers KG-5 DEP-5 DEP-6"""
    ff.open(f"/district/{cast.district.pk}/{path}")
    assert text in ff.text()


def test_firefox_logs_a_parent_in_who_writes_to_the_class_teacher_and_gets_an_answer(ff, cast):
    """covers KG-5 KG-4"""
    build_community(cast)
    ff.log_in("parent")
    assert "/accounts/login/" not in ff.client.get_url()
    ff.open("/community/messages/new/")
    select = ff.css("select[name=recipient]")
    select.find_element(By.CSS_SELECTOR, f"option[value='{cast.class_teacher.pk}']").click()
    ff.css("input[name=subject]").send_keys("Экскурсия")
    ff.css("textarea[name=body]").send_keys("Можно ли <b>Әсел</b> пропустить экскурсию?")
    ff.submit()
    messages = [m.text for m in ff.all("[data-testid=message]")]
    assert any("Можно ли <b>Әсел</b> пропустить экскурсию?" in m for m in messages), messages
    assert ff.client.execute_script("return document.querySelectorAll('main b').length", sandbox=None) == 0
    conversation = ff.client.get_url().split("#")[0]
    ff.client.delete_all_cookies()
    ff.log_in("class_teacher")
    ff.client.navigate(conversation)
    ff.check()
    ff.css("textarea[name=body]").send_keys("Да, конечно.")
    ff.submit()
    ff.client.delete_all_cookies()
    ff.log_in("parent")
    ff.client.navigate(conversation)
    assert "Да, конечно." in ff.text()
