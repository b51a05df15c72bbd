"""Columns shared by a list's HTML table, its xlsx export and its PDF: one definition, three outputs."""

import dataclasses
import datetime
import decimal
import functools
import html

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext


def _local(value):
    """Moments are stored in UTC; people read them in the portal's time zone."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


# Django's date format letters that strftime writes alike (zero-padded numbers): the formats of kk, ru,
# ky and en dates are made of these. DateFormat costs several times strftime, once per date cell.
_STRFTIME = {"d": "%d", "m": "%m", "Y": "%Y", "y": "%y", "H": "%H", "i": "%M", "s": "%S"}


@functools.lru_cache(maxsize=64)
def _strftime_pattern(django_format):
    out = []
    for char in django_format:
        if char in _STRFTIME:
            out.append(_STRFTIME[char])
        elif char.isalpha() or char in "\\%":
            return None  # a letter strftime writes otherwise (a month's name, "j"): Django's own formatting
        else:
            out.append(char)
    return "".join(out)


def format_date(value, setting):
    """formats.date_format(value, setting), by strftime when the language's format allows."""
    pattern = _strftime_pattern(formats.get_format(setting))
    return value.strftime(pattern) if pattern else formats.date_format(value, setting)


class Column:
    def __init__(self, header, accessor, link=None, css_class=""):
        self.header = header
        self.accessor = accessor  # dotted path ("person.last_name") or a callable taking the row
        self.link = link  # a callable giving the row's URL, shown on this column
        self.css_class = css_class
        self._parts = () if callable(accessor) else tuple(accessor.split("."))
        # per (class, attribute): the labels of a field with choices, looked up once (Django's
        # get_FOO_display rebuilds the field's choices into a dict on every call), or None
        self._choices = {}

    def _labels(self, value, part):
        key = (type(value), part)
        labels = self._choices.get(key, False)
        if labels is False:
            labels = None
            if isinstance(value, models.Model):
                try:
                    field = value._meta.get_field(part)
                except FieldDoesNotExist:
                    field = None
                if field is not None and field.choices and not field.is_relation:
                    labels = dict(make_hashable(field.flatchoices))
            self._choices[key] = labels
        return labels

    def raw(self, row):
        if not self._parts:
            return self.accessor(row)
        value = row
        for part in self._parts:
            if value is None:
                return None
            labels = self._labels(value, part)
            value = getattr(value, part, None)
            if labels is not None:
                value = str(labels.get(make_hashable(value), value))  # as get_FOO_display
            elif isinstance(value, models.Manager):
                value = ", ".join(str(v) for v in value.all())
        return value

    def text(self, row):
        value = _local(self.raw(row))
        if value is None:
            return ""
        if isinstance(value, bool):
            return gettext("yes") if value else gettext("no")
        if isinstance(value, datetime.datetime):
            return format_date(value, "SHORT_DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return format_date(value, "SHORT_DATE_FORMAT")
        if isinstance(value, decimal.Decimal):  # a rate: "1,00" and "4,50", as the personal file shows it
            return formats.number_format(value, 2, use_l10n=True)
        return str(value)

    def cell(self, row):
        """Value for a spreadsheet cell: numbers and dates stay typed."""
        value = _local(self.raw(row))
        if isinstance(value, decimal.Decimal):
            return float(value)
        if isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
            if isinstance(value, datetime.datetime):
                return value.replace(tzinfo=None)
            return value
        return self.text(row)

    def url(self, row):
        return self.link(row) if self.link else None


def _escape(value):
    """conditional_escape without its lazy-argument wrapper: a cell's text is already a str, and the
    wrapper costs more than the escaping, once per cell."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _td(css_class, inner):
    return f'<td class="{conditional_escape(css_class)}">{inner}</td>' if css_class else f"<td>{inner}</td>"


def render_cells(row, columns):
    """A row's cells as HTML, built in Python in one pass (DESIGN "Performance": no tag per cell).
    Every value is escaped; the links are the columns' own."""
    out = []
    for column in columns:
        text = _escape(column.text(row))
        url = column.link(row) if column.link else None
        if url:
            text = f'<a href="{_escape(url)}">{text}</a>'
        out.append(_td(column.css_class, text))
    return mark_safe("".join(out))


@dataclasses.dataclass(frozen=True)
class RowAction:
    """One button of a row's last cell: a link, or a form posting to `url` (`post`)."""

    label: str
    url: str
    testid: str = ""
    post: bool = False
    style: str = "btn-outline-primary"
    icon: str = ""  # a Bootstrap icon's name, shown before the label
    icon_only: bool = False  # the label is then the button's title and accessible name
    aria_label: str = ""  # a fuller accessible name ("Delete 000123")
    confirm: str = ""  # asked before the form is sent (portal.js, data-confirm)
    export: str = ""  # data-export: a download of this format

    @classmethod
    def delete(cls, url, confirm, aria_label=""):
        """The red cross that deletes the row's object, after a confirmation."""
        return cls(
            gettext("Delete"),
            url,
            post=True,
            style="btn-link text-danger",
            icon="x-lg",
            icon_only=True,
            aria_label=aria_label,
            confirm=confirm,
        )


def _action_html(action, csrf_token):
    label = _escape(action.label)
    attrs = [f'class="btn btn-sm {_escape(action.style)}"']
    if action.testid:
        attrs.append(f'data-testid="{_escape(action.testid)}"')
    if action.icon_only:
        attrs.append(f'title="{label}"')
    if action.icon_only or action.aria_label:
        attrs.append(f'aria-label="{_escape(action.aria_label) if action.aria_label else label}"')
    if action.confirm:
        attrs.append(f'data-confirm="{_escape(action.confirm)}"')
    if action.export:
        attrs.append(f'data-export="{_escape(action.export)}"')
    icon = f'<i class="bi bi-{_escape(action.icon)}" aria-hidden="true"></i>' if action.icon else ""
    text = icon if action.icon_only else (f"{icon} {label}" if icon else label)
    if not action.post:
        return f'<a href="{_escape(action.url)}" {" ".join(attrs)}>{text}</a>'
    return (
        f'<form method="post" action="{_escape(action.url)}" class="d-inline">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{_escape(csrf_token)}">'
        f'<button type="submit" {" ".join(attrs)}>{text}</button></form>'
    )


def render_actions(actions, csrf_token=""):
    """The last cell of a row: its buttons (RowAction, or (label, url, test id) for a link)."""
    actions = [a if isinstance(a, RowAction) else RowAction(*a) for a in actions]
    inner = "".join(_action_html(a, csrf_token) for a in actions)
    if len(actions) > 1:
        inner = f'<div class="d-inline-flex gap-1">{inner}</div>'
    return mark_safe(_td("text-end text-nowrap row-actions", inner))


def render_row(cells, attrs=None):
    """A table row around its cells' HTML, with its attributes ({"data-blank": "000123"})."""
    attributes = "".join(f' {name}="{_escape(value)}"' for name, value in (attrs or {}).items())
    return mark_safe(f"<tr{attributes}>{cells}</tr>")
