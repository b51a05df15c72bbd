"""Overview (PLN-2), РУП of a class (PLN-3), typical curricula (PLN-4), paste (PLN-5), the subject of a
class with its subgroups and ГУП (PLN-6)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from contingent.models import SchoolClass
from core.services import OperationError
from core.views.base import run

from .. import selectors, services
from ..forms import ClassSubjectAddForm, ClassSubjectEditForm, PasteForm, SubgroupsForm, TypicalApplyForm
from ..models import ClassSubject, Subgroup, TypicalCurriculum
from ..rules import max_weekly_hours
from ..services.curriculum import planned_weeks
from .base import PlanningPage, require_manage, scoped

COPY_KEY = "planning_copied_class"


class OverviewView(PlanningPage):
    template_name = "planning/overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["parallels"] = selectors.overview(self.school, self.year)
        return ctx


class ClassMixin:
    def get_class(self):
        if not hasattr(self, "_class"):
            self._class = scoped(SchoolClass, self.request.user, self.school, self.kwargs["pk"])
        return self._class


class ClassCurriculumView(ClassMixin, PlanningPage):
    """The РУП of a class: lines with hours per period and a year, the add form, totals."""

    template_name = "planning/class_rup.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        school_class = self.get_class()
        lines, periods, weeks = selectors.class_curriculum(school_class, self.year)
        typical = (
            TypicalCurriculum.objects.for_school(self.school)
            .filter(parallel=school_class.parallel, language=school_class.language)
            .order_by("-valid_from")
            .first()
        )
        copied = self.request.session.get(COPY_KEY)
        ctx.update(
            school_class=school_class,
            lines=lines,
            periods=periods,
            weeks=weeks,
            totals=selectors.curriculum_totals(lines),
            typical=typical,
            max_hours=typical.max_weekly_hours if typical else max_weekly_hours(school_class.parallel),
            form=kwargs.get("form") or ClassSubjectAddForm(school=self.school),
            copied=copied if copied and copied != school_class.pk else None,
        )
        return ctx

    def post(self, request, *args, **kwargs):
        require_manage(self)
        school_class = self.get_class()
        form = ClassSubjectAddForm(request.POST, school=self.school)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        d = form.cleaned_data
        try:
            line = services.class_subject_add(
                acting_user=request.user,
                school_class=school_class,
                year=self.year,
                subject=d["subject"],
                subject_name=d["subject_name"],
                weekly_hours=d["weekly_hours"],
                is_variative=d["is_variative"],
                kind=d["kind"],
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request, _("%(subject)s is added to the curriculum.") % {"subject": line.display_name}
        )
        return redirect("planning:class_rup", pk=school_class.pk)


class CopyCurriculumView(ClassMixin, PlanningPage):
    """ "Копировать": remembers the class whose РУП is to be pasted elsewhere."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        require_manage(self)
        request.session[COPY_KEY] = self.get_class().pk
        messages.info(request, _("The curriculum is copied; open another class and press Paste."))
        return redirect("planning:class_rup", pk=self.get_class().pk)


class PasteCurriculumView(ClassMixin, PlanningPage):
    """ "Вставить": choose the subjects of the copied class; Save pastes them all or none, Cancel leaves."""

    template_name = "planning/paste.html"

    def source(self):
        pk = self.request.session.get(COPY_KEY)
        if not pk:
            return None
        return SchoolClass.objects.filter(school=self.school, pk=pk).first()

    def get_form(self, data=None):
        source = self.source()
        lines = (
            list(
                ClassSubject.objects.filter(school_class=source)
                .select_related("subject")
                .order_by("subject__name_ru")
            )
            if source
            else []
        )
        return PasteForm(data, lines=lines)

    def get(self, request, *args, **kwargs):
        require_manage(self)
        if self.source() is None:
            messages.error(request, _("Copy a class's curriculum first."))
            return redirect("planning:class_rup", pk=self.get_class().pk)
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(school_class=self.get_class(), source=self.source())
        return ctx

    def post(self, request, *args, **kwargs):
        require_manage(self)
        source = self.source()
        form = self.get_form(request.POST)
        if source is None or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        target = reverse("planning:class_rup", args=[self.get_class().pk])
        _result, response = run(
            request,
            services.curriculum_paste,
            _("The subjects are pasted."),
            target,
            source=source,
            target=self.get_class(),
            subject_ids=[int(v) for v in form.cleaned_data["subjects"]],
        )
        return response


class TypicalApplyView(ClassMixin, PlanningPage):
    """A typical curriculum applied to the class or its parallel, with a preview of what changes."""

    template_name = "planning/typical_apply.html"

    def classes(self, scope):
        school_class = self.get_class()
        if scope == "parallel":
            return list(
                SchoolClass.objects.filter(
                    school=self.school,
                    academic_year=self.year,
                    parallel=school_class.parallel,
                    is_active=True,
                ).order_by("letter_ru")
            )
        return [school_class]

    def get(self, request, *args, **kwargs):
        require_manage(self)
        form = TypicalApplyForm(request.GET or None, school=self.school, school_class=self.get_class())
        preview = None
        if form.is_bound and form.is_valid():
            preview = services.typical_preview(
                form.cleaned_data["typical"], self.classes(form.cleaned_data["scope"])
            )
        return self.render_to_response(self.get_context_data(form=form, preview=preview))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["school_class"] = self.get_class()
        return ctx

    def post(self, request, *args, **kwargs):
        require_manage(self)
        form = TypicalApplyForm(request.POST, school=self.school, school_class=self.get_class())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, preview=None))
        target = reverse("planning:class_rup", args=[self.get_class().pk])
        _result, response = run(
            request,
            services.typical_apply,
            _("The typical curriculum is applied."),
            target,
            typical=form.cleaned_data["typical"],
            classes=self.classes(form.cleaned_data["scope"]),
            year=self.year,
        )
        return response


