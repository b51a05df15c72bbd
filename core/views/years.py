"""Academic years and their periods (PLN-1): no overlap, inside the year, protected once planned."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, ListView, UpdateView

from core.forms import AcademicYearForm, PeriodForm
from core.models import AcademicYear, Period
from core.permissions import Perm, has_permission
from core.services import OperationError, academic_year_save, period_delete, period_save
from core.views.base import OperationPostView, PermissionMixin, ScopedObjectMixin

YEARS = _("Academic years and periods")


class YearListView(PermissionMixin, ListView):
    permission_required = Perm.SCHOOL_VIEW
    template_name = "core/year_list.html"

    def get_queryset(self):
        return AcademicYear.objects.for_school(self.request.school).prefetch_related("periods")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = has_permission(self.request.user, Perm.SCHOOL_EDIT, self.request.school)
        ctx["title"] = YEARS
        ctx["breadcrumbs"] = [(ctx["title"], None)]
        return ctx


def _form_context(title):
    """Title, the way back and the breadcrumbs of a form of this page."""
    return {
        "title": title,
        "cancel_url": reverse_lazy("core:year_list"),
        "breadcrumbs": [(YEARS, reverse_lazy("core:year_list")), (title, None)],
    }


class _SavedByServiceMixin:
    """The form checks the fields; the service saves, with the rules that span several rows."""

    success_url = reverse_lazy("core:year_list")
    service = None
    success_message = ""

    def form_valid(self, form):
        try:
            self.service(acting_user=self.request.user, **{self.service_argument: form.instance})
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.success_url)


class _YearSaveMixin(_SavedByServiceMixin):
    service = staticmethod(academic_year_save)
    service_argument = "year"
    success_message = _("The academic year is saved.")


class _PeriodSaveMixin(_SavedByServiceMixin):
    service = staticmethod(period_save)
    service_argument = "period"
    success_message = _("The period is saved.")


class YearCreateView(PermissionMixin, _YearSaveMixin, CreateView):
    permission_required = Perm.SCHOOL_EDIT
    form_class = AcademicYearForm
    template_name = "core/form_page.html"
    extra_context = _form_context(_("New academic year"))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school": self.request.school}


class YearEditView(ScopedObjectMixin, _YearSaveMixin, UpdateView):
    permission_required = Perm.SCHOOL_EDIT
    model = AcademicYear
    form_class = AcademicYearForm
    template_name = "core/form_page.html"
    extra_context = _form_context(_("Edit the academic year"))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school": self.object.school}


class PeriodCreateView(PermissionMixin, _PeriodSaveMixin, CreateView):
    permission_required = Perm.SCHOOL_EDIT
    form_class = PeriodForm
    template_name = "core/form_page.html"
    extra_context = _form_context(_("New period"))

    def dispatch(self, request, *args, **kwargs):
        self.year = get_object_or_404(AcademicYear.objects.visible_to(request.user), pk=kwargs["year_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_permission_school(self):
        return self.year.school

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "academic_year": self.year}


class _PeriodScopeMixin(ScopedObjectMixin):
    permission_required = Perm.SCHOOL_EDIT
    model = Period

    def get_queryset(self):
        return Period.objects.filter(academic_year__in=AcademicYear.objects.visible_to(self.request.user))

    def school_of(self, obj):
        return obj.academic_year.school


class PeriodEditView(_PeriodScopeMixin, _PeriodSaveMixin, UpdateView):
    form_class = PeriodForm
    template_name = "core/form_page.html"
    extra_context = _form_context(_("Edit the period"))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "academic_year": self.object.academic_year}


class PeriodDeleteView(_PeriodScopeMixin, OperationPostView):
    success_message = _("The period is deleted.")
    redirect_url = reverse_lazy("core:year_list")

    def perform(self):
        return period_delete(acting_user=self.request.user, period=self.object)
