"""Reports as sections: a title, column headers, rows and an optional chart of the same figures.

A page renders the sections as tables with their charts, the .xlsx export writes one sheet per section
and the PDF prints the same tables: one list of rows, three outputs (RPT-4). The figures come from
`reports.selectors` only."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contingent.models import InstructionLanguage, SchoolClass
from core.models import District, Region, School
from core.models.organisations import SchoolKind
from core.models.people import Sex
from reports import selectors as S
from reports.models import CompetitionLevel
from staff.models import QualificationCategory, StaffGroup


@dataclass
class Section:
    key: str
    title: str
    headers: list
    rows: list
    chart: dict | None = None
    note: str = ""
    total: bool = False  # the last row is a total (shown in bold)
    extra: dict = field(default_factory=dict)

    def linked_rows(self):
        """(row, URL of its first cell or None), for the drill-down's and the registry's links."""
        links = self.extra.get("links") or (self.chart or {}).get("links") or []
        return [(row, links[i] if i < len(links) else None) for i, row in enumerate(self.rows)]


def cell(value):
    """How a figure is written in a cell: no figure is a dash, percentages keep two decimals."""
    if value is None:
        return "—"
    return value


def chart(labels, series, links=None, kind="bar"):
    """Chart.js data: labels, one dataset per (label, values), and the URL each bar leads to."""
    return {
        "type": kind,
        "labels": [str(x) for x in labels],
        "datasets": [{"label": str(label), "data": list(values)} for label, values in series],
        "links": links or [],
    }


def _choice(choices, value, empty=None):
    if value in (None, ""):
        return str(empty) if empty is not None else "—"
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


AGE_LABELS = {"<30": "< 30", "unknown": gettext_lazy("not stated")}
STAGE_LABELS = {key: label for key, label, _range in S.STAGES}
STAGE_ORDER = [key for key, _label, _range in S.STAGES]
AGE_ORDER = ["<30", "30-39", "40-49", "50-59", "60+", "unknown"]
SENIORITY_ORDER = ["0-2", "3-4", "5-9", "10-19", "20+"]


def names(level, keys):
    """Display names of organisations (or classes) by key, read in one query."""
    keys = [k for k in keys if k is not None]
    if level == "republic":
        return {0: _("Republic")}
    if level == "class":
        objs = SchoolClass.objects.select_related("academic_year").in_bulk(keys)
        return {k: f"{o.name} ({o.academic_year.name})" for k, o in objs.items()}
    model = {"region": Region, "district": District, "school": School}[level]
    return {k: o.name for k, o in model.objects.in_bulk(keys).items()}


def _total_row(label, rows, start=1):
    width = len(rows[0]) if rows else 0
    total = [label] + [""] * (start - 1)
    for i in range(start, width):
        values = [r[i] for r in rows if isinstance(r[i], (int, float)) and not isinstance(r[i], bool)]
        total.append(sum(values) if len(values) == len(rows) else "")
    return total


def org_table(key, title, level, data, columns, series=(), links=None, total=False, sort=True, note=""):
    """One row per organisation (or class) of `level`: its name, then `columns` ((field, header)
    pairs; a missing figure is a dash), sorted by name unless `sort` is off; the total of the counts
    when `total` is asked and there is more than one row; a bar chart of the fields in `series`
    ((field, caption) pairs), each bar leading to `links(key)` when given."""
    label = names(level, [r["key"] for r in data])
    if sort:
        data.sort(key=lambda r: label.get(r["key"], ""))
    rows = [[label.get(r["key"], "—"), *(cell(r[f]) for f, _h in columns)] for r in data]
    with_total = total and len(rows) > 1
    return Section(
        key,
        title,
        [_("class") if level == "class" else _("organisation"), *(str(h) for _f, h in columns)],
        rows + ([_total_row(_("Total"), rows)] if with_total else []),
        chart(
            [r[0] for r in rows],
            [(caption, [r[f] or 0 for r in data]) for f, caption in series],
            [links(r["key"]) for r in data] if links else [],
        )
        if series
        else None,
        note=note,
        total=with_total,
    )


# -- contingent ----------------------------------------------------------------------------------------

CONTINGENT_HEADERS = [
    gettext_lazy("classes"),
    gettext_lazy("pupils"),
    gettext_lazy("boys"),
    gettext_lazy("girls"),
    gettext_lazy("special educational needs"),
    gettext_lazy("taught at home"),
]


def contingent_by_org(schools, on_date, level, links=None, title=None, data=None):
    """Pupils and classes per organisation of `level`, with the total of the whole scope; `data`: the
    rows of `S.contingent` when the caller has read them with others (`S.contingent_sets`)."""
    data = S.contingent(schools, on_date, level) if data is None else list(data)
    label = names(level, [r["key"] for r in data])
    data.sort(key=lambda r: label.get(r["key"], ""))
    rows = [[label.get(r["key"], "—"), *(r[k] for k in S.CONTINGENT_KEYS)] for r in data]
    if level == "class":
        classes = SchoolClass.objects.in_bulk([r["key"] for r in data])
        data.sort(key=lambda r: (classes[r["key"]].parallel, classes[r["key"]].letter_ru))
        rows = [
            [
                classes[r["key"]].name,
                classes[r["key"]].get_language_display(),
                classes[r["key"]].shift,
                *(r[k] for k in S.CONTINGENT_KEYS[1:]),
            ]
            for r in data
        ]
        headers = [_("class"), _("language of instruction"), _("shift"), *CONTINGENT_HEADERS[1:]]
        total = _total_row(_("Total"), rows, start=3)
    else:
        headers = [_("organisation"), *CONTINGENT_HEADERS]
        total = _total_row(_("Total"), rows)
    series = [(_("pupils"), [r["pupils"] for r in data])]
    chart_links = [links(r["key"]) for r in data] if links else []
    return Section(
        "contingent",
        title or _("Contingent"),
        headers,
        rows + ([total] if rows else []),
        chart([row[0] for row in rows], series, chart_links),
        total=bool(rows),
    )


def contingent_by(schools, on_date, by, data=None):
    """The whole scope's classes and pupils by language of instruction, shift or stage; `data` as in
    `contingent_by_org`."""
    data = S.contingent(schools, on_date, "republic", by=by) if data is None else data
    sums = {}
    for r in data:  # one row per dimension value already; republic level has a single key
        sums[r["dim"]] = r
    if by == "stage":
        order = [k for k in STAGE_ORDER if k in sums]
        label = {k: str(STAGE_LABELS[k]) for k in order}
        title = _("Contingent by stage of schooling")
    elif by == "language":
        order = sorted(sums)
        label = {k: _choice(InstructionLanguage, k) for k in order}
        title = _("Contingent by language of instruction")
    else:
        order = sorted(sums, key=lambda k: int(k))
        label = {k: _("shift %(n)s") % {"n": k} for k in order}
        title = _("Contingent by shift")
    rows = [[label[k], *(sums[k][c] for c in S.CONTINGENT_KEYS)] for k in order]
    total = _total_row(_("Total"), rows)
    return Section(
        f"contingent_{by}",
        title,
        ["", *CONTINGENT_HEADERS],
        rows + ([total] if rows else []),
        chart([r[0] for r in rows], [(_("pupils"), [sums[k]["pupils"] for k in order])], kind="doughnut"),
        total=bool(rows),
    )


def coverage(schools, on_date, level="school"):
    data = S.coverage(schools, on_date, level)
    label = names(level, [r["key"] for r in data])
    rows = [
        [
            label.get(r["key"], "—"),
            r["registered"],
            r["placed"],
            cell(r["placed_percent"]),
            r["waiting"],
            r["home_schooled"],
            r["capacity"],
            cell(r["occupancy_percent"]),
        ]
        for r in data
    ]
    return Section(
        "coverage",
        _("Coverage"),
        [
            _("organisation"),
            _("registered students"),
            _("in classes"),
            _("in classes, %"),
            _("registered, not yet in a class"),
            _("taught at home"),
            _("design capacity"),
            _("occupancy, %"),
        ],
        rows,
        note=_("Occupancy: pupils in classes of the schools that state a design capacity, divided by it."),
    )


def class_movement(schools, period, level="class"):
    """Start + arrivals - departures = end, per class (RPT-4) and for the whole scope."""
    data = S.class_movement(schools, period.date_from, period.date_to, level)
    label = names(level, [r["key"] for r in data])
    if level == "class":
        classes = SchoolClass.objects.select_related("academic_year").in_bulk([r["key"] for r in data])
        data.sort(
            key=lambda r: (
                classes[r["key"]].academic_year.start,
                classes[r["key"]].parallel,
                classes[r["key"]].letter_ru,
            )
        )
    rows = [[label.get(r["key"], "—"), r["start"], r["arrivals"], r["departures"], r["end"]] for r in data]
    total = _total_row(_("Total"), rows)
    return Section(
        "class_movement",
        _("Pupils at the start and the end of the period"),
        [
            _("class") if level == "class" else _("organisation"),
            _("at the start"),
            _("arrived"),
            _("left"),
            _("at the end"),
        ],
        rows + ([total] if rows else []),
        note=_(
            "Arrivals and departures of a class include moves between classes and promotion to the next year."
        ),
        total=bool(rows),
    )


MOVEMENT_COLUMNS = (
    ("admitted", gettext_lazy("admitted")),
    ("transferred", gettext_lazy("transferred between classes")),
    ("left_school", gettext_lazy("left the school")),
    ("to_other_school", gettext_lazy("of them to another school")),
    ("moved_away", gettext_lazy("of them moved away")),
    ("promoted", gettext_lazy("promoted")),
    ("repeating", gettext_lazy("repeat the year")),
    ("graduated", gettext_lazy("graduated")),
)


def movement(schools, period, level="school", links=None):
    data = S.movement(schools, period.date_from, period.date_to, level)
    series = [("admitted", _("admitted")), ("left_school", _("left the school"))]
    title = _("Movement of students by order")
    return org_table("movement", title, level, data, MOVEMENT_COLUMNS, series, links, total=True, sort=False)


def graduates(schools, period, level="school"):
    data = S.graduates(schools, period.date_from, period.date_to, level)
    label = names(level, [r["key"] for r in data])
    rows = [
        [
            label.get(r["key"], "—"),
            r["graduates"],
            r["basic"],
            r["general"],
            r["honours"],
            cell(S.percent(r["honours"], r["graduates"])),
        ]
        for r in data
    ]
    return Section(
        "graduates",
        _("Graduates and honours"),
        [
            _("organisation"),
            _("graduates"),
            _("basic secondary education (grade 9)"),
            _("general secondary education"),
            _("with honours"),
            _("with honours, %"),
        ],
        rows,
        note=_(
            "With honours: a valid attestat or certificate with honours, or the Altyn belgi, issued to the graduate."
        ),
    )


def competitions(schools, period, level="school"):
    data = S.competition_results(schools, period.date_from, period.date_to, level)
    by_level = {}
    for r in data:
        agg = by_level.setdefault(r["dim"], {"winners": 0, "first": 0, "results": 0})
        for k in agg:
            agg[k] += r[k]
    order = [lvl for lvl in CompetitionLevel.values if lvl in by_level]
    rows = [
        [
            _choice(CompetitionLevel, lvl),
            by_level[lvl]["results"],
            by_level[lvl]["winners"],
            by_level[lvl]["first"],
        ]
        for lvl in order
    ]
    total = _total_row(_("Total"), rows)
    return Section(
        "competitions",
        _("Olympiad and competition results"),
        [_("level"), _("results"), _("prize winners (1st-3rd place)"), _("of them 1st place")],
        rows + ([total] if rows else []),
        chart(
            [r[0] for r in rows],
            [(_("prize winners (1st-3rd place)"), [by_level[lvl]["winners"] for lvl in order])],
        ),
        total=bool(rows),
    )


# -- staff ---------------------------------------------------------------------------------------------

STAFF_TITLES = {
    "category": gettext_lazy("Staff by qualification category"),
    "group": gettext_lazy("Staff by group"),
    "sex": gettext_lazy("Staff by sex"),
    "age": gettext_lazy("Staff by age"),
    "seniority": gettext_lazy("Teaching staff by teaching seniority"),
    "courses": gettext_lazy("Teaching staff by qualification courses in the last 5 years"),
    "specialty": gettext_lazy("Staff by speciality"),
    "subject": gettext_lazy("Teaching staff by subject"),
    "language": gettext_lazy("Teaching staff by language of instruction"),
}


def _staff_label(by, value):
    if by == "category":
        return _choice(QualificationCategory, value)
    if by == "group":
        return _choice(StaffGroup, value)
    if by == "sex":
        return _choice(Sex, value)
    if by == "age":
        return str(AGE_LABELS.get(value, value))
    if by == "seniority":
        return _("%(range)s years") % {"range": value}
    if by == "courses":
        return _("attended") if value == "yes" else _("not attended")
    return value or _("not stated")


def staff_by(schools, on_date, by):
    teaching_only = by in ("seniority", "courses", "subject", "language")
    data = S.staff(schools, on_date, "republic", by=by, teaching_only=teaching_only)
    if by == "age":
        data.sort(key=lambda r: AGE_ORDER.index(r["dim"]))
    elif by == "seniority":
        data.sort(key=lambda r: SENIORITY_ORDER.index(r["dim"]))
    elif by == "category":
        order = list(QualificationCategory.values)
        data.sort(key=lambda r: order.index(r["dim"]) if r["dim"] in order else 99)
    rows = [[_staff_label(by, r["dim"]), r["employees"], r["teachers"], r["young"], r["rate"]] for r in data]
    return Section(
        f"staff_{by}",
        str(STAFF_TITLES[by]),
        ["", _("employees"), _("teaching staff"), _("young specialists"), _("staff units")],
        rows,
        chart([r[0] for r in rows], [(_("employees"), [r["employees"] for r in data])]),
        note=_("An employee with several specialities or subjects counts once under each.")
        if by in ("specialty", "subject", "language")
        else "",
    )


def staff_by_org(schools, on_date, level, links=None):
    data = S.staff(schools, on_date, level)
    label = names(level, [r["key"] for r in data])
    rows = [[label.get(r["key"], "—"), r["employees"], r["teachers"], r["young"], r["rate"]] for r in data]
    total = _total_row(_("Total"), rows)
    return Section(
        "staff",
        _("Staff"),
        [_("organisation"), _("employees"), _("teaching staff"), _("young specialists"), _("staff units")],
        rows + ([total] if len(rows) > 1 else []),
        chart(
            [r[0] for r in rows],
            [(_("teaching staff"), [r["teachers"] for r in data])],
            [links(r["key"]) for r in data] if links else [],
        ),
        note=_("Young specialists: teachers with less than %(n)s years of teaching.")
        % {"n": S.YOUNG_SPECIALIST_YEARS},
        total=len(rows) > 1,
    )


def staff_changes(schools, period, level="school"):
    data = S.staff_changes(schools, period.date_from, period.date_to, level)
    columns = [
        ("start", _("at the start")),
        ("hired", _("hired")),
        ("dismissed", _("dismissed")),
        ("end", _("at the end")),
    ]
    title = _("Changes in staff numbers")
    return org_table("staff_changes", title, level, data, columns, total=True, sort=False)


def attestation(schools, on_date):
    data = S.attestation(schools, on_date, "republic")
    order = list(QualificationCategory.values)
    data.sort(key=lambda r: order.index(r["dim"]) if r["dim"] in order else 99)
    keys = ("teachers", "class_teachers", "heads", "total", "due")
    rows = [[_choice(QualificationCategory, r["dim"]), *(r[k] for k in keys)] for r in data]
    total = _total_row(_("Total"), rows)
    return Section(
        "attestation",
        _("Attestation of teaching staff"),
        [
            _("qualification category"),
            _("teachers"),
            _("of them class teachers"),
            _("heads"),
            _("total"),
            _("attestation due"),
        ],
        rows + ([total] if rows else []),
        chart(
            [r[0] for r in rows],
            [(_("teachers"), [r["teachers"] for r in data]), (_("heads"), [r["heads"] for r in data])],
        ),
        note=_("Attestation due: never attested, or attested more than 5 years ago (heads: 3 years)."),
        total=bool(rows),
    )


# -- district ------------------------------------------------------------------------------------------

REGISTRY_HEADERS = [
    gettext_lazy("school"),
    gettext_lazy("type"),
    gettext_lazy("organisational form"),
    gettext_lazy("address"),
    gettext_lazy("director"),
    gettext_lazy("phone"),
    gettext_lazy("e-mail"),
    gettext_lazy("licence"),
    gettext_lazy("accreditation certificate"),
]


def _doc(number, date):
    if not number:
        return "—"
    return f"{number} ({date:%d.%m.%Y})" if date else number


def registry(schools):
    rows = [
        [
            s.name,
            s.get_kind_display(),
            s.get_ownership_form_display(),
            s.address,
            s.director_name or "—",
            s.phone or "—",
            s.email or "—",
            _doc(s.licence_number, s.licence_date),
            _doc(s.accreditation_number, s.accreditation_date),
        ]
        for s in School.objects.filter(pk__in=S._ids(schools)).order_by("kind", "name_ru")
    ]
    return Section("registry", _("Registry of schools"), [str(h) for h in REGISTRY_HEADERS], rows)


def registry_by_type(schools, on_date):
    pupils = {r["key"]: r["pupils"] for r in S.contingent(schools, on_date, "school")}
    counts = {}
    for pk, kind in School.objects.filter(pk__in=S._ids(schools)).values_list("pk", "kind"):
        c = counts.setdefault(kind, [0, 0])
        c[0] += 1
        c[1] += pupils.get(pk, 0)
    order = [k for k in SchoolKind.values if k in counts]
    rows = [[_choice(SchoolKind, k), counts[k][0], counts[k][1]] for k in order]
    total = _total_row(_("Total"), rows)
    return Section(
        "registry_by_type",
        _("Schools by type"),
        [_("type"), _("schools"), _("pupils")],
        rows + ([total] if rows else []),
        chart([r[0] for r in rows], [(_("schools"), [counts[k][0] for k in order])]),
        total=bool(rows),
    )


def activity(schools, period, level="school"):
    data = S.activity(schools, period.date_from, period.date_to, level)
    label = names(level, [r["key"] for r in data])
    data.sort(key=lambda r: -r["logins"])
    rows = [
        [
            label.get(r["key"], "—"),
            r["users"],
            r["teachers"],
            r["families"],
            r["active_users"],
            cell(r["active_percent"]),
            r["logins"],
            r["logins_per_user"],
        ]
        for r in data
    ]
    total = _total_row(_("All schools"), rows)
    if rows:
        total[5] = cell(S.percent(total[4], total[1]))
        total[7] = round(total[6] / total[4], 1) if total[4] else 0
    return Section(
        "activity",
        _("Activity of users"),
        [
            _("organisation"),
            _("users"),
            _("teachers"),
            _("parents and students"),
            _("users who logged in"),
            _("logged in, %"),
            _("logins"),
            _("logins per active user"),
        ],
        rows + ([total] if len(rows) > 1 else []),
        chart([r[0] for r in rows], [(_("logins"), [r["logins"] for r in data])]),
        total=len(rows) > 1,
    )


def active_teachers(schools, period):
    from core.models import User

    data = S.most_active_teachers(schools, period.date_from, period.date_to)
    users = User.objects.select_related("person").in_bulk([r["user_id"] for r in data])
    school_names = names("school", [r["school_id"] for r in data])
    rows = [[str(users[r["user_id"]]), school_names.get(r["school_id"], "—"), r["logins"]] for r in data]
    return Section(
        "active_teachers",
        _("Most active teachers"),
        [_("teacher"), _("school"), _("logins")],
        rows,
        chart([r[0] for r in rows], [(_("logins"), [r["logins"] for r in data])]),
    )


def completeness(schools, level="school", links=None, data=None):
    """The completeness of the data per organisation; `data`: the rows of `S.completeness` when the
    caller has already read them (the drill-down's summary), so the figures are computed once."""
    data = S.completeness(schools, level) if data is None else list(data)
    label = names(level, [r["key"] for r in data])
    data.sort(key=lambda r: r["completeness"])
    keys = [k for k, _l in S.COMPLETENESS_INDICATORS]
    rows = [[label.get(r["key"], "—"), *(r[k] for k in keys), r["completeness"]] for r in data]
    return Section(
        "completeness",
        _("Completeness of data"),
        [_("organisation"), *(str(lbl) for _k, lbl in S.COMPLETENESS_INDICATORS), _("completeness, %")],
        rows,
        chart(
            [r[0] for r in rows],
            [(_("completeness, %"), [r["completeness"] for r in data])],
            [links(r["key"]) for r in data] if links else [],
        ),
        note=_(
            "Each indicator is the percentage of records that have it; completeness is their mean, and a higher level's the mean over its schools."
        ),
    )


def drill_url(level, key):
    if level == "republic":
        return reverse("reports:drilldown")
    return reverse("reports:drilldown_level", args=[level, key])


# -- journal ---------------------------------------------------------------------------------------------

PERFORMANCE_HEADERS = [
    "5",
    "4",
    "3",
    "2",
    gettext_lazy("н/а"),
    gettext_lazy("exempt"),
    gettext_lazy("pass"),
    gettext_lazy("fail"),
    gettext_lazy("success, %"),
    gettext_lazy("quality, %"),
    gettext_lazy("СОУ"),
    gettext_lazy("average mark"),
]
PERF_KEYS = S.PERFORMANCE_COUNTS


def _perf_cells(counts):
    p = S.performance_figures(counts)
    return [
        *(counts[k] for k in PERF_KEYS),
        *(cell(_num(v)) for v in (p.success, p.quality, p.sou, p.average)),
    ]


def _num(value):
    return None if value is None else float(value)


def performance(schools, period, level="school", links=None):
    """Performance summary of the period marks, per organisation or class, and for the whole scope
    (the total's percentages are computed from the summed counts, never averaged)."""
    data = S.performance(schools, period.date_from, period.date_to, level)
    label = names(level, [r["key"] for r in data])
    data.sort(key=lambda r: label.get(r["key"], ""))
    rows = [[label.get(r["key"], "—"), *_perf_cells(r)] for r in data]
    if len(rows) > 1:
        summed = {k: sum(r[k] for r in data) for k in PERF_KEYS}
        rows.append([_("Total"), *_perf_cells(summed)])
    figures = [S.performance_figures(r) for r in data]
    return Section(
        "performance",
        _("Performance summary"),
        [_("class") if level == "class" else _("organisation"), *(str(h) for h in PERFORMANCE_HEADERS)],
        rows,
        chart(
            [label.get(r["key"], "—") for r in data],
            [
                (_("quality, %"), [_num(f.quality) or 0 for f in figures]),
                (_("success, %"), [_num(f.success) or 0 for f in figures]),
            ],
            [links(r["key"]) for r in data] if links else [],
        ),
        note=_(
            "The last period that ended within the dates, per school; N, success, quality, СОУ and the "
            "average mark as DOMAIN 2.1 defines them (СОУ with the default weights)."
        ),
        total=len(rows) > 1,
    )


def attendance(schools, period, level="school"):
    data = S.attendance(schools, period.date_from, period.date_to, level)
    columns = [
        ("lessons", _("lessons held")),
        ("absences", _("lessons missed")),
        ("excused", _("excused")),
        ("illness", _("of them illness")),
        ("unexcused", _("unexcused")),
        ("late", _("late")),
    ]
    series = [("absences", _("lessons missed"))]
    return org_table("attendance", _("Attendance"), level, data, columns, series, total=True)


def mark_statistics(schools, period, level="school"):
    data = S.mark_statistics(schools, period.date_from, period.date_to, level)
    columns = [
        ("current", _("current marks")),
        ("m5", "5"),
        ("m4", "4"),
        ("m3", "3"),
        ("m2", "2"),
        ("average", _("average mark")),
        ("fo", _("ФО marks")),
        ("fo_average", _("average ФО (10 points)")),
        ("summative", _("СОР and СОЧ")),
        ("summative_percent", _("average СОР and СОЧ, %")),
    ]
    series = [("average", _("average mark"))]
    return org_table("marks", _("Mark statistics and average mark"), level, data, columns, series)


def lessons(schools, period, level="school"):
    """Homework, cancellations and substitutions, and how the journal is kept."""
    data = S.lessons(schools, period.date_from, period.date_to, level)
    columns = [
        ("held", _("lessons held")),
        ("cancelled", _("cancelled")),
        ("substituted", _("substitute lessons")),
        ("homework", _("with homework")),
        ("homework_percent", _("with homework, %")),
        ("attendance_in_time", _("attendance taken by the end of the day")),
        ("kept_percent", _("kept in time, %")),
        ("topic_percent", _("with a topic, %")),
    ]
    series = [("kept_percent", _("kept in time, %"))]
    title = _("Homework, cancellations, substitutions and journal keeping")
    return org_table("lessons", title, level, data, columns, series)


def change_history(schools, period):
    data = S.change_history(schools, period.date_from, period.date_to)
    rows = [
        [
            str(r["model"]._meta.verbose_name_plural).capitalize(),
            r.get("insert", 0),
            r.get("update", 0),
            r.get("delete", 0),
        ]
        for r in data
    ]
    return Section(
        "history",
        _("Change history"),
        [_("records"), _("added"), _("changed"), _("deleted")],
        rows,
    )


ADMISSION_COLUMNS = (
    ("applications", gettext_lazy("applications")),
    ("submitted", gettext_lazy("waiting for the school")),
    ("confirmed", gettext_lazy("enrolled")),
    ("catchment", gettext_lazy("of them from the catchment area")),
    ("quota", gettext_lazy("of them by a quota")),
    ("refused", gettext_lazy("refused")),
    ("withdrawn", gettext_lazy("cancelled by the parent")),
    ("transfers_in", gettext_lazy("transferred in from other schools")),
    ("transfers_out", gettext_lazy("transferred out to other schools")),
)


def admissions(schools, period, level="school", year=None):
    """First-grade admission of the year the period ends in, and transfers between schools."""
    year = year or (period.date_to.year if period.date_to.month < 9 else period.date_to.year + 1)
    data = S.admissions(schools, year, period.date_from, period.date_to, level)
    title = _("Admission to the first grade %(year)s and transfers between schools") % {"year": year}
    series = [("confirmed", _("enrolled")), ("refused", _("refused"))]
    return org_table("admissions", title, level, data, ADMISSION_COLUMNS, series, total=True)
