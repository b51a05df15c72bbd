"""What every page shares, built once per process: the Content-Security-Policy header and the URLs of
static files (ORG-3). Each must give exactly what the library would give on every request."""

import json

from csp.constants import HEADER
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from config.storage import StaticFilesStorage
from core.middleware import ContentSecurityPolicyMiddleware


def _middleware():
    return ContentSecurityPolicyMiddleware(lambda request: HttpResponse("ok"))


def test_every_page_gets_the_settings_policy(cast, login):
    """covers ORG-3"""
    response = login(cast.director).get(reverse("core:home"))
    assert response[HEADER] == build_policy()
    assert "script-src 'self'" in response[HEADER]


def test_a_response_that_changes_its_policy_still_gets_its_own():
    """covers ORG-3: django-csp's per-response update is honoured, and the next response is plain again."""
    middleware = _middleware()
    request = RequestFactory().get("/")
    middleware.process_request(request)
    response = HttpResponse("map")
    response._csp_update = {"img-src": ["https://tiles.example.org"]}
    changed = middleware.process_response(request, response)[HEADER]
    assert "https://tiles.example.org" in changed
    request = RequestFactory().get("/")
    middleware.process_request(request)
    assert middleware.process_response(request, HttpResponse("plain"))[HEADER] == build_policy()


def test_an_exempt_response_gets_no_policy_and_a_set_header_is_kept():
    """covers ORG-3"""
    middleware = _middleware()
    request = RequestFactory().get("/")
    middleware.process_request(request)
    exempt = HttpResponse("x")
    exempt._csp_exempt = True
    assert HEADER not in middleware.process_response(request, exempt)
    own = HttpResponse("y")
    own[HEADER] = "default-src 'none'"
    assert middleware.process_response(request, own)[HEADER] == "default-src 'none'"


def test_static_urls_are_the_manifest_s_and_a_new_manifest_is_followed(tmp_path, settings):
    """covers ORG-3: the hashed name from the manifest; kept URLs are dropped when collectstatic runs."""
    settings.STATIC_URL = "/static/"
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "hash": "h", "paths": {"css/a.css": "css/a.111.css"}})
    )
    storage = StaticFilesStorage(location=str(tmp_path), base_url="/static/")
    assert storage.url("css/a.css") == "/static/css/a.111.css"
    storage.hashed_files = {"css/a.css": "css/a.222.css"}  # what a new collectstatic would leave
    assert storage.url("css/a.css") == "/static/css/a.111.css"  # kept while the process runs
    list(storage.post_process({}, dry_run=True))
    storage.hashed_files = {"css/a.css": "css/a.222.css"}  # what that collectstatic made
    assert storage.url("css/a.css") == "/static/css/a.222.css"
