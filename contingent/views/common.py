"""What the contingent's views share: the school's current year, operation pages on one object."""

from contingent.models import Student
from core.models import AcademicYear
from core.permissions import Perm, has_permission
from core.views.base import OperationFormView, ScopedObjectMixin


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
        # The school is the current one's object when the student is of it (with_current_school).
        return Student.objects.visible_to(self.request.user).select_related(
            "person", "school_class__class_teacher__person"
        )


class OperationView(ScopedObjectMixin, OperationFormView):
    """core's operation page on one scoped object (a student, a class, an application). Subclasses
    give `perform(form)`; afterwards and on Cancel back to the object."""

    template_name = "contingent/operation_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)

    def get_cancel_url(self):
        return self.object.get_absolute_url()

    def get_breadcrumbs(self):
        return self.breadcrumbs()

    def breadcrumbs(self):
        return [(str(self.object), self.object.get_absolute_url()), (self.title, None)]

    def success_url_for(self, result):
        return self.get_success_url(result)

    def get_success_url(self, result=None):
        return self.object.get_absolute_url()
