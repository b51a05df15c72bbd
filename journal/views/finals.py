"""Final marks (JRN-4): proposed by the school's rule, confirmed or overridden with a reason; closing a
period, after which its marks change only through the deputy with a reason."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from contingent.models import Student
from core.models import Period
from core.permissions import Perm, has_permission
from core.services import OperationError
from core.views.base import PermissionMixin
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
        return render(request, "journal/finals.html", {
            "title": _("Final marks"), "subgroup": subgroup, "periods": periods, "period": period, "rows": rows,
            "closed": period is not None and services.period_is_closed(period),
            "statuses": FinalStatus.choices, "marks_allowed": rules.marks_allowed(
                rule, subgroup.class_subject.school_class.parallel),
            "may_manage": has_permission(request.user, Perm.JOURNAL_MANAGE, school),
        })

    def post(self, request, pk):
        subgroup, periods, period, school, rule = self.setup_page(request, pk)
        back = reverse("journal:finals", args=[subgroup.pk]) + f"?period={period.pk if period else 'year'}"
        students = list(roster(subgroup))
        rows = {r.student.pk: r for r in final_rows(subgroup.class_subject, period, students, rule, periods)}
        targets = []
        if request.POST.get("confirm_all"):
            targets = [(r, {"status": FinalStatus.MARK, "value": r.proposal.value, "reason": ""})
                       for r in rows.values() if r.final is None and r.proposal.value is not None and not r.exempt]
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
                    acting_user=request.user, class_subject=subgroup.class_subject, student=row.student,
                    period=period, status=data["status"], value=data.get("value"),
                    proposed=row.proposal.value, percent=row.proposal.percent, reason=data.get("reason", ""),
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
        return render(request, "journal/periods.html", {"title": _("Periods of the journal"), "periods": periods,
                                                        "form": ReasonForm()})


class PeriodCloseView(PermissionMixin, View):
    permission_required = Perm.JOURNAL_MANAGE

    def post(self, request, pk):
        period = get_object_or_404(Period.objects.select_related("academic_year"), pk=pk,
                                   academic_year__school=request.school)
        try:
            if request.POST.get("reopen"):
                form = ReasonForm(request.POST)
                if not form.is_valid():
                    raise OperationError(_("Give the reason for reopening the period."))
                services.period_reopen(acting_user=request.user, period=period, reason=form.cleaned_data["reason"])
                messages.success(request, _("The period is open again."))
            else:
                services.period_close(acting_user=request.user, period=period)
                messages.success(request, _("The period is closed."))
        except OperationError as error:
            messages.error(request, str(error))
        return HttpResponseRedirect(reverse("journal:periods"))

