"""The home page's figures and things to do, per role (DESIGN "Interface": not a list of links).

Core imports no app: each app that has something to show writes `<app>/home.py` with
`cards(request) -> list[Card]` (found in the order of INSTALLED_APPS, as the demo's `demo.py`), and
shows only what the user's permissions at the current school allow. A figure's value and a to-do's
count are given as querysets: the page counts them all in one statement (core.querysets.count_each)."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from core.discovery import app_modules
from core.querysets import count_each


@dataclass
class Figure:
    label: str
    value: int  # or a queryset, counted by cards_for
    url: str = ""


@dataclass
class Todo:
    """Something waiting for the user: shown only when `count` is not zero."""

    label: str
    count: int  # or a queryset, counted by cards_for
    url: str
    testid: str = ""


@dataclass
class Card:
    title: str
    figures: list = field(default_factory=list)
    todos: list = field(default_factory=list)
    links: list = field(default_factory=list)  # (label, url): the card's main pages


def _providers():
    return app_modules("home", skip={"core"})


def cards_for(request):
    """The cards of the user's areas at the current school (none without a school)."""
    if getattr(request, "school", None) is None:
        return []
    cards = []
    for module in _providers():
        cards.extend(module.cards(request))
    counted = [
        (item, attribute)
        for card in cards
        for item, attribute in [*((f, "value") for f in card.figures), *((t, "count") for t in card.todos)]
        if isinstance(getattr(item, attribute), QuerySet)
    ]
    numbers = count_each(getattr(item, attribute) for item, attribute in counted)
    for (item, attribute), number in zip(counted, numbers, strict=True):
        setattr(item, attribute, number)
    return cards


def todos_of(cards):
    return [todo for card in cards for todo in card.todos if todo.count]
