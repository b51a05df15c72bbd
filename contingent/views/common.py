"""What the contingent's views share: the school's current year, operation pages on one object."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.generic import FormView

from contingent.models import Student
from core.models import AcademicYear
from core.permissions import Perm, has_permission
from core.services import OperationError
from core.views.base import ScopedObjectMixin


def current_year(school):
    return AcademicYear.objects.filter(school=school, is_current=True).first()


def may_see_student(user, school):
    return has_permission(user, Perm.CONTINGENT_VIEW, school) or has_permission(
        user, Perm.CHILDREN_VIEW, school
    )


class StudentScopedMixin(ScopedObjectMixin):
    """A page about one student: another school's student or another parent's child is a 404."""

    model = Student

    def get_queryset(self):
        return Student.objects.visible_to(self.request.user).select_related(
            "person", "school", "school_class__class_teacher__person"
        )


class OperationView(ScopedObjectMixin, FormView):
    """Form + service + message + redirect (DESIGN rule 6). Subclasses give `perform(form)`."""

    template_name = "contingent/operation_form.html"
    title = ""
    submit_label = None
    success_message = ""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=self.title,
            object=self.object,
            submit_label=self.submit_label,
            cancel_url=self.object.get_absolute_url(),
            breadcrumbs=self.breadcrumbs(),
        )
        return ctx

    def breadcrumbs(self):
        return [(str(self.object), self.object.get_absolute_url()), (self.title, None)]

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.get_success_url(result))

    def get_success_url(self, result=None):
        return self.object.get_absolute_url()

    def perform(self, form):  # pragma: no cover - every subclass defines it
        raise NotImplementedError


def deny():
    raise PermissionDenied
