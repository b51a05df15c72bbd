"""The journal grid (students x lessons of a subgroup and period, the period column), built in one
pass in Python: seven queries whatever the number of students and lessons, no template tag per cell."""

from collections import defaultdict

from django.db.models import F, IntegerField, Value
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.models import Period
from journal.models import Attendance, FinalMark, Lesson, Mark, MarkKind
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
    for kind, _slot, value, max_points in sorted(entries, key=lambda e: (e[0] not in ABSENT_SIGN, e[0], e[1])):
        if kind in ABSENT_SIGN:
            parts.append(ABSENT_SIGN[kind])
        elif kind != "present":
            parts.append(mark_label(kind, value, max_points))
    return " ".join(parts)


def build(subgroup, period, rule, editable):
    students = list(roster(subgroup))
    lessons = list(
        Lesson.objects.filter(subgroup=subgroup, period=period, is_cancelled=False)
        .order_by("date", "number")
        .only("pk", "date", "number", "topic", "homework")
    )
    by_cell = defaultdict(list)
    for lesson_id, student_id, kind, slot, value, max_points in cells_of([lesson.pk for lesson in lessons]):
        by_cell[(student_id, lesson_id)].append((kind, slot, value, max_points))
    finals = {
        f.student_id: f
        for f in FinalMark.objects.filter(class_subject_id=subgroup.class_subject_id, period=period)
    }
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
    return list(
        Period.objects.filter(academic_year_id=subgroup.class_subject.academic_year_id).select_related(
            "journal_closure"
        )
    )


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
    return _('Type into a cell: a mark, "н" for absent, "оп" for late, "15/20" for a СОР, "ч17/25" for a СОЧ; '
             "Enter or an arrow moves on.")

