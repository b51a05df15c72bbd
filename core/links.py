"""URLs of one object, reversed once per page name: lists link every row to its object, and Django's
reverse() costs more than the rest of a row's cell."""

from django.urls import get_script_prefix, reverse

_SENTINEL = 918273645  # an id no URL pattern's literal text contains
_patterns = {}


def url_for_pk(name, pk):
    """reverse(name, args=[pk]) for a URL whose one argument is an integer id."""
    key = (name, get_script_prefix())
    pattern = _patterns.get(key)
    if pattern is None:
        head, sentinel, tail = reverse(name, args=[_SENTINEL]).partition(str(_SENTINEL))
        pattern = _patterns[key] = (head, tail) if sentinel else None
    if pattern is None:
        return reverse(name, args=[pk])
    return f"{pattern[0]}{int(pk)}{pattern[1]}"
