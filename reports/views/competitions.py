"""The registry of olympiad and competition results (RPT-1): level, place, subject, student, teacher."""

import django_filters
from django.contrib import messages
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, UpdateView

from core.filters import SearchFilterSet
from core.links import url_for_pk
from core.lists import ListPageView
from core.permissions import Perm, has_permission
from core.tables import Column
from core.views.base import PermissionMixin, ScopedObjectMixin
from reports.forms import CompetitionResultForm
from reports.models import CompetitionLevel, CompetitionResult, Place


class CompetitionFilter(SearchFilterSet):
    search_fields = ("name", "subject", "student__person__last_name", "teacher__person__last_name")
    level = django_filters.ChoiceFilter(choices=CompetitionLevel.choices, label=_("level"))
    place = django_filters.ChoiceFilter(choices=Place.choices, label=_("result"))
    winners = django_filters.BooleanFilter(method="only_winners", label=_("prize winners only"))

    class Meta:
        model = CompetitionResult
        fields = ["q", "level", "place", "winners"]

    def only_winners(self, queryset, name, value):
        return queryset.winners() if value else queryset


def _edit_link(r):
    return url_for_pk("reports:competition_edit", r.pk)


class CompetitionListView(ListPageView):
    permission_required = Perm.REPORTS_VIEW
    filterset_class = CompetitionFilter
    title = _("Olympiad and competition winners")
    columns = (
        Column(_("date"), "date"),
        Column(_("name of the competition"), "name", link=_edit_link),
        Column(_("kind of competition"), "kind"),
        Column(_("level"), "level"),
        Column(_("subject"), "subject"),
        Column(_("result"), "place"),
        Column(_("student"), "student.person.full_name"),
        Column(_("class"), "student.class_label"),
        Column(_("teacher who prepared the student"), "teacher.person.full_name"),
    )

    def get_queryset(self):
        return (
            CompetitionResult.objects.visible_to(self.request.user)
            .for_school(self.request.school)
            .select_related("student__person", "student__school_class", "teacher__person")
            .order_by("-date", "level", "place", "pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if has_permission(self.request.user, Perm.REPORTS_MANAGE, self.request.school):
            ctx["create_url"] = (reverse("reports:competition_create"), _("Register a result"))
        return ctx


class CompetitionCreateView(PermissionMixin, CreateView):
    permission_required = Perm.REPORTS_MANAGE
    form_class = CompetitionResultForm
    template_name = "core/form_page.html"
    extra_context = {
        "title": _("Register a result"),
        "cancel_url": reverse_lazy("reports:competition_list"),
        "breadcrumbs": [
            (_("Olympiad and competition winners"), reverse_lazy("reports:competition_list")),
            (_("Register a result"), None),
        ],
    }

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "school": self.request.school,
            "year": self.request.academic_year,
        }

    def _without_year(self):
        from django.shortcuts import redirect

        messages.error(self.request, _("The school has no current academic year."))
        return redirect("reports:competition_list")

    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs) if request.academic_year else self._without_year()

    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs) if request.academic_year else self._without_year()

    def get_success_url(self):
        return reverse("reports:competition_list")

    def form_valid(self, form):
        messages.success(self.request, _("The result is registered."))
        return super().form_valid(form)


class CompetitionEditView(ScopedObjectMixin, UpdateView):
    permission_required = Perm.REPORTS_MANAGE
    model = CompetitionResult
    form_class = CompetitionResultForm
    template_name = "core/form_page.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school": self.object.school, "year": self.object.academic_year}

    def get_success_url(self):
        return reverse("reports:competition_list")

    def form_valid(self, form):
        messages.success(self.request, _("The result is saved."))
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Edit the result")
        ctx["cancel_url"] = reverse("reports:competition_list")
        ctx["breadcrumbs"] = [
            (_("Olympiad and competition winners"), reverse("reports:competition_list")),
            (str(self.object), None),
        ]
        return ctx
