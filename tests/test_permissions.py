"""Every URL pattern x every role of the cast has an expected answer (DESIGN "Tests").

covers ORG-3: login everywhere except the public allow-list; another school's object is a 404;
a role without the right gets a 403; every view declares the permission it needs.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.conftest import ROLE_NAMES

IGNORED_NAMESPACES = {"djdt"}


def _walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            if p.namespace in IGNORED_NAMESPACES:
                continue
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p.callback


ALL_URLS = dict(_walk(get_resolver().url_patterns))


def _matrix():
    cases = {}
    for module in pkgutil.iter_modules(tests.__path__):
        if not module.ispkg:
            continue
        try:
            mod = importlib.import_module(f"tests.{module.name}.url_matrix")
        except ModuleNotFoundError:
            continue
        cases.update(mod.URL_CASES)
    return cases


MATRIX = _matrix()


def test_every_url_pattern_has_an_entry_in_the_matrix():
    """covers ORG-3"""
    missing = sorted(set(ALL_URLS) - set(MATRIX))
    assert not missing, f"URL patterns with no entry in a tests/<app>/url_matrix.py: {missing}"
    stale = sorted(set(MATRIX) - set(ALL_URLS))
    assert not stale, f"matrix entries for URLs that no longer exist: {stale}"


def test_every_view_declares_the_permission_it_needs():
    """covers ORG-3"""
    undeclared = []
    for name, callback in ALL_URLS.items():
        view_class = getattr(callback, "view_class", None)
        declared = (
            getattr(view_class, "permission_required", None)
            if view_class
            else getattr(callback, "permission_required", None)
        )
        if not declared:
            undeclared.append(name)
    assert not undeclared, f"views without permission_required: {undeclared}"


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_each_role_gets_the_expected_answer(url_name, cast, client):
    """covers ORG-3"""
    case = MATRIX[url_name]
    wrong = []
    for role in ROLE_NAMES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(cast, role))
        url = reverse(url_name, kwargs=case.kwargs(cast)) + (f"?{case.query}" if case.query else "")
        if case.method == "post":
            response = client.post(url, case.data(cast) if case.data else {})
        else:
            response = client.get(url)
        expected = case.status_for(role)
        if response.status_code != expected:
            wrong.append(f"{role}: got {response.status_code}, expected {expected}")
        if role == "anonymous" and expected == 302 and case.anonymous_to_login:
            assert response["Location"].startswith(reverse("login")), (
                f"{url_name}: anonymous not sent to login"
            )
    assert not wrong, f"{url_name}: " + "; ".join(wrong)
