"""What the journal's pages show, built in Python in one pass over a few queries (DESIGN
"Performance": no include or tag per cell; the query count does not grow with students or lessons)."""

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.permissions import Perm, has_permission
from journal import rules
from journal.models import (
    FINAL_SHORT,
    AbsenceReason,
    AssessmentSystem,
    GradingRule,
    Lesson,
    Mark,
    MarkKind,
)
from journal.roster import roster_sql
from journal.services import can_keep, period_is_closed

# What a lesson's pages show of it. Not its school: the school comes from the user's role assignments
# (read once per request with the school's district and region), and every join more costs PostgreSQL
# planning time on each request (the school, district and region and a semi-join took 15-40 ms of it).
LESSON_RELATED = (
    "period__journal_closure",
    "subgroup__class_subject__subject",
    "subgroup__class_subject__school_class",
    "subgroup__teacher",
    "teacher__person",
    "room",
)


def with_rule(queryset, date_field="date"):
    """Annotates the school's grading rule valid on the lesson's date, saving a query per page."""
    rule = GradingRule.objects.filter(
        school=OuterRef("school"), valid_from__lte=OuterRef(date_field)
    ).order_by("-valid_from")
    return queryset.annotate(
        rule_id=Subquery(rule.values("pk")[:1]),
        rule_system=Subquery(rule.values("system")[:1]),
        rule_grade1=Subquery(rule.values("marks_in_grade_1")[:1]),
    )


def rule_of(lesson):
    if getattr(lesson, "rule_system", None):
        return GradingRule(
            pk=lesson.rule_id,
            school=lesson.school,
            system=lesson.rule_system,
            marks_in_grade_1=lesson.rule_grade1,
        )
    return rules.default_rule(lesson.school)


def lesson_queryset():
    return with_rule(Lesson.objects.select_related(*LESSON_RELATED))


def tap_lesson_queryset():
    """What a tap checks of its lesson and nothing more (each join and subquery costs the ORM time to
    compile): the period's closure, the subgroup's class and teacher, the lesson's teacher. The grading
    rule is read only when it matters (grade 1)."""
    return Lesson.objects.select_related(
        "period__journal_closure", "subgroup__class_subject__school_class", "subgroup__teacher", "teacher"
    )


