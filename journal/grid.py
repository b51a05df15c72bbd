"""The journal grid (students x lessons of a subgroup and period, the period column), built in one
pass in Python: seven queries whatever the number of students and lessons, no template tag per cell."""

from collections import defaultdict

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.models import Period
from journal import rules
from journal.models import Attendance, ClosedPeriod, FinalMark, GradingRule, Lesson, Mark, MarkKind
from journal.pages import final_label, mark_label
from journal.roster import roster

ABSENT_SIGN = {"absent": "н", "late": "оп"}


def default_kind(rule):
    return MarkKind.FO if MarkKind.FO in rule.kinds else MarkKind.CURRENT


def cells_of(lesson_ids):
    """Marks and attendance of the lessons in one query (a UNION of the two tables)."""
    marks = Mark.objects.filter(lesson_id__in=lesson_ids).values_list(
        "lesson_id", "student_id", "kind", "slot", "value", "max_points"
    )
    attendance = Attendance.objects.filter(lesson_id__in=lesson_ids).values_list(
        "lesson_id",
        "student_id",
        F("status"),
        Value(0, output_field=IntegerField()),
        Value(0, output_field=IntegerField()),
        Value(None, output_field=IntegerField()),
    )
    return marks.union(attendance, all=True)


def cell_text(entries):
    """The text of a cell: absence sign first, then the marks in order ("н", "8 7", "СОР 15/20")."""
    parts = []
    for kind, _slot, value, max_points in sorted(
        entries, key=lambda e: (e[0] not in ABSENT_SIGN, e[0], e[1])
    ):
        if kind in ABSENT_SIGN:
            parts.append(ABSENT_SIGN[kind])
        elif kind != "present":
            parts.append(mark_label(kind, value, max_points))
    return " ".join(parts)


def build(subgroup, period, rule, editable):
    """Two queries: the students with their period mark, the lessons with their marks and attendance."""
    final = FinalMark.objects.filter(
        class_subject_id=subgroup.class_subject_id, period=period, student=OuterRef("pk")
    )
    students = list(
        roster(subgroup).annotate(
            final_status=Subquery(final.values("status")[:1]), final_value=Subquery(final.values("value")[:1])
        )
    )
    lesson_marks = Mark.objects.filter(lesson=OuterRef("pk")).values(
        row=JSONObject(s="student_id", k="kind", n="slot", v="value", m="max_points")
    )
    lesson_attendance = Attendance.objects.filter(lesson=OuterRef("pk")).values(
        row=JSONObject(s="student_id", k="status")
    )
    lessons = list(
        Lesson.objects.filter(subgroup=subgroup, period=period, is_cancelled=False)
        .order_by("date", "number")
        .only("pk", "date", "number", "topic")
        .annotate(mark_rows=ArraySubquery(lesson_marks), attendance_rows=ArraySubquery(lesson_attendance))
    )
    by_cell = defaultdict(list)
    for lesson in lessons:
        for m in lesson.mark_rows:
            by_cell[(m["s"], lesson.pk)].append((m["k"], m["n"], m["v"], m["m"]))
        for a in lesson.attendance_rows:
            by_cell[(a["s"], lesson.pk)].append((a["k"], 0, 0, None))
    finals = {s.pk: FinalMark(status=s.final_status, value=s.final_value) for s in students if s.final_status}
    head = "".join(
        f'<th scope="col" title="{escape(lesson.topic)}"><a href="{reverse("journal:lesson", args=[lesson.pk])}">'
        f"{lesson.date:%d.%m}</a></th>"
        for lesson in lessons
    )
    rows = []
    for i, student in enumerate(students):
        cells = []
        for j, lesson in enumerate(lessons):
            text = cell_text(by_cell.get((student.pk, lesson.pk), ()))
            css = ' class="absent"' if text.startswith("н") else ""
            if editable:
                cells.append(
                    f'<td{css}><input data-grid-cell data-row="{i}" data-col="{j}" data-lesson="{lesson.pk}" '
                    f'data-student="{student.pk}" value="{escape(text)}" '
                    f'aria-label="{escape(student.person.full_name)} {lesson.date:%d.%m}"></td>'
                )
            else:
                cells.append(f"<td{css}>{escape(text)}</td>")
        final = finals.get(student.pk)
        rows.append(
            f'<tr><th scope="row" class="sticky-col">{i + 1}. {escape(student.person.full_name)}</th>'
            f'{"".join(cells)}<td class="final">{escape(final_label(final))}</td></tr>'
        )
    return {"students": students, "lessons": lessons, "head": head, "rows": "".join(rows)}


