"""Output forms (CON-12): book of movement, orders, graduates, free meals, export of user data, NOBD.
Each on screen, as .xlsx and as PDF (DejaVu font: Kazakh letters intact)."""

import datetime

from django.db.models import Prefetch
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from contingent.filters import (
    GraduateFilter,
    MealFilter,
    StudentFilter,
    StudentOrderFilter,
    current_class_choices,
)
from contingent.forms import ReportPeriodForm
from contingent.models import FreeMealApplication, GuardianLink, MealStatus, Student, StudentStatus
from contingent.reports import movement_book, nobd_summary
from core.exports import docx_response, pdf_response, xlsx_response
from core.links import url_for_pk
from core.lists import ListPageView
from core.models import Order
from core.models.orders import STUDENT_ORDER_KINDS
from core.permissions import Perm, has_permission
from core.tables import Column
from core.views.base import PermissionMixin
from core.views.orders import ORDER_COLUMNS


def _d(value):
    return formats.date_format(value, "SHORT_DATE_FORMAT")


SUMMARY_KEYS = ("classes", "pupils", "boys", "girls")


def summary_headers():
    return [gettext("classes"), gettext("pupils"), gettext("boys"), gettext("girls")]


def summary_rows(summaries):
    """Subtotal tables as rows below the main table of an .xlsx sheet: a blank row, the caption with
    the column names, then one row per group."""
    rows = []
    for caption, groups in summaries:
        rows.append([])
        rows.append([caption, *summary_headers()])
        rows.extend([str(key), *(v.get(k, 0) for k in SUMMARY_KEYS)] for key, v in groups)
    return rows


class PeriodReportView(PermissionMixin, TemplateView):
    """A report over a chosen period, on screen, as .xlsx and as PDF."""

    permission_required = Perm.CONTINGENT_REPORTS
    title = ""

    def period(self):
        year = self.request.academic_year
        today = datetime.date.today()
        initial = {"date_from": year.start if year else today.replace(month=1, day=1), "date_to": today}
        form = ReportPeriodForm(self.request.GET or None, initial=initial)
        if form.is_bound and form.is_valid():
            return form, form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        return form, initial["date_from"], initial["date_to"]

    def summaries(self, data):
        return []

    def get(self, request, *args, **kwargs):
        form, date_from, date_to = self.period()
        data = self.build(date_from, date_to)
        title = f"{self.title}: {_d(date_from)} - {_d(date_to)}"
        headers, rows = self.table(data)
        fmt = request.GET.get("export")
        summaries = self.summaries(data)
        if fmt == "xlsx":
            return xlsx_response(request, self.title, headers, rows + summary_rows(summaries), subtitle=title)
        if fmt == "pdf":
            context = {"headers": headers, "rows": rows, "summaries": summaries, "school": request.school}
            return pdf_response(request, "contingent/pdf/report.html", context, title)
        ctx = self.get_context_data(
            form=form, data=data, headers=headers, rows=rows, period_title=title, summaries=summaries
        )
        query = request.GET.copy()
        query.pop("export", None)
        ctx.update(title=self.title, querystring=query.urlencode(), breadcrumbs=[(self.title, None)])
        return self.render_to_response(ctx)


class MovementBookView(PeriodReportView):
    """The book of student movement: start + arrivals - departures = end, per class and in total."""

    template_name = "contingent/movement_book.html"
    title = _("Book of student movement")

    def build(self, date_from, date_to):
        return movement_book(self.request.school, date_from, date_to)

    def table(self, data):
        headers = [
            gettext("class"),
            gettext("academic year"),
            gettext("at the start"),
            gettext("arrived"),
            gettext("of them new to the school"),
            gettext("left"),
            gettext("of them left the school"),
            gettext("at the end"),
        ]
        rows = [
            [
                r["school_class"].name,
                r["year"],
                r["start"],
                r["arrivals"],
                r["arrivals_new"],
                r["departures"],
                r["departures_left"],
                r["end"],
            ]
            for r in data["rows"]
        ]
        t = data["total"]
        rows.append(
            [
                gettext("Total for the school"),
                "",
                t["start"],
                t["arrivals"],
                t["arrivals_new"],
                t["departures"],
                t["departures_left"],
                t["end"],
            ]
        )
        return headers, rows


class NobdReportView(PeriodReportView):
    """The summary report on students for the NOBD (fields as DOMAIN.md 6 proposes), as of a date."""

    template_name = "contingent/nobd.html"
    title = _("Summary report on students (NOBD)")

    def build(self, date_from, date_to):
        return nobd_summary(self.request.school, date_to, date_from)

    def summaries(self, data):
        """The subtotals shown under the table, the same on screen, in .xlsx and in PDF."""
        return [
            (gettext("By level"), data["by_level"]),
            (gettext("By parallel"), data["by_parallel"]),
            (gettext("By language of instruction"), data["by_language"]),
            (gettext("By shift"), data["by_shift"]),
        ]

    def table(self, data):
        labels = [
            gettext("class"),
            gettext("language of instruction"),
            gettext("shift"),
            gettext("pupils"),
            gettext("boys"),
            gettext("girls"),
            gettext("special educational needs"),
            gettext("taught at home"),
            gettext("arrived"),
            gettext("left"),
        ]
        rows = []
        for r in data["rows"]:
            c = r["school_class"]
            rows.append([c.name, c.get_language_display(), c.shift, *(r[k] for k in data["keys"])])
        t = data["totals"]
        rows.append([gettext("Total for the school"), "", "", *(t[k] for k in data["keys"])])
        return labels, rows


