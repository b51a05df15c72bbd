import django_filters
from django import forms
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from core.filters import SearchFilterSet, YearNumberFilter
from strict_forms.models import (
    Assignment,
    Blank,
    BlankKind,
    BlankStatus,
    Correspondence,
    DocumentFolder,
    DocumentStatus,
    IssuedDocument,
    Protocol,
    ProtocolKind,
    WriteOffAct,
)


def _kinds(request):
    return BlankKind.objects.available_at(getattr(request, "school", None))


class BlankFilter(SearchFilterSet):
    # "series number" with or without the space: "AB 0012345" and "AB0012345" both find the blank.
    search_fields = (Concat("series", "number"), "holder__person__last_name", "purpose", "reason")
    kind = django_filters.ModelChoiceFilter(queryset=_kinds, label=_("kind of document"))
    status = django_filters.ChoiceFilter(choices=BlankStatus.choices, label=_("status"))

    class Meta:
        model = Blank
        fields = ["q", "kind", "status"]


class IssuedDocumentFilter(SearchFilterSet):
    search_fields = (Concat("blank__series", "blank__number"), "student__person__last_name")
    status = django_filters.ChoiceFilter(choices=DocumentStatus.choices, label=_("status"))
    year = YearNumberFilter(field_name="issued_on", lookup_expr="year", label=_("year of issue"))

    class Meta:
        model = IssuedDocument
        fields = ["q", "status", "year"]


class WriteOffActFilter(SearchFilterSet):
    search_fields = ("reason", "blanks__number")
    search_distinct = True

    class Meta:
        model = WriteOffAct
        fields = ["q"]


class _TabFilterSet(SearchFilterSet):
    """The current tab travels with the filter form (the view picks the rows of the tab)."""

    def keep(self, queryset, name, value):
        return queryset


def archive_filter():
    """Archived records instead of the working ones (the view picks the rows, BLK-7)."""
    return django_filters.BooleanFilter(method="keep", widget=forms.CheckboxInput, label=_("Archive"))


class ProtocolFilter(_TabFilterSet):
    search_fields = ("number", "agenda")
    kind = django_filters.ChoiceFilter(choices=ProtocolKind.choices, label=_("kind of meeting"))
    archived = archive_filter()

    class Meta:
        model = Protocol
        fields = ["q", "kind", "archived"]


class CorrespondenceFilter(_TabFilterSet):
    search_fields = ("reg_number", "correspondent", "subject", "their_number")
    direction = django_filters.CharFilter(method="keep", widget=forms.HiddenInput)
    date_from = django_filters.DateFilter(
        field_name="reg_date",
        lookup_expr="gte",
        label=_("from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="reg_date",
        lookup_expr="lte",
        label=_("to"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    archived = archive_filter()

    class Meta:
        model = Correspondence
        fields = ["q", "date_from", "date_to", "archived", "direction"]


class AssignmentFilter(_TabFilterSet):
    search_fields = ("title", "description", "executor__person__last_name")
    tab = django_filters.CharFilter(method="keep", widget=forms.HiddenInput)

    class Meta:
        model = Assignment
        fields = ["q", "tab"]


class FolderFilter(SearchFilterSet):
    search_fields = ("name", "documents__title")
    search_distinct = True

    class Meta:
        model = DocumentFolder
        fields = ["q"]
