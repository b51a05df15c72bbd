"""JRN-5 and JRN-7 reports on screen, as .xlsx and as PDF through core's export functions."""

from django.http import Http404
from django.shortcuts import render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views import View

from contingent.models import SchoolClass, Student
from core.exports import pdf_response, xlsx_response
from core.models import Period
from core.permissions import Perm
from core.views.base import PermissionMixin
from journal.reports import REPORTS, Filters


class ReportIndexView(PermissionMixin, View):
    permission_required = Perm.JOURNAL_REPORTS

    def get(self, request):
        return render(request, "journal/report_index.html", {
            "title": _("Journal reports"), "reports": [(slug, title) for slug, (title, _f) in REPORTS.items()],
        })


class ReportView(PermissionMixin, View):
    permission_required = Perm.JOURNAL_REPORTS

    def filters(self, request):
        school, year = request.school, request.academic_year
        periods = list(Period.objects.filter(academic_year=year)) if year else []
        classes = list(SchoolClass.objects.filter(school=school, academic_year=year, is_active=True))
        g = request.GET
        period = next((p for p in periods if str(p.pk) == g.get("period")), None)
        if g.get("period") != "year" and period is None and periods:
            period = periods[0]
        school_class = next((c for c in classes if str(c.pk) == g.get("class")), None)
        student = None
        if (g.get("student") or "").isdigit():
            student = Student.objects.filter(school=school, pk=g["student"]).select_related("person").first()
        parallel = int(g["parallel"]) if (g.get("parallel") or "").isdigit() else None
        f = Filters(school=school, year=year, period=period, school_class=school_class, parallel=parallel,
                    student=student, start=parse_date(g.get("start") or ""), end=parse_date(g.get("end") or ""))
        return f, periods, classes

    def get(self, request, report):
        if report not in REPORTS or request.academic_year is None:
            raise Http404
        title, build = REPORTS[report]
        f, periods, classes = self.filters(request)
        headers, rows = build(f)
        title = str(title)
        subtitle = f"{request.school.name}, {f.period.name if f.period else _('year')}"
        export = request.GET.get("export")
        if export == "xlsx":
            return xlsx_response(request, title, headers, rows, subtitle=subtitle)
        if export == "pdf":
            return pdf_response(request, "pdf/table.html",
                                {"headers": headers, "rows": rows, "school": request.school}, title)
        students = []
        if report == "student-marks" and f.school_class:
            students = Student.objects.filter(school_class=f.school_class).select_related("person")
        return render(request, "journal/report.html", {
            "title": title, "slug": report, "headers": headers, "rows": rows, "filters": f, "periods": periods,
            "classes": classes, "students": students, "query": request.GET.urlencode(),
            "parallels": sorted({c.parallel for c in classes}),
        })
