"""The large demo district (`seed_demo --large-district`) that bench/reports.py measures: a year of the
journal built by set-based inserts, read back through the reports' own selectors."""

import datetime

from django.db.models import Max, Min

from contingent.models import Movement
from core.models import District, Period, School
from journal.models import Attendance, FinalMark, Lesson, LessonEvent, Mark, MarkEvent
from reports import selectors as S
from reports.demo import seed_large_district


def test_the_large_district_has_a_year_of_marks_and_is_built_once(db):
    """covers RPT-1 RPT-2 RPT-4: the last school year whole (four quarters' and the year's period marks,
    lessons from September to May with current marks and absences) and the current year up to today;
    the district's performance is the sum of its schools'; a second run adds nothing."""
    from django.utils import timezone

    today = timezone.localdate()
    seed_large_district(schools=2, students_per_school=36)
    district = District.objects.get(name_ru__contains="крупный демо-район")
    schools = list(School.objects.filter(district=district).values_list("pk", flat=True))
    assert len(schools) == 2
    last = Period.objects.filter(academic_year__school_id=schools[0], academic_year__name="2025-2026")
    assert last.count() == 4
    finals = FinalMark.objects.filter(school_id=schools[0], class_subject__academic_year__name="2025-2026")
    per_period = finals.values("period").distinct().count()
    assert per_period == 5  # four quarters and the year (no period)
    graded = (
        Movement.objects.filter(
            school_id=schools[0], to_class__academic_year__name="2025-2026", to_class__parallel__gte=2
        )
        .values("student")
        .distinct()
        .count()
    )
    assert finals.filter(period__isnull=True).count() == graded * 8  # every pupil, every subject
    year_mark = finals.filter(period__isnull=True, status="mark").first()
    # the mean of the quarters that have a mark (a quarter н/а has none: the seed's AVG skips it)
    quarter_values = finals.filter(
        student=year_mark.student,
        class_subject=year_mark.class_subject,
        period__isnull=False,
        value__isnull=False,
    ).values_list("value", flat=True)
    assert year_mark.value == round(sum(quarter_values) / len(quarter_values) + 1e-9)

    lessons = Lesson.objects.filter(school_id=schools[0])
    span = lessons.filter(period__academic_year__name="2025-2026").aggregate(a=Min("date"), b=Max("date"))
    assert span["a"] <= datetime.date(2025, 9, 5) and span["b"] >= datetime.date(2026, 5, 18)
    assert lessons.aggregate(b=Max("date"))["b"] <= today
    assert not lessons.filter(date__week_day__in=(1, 7)).exists()  # no lessons on weekends
    marks = Mark.objects.filter(lesson__school_id=schools[0]).count()
    held = lessons.filter(is_cancelled=False).count()
    per_class = graded / 30  # pupils of each of the 30 graded classes (2nd to 11th, three letters)
    assert 0.1 * held * per_class < marks < 0.3 * held * per_class  # a mark for about 18 % of a class
    assert Attendance.objects.filter(lesson__school_id=schools[0], status="absent").exists()
    # the history of every row, as the triggers write it (the seed writes it set-based)
    assert LessonEvent.objects.filter(school_id=schools[0], pgh_label="insert").count() == lessons.count()
    assert MarkEvent.objects.filter(lesson__school_id=schools[0]).count() == marks

    start = datetime.date(2025, 9, 1)
    end = datetime.date(2026, 5, 31)
    per_school = S.performance(schools, start, end, "school")
    whole = S.performance(schools, start, end, "district")[0]
    assert len(per_school) == 2
    for k in ("n5", "n4", "n3", "n2", "not_attested", "exempt"):
        assert whole[k] == sum(r[k] for r in per_school)
    held_in_year = lessons.filter(date__range=(start, end), is_cancelled=False).count()
    assert S.attendance([schools[0]], start, end, "school")[0]["lessons"] == held_in_year

    counts = (FinalMark.objects.count(), Lesson.objects.count(), Mark.objects.count())
    seed_large_district(schools=2, students_per_school=36)
    assert (FinalMark.objects.count(), Lesson.objects.count(), Mark.objects.count()) == counts
