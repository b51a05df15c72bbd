"""Import of staff from Excel: upload, a preview of every row with its errors, then all or nothing."""

import base64

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from import_export.formats.base_formats import XLSX

from core.access import log_access
from core.exports import xlsx_response
from core.imports import check_row_limit
from core.permissions import Perm
from core.services import OperationError
from core.tasks import offload
from core.views.base import PermissionMixin
from staff.forms import StaffImportForm
from staff.imports import EmployeeImportResource, template_rows

SESSION_KEY = "staff_import_file"


def run_import(school, content, dry_run, acting_user):
    """Returns (rows, ok): rows = [(number, values, errors)]; nothing is kept unless every row is valid."""
    try:
        check_row_limit(content)
    except OperationError as error:
        return [(0, [], [str(error)])], False
    try:
        dataset = XLSX().create_dataset(content)
    except Exception:  # noqa: BLE001  (a broken workbook of any kind)
        return [(0, [], [str(_("The file is not an Excel workbook."))])], False
    resource = EmployeeImportResource(school, acting_user)
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=True, use_transactions=True, rollback_on_validation_errors=True
        )
        problems = {}
        for err in result.base_errors:
            problems.setdefault(0, []).append(_error_text(err.error))
        for number, errors in result.row_errors():
            problems.setdefault(number, []).extend(_error_text(e.error) for e in errors)
        for invalid in result.invalid_rows:
            problems.setdefault(invalid.number, []).extend(
                str(m) for messages_ in invalid.error_dict.values() for m in messages_
            )
        ok = not problems and len(dataset) > 0
        if ok and not dry_run:
            resource = EmployeeImportResource(school, acting_user)
            final = resource.import_data(
                dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
            )
            ok = not final.has_errors() and not final.has_validation_errors()
            if not ok:
                transaction.set_rollback(True)
    rows = [(0, [], problems[0])] if 0 in problems else []
    rows += [(i, list(values), problems.get(i, [])) for i, values in enumerate(dataset, start=1)]
    return rows, ok


def _error_text(error):
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error)


class ImportView(PermissionMixin, View):
    permission_required = Perm.STAFF_MANAGE
    template_name = "staff/import.html"

    def page(self, form, **extra):
        ctx = {
            "form": form,
            "title": _("Import staff from Excel"),
            "breadcrumbs": [(_("Staff"), reverse("staff:employee_list")), (_("Import"), None)],
            "columns": template_rows(),
        }
        return render(self.request, self.template_name, ctx | extra)

    def get(self, request, *args, **kwargs):
        if request.GET.get("template") == "1":
            return xlsx_response(request, _("Staff import"), template_rows(), [])
        return self.page(StaffImportForm())

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            if queued := offload(request, _("Import staff from Excel")):
                return queued  # the worker imports; the user watches its progress page
            encoded = request.session.get(SESSION_KEY)
            if not encoded:
                messages.error(request, _("Upload the file again."))
                return redirect("staff:import")
            rows, ok = run_import(request.school, base64.b64decode(encoded), dry_run=False, acting_user=request.user)
            if ok:
                del request.session[SESSION_KEY]
                log_access(request, "import", None, description=f"staff import: {len(rows)} rows")
                messages.success(request, _("%(count)s employees are imported.") % {"count": len(rows)})
                return redirect("staff:employee_list")
            return self.page(StaffImportForm(), rows=rows, ok=False)
        form = StaffImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form)
        content = form.cleaned_data["file"].read()
        rows, ok = run_import(request.school, content, dry_run=True, acting_user=request.user)
        if ok:
            request.session[SESSION_KEY] = base64.b64encode(content).decode()
        return self.page(StaffImportForm(), rows=rows, ok=ok, headers=_headers(content))


def _headers(content):
    try:
        return list(XLSX().create_dataset(content).headers)
    except Exception:  # noqa: BLE001
        return []
