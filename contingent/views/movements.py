"""Movements by order: enrol (CON-2), move (CON-8), expel (CON-7), disband (CON-9), promote (CON-10)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from contingent.forms import DECISION_CHOICES, DisbandForm, EnrolForm, ExpelForm, MoveForm, PromotionForm
from contingent.models import Movement, MovementKind, SchoolClass, Student
from contingent.services import (
    Decision,
    class_disband,
    next_year_of,
    promotion_opens_on,
    promotion_plan,
    school_promote,
    student_enrol,
    student_expel,
    student_move,
    student_reinstate,
)
from contingent.views.common import OperationView, current_year
from core.permissions import Perm
from core.services import OperationError
from core.views.base import PermissionMixin


class StudentOperationView(OperationView):
    permission_required = Perm.CONTINGENT_MOVE
    model = Student

    def get_queryset(self):
        return Student.objects.visible_to(self.request.user).select_related(
            "person", "school", "school_class"
        )

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "school": self.object.school,
            "year": current_year(self.object.school),
        }


class StudentEnrolView(StudentOperationView):
    """CON-2: from "Without a class" into a class, by an order with its scan."""

    form_class = EnrolForm
    title = _("Enrol into a class")
    submit_label = _("Enrol")
    success_message = _("The student is enrolled.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parallel": self.object.parallel}

    def perform(self, form):
        return student_enrol(
            acting_user=self.request.user,
            student=self.object,
            to_class=form.cleaned_data["to_class"],
            **form.order_kwargs(),
        )


class StudentMoveView(StudentOperationView):
    """CON-8: to another class, by an order with its scan."""

    form_class = MoveForm
    title = _("Move to another class")
    submit_label = _("Move")
    success_message = _("The student is moved to another class.")

    def get_form_kwargs(self):
        current = self.object.school_class
        return {
            **super().get_form_kwargs(),
            "exclude": current,
            "parallel": current.parallel if current else None,
        }

    def perform(self, form):
        return student_move(
            acting_user=self.request.user,
            student=self.object,
            to_class=form.cleaned_data["to_class"],
            **form.order_kwargs(),
        )


class StudentReinstateView(StudentOperationView):
    """CON-7: a student of the archive comes back into a class by an order with its scan."""

    form_class = EnrolForm
    title = _("Reinstate the student")
    submit_label = _("Reinstate")
    success_message = _("The student is reinstated.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "parallel": self.object.parallel}

    def perform(self, form):
        return student_reinstate(
            acting_user=self.request.user,
            student=self.object,
            to_class=form.cleaned_data["to_class"],
            **form.order_kwargs(),
        )


class StudentExpelView(StudentOperationView):
    """CON-7: reason, order, date and quarter of leaving; the student goes to the archive."""

    form_class = ExpelForm
    title = _("Expel from the school")
    submit_label = _("Expel")
    success_message = _("The student has left the school and is kept in the archive.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("school")
        return kwargs

    def perform(self, form):
        d = form.cleaned_data
        return student_expel(
            acting_user=self.request.user,
            student=self.object,
            reason=d["reason"],
            order_number=d["order_number"],
            left_on=d["left_on"],
            period=d.get("period"),
            scan=d.get("scan"),
        )


class ClassDisbandView(OperationView):
    """CON-9: the order, a reason, then a new class for every student; all of it or nothing."""

    permission_required = Perm.CONTINGENT_MOVE
    model = SchoolClass
    form_class = DisbandForm
    template_name = "contingent/disband_form.html"
    title = _("Disband the class")
    submit_label = _("Disband")
    success_message = _("The class is disbanded; its students are in their new classes.")

    def get_queryset(self):
        return SchoolClass.objects.visible_to(self.request.user).filter(is_active=True)

    def get_form_kwargs(self):
        students = list(
            self.object.students.current()
            .select_related("person")
            .order_by("person__last_name", "person__first_name")
        )
        return {**super().get_form_kwargs(), "school_class": self.object, "students": students}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["form"]
        ctx["rows"] = [(s, form[f"student_{s.pk}"]) for s in form.students]
        return ctx

    def perform(self, form):
        return class_disband(
            acting_user=self.request.user,
            school_class=self.object,
            assignments=form.assignments(),
            reason=form.cleaned_data.get("reason", ""),
            **form.order_kwargs(),
        )

    def get_success_url(self, result=None):
        return reverse("contingent:class_list")


def promotion_groups(form):
    """The confirmation page by class: who is in it, where the class goes, each student's decision
    (the bound value after a refused submit). Selects are drawn by the template from plain values:
    800 Django widgets take seconds to render."""
    options = {
        value: format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, mark_safe(" selected") if v == value else "", label) for v, label in DECISION_CHOICES),
        )
        for value, _label in DECISION_CHOICES
    }
    groups = {}
    for student, default, target in form.plan:
        name = f"d_{student.pk}"
        value = form.data.get(name, default) if form.is_bound else default
        group = groups.get(student.school_class_id)
        if group is None:
            group = groups[student.school_class_id] = {
                "school_class": student.school_class,
                "rows": [],
                "changed": 0,
                "graduates": target is None and default == Decision.LEAVE,
                "target": student.school_class.parallel + 1,
            }
        group["rows"].append(
            {"student": student, "name": name, "value": value, "options": options.get(value, "")}
        )
        if value != default:
            group["changed"] += 1
    return list(groups.values())


class PromotionView(PermissionMixin, FormView):
    """CON-10: the confirmation page lists who moves where; one operation; then "the transfer is done"."""

    permission_required = Perm.CONTINGENT_MOVE
    template_name = "contingent/promotion.html"
    form_class = PromotionForm

    def dispatch(self, request, *args, **kwargs):
        self.year = getattr(request, "academic_year", None)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        plan = promotion_plan(school=self.request.school, year=self.year) if self.year else []
        return {**super().get_form_kwargs(), "plan": plan}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        school, year = self.request.school, self.year
        following = next_year_of(year) if year else None
        ctx["year"] = year
        ctx["next_year_name"] = (
            following.name if following else (f"{year.start.year + 1}-{year.end.year + 1}" if year else "")
        )
        ctx["title"] = _("Promote all classes to the next academic year")
        ctx["done"] = (
            Movement.objects.filter(
                school=school,
                kind__in=[MovementKind.PROMOTION, MovementKind.REPETITION],
                to_class__academic_year=year,
            )
            .select_related("order")
            .first()
        )
        ctx["groups"] = promotion_groups(ctx["form"])
        ctx["rows"] = [row for group in ctx["groups"] for row in group["rows"]]
        ctx["opens_on"] = promotion_opens_on(year) if (ctx["done"] and year) else None
        ctx["closed"] = bool(ctx["opens_on"] and timezone.localdate() < ctx["opens_on"])
        ctx["breadcrumbs"] = [(_("Classes"), reverse("contingent:class_list")), (ctx["title"], None)]
        return ctx

    def form_valid(self, form):
        try:
            following, _order = school_promote(
                acting_user=self.request.user,
                school=self.request.school,
                year=self.year,
                decisions=form.decisions(),
                **form.order_kwargs(),
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request, _("The transfer to the %(year)s academic year is done.") % {"year": following.name}
        )
        return redirect("contingent:class_list")