class StudentOrderListView(ListPageView):
    """The orders of the contingent."""

    permission_required = Perm.CONTINGENT_REPORTS
    filterset_class = StudentOrderFilter
    title = _("Orders on students")
    columns = ORDER_COLUMNS

    def get_queryset(self):
        return (
            Order.objects.for_school(self.request.school)
            .filter(kind__in=STUDENT_ORDER_KINDS)
            .select_related("author__person")
            .order_by("-date", "-pk")
        )


class GraduateListView(ListPageView):
    permission_required = Perm.CONTINGENT_REPORTS
    filterset_class = GraduateFilter
    title = _("Graduates")
    columns = (
        Column(_("IIN"), "person.iin"),
        Column(_("full name"), "person.full_name", link=lambda s: s.get_absolute_url()),
        Column(_("date of birth"), "person.birth_date"),
        Column(_("class"), "class_label"),
        Column(_("education completed"), "graduation_level"),
        Column(_("date of leaving"), "left_on"),
    )

    def get_queryset(self):
        return (
            Student.objects.visible_to(self.request.user)
            .for_school(self.request.school)
            .filter(status=StudentStatus.GRADUATED)
            .select_related("person", "school_class")
            .order_by("-left_on", "person__last_name", "pk")
        )


class MealListView(ListPageView):
    """Free-meal applications with their decisions."""

    permission_required = Perm.CONTINGENT_REPORTS
    filterset_class = MealFilter
    title = _("Free-meal applications")
    columns = (
        Column(_("student"), "student.person.full_name", link=lambda a: a.student.get_absolute_url()),
        Column(_("class"), "student.class_label"),
        Column(_("date of application"), "applied_on"),
        Column(_("applicant"), "applicant"),
        Column(_("basis"), "basis"),
        Column(_("status"), "status"),
        Column(_("date of decision"), "decided_on"),
    )
    decide_column = Column(
        _("decision"),
        lambda a: _("decide") if a.status == MealStatus.SUBMITTED else "",
        link=lambda a: (
            url_for_pk("contingent:meal_decide", a.pk) if a.status == MealStatus.SUBMITTED else None
        ),
    )

    def get_columns(self):
        """The "decide" links only for those who may decide (no link that answers 403)."""
        if has_permission(self.request.user, Perm.CONTINGENT_MANAGE, self.request.school):
            return (*self.columns, self.decide_column)
        return self.columns

    def get_queryset(self):
        return (
            FreeMealApplication.objects.for_school(self.request.school)
            .filter(student__in=Student.objects.visible_to(self.request.user))
            .select_related("student__person", "student__school_class")
            .order_by("-applied_on", "-pk")
        )


class MealAllowedListView(MealListView):
    """The list of those allowed free meals."""

    title = _("Students allowed free meals")
    columns = MealListView.columns[:-1]

    def get_queryset(self):
        return (
            super().get_queryset().filter(status=MealStatus.ALLOWED, student__status=StudentStatus.STUDYING)
        )


class UserDataExportView(ListPageView):
    """Export of user data: students with their parents and contacts (.xlsx, .docx, .pdf)."""

    permission_required = Perm.CONTINGENT_REPORTS
    filterset_class = StudentFilter
    title = _("Export of user data")
    export_formats = ("xlsx", "docx", "pdf")
    personal_data = True
    columns = (
        Column(_("IIN"), "person.iin"),
        Column(_("full name"), "person.full_name", link=lambda s: s.get_absolute_url()),
        Column(_("date of birth"), "person.birth_date"),
        Column(_("sex"), "person.sex"),
        Column(_("class"), "class_label"),
        Column(_("e-mail"), "person.email"),
        Column(
            _("parents and guardians"),
            lambda s: "; ".join(
                f"{g.person.full_name} ({g.get_relation_display()}{', ' + g.person.phone if g.person.phone else ''})"
                for g in s.guardians.all()
            ),
        ),
    )

    def get_filterset_kwargs(self, filterset_class):
        return {
            **super().get_filterset_kwargs(filterset_class),
            "classes": current_class_choices(self.request),
        }

    def get_queryset(self):
        return (
            Student.objects.visible_to(self.request.user)
            .for_school(self.request.school)
            .current()
            .select_related("person", "school_class")
            .prefetch_related(Prefetch("guardians", queryset=GuardianLink.objects.select_related("person")))
            .order_by("school_class__parallel", "school_class__letter_ru", "person__last_name", "pk")
        )

    def export(self, fmt, rows):
        if fmt != "docx":
            return super().export(fmt, rows)
        columns = self.get_columns()
        return docx_response(
            self.request,
            self.get_title(),
            paragraphs=[self.request.school.name],
            table=([c.header for c in columns], [[c.text(r) for c in columns] for r in rows]),
        )
