"""What the staff pages stand on: the employee of the URL, scoped and checked, and one form page."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.permissions import Perm, has_permission
from core.views.base import OperationFormView as CoreOperationFormView
from core.views.base import PermissionMixin
from staff.models import Employee


def is_own_file(user, employee):
    return bool(user.person_id) and user.person_id == employee.person_id


class EmployeeMixin(PermissionMixin):
    """The employee of the URL: another school's file is a 404, a file the role may not touch a 403."""

    permission_required = Perm.STAFF_MANAGE
    allow_own = False  # the person may open her own file read-only without permission_required
    employee_kwarg = "pk"

    def needs_school(self):
        return False

    def check_permission(self, school=None):
        return None

    def get_employee(self):
        return get_object_or_404(
            Employee.objects.visible_to(self.request.user).select_related("person", "school"),
            pk=self.kwargs[self.employee_kwarg],
        )

    def dispatch(self, request, *args, **kwargs):
        self.request, self.kwargs = request, kwargs
        self.employee = self.get_employee()
        allowed = has_permission(request.user, self.permission_required, self.employee.school)
        if not allowed and not (self.allow_own and is_own_file(request.user, self.employee)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def file_url(self, tab=None):
        url = reverse("staff:employee_detail", args=[self.employee.pk])
        return f"{url}?tab={tab}" if tab else url

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["employee"] = self.employee
        # the staff list is linked only for those who may open it (not for a teacher reading her file)
        list_url = (
            reverse("staff:employee_list")
            if has_permission(self.request.user, Perm.STAFF_VIEW, self.request.school)
            else None
        )
        ctx["breadcrumbs"] = [
            (_("Staff"), list_url),
            (self.employee.person.full_name, self.file_url()),
            (ctx.get("title", ""), None),
        ]
        return ctx


class OperationFormView(EmployeeMixin, CoreOperationFormView):
    """core's operation page on the employee of the URL: an OperationError is shown above the form,
    nothing saved; afterwards (and on Cancel) back to the file's tab."""

    template_name = "staff/form_page.html"
    submit_label = _("Register")
    success_message = _("Saved.")
    tab = None

    def get_cancel_url(self):
        return self.file_url(self.tab)

    def success_url_for(self, result):
        return self.file_url(self.tab)
