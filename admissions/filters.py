"""Filters of the admission lists (ADM-4, ADM-6)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from admissions.models import Application, Category, Status, Transfer, TransferStatus
from contingent.models import Movement
from core.filters import SearchFilterSet


class ApplicationFilter(SearchFilterSet):
    search_fields = (
        "number",
        "child_last_name",
        "child_first_name",
        "child_iin",
        "parent_last_name",
        "phone",
    )
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("status"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("category"))
    in_catchment = django_filters.BooleanFilter(label=_("lives in the catchment area"))
    year = django_filters.NumberFilter(label=_("admission year"))

    class Meta:
        model = Application
        fields = ["q", "status", "category", "in_catchment", "year"]


class TransferFilter(SearchFilterSet):
    search_fields = ("student__person__last_name", "student__person__first_name", "student__person__iin")
    status = django_filters.ChoiceFilter(choices=TransferStatus.choices, label=_("status"))

    class Meta:
        model = Transfer
        fields = ["q", "status"]


class MovementJournalFilter(SearchFilterSet):
    search_fields = ("student__person__last_name", "student__person__first_name", "order__number")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("to"))

    class Meta:
        model = Movement
        fields = ["q", "date_from", "date_to"]


class DispatchFilter(SearchFilterSet):
    search_fields = ("student__person__last_name", "student__person__first_name", "to_school__name_ru")

    class Meta:
        model = Transfer
        fields = ["q"]


class ReportFilter(django_filters.FilterSet):
    """The admission year (and, for a district official, the school) of a report."""

    year = django_filters.NumberFilter(label=_("admission year"), method="keep")
    school = django_filters.ModelChoiceFilter(label=_("school"), queryset=None, method="by_school")

    class Meta:
        model = Application
        fields = ["year", "school"]

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = schools

    def keep(self, queryset, name, value):
        return queryset

    def by_school(self, queryset, name, value):
        if value is None:
            return queryset
        field = "pk" if queryset.model._meta.model_name == "school" else "school"
        return queryset.filter(**{field: value})
