"""What every report page stands on: the scope of schools, the period, and one list of sections
rendered on screen, as .xlsx and as PDF (RPT-4). Reads go to the replica when one is configured."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.models import School
from core.permissions import Perm, has_permission, is_system_admin
from core.views.base import PermissionMixin
from reports.exporters import sections_pdf_response, sections_xlsx_response
from reports.forms import ReportPeriodForm
from reports.routers import replica_reads
from reports.selectors import Period, school_year_start


def report_schools(user, perm=Perm.REPORTS_VIEW):
    """The schools whose figures the user may read: a district official his district's, school staff
    their own school's (where a role grants the permission), a system administrator all."""
    schools = School.objects.visible_to(user).select_related("district")
    if is_system_admin(user):
        return schools
    return School.objects.filter(pk__in=[s.pk for s in schools if has_permission(user, perm, s)])


def _d(value):
    return formats.date_format(value, "SHORT_DATE_FORMAT")


class ReportView(PermissionMixin, TemplateView):
    """A report of sections. Subclasses give `title` and `sections(period)`."""

    template_name = "reports/report.html"
    permission_required = Perm.REPORTS_VIEW
    title = ""
    export_formats = ("xlsx", "pdf")
    period_label = None

    def needs_school(self):
        return False

    def check_permission(self, school=None):
        # District pages have no current school: any of the user's roles must grant the permission;
        # the figures are then confined to `report_schools`.
        school = getattr(self.request, "school", None) if self.needs_school() else None
        if not has_permission(self.request.user, self.permission_required, school):
            raise PermissionDenied

    def get_period(self):
        today = datetime.date.today()
        initial = {"date_from": school_year_start(today), "date_to": today}
        form = ReportPeriodForm(self.request.GET or None, initial=initial)
        if form.is_bound and form.is_valid():
            return form, Period(form.cleaned_data["date_from"], form.cleaned_data["date_to"])
        return form, Period(initial["date_from"], initial["date_to"])

    def get_title(self):
        return str(self.title)

    def subtitle(self, period):
        return _("%(from)s - %(to)s; pupils and staff as of %(to)s") % {
            "from": _d(period.date_from),
            "to": _d(period.date_to),
        }

    def export_object(self):
        return None

    def get(self, request, *args, **kwargs):
        form, period = self.get_period()
        with replica_reads():
            sections = self.sections(period)
        title, subtitle = self.get_title(), self.subtitle(period)
        fmt = request.GET.get("export")
        if fmt == "xlsx":
            return sections_xlsx_response(request, title, subtitle, sections, obj=self.export_object())
        if fmt == "pdf":
            return sections_pdf_response(request, title, subtitle, sections, obj=self.export_object())
        query = request.GET.copy()
        query.pop("export", None)
        ctx = self.get_context_data(
            form=form,
            period=period,
            sections=sections,
            title=title,
            subtitle=subtitle,
            querystring=query.urlencode(),
            export_formats=self.export_formats,
            breadcrumbs=self.breadcrumbs(),
        )
        return self.render_to_response(ctx)

    def breadcrumbs(self):
        return [(self.get_title(), None)]
