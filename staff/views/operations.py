"""Leave, time off, sick leave, recall (STF-5), dismissal (STF-6), delegation (STF-7), certificate (STF-4)."""

import io

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.access import log_access
from core.declension import full_name_in
from core.exports import XLSX, _attach, _filename, sheet_title, xlsx_cell
from core.permissions import Perm, has_permission
from core.views.orders import serve_private_file
from staff import forms as staff_forms
from staff.models import Absence, AbsenceKind, StaffGroup
from staff.services import (
    absence_register,
    delegable_roles,
    delegation_create,
    employee_dismiss,
    following_dismissal,
    leave_recall,
    school_roles_of,
)
from staff.views.base import EmployeeMixin, OperationFormView


class LeaveView(OperationFormView):
    form_class = staff_forms.LeaveForm
    title = _("Leave details")
    success_message = _("The leave is registered; the order is in the register.")
    tab = "absences"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # "Показать наличие занятий / уроков": the teacher's lessons on the dates typed, for those who
        # may read the timetable (planning answers an htmx request)
        if self.employee.staff_group in (StaffGroup.TEACHING, StaffGroup.HEAD) and has_permission(
            self.request.user, Perm.PLANNING_VIEW, self.employee.school
        ):
            ctx["lessons_url"] = reverse("planning:teacher_lessons", args=[self.employee.pk])
        return ctx

    def perform(self, form):
        d = form.cleaned_data
        absence_register(
            acting_user=self.request.user,
            employee=self.employee,
            kind=AbsenceKind.LEAVE,
            start=d["start"],
            end=d["end"],
            leave_type=d["leave_type"],
        )


class TimeOffView(LeaveView):
    form_class = staff_forms.TimeOffForm
    title = _("Time off details")
    success_message = _("The time off is registered; the order is in the register.")

    def perform(self, form):
        d = form.cleaned_data
        absence_register(
            acting_user=self.request.user,
            employee=self.employee,
            kind=AbsenceKind.TIME_OFF,
            start=d["start"],
            end=d["end"],
        )


class SickLeaveView(LeaveView):
    form_class = staff_forms.SickLeaveForm
    title = _("Sick leave details")
    success_message = _("The sick leave is registered.")

    def perform(self, form):
        d = form.cleaned_data
        absence_register(
            acting_user=self.request.user,
            employee=self.employee,
            kind=AbsenceKind.SICK_LEAVE,
            start=d["start"],
            end=d["end"],
            illness=d["illness"],
            diagnosis=d["diagnosis"],
            scan=d["scan"],
        )


class AbsenceMixin:
    """The absence of the URL; its file decides access."""

    def get_employee(self):
        self.absence = get_object_or_404(
            Absence.objects.visible_to(self.request.user).select_related(
                "employee__person", "employee__school"
            ),
            pk=self.kwargs["pk"],
        )
        return self.absence.employee


class RecallView(AbsenceMixin, OperationFormView):
    form_class = staff_forms.RecallForm
    title = _("Recall from leave details")
    submit_label = _("Save")
    success_message = _("The recall is registered; the order is in the register.")
    tab = "absences"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["absence"] = self.absence
        return ctx

    def perform(self, form):
        leave_recall(
            acting_user=self.request.user,
            leave=self.absence,
            recalled_on=form.cleaned_data["recalled_on"],
            reason=form.cleaned_data["reason"],
        )


class AbsenceScanView(AbsenceMixin, EmployeeMixin, TemplateView):
    """The scan of a sick-leave certificate, streamed like an order's scan after the access check."""

    permission_required = Perm.STAFF_VIEW
    allow_own = True

    def get(self, request, *args, **kwargs):
        return serve_private_file(request, self.absence.scan, self.absence)


class DismissView(OperationFormView):
    form_class = staff_forms.DismissForm
    title = _("Dismissal: reason")
    success_message = _("The dismissal is registered; the login is blocked and the file is in the archive.")

    template_name = "staff/dismiss_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["assignments"] = list(school_roles_of(self.employee))
        return kwargs

    def get_context_data(self, **kwargs):
        """STF-6: what ends with the employment is listed before the dismissal is confirmed."""
        ctx = super().get_context_data(**kwargs)
        ctx["following_absences"], ctx["following_delegations"] = following_dismissal(
            self.employee, timezone.localdate()
        )
        return ctx

    def perform(self, form):
        d = form.cleaned_data
        employee_dismiss(
            acting_user=self.request.user,
            employee=self.employee,
            reason=d["reason"],
            date=d["date"],
            remove_roles=[int(pk) for pk in d["remove_roles"]],
        )


