"""Import of students and parents from Excel: preview with every row's errors, then all or nothing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from contingent.forms import StudentImportForm
from contingent.imports import COLUMNS, check_rows, read_rows, students_import
from core.exports import xlsx_response
from core.permissions import Perm
from core.services import OperationError
from core.tasks import offload
from core.views.base import PermissionMixin

SESSION_KEY = "contingent_import_rows"


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
        return self.render_page(StudentImportForm())

    def post(self, request):
        if "confirm" in request.POST:
            if queued := offload(request, _("Import students and parents from Excel")):
                return queued  # the worker imports; the user watches its progress page
            rows = request.session.get(SESSION_KEY)
            if not rows:
                messages.error(request, _("Upload the file again."))
                return redirect("contingent:import")
            try:
                created = students_import(acting_user=request.user, school=request.school, rows=rows)
            except OperationError as error:
                messages.error(request, str(error))
                return self.render_page(StudentImportForm(), check_rows(rows, request.school))
            del request.session[SESSION_KEY]
            messages.success(
                request,
                _('%(count)s students are imported into "Without a class".') % {"count": len(created)},
            )
            return redirect("contingent:student_list")
        form = StudentImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form)
        try:
            rows = read_rows(form.cleaned_data["file"])
        except OperationError as error:
            form.add_error("file", str(error))
            return self.render_page(form)
        if not rows:
            form.add_error("file", _("The file has no rows below the header."))
            return self.render_page(form)
        request.session[SESSION_KEY] = rows
        return self.render_page(StudentImportForm(), check_rows(rows, request.school))