def periods_of(subgroup):
    """The year's periods with their closure; read from the subgroup's annotation when it has one."""
    rows = getattr(subgroup, "period_rows", None)
    if rows is not None:
        periods = []
        for r in sorted(rows, key=lambda r: r["start"]):
            p = Period(
                pk=r["id"],
                name=r["name"],
                start=parse_date(r["start"]),
                end=parse_date(r["end"]),
                academic_year_id=subgroup.class_subject.academic_year_id,
            )
            p.closed = bool(r["closed"])
            periods.append(p)
        return periods
    periods = list(
        Period.objects.filter(academic_year_id=subgroup.class_subject.academic_year_id).select_related(
            "journal_closure"
        )
    )
    for p in periods:
        p.closed = hasattr(p, "journal_closure")
    return periods


def with_periods_and_rule(queryset):
    """Annotates subgroups with their year's periods (closed or not) and the school's grading rule
    valid today: the grid and the final marks page then need no query of their own for either."""
    closed = ClosedPeriod.objects.filter(period=OuterRef("pk"))
    periods = Period.objects.filter(academic_year=OuterRef("class_subject__academic_year")).values(
        row=JSONObject(id="pk", name="name", start="start", end="end", closed=Exists(closed))
    )
    rule = GradingRule.objects.filter(
        school=OuterRef("class_subject__school_class__school"), valid_from__lte=timezone.localdate()
    ).order_by("-valid_from")
    return queryset.annotate(
        period_rows=ArraySubquery(periods),
        rule_system=Subquery(rule.values("system")[:1]),
        rule_grade1=Subquery(rule.values("marks_in_grade_1")[:1]),
    )


def rule_of_subgroup(subgroup):
    school = subgroup.class_subject.school_class.school
    if getattr(subgroup, "rule_system", None):
        return GradingRule(school=school, system=subgroup.rule_system, marks_in_grade_1=subgroup.rule_grade1)
    return rules.default_rule(school)


def parse_cell(text, rule):
    """Keyboard entry: "н" absent, "оп" late, numbers are marks of the school's usual kind, "15/20" a
    СОР and "ч17/25" a СОЧ. Returns (attendance status, {kind: [(value, max_points), ...]})."""
    status = "present"
    marks = defaultdict(list)
    kind = default_kind(rule)
    for token in text.replace(",", " ").split():
        t = token.lower()
        if t in ("н", "n", "h"):
            status = "absent"
        elif t in ("оп", "op", "l"):
            status = "late"
        elif "/" in t:
            soch = t[0] in ("ч", "c", "s")
            points, _sep, maximum = t.lstrip("чcs").partition("/")
            if not (points.isdigit() and maximum.isdigit()):
                raise ValueError(token)
            marks[MarkKind.SOCH if soch else MarkKind.SOR].append((int(points), int(maximum)))
        elif t.isdigit():
            marks[kind].append((int(t), None))
        else:
            raise ValueError(token)
    return status, marks


def cell_help():
    return _(
        'Type into a cell: a mark, "н" for absent, "оп" for late, "15/20" for a СОР, "ч17/25" for a СОЧ; '
        "Enter or an arrow moves on."
    )
