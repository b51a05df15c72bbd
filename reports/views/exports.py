"""The register of student movements of the district's schools as .xlsx (RPT-4): one row per movement,
without names (a district reads figures, not personal files), streamed whatever its size."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from contingent.models import LeaveReason, Movement, MovementKind
from core.permissions import Perm
from reports.exporters import rows_xlsx_response
from reports.routers import read_db
from reports.views.base import ReportView, report_schools


def movement_rows(school_ids, date_from, date_to):
    """The register's rows, read from the database in chunks (a server-side cursor)."""
    kinds = {k: str(label) for k, label in MovementKind.choices}  # translated once, not per row
    reasons = {k: str(label) for k, label in LeaveReason.choices}
    qs = (
        Movement.objects.using(read_db())
        .filter(school_id__in=school_ids, date__range=(date_from, date_to))
        .order_by("school__name_ru", "date", "pk")
        .values_list(
            "school__name_ru",
            "date",
            "order__number",
            "kind",
            "from_class__parallel",
            "from_class__letter_ru",
            "to_class__parallel",
            "to_class__letter_ru",
            "reason",
        )
    )
    for school, date, number, kind, fp, fl, tp, tl, reason in qs.iterator(chunk_size=5000):
        yield [
            school,
            date,
            number,
            kinds.get(kind, kind),
            f"{fp} {fl}" if fp is not None else "",
            f"{tp} {tl}" if tp is not None else "",
            reasons.get(reason, "") if reason else "",
        ]


MOVEMENT_HEADERS = [
    gettext_lazy("school"),
    gettext_lazy("date"),
    gettext_lazy("order number"),
    gettext_lazy("movement"),
    gettext_lazy("from class"),
    gettext_lazy("to class"),
    gettext_lazy("reason"),
]


class MovementRegisterExport(ReportView, View):
    permission_required = Perm.REPORTS_DISTRICT

    def get(self, request, *args, **kwargs):
        form, period = self.get_period()
        ids = list(report_schools(request.user, self.permission_required).values_list("pk", flat=True))
        title = _("Register of student movements")
        return rows_xlsx_response(
            request, title, MOVEMENT_HEADERS, movement_rows(ids, period.date_from, period.date_to)
        )
