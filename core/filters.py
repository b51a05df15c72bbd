import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Order, OrderKind, School, SchoolKind
from core.models.organisations import Settlement


class SearchFilterSet(django_filters.FilterSet):
    """A filter set with a search box (search as you type) over `search_fields`."""

    search_fields = ()
    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


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
