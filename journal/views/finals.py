"""Final marks (JRN-4): proposed by the school's rule, confirmed or overridden with a reason; closing a
period, after which its marks change only through the deputy with a reason."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import View

from contingent.models import Student
from core.models import Period
from core.permissions import Perm, has_permission
from core.services import OperationError
from core.views.base import OperationPostView, PermissionMixin
from journal import grid, rules, services
from journal.finals import final_rows
from journal.forms import FinalMarkForm, ReasonForm
from journal.models import FinalStatus
from journal.roster import roster
from journal.views.grid import JournalMixin


class FinalMarksView(JournalMixin, View):
    def setup_page(self, request, pk):
        subgroup = self.get_subgroup(pk)
        periods = grid.periods_of(subgroup)
        chosen = request.GET.get("period") or request.POST.get("period")
        period = None if chosen == "year" else next((p for p in periods if str(p.pk) == chosen), None)
        if period is None and chosen != "year":
            period = periods[0] if periods else None
        school = subgroup.class_subject.school_class.school
        rule = rules.rule_for(school, period.start if period else subgroup.class_subject.academic_year.start)
        return subgroup, periods, period, school, rule

    def get(self, request, pk):
        subgroup, periods, period, school, rule = self.setup_page(request, pk)
        students = list(roster(subgroup))
        rows = final_rows(subgroup.class_subject, period, students, rule, periods)
        return render(
            request,
            "journal/finals.html",
            {
                "title": _("Final marks"),
                "subgroup": subgroup,
                "periods": periods,
                "period": period,
                "rows": rows,
                "closed": period is not None and period.closed,
                "statuses": FinalStatus.choices,
                "marks_allowed": rules.marks_allowed(rule, subgroup.class_subject.school_class.parallel),
                "may_manage": has_permission(request.user, Perm.JOURNAL_MANAGE, school),
            },
        )

    def post(self, request, pk):
        subgroup, periods, period, school, rule = self.setup_page(request, pk)
        back = reverse("journal:finals", args=[subgroup.pk]) + f"?period={period.pk if period else 'year'}"
        students = list(roster(subgroup))
        rows = {r.student.pk: r for r in final_rows(subgroup.class_subject, period, students, rule, periods)}
        targets = []
        if request.POST.get("confirm_all"):
            targets = [
                (r, {"status": FinalStatus.MARK, "value": r.proposal.value, "reason": ""})
                for r in rows.values()
                if r.final is None and r.proposal.value is not None and not r.exempt
            ]
        else:
            student_id = request.POST.get("student") or ""
            row = rows.get(int(student_id)) if student_id.isdigit() else None
            if row is None:
                # Not a student of this journal: another school's id is a 404, a classmate's a message.
                get_object_or_404(Student, pk=student_id if student_id.isdigit() else 0, school=school)
                messages.error(request, _("The student is not in this journal."))
                return HttpResponseRedirect(back)
            form = FinalMarkForm(request.POST)
            if not form.is_valid():
                messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
                return HttpResponseRedirect(back)
            targets = [(row, form.cleaned_data)]
        try:
            for row, data in targets:
                services.final_mark_set(
                    acting_user=request.user,
                    class_subject=subgroup.class_subject,
                    student=row.student,
                    period=period,
                    status=data["status"],
                    value=data.get("value"),
                    proposed=row.proposal.value,
                    percent=row.proposal.percent,
                    reason=data.get("reason", ""),
                )
        except OperationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Final marks saved: %(n)s.") % {"n": len(targets)})
        return HttpResponseRedirect(back)


class PeriodListView(PermissionMixin, View):
    """The deputy closes a period once final marks are set (and may reopen it, with a reason)."""

    permission_required = Perm.JOURNAL_MANAGE

    def get(self, request):
        periods = Period.objects.filter(academic_year=request.academic_year).select_related("journal_closure")
        return render(
            request,
            "journal/periods.html",
            {"title": _("Periods of the journal"), "periods": periods, "form": ReasonForm()},
        )


class PeriodCloseView(OperationPostView):
    """Closes the period, or with `reopen` and a reason opens it again."""

    permission_required = Perm.JOURNAL_MANAGE
    redirect_url = reverse_lazy("journal:periods")

    def get_queryset(self):
        return Period.objects.select_related("academic_year").filter(
            academic_year__school=self.request.school
        )

    def reopening(self):
        return bool(self.request.POST.get("reopen"))

    def perform(self):
        period = self.get_object()
        if not self.reopening():
            return services.period_close(acting_user=self.request.user, period=period)
        form = ReasonForm(self.request.POST)
        if not form.is_valid():
            raise OperationError(_("Give the reason for reopening the period."))
        return services.period_reopen(
            acting_user=self.request.user, period=period, reason=form.cleaned_data["reason"]
        )

    def get_success_message(self, result):
        return _("The period is open again.") if self.reopening() else _("The period is closed.")
