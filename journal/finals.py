"""Proposed period and year marks of a subject for its students (JRN-4), in a fixed number of queries."""

from collections import defaultdict
from types import SimpleNamespace

from django.db.models import Q

from journal import rules
from journal import statistics as st
from journal.models import Exemption, FinalMark, Mark
from journal.pages import final_label


def final_rows(class_subject, period, students, rule, periods):
    """One row per student: proposal (value, percent), the final mark set, exempt or not.
    `period` None means the year: the proposal is the half-up mean of the period marks."""
    ids = [s.pk for s in students]
    finals = defaultdict(dict)
    for f in FinalMark.objects.filter(class_subject=class_subject, student_id__in=ids):
        finals[f.student_id][f.period_id] = f
    span = (period.start, period.end) if period else (periods[0].start, periods[-1].end) if periods else None
    exempt = set()
    if span:
        exempt = set(
            Exemption.objects.filter(
                student_id__in=ids, subject_id=class_subject.subject_id, starts__lte=span[1], ends__gte=span[0]
            ).values_list("student_id", flat=True)
        )
    marks = defaultdict(list)
    if period is not None:
        for m in Mark.objects.filter(
            Q(lesson__subgroup__class_subject=class_subject), lesson__period=period, student_id__in=ids,
            lesson__is_cancelled=False,
        ).only("student_id", "kind", "value", "max_points"):
            marks[m.student_id].append(m)
    rows = []
    for s in students:
        if period is not None:
            proposal = rules.propose_period_mark(rule, marks.get(s.pk, ()))
        else:
            period_marks = [
                f.value for pid, f in finals[s.pk].items() if pid is not None and f.status == "mark"
            ]
            proposal = rules.Proposal(st.year_mark(period_marks), None)
        final = finals[s.pk].get(period.pk if period else None)
        rows.append(SimpleNamespace(
            student=s, proposal=proposal, final=final, label=final_label(final), exempt=s.pk in exempt,
            count=len(marks.get(s.pk, ())),
        ))
    return rows
