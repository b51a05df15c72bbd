"""Logins and the access log (ORG-4): what activity reports are built from."""

import django_filters
from django import forms
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.lists import ListPageView
from core.models import AccessLog, LoginEvent
from core.permissions import Perm
from core.tables import Column


class LoginFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__gte",
        label=_("from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__lte",
        label=_("to"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = LoginEvent
        fields = ["date_from", "date_to"]


class LoginListView(ListPageView):
    permission_required = Perm.ACTIVITY_VIEW
    filterset_class = LoginFilter
    title = _("Logins")
    export_formats = ("xlsx",)
    columns = (
        Column(_("time"), "at"),
        Column(_("user"), "user"),
        Column(pgettext_lazy("account name", "login"), "user.username"),
        Column(_("address"), "ip_address"),
    )

    def get_queryset(self):
        return LoginEvent.objects.filter(school=self.request.school).select_related("user__person")


class AccessLogFilter(LoginFilter):
    class Meta:
        model = AccessLog
        fields = ["date_from", "date_to", "action"]


class AccessLogListView(LoginListView):
    filterset_class = AccessLogFilter
    title = _("Access log")
    columns = (
        Column(_("time"), "at"),
        Column(_("user"), "user"),
        Column(_("action"), "action"),
        Column(_("object type"), "object_type"),
        Column(_("object"), "object_id"),
        Column(_("description"), "description"),
    )

    def get_queryset(self):
        return AccessLog.objects.filter(school=self.request.school).select_related("user__person")


class ActivityPeriodFilter(django_filters.FilterSet):
    """Only carries the period; the counts are annotated for it in the views below."""

    date_from = django_filters.DateFilter(
        label=_("from"), method="keep", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("to"), method="keep", widget=forms.DateInput(attrs={"type": "date"})
    )

    def keep(self, queryset, name, value):
        return queryset


def _period_condition(request, prefix):
    from django.db.models import Q

    form = forms.Form(request.GET)
    form.fields["date_from"] = forms.DateField(required=False)
    form.fields["date_to"] = forms.DateField(required=False)
    condition = Q()
    if form.is_valid():
        if form.cleaned_data.get("date_from"):
            condition &= Q(**{f"{prefix}at__date__gte": form.cleaned_data["date_from"]})
        if form.cleaned_data.get("date_to"):
            condition &= Q(**{f"{prefix}at__date__lte": form.cleaned_data["date_to"]})
    return condition


class UserActivityView(ListPageView):
    """Logins per user of the school in a period, the most active first (ORG-4)."""

    permission_required = Perm.ACTIVITY_VIEW
    filterset_class = ActivityPeriodFilter
    title = _("User activity")
    export_formats = ("xlsx", "pdf")
    columns = (
        Column(_("user"), lambda u: str(u)),
        Column(_("roles"), lambda u: ", ".join(sorted({str(a.get_role_display()) for a in u.school_roles}))),
        Column(_("logins"), "login_count", css_class="num"),
        Column(_("last login"), "last_login"),
    )

    def get_queryset(self):
        from django.db.models import Count

        from core.views.users import school_users

        school = self.request.school
        condition = _period_condition(self.request, "login_events__") & Q(login_events__school=school)
        return (
            school_users(school)
            .annotate(login_count=Count("login_events", filter=condition))
            .order_by("-login_count", "person__last_name")
        )


class DistrictActivityView(ListPageView):
    """Logins per school of the official's district in a period (ORG-4, RPT-3 activity)."""

    permission_required = Perm.DISTRICT_REGISTRY
    filterset_class = ActivityPeriodFilter
    title = _("Activity of schools")
    columns = (
        Column(_("school"), "name"),
        Column(_("logins"), "login_count", css_class="num"),
        Column(_("users who logged in"), "active_users", css_class="num"),
    )

    def needs_school(self):
        return False

    def get_queryset(self):
        from django.db.models import Count

        from core.models import School
        from core.permissions import district_ids

        condition = _period_condition(self.request, "")
        logins = LoginEvent.objects.filter(condition, school=OuterRef("pk"))
        return (
            School.objects.filter(district_id__in=district_ids(self.request.user))
            .annotate(
                login_count=Coalesce(
                    Subquery(logins.values("school").annotate(n=Count("id")).values("n")), 0
                ),
                active_users=Coalesce(
                    Subquery(logins.values("school").annotate(n=Count("user", distinct=True)).values("n")), 0
                ),
            )
            .order_by("-login_count")
        )
