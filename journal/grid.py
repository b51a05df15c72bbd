"""The journal grid (students x lessons of a subgroup and period, the period column), built in one
pass in Python: seven queries whatever the number of students and lessons, no template tag per cell."""

import html
from collections import defaultdict

from django.db import connection
from django.db.models import F, IntegerField, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from core import prepared
from core.models import Period
from journal import rules
from journal.models import (
    FINAL_SHORT,
    Attendance,
    GradingRule,
    Mark,
    MarkKind,
)
from journal.pages import SUBGROUP_COLUMNS, SUBGROUP_WIDTH, full_name, mark_label, subgroup_chain
from journal.roster import roster_sql

_GRID_LESSONS_SQL = """
            SELECT l.id, l.date, l.topic,
                (SELECT json_agg(json_build_array(c.student_id, c.kind, c.slot, c.value, c.max_points))
                 FROM (SELECT m.student_id, m.kind, m.slot, m.value, m.max_points
                       FROM journal_mark m WHERE m.lesson_id = l.id
                       UNION ALL
                       SELECT a.student_id, a.status, 0, 0, NULL
                       FROM journal_attendance a WHERE a.lesson_id = l.id) c)
            FROM journal_lesson l
            WHERE l.subgroup_id = %s AND l.period_id = %s AND NOT l.is_cancelled
            ORDER BY l.date, l.number
            """

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
    """Two queries: the students with their period mark, the lessons with their marks and attendance
    (one JSON array per lesson), written by hand (the ORM compiled their subqueries in more time than
    PostgreSQL ran them; the subgroup's condition is journal.roster's). Plain rows, each cell's text
    made once, each student's name and each lesson's attributes escaped and formatted once, with the
    standard library's escape (Django's checks every argument for a lazy string): the loop over the
    cells only joins strings. An input cell names its row and column (data-row, data-col: the
    keyboard moves by them) and is labelled by its row's and column's headers; the student is the
    row's data-student, the lesson the column header's data-lesson (static/js/journal.js)."""
    in_s, in_params = roster_sql(subgroup, "s")
    students_sql = f"""
            SELECT s.id, p.last_name, p.first_name, p.patronymic, f.status, f.value
            FROM contingent_student s
            JOIN core_person p ON p.id = s.person_id
            LEFT JOIN journal_finalmark f
                ON f.student_id = s.id AND f.class_subject_id = %s AND f.period_id = %s
            WHERE {in_s}
            ORDER BY p.last_name, p.first_name, s.id
            """
    with connection.cursor() as cursor:
        prepared.select(
            cursor, "journal_grid_students", students_sql, [subgroup.class_subject_id, period.pk, *in_params]
        )
        students = cursor.fetchall()
        prepared.execute(
            cursor,
            "journal_grid_lessons",
            _GRID_LESSONS_SQL,
            [subgroup.pk, period.pk],
            history=False,
        )
        lessons = [
            {"pk": pk, "date": date, "topic": topic, "cells": cells} for pk, date, topic, cells in cursor
        ]
    by_cell = defaultdict(list)
    for lesson in lessons:
        lpk = lesson["pk"]
        for student_id, kind, slot, value, max_points in lesson["cells"] or ():
            by_cell[(student_id, lpk)].append((kind, slot, value, max_points))
    texts = {key: html.escape(cell_text(entries)) for key, entries in by_cell.items()}
    prefix = reverse("journal:lesson", args=[0])[: -len("0/")]
    head = "".join(
        f'<th scope="col" id="gl{j}" data-lesson="{lesson["pk"]}" title="{html.escape(lesson["topic"])}">'
        f'<a href="{prefix}{lesson["pk"]}/">{lesson["date"]:%d.%m}</a></th>'
        for j, lesson in enumerate(lessons)
    )
    # What a cell's input holds after its row's start: its column, then its value.
    columns = [(lesson["pk"], f'{j}" data-col="{j}" value="') for j, lesson in enumerate(lessons)]
    rows = []
    for i, (spk, last, first, patronymic, status, value) in enumerate(students):
        name = html.escape(full_name(last, first, patronymic))
        cells = []
        start = f'<input data-grid-cell data-row="{i}" aria-labelledby="gs{i} gl'
        for lpk, column in columns:
            text = texts.get((spk, lpk))
            if text is None:
                cells.append(f'<td>{start}{column}"></td>' if editable else "<td></td>")
                continue
            css = ' class="absent"' if text.startswith("н") else ""
            cells.append(f'<td{css}>{start}{column}{text}"></td>' if editable else f"<td{css}>{text}</td>")
        final = (str(value) if status == "mark" else FINAL_SHORT[status]) if status else ""
        rows.append(
            f'<tr data-student="{spk}"><th scope="row" id="gs{i}" class="sticky-col">{i + 1}. {name}</th>'
            f'{"".join(cells)}<td class="final">{html.escape(final)}</td></tr>'
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


_SUBGROUP_SQL = f"""
    SELECT x.* FROM (
        SELECT {SUBGROUP_COLUMNS},
            ARRAY(SELECT json_build_object('id', p.id, 'name', p.name, 'start', p.start, 'end', p."end",
                                           'closed', EXISTS(SELECT 1 FROM journal_closedperiod c
                                                            WHERE c.period_id = p.id))
                  FROM core_period p WHERE p.academic_year_id = cs.academic_year_id),
            (SELECT json_build_array(g.system, g.marks_in_grade_1) FROM journal_gradingrule g
             WHERE g.school_id = sc.school_id AND g.valid_from <= %s ORDER BY g.valid_from DESC LIMIT 1)
        FROM planning_subgroup sg
        JOIN planning_classsubject cs ON cs.id = sg.class_subject_id
        JOIN contingent_schoolclass sc ON sc.id = cs.school_class_id
        WHERE sg.id = %s
        OFFSET 0
    ) x
    WHERE {{scope}}
"""


def load_subgroup(user, pk):
    """The journal page (subgroup) `pk` if the user may read it (subgroup_condition, in SQL), else
    None: one statement with its class subject, subject, class and teacher, and what the grid and the
    final marks page read of it besides (`period_rows`: the year's periods with their closure;
    `rule_system`, `rule_grade1`: the school's grading rule of today). The ORM compiled that query
    in about 7 ms per request."""
    from journal.querysets import scope_sql

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    scope, params = scope_sql(user, "x.sc_school", ["x.sg_person"], "x.ct_person")
    sql = _SUBGROUP_SQL.replace("{scope}", scope)
    with connection.cursor() as cursor:
        prepared.select(cursor, "journal_subgroup", sql, [timezone.localdate(), pk, *params])
        row = cursor.fetchone()
    if row is None:
        return None
    subgroup = subgroup_chain(row[:SUBGROUP_WIDTH])
    period_rows, rule = row[SUBGROUP_WIDTH:]
    subgroup.period_rows = period_rows or []
    subgroup.rule_system, subgroup.rule_grade1 = rule if rule else (None, None)
    return subgroup


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
