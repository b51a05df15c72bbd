"""School statistics (RPT-1) and the report per school that the district reads (RPT-3)."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import School
from core.permissions import Perm, has_permission
from reports import sections as X
from reports import selectors as S
from reports.views.base import ReportView

STAFF_DIMENSIONS = (
    "category",
    "group",
    "sex",
    "age",
    "seniority",
    "courses",
    "specialty",
    "subject",
    "language",
)


def school_sections(school, period, with_activity=False):
    """Every figure of one school, each as a table (most with a chart)."""
    ids = [school.pk]
    on = period.date_to
    breakdowns = ("stage", "language", "shift")
    # the pupils of each class are counted once for the four contingent tables
    pupils = S.contingent_sets(ids, on, [("class", None), *(("republic", by) for by in breakdowns)])
    sections = [
        X.contingent_by_org(ids, on, "class", title=_("Contingent by class"), data=pupils[("class", None)]),
        *(X.contingent_by(ids, on, by, data=pupils[("republic", by)]) for by in breakdowns),
        X.coverage(ids, on),
        X.class_movement(ids, period),
        X.movement(ids, period),
        X.admissions(ids, period),
        X.graduates(ids, period),
        X.competitions(ids, period),
        X.performance(ids, period, "class"),
        X.attendance(ids, period, "class"),
        X.mark_statistics(ids, period, "class"),
        X.lessons(ids, period, "class"),
        X.staff_by_org(ids, on, "school"),
        *(X.staff_by(ids, on, by) for by in STAFF_DIMENSIONS),
        X.staff_changes(ids, period),
        X.attestation(ids, on),
    ]
    if with_activity:
        sections += [
            X.activity(ids, period),
            X.active_teachers(ids, period),
            X.completeness(ids),
            X.change_history(ids, period),
        ]
    return sections


class SchoolStatisticsView(ReportView):
    """The current school's statistics."""

    title = gettext_lazy("School statistics")

    def needs_school(self):
        return True

    def get_school(self):
        return self.request.school

    def get_title(self):
        return f"{self.title}: {self.get_school().name}"

    def export_object(self):
        return self.get_school()

    def sections(self, period):
        school = self.get_school()
        can_activity = has_permission(self.request.user, Perm.ACTIVITY_VIEW, school)
        return school_sections(school, period, with_activity=can_activity)


class SchoolReportView(SchoolStatisticsView):
    """The report per school for the district (RPT-3): about the school, then the same figures as the
    school's own statistics, with the activity of its users. Another district's school is a 404."""

    title = gettext_lazy("Report on the school")
    template_name = "reports/school_report.html"

    def needs_school(self):
        return False

    def check_permission(self, school=None):
        school = self.get_school()
        if not has_permission(self.request.user, self.permission_required, school):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied

    def get_school(self):
        if not hasattr(self, "_school"):
            self._school = get_object_or_404(
                School.objects.visible_to(self.request.user).select_related("district"), pk=self.kwargs["pk"]
            )
        return self._school

    def sections(self, period):
        school = self.get_school()
        return [X.registry([school.pk]), *school_sections(school, period, with_activity=True)]

    def breadcrumbs(self):
        crumbs = [(self.get_school().name, None)]
        if has_permission(self.request.user, Perm.REPORTS_DISTRICT, None):
            crumbs.insert(0, (_("Registry of schools"), reverse("reports:registry")))
        return crumbs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["school"] = self.get_school()
        ctx["drill_url"] = reverse("reports:drilldown_level", args=["school", self.get_school().pk])
        return ctx