class DelegateView(OperationFormView):
    form_class = staff_forms.DelegationForm
    title = _("Delegation of duties")
    success_message = _("The duties are delegated; the order is in the register.")
    tab = "work"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["employee"] = self.employee
        kwargs["roles"] = delegable_roles(self.employee)
        kwargs["has_login"] = get_user_model().objects.filter(person_id=self.employee.person_id).exists()
        return kwargs

    def perform(self, form):
        d = form.cleaned_data
        delegation_create(
            acting_user=self.request.user,
            employee=self.employee,
            delegate=d["delegate"],
            role=d["role"],
            valid_from=d["valid_from"],
            valid_to=d["valid_to"],
        )


def certificate_workbook(employee, today):
    """STF-4: the employment certificate (справка с места работы), in the active language."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    e, p = employee, employee.person
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(gettext("Certificate")))
    ws.column_dimensions["A"].width = 90
    lines = [
        (e.school.name, Font(bold=True, size=12)),
        (e.school.address, None),
        ("", None),
        (gettext("EMPLOYMENT CERTIFICATE"), Font(bold=True, size=14)),
        (gettext("Date: %(date)s") % {"date": formats.date_format(today, "SHORT_DATE_FORMAT")}, None),
        ("", None),
    ]
    # The sentence agrees with the person's sex ("он работает" / "она работала"); her name is in the
    # case the Russian sentence needs (core.declension).
    female = p.sex == "f"
    if e.status == "active":
        body = (
            pgettext(
                "female",
                "This is to certify that %(name)s, IIN %(iin)s, has worked at %(school)s as %(position)s "
                "since %(hired)s and works there at present.",
            )
            if female
            else pgettext(
                "male",
                "This is to certify that %(name)s, IIN %(iin)s, has worked at %(school)s as %(position)s "
                "since %(hired)s and works there at present.",
            )
        )
    else:
        body = (
            pgettext(
                "female",
                "This is to certify that %(name)s, IIN %(iin)s, worked at %(school)s as %(position)s "
                "from %(hired)s to %(dismissed)s.",
            )
            if female
            else pgettext(
                "male",
                "This is to certify that %(name)s, IIN %(iin)s, worked at %(school)s as %(position)s "
                "from %(hired)s to %(dismissed)s.",
            )
        )
    lines.append(
        (
            body
            % {
                "name": full_name_in(p, "dative"),
                "iin": p.iin or "—",
                "school": e.school.name,
                "position": e.position,
                "hired": formats.date_format(e.hired_on, "SHORT_DATE_FORMAT"),
                "dismissed": formats.date_format(e.dismissed_on, "SHORT_DATE_FORMAT")
                if e.dismissed_on
                else "",
            },
            None,
        )
    )
    if e.hiring_order_id:
        lines.append(
            (
                gettext("Hiring order No. %(number)s of %(date)s.")
                % {
                    "number": e.hiring_order.number,
                    "date": formats.date_format(e.hiring_order.date, "SHORT_DATE_FORMAT"),
                },
                None,
            )
        )
    lines += [
        (gettext("The certificate is given for presentation at the place of request."), None),
        ("", None),
        (gettext("Director: %(name)s") % {"name": e.school.director_name or "____________"}, None),
        (gettext("HR officer: ____________"), None),
    ]
    for text, font in lines:
        cell = xlsx_cell(ws, text, font)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.append([cell])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


class CertificateView(EmployeeMixin, TemplateView):
    permission_required = Perm.STAFF_MANAGE

    def get(self, request, *args, **kwargs):
        e = self.employee
        if e.hiring_order_id:
            e = type(e).objects.select_related("person", "school", "hiring_order").get(pk=e.pk)
        content = certificate_workbook(e, timezone.localdate())
        log_access(request, "export", e, description="xlsx: employment certificate")
        return _attach(HttpResponse(content, content_type=XLSX), _filename(f"certificate-{e.pk}", "xlsx"))
