"""The calendar-thematic plan (КТП, PLN-9): the teacher edits hers, imports or copies; the deputy and
the director read and approve."""

from django.contrib import messages
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core.permissions import Perm, has_permission
from core.services import OperationError

from ..forms import KtpCopyForm, KtpImportForm, KtpTextForm
from ..models import KtpTopic, Subgroup
from ..selectors import year_periods
from ..services.ktp import can_edit, ktp_approve, ktp_copy, ktp_import, ktp_replace
from .base import PlanningPage


def _subgroups(view):
    qs = Subgroup.objects.filter(
        class_subject__school_class__school=view.school, class_subject__academic_year=view.year
    )
    if not has_permission(view.request.user, Perm.PLANNING_VIEW, view.school):
        qs = qs.filter(teacher__person_id=getattr(view.request.user, "person_id", None) or 0)
    return qs


class KtpListView(PlanningPage):
    permission_required = Perm.PLANNING_OWN
    template_name = "planning/ktp_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["subgroups"] = (
            _subgroups(self)
            .select_related("class_subject__subject", "class_subject__school_class", "teacher__person")
            .annotate(
                topics=Count("ktp_topics"),
                approved=Count("ktp_topics", filter=Q(ktp_topics__approved_at__isnull=False)),
                last_approved=Max("ktp_topics__approved_at"),
            )
            .order_by(
                "class_subject__school_class__parallel",
                "class_subject__school_class__letter_ru",
                "class_subject__subject__name_ru",
                "position",
            )
        )
        return ctx


class KtpView(PlanningPage):
    permission_required = Perm.PLANNING_OWN
    template_name = "planning/ktp.html"

    def get_subgroup(self):
        qs = _subgroups(self).select_related(
            "class_subject__subject",
            "class_subject__school_class__school",
            "class_subject__academic_year",
            "teacher__person",
        )
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def get_period(self, subgroup):
        periods = year_periods(subgroup.class_subject.academic_year)
        wanted = self.request.POST.get("period") or self.request.GET.get("period")
        if wanted:
            period = next((p for p in periods if str(p.pk) == wanted), None)
            if period is None:
                raise Http404
            return period, periods
        from django.utils import timezone

        today = timezone.localdate()
        return next(
            (p for p in periods if p.start <= today <= p.end), periods[0] if periods else None
        ), periods

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        subgroup = self.get_subgroup()
        period, periods = self.get_period(subgroup)
        if period is None:
            raise Http404
        topics = list(KtpTopic.objects.filter(subgroup=subgroup, period=period).select_related("approved_by"))
        editable = can_edit(self.request.user, subgroup)
        ctx.update(
            subgroup=subgroup,
            period=period,
            periods=periods,
            topics=topics,
            editable=editable,
            total_hours=sum(t.hours for t in topics),
            can_approve=has_permission(self.request.user, Perm.KTP_APPROVE, self.school),
            text_form=kwargs.get("text_form")
            or KtpTextForm(initial={"topics": "\n".join(f"{t.title}; {t.hours}" for t in topics)}),
            import_form=kwargs.get("import_form") or KtpImportForm(),
            copy_form=kwargs.get("copy_form") or KtpCopyForm(subgroup=subgroup, period=period),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        subgroup = self.get_subgroup()
        period, _periods = self.get_period(subgroup)
        target = reverse("planning:ktp", args=[subgroup.pk]) + f"?period={period.pk}"
        action = request.POST.get("action")
        try:
            if action == "approve":
                ktp_approve(acting_user=request.user, subgroup=subgroup, period=period)
                messages.success(request, _("The КТП is approved."))
                return redirect(target)
            if action == "import":
                form = KtpImportForm(request.POST, request.FILES)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(import_form=form))
                ktp_import(
                    acting_user=request.user,
                    subgroup=subgroup,
                    period=period,
                    uploaded=form.cleaned_data["file"],
                )
            elif action == "copy":
                form = KtpCopyForm(request.POST, subgroup=subgroup, period=period)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(copy_form=form))
                ktp_copy(
                    acting_user=request.user,
                    source=form.cleaned_data["source"],
                    target=subgroup,
                    period=period,
                )
            else:
                form = KtpTextForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(text_form=form))
                ktp_replace(acting_user=request.user, subgroup=subgroup, period=period, rows=form.rows())
        except OperationError as error:
            messages.error(request, str(error))
            return redirect(target)
        messages.success(request, _("The КТП is saved."))
        return redirect(target)
