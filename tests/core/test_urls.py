"""The URL configuration's order: the apps' includes come before the core's, which has no prefix
(config/urls.py); every page must still be reached by its own pattern, none shadowed by another."""

import re
import uuid

from django.urls import URLPattern, get_resolver, resolve

SAMPLES = {"int": "7", "str": "x", "slug": "x", "uuid": str(uuid.UUID(int=7)), "path": "x/y"}


def _patterns(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLPattern):
            yield route, pattern
        else:
            yield from _patterns(pattern.url_patterns, route)


def test_every_page_is_reached_by_its_own_pattern():
    """Each pattern's path, its parameters filled in, resolves to that pattern's view."""
    checked = 0
    for route, pattern in _patterns(get_resolver().url_patterns):
        if route.startswith("^") or "(?P" in route:  # a regular expression's route (none of the project's)
            continue
        path = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
        match = resolve(path)
        assert match.func == pattern.callback, (path, match.view_name)
        checked += 1
    assert checked > 250
