"""Journal reports (JRN-5, JRN-7): each one a title, headers and rows, so the screen, the .xlsx and the PDF
show the same figures. Counts come from a few grouped queries; percentages from journal.statistics."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contingent.models import Student, StudentStatus
from journal import rules
from journal import statistics as st
from journal.models import Attendance, FinalMark, FinalStatus, Lesson, Mark
from journal.pages import final_label, mark_label
from planning.models import ClassSubject, Subgroup


@dataclass
class Filters:
    school: object
    year: object
    period: object = None  # None: the year
    school_class: object = None
    parallel: int | None = None
    student: object = None
    start: datetime.date | None = None
    end: datetime.date | None = None


def _fmt(value):
    return "" if value is None else value


def outcome(final):
    if final is None:
        return None
    return final.value if final.status == FinalStatus.MARK else final.status


PERF_HEADERS = [
    gettext_lazy("students"), "5", "4", "3", "2", gettext_lazy("pass"), gettext_lazy("fail"),
    gettext_lazy("н/а"), gettext_lazy("exempt"), gettext_lazy("success, %"), gettext_lazy("quality, %"),
    gettext_lazy("СОУ"), gettext_lazy("average mark"),
]


def perf_cells(p, students):
    return [students, p.n5, p.n4, p.n3, p.n2, p.passed, p.failed, p.not_attested, p.exempt,
            _fmt(p.success), _fmt(p.quality), _fmt(p.sou), _fmt(p.average)]


def _class_subjects(f):
    qs = ClassSubject.objects.filter(
        school_class__school=f.school, academic_year=f.year, school_class__is_active=True
    ).select_related("subject", "school_class")
    if f.school_class:
        qs = qs.filter(school_class=f.school_class)
    if f.parallel:
        qs = qs.filter(school_class__parallel=f.parallel)
    return list(qs.order_by("school_class__parallel", "school_class__letter_ru", "subject__name_ru"))


def _outcomes(f, class_subjects):
    """{class_subject_id: [outcome per student of the class]} and the class rosters' sizes."""
    rosters = defaultdict(list)
    for sid, cid in Student.objects.filter(
        school=f.school, status=StudentStatus.STUDYING, school_class_id__in={cs.school_class_id for cs in class_subjects}
    ).values_list("pk", "school_class_id"):
        rosters[cid].append(sid)
    finals = {
        (m.class_subject_id, m.student_id): m
        for m in FinalMark.objects.filter(class_subject__in=class_subjects, period=f.period)
    }
    result = {}
    for cs in class_subjects:
        result[cs.pk] = [outcome(finals.get((cs.pk, s))) for s in rosters[cs.school_class_id]]
    return result, rosters


def performance_summary(f):
    """The class performance summary after final marks: class, subject, period, students, 5/4/3/2,
    pass/fail, н/а, exempt, % success, % quality, СОУ, average (N as DOMAIN 2.1 defines it)."""
    rule = rules.rule_for(f.school, f.period.start if f.period else f.year.start)
    class_subjects = _class_subjects(f)
    outcomes, rosters = _outcomes(f, class_subjects)
    period_name = f.period.name if f.period else _("year")
    rows = []
    for cs in class_subjects:
        p = st.performance(outcomes[cs.pk], weights=rules.sou_weights(rule))
        rows.append([str(cs.school_class), cs.display_name, period_name, *perf_cells(p, len(rosters[cs.school_class_id]))])
    headers = [_("class"), _("subject"), _("period"), *[str(h) for h in PERF_HEADERS]]
    return headers, rows


def year_summary(f):
    """The year's performance summary: per class, over the year marks of all its subjects."""
    f.period = None
    rule = rules.rule_for(f.school, f.year.start)
    class_subjects = _class_subjects(f)
    outcomes, rosters = _outcomes(f, class_subjects)
    by_class = defaultdict(list)
    names = {}
    for cs in class_subjects:
        by_class[cs.school_class_id].extend(outcomes[cs.pk])
        names[cs.school_class_id] = str(cs.school_class)
    rows = []
    for cid, values in by_class.items():
        p = st.performance(values, weights=rules.sou_weights(rule))
        rows.append([names[cid], *perf_cells(p, len(rosters[cid]))])
    return [_("class"), *[str(h) for h in PERF_HEADERS]], rows


