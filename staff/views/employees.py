"""The staff list and archive (STF-1), hiring (STF-2), the personal file and its sections (STF-3, ORG-5)."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models.functions import Left, Upper
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from core.access import log_access
from core.filters import SearchFilterSet
from core.history import events_of, history_rows
from core.links import url_for_pk
from core.lists import ListPageView
from core.permissions import AUTHENTICATED, Perm, has_permission
from core.services import OperationError
from core.tables import Column
from core.views.base import PermissionMixin
from core.views.orders import serve_private_file
from staff import forms as staff_forms
from staff.models import Award, Education, Employee, EmployeeStatus, WorkRecord
from staff.services import assignable_roles, employee_hire, employee_update_file
from staff.views.base import EmployeeMixin, OperationFormView, is_own_file

HIRED_SESSION_KEY = "staff_hired"


def _file_link(e):
    return url_for_pk("staff:employee_detail", e.pk)


class EmployeeFilter(SearchFilterSet):
    search_fields = (
        "person__last_name",
        "person__first_name",
        "person__patronymic",
        "person__iin",
        "position",
        "structural_unit",
    )
    letter = django_filters.CharFilter(
        method="filter_letter", label=_("Last name (first letter)"), widget=forms.HiddenInput
    )
    no_consent = django_filters.BooleanFilter(
        method="filter_no_consent",
        label=_("only those without written consent"),
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Employee
        fields = ["q", "letter", "no_consent"]

    def filter_letter(self, queryset, name, value):
        return queryset.filter(person__last_name__istartswith=value[:1]) if value else queryset

    def filter_no_consent(self, queryset, name, value):
        return queryset.filter(consent_given_on__isnull=True) if value else queryset


class EmployeeListView(ListPageView):
    """STF-1: current staff; the first-letter filter, search as you type, positions, export; ORG-5 consent."""

    permission_required = Perm.STAFF_VIEW
    filterset_class = EmployeeFilter
    template_name = "staff/employee_list.html"
    title = _("Current staff")
    archive = False
    columns = (
        Column(_("full name"), "person.full_name", link=_file_link),
        Column(_("date of birth"), "person.birth_date"),
        Column(_("position"), "position"),
        Column(_("structural unit"), "structural_unit"),
        Column(_("qualification category"), "qualification_category"),
        Column(_("written consent"), lambda e: e.consent_given_on or _("missing")),
    )

    def base_queryset(self):
        qs = Employee.objects.for_school(self.request.school)
        return qs.archived() if self.archive else qs.current()

    def get_queryset(self):
        return (
            self.base_queryset()
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["letters"] = list(
            self.base_queryset()
            .annotate(letter=Upper(Left("person__last_name", 1)))
            .order_by("letter")
            .values_list("letter", flat=True)
            .distinct()
        )
        ctx["archive"] = self.archive
        ctx["can_manage"] = has_permission(self.request.user, Perm.STAFF_MANAGE, self.request.school)
        if ctx["can_manage"] and not self.archive:
            ctx["create_url"] = (reverse("staff:employee_hire"), _("Register hiring"))
        return ctx


class EmployeeArchiveView(EmployeeListView):
    title = _("Former employees")
    archive = True
    columns = (
        Column(_("full name"), "person.full_name", link=_file_link),
        Column(_("date of birth"), "person.birth_date"),
        Column(_("position"), "position"),
        Column(_("date of hiring"), "hired_on"),
        Column(_("date of dismissal"), "dismissed_on"),
        Column(_("reason of dismissal"), "dismissal_reason"),
    )


class HireView(PermissionMixin, FormView):
    """STF-2: the personal file, the login, the roles and the hiring order in one transaction."""

    permission_required = Perm.STAFF_MANAGE
    form_class = staff_forms.HireForm
    template_name = "core/form_page.html"
    extra_context = {"title": _("Register hiring"), "submit_label": _("Register")}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "roles": assignable_roles(self.request.user, self.request.school),
            "school": self.request.school,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cancel_url"] = reverse("staff:employee_list")
        ctx["breadcrumbs"] = [(_("Staff"), ctx["cancel_url"]), (ctx["title"], None)]
        return ctx

    def form_valid(self, form):
        try:
            employee, user, password = employee_hire(
                acting_user=self.request.user,
                school=self.request.school,
                person=form.person_data(),
                employment=form.employment_data(),
                roles=form.cleaned_data["roles"],
                create_login=form.cleaned_data["create_login"],
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The hiring is registered; the order is in the register."))
        # Post/Redirect/Get: the first password waits in the session for the one page that shows it
        self.request.session[HIRED_SESSION_KEY] = {"employee": employee.pk, "password": password}
        return redirect("staff:hired", pk=employee.pk)


class HiredView(EmployeeMixin, TemplateView):
    """STF-2: the login and the first password, shown once; a reload or a later visit opens the file."""

    permission_required = Perm.STAFF_MANAGE
    template_name = "staff/hired.html"

    def get(self, request, *args, **kwargs):
        issued = request.session.get(HIRED_SESSION_KEY) or {}
        if issued.get("employee") != self.employee.pk:
            return redirect(self.employee.get_absolute_url())
        del request.session[HIRED_SESSION_KEY]
        target = get_user_model().objects.filter(person_id=self.employee.person_id).first()
        response = self.render_to_response(
            self.get_context_data(
                target=target, password=issued.get("password"), title=_("The hiring is registered")
            )
        )
        add_never_cache_headers(response)  # the password must not come back from the browser's cache
        return response


TABS = [
    ("personal", _("Personal")),
    ("documents", _("Documents")),
    ("guidance", _("Class guidance")),
    ("contacts", _("Contacts")),
    ("education", _("Education")),
    ("work", _("Work at the organisation")),
    ("awards", _("Awards and incentives")),
    ("orders", _("Orders")),
    ("absences", _("Leave and sick leave")),
    ("courses", _("Qualification courses")),
]


def _fields(obj, names):
    rows = []
    for name in names:
        field = obj._meta.get_field(name)
        display = getattr(obj, f"get_{name}_display", None)
        value = display() if display and field.choices else getattr(obj, name)
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        rows.append((field.verbose_name, value if value not in (None, "") else "—"))
    return rows


class EmployeeDetailView(EmployeeMixin, TemplateView):
    """STF-3: the personal file by sections; the person herself reads it, HR and the director edit it."""

    permission_required = Perm.STAFF_VIEW
    allow_own = True
    template_name = "staff/employee_detail.html"

    def get(self, request, *args, **kwargs):
        log_access(request, "view", self.employee)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(title=_("Personal file"), **kwargs)
        e, user = self.employee, self.request.user
        tab = self.request.GET.get("tab", "personal")
        tab = tab if tab in dict(TABS) else "personal"
        ctx.update(tab=tab, tabs=TABS, object=e, person=e.person)
        ctx["can_manage"] = (
            has_permission(user, Perm.STAFF_MANAGE, e.school) and e.status == EmployeeStatus.ACTIVE
        )
        ctx["can_edit"] = has_permission(user, Perm.STAFF_MANAGE, e.school)
        ctx["can_history"] = has_permission(user, Perm.HISTORY_VIEW, e.school)
        # STF-5: planning owns the page of an absent teacher's lessons; staff only links to it
        ctx["can_see_lessons"] = has_permission(user, Perm.PLANNING_VIEW, e.school)
        ctx["own"] = is_own_file(user, e)
        ctx["can_request_course"] = ctx["own"] and has_permission(user, Perm.STAFF_COURSE_REQUEST, e.school)
        if ctx["can_manage"]:  # STF-5: the recall is in the Operations menu too, for the leave going on
            ctx["recallable_leave"] = (
                e.absences.filter(kind="leave", planned_end__isnull=True, end__gte=timezone.localdate())
                .order_by("start")
                .first()
            )
        ctx.update(getattr(self, f"tab_{tab}", lambda: {})())
        return ctx

    def tab_personal(self):
        e = self.employee
        login = (
            get_user_model().objects.filter(person_id=e.person_id).values_list("username", flat=True).first()
        )
        person = [
            (_("login"), login or "—"),
            *_fields(e.person, ["iin", "email", "birth_date", "sex"]),
            *_fields(
                e, ["marital_status", "nationality", "position", "structural_unit", "staff_group", "rate"]
            ),
            *_fields(e, ["status", "hired_on", "dismissed_on", "dismissal_reason"]),
        ]
        consent = _fields(e, ["consent_given_on"])
        return {"rows": person, "consent_rows": consent}

    def tab_documents(self):
        return {
            "rows": _fields(
                self.employee,
                [
                    "id_document_type",
                    "id_document_number",
                    "id_document_issued_by",
                    "id_document_issued_on",
                    "id_document_valid_until",
                    "contract_number",
                    "contract_date",
                    "hiring_order",
                ],
            )
        }

    def tab_guidance(self):
        return {"rows": _fields(self.employee, ["class_guidance_allowed"])}

    def tab_contacts(self):
        e = self.employee
        return {
            "rows": _fields(e.person, ["phone", "email", "address"])
            + _fields(e, ["work_phone", "registered_address"])
        }

    def tab_education(self):
        return {"items": self.employee.education.all()}

    def tab_work(self):
        e = self.employee
        rows = _fields(
            e,
            [
                "qualification_category",
                "attested_on",
                "category_valid_until",
                "seniority_total",
                "seniority_teaching",
                "seniority_at_school",
                "seniority_updated_on",
            ],
        )
        delegations = (
            (e.delegations_given.all() | e.delegations_received.all())
            .select_related("employee__person", "delegate__person", "order")
            .order_by("-valid_from")
        )
        return {"rows": rows, "items": e.work_records.all(), "delegations": delegations}

    def tab_awards(self):
        return {"items": self.employee.awards.all()}

    def tab_orders(self):
        return {"items": [link.order for link in self.employee.order_links.select_related("order")]}

    def tab_absences(self):
        return {"items": self.employee.absences.select_related("order", "recall__order")}

    def tab_courses(self):
        return {"items": self.employee.courses.all()}


class EmployeeHistoryView(EmployeeMixin, TemplateView):
    """ORG-7 on the personal file: every change of the file, its sections and the person."""

    permission_required = Perm.HISTORY_VIEW
    template_name = "staff/employee_detail.html"

    def get(self, request, *args, **kwargs):
        log_access(request, "view", self.employee, description="history")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(title=_("History"), **kwargs)
        e = self.employee
        rows = history_rows(events_of(e, include_related=True)) + history_rows(events_of(e.person))
        rows.sort(key=lambda r: r["at"], reverse=True)
        ctx.update(tab="history", tabs=TABS, object=e, person=e.person, history=rows, can_history=True)
        return ctx


SECTION_FORMS = {
    "personal": (staff_forms.PersonalForm, _("Personal"), "personal"),
    "contacts": (staff_forms.ContactsForm, _("Contacts"), "contacts"),
    "documents": (staff_forms.DocumentsForm, _("Documents"), "documents"),
    "guidance": (staff_forms.GuidanceForm, _("Class guidance permission"), "guidance"),
    "consent": (
        staff_forms.EmployeeConsentForm,
        _("Written consent to personal-data processing"),
        "personal",
    ),
}


class SectionEditView(OperationFormView):
    """Edits one section of the file; the History tab shows the change (pghistory)."""

    submit_label = _("Save")
    success_message = _("The personal file is saved.")

    def dispatch(self, request, *args, **kwargs):
        if kwargs["section"] not in SECTION_FORMS:
            raise Http404
        self.form_class, self.title, self.tab = SECTION_FORMS[kwargs["section"]]
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if issubclass(self.form_class, forms.ModelForm):
            kwargs["instance"] = self.employee
        else:
            kwargs["initial"] = self.form_class.initial_for(self.employee)
        return kwargs

    def perform(self, form):
        if isinstance(form, forms.ModelForm):
            form.save()
            return None
        data = form.cleaned_data
        person_fields = form.PERSON_FIELDS
        employee_update_file(
            acting_user=self.request.user,
            employee=self.employee,
            person_data={k: data[k] for k in person_fields},
            employee_data={k: v for k, v in data.items() if k not in person_fields},
        )
        return None


RECORD_FORMS = {
    "education": (Education, staff_forms.EducationForm, _("Education")),
    "work": (WorkRecord, staff_forms.WorkRecordForm, _("Work at the organisation")),
    "awards": (Award, staff_forms.AwardForm, _("Awards and incentives")),
}


class RecordAddView(OperationFormView):
    """Adds a row to a list section of the file (education, work, awards)."""

    submit_label = _("Save")
    success_message = _("The personal file is saved.")

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in RECORD_FORMS:
            raise Http404
        self.model, self.form_class, self.title = RECORD_FORMS[kwargs["kind"]]
        self.tab = kwargs["kind"]
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = getattr(self, "record", None) or self.model(employee=self.employee)
        return kwargs

    def perform(self, form):
        form.save()


class RecordEditView(RecordAddView):
    def get_employee(self):
        self.model = RECORD_FORMS[self.kwargs["kind"]][0]
        self.record = get_object_or_404(
            self.model.objects.visible_to(self.request.user).select_related(
                "employee__person", "employee__school"
            ),
            pk=self.kwargs["pk"],
        )
        return self.record.employee


class ConsentScanView(EmployeeMixin, TemplateView):
    permission_required = Perm.STAFF_VIEW
    allow_own = True

    def get(self, request, *args, **kwargs):
        return serve_private_file(request, self.employee.consent_scan, self.employee)


class MyFileView(PermissionMixin, TemplateView):
    """The signed-in person's own file at the current school."""

    permission_required = AUTHENTICATED

    def get(self, request, *args, **kwargs):
        employee = (
            Employee.objects.filter(school=request.school, person_id=request.user.person_id)
            .order_by("status", "-hired_on")
            .first()
            if request.user.person_id
            else None
        )
        if employee is None:
            # the menu offers this page to every employee: a missing file is a message, not a 403
            messages.info(request, _("You have no personal file at this school."))
            return redirect("core:home")
        return redirect(employee.get_absolute_url())
