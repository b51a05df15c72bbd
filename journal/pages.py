"""What the journal's pages show, built in Python in one pass over a few queries (DESIGN
"Performance": no include or tag per cell; the query count does not grow with students or lessons)."""

from collections import defaultdict
from types import SimpleNamespace

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from journal import rules
from journal.models import (
    FINAL_SHORT,
    AbsenceReason,
    AssessmentSystem,
    Attendance,
    GradingRule,
    Lesson,
    Mark,
    MarkKind,
)
from journal.roster import roster
from journal.services import can_keep, period_is_closed

LESSON_RELATED = (
    "school__district__region",
    "period__journal_closure",
    "subgroup__class_subject__subject",
    "subgroup__class_subject__school_class",
    "subgroup__teacher__person",
    "teacher__person",
    "room",
)


def with_rule(queryset, date_field="date"):
    """Annotates the school's grading rule valid on the lesson's date, saving a query per page."""
    rule = GradingRule.objects.filter(school=OuterRef("school"), valid_from__lte=OuterRef(date_field)).order_by(
        "-valid_from"
    )
    return queryset.annotate(
        rule_id=Subquery(rule.values("pk")[:1]),
        rule_system=Subquery(rule.values("system")[:1]),
        rule_grade1=Subquery(rule.values("marks_in_grade_1")[:1]),
    )


def rule_of(lesson):
    if getattr(lesson, "rule_system", None):
        return GradingRule(
            pk=lesson.rule_id, school=lesson.school, system=lesson.rule_system, marks_in_grade_1=lesson.rule_grade1
        )
    return rules.default_rule(lesson.school)


def lesson_queryset():
    return with_rule(Lesson.objects.select_related(*LESSON_RELATED))


def header_html(present, total, class_name):
    """"Присутствующие: 15 из 24 в 1 В" with the counts in spans the offline script updates."""
    text = conditional_escape(_("Present: %(present)s of %(total)s in %(class)s"))
    return mark_safe(
        text
        % {
            "present": f'<span data-present-count>{present}</span>',
            "total": f"<span data-total-count>{total}</span>",
            "class": conditional_escape(class_name),
        }
    )


def absent_html(count):
    text = conditional_escape(_("Absent: %(count)s"))
    return mark_safe(text % {"count": f"<span data-absent-count>{count}</span>"})


def mark_label(kind, value, max_points):
    if kind in (MarkKind.SOR, MarkKind.SOCH):
        return f"{'СОР' if kind == MarkKind.SOR else 'СОЧ'} {value}/{max_points}"
    return str(value)


def roster_context(lesson, user):
    """The lesson page's roster: present and absent students with their marks and attendance."""
    status = Attendance.objects.filter(lesson=lesson, student=OuterRef("pk"))
    # Attendance and marks ride on the students' query: one query for the whole roster.
    student_marks = Mark.objects.filter(lesson=lesson, student=OuterRef("pk")).order_by("kind", "slot")
    students = list(
        roster(lesson.subgroup).annotate(
            att_status=Subquery(status.values("status")[:1]),
            att_reason=Subquery(status.values("reason")[:1]),
            mark_rows=ArraySubquery(
                student_marks.values(
                    row=JSONObject(kind="kind", slot="slot", value="value", max_points="max_points")
                )
            ),
        )
    )
    marks = defaultdict(list)
    for s in students:
        for m in s.mark_rows:
            marks[s.pk].append(
                SimpleNamespace(label=mark_label(m["kind"], m["value"], m["max_points"]), **m)
            )
    present, absent = [], []
    for s in students:
        row = SimpleNamespace(
            id=s.pk, name=s.person.full_name, status=s.att_status or "present", reason=s.att_reason or "",
            reason_label=AbsenceReason(s.att_reason).label if s.att_reason else "",
            marks=marks.get(s.pk, ()),
        )
        (absent if row.status == "absent" else present).append(row)
    school_class = lesson.subgroup.class_subject.school_class
    rule = rule_of(lesson)
    closed = period_is_closed(lesson.period)
    editable = can_keep(user, lesson) and not lesson.is_cancelled
    return {
        "lesson": lesson,
        "present": present,
        "absent": absent,
        "header": header_html(len(present), len(students), str(school_class)),
        "absent_header": absent_html(len(absent)),
        "editable": editable,
        "closed": closed,
        "marks_allowed": rules.marks_allowed(rule, school_class.parallel),
        "kinds": [(k, MarkKind(k).label) for k in rule.kinds],
        "criteria": rule.system == AssessmentSystem.CRITERIA,
        "fo_values": range(10, 0, -1),
    }


def final_label(final):
    if final is None:
        return ""
    return str(final.value) if final.status == "mark" else FINAL_SHORT[final.status]