class ClassSubjectView(PlanningPage):
    """The subject of a class: hours per period, subgroups with teachers, the ГУП of each subgroup."""

    template_name = "planning/class_subject.html"

    def get_line(self):
        if not hasattr(self, "_line"):
            qs = ClassSubject.objects.select_related("school_class", "subject", "academic_year")
            self._line = scoped(ClassSubject, self.request.user, self.school, self.kwargs["pk"], qs)
        return self._line

    def subgroups(self):
        return list(
            Subgroup.objects.filter(class_subject=self.get_line())
            .select_related("teacher__person")
            .prefetch_related("students__person", "week_loads")
            .order_by("position")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        line = self.get_line()
        periods = selectors.year_periods(line.academic_year)
        own = {cp.period_id: cp.weekly_hours for cp in line.periods.all()}
        subgroups = self.subgroups()
        first = subgroups[0] if subgroups else None
        edit_initial = {
            "name": line.name,
            "weekly_hours": line.weekly_hours,
            "is_variative": line.is_variative,
        }
        edit_initial.update({f"period_{p.pk}": own.get(p.pk, line.weekly_hours) for p in periods})
        gups = []
        for sg in subgroups:
            rows, annual = planned_weeks(sg, periods)
            total = sum((h for _p, _m, h, _r in rows), 0)
            gups.append(
                {"subgroup": sg, "rows": rows, "annual": annual, "total": total, "diff": total - annual}
            )
        ctx.update(
            line=line,
            school_class=line.school_class,
            subgroups=subgroups,
            gups=gups,
            edit_form=kwargs.get("edit_form") or ClassSubjectEditForm(initial=edit_initial, periods=periods),
            subgroups_form=kwargs.get("subgroups_form")
            or SubgroupsForm(
                initial={
                    "kind": first.kind if first else "main",
                    "count": len(subgroups),
                    "lesson_minutes": first.lesson_minutes if first else 45,
                },
                school_class=line.school_class,
                school=self.school,
                existing=subgroups,
            ),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        require_manage(self)
        line = self.get_line()
        periods = selectors.year_periods(line.academic_year)
        form = ClassSubjectEditForm(request.POST, periods=periods)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(edit_form=form))
        d = form.cleaned_data
        try:
            services.class_subject_update(
                acting_user=request.user,
                class_subject=line,
                weekly_hours=d["weekly_hours"],
                is_variative=d["is_variative"],
                name=d["name"],
                period_hours=form.period_hours(),
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(edit_form=form))
        messages.success(request, _("The subject is saved."))
        return redirect("planning:class_subject", pk=line.pk)


class SubgroupsView(ClassSubjectView):
    def get(self, request, *args, **kwargs):
        return redirect("planning:class_subject", pk=self.get_line().pk)

    def post(self, request, *args, **kwargs):
        require_manage(self)
        line = self.get_line()
        form = SubgroupsForm(
            request.POST, school_class=line.school_class, school=self.school, existing=self.subgroups()
        )
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(subgroups_form=form))
        try:
            services.subgroups_save(
                acting_user=request.user,
                class_subject=line,
                kind=form.cleaned_data["kind"],
                groups=form.groups(),
                lesson_minutes=form.cleaned_data["lesson_minutes"],
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(subgroups_form=form))
        messages.success(request, _("The subgroups and teachers are saved."))
        return redirect("planning:class_subject", pk=line.pk)


class ClassSubjectDeleteView(ClassSubjectView):
    def get(self, request, *args, **kwargs):
        return redirect("planning:class_subject", pk=self.get_line().pk)

    def post(self, request, *args, **kwargs):
        require_manage(self)
        line = self.get_line()
        target = reverse("planning:class_rup", args=[line.school_class_id])
        _result, response = run(
            request,
            services.class_subject_delete,
            _("The subject is removed from the curriculum."),
            target,
            class_subject=line,
        )
        return response


class WeekLoadView(PlanningPage):
    """Saves the ГУП of one subgroup (every week's hours); the total must match the annual hours."""

    def get(self, request, *args, **kwargs):
        subgroup = scoped(Subgroup, request.user, self.school, kwargs["pk"])
        return redirect("planning:class_subject", pk=subgroup.class_subject_id)

    def post(self, request, *args, **kwargs):
        require_manage(self)
        subgroup = scoped(
            Subgroup,
            request.user,
            self.school,
            kwargs["pk"],
            Subgroup.objects.select_related("class_subject__school_class__school"),
        )
        values = {}
        for key, value in request.POST.items():
            if key.startswith("week_"):
                from datetime import date

                try:
                    values[date.fromisoformat(key[5:])] = value.strip() or "0"
                except ValueError:
                    messages.error(request, _("This week is not a study week of the year."))
                    return redirect("planning:class_subject", pk=subgroup.class_subject_id)
        target = reverse("planning:class_subject", args=[subgroup.class_subject_id]) + f"#gup-{subgroup.pk}"
        _result, response = run(
            request,
            services.week_loads_save,
            _("The ГУП is saved."),
            target,
            subgroup=subgroup,
            values=values,
        )
        return response
