"""Hostile GET parameters on every URL of the permission matrix: never a server error (ORG-8).

Data-driven from tests/<app>/url_matrix.py: a new app's URLs are swept as soon as they are in its matrix.
Each page is opened once as a role that may see it; its GET parameters are read from its GET forms and
its own links, plus the common ones; then one request per hostile value sets every parameter at once,
and one more asks for the xlsx export with hostile filters. A page that reads no parameter of its own
gets two requests only, which keeps the sweep fast."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from django.urls import reverse

from tests.conftest import ROLE_NAMES
from tests.test_permissions import MATRIX

HOSTILE = [
    "' OR 1=1; DROP TABLE core_person; -- 𝕏\u202e\ufeff\u0301",
    "a\x00b",
    "я" * 100_000,
    "-1",
    "99999999999999999999",
    "0001-01-01",
    "9999-12-31",
]
SHORT_ROUND = [HOSTILE[0] + HOSTILE[1], HOSTILE[4]]
COMMON = {"q", "page", "year", "sort", "date", "on", "start", "end", "status", "kind", "school_class"}
ROLE_ORDER = ["director", *[r for r in ROLE_NAMES if r != "director"]]


class _GetParameters(HTMLParser):
    """Names of the fields of the page's GET forms, and the query keys of its links."""

    def __init__(self):
        super().__init__()
        self.names, self._in_get_form = set(), False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_get_form = (a.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self._in_get_form and a.get("name"):
            if a.get("type") not in ("submit", "button", "file") and a["name"] != "csrfmiddlewaretoken":
                self.names.add(a["name"])
        elif tag == "a" and a.get("href") and "?" in a["href"]:
            self.names.update(k for k, _v in parse_qsl(urlsplit(a["href"]).query, keep_blank_values=True))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


def _viewer(case):
    for role in ROLE_ORDER:
        if case.status_for(role) == 200:
            return role
    return None


def test_no_url_answers_a_hostile_get_parameter_with_a_server_error(cast, client):
    """covers ORG-8 ORG-3: SQL, NUL, 100k characters, odd unicode, huge and negative numbers, extreme dates"""
    client.raise_request_exception = False
    failures = []
    for name, case in sorted(MATRIX.items()):
        role = _viewer(case) if case.method == "get" else None
        if role is None:
            continue
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(cast, role))
        path = reverse(name, kwargs=case.kwargs(cast))
        fixed = dict(parse_qsl(case.query))
        first = client.get(path, fixed)
        if first.status_code >= 500:
            failures.append(f"{name}: {first.status_code} without hostile values")
            continue
        parser = _GetParameters()
        html = b"" if first.streaming else first.content
        if first.get("Content-Type", "").startswith("text/html"):
            parser.feed(html.decode(errors="replace"))
        names = (parser.names | COMMON) - {"export", "csrfmiddlewaretoken", "next"}
        # a page that reads no parameter of its own (a form, a detail, a file) gets the short round
        values = HOSTILE if parser.names - {"export"} else SHORT_ROUND
        for value in values:
            response = client.get(path, {**fixed, **dict.fromkeys(names, value)})
            if response.status_code >= 500:
                failures.append(f"{name} {sorted(names)}={value[:30]!r}: {response.status_code}")
        if re.search(rb"export=xlsx", html):
            response = client.get(path, {**dict.fromkeys(names, HOSTILE[0]), "export": "xlsx"})
            if response.status_code >= 500:
                failures.append(f"{name} export=xlsx: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_sweep_reaches_the_urls_named_in_the_issue():
    """covers ORG-8: the listed server errors are inside the sweep"""
    swept = {name for name, case in MATRIX.items() if case.method == "get" and _viewer(case)}
    assert {
        "strict_forms:assignment_list",
        "strict_forms:employee_search",
        "contingent:class_create",
    } <= swept
