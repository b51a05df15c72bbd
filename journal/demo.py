"""Demo journal (idempotent): the year to date of lessons from the published timetable, attendance and
marks with realistic distributions (each student has an ability; absences about 5 %, late 2 %), topics
from the КТП, homework, and final marks for the periods already over, which are then closed."""

import datetime
import random
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.utils import timezone

from contingent.models import Student, StudentStatus
from core.demo import analyze
from core.history import bulk_create_tracked
from core.models import AcademicYear
from journal import rules
from journal.materialise import materialise, published_timetable
from journal.models import Attendance, ClosedPeriod, FinalMark, Lesson, Mark, MarkKind
from planning.models import KtpTopic, Subgroup

HOMEWORK = ["§{n}, упр. {m}", "Стр. {m}, вопросы 1–{n}", "Выучить правило, упр. {m}", "Задачи №{m}, {n}"]


def seed(context):
    User = get_user_model()
    for key, school in context["schools"].items():
        if Lesson.objects.filter(school=school).exists():
            continue
        year = AcademicYear.objects.filter(school=school, is_current=True).first()
        today = timezone.localdate()
        if year is None or published_timetable(school, today) is None:
            continue
        director = User.objects.get(username=f"director.{key}")
        rng = random.Random(f"mektep-journal-{key}")
        materialise(
            school,
            year.start,
            min(year.end, today + datetime.timedelta(days=13)),
            today=year.start,
            prepare=lambda lessons, rng=rng, year=year, today=today: _describe(lessons, year, today, rng),
        )
        _fill(key, school, year, today, director, rng)


def _rosters(school, year):
    by_class = defaultdict(list)
    for pk, class_id in Student.objects.filter(school=school, status=StudentStatus.STUDYING).values_list(
        "pk", "school_class_id"
    ):
        by_class[class_id].append(pk)
    members = defaultdict(list)
    for sg_id, st_id in Subgroup.students.through.objects.filter(
        subgroup__class_subject__academic_year=year
    ).values_list("subgroup_id", "student_id"):
        members[sg_id].append(st_id)
    rosters = {}
    for sg in Subgroup.objects.filter(class_subject__academic_year=year).select_related("class_subject"):
        rosters[sg.pk] = by_class[sg.class_subject.school_class_id] if sg.kind == "main" else members[sg.pk]
    return rosters


def _describe(lessons, year, today, rng):
    """Topics from the КТП (in order), homework, and when the attendance was taken, set on the new
    lessons before they are saved."""
    topics = defaultdict(list)
    for t in KtpTopic.objects.filter(subgroup__class_subject__academic_year=year).order_by("position"):
        topics[(t.subgroup_id, t.period_id)].append(t)
    seen = defaultdict(int)
    tz = timezone.get_current_timezone()
    for lesson in lessons:
        if lesson.date > today or lesson.is_cancelled:
            continue
        key = (lesson.subgroup_id, lesson.period_id)
        i = seen[key]
        seen[key] += 1
        plan = topics.get(key, [])
        topic = plan[i] if i < len(plan) else None
        lesson.ktp_topic = topic
        lesson.topic = "" if rng.random() < 0.03 else (topic.title if topic else f"Урок {i + 1}")
        if rng.random() < 0.7:
            lesson.homework = rng.choice(HOMEWORK).format(n=i + 1, m=rng.randint(10, 300))
        late = rng.random() < 0.06
        moment = datetime.datetime.combine(lesson.date, lesson.starts or datetime.time(9, 0), tz)
        lesson.attendance_taken_at = moment + datetime.timedelta(days=1 if late else 0, minutes=5)
        lesson.topic_set_at = lesson.attendance_taken_at


