"""Output forms (STF-10): each on screen, as .xlsx and as PDF, at a constant number of queries."""

import django_filters
from django.db.models import Count, DurationField, ExpressionWrapper, F, Prefetch, Sum
from django.utils.translation import gettext_lazy as _

from core.filters import SearchFilterSet, YearNumberFilter
from core.lists import ListPageView
from core.models import Order
from core.models.orders import STAFF_ORDER_KINDS
from core.permissions import Perm
from core.tables import Column
from core.views.orders import ORDER_COLUMNS
from staff.models import Absence, AbsenceKind, Course, CourseStatus, Education, Employee

REPORTS = [
    ("staff:hiring_register", _("Hiring register")),
    ("staff:staffing_table", _("Staffing table")),
    ("staff:personnel_book", _("Personnel book")),
    ("staff:leave_schedule", _("Leave schedule")),
    ("staff:staff_orders", _("Orders")),
    ("staff:course_report", _("Qualification courses")),
    ("staff:sickness_report", _("Statistics of staff sickness")),
]


def _link(e):
    return e.get_absolute_url()


class YearFilter(SearchFilterSet):
    year_field = "hired_on"
    year = YearNumberFilter(method="filter_year", label=_("year"))

    def filter_year(self, queryset, name, value):
        return queryset.filter(**{f"{self.year_field}__year": int(value)}) if value else queryset


class EmployeeYearFilter(YearFilter):
    search_fields = ("person__last_name", "person__first_name", "position")

    class Meta:
        model = Employee
        fields = ["q", "year"]


class ReportView(ListPageView):
    permission_required = Perm.STAFF_REPORTS
    template_name = "staff/report.html"
    paginate_by = 100

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["reports"] = REPORTS
        return ctx


class HiringRegisterView(ReportView):
    title = _("Hiring register")
    filterset_class = EmployeeYearFilter
    columns = (
        Column(_("date of hiring"), "hired_on"),
        Column(_("full name"), "person.full_name", link=_link),
        Column(_("date of birth"), "person.birth_date"),
        Column(_("IIN"), "person.iin"),
        Column(_("position"), "position"),
        Column(_("structural unit"), "structural_unit"),
        Column(_("contract number"), "contract_number"),
        Column(_("contract date"), "contract_date"),
        Column(_("hiring order"), "hiring_order"),
    )

    def get_queryset(self):
        return (
            Employee.objects.for_school(self.request.school)
            .select_related("person", "hiring_order")
            .order_by("hired_on", "pk")
        )


class StaffingFilter(SearchFilterSet):
    search_fields = ("position", "structural_unit")

    class Meta:
        model = Employee
        fields = ["q"]


class StaffingTableView(ReportView):
    """Positions of the school by structural unit: number of employees and staff units."""

    title = _("Staffing table")
    filterset_class = StaffingFilter
    columns = (
        Column(_("structural unit"), lambda r: r["structural_unit"] or "—"),
        Column(_("position"), lambda r: r["position"]),
        Column(_("employees"), lambda r: r["people"], css_class="num"),
        Column(_("staff units"), lambda r: r["units"], css_class="num"),
    )

    def get_queryset(self):
        return (
            Employee.objects.for_school(self.request.school)
            .current()
            .values("structural_unit", "position")
            .annotate(people=Count("pk"), units=Sum("rate"))
            .order_by("structural_unit", "position")
        )


def _education(e):
    return "; ".join(f"{x.get_level_display()}: {x.institution}" for x in e.education_list)


class PersonnelBookView(ReportView):
    """The book of personnel (книга учета личного состава): everyone ever employed, current and former."""

    title = _("Personnel book")
    filterset_class = EmployeeYearFilter
    columns = (
        Column(_("full name"), "person.full_name", link=_link),
        Column(_("date of birth"), "person.birth_date"),
        Column(_("sex"), "person.sex"),
        Column(_("education"), _education),
        Column(_("position"), "position"),
        Column(_("date of hiring"), "hired_on"),
        Column(_("hiring order"), "hiring_order"),
        Column(_("date of dismissal"), "dismissed_on"),
        Column(_("dismissal order"), "dismissal_order"),
        Column(_("reason of dismissal"), "dismissal_reason"),
    )

    def get_queryset(self):
        return (
            Employee.objects.for_school(self.request.school)
            .select_related("person", "hiring_order", "dismissal_order")
            .prefetch_related(
                Prefetch("education", queryset=Education.objects.all(), to_attr="education_list")
            )
            .order_by("person__last_name", "person__first_name", "pk")
        )


