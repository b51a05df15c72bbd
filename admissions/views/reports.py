"""Reports (ADM-7): registration dynamics (summary and extended) and the registered students, on
screen, as .xlsx and as PDF. A district official sees every school of his district."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from admissions.filters import ReportFilter
from admissions.models import Application, Category, Quota, Status
from core.lists import ListPageView
from core.models import School
from core.permissions import Perm, district_ids, is_system_admin
from core.tables import Column


def report_schools(request):
    if request.school is not None:
        return School.objects.filter(pk=request.school.pk)
    if is_system_admin(request.user):
        return School.objects.all()
    return School.objects.filter(district_id__in=district_ids(request.user))


class AdmissionReportView(ListPageView):
    permission_required = Perm.ADMISSIONS_REPORTS
    filterset_class = ReportFilter
    paginate_by = 50

    def needs_school(self):
        return False

    def year(self):
        value = self.request.GET.get("year", "")
        return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["schools"] = report_schools(self.request)
        if kwargs.get("data") is None or "year" not in kwargs["data"]:
            data = kwargs["data"].copy() if kwargs.get("data") is not None else {}
            data["year"] = str(self.year())
            kwargs["data"] = data
        return kwargs

    def get_title(self):
        return f"{self.title} {self.year()}"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["breadcrumbs"] = [(self.title, None)]
        return ctx


def _count(year, **condition):
    rows = (
        Application.objects.filter(school=OuterRef("pk"), year=year, **condition)
        .order_by()
        .values("school")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class DynamicsSummaryView(AdmissionReportView):
    """Summary of registration dynamics: per school, places and applications by status."""

    title = _("Registration dynamics (summary)")
    columns = (
        Column(_("school"), "name"),
        Column(_("places"), "places", css_class="num"),
        Column(_("applications"), "total", css_class="num"),
        Column(_("of them from the catchment area"), "catchment", css_class="num"),
        Column(_("waiting"), "waiting", css_class="num"),
        Column(_("enrolled"), "enrolled", css_class="num"),
        Column(_("refused"), "refused", css_class="num"),
        Column(_("cancelled"), "withdrawn", css_class="num"),
        Column(_("free places"), lambda s: max(s.places - s.enrolled, 0), css_class="num"),
    )

    def get_queryset(self):
        year = self.year()
        places = (
            Quota.objects.filter(school=OuterRef("pk"), year=year)
            .order_by()
            .values("school")
            .annotate(n=Sum("places"))
            .values("n")
        )
        return (
            report_schools(self.request)
            .annotate(
                places=Coalesce(Subquery(places, output_field=IntegerField()), 0),
                total=_count(year),
                catchment=_count(year, in_catchment=True),
                waiting=_count(year, status=Status.SUBMITTED),
                enrolled=_count(year, status=Status.CONFIRMED),
                refused=_count(year, status=Status.REFUSED),
                withdrawn=_count(year, status=Status.WITHDRAWN),
            )
            .order_by("name_ru")
        )


class DynamicsExtendedView(AdmissionReportView):
    """Extended report of registration dynamics: by day, school and category."""

    title = _("Registration dynamics (extended)")
    columns = (
        Column(_("day"), lambda r: r["day"]),
        Column(_("school"), lambda r: r["school_name"]),
        Column(_("category"), lambda r: Category(r["category"]).label),
        Column(_("applications"), lambda r: r["total"], css_class="num"),
        Column(_("of them from the catchment area"), lambda r: r["catchment"], css_class="num"),
        Column(_("enrolled"), lambda r: r["enrolled"], css_class="num"),
        Column(_("refused"), lambda r: r["refused"], css_class="num"),
    )

    def get_queryset(self):
        from django.db.models.functions import Coalesce as C

        name = "school__name_kk" if (self.request.LANGUAGE_CODE or "")[:2] == "kk" else "school__name_ru"
        return (
            Application.objects.filter(school__in=report_schools(self.request), year=self.year())
            .annotate(day=TruncDate("submitted_at"), school_name=C(name, "school__name_ru"))
            .values("day", "school_name", "school", "category")
            .annotate(
                total=Count("id"),
                catchment=Count("id", filter=Q(in_catchment=True)),
                enrolled=Count("id", filter=Q(status=Status.CONFIRMED)),
                refused=Count("id", filter=Q(status=Status.REFUSED)),
            )
            .order_by("-day", "school_name", "category")
        )


class RegisteredStudentsView(AdmissionReportView):
    """Registered students: the children admitted to the first grade, with class and order."""

    title = _("Registered students")
    columns = (
        Column(_("school"), "school"),
        Column(_("application No."), "number"),
        Column(_("child"), lambda a: a.child_full_name),
        Column(_("date of birth"), "child_birth_date"),
        Column(_("category"), "category"),
        Column(_("class"), "student.school_class"),
        Column(_("order"), "order"),
        Column(_("decided at"), "decided_at"),
    )

    def get_queryset(self):
        return (
            Application.objects.filter(
                school__in=report_schools(self.request), year=self.year(), status=Status.CONFIRMED
            )
            .select_related("school", "student__school_class", "order")
            .order_by("school__name_ru", "child_last_name", "child_first_name", "pk")
        )