def _fill(key, school, year, today, director, rng):
    rule = rules.rule_for(school, today)
    rosters = _rosters(school, year)
    ability = {}
    lessons = list(
        Lesson.objects.filter(school=school, date__lte=today, is_cancelled=False)
        .select_related("subgroup__class_subject__school_class", "period")
        .order_by("date", "number")
    )
    by_subgroup_period = defaultdict(list)
    for lesson in lessons:
        by_subgroup_period[(lesson.subgroup_id, lesson.period_id)].append(lesson)
    attendance, marks = [], []
    for (sg_id, _period_id), group in by_subgroup_period.items():
        parallel = group[0].subgroup.class_subject.school_class.parallel
        with_marks = rules.marks_allowed(rule, parallel)
        period_over = group[0].period.end < today
        count = len(group)
        sor_at = {count // 3, (2 * count) // 3} if count >= 6 else set()
        soch_at = count - 2 if period_over and count >= 4 else None
        for i, lesson in enumerate(group):
            for student_id in rosters.get(sg_id, ()):
                level = ability.setdefault(student_id, min(0.98, max(0.3, rng.gauss(0.72, 0.14))))
                r = rng.random()
                if r < 0.05:
                    reason = rng.choices(["illness", "excused", "unexcused", ""], [5, 2, 2, 1])[0]
                    attendance.append(
                        Attendance(lesson=lesson, student_id=student_id, status="absent", reason=reason)
                    )
                    continue
                if r < 0.07:
                    attendance.append(Attendance(lesson=lesson, student_id=student_id, status="late"))
                if not with_marks:
                    continue
                if i in sor_at and MarkKind.SOR in rule.kinds:
                    marks.append(_points(lesson, student_id, MarkKind.SOR, 20, level, rng))
                elif i == soch_at and MarkKind.SOCH in rule.kinds:
                    marks.append(_points(lesson, student_id, MarkKind.SOCH, 25, level, rng))
                elif rng.random() < 0.12:
                    if MarkKind.FO in rule.kinds:
                        value = min(10, max(1, round(level * 10 + rng.gauss(0, 1.3))))
                        marks.append(
                            Mark(lesson=lesson, student_id=student_id, kind=MarkKind.FO, value=value)
                        )
                    else:
                        value = min(5, max(2, round(level * 5 + rng.gauss(0, 0.7))))
                        marks.append(
                            Mark(lesson=lesson, student_id=student_id, kind=MarkKind.CURRENT, value=value)
                        )
    # without them every foreign-key check of the bulk inserts below scans the lessons
    analyze(Lesson, Student)
    # Set-based: the rows, then their history in one statement per table (not a trigger call per row).
    bulk_create_tracked(Attendance, attendance, batch_size=2000)
    bulk_create_tracked(Mark, marks, batch_size=2000)
    _finals(school, year, today, director, rule, rosters, marks)


def _points(lesson, student_id, kind, maximum, level, rng):
    value = min(maximum, max(0, round(level * maximum + rng.gauss(0, maximum / 8))))
    return Mark(lesson=lesson, student_id=student_id, kind=kind, value=value, max_points=maximum)


def _finals(school, year, today, director, rule, rosters, marks):
    """Final marks of the periods already over, confirmed as proposed; then the periods are closed."""
    over = [p for p in year.periods.order_by("start") if p.end < today]
    if not over:
        return
    by_key = defaultdict(list)
    for m in marks:
        by_key[(m.lesson.subgroup.class_subject_id, m.lesson.period_id, m.student_id)].append(m)
    finals = []
    seen = set()
    for sg in Subgroup.objects.filter(
        class_subject__academic_year=year, class_subject__school_class__school=school
    ).select_related("class_subject__school_class"):
        if not rules.marks_allowed(rule, sg.class_subject.school_class.parallel):
            continue
        for period in over:
            for student_id in rosters.get(sg.pk, ()):
                key = (sg.class_subject_id, period.pk, student_id)
                if key in seen:
                    continue
                seen.add(key)
                proposal = rules.propose_period_mark(rule, by_key.get(key, ()))
                if proposal.value is None:
                    continue
                finals.append(
                    FinalMark(
                        school=school,
                        class_subject_id=sg.class_subject_id,
                        student_id=student_id,
                        period=period,
                        value=proposal.value,
                        proposed=proposal.value,
                        percent=proposal.percent,
                        confirmed_by=director,
                    )
                )
    bulk_create_tracked(
        FinalMark,
        finals,
        batch_size=2000,
        ignore_conflicts=True,
        candidates=FinalMark.objects.filter(school=school, period__in=over),
    )
    for period in over:
        ClosedPeriod.objects.get_or_create(period=period, defaults={"closed_by": director})
