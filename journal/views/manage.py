"""The deputy's screens of the journal: lessons added by hand (a lesson the timetable does not have),
exemptions (освобождён) and the school's grading rule (KZ 25/25/50 or the traditional mean). Each is
the one operation page (form, service, message, redirect) with the school's current rows above it."""

import datetime

from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.permissions import Perm
from core.search import search
from core.views.base import (
    OperationFormView,
    OperationPostView,
    options_response,
    permission_required,
)
from journal import rules, services
from journal.forms import (
    ExemptionForm,
    ExtraLessonForm,
    GradingRuleForm,
    exemption_student_label,
    exemption_students,
)
from journal.models import Exemption, GradingRule, Lesson


class ManagePage(OperationFormView):
    permission_required = Perm.JOURNAL_MANAGE

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(school=self.request.school, academic_year=self.request.academic_year)
        return kwargs

    def get_success_url(self):
        return self.request.path


class ExtraLessonView(ManagePage):
    template_name = "journal/extra_lessons.html"
    form_class = ExtraLessonForm
    title = gettext_lazy("Lessons added by hand")
    submit_label = gettext_lazy("Add the lesson")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["lessons"] = (
            Lesson.objects.filter(
                school=self.request.school,
                period__academic_year=self.request.academic_year,
                timetable_lesson__isnull=True,
            )
            .select_related(
                "subgroup__class_subject__subject", "subgroup__class_subject__school_class", "teacher__person"
            )
            .order_by("-date", "number")
        )
        return ctx

    def perform(self, form):
        data = form.cleaned_data
        return services.lesson_add(
            acting_user=self.request.user,
            subgroup=data["subgroup"],
            date=data["date"],
            number=data["number"],
            topic=data["topic"],
        )

    def get_success_message(self, lesson):
        return _("The lesson of %(date)s is added to the journal.") % {
            "date": lesson.date.strftime("%d.%m.%Y")
        }


@permission_required(Perm.JOURNAL_MANAGE)
def extra_lesson_subgroups(request):
    """The journal pages of the chosen class, as the <option>s of the form's second choice."""
    form = ExtraLessonForm(request.GET, school=request.school, academic_year=request.academic_year)
    field = form.fields["subgroup"]
    return HttpResponse(
        format_html_join(
            "",
            '<option value="{}">{}</option>',
            [("", "---------"), *((sg.pk, field.label_from_instance(sg)) for sg in field.queryset)],
        )
    )


class ExtraLessonRemoveView(OperationPostView):
    permission_required = Perm.JOURNAL_MANAGE
    success_message = gettext_lazy("The lesson is removed.")
    redirect_url = reverse_lazy("journal:extra_lessons")

    def get_queryset(self):
        return Lesson.objects.select_related("school").filter(school=self.request.school)

    def perform(self):
        return services.lesson_remove(acting_user=self.request.user, lesson=self.get_object())


class ExemptionView(ManagePage):
    template_name = "journal/exemptions.html"
    form_class = ExemptionForm
    title = gettext_lazy("Exemptions")
    submit_label = gettext_lazy("Record the exemption")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        year = self.request.academic_year
        exemptions = Exemption.objects.filter(school=self.request.school)
        if year is not None:
            exemptions = exemptions.filter(ends__gte=year.start, starts__lte=year.end)
        ctx["exemptions"] = exemptions.select_related(
            "student__person", "student__school_class", "subject"
        ).order_by("student__person__last_name", "student__person__first_name", "starts")
        ctx["today"] = timezone.localdate()
        return ctx

    def perform(self, form):
        data = form.cleaned_data
        return services.exemption_add(
            acting_user=self.request.user,
            student=data["student"],
            subject=data["subject"],
            starts=data["starts"],
            ends=data["ends"],
            reason=data["reason"],
        )

    def get_success_message(self, exemption):
        return _("%(student)s is exempt from %(subject)s.") % {
            "student": exemption.student,
            "subject": exemption.subject,
        }


@permission_required(Perm.JOURNAL_MANAGE)
def exemption_student_search(request):
    """Search as you type for the exempt student (the one full-name search of every list)."""
    students = search(
        exemption_students(request.school), request.GET.get("q", "")[:100], person_paths=["person"]
    )
    return options_response((s.pk, exemption_student_label(s)) for s in students[:50])


class ExemptionEndView(OperationPostView):
    """Ends an exemption today (one not yet begun is withdrawn)."""

    permission_required = Perm.JOURNAL_MANAGE
    redirect_url = reverse_lazy("journal:exemptions")

    def get_queryset(self):
        return Exemption.objects.select_related("school").filter(school=self.request.school)

    def perform(self):
        return services.exemption_end(
            acting_user=self.request.user,
            exemption=self.get_object(),
            on=timezone.localdate() - datetime.timedelta(days=1),
        )

    def get_success_message(self, result):
        return _("The exemption is withdrawn.") if result is None else _("The exemption is ended.")


class GradingRuleView(ManagePage):
    template_name = "journal/grading_rules.html"
    form_class = GradingRuleForm
    title = gettext_lazy("Grading rule")
    submit_label = gettext_lazy("Apply from this date")

    def get_form_kwargs(self):
        kwargs = OperationFormView.get_form_kwargs(self)
        kwargs["instance"] = GradingRule(school=self.request.school)
        if "data" not in kwargs:
            current = rules.rule_for(self.request.school, timezone.localdate())
            kwargs["initial"] = {
                f: getattr(current, f) for f in GradingRuleForm.Meta.fields if f != "valid_from"
            } | {"valid_from": timezone.localdate()}
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        school = self.request.school
        ctx["rules"] = GradingRule.objects.filter(school=school).order_by("-valid_from")
        ctx["current"] = rules.rule_for(school, timezone.localdate())
        return ctx

    def perform(self, form):
        data = {f: form.cleaned_data[f] for f in GradingRuleForm.Meta.fields}
        return services.grading_rule_add(acting_user=self.request.user, school=self.request.school, **data)

    def get_success_message(self, rule):
        return _("The grading rule applies from %(date)s.") % {"date": rule.valid_from.strftime("%d.%m.%Y")}