class AbsenceYearFilter(YearFilter):
    year_field = "start"
    search_fields = ("employee__person__last_name", "employee__person__first_name", "employee__position")

    class Meta:
        model = Absence
        fields = ["q", "year"]


class LeaveScheduleView(ReportView):
    title = _("Leave schedule")
    filterset_class = AbsenceYearFilter
    columns = (
        Column(_("full name"), "employee.person.full_name", link=lambda a: a.employee.get_absolute_url()),
        Column(_("position"), "employee.position"),
        Column(_("type of leave"), "leave_type"),
        Column(_("from"), "start"),
        Column(_("to (inclusive)"), "end"),
        Column(_("days"), "days", css_class="num"),
        Column(_("planned end"), "planned_end"),
        Column(_("order"), "order"),
    )

    def get_queryset(self):
        return (
            Absence.objects.filter(employee__school=self.request.school, kind=AbsenceKind.LEAVE)
            .select_related("employee__person", "order")
            .order_by("start", "pk")
        )


class StaffOrderFilter(SearchFilterSet):
    search_fields = ("number", "content")
    kind = django_filters.ChoiceFilter(
        choices=[(k, label) for k, label in Order._meta.get_field("kind").choices if k in STAFF_ORDER_KINDS],
        label=_("kind"),
    )
    year = YearNumberFilter(field_name="date", lookup_expr="year", label=_("year"))

    class Meta:
        model = Order
        fields = ["q", "kind", "year"]


class StaffOrdersView(ReportView):
    title = _("Orders on personnel")
    filterset_class = StaffOrderFilter
    columns = ORDER_COLUMNS

    def get_queryset(self):
        return (
            Order.objects.for_school(self.request.school)
            .filter(kind__in=STAFF_ORDER_KINDS)
            .select_related("author__person")
            .order_by("date", "pk")
        )


class CourseReportFilter(SearchFilterSet):
    search_fields = ("employee__person__last_name", "name", "direction")
    status = django_filters.ChoiceFilter(choices=CourseStatus.choices, label=_("status"))
    year = YearNumberFilter(field_name="start", lookup_expr="year", label=_("year"))

    class Meta:
        model = Course
        fields = ["q", "status", "year"]


class CourseReportView(ReportView):
    title = _("Qualification courses")
    filterset_class = CourseReportFilter
    columns = (
        Column(_("employee"), "employee.person.full_name", link=lambda c: c.employee.get_absolute_url()),
        Column(_("course name"), "name"),
        Column(_("course direction"), "direction"),
        Column(_("course start"), "start"),
        Column(_("course end"), "end"),
        Column(_("place of the course"), "place"),
        Column(_("type"), "kind"),
        Column(_("status"), "status"),
        Column(_("certificate number"), "certificate_number"),
        Column(_("date of issue"), "certificate_date"),
        Column(_("qualification category"), "category"),
        Column(_("date of attestation"), "attestation_date"),
        Column(_("conclusion of the attestation commission"), "conclusion"),
    )

    def get_queryset(self):
        return (
            Course.objects.filter(employee__school=self.request.school)
            .select_related("employee__person")
            .order_by("start", "pk")
        )


class SicknessFilter(SearchFilterSet):
    search_fields = ("employee__person__last_name", "employee__person__first_name")
    year = YearNumberFilter(field_name="start", lookup_expr="year", label=_("year"))

    class Meta:
        model = Absence
        fields = ["q", "year"]


class SicknessReportView(ReportView):
    """Sick leaves per employee: number of certificates and days (each certificate's days inclusive)."""

    title = _("Statistics of staff sickness")
    filterset_class = SicknessFilter
    columns = (
        Column(_("full name"), lambda r: " ".join(filter(None, [r["last"], r["first"], r["patronymic"]]))),
        Column(_("position"), lambda r: r["employee__position"]),
        Column(_("sick-leave certificates"), lambda r: r["cases"], css_class="num"),
        Column(_("days of sickness"), lambda r: r["span"].days + r["cases"], css_class="num"),
    )

    def get_queryset(self):
        return (
            Absence.objects.filter(employee__school=self.request.school, kind=AbsenceKind.SICK_LEAVE)
            .values("employee_id", "employee__position")
            .annotate(
                last=F("employee__person__last_name"),
                first=F("employee__person__first_name"),
                patronymic=F("employee__person__patronymic"),
                cases=Count("pk"),
                span=Sum(ExpressionWrapper(F("end") - F("start"), output_field=DurationField())),
            )
            .order_by("last", "first", "employee_id")
        )
