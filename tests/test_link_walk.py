"""Every page as every role, following every link and button: nothing answers 403 (ORG-3).

A link or a button appears only when its permission holds. Data-driven from tests/<app>/url_matrix.py:
each role opens every page the matrix lets it open, and every link (href) and form action on those
pages is followed once per URL pattern with a GET (a POST-only view still checks the permission
before it refuses the method: 405 means allowed, 403 means a button that should not be there)."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from tests.conftest import CAST_ROLES
from tests.test_permissions import MATRIX

SKIPPED_PREFIXES = ("/static/", "/media/", "/accounts/logout", "/language/", "/i18n/", "/admin/login")


class _Targets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        url = a.get("href") if tag == "a" else a.get("action") if tag == "form" else None
        url = url or a.get("hx-get")
        if url and url.startswith("/") and not url.startswith("//"):
            self.targets.append(urlsplit(url).path)


@pytest.fixture
def no_pdf_rendering(monkeypatch):
    """Following a PDF link checks who may open it; the rendering itself is tested elsewhere."""
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *a, **k: b"%PDF-1.7 walk")


@pytest.mark.parametrize("role", sorted(CAST_ROLES))
def test_every_link_a_role_is_shown_opens(role, cast, client, no_pdf_rendering):
    """covers ORG-3: teacher.a saw order links answering 403, deputy.a free-meal "decide" links"""
    client.force_login(getattr(cast, role))
    pages = [
        reverse(name, kwargs=case.kwargs(cast))
        for name, case in sorted(MATRIX.items())
        if case.method == "get" and case.status_for(role) == 200
    ]
    followed, broken = set(), []
    for page in pages:
        response = client.get(page)
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = _Targets()
        parser.feed(response.content.decode(errors="replace"))
        for target in parser.targets:
            if target.startswith(SKIPPED_PREFIXES):
                continue
            try:
                match = resolve(target)
            except Resolver404:
                broken.append(f"{page} -> {target}: no such URL")
                continue
            if match.view_name in followed:
                continue
            followed.add(match.view_name)
            status = client.get(target).status_code
            if status in (403, 404) or status >= 500:
                broken.append(f"{page} -> {target} ({match.view_name}): {status}")
    assert not broken, f"{role}:\n" + "\n".join(broken)
