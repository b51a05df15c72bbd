"""Reports (PLN-7): РУП and ГУП for print, teaching load (extended) and against the rate, room usage
(аудиторный фонд); each on screen, as .xlsx and as PDF through core's list and export pattern."""

from decimal import Decimal

import django_filters
from django.db.models import Count, DecimalField, F, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contingent.models import SchoolClass
from core.lists import ListPageView
from core.tables import Column
from staff.models import Employee

from ..calendar import SchoolCalendar, annual_hours
from ..models import ClassSubject, Room, Subgroup, Timetable, TimetableStatus, WeekLoad
from ..rules import RATE_HOURS
from ..selectors import year_periods
from .base import PlanningMixin

REPORTS = [
    ("planning:report_load", gettext_lazy("Teaching load (extended)")),
    ("planning:report_load_summary", gettext_lazy("Teaching load against the rate")),
    ("planning:report_rup", gettext_lazy("РУП")),
    ("planning:report_gup", gettext_lazy("ГУП")),
    ("planning:report_rooms", gettext_lazy("Room usage (аудиторный фонд)")),
]


def _hours(value):
    value = Decimal(value or 0).normalize()
    return int(value) if value == value.to_integral() else float(value)


class ClassFilter(django_filters.FilterSet):
    school_class = django_filters.ModelChoiceFilter(
        queryset=SchoolClass.objects.none(), label=gettext_lazy("Class"), method="filter_class"
    )
    class_path = "school_class"

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["school_class"].queryset = SchoolClass.objects.filter(
            school=request.school, academic_year=request.academic_year, is_active=True
        )

    def filter_class(self, queryset, name, value):
        return queryset.filter(**{self.class_path: value}) if value else queryset


class RupFilter(ClassFilter):
    class Meta:
        model = ClassSubject
        fields = ["school_class"]


