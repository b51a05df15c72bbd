"""The school's side of the admission (ADM-4, ADM-5): incoming applications, decisions, documents."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from admissions.filters import ApplicationFilter
from admissions.forms import ConfirmForm, RefuseForm
from admissions.models import Application, ApplicationDocument, Status
from admissions.services import application_confirm, application_refuse, quota_summary
from admissions.views.common import AdmissionOperationView
from core.access import log_access
from core.files import content_type_for
from core.history import events_of, history_rows
from core.lists import ListPageView
from core.permissions import Perm, has_permission
from core.tables import Column
from core.views.base import ScopedObjectMixin

APPLICATION_COLUMNS = (
    Column(_("application No."), "number", link=lambda a: a.get_absolute_url()),
    Column(_("submitted at"), "submitted_at"),
    Column(_("child"), lambda a: a.child_full_name),
    Column(_("date of birth"), "child_birth_date"),
    Column(_("category"), "category"),
    Column(_("lives in the catchment area"), "in_catchment"),
    Column(_("address"), lambda a: a.address),
    Column(_("phone"), "phone"),
    Column(_("status"), "status"),
)


class ApplicationListView(ListPageView):
    """ADM-4: the incoming applications with filters; places per category above the list."""

    permission_required = Perm.ADMISSIONS_VIEW
    filterset_class = ApplicationFilter
    template_name = "admissions/application_list.html"
    title = _("Applications to the first grade")
    columns = APPLICATION_COLUMNS

    def get_queryset(self):
        return (
            Application.objects.visible_to(self.request.user)
            .for_school(self.request.school)
            .select_related("street__locality")
            .order_by("-submitted_at", "-id")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        year = self.request.GET.get("year")
        years = list(
            Application.objects.for_school(self.request.school).values_list("year", flat=True).distinct()
        )
        year = int(year) if year and year.isdigit() else (max(years) if years else None)
        ctx["quota_year"] = year
        ctx["quotas"] = quota_summary(self.request.school, year) if year else []
        ctx["breadcrumbs"] = [(self.title, None)]
        return ctx


class ApplicationDetailView(ScopedObjectMixin, DetailView):
    """ADM-4: the application, its documents, its movement and the decision forms."""

    permission_required = Perm.ADMISSIONS_VIEW
    model = Application
    template_name = "admissions/application_detail.html"

    def get_queryset(self):
        return Application.objects.visible_to(self.request.user).select_related(
            "school", "street__locality", "student__school_class", "order", "decided_by"
        )

    def get(self, request, *args, **kwargs):
        log_access(request, "view", self.object)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        a = self.object
        may_decide = a.status == Status.SUBMITTED and has_permission(
            self.request.user, Perm.ADMISSIONS_DECIDE, a.school
        )
        ctx.update(
            title=str(a),
            changes=a.status_changes.select_related("by"),
            documents=a.documents.all(),
            confirm_form=ConfirmForm(school=a.school) if may_decide else None,
            refuse_form=RefuseForm() if may_decide else None,
            breadcrumbs=[(ApplicationListView.title, reverse("admissions:application_list")), (str(a), None)],
        )
        if has_permission(self.request.user, Perm.HISTORY_VIEW, a.school):
            ctx["history"] = history_rows(events_of(a))
        return ctx


class ApplicationConfirmView(AdmissionOperationView):
    """ADM-4: the child gets a personal file and a place in a first-grade class by an order."""

    permission_required = Perm.ADMISSIONS_DECIDE
    model = Application
    form_class = ConfirmForm
    title = _("Confirm the application")
    submit_label = _("Confirm and enrol")
    success_message = _("The child is enrolled; the parent is told by e-mail.")

    def get_queryset(self):
        return Application.objects.visible_to(self.request.user).select_related("school")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school": self.object.school}

    def perform(self, form):
        d = form.cleaned_data
        return application_confirm(
            acting_user=self.request.user,
            application=self.object,
            to_class=d["to_class"],
            order_number=d["order_number"],
            order_date=d["order_date"],
        )


class ApplicationRefuseView(AdmissionOperationView):
    """ADM-4: a refusal with a reason and a motivated text."""

    permission_required = Perm.ADMISSIONS_DECIDE
    model = Application
    form_class = RefuseForm
    title = _("Refuse the application")
    submit_label = _("Refuse")
    success_message = _("The application is refused; the parent is told by e-mail.")

    def get_queryset(self):
        return Application.objects.visible_to(self.request.user).select_related("school")

    def perform(self, form):
        return application_refuse(
            acting_user=self.request.user,
            application=self.object,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
        )


def application_document(request, pk):
    """A document attached to an application: the school's staff only; each download is logged."""
    document = get_object_or_404(
        ApplicationDocument.objects.select_related("application__school").filter(
            application__in=Application.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    if not has_permission(request.user, Perm.ADMISSIONS_VIEW, document.application.school):
        raise PermissionDenied
    log_access(request, "view", document.application, description=f"document {document.kind}")
    return FileResponse(
        document.file.open("rb"), content_type=content_type_for(document.file.name), as_attachment=True
    )


application_document.permission_required = Perm.ADMISSIONS_VIEW
