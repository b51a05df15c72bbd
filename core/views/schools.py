"""The registry of schools (district officials) and the school card with its History tab (ORG-1, ORG-7)."""

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, UpdateView

from core.filters import SchoolFilter
from core.forms import SchoolForm
from core.history import events_of, history_rows
from core.lists import ListPageView
from core.models import School
from core.permissions import Perm, has_permission
from core.tables import Column
from core.views.base import ScopedObjectMixin


class SchoolListView(ListPageView):
    permission_required = Perm.DISTRICT_REGISTRY
    filterset_class = SchoolFilter
    title = _("Registry of schools")
    columns = (
        Column(_("school"), "name", link=lambda s: s.get_absolute_url()),
        Column(_("type"), "kind"),
        Column(_("settlement"), "settlement"),
        Column(_("address"), "address"),
        Column(_("director"), "director_name"),
        Column(_("phone"), "phone"),
        Column(_("licence number"), "licence_number"),
        Column(_("accreditation certificate number"), "accreditation_number"),
    )

    def needs_school(self):
        return False

    def get_queryset(self):
        return School.objects.visible_to(self.request.user).select_related("district")


class SchoolDetailView(ScopedObjectMixin, DetailView):
    permission_required = Perm.SCHOOL_VIEW
    model = School
    template_name = "core/school_detail.html"
    tab = "card"

    def school_of(self, obj):
        return obj

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        school = self.object
        user = self.request.user
        ctx["tab"] = self.tab
        ctx["can_edit"] = has_permission(user, Perm.SCHOOL_EDIT, school)
        ctx["can_history"] = has_permission(user, Perm.HISTORY_VIEW, school)
        # The figures of the school live in the reports app, which owns that page (RPT-3).
        ctx["can_reports"] = has_permission(user, Perm.REPORTS_VIEW, school)
        ctx["breadcrumbs"] = [(school.name, None)]
        if has_permission(user, Perm.DISTRICT_REGISTRY, school):
            # The district official came from the registry: the way back leads there.
            ctx["breadcrumbs"].insert(0, (_("Registry of schools"), reverse("core:school_list")))
        fields = [f for f in School._meta.fields if f.name not in ("id",)]
        ctx["fields"] = [(f.verbose_name, _display(school, f)) for f in fields]
        return ctx


def _display(obj, field):
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    value = getattr(obj, field.name)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value if value not in (None, "") else "—"


class SchoolHistoryView(SchoolDetailView):
    permission_required = Perm.HISTORY_VIEW
    tab = "history"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["history"] = history_rows(events_of(self.object))
        return ctx


class SchoolEditView(ScopedObjectMixin, UpdateView):
    permission_required = Perm.SCHOOL_EDIT
    model = School
    form_class = SchoolForm
    template_name = "core/form_page.html"

    def school_of(self, obj):
        return obj

    def form_valid(self, form):
        messages.success(self.request, _("The school card is saved."))
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Edit the school card")
        ctx["breadcrumbs"] = [(self.object.name, self.object.get_absolute_url()), (ctx["title"], None)]
        ctx["cancel_url"] = reverse("core:school_detail", args=[self.object.pk])
        return ctx
