"""Students: current and archive lists (CON-11), registration (CON-1), the personal file (CON-5)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView

from contingent.filters import ArchiveFilter, StudentFilter, current_class_choices
from contingent.forms import StudentEditForm, StudentRegisterForm
from contingent.models import Consent, FreeMealApplication, GuardianLink, Movement, SchoolClass, Student
from contingent.services import student_register, student_update_file
from contingent.views.common import OperationView, StudentScopedMixin, may_see_student
from core import prepared
from core.access import log_access
from core.history import events_of, history_rows
from core.lists import ListPageView
from core.permissions import Perm, has_permission
from core.services import OperationError
from core.tables import Column
from core.views.base import PermissionMixin, with_current_school

STUDENT_COLUMNS = (
    Column(_("IIN"), "person.iin"),
    Column(_("full name"), "person.full_name", link=lambda s: s.get_absolute_url()),
    Column(_("date of birth"), "person.birth_date"),
    Column(_("class"), "class_label"),
    Column(_("parallel"), "parallel"),
    Column(_("date of admission"), "admitted_on"),
)


class StudentListView(ListPageView):
    """CON-11: the current students; search by name or IIN; filter by parallel and class."""

    permission_required = Perm.CONTINGENT_VIEW
    filterset_class = StudentFilter
    template_name = "contingent/student_list.html"
    title = _("Students")
    columns = STUDENT_COLUMNS
    tab = "current"

    def base_queryset(self):
        return Student.objects.visible_to(self.request.user).for_school(self.request.school)

    def get_queryset(self):
        return (
            self.base_queryset()
            .current()
            .select_related("person", "school_class")
            .order_by("person__last_name", "person__first_name", "pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["classes"] = current_class_choices(self.request)
        return kwargs

    def has_row_actions(self):
        """CON-2: a row of "Without a class" has the enrol button, for who may move students."""
        if not hasattr(self, "_may_move"):
            self._may_move = self.tab == "current" and has_permission(
                self.request.user, Perm.CONTINGENT_MOVE, self.request.school
            )
        return self._may_move

    def row_actions(self, row):
        if row.school_class_id is not None:
            return ()
        return [(_("Enrol into a class"), reverse("contingent:student_enrol", args=[row.pk]), "enrol")]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["tab"] = self.tab
        ctx["breadcrumbs"] = [(self.get_title(), None)]
        if has_permission(self.request.user, Perm.CONTINGENT_MANAGE, self.request.school):
            ctx["create_url"] = (reverse("contingent:student_create"), _("Register a student"))
        return ctx


class StudentArchiveView(StudentListView):
    """CON-11: students who left or graduated; nothing is deleted (CON-7)."""

    filterset_class = ArchiveFilter
    title = _("Archive of students")
    tab = "archive"
    columns = (
        Column(_("IIN"), "person.iin"),
        Column(_("full name"), "person.full_name", link=lambda s: s.get_absolute_url()),
        Column(_("date of birth"), "person.birth_date"),
        Column(_("last class"), "class_label"),
        Column(_("status"), "status"),
        Column(_("date of leaving"), "left_on"),
    )

    def get_queryset(self):
        return (
            self.base_queryset()
            .archived()
            .select_related("person", "school_class")
            .order_by("person__last_name", "person__first_name", "pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super(StudentListView, self).get_filterset_kwargs(filterset_class)
        kwargs["classes"] = SchoolClass.objects.filter(school=self.request.school).name_choices()
        return kwargs


class StudentCreateView(PermissionMixin, FormView):
    """CON-1: the new student lands in "Without a class"."""

    permission_required = Perm.CONTINGENT_MANAGE
    form_class = StudentRegisterForm
    template_name = "core/form_page.html"
    extra_context = {"title": _("Register a student"), "submit_label": _("Create")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school": self.request.school}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cancel_url"] = reverse("contingent:student_list")
        ctx["breadcrumbs"] = [(_("Students"), ctx["cancel_url"]), (ctx["title"], None)]
        return ctx

    def form_valid(self, form):
        d = form.cleaned_data
        try:
            student = student_register(
                acting_user=self.request.user,
                school=self.request.school,
                parallel=d["parallel"],
                residency=d["residency"],
                admitted_on=d["admitted_on"],
                **form.person_data(),
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _('The student is registered and is in the list "Without a class".'))
        return redirect(student.get_absolute_url())


# The personal file's sections: each a queryset of the student's id alone (core.prepared.instances).
_FILE_SECTIONS = (
    ("guardians", lambda pk: GuardianLink.objects.filter(student_id=pk).select_related("person__user")),
    ("consents", lambda pk: Consent.objects.filter(student_id=pk).select_related("subject", "signed_by")),
    (
        "movements",
        lambda pk: (
            Movement.objects.filter(student_id=pk)
            .select_related("order", "from_class", "to_class", "period")
            .order_by("date", "pk")
        ),
    ),
    ("meal_applications", lambda pk: FreeMealApplication.objects.filter(student_id=pk)),
)


class StudentDetailView(StudentScopedMixin, DetailView):
    """CON-5: the personal file: data, parents, consents (ORG-5), movements read from orders."""

    permission_required = Perm.CONTINGENT_VIEW
    template_name = "contingent/student_detail.html"
    tab = "card"

    def get_object(self, queryset=None):
        if hasattr(self, "_object"):
            return self._object
        from django.shortcuts import get_object_or_404

        obj = with_current_school(self.request, get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"]))
        if not may_see_student(self.request.user, obj.school):
            raise PermissionDenied
        self._object = obj
        return obj

    def sections(self):
        """The file's parents, consents, movements and free-meal applications, each read by one
        prepared statement on the student's id (no prefetch machinery: the card shows one student)."""
        pk = self.object.pk
        return {
            name: prepared.instances(f"contingent_file_{name}", build, pk) for name, build in _FILE_SECTIONS
        }

    def get(self, request, *args, **kwargs):
        log_access(request, "view", self.object)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, school, student = self.request.user, self.object.school, self.object
        ctx["can_manage"] = has_permission(user, Perm.CONTINGENT_MANAGE, school)
        ctx["can_edit_file"] = has_permission(user, Perm.CONTINGENT_FILES, school)
        ctx["can_reinstate"] = student.status == "expelled" and has_permission(
            user, Perm.CONTINGENT_MOVE, school
        )
        ctx["can_move"] = has_permission(user, Perm.CONTINGENT_MOVE, school) and student.status == "studying"
        ctx["can_history"] = has_permission(user, Perm.HISTORY_VIEW, school)
        ctx["can_logins"] = has_permission(user, Perm.USERS_MANAGE, school)
        ctx["staff_view"] = has_permission(user, Perm.CONTINGENT_VIEW, school)
        ctx["can_orders"] = has_permission(user, Perm.ORDERS_VIEW, school)
        ctx["tab"] = self.tab
        if self.tab == "card":
            ctx.update(self.sections())
            consented = {c.subject_id for c in ctx["consents"] if c.revoked_on is None}
            ctx["missing_consents"] = [
                p for p in [student.person, *(g.person for g in ctx["guardians"])] if p.pk not in consented
            ]
        if ctx["staff_view"]:
            crumb = (_("Students"), reverse("contingent:student_list"))
        else:
            crumb = (_("My children"), reverse("contingent:my_children"))
        ctx["breadcrumbs"] = [crumb, (student.person.full_name, None)]
        return ctx


class StudentHistoryView(StudentDetailView):
    """ORG-7: the History tab of the personal file."""

    permission_required = Perm.HISTORY_VIEW
    tab = "history"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not has_permission(self.request.user, Perm.HISTORY_VIEW, obj.school):
            raise PermissionDenied
        return obj

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = history_rows(events_of(self.object, include_related=True)) + history_rows(
            events_of(self.object.person)
        )
        ctx["history"] = sorted(rows, key=lambda r: r["at"], reverse=True)
        return ctx


class StudentEditView(OperationView):
    """CON-5: edit the personal file (ORG-8 field rules); the class teacher edits her class's."""

    permission_required = Perm.CONTINGENT_FILES
    model = Student
    form_class = StudentEditForm
    title = _("Edit the personal file")
    success_message = _("The personal file is saved.")

    def get_queryset(self):
        return Student.objects.visible_to(self.request.user).select_related("person", "school")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "student": self.object}

    def perform(self, form):
        return student_update_file(
            acting_user=self.request.user,
            student=self.object,
            person_data=form.person_data(),
            student_data=form.student_data(),
        )
