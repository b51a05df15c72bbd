import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Order, OrderKind, School, SchoolKind
from core.models.organisations import Settlement
from core.search import search
from core.validators import EARLIEST_DATE, LATEST_DATE

NAME_PARTS = ("last_name", "first_name", "patronymic", "iin")

YEAR_RANGE = (1900, 2100)
SEARCH_MAX_LENGTH = 100


def clean_year(value, default):
    """A year typed into a URL: a number inside YEAR_RANGE, otherwise `default` (never a server error)."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return year if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else default


def clean_date(value, default, format="%Y-%m-%d"):
    """A date typed into a URL (ISO, or `format`, e.g. "%Y-%m" for a month): a real date inside the
    plausible range of every date (core.validators), otherwise `default` (never a server error, and
    room left for the page's "previous" and "next" links)."""
    try:
        day = datetime.datetime.strptime(str(value).strip(), format).date()
    except (TypeError, ValueError):
        return default
    return day if EARLIEST_DATE <= day <= LATEST_DATE else default


class YearNumberFilter(django_filters.NumberFilter):
    """A year in a filter form: an integer between 1900 and 2100, so `?year=-1` or twenty digits are a
    form error, not an overflow in the database."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_RANGE[0])
        kwargs.setdefault("max_value", YEAR_RANGE[1])
        super().__init__(*args, **kwargs)


class SearchFilterSet(django_filters.FilterSet):
    """A filter set with a search box (search as you type) over `search_fields`.

    Every list searches the same way (core.search): each typed word, in any order, folded (Іляс =
    Иляс). A field naming a person's last name, first name, patronymic or IIN stands for that person's
    whole name (indexed with pg_trgm); other fields are matched as folded text. `search_distinct` is
    for searches through a to-many relation."""

    search_fields = ()
    search_distinct = False
    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    @classmethod
    def search_parts(cls):
        person_paths, fields = [], []
        for field in cls.search_fields:
            if not isinstance(field, str):  # an expression, e.g. Concat("series", "number")
                fields.append(field)
                continue
            path, _sep, last = field.rpartition("__")
            if last in NAME_PARTS:
                if path not in person_paths:
                    person_paths.append(path)
            else:
                fields.append(field)
        return fields, person_paths

    def search(self, queryset, name, value):
        fields, person_paths = self.search_parts()
        return search(
            queryset, value[:200], fields=fields, person_paths=person_paths, distinct=self.search_distinct
        )


class SchoolFilter(SearchFilterSet):
    search_fields = ("name_ru", "name_kk", "name_en", "address", "director_name", "settlement")
    kind = django_filters.ChoiceFilter(choices=SchoolKind.choices, label=_("type"))
    settlement_type = django_filters.ChoiceFilter(choices=Settlement.choices, label=_("settlement type"))

    class Meta:
        model = School
        fields = ["q", "kind", "settlement_type"]


class OrderFilter(SearchFilterSet):
    search_fields = ("number", "content")
    kind = django_filters.ChoiceFilter(choices=OrderKind.choices, label=_("kind"))
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("to"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Order
        fields = ["q", "kind", "date_from", "date_to"]