class SubgroupFilter(ClassFilter):
    class_path = "class_subject__school_class"
    teacher = django_filters.ModelChoiceFilter(
        queryset=Employee.objects.none(), label=gettext_lazy("Teacher")
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["teacher"].queryset = (
            Employee.objects.teaching().filter(school=request.school).select_related("person")
        )

    class Meta:
        model = Subgroup
        fields = ["school_class", "teacher"]


class _LazyWeeks(dict):
    """Study weeks per period for a parallel, counted the first time a parallel is asked for."""

    def __init__(self, calendar, periods):
        super().__init__()
        self.calendar, self.periods = calendar, periods

    def __missing__(self, parallel):
        value = self[parallel] = {p.pk: self.calendar.week_count(p, parallel) for p in self.periods}
        return value


class ReportView(PlanningMixin, ListPageView):
    template_name = "planning/report.html"
    paginate_by = 200

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["reports"] = REPORTS
        return ctx

    def weeks(self):
        """Study weeks of each period, by parallel (grade 1 has its extra holidays): read once."""
        if not hasattr(self, "_weeks"):
            periods = year_periods(self.year)
            calendar = SchoolCalendar(
                self.school, periods[0].start if periods else None, periods[-1].end if periods else None
            )
            self._periods = periods
            self._calendar = calendar
            self._weeks = {
                parallel: {p.pk: calendar.week_count(p, parallel) for p in periods}
                for parallel in range(0, 13)
            }
        return self._weeks

    def annual(self, line):
        own = {cp.period_id: cp.weekly_hours for cp in line.periods.all()}
        weeks = self.weeks()[line.school_class.parallel]
        return annual_hours({pk: own.get(pk, line.weekly_hours) for pk in weeks}, weeks)


class RupReportView(ReportView):
    title = gettext_lazy("Working curriculum (РУП)")
    filterset_class = RupFilter

    def get_columns(self):
        self.weeks()
        columns = [
            Column(_("Class"), "school_class"),
            Column(_("Subject"), "display_name"),
            Column(_("Variative"), "is_variative"),
            Column(_("Hours a week"), lambda r: _hours(r.weekly_hours)),
        ]
        for p in self._periods:
            columns.append(
                Column(
                    p.name,
                    lambda r, pk=p.pk: _hours(
                        next(
                            (cp.weekly_hours for cp in r.periods.all() if cp.period_id == pk), r.weekly_hours
                        )
                    ),
                )
            )
        columns.append(Column(_("For the year, h"), lambda r: _hours(self.annual(r))))
        return columns

    def get_queryset(self):
        return (
            ClassSubject.objects.filter(school_class__school=self.school, academic_year=self.year)
            .select_related("school_class", "subject")
            .prefetch_related("periods")
            .order_by("school_class__parallel", "school_class__letter_ru", "is_variative", "subject__name_ru")
        )


class GupReportView(ReportView):
    """The ГУП of a class: each subgroup's hours week by week."""

    title = gettext_lazy("Distribution of lessons by week (ГУП)")
    filterset_class = SubgroupFilter
    paginate_by = 100

    def mondays(self):
        if not hasattr(self, "_mondays"):
            self.weeks()
            self._mondays = [(p, m) for p in self._periods for m in self._calendar.weeks(p)]
        return self._mondays

    def week_hours(self, subgroup, period, monday):
        saved = {w.week_start: w.hours for w in subgroup.week_loads.all()}
        if monday in saved:
            return _hours(saved[monday])
        line = subgroup.class_subject
        if monday not in self._calendar.weeks(period, line.school_class.parallel):
            return 0
        own = {cp.period_id: cp.weekly_hours for cp in line.periods.all()}
        return _hours(own.get(period.pk, line.weekly_hours))

    def get_columns(self):
        columns = [
            Column(_("Class"), lambda r: r.label),
            Column(_("Subject"), "class_subject.display_name"),
            Column(_("Teacher"), "teacher"),
        ]
        for period, monday in self.mondays():
            columns.append(
                Column(monday.strftime("%d.%m"), lambda r, p=period, m=monday: self.week_hours(r, p, m))
            )
        columns.append(Column(_("Total"), lambda r: sum(self.week_hours(r, p, m) for p, m in self.mondays())))
        return columns

    def get_queryset(self):
        return (
            Subgroup.objects.filter(
                class_subject__school_class__school=self.school, class_subject__academic_year=self.year
            )
            .select_related("class_subject__school_class", "class_subject__subject", "teacher__person")
            .prefetch_related(
                "class_subject__periods", Prefetch("week_loads", queryset=WeekLoad.objects.all())
            )
            .order_by(
                "class_subject__school_class__parallel",
                "class_subject__school_class__letter_ru",
                "class_subject__subject__name_ru",
                "position",
            )
        )


class TeachingLoadView(ReportView):
    """Teaching load (extended): teacher, class, subject, weekly and annual hours of every subgroup."""

    title = gettext_lazy("Teaching load (extended)")
    filterset_class = SubgroupFilter

    def get_columns(self):
        return [
            Column(_("Teacher"), lambda r: r.teacher or _("no teacher")),
            Column(_("Position"), "teacher.position"),
            Column(_("Class"), lambda r: r.label),
            Column(_("Subject"), "class_subject.display_name"),
            Column(_("Subgroups"), "kind"),
            Column(_("Hours a week"), lambda r: _hours(r.class_subject.weekly_hours)),
            Column(_("For the year, h"), lambda r: _hours(self.annual(r.class_subject))),
        ]

    def get_queryset(self):
        return (
            Subgroup.objects.filter(
                class_subject__school_class__school=self.school, class_subject__academic_year=self.year
            )
            .select_related("class_subject__school_class", "class_subject__subject", "teacher__person")
            .prefetch_related("class_subject__periods")
            .order_by(
                "teacher__person__last_name",
                "teacher__person__first_name",
                "class_subject__school_class__parallel",
                "class_subject__school_class__letter_ru",
            )
        )


class TeacherFilter(django_filters.FilterSet):
    over = django_filters.BooleanFilter(label=gettext_lazy("Over the rate only"), method="filter_over")

    class Meta:
        model = Employee
        fields = ["over"]

    def filter_over(self, queryset, name, value):
        return queryset.filter(over__gt=0) if value else queryset


class TeachingLoadSummaryView(ReportView):
    """Each teacher's weekly load against her rate (RATE_HOURS hours a rate), summed in SQL."""

    title = gettext_lazy("Teaching load against the rate")
    filterset_class = TeacherFilter

    def get_columns(self):
        return [
            Column(_("Teacher"), "person.full_name"),
            Column(_("Position"), "position"),
            Column(_("Rate"), lambda r: _hours(r.rate)),
            Column(_("Hours by the rate"), lambda r: _hours(r.rate * RATE_HOURS)),
            Column(_("Hours a week"), lambda r: _hours(r.load)),
            Column(_("Difference"), lambda r: _hours(r.load - r.rate * RATE_HOURS)),
            Column(_("Subgroups"), "subgroup_count"),
        ]

    def get_queryset(self):
        in_year = Q(subgroups__class_subject__academic_year=self.year)
        return (
            Employee.objects.teaching()
            .filter(school=self.school)
            .select_related("person")
            .annotate(
                load=Coalesce(
                    Sum("subgroups__class_subject__weekly_hours", filter=in_year),
                    Value(Decimal(0)),
                    output_field=DecimalField(),
                ),
                subgroup_count=Count("subgroups", filter=in_year),
            )
            .annotate(over=F("load") - F("rate") * Value(RATE_HOURS))
            .order_by("person__last_name", "person__first_name")
        )


class RoomKindFilter(django_filters.FilterSet):
    class Meta:
        model = Room
        fields = ["kind"]


class RoomUsageView(ReportView):
    """Аудиторный фонд: lessons in each room on each weekday of the published timetable, and the share
    of the week's lesson slots it is used."""

    title = gettext_lazy("Room usage (аудиторный фонд)")
    filterset_class = RoomKindFilter

    def slots(self):
        return (6 if self.school.six_day_week else 5) * 7

    def get_columns(self):
        from ..models.timetable import WEEKDAYS

        days = [(d, name) for d, name in WEEKDAYS if d <= (6 if self.school.six_day_week else 5)]
        columns = [Column(_("Room"), "name"), Column(_("Kind"), "kind"), Column(_("Capacity"), "capacity")]
        for d, name in days:
            columns.append(Column(str(name), f"day_{d}"))
        columns.append(Column(_("Lessons a week"), "total"))
        columns.append(Column(_("Used, %"), lambda r: round(100 * r.total / self.slots())))
        return columns

    def get_queryset(self):
        timetable = Timetable.objects.filter(
            school=self.school, academic_year=self.year, status=TimetableStatus.PUBLISHED
        ).first()
        tt = Q(timetable_lessons__timetable=timetable)
        annotations = {
            f"day_{d}": Count("timetable_lessons", filter=tt & Q(timetable_lessons__weekday=d))
            for d in range(1, 7)
        }
        return (
            Room.objects.filter(school=self.school)
            .annotate(total=Count("timetable_lessons", filter=tt), **annotations)
            .order_by("name")
        )
