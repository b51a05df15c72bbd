"""Classes: grouped by parallel with counts (CON-3), create and edit (CON-3, CON-4), the class card,
and a new student straight into a class (CON-6)."""

from itertools import groupby

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView

from contingent.forms import AddToClassForm, ClassForm
from contingent.models import SchoolClass, Student, StudentStatus
from contingent.services import student_add_to_class
from contingent.views.common import OperationView
from core.links import url_for_pk
from core.permissions import Perm, has_permission
from core.tables import format_date
from core.views.base import PermissionMixin, ScopedObjectMixin

STUDYING = Q(students__status=StudentStatus.STUDYING)


def with_counts(queryset):
    return queryset.annotate(
        n_students=Count("students", filter=STUDYING),
        n_boys=Count("students", filter=STUDYING & Q(students__person__sex="m")),
        n_girls=Count("students", filter=STUDYING & Q(students__person__sex="f")),
    )


class ClassListView(PermissionMixin, TemplateView):
    """CON-3: the year's classes grouped by parallel, with their counts."""

    permission_required = Perm.CONTINGENT_VIEW
    template_name = "contingent/class_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        school, year = self.request.school, self.request.academic_year
        classes = with_counts(
            SchoolClass.objects.filter(school=school, academic_year=year, is_active=True).select_related(
                "class_teacher__person"
            )
        ).order_by("parallel", "letter_ru")
        ctx["parallels"] = [
            (parallel, list(items), None) for parallel, items in groupby(classes, key=lambda c: c.parallel)
        ]
        ctx["parallels"] = [(p, items, sum(c.n_students for c in items)) for p, items, _n in ctx["parallels"]]
        ctx["total"] = sum(n for _p, _i, n in ctx["parallels"])
        ctx["without_class"] = Student.objects.for_school(school).without_class().count()
        ctx["can_manage"] = has_permission(self.request.user, Perm.CONTINGENT_MANAGE, school)
        ctx["can_move"] = has_permission(self.request.user, Perm.CONTINGENT_MOVE, school)
        ctx["title"] = _("Classes")
        ctx["breadcrumbs"] = [(ctx["title"], None)]
        return ctx


class _ClassFormMixin:
    form_class = ClassForm
    template_name = "core/form_page.html"

    def form_valid(self, form):
        try:
            with transaction.atomic():
                response = super().form_valid(form)
        except IntegrityError:
            # Someone took the teacher or the name at the same moment: the database said no.
            form.add_error(None, SchoolClass._meta.constraints[0].violation_error_message)
            return self.form_invalid(form)
        messages.success(self.request, _("The class is saved."))
        return response

    def get_success_url(self):
        return self.object.get_absolute_url()


class ClassCreateView(PermissionMixin, _ClassFormMixin, CreateView):
    permission_required = Perm.CONTINGENT_MANAGE
    extra_context = {"title": _("New class"), "submit_label": _("Create")}

    def get(self, request, *args, **kwargs):
        return self._without_year() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._without_year() or super().post(request, *args, **kwargs)

    def _without_year(self):
        """A class belongs to an academic year: without a current one, say so instead of failing."""
        if self.request.academic_year is not None:
            return None
        messages.error(self.request, _("The school has no current academic year; create it first."))
        return redirect("contingent:class_list")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "school": self.request.school,
            "year": self.request.academic_year,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cancel_url"] = reverse("contingent:class_list")
        return ctx


class ClassEditView(ScopedObjectMixin, _ClassFormMixin, UpdateView):
    """CON-4: edit the general data and the educational process."""

    permission_required = Perm.CONTINGENT_MANAGE
    model = SchoolClass
    extra_context = {"title": _("Edit the class")}

    def get_queryset(self):
        return SchoolClass.objects.visible_to(self.request.user).filter(is_active=True)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school": self.object.school, "year": self.object.academic_year}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cancel_url"] = self.object.get_absolute_url()
        return ctx


class ClassDetailView(ScopedObjectMixin, DetailView):
    """CON-3: the class card: general data, educational process, list of students, scholarship holders."""

    permission_required = Perm.CONTINGENT_VIEW
    model = SchoolClass
    template_name = "contingent/class_detail.html"

    def get_queryset(self):
        return with_counts(
            SchoolClass.objects.visible_to(self.request.user).select_related(
                "academic_year", "class_teacher__person"
            )
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, school = self.request.user, self.object.school
        can_move = has_permission(user, Perm.CONTINGENT_MOVE, school) and self.object.is_active
        students = list(
            Student.objects.visible_to(user)
            .filter(school_class=self.object, status=StudentStatus.STUDYING)
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "pk")
        )
        ctx["students"] = students
        ctx["student_rows"] = _student_rows(students, can_move)
        # A class teacher sees the list of her own class only; the counts above stay the school's.
        ctx["students_hidden"] = len(students) < self.object.n_students
        ctx["scholars"] = [s for s in students if s.scholarship]
        ctx["can_manage"] = has_permission(user, Perm.CONTINGENT_MANAGE, school) and self.object.is_active
        ctx["can_move"] = can_move
        ctx["breadcrumbs"] = [(_("Classes"), reverse("contingent:class_list")), (self.object.name, None)]
        return ctx


def _student_rows(students, can_move):
    """The class card's list of students, each row's HTML built in Python in one pass (DESIGN
    "Performance": no tag per cell); every value is escaped."""
    move, expel = (
        conditional_escape(gettext("Move to another class")),
        conditional_escape(gettext("Expel from the school")),
    )
    rows = []
    for n, s in enumerate(students, start=1):
        person = s.person
        born = format_date(person.birth_date, "SHORT_DATE_FORMAT") if person.birth_date else ""
        row = (
            f"<tr><td>{n}</td><td>{conditional_escape(person.iin or '—')}</td>"
            f'<td><a href="{conditional_escape(s.get_absolute_url())}">{conditional_escape(person.full_name)}</a></td>'
            f"<td>{born}</td>"
        )
        if can_move:
            row += (
                '<td class="text-end text-nowrap">'
                f'<a class="btn btn-sm btn-outline-secondary" href="{url_for_pk("contingent:student_move", s.pk)}"'
                f' title="{move}"><i class="bi bi-arrow-left-right"></i><span class="visually-hidden">{move}</span></a> '
                f'<a class="btn btn-sm btn-outline-danger" href="{url_for_pk("contingent:student_expel", s.pk)}"'
                f' title="{expel}"><i class="bi bi-x-lg"></i><span class="visually-hidden">{expel}</span></a></td>'
            )
        rows.append(mark_safe(row + "</tr>"))
    return rows


class ClassAddStudentView(OperationView):
    """CON-6: a new student straight into this class, with the enrolment order."""

    permission_required = Perm.CONTINGENT_MOVE
    model = SchoolClass
    form_class = AddToClassForm
    title = _("Add a new student to the class")
    submit_label = _("Create")
    success_message = _("The student is registered and enrolled into the class.")

    def get_queryset(self):
        return SchoolClass.objects.visible_to(self.request.user).filter(is_active=True)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school": self.object.school}

    def perform(self, form):
        d = form.cleaned_data
        return student_add_to_class(
            acting_user=self.request.user,
            school_class=self.object,
            person_data=form.person_data(),
            admitted_on=d["admitted_on"],
            residency=d["residency"],
            **form.order_kwargs(),
        )

    def get_success_url(self, result=None):
        return result.get_absolute_url()
