"""Import of staff from Excel: upload, a preview of every row with its errors, then all or nothing."""

import base64

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from core.access import log_access
from core.exports import xlsx_response
from core.forms import ExcelFileForm
from core.imports import run_import
from core.permissions import Perm
from core.tasks import offload
from core.views.base import PermissionMixin
from staff.imports import EmployeeImportResource, template_rows

SESSION_KEY = "staff_import_file"


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
        return self.page(ExcelFileForm())

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            if queued := offload(request, _("Import staff from Excel")):
                return queued  # the worker imports; the user watches its progress page
            encoded = request.session.get(SESSION_KEY)
            if not encoded:
                messages.error(request, _("Upload the file again."))
                return redirect("staff:import")
            headers, rows, ok = run_import(
                EmployeeImportResource, request.school, request.user, base64.b64decode(encoded), dry_run=False
            )
            if ok:
                del request.session[SESSION_KEY]
                log_access(request, "import", None, description=f"staff import: {len(rows)} rows")
                messages.success(request, _("%(count)s employees are imported.") % {"count": len(rows)})
                return redirect("staff:employee_list")
            return self.page(ExcelFileForm(), rows=rows, ok=False, headers=headers)
        form = ExcelFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form)
        content = form.cleaned_data["file"].read()
        headers, rows, ok = run_import(
            EmployeeImportResource, request.school, request.user, content, dry_run=True
        )
        if ok:
            request.session[SESSION_KEY] = base64.b64encode(content).decode()
        return self.page(ExcelFileForm(), rows=rows, ok=ok, headers=headers)
