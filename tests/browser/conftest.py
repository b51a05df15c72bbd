"""Browser tests: Playwright for Python driving the system Chromium against the live test server.

Every page a test opens is watched: a console error, an uncaught page error, a CSP violation or an
accessibility violation fails the test (`page` and `phone_page` fixtures). The accessibility check
is axe-core (vendored from the npm registry as tests/browser/axe.min.js, MPL-2.0, see
axe-core.LICENSE), run with the WCAG 2 A and AA rules on every page once it has loaded; its
findings come back through a binding, so a page the test leaves quickly is still reported."""

import json
from pathlib import Path

import pytest

AXE_SOURCE = (Path(__file__).with_name("axe.min.js")).read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUNNER = """
(() => {
  if (window.top !== window || !/^https?:$/.test(location.protocol)) { return; }
  const run = () => {
    if (!window.axe || !window.__axeReport) { return; }
    window.axe.run(document, {runOnly: {type: "tag", values: __TAGS__}, resultTypes: ["violations"]})
      .then((r) => window.__axeReport(location.pathname + location.search, r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " " + (n.failureSummary || "").split("\\n").slice(1, 2).join(""))
      })), true))
      .catch((e) => window.__axeReport(location.pathname, [], false));
  };
  if (document.readyState === "complete") { setTimeout(run, 0); }
  else { window.addEventListener("load", () => setTimeout(run, 0)); }
})();
""".replace("__TAGS__", json.dumps(AXE_TAGS))


def watch_accessibility(context, problems, checked):
    """Runs axe-core on every page of the context; each violation becomes a problem of the test."""

    def report(source, url, violations, ok):
        checked.append(url)
        for v in violations:
            problems.append(f"axe {v['id']} ({v['impact']}) on {url}: {v['help']}; " + " | ".join(v["nodes"]))

    context.expose_binding("__axeReport", report)
    context.add_init_script(AXE_SOURCE)
    context.add_init_script(AXE_RUNNER)


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    problems, checked = [], []
    watch_accessibility(context, problems, checked)
    page = context.new_page()

    def on_console(msg):
        if msg.type == "error":
            problems.append(f"console error: {msg.text}")
        elif "Content Security Policy" in msg.text or "Content-Security-Policy" in msg.text:
            problems.append(f"CSP: {msg.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    page.problems = problems
    page.axe_checked = checked
    yield page
    _settle(page)
    context.close()
    assert not problems, "the browser reported problems:\n" + "\n".join(problems)


@pytest.fixture
def phone_page(browser, live_server, transactional_db):
    """A 360 px wide page, as a teacher's phone."""
    context = browser.new_context(locale="ru-RU", viewport={"width": 360, "height": 740}, is_mobile=True)
    problems, checked = [], []
    watch_accessibility(context, problems, checked)
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.base_url = live_server.url
    page.axe_checked = checked
    yield page
    _settle(page)
    context.close()
    assert not problems, "\n".join(problems)


def _settle(page):
    """Gives the last page's accessibility check the moment it needs before the context closes."""
    try:
        page.wait_for_timeout(400)
    except Exception:  # noqa: BLE001 - a page already closed has nothing left to report
        pass


def log_in(page, username, password="pass-Word-123"):
    """Logs in through the login form, as a person would."""
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