def finals_by_class(f):
    """Final marks by period, parallel and class: one row per student, one column per subject."""
    class_subjects = _class_subjects(f)
    subjects = sorted({cs.display_name for cs in class_subjects})
    finals = defaultdict(dict)
    for m in FinalMark.objects.filter(class_subject__in=class_subjects, period=f.period).select_related(
        "class_subject__subject"
    ):
        finals[m.student_id][m.class_subject.display_name] = final_label(m)
    students = Student.objects.filter(
        school=f.school, status=StudentStatus.STUDYING, school_class_id__in={cs.school_class_id for cs in class_subjects}
    ).select_related("person", "school_class").order_by("school_class__parallel", "school_class__letter_ru",
                                                         "person__last_name")
    rows = [[str(s.school_class), s.person.full_name, *[finals[s.pk].get(name, "") for name in subjects]]
            for s in students]
    return [_("class"), _("student"), *subjects], rows


def teacher_performance(f):
    """A teacher's subject performance: per teacher and subject, over the students of her subgroups."""
    rule = rules.rule_for(f.school, f.period.start if f.period else f.year.start)
    class_subjects = _class_subjects(f)
    outcomes, rosters = _outcomes(f, class_subjects)
    teachers = defaultdict(list)
    for sg in Subgroup.objects.filter(class_subject__in=class_subjects, teacher__isnull=False).select_related(
        "teacher__person", "class_subject__subject"
    ):
        teachers[(sg.teacher.person.full_name, sg.class_subject.subject.name)].append(sg.class_subject_id)
    rows = []
    for (teacher, subject), cs_ids in sorted(teachers.items()):
        values = [v for cs_id in set(cs_ids) for v in outcomes.get(cs_id, [])]
        p = st.performance(values, weights=rules.sou_weights(rule))
        rows.append([teacher, subject, *perf_cells(p, len(values))])
    return [_("teacher"), _("subject"), *[str(h) for h in PERF_HEADERS]], rows


def teachers_finals(f):
    """Which teachers have set final marks for the period: set of due, per journal page."""
    class_subjects = _class_subjects(f)
    counts = dict(
        FinalMark.objects.filter(class_subject__in=class_subjects, period=f.period)
        .values_list("class_subject_id").annotate(n=Count("pk"))
    )
    roster_sizes = dict(
        Student.objects.filter(school=f.school, status=StudentStatus.STUDYING)
        .values_list("school_class_id").annotate(n=Count("pk"))
    )
    rows = []
    for sg in Subgroup.objects.filter(class_subject__in=class_subjects).select_related(
        "teacher__person", "class_subject__subject", "class_subject__school_class"
    ).order_by("teacher__person__last_name"):
        due = roster_sizes.get(sg.class_subject.school_class_id, 0)
        done = counts.get(sg.class_subject_id, 0)
        rows.append([sg.teacher.person.full_name if sg.teacher else "—", str(sg.class_subject.school_class),
                     sg.class_subject.display_name, due, done, _("yes") if due and done >= due else _("no")])
    return [_("teacher"), _("class"), _("subject"), _("students"), _("final marks set"), _("complete")], rows


def _span(f):
    if f.start and f.end:
        return f.start, f.end
    if f.period:
        return f.period.start, f.period.end
    return f.year.start, min(f.year.end, timezone.localdate())


def class_attendance(f):
    """A class's attendance: lessons and days missed, excused (illness, excused) and not, late."""
    start, end = _span(f)
    qs = Attendance.objects.filter(lesson__school=f.school, lesson__date__gte=start, lesson__date__lte=end)
    students = Student.objects.filter(school=f.school, status=StudentStatus.STUDYING).select_related(
        "person", "school_class")
    if f.school_class:
        qs = qs.filter(student__school_class=f.school_class)
        students = students.filter(school_class=f.school_class)
    elif f.parallel:
        qs = qs.filter(student__school_class__parallel=f.parallel)
        students = students.filter(school_class__parallel=f.parallel)
    figures = {
        r["student_id"]: r
        for r in qs.values("student_id").annotate(
            lessons=Count("pk", filter=Q(status="absent")),
            excused=Count("pk", filter=Q(status="absent", reason__in=["illness", "excused"])),
            illness=Count("pk", filter=Q(status="absent", reason="illness")),
            late=Count("pk", filter=Q(status="late")),
            days=Count("lesson__date", filter=Q(status="absent"), distinct=True),
        )
    }
    rows = []
    for s in students.order_by("school_class__parallel", "school_class__letter_ru", "person__last_name"):
        r = figures.get(s.pk, {})
        lessons = r.get("lessons", 0)
        rows.append([str(s.school_class) if s.school_class_id else "", s.person.full_name, r.get("days", 0), lessons,
                     r.get("excused", 0), r.get("illness", 0), lessons - r.get("excused", 0), r.get("late", 0)])
    return [_("class"), _("student"), _("days missed"), _("lessons missed"), _("excused"), _("of them illness"),
            _("unexcused"), _("late")], rows


