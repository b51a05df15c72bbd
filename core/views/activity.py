"""Logins and the access log (ORG-4): what activity reports are built from."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

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
        Column(_("login"), "user.username"),
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
