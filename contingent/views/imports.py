"""Import of students and parents from Excel: preview with every row's errors, then all or nothing."""

import base64

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from contingent.imports import COLUMNS, REQUIRED, StudentImportResource
from core.exports import xlsx_response
from core.forms import ExcelFileForm
from core.imports import column_keys, run_import
from core.permissions import Perm
from core.services import OperationError
from core.tasks import offload
from core.views.base import PermissionMixin

SESSION_KEY = "contingent_import_file"


def _checked(headers, rows):
    """The preview's rows: the sheet's line, the values by column key, the row's errors."""
    try:
        keys = column_keys(headers, COLUMNS, REQUIRED)
    except OperationError:  # the file's own error is its row 0, shown with the others
        keys = [None] * len(headers)
    return [
        {"line": line, "raw": dict(zip(keys, values, strict=False)), "errors": errors}
        for line, values, errors in rows
    ]


class ImportView(PermissionMixin, View):
    permission_required = Perm.CONTINGENT_MANAGE
    template_name = "contingent/import.html"

    def render_page(self, form, checked=None):
        ctx = {
            "form": form,
            "checked": checked,
            "columns": [h for _c, h in COLUMNS],
            "title": _("Import students and parents from Excel"),
            "has_errors": any(c["errors"] for c in checked or []),
        }
        ctx["breadcrumbs"] = [(ctx["title"], None)]
        return render(self.request, self.template_name, ctx)

    def get(self, request):
        if request.GET.get("template") == "xlsx":
            return xlsx_response(request, _("Import of students"), [h for _c, h in COLUMNS], [])
        return self.render_page(ExcelFileForm())

    def post(self, request):
        if "confirm" in request.POST:
            if queued := offload(request, _("Import students and parents from Excel")):
                return queued  # the worker imports; the user watches its progress page
            encoded = request.session.get(SESSION_KEY)
            if not encoded:
                messages.error(request, _("Upload the file again."))
                return redirect("contingent:import")
            headers, rows, ok = run_import(
                StudentImportResource, request.school, request.user, base64.b64decode(encoded), dry_run=False
            )
            if not ok:
                messages.error(
                    request,
                    _("%(count)s rows have errors; nothing was imported.")
                    % {"count": sum(1 for _line, _values, errors in rows if errors)},
                )
                return self.render_page(ExcelFileForm(), _checked(headers, rows))
            del request.session[SESSION_KEY]
            messages.success(
                request, _('%(count)s students are imported into "Without a class".') % {"count": len(rows)}
            )
            return redirect("contingent:student_list")
        form = ExcelFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form)
        content = form.cleaned_data["file"].read()
        headers, rows, _ok = run_import(
            StudentImportResource, request.school, request.user, content, dry_run=True
        )
        if rows and rows[0][0] == 0:  # the file itself: not a workbook, too many rows, a missing column
            form.add_error("file", rows[0][2])
            return self.render_page(form)
        if not rows:
            form.add_error("file", _("The file has no rows below the header."))
            return self.render_page(form)
        request.session[SESSION_KEY] = base64.b64encode(content).decode()
        return self.render_page(ExcelFileForm(), _checked(headers, rows))