def student_marks(f):
    """A student's marks: per subject, the marks of the period in order and the period mark."""
    if f.student is None:
        return [_("subject"), _("marks"), _("final mark")], []
    start, end = _span(f)
    marks = defaultdict(list)
    for m in Mark.objects.filter(student=f.student, lesson__date__gte=start, lesson__date__lte=end).select_related(
        "lesson__subgroup__class_subject__subject"
    ).order_by("lesson__date", "kind", "slot"):
        marks[m.lesson.subgroup.class_subject.display_name].append(
            f"{m.lesson.date:%d.%m} {mark_label(m.kind, m.value, m.max_points)}")
    finals = {
        m.class_subject.display_name: final_label(m)
        for m in FinalMark.objects.filter(student=f.student, period=f.period).select_related("class_subject__subject")
    }
    names = sorted(set(marks) | set(finals))
    return [_("subject"), _("marks"), _("final mark")], [[n, ", ".join(marks.get(n, [])), finals.get(n, "")]
                                                          for n in names]


def journal_keeping(f):
    """JRN-7: how fully and timely each teacher keeps the journal: lessons held, without attendance by the
    end of the lesson's day, without a topic, marks entered after the lesson's day."""
    start, end = _span(f)
    end = min(end, timezone.localdate())
    lessons = Lesson.objects.filter(school=f.school, date__gte=start, date__lte=end, is_cancelled=False)
    per_teacher = {
        r["teacher_id"]: r
        for r in lessons.values("teacher_id").annotate(
            held=Count("pk"),
            no_attendance=Count("pk", filter=Q(attendance_taken_at__isnull=True)
                                | Q(attendance_taken_at__date__gt=F("date"))),
            no_topic=Count("pk", filter=Q(topic="")),
        )
    }
    mark_event = apps.get_model("journal", "MarkEvent")
    first_entries = (
        mark_event.objects.filter(pgh_label="insert", lesson_id__in=lessons.values("pk"))
        .values("pgh_obj_id", "lesson__teacher_id", "lesson__date")
        .annotate(first=Min("pgh_created_at"))
    )
    late = Counter()
    for e in first_entries:
        if timezone.localtime(e["first"]).date() > e["lesson__date"]:
            late[e["lesson__teacher_id"]] += 1
    from staff.models import Employee

    names = {e.pk: e.person.full_name for e in Employee.objects.filter(pk__in=per_teacher).select_related("person")}
    rows = []
    for tid, r in sorted(per_teacher.items(), key=lambda kv: names.get(kv[0], "")):
        held = r["held"]
        filled = held - r["no_attendance"]
        rows.append([names.get(tid, "—"), held, r["no_attendance"], r["no_topic"], late[tid],
                     st.half_up(filled * 100 / held, 1) if held else ""])
    return [_("teacher"), _("lessons held"), _("without attendance by the end of the day"), _("without a topic"),
            _("marks entered late"), _("kept in time, %")], rows


def substitutions(f):
    """JRN-7: cancelled lessons and substitutions."""
    start, end = _span(f)
    qs = (
        Lesson.objects.filter(school=f.school, date__gte=start, date__lte=end)
        .filter(Q(is_substitute=True) | Q(is_cancelled=True))
        .select_related("subgroup__class_subject__subject", "subgroup__class_subject__school_class",
                        "subgroup__teacher__person", "teacher__person")
        .order_by("date", "number")
    )
    rows = [[x.date, x.number, str(x.subgroup.class_subject.school_class), x.subgroup.class_subject.display_name,
             x.subgroup.teacher.person.full_name if x.subgroup.teacher_id else "—",
             _("cancelled") if x.is_cancelled else (x.teacher.person.full_name if x.teacher_id else "—")]
            for x in qs]
    return [_("date"), _("lesson"), _("class"), _("subject"), _("teacher"), _("substitute or cancelled")], rows


REPORTS = {
    "student-marks": (gettext_lazy("A student's marks"), student_marks),
    "class-attendance": (gettext_lazy("Attendance of a class"), class_attendance),
    "performance": (gettext_lazy("Class performance summary"), performance_summary),
    "finals": (gettext_lazy("Final marks by period, parallel and class"), finals_by_class),
    "teacher-performance": (gettext_lazy("A teacher's subject performance"), teacher_performance),
    "teachers-finals": (gettext_lazy("Teachers who have set final marks"), teachers_finals),
    "year-summary": (gettext_lazy("The year's performance summary"), year_summary),
    "journal-keeping": (gettext_lazy("How the journal is kept"), journal_keeping),
    "substitutions": (gettext_lazy("Cancellations and substitutions"), substitutions),
}
