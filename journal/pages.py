"""What the journal's pages show, built in Python in one pass over a few queries (DESIGN
"Performance": no include or tag per cell; the query count does not grow with students or lessons)."""

import functools

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import prepared
from core.links import url_for_pk
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


def _instance(model, values):
    """A model instance of the columns read ({attname: value}); the others are deferred: reading one
    would be a query, which the query-count tests would see."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db("default", names, [values[name] for name in names])


# The journal page (subgroup) with its class subject, subject, class and teacher, over planning_subgroup
# sg, planning_classsubject cs and contingent_schoolclass sc: the columns load_lesson and load_subgroup
# read by hand, in the order subgroup_chain takes them, then the class teacher's person (for the scope).
SUBGROUP_COLUMNS = """sg.id, sg.class_subject_id, sg.kind, sg.name, sg.position, sg.teacher_id,
    (SELECT e.person_id FROM staff_employee e WHERE e.id = sg.teacher_id) AS sg_person,
    cs.school_class_id, cs.subject_id, cs.academic_year_id AS cs_year, cs.name AS cs_name,
    sc.school_id AS sc_school, sc.academic_year_id AS sc_year, sc.parallel,
    sc.letter_ru, sc.letter_kk, sc.letter_en, sc.class_teacher_id,
    (SELECT json_build_array(j.name_kk, j.name_ru, j.name_en)
     FROM planning_subject j WHERE j.id = cs.subject_id) AS subject_names,
    (SELECT e.person_id FROM staff_employee e WHERE e.id = sc.class_teacher_id) AS ct_person"""
SUBGROUP_WIDTH = 20  # the columns of SUBGROUP_COLUMNS


def subgroup_chain(columns):
    """The journal page (subgroup) with its class subject, subject, class and teacher, from the
    SUBGROUP_COLUMNS of a row."""
    from contingent.models import SchoolClass
    from planning.models import ClassSubject, Subgroup, Subject
    from staff.models import Employee

    (
        sg_id,
        class_subject_id,
        kind,
        name,
        position,
        teacher_id,
        teacher_person,
        school_class_id,
        subject_id,
        cs_year,
        cs_name,
        sc_school,
        sc_year,
        parallel,
        letter_ru,
        letter_kk,
        letter_en,
        class_teacher_id,
        subject_names,
        _ct_person,
    ) = columns

    name_kk, name_ru, name_en = subject_names
    subject = _instance(
        Subject, {"id": subject_id, "name_kk": name_kk, "name_ru": name_ru, "name_en": name_en}
    )
    school_class = _instance(
        SchoolClass,
        {
            "id": school_class_id,
            "school_id": sc_school,
            "academic_year_id": sc_year,
            "parallel": parallel,
            "letter_ru": letter_ru,
            "letter_kk": letter_kk,
            "letter_en": letter_en,
            "class_teacher_id": class_teacher_id,
        },
    )
    class_subject = _instance(
        ClassSubject,
        {
            "id": class_subject_id,
            "school_class_id": school_class_id,
            "subject_id": subject_id,
            "academic_year_id": cs_year,
            "name": cs_name,
        },
    )
    class_subject.school_class, class_subject.subject = school_class, subject
    subgroup = _instance(
        Subgroup,
        {
            "id": sg_id,
            "class_subject_id": class_subject_id,
            "kind": kind,
            "name": name,
            "position": position,
            "teacher_id": teacher_id,
        },
    )
    subgroup.class_subject = class_subject
    subgroup.teacher = (
        _instance(Employee, {"id": teacher_id, "person_id": teacher_person}) if teacher_id else None
    )
    return subgroup


_LESSON_SQL = []


def _lesson_sql():
    """The lesson with what its page, its taps and its grid cell read: the period's closure, the
    subgroup with its class, subject and teacher, the lesson's teacher, the room and the school's
    grading rule of the lesson's date; `{scope}` is the user's condition (journal.querysets.scope_sql)
    and `{grid_scope}` the same over the subgroup's teacher alone: whether she may open its journal page
    (a substitute reads the lesson, not the page).
    Few joins, the rest in subqueries of one table each: PostgreSQL plans the ORM's ten-table join in
    about 5 ms on every request, this in under 1 ms."""
    if not _LESSON_SQL:
        columns = ", ".join(f'l."{f.column}"' for f in Lesson._meta.concrete_fields)
        _LESSON_SQL.append(f"""
            SELECT {columns},
                (SELECT c.id FROM journal_closedperiod c WHERE c.period_id = l.period_id),
                s.*, t.person_id, t.names,
                (SELECT r.name FROM planning_room r WHERE r.id = l.room_id),
                (SELECT json_build_array(g.id, g.system, g.marks_in_grade_1) FROM journal_gradingrule g
                 WHERE g.school_id = l.school_id AND g.valid_from <= l.date ORDER BY g.valid_from DESC LIMIT 1),
                {{grid_scope}}
                {{topics}}
            FROM journal_lesson l
            CROSS JOIN LATERAL (
                SELECT {SUBGROUP_COLUMNS}
                FROM planning_subgroup sg
                JOIN planning_classsubject cs ON cs.id = sg.class_subject_id
                JOIN contingent_schoolclass sc ON sc.id = cs.school_class_id
                WHERE sg.id = l.subgroup_id
                OFFSET 0
            ) s
            LEFT JOIN LATERAL (
                SELECT e.person_id, (SELECT json_build_array(p.last_name, p.first_name, p.patronymic)
                                     FROM core_person p WHERE p.id = e.person_id) AS names
                FROM staff_employee e WHERE e.id = l.teacher_id
                OFFSET 0
            ) t ON TRUE
            WHERE l.id = %s AND {{scope}}
        """)
    return _LESSON_SQL[0]


# The КТП topics of the lesson's subgroup and period, for the lesson page's topic field.
_TOPICS_COLUMN = """, (SELECT json_agg(json_build_array(k.id, k.position, k.title) ORDER BY k.position, k.id)
                      FROM planning_ktptopic k WHERE k.subgroup_id = l.subgroup_id AND k.period_id = l.period_id)"""


def load_lesson(user, pk, topics=False):
    """The lesson `pk` if the user may read it (Lesson.objects.visible_to(user), in SQL), else None:
    one statement, with its period (and closure), subgroup, class subject, subject, class, teachers,
    room and the grading rule annotated as lesson_queryset() annotates it, and `lesson.grid_visible`: the
    user may open the lesson's journal page (subgroup_condition); with `topics`, also the КТП
    topics of its subgroup and period as `lesson.ktp_topics`, (id, position, title) in order."""
    from django.db import connection

    from core.models import Period, Person
    from journal.models import ClosedPeriod
    from journal.querysets import scope_sql
    from planning.models import Room
    from staff.models import Employee

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    scope, params = scope_sql(user, "l.school_id", ["t.person_id", "s.sg_person"], "s.ct_person")
    grid_scope, grid_params = scope_sql(user, "l.school_id", ["s.sg_person"], "s.ct_person")
    sql = (
        _lesson_sql()
        .replace("{scope}", scope)
        .replace("{grid_scope}", grid_scope)
        .replace("{topics}", _TOPICS_COLUMN if topics else "")
    )
    with connection.cursor() as cursor:
        prepared.select(cursor, "journal_lesson", sql, [*grid_params, pk, *params])
        row = cursor.fetchone()
    if row is None:
        return None
    names = [f.attname for f in Lesson._meta.concrete_fields]
    n = len(names)
    lesson = Lesson.from_db("default", names, row[:n])
    closure_id = row[n]
    subgroup_columns = row[n + 1 : n + 1 + SUBGROUP_WIDTH]
    l_person, l_names, room_name, rule, lesson.grid_visible, *topic_column = row[n + 1 + SUBGROUP_WIDTH :]
    period = _instance(Period, {"id": lesson.period_id})
    closure = _instance(ClosedPeriod, {"id": closure_id, "period_id": period.pk}) if closure_id else None
    Period.journal_closure.related.set_cached_value(period, closure)
    lesson.period = period
    subgroup = subgroup_chain(subgroup_columns)
    lesson.subgroup = subgroup
    teacher = None
    if lesson.teacher_id:
        teacher = _instance(Employee, {"id": lesson.teacher_id, "person_id": l_person})
        last, first, patronymic = l_names
        teacher.person = _instance(
            Person, {"id": l_person, "last_name": last, "first_name": first, "patronymic": patronymic}
        )
    lesson.teacher = teacher
    lesson.room = _instance(Room, {"id": lesson.room_id, "name": room_name}) if lesson.room_id else None
    lesson.rule_id, lesson.rule_system, lesson.rule_grade1 = rule if rule else (None, None, None)
    if topics:
        lesson.ktp_topics = [tuple(topic) for topic in topic_column[0] or ()]
    return lesson


def lesson_head_html(lesson):
    """The lesson page's top: the breadcrumb (the day, the journal page), the title and the line of
    time, teacher, room and badges, written in Python as the roster is (its template tags, filters and
    lookups took about 0.6 ms of the page)."""
    e = conditional_escape
    subgroup = lesson.subgroup
    meta = []
    if lesson.starts:
        meta.append(
            f"{lesson.starts:%H:%M}–{lesson.ends:%H:%M} · " if lesson.ends else f"{lesson.starts:%H:%M}– · "
        )
    meta.append(e(lesson.teacher.person.short_name) if lesson.teacher_id else "")
    if lesson.room_id:
        meta.append(f" · {e(_('room'))} {e(lesson.room.name)}")
    if lesson.is_substitute:
        meta.append(f' <span class="badge text-bg-warning">{e(_("substitution"))}</span>')
    if lesson.is_cancelled:
        meta.append(f' <span class="badge text-bg-secondary">{e(_("cancelled"))}</span>')
    journal = (  # a substitute keeps the lesson; its journal page is not hers to open
        f'<li class="breadcrumb-item"><a href="{url_for_pk("journal:grid", lesson.subgroup_id)}'
        f'?period={lesson.period_id}">{e(_("Journal"))}</a></li>'
        if lesson.grid_visible
        else ""
    )
    return mark_safe(
        '<nav aria-label="breadcrumb"><ol class="breadcrumb small mb-1">'
        f'<li class="breadcrumb-item"><a href="{reverse("journal:day")}?date={lesson.date:%Y-%m-%d}">'
        f"{e(dateformat.format(lesson.date, 'D, j E'))}</a></li>{journal}</ol></nav>\n"
        f'<h1 class="h5 mb-1">{lesson.number}. {e(subgroup.class_subject.display_name)}, {e(subgroup.label)}</h1>\n'
        f'<p class="small text-body-secondary mb-2">{"".join(meta)}</p>'
    )


@functools.lru_cache(maxsize=64)
def _picker_html(language, kinds):
    e = conditional_escape
    tabs, panels = [], []
    for i, kind in enumerate(kinds):
        label = e(MarkKind(kind).label)
        tabs.append(
            f'<label class="btn btn-outline-primary" data-picker-kind="{kind}"><input type="radio" '
            f'class="visually-hidden" name="picker-kind" value="{kind}"{"" if i else " checked"}> {label}</label>'
        )
        if kind in (MarkKind.CURRENT, MarkKind.FO):
            top = 5 if kind == MarkKind.CURRENT else 10
            body = (
                '<div class="journal-values">'
                + "".join(
                    f'<button type="button" class="btn btn-outline-dark" data-picker-value="{v}">{v}</button>'
                    for v in range(top, 0, -1)
                )
                + "</div>"
            )
        else:
            body = (
                '<div class="d-flex gap-2 align-items-end">'
                f'<div><label class="form-label small" for="points-{kind}">{e(_("Points"))}</label>'
                f'<input id="points-{kind}" class="form-control form-control-sm" name="points" type="number" '
                'min="0" max="100" inputmode="numeric"></div>'
                f'<div><label class="form-label small" for="max-{kind}">{e(_("of"))}</label>'
                f'<input id="max-{kind}" class="form-control form-control-sm" name="max_points" type="number" '
                f'min="1" max="100" value="{rules.DEFAULT_MAX_POINTS[kind]}" inputmode="numeric"></div>'
                f'<button type="button" class="btn btn-primary btn-sm" data-picker-points>{e(_("Set"))}</button>'
                "</div>"
            )
        panels.append(f'<div data-picker-panel="{kind}"{" hidden" if i else ""}>{body}</div>')
    return (
        '<dialog id="journal-mark-picker" class="journal-picker" aria-labelledby="picker-title">'
        f'<h2 class="h6" id="picker-title">{e(_("Mark for"))} <span data-picker-student></span></h2>'
        f'<div class="btn-group btn-group-sm mb-2" role="group" aria-label="{e(_("Kind of mark"))}">'
        f"{''.join(tabs)}</div>{''.join(panels)}"
        '<div class="d-flex justify-content-between mt-3">'
        f'<button type="button" class="btn btn-outline-danger btn-sm" data-picker-delete hidden>{e(_("Delete"))}</button>'
        f'<button type="button" class="btn btn-outline-secondary btn-sm ms-auto" data-picker-close>{e(_("Close"))}'
        "</button></div></dialog>"
    )


def picker_html(kinds):
    """The mark picker of the lesson page for the school's kinds of marks: the same for every lesson
    of a language and rule, so written once per process."""
    return mark_safe(_picker_html(get_language(), tuple(str(k) for k, _label in kinds)))


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
        rule = rule_of(lesson)
        self.class_name = str(school_class)
        self.closed = period_is_closed(lesson.period)
        self.editable = can_keep(user, lesson) and not lesson.is_cancelled
        self.reason_input = self.closed and has_permission(user, Perm.JOURNAL_MANAGE, lesson.school)
        self.marks_allowed = rules.marks_allowed(rule, school_class.parallel)
        self.kinds = [(k, MarkKind(k).label) for k in rule.kinds]
        self.criteria = rule.system == AssessmentSystem.CRITERIA
        e = conditional_escape
        self.attendance_url = url_for_pk("journal:attendance", lesson.pk)
        self.mark_url = url_for_pk("journal:mark", lesson.pk)
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
        prepared.select(cursor, "journal_roster", sql, [lesson.pk, lesson.pk, *params])
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
        prepared.select(cursor, "journal_tapped", sql, params)
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
