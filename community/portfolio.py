"""KG-3: what a portfolio shows, from the community's own entries and from the registries of other apps.

The community imports no app above it (DESIGN "Layout"): an app that keeps something of a person's
portfolio, as the reports keep the registry of olympiad and competition results, writes
`<app>/portfolio.py` with `items(request, person) -> list[PortfolioItem]`, scoped by
`portfolio_owner_condition` (the portfolio's readers) on top of its model's `visible_to`. So a result is
entered once, in its registry, and shown in the portfolio from there."""

from dataclasses import dataclass

from django.urls import reverse

from core.discovery import app_modules


@dataclass
class PortfolioItem:
    """One row of a portfolio, whatever keeps it."""

    date: object
    kind: str
    title: str
    level: str = ""
    result: str = ""
    description: str = ""
    scan_url: str = ""
    source: str = ""  # where the row is read from, when not from the portfolio's own entries
    testid: str = "portfolio-entry"


def entry_item(entry):
    return PortfolioItem(
        date=entry.date,
        kind=entry.get_kind_display(),
        title=entry.title,
        level=entry.get_level_display(),
        result=entry.result,
        description=entry.description,
        scan_url=reverse("community:portfolio_scan", args=[entry.pk]) if entry.scan else "",
    )


def portfolio_items(request, person, entries):
    """The person's portfolio entries and the rows other apps keep of him, newest first."""
    items = [entry_item(e) for e in entries]
    for module in app_modules("portfolio", skip={"community"}):
        items.extend(module.items(request, person))
    items.sort(key=lambda item: item.date, reverse=True)
    return items
