"""Filters of the contingent lists: search by name or IIN, parallel and class (CON-11)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from contingent.models import (
    PARALLELS,
    FreeMealApplication,
    MealStatus,
    SchoolClass,
    Student,
    StudentStatus,
)
from core.filters import SearchFilterSet
from core.models import Order, OrderKind
from core.models.orders import STUDENT_ORDER_KINDS

WITHOUT_CLASS = "none"


def current_class_choices(request):
    """The class filter's choices on the lists of current students: the active classes of the
    current school and year."""
    return SchoolClass.objects.filter(
        school=request.school, academic_year=request.academic_year, is_active=True
    ).name_choices()


class StudentFilter(SearchFilterSet):
    search_fields = ("person__last_name", "person__first_name", "person__patronymic", "person__iin")
    parallel = django_filters.ChoiceFilter(choices=PARALLELS, label=_("parallel"))
    school_class = django_filters.ChoiceFilter(
        label=_("class"), method="by_class", empty_label=_("all classes")
    )

    class Meta:
        model = Student
        fields = ["q", "parallel", "school_class"]

    def __init__(self, *args, school=None, classes=None, **kwargs):
        """`classes`: (pk as text, name) of the classes offered (SchoolClassQuerySet.name_choices)."""
        super().__init__(*args, **kwargs)
        choices = [(WITHOUT_CLASS, _("Without a class"))]
        choices += list(classes or ())
        self.filters["school_class"].extra["choices"] = choices

    def by_class(self, queryset, name, value):
        if value == WITHOUT_CLASS:
            return queryset.filter(school_class__isnull=True)
        if value and value.isdigit():
            return queryset.filter(school_class_id=int(value))
        return queryset


class ArchiveFilter(StudentFilter):
    status = django_filters.ChoiceFilter(
        choices=[
            (StudentStatus.EXPELLED, StudentStatus.EXPELLED.label),
            (StudentStatus.GRADUATED, StudentStatus.GRADUATED.label),
        ],
        label=_("status"),
    )

    class Meta:
        model = Student
        fields = ["q", "parallel", "school_class", "status"]


class GraduateFilter(SearchFilterSet):
    search_fields = ("person__last_name", "person__first_name", "person__iin")
    left_from = django_filters.DateFilter(
        field_name="left_on",
        lookup_expr="gte",
        label=_("from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    left_to = django_filters.DateFilter(
        field_name="left_on", lookup_expr="lte", label=_("to"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Student
        fields = ["q", "graduation_level", "left_from", "left_to"]


class StudentOrderFilter(SearchFilterSet):
    search_fields = ("number", "content")
    kind = django_filters.ChoiceFilter(
        choices=[(k, OrderKind(k).label) for k in STUDENT_ORDER_KINDS], label=_("kind")
    )
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("to"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Order
        fields = ["q", "kind", "date_from", "date_to"]


class MealFilter(SearchFilterSet):
    search_fields = ("student__person__last_name", "student__person__first_name", "student__person__iin")
    status = django_filters.ChoiceFilter(choices=MealStatus.choices, label=_("status"))

    class Meta:
        model = FreeMealApplication
        fields = ["q", "status", "basis"]


class ClassFilter(django_filters.FilterSet):
    class Meta:
        model = SchoolClass
        fields = ["parallel"]
