"""District reports (RPT-3): teacher attestation, the registry of schools ("all" and "by type"),
the activity report, and the NOBD summary for a school or summed for the district (RPT-5)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contingent.reports import nobd_summary
from core.permissions import Perm
from reports import sections as X
from reports.views.base import ReportView, report_schools


class DistrictReportView(ReportView):
    permission_required = Perm.REPORTS_DISTRICT
    tabs = ()

    def ids(self):
        if not hasattr(self, "_ids"):
            self._ids = list(
                report_schools(self.request.user, self.permission_required).values_list("pk", flat=True)
            )
        return self._ids

    def tab(self):
        keys = [k for k, _l in self.tabs]
        value = self.request.GET.get("tab")
        return value if value in keys else (keys[0] if keys else None)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["tabs"] = self.tabs
        ctx["tab"] = self.tab()
        return ctx


class AttestationView(DistrictReportView):
    """Teaching staff by qualification category and role, for the district and per school."""

    title = gettext_lazy("Attestation of teaching staff")

    def sections(self, period):
        ids, on = self.ids(), period.date_to
        return [X.attestation(ids, on), X.staff_by_org(ids, on, "school"), X.staff_by(ids, on, "category")]


class RegistryView(DistrictReportView):
    """The registry of subordinate schools: tab "all" lists each school, tab "by type" counts them."""

    title = gettext_lazy("Registry of schools")
    template_name = "reports/registry.html"
    tabs = (("all", gettext_lazy("All schools")), ("type", gettext_lazy("By type")))

    def sections(self, period):
        if self.tab() == "type":
            return [X.registry_by_type(self.ids(), period.date_to)]
        from django.urls import reverse

        from core.models import School

        section = X.registry(self.ids())
        order = (
            School.objects.filter(pk__in=self.ids()).order_by("kind", "name_ru").values_list("pk", flat=True)
        )
        section.extra["links"] = [reverse("reports:school_report", args=[pk]) for pk in order]
        return [section]


class ActivityReportView(DistrictReportView):
    """Users and login frequency per school and for all schools; the most active teachers."""

    title = gettext_lazy("Activity report")

    def sections(self, period):
        ids = self.ids()
        return [X.activity(ids, period), X.active_teachers(ids, period), X.completeness(ids)]


class NobdView(ReportView):
    """The NOBD summary as of a date (RPT-5): the contingent part is the contingent app's own NOBD
    computation (for one school, or summed over the district's schools), with the staff part beside
    it. The school staff get their school, a district official his district."""

    title = gettext_lazy("Summary report for the NOBD")

    def subtitle(self, period):
        from django.utils import formats

        return _("as of %(date)s; arrivals and departures since %(from)s") % {
            "date": formats.date_format(period.date_to, "SHORT_DATE_FORMAT"),
            "from": formats.date_format(period.date_from, "SHORT_DATE_FORMAT"),
        }

    def ids(self):
        school = getattr(self.request, "school", None)
        if school is not None:
            return [school.pk]
        return list(report_schools(self.request.user).values_list("pk", flat=True))

    def get_title(self):
        school = getattr(self.request, "school", None)
        return f"{self.title}: {school.name}" if school else str(self.title)

    def sections(self, period):
        ids = self.ids()
        data = nobd_summary(None, period.date_to, period.date_from, schools=ids)
        keys = data["keys"]
        headers = [
            _("pupils"),
            _("boys"),
            _("girls"),
            _("special educational needs"),
            _("taught at home"),
            _("arrived"),
            _("left"),
        ]
        totals = data["totals"]
        total_row = [_("Total"), totals["classes"], *(totals[k] for k in keys)]
        if len(ids) == 1:
            rows = [
                [
                    r["school_class"].name,
                    r["school_class"].get_language_display(),
                    r["school_class"].shift,
                    *(r[k] for k in keys),
                ]
                for r in data["rows"]
            ]
            main = X.Section(
                "nobd_classes",
                _("Pupils by class"),
                [_("class"), _("language of instruction"), _("shift"), *headers],
                rows + [[_("Total"), "", "", *(totals[k] for k in keys)]],
                total=True,
            )
        else:
            per_school = {}
            for r in data["rows"]:  # one row per class (already aggregated in SQL)
                agg = per_school.setdefault(r["school_class"].school_id, {k: 0 for k in ("classes", *keys)})
                agg["classes"] += 1
                for k in keys:
                    agg[k] += r[k]
            label = X.names("school", per_school.keys())
            order = sorted(per_school, key=lambda k: label.get(k, ""))
            rows = [
                [label.get(k, "—"), per_school[k]["classes"], *(per_school[k][c] for c in keys)]
                for k in order
            ]
            main = X.Section(
                "nobd_schools",
                _("Pupils by school"),
                [_("school"), _("classes"), *headers],
                rows + [total_row],
                X.chart([r[0] for r in rows], [(_("pupils"), [per_school[k]["pupils"] for k in order])]),
                total=True,
            )
        groups = []
        for key, caption, label in (
            ("by_level", _("By level"), lambda k: str(X.STAGE_LABELS.get(k, k))),
            ("by_parallel", _("By parallel"), str),
            ("by_language", _("By language of instruction"), str),
            ("by_shift", _("By shift"), lambda k: _("shift %(n)s") % {"n": k}),
        ):
            rows = [[label(k), v.get("classes", 0), *(v.get(c, 0) for c in keys)] for k, v in data[key]]
            groups.append(
                X.Section(
                    f"nobd_{key}", caption, ["", _("classes"), *headers], rows + [total_row], total=True
                )
            )
        on = period.date_to
        staff = [
            X.staff_by_org(ids, on, "school"),
            X.staff_by(ids, on, "group"),
            X.staff_by(ids, on, "category"),
            X.staff_by(ids, on, "sex"),
        ]
        waiting = X.Section(
            "nobd_waiting", _("Registered, not yet in a class"), [_("students")], [[data["waiting"]]]
        )
        return [main, *groups, waiting, *staff]
