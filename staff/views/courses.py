"""Qualification courses (STF-8), seniority (STF-9) and the registry of teaching staff (STF-11)."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View

from core.filters import SearchFilterSet
from core.links import url_for_pk
from core.lists import ListPageView
from core.permissions import Perm
from core.services import OperationError
from core.tables import Column, RowAction
from core.views.base import PermissionMixin
from staff import forms as staff_forms
from staff.models import Course, Employee, QualificationCategory
from staff.services import (
    course_approve,
    course_confirm,
    course_plan,
    course_reject,
    course_request,
    seniority_update,
)
from staff.views.base import OperationFormView

COURSE_TABS = [
    ("planned", _("Planned")),
    ("requested", _("Employees' requests")),
    ("completed", _("Completed")),
]


class CourseFilter(SearchFilterSet):
    search_fields = ("employee__person__last_name", "employee__person__first_name", "name", "direction")

    class Meta:
        model = Course
        fields = ["q"]


def _employee_link(c):
    return url_for_pk("staff:employee_detail", c.employee_id)


class CourseListView(ListPageView):
    """STF-8: planned courses, employees' requests, completed courses."""

    permission_required = Perm.STAFF_VIEW
    filterset_class = CourseFilter
    template_name = "staff/course_list.html"

    def status(self):
        value = self.request.GET.get("status", "planned")
        return value if value in dict(COURSE_TABS) else "planned"

    def get_title(self):
        return _("Qualification courses - %(section)s") % {"section": dict(COURSE_TABS)[self.status()]}

    def get_columns(self):
        columns = [
            Column(_("employee"), "employee.person.full_name", link=_employee_link),
            Column(_("course name"), "name"),
            Column(_("course direction"), "direction"),
            Column(_("course start"), "start"),
            Column(_("course end"), "end"),
            Column(_("place of the course"), "place"),
            Column(_("type"), "kind"),
            Column(_("description of the course"), "description"),
        ]
        if self.status() == "completed":
            columns += [
                Column(_("certificate number"), "certificate_number"),
                Column(_("date of issue"), "certificate_date"),
                Column(_("qualification category"), "category"),
                Column(_("date of attestation"), "attestation_date"),
                Column(_("conclusion of the attestation commission"), "conclusion"),
            ]
        return columns

    def get_queryset(self):
        return (
            Course.objects.filter(employee__school=self.request.school, status=self.status())
            .select_related("employee__person")
            .order_by("-start", "pk")
        )

    def has_row_actions(self):
        return self.may(Perm.STAFF_MANAGE) and self.status() != "completed"

    def row_actions(self, row):
        if self.status() == "planned":
            return [
                RowAction(
                    _("Confirm completion"),
                    url_for_pk("staff:course_confirm", row.pk),
                    testid="confirm-course",
                    style="btn-outline-success",
                )
            ]
        return [
            RowAction(_("Approve"), url_for_pk("staff:course_approve", row.pk), post=True),
            RowAction(
                _("Reject"),
                url_for_pk("staff:course_reject", row.pk),
                testid="reject-course",
                post=True,
                style="btn-outline-danger",
                confirm=_("Reject this request?"),
            ),
        ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["status"] = self.status()
        ctx["course_tabs"] = COURSE_TABS
        ctx["can_manage"] = self.may(Perm.STAFF_MANAGE)
        if ctx["can_manage"]:
            ctx["create_url"] = (reverse("staff:course_create"), _("Add a planned course"))
        return ctx


class TeachingFilter(SearchFilterSet):
    search_fields = ("person__last_name", "person__first_name", "position")
    qualification_category = django_filters.ChoiceFilter(
        choices=QualificationCategory.choices[1:], label=_("qualification category")
    )

    class Meta:
        model = Employee
        fields = ["q", "qualification_category"]


class RequalificationView(ListPageView):  # noqa: D101
    """STF-8: staff whose last attestation is older than the period of DOMAIN.md 5.1 (5 years, heads 3)."""

    permission_required = Perm.STAFF_VIEW
    filterset_class = TeachingFilter
    template_name = "staff/course_list.html"
    title = _("Qualification courses - needing requalification")
    columns = (
        Column(_("full name"), "person.full_name", link=lambda e: e.get_absolute_url()),
        Column(_("position"), "position"),
        Column(_("staff group"), "staff_group"),
        Column(_("qualification category"), "qualification_category"),
        Column(_("date of the last attestation"), "attested_on"),
        Column(_("category valid until"), "category_valid_until"),
    )

    def get_queryset(self):
        return (
            Employee.objects.for_school(self.request.school)
            .needing_requalification()
            .select_related("person")
            .order_by("attested_on", "person__last_name", "pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["status"] = "requalification"
        ctx["course_tabs"] = COURSE_TABS
        return ctx


class TeachingStaffView(ListPageView):
    """STF-11: the registry of teaching staff with their qualification category."""

    permission_required = Perm.STAFF_VIEW
    filterset_class = TeachingFilter
    title = _("Registry of teaching staff")
    columns = (
        Column(_("full name"), "person.full_name", link=lambda e: e.get_absolute_url()),
        Column(_("position"), "position"),
        Column(_("qualification category"), "qualification_category"),
        Column(_("date of the last attestation"), "attested_on"),
        Column(_("category valid until"), "category_valid_until"),
        Column(_("teaching seniority, years"), "seniority_teaching"),
    )

    def get_queryset(self):
        return (
            Employee.objects.for_school(self.request.school)
            .teaching()
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "pk")
        )


class CourseCreateView(PermissionMixin, FormView):
    permission_required = Perm.STAFF_MANAGE
    form_class = staff_forms.CourseForm
    template_name = "core/form_page.html"
    extra_context = {"title": _("Qualification course details")}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"school": self.request.school}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cancel_url"] = reverse("staff:course_list")
        return ctx

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            course_plan(acting_user=self.request.user, employee=data.pop("employee"), data=data)
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The course is planned."))
        return redirect("staff:course_list")


class CourseRequestView(PermissionMixin, FormView):
    """An employee files a request for a course for herself."""

    permission_required = Perm.STAFF_COURSE_REQUEST
    form_class = staff_forms.CourseRequestForm
    template_name = "staff/form_page.html"
    extra_context = {"title": _("Request a qualification course")}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.employee = (
                Employee.objects.current()
                .filter(school=request.school, person_id=request.user.person_id or 0)
                .select_related("person", "school")
                .first()
            )
            if self.employee is None:
                raise PermissionDenied(_("You have no personal file at this school."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"school": self.request.school}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["employee"] = self.employee
        ctx["cancel_url"] = f"{self.employee.get_absolute_url()}?tab=courses"
        ctx["submit_label"] = _("Send the request")
        return ctx

    def form_valid(self, form):
        try:
            course_request(acting_user=self.request.user, employee=self.employee, data=form.cleaned_data)
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Your request is sent to the HR officer."))
        return redirect(f"{self.employee.get_absolute_url()}?tab=courses")


class CourseMixin:
    def get_employee(self):
        self.course = get_object_or_404(
            Course.objects.visible_to(self.request.user).select_related(
                "employee__person", "employee__school"
            ),
            pk=self.kwargs["pk"],
        )
        return self.course.employee


class CourseConfirmView(CourseMixin, OperationFormView):
    form_class = staff_forms.CourseConfirmForm
    title = _("Completed qualification course details")
    submit_label = _("Save")
    success_message = _("The course is confirmed.")
    tab = "courses"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["course"] = self.course
        ctx["cancel_url"] = reverse("staff:course_list")
        return ctx

    def perform(self, form):
        course_confirm(acting_user=self.request.user, course=self.course, **form.cleaned_data)
        return redirect(f"{reverse('staff:course_list')}?status=completed")


class CourseApproveView(CourseMixin, OperationFormView):
    http_method_names = ["post"]
    form_class = forms.Form
    success_message = _("The request is approved; the course is planned.")

    def perform(self, form):
        course_approve(acting_user=self.request.user, course=self.course)
        return redirect(reverse("staff:course_list"))

    def form_invalid(self, form):
        messages.error(self.request, " ".join(form.non_field_errors()))
        return redirect(f"{reverse('staff:course_list')}?status=requested")


class CourseRejectView(CourseApproveView):
    """STF-8: the HR officer turns down a course request."""

    success_message = _("The request is rejected.")

    def perform(self, form):
        course_reject(acting_user=self.request.user, course=self.course)
        return redirect(f"{reverse('staff:course_list')}?status=requested")


class SeniorityView(PermissionMixin, View):
    """STF-9: one page to update the seniority of all current staff for the new academic year: a
    formset of one row per employee, saved at once by the service or not at all."""

    permission_required = Perm.STAFF_MANAGE
    template_name = "staff/seniority.html"
    FIELDS = ("seniority_total", "seniority_teaching", "seniority_at_school")

    def staff(self):
        return list(
            Employee.objects.current()
            .filter(school=self.request.school)
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "pk")
        )

    def year_start(self):
        year = getattr(self.request, "academic_year", None)
        return year.start if year is not None else timezone.localdate().replace(month=9, day=1)

    def initial(self, staff, advanced):
        """With `advanced`, everyone's seniority plus one year: once per academic year, so a file
        already updated since the year began keeps its figures (and says so)."""
        rows = []
        for e in staff:
            bump = 1 if advanced and not self.updated_this_year(e) else 0
            rows.append({"employee": e.pk} | {f: getattr(e, f) + bump for f in self.FIELDS})
        return rows

    def updated_this_year(self, employee):
        return (
            employee.seniority_updated_on is not None and employee.seniority_updated_on >= self.year_start()
        )

    def render(self, formset, advanced=False):
        return render(
            self.request,
            self.template_name,
            {
                "title": _("Seniority of staff on moving to a new academic year"),
                "formset": formset,
                "rows": [
                    {"form": form, "employee": e, "updated_this_year": self.updated_this_year(e)}
                    for form, e in formset.rows()
                ],
                "errors": formset.non_form_errors(),
                "advanced": advanced,
                "breadcrumbs": [(_("Staff"), reverse("staff:employee_list")), (_("Seniority"), None)],
            },
        )

    def get(self, request, *args, **kwargs):
        staff = self.staff()
        advanced = request.GET.get("advance") == "1"
        formset = staff_forms.SeniorityFormSet(employees=staff, initial=self.initial(staff, advanced))
        return self.render(formset, advanced=advanced)

    def post(self, request, *args, **kwargs):
        formset = staff_forms.SeniorityFormSet(request.POST, employees=self.staff())
        if formset.is_valid():
            try:
                n = seniority_update(
                    acting_user=request.user,
                    school=request.school,
                    values=formset.values(),
                    on=timezone.localdate(),
                )
            except OperationError as error:
                formset._non_form_errors.append(str(error))
            else:
                messages.success(request, _("The seniority of %(count)s employees is saved.") % {"count": n})
                return redirect("staff:seniority")
        return self.render(formset)