def header_html(present, total, class_name):
    """ "Присутствующие: 15 из 24 в 1 В" with the counts in spans the offline script updates."""
    text = conditional_escape(_("Present: %(present)s of %(total)s in %(class)s"))
    return mark_safe(
        text
        % {
            "present": f"<span data-present-count>{present}</span>",
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


def full_name(last, first, patronymic):
    """Person.full_name from the three columns of a .values() row."""
    return " ".join(p for p in (last, first, patronymic) if p)


class RosterPage:
    """What every row of a lesson's roster shares, resolved once per page (DESIGN "Performance"): the
    two URLs, the labels in the user's language, the reasons' options, whether the user keeps the
    lesson. `row()` writes one student's <li> in Python; the page and a tap's answer both use it."""

    def __init__(self, lesson, user):
        self.lesson = lesson
        school_class = lesson.subgroup.class_subject.school_class
        # A lesson read for a tap has no rule annotated: it matters only in grade 1 (marks or not).
        annotated = hasattr(lesson, "rule_system")
        rule = rule_of(lesson) if annotated else None
        if rule is None and school_class.parallel == 1:
            rule = rules.rule_for(lesson.school, lesson.date)
        self.class_name = str(school_class)
        self.closed = period_is_closed(lesson.period)
        self.editable = can_keep(user, lesson) and not lesson.is_cancelled
        self.reason_input = self.closed and has_permission(user, Perm.JOURNAL_MANAGE, lesson.school)
        self.marks_allowed = rule is None or rules.marks_allowed(rule, school_class.parallel)
        self.kinds = [(k, MarkKind(k).label) for k in rule.kinds] if rule else []
        self.criteria = bool(rule) and rule.system == AssessmentSystem.CRITERIA
        e = conditional_escape
        self.attendance_url = reverse("journal:attendance", args=[lesson.pk])
        self.mark_url = reverse("journal:mark", args=[lesson.pk])
        self.include = ' hx-include="[data-change-reason]"' if self.reason_input else ""
        self.t_absent = e(_("Mark absent"))
        self.t_present = e(_("Mark present"))
        self.t_add = e(_("Add a mark"))
        self.t_late = e(_("Late"))
        self.t_late_note = e(_("late"))
        self.t_reason = e(_("Reason of absence"))
        self.t_reason_missing = e(_("reason?"))
        self.reasons = [(value, e(label)) for value, label in AbsenceReason.choices]
        self.reason_labels = dict(self.reasons)

    def _tap(self, student_id, status):
        return (
            f'hx-post="{self.attendance_url}" hx-vals=\'{{"student": "{student_id}", "status": "{status}"}}\''
            f'{self.include} hx-target="#journal-roster" hx-swap="outerHTML"'
        )

    def row(self, student_id, name, status, reason, marks, pos=None):
        """marks: dicts with kind, slot, value, max_points, in order; pos: the place in the roster by
        name (a tap's answer takes it from the row it replaces)."""
        name = conditional_escape(name)
        pos = "" if pos is None else f' data-pos="{pos}"'
        if status == "absent":
            return self._absent_row(student_id, name, reason, pos)
        late = status == "late"
        out = [
            f'<li id="jr-{student_id}" class="journal-row{" journal-late" if late else ""}" '
            f'data-student="{student_id}" data-status="{status}"{pos}>\n'
        ]
        if self.editable:
            out.append(
                f'<button type="button" class="btn btn-sm btn-outline-success journal-tap" data-attendance-toggle '
                f'{self._tap(student_id, "absent")} title="{self.t_absent}" aria-label="{self.t_absent}">'
                '<i class="bi bi-person-check"></i></button>\n'
            )
        note = f" <small>({self.t_late_note})</small>" if late else ""
        out.append(f'<span class="journal-name">{name}{note}</span>\n<span class="journal-marks" data-marks>')
        picker = self.editable and self.marks_allowed
        for m in marks:
            label = conditional_escape(mark_label(m["kind"], m["value"], m["max_points"]))
            kind, slot = m["kind"], m["slot"]
            if picker:
                out.append(
                    f'<button type="button" class="badge journal-mark journal-mark-{kind}" data-open-picker '
                    f'data-url="{self.mark_url}" data-student-id="{student_id}" data-student-name="{name}" '
                    f'data-kind="{kind}" data-slot="{slot}">{label}</button>'
                )
            else:
                out.append(
                    f'<span class="badge journal-mark journal-mark-{kind}" data-kind="{kind}" '
                    f'data-slot="{slot}">{label}</span>'
                )
        out.append("</span>\n")
        if self.editable:
            if self.marks_allowed:
                out.append(
                    f'<button type="button" class="btn btn-sm btn-outline-primary journal-tap" data-open-picker '
                    f'data-url="{self.mark_url}" data-student-id="{student_id}" data-student-name="{name}" '
                    f'title="{self.t_add}" aria-label="{self.t_add}"><i class="bi bi-plus-lg"></i></button>\n'
                )
            out.append(
                f'<button type="button" class="btn btn-sm journal-tap {"btn-danger" if late else "btn-outline-secondary"}" '
                f'{self._tap(student_id, "present" if late else "late")} title="{self.t_late}" '
                f'aria-label="{self.t_late}" aria-pressed="{"true" if late else "false"}"><i class="bi bi-clock"></i>'
                "</button>"
            )
        out.append("</li>")
        return "".join(out)

    def _absent_row(self, student_id, name, reason, pos):
        out = [
            f'<li id="jr-{student_id}" class="journal-row journal-absent" data-student="{student_id}" '
            f'data-status="absent"{pos}>\n'
        ]
        if self.editable:
            out.append(
                f'<button type="button" class="btn btn-sm btn-outline-danger journal-tap" data-attendance-toggle '
                f'{self._tap(student_id, "present")} title="{self.t_present}" aria-label="{self.t_present}">'
                '<i class="bi bi-person-x"></i></button>\n'
            )
        out.append(f'<span class="journal-name">{name}</span>\n')
        if self.editable:
            out.append(
                f'<select class="form-select form-select-sm journal-reason" name="reason" '
                f'aria-label="{self.t_reason}: {name}" {self._tap(student_id, "absent")} hx-trigger="change">\n'
                f'<option value="">{self.t_reason_missing}</option>'
            )
            for value, label in self.reasons:
                selected = " selected" if value == reason else ""
                out.append(f'<option value="{value}"{selected}>{label}</option>')
            out.append("\n</select>")
        elif reason:
            out.append(f"<small>{self.reason_labels.get(reason, '')}</small>")
        out.append("</li>")
        return "".join(out)


_MARKS_OF_STUDENT = """ARRAY(SELECT json_build_object('kind', m.kind, 'slot', m.slot, 'value', m.value,
                                                 'max_points', m.max_points)
        FROM journal_mark m WHERE m.lesson_id = %s AND m.student_id = s.id ORDER BY m.kind, m.slot)"""


def roster_rows(lesson):
    """The students of the lesson's subgroup by name, with their attendance and marks at the lesson:
    one statement, plain rows. Written by hand (the ORM compiled its subqueries in more time than
    PostgreSQL ran them); the subgroup's condition is journal.roster's."""
    from django.db import connection

    in_s, params = roster_sql(lesson.subgroup, "s")
    sql = f"""
        SELECT s.id, p.last_name, p.first_name, p.patronymic, a.status, a.reason, {_MARKS_OF_STUDENT}
        FROM contingent_student s
        JOIN core_person p ON p.id = s.person_id
        LEFT JOIN journal_attendance a ON a.lesson_id = %s AND a.student_id = s.id
        WHERE {in_s}
        ORDER BY p.last_name, p.first_name, s.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [lesson.pk, lesson.pk, *params])
        return cursor.fetchall()


def tap_student(lesson, pk):
    """The tapped student of the lesson's school (another school's is a 404) in one statement, with what
    a tap's answer shows: whether she is in the subgroup, her attendance and marks at the lesson, and
    the subgroup's size and absences for the header. Written by hand: the ORM took about ten times
    longer to compile these subqueries than PostgreSQL to run them."""
    from django.db import connection
    from django.http import Http404

    from contingent.models import Student
    from core.models import Person

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    in_s, in_s_params = roster_sql(lesson.subgroup, "s")
    in_r, in_r_params = roster_sql(lesson.subgroup, "r")
    sql = f"""
        SELECT s.id, s.person_id, p.last_name, p.first_name, p.patronymic, {in_s}, a.status, a.reason,
            {_MARKS_OF_STUDENT},
            (SELECT count(*) FROM contingent_student r WHERE {in_r}),
            (SELECT count(*) FROM journal_attendance x JOIN contingent_student r ON r.id = x.student_id
             WHERE x.lesson_id = %s AND x.status = 'absent' AND {in_r})
        FROM contingent_student s
        JOIN core_person p ON p.id = s.person_id
        LEFT JOIN journal_attendance a ON a.lesson_id = %s AND a.student_id = s.id
        WHERE s.id = %s AND s.school_id = %s
    """
    params = [*in_s_params, lesson.pk, *in_r_params, lesson.pk, *in_r_params, lesson.pk, pk, lesson.school_id]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise Http404
    sid, person_id, last, first, patronymic, in_roster, status, reason, marks, total, absent = row
    student = Student(pk=sid, school_id=lesson.school_id, person_id=person_id)
    student.person = Person(pk=person_id, last_name=last, first_name=first, patronymic=patronymic)
    student.in_roster, student.att_status, student.att_reason = in_roster, status, reason
    student.mark_rows, student.roster_total, student.roster_absent = marks or [], total, absent
    return student


def student_marks(lesson, student):
    return list(
        Mark.objects.filter(lesson=lesson, student=student)
        .order_by("kind", "slot")
        .values("kind", "slot", "value", "max_points")
    )


def tap_answer(page, student, status, reason, marks, absent, error=None, hint=False):
    """A tap's answer: the student's row, the two headers and the message, each under the id of the
    element of the page it replaces (static/js/journal.js swaps them and moves the row to its list)."""
    total = student.roster_total or 0
    parts = [
        '<div id="journal-error">',
        f'<div class="alert alert-danger py-1 px-2 small" role="alert">{conditional_escape(error)}</div>'
        if error
        else "",
        "</div>",
    ]
    if student.in_roster:
        parts.append(page.row(student.pk, student.person.full_name, status, reason, marks))
    parts.append(
        f'<h2 id="journal-present-head" class="h6 journal-head" data-testid="present-header">'
        f"{header_html(total - absent, total, page.class_name)}</h2>"
        f'<h2 id="journal-absent-head" class="h6 journal-head text-danger" data-testid="absent-header">'
        f"{absent_html(absent)}</h2>"
    )
    if hint:
        parts.append('<p id="journal-hint" class="small text-body-secondary"></p>')
    return mark_safe("".join(parts))


def roster_context(lesson, user):
    """The lesson page's roster: present and absent students with their marks and attendance."""
    page = RosterPage(lesson, user)
    present, absent = [], []
    for pos, (pk, last, first, patronymic, status, reason, marks) in enumerate(roster_rows(lesson)):
        status = status or "present"
        html = page.row(pk, full_name(last, first, patronymic), status, reason or "", marks or (), pos)
        (absent if status == "absent" else present).append(html)
    total = len(present) + len(absent)
    return {
        "lesson": lesson,
        "page": page,
        "present_rows": mark_safe("\n".join(present)),
        "absent_rows": mark_safe("\n".join(absent)),
        "absent": len(absent),
        "header": header_html(len(present), total, page.class_name),
        "absent_header": absent_html(len(absent)),
        "editable": page.editable,
        "closed": page.closed,
        "reason_input": page.reason_input,
        "marks_allowed": page.marks_allowed,
        "kinds": page.kinds,
        "criteria": page.criteria,
        "fo_values": range(10, 0, -1),
    }


def final_label(final):
    if final is None:
        return ""
    return str(final.value) if final.status == "mark" else FINAL_SHORT[final.status]
