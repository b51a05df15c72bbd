"""Charts with drill-down (RPT-2): republic > region > district > school > class. Each level shows its
children as bars (a click goes one level down) and the same figures in a table beside the chart,
with the completeness of the data and the most active teachers."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contingent.models import SchoolClass
from core.models import District, Region
from reports import sections as X
from reports import selectors as S
from reports.views.base import ReportView, report_schools

METRICS = (
    ("pupils", gettext_lazy("pupils")),
    ("classes", gettext_lazy("classes")),
    ("teachers", gettext_lazy("teaching staff")),
    ("employees", gettext_lazy("employees")),
    ("quality", gettext_lazy("quality, %")),
    ("success", gettext_lazy("success, %")),
    ("completeness", gettext_lazy("completeness, %")),
)
PARENT_LEVEL = {"region": "republic", "district": "region", "school": "district", "class": "school"}


class DrilldownView(ReportView):
    title = gettext_lazy("Statistics with drill-down")
    template_name = "reports/drilldown.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.level = kwargs.get("level", "republic")
        if self.level not in S.LEVELS:
            raise Http404

    def scope(self):
        """The node shown and the schools under it, within what the user may read (404 outside)."""
        if hasattr(self, "_scope"):
            return self._scope
        schools = report_schools(self.request.user)
        pk = self.kwargs.get("pk")
        node = None
        if self.level == "region":
            node = get_object_or_404(Region.objects.filter(districts__schools__in=schools).distinct(), pk=pk)
            schools = schools.filter(district__region=node)
        elif self.level == "district":
            node = get_object_or_404(District.objects.filter(schools__in=schools).distinct(), pk=pk)
            schools = schools.filter(district=node)
        elif self.level == "school":
            node = get_object_or_404(schools, pk=pk)
            schools = schools.filter(pk=node.pk)
        elif self.level == "class":
            node = get_object_or_404(
                SchoolClass.objects.filter(school__in=schools).select_related("school__district__region"),
                pk=pk,
            )
            schools = schools.filter(pk=node.school_id)
        self._scope = (node, list(schools.values_list("pk", flat=True)))
        return self._scope

    def metric(self):
        value = self.request.GET.get("metric")
        return value if value in dict(METRICS) else "pupils"

    def get_title(self):
        node, _ids = self.scope()
        return f"{self.title}: {node.name if node else _('Republic')}"

    def sections(self, period):
        node, ids = self.scope()
        if self.level == "class":
            return self.class_sections(node, period)
        child = S.CHILD_LEVEL[self.level]
        on = period.date_to
        # the pupils of each class are counted once for the table and the two breakdowns below
        pupils = S.contingent_sets(ids, on, [(child, None), ("republic", "stage"), ("republic", "language")])
        figures, whole, completeness = S.summary(
            ids, child, on, period.date_from, contingent_rows=pupils[(child, None)]
        )
        label = X.names(child, figures.keys())
        keys = sorted(figures, key=lambda k: label.get(k, ""))
        if child == "class":
            classes = SchoolClass.objects.in_bulk(keys)
            keys.sort(key=lambda k: (classes[k].parallel, classes[k].letter_ru))
        metric = self.metric()
        columns = [
            m for m, _l in METRICS if child != "class" or m not in ("teachers", "employees", "completeness")
        ]
        rows = [[label.get(k, "—"), *(X.cell(figures[k].get(m)) for m in columns)] for k in keys]
        total = [_("Total"), *(X.cell(whole.get(m)) for m in columns)]
        links = [X.drill_url(child, k) for k in keys]
        main = X.Section(
            "drilldown",
            _("By %(level)s") % {"level": LEVEL_NAMES[child]},
            [str(LEVEL_NAMES[child]), *(str(dict(METRICS)[m]) for m in columns)],
            rows + ([total] if rows else []),
            X.chart(
                [r[0] for r in rows],
                [(dict(METRICS).get(metric), [figures[k].get(metric) or 0 for k in keys])],
                links,
            ),
            total=bool(rows),
            extra={"links": links},
        )
        out = [main]
        if child == "class":
            out += [X.class_movement(ids, period)]
        out += [
            X.contingent_by(ids, on, "stage", data=pupils[("republic", "stage")]),
            X.contingent_by(ids, on, "language", data=pupils[("republic", "language")]),
            X.movement(ids, period, child if child != "class" else "school"),
            X.admissions(ids, period, child if child != "class" else "school"),
        ]
        if child == "class":
            out += [X.completeness(ids, "school")]
        else:  # the rows the table above read
            out += [X.completeness(ids, child, data=completeness)]
        out += [X.active_teachers(ids, period)]
        return out

    def class_sections(self, school_class, period):
        ids = [school_class.school_id]
        rows = [
            r for r in S.class_movement(ids, period.date_from, period.date_to) if r["key"] == school_class.pk
        ]
        now = [r for r in S.contingent(ids, period.date_to, "class") if r["key"] == school_class.pk]
        keys = S.CONTINGENT_KEYS[1:]
        return [
            X.Section(
                "class_contingent",
                _("Pupils of the class"),
                [str(h) for h in X.CONTINGENT_HEADERS[1:]],
                [[r[k] for k in keys] for r in now],
                X.chart(
                    [_("boys"), _("girls")],
                    [(_("pupils"), [now[0]["boys"], now[0]["girls"]])],
                    kind="doughnut",
                )
                if now
                else None,
            ),
            X.Section(
                "class_movement",
                _("Pupils at the start and the end of the period"),
                [_("at the start"), _("arrived"), _("left"), _("at the end")],
                [[r["start"], r["arrivals"], r["departures"], r["end"]] for r in rows],
            ),
        ]

    def breadcrumbs(self):
        node, _ids = self.scope()
        crumbs = []
        chain = []
        if self.level == "class":
            chain = [
                ("school", node.school),
                ("district", node.school.district),
                ("region", node.school.district.region),
            ]
        elif self.level == "school":
            chain = [("district", node.district), ("region", node.district.region)]
        elif self.level == "district":
            chain = [("region", node.region)]
        for level, obj in reversed(chain):
            crumbs.append((obj.name, X.drill_url(level, obj.pk)))
        if self.level != "republic":
            crumbs.insert(0, (_("Republic"), X.drill_url("republic", None)))
        crumbs.append((str(node.name) if node else _("Republic"), None))
        return crumbs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["metrics"] = [
            (k, label)
            for k, label in METRICS
            if self.level != "school" or k not in ("teachers", "employees", "completeness")
        ]
        ctx["metric"] = self.metric()
        ctx["level"] = self.level
        node, _ids = self.scope()
        if self.level == "school":
            ctx["school_report_url"] = reverse("reports:school_report", args=[node.pk])
        return ctx


LEVEL_NAMES = {
    "region": gettext_lazy("region"),
    "district": gettext_lazy("district"),
    "school": gettext_lazy("school"),
    "class": gettext_lazy("class"),
}
