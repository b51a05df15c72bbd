"""The journal's figures in the school report and the drill-down (RPT-1, RPT-3): performance from the
period marks as DOMAIN 2.1 defines it (the journal's own statistics), attendance, marks, homework,
cancellations and journal keeping; a changed mark shows at once."""

import datetime

from django.urls import reverse

from journal.models import Attendance, FinalMark, Mark
from journal.reports import Filters, performance_summary
from reports import selectors as S
from tests.journal.conftest import build_journal, make_lesson


def _finals(jw, cast, values):
    for student, value in zip(jw.students, values, strict=False):
        status = "mark" if isinstance(value, int) else value
        FinalMark.objects.create(
            school=cast.school_a,
            class_subject=jw.class_subject,
            student=student,
            period=jw.period1,
            status=status,
            value=value if status == "mark" else None,
            confirmed_by=cast.teacher,
        )


def test_performance_summary_equals_the_journal_and_domain_2_1(cast, login):
    """covers RPT-1 RPT-3: marks 5, 4 and н/а: N = 3, quality = success = 66.67 %, СОУ = (100 + 64 + 7) / 3
    = 57.00, average (5 + 4) / 2 = 4.50; the same figures as the journal's own summary; the district
    is the sum of its schools."""
    jw = build_journal(cast)
    _finals(jw, cast, [5, 4, "na"])
    ids = [cast.school_a.pk, cast.school_b.pk]
    start, end = jw.period1.start, max(jw.period1.end, datetime.date.today())
    rows = S.performance(ids, start, end, "class")
    assert len(rows) == 1
    p = rows[0]["figures"]
    assert (float(p.quality), float(p.success), float(p.sou), float(p.average)) == (66.67, 66.67, 57.00, 4.50)
    _headers, journal_rows = performance_summary(
        Filters(school=cast.school_a, year=cast.year_a, period=jw.period1)
    )
    assert [str(v) for v in journal_rows[0][-4:]] == [
        str(p.success),
        str(p.quality),
        str(p.sou),
        str(p.average),
    ]
    district = S.performance(ids, start, end, "district")[0]
    for k in ("n5", "n4", "n3", "n2", "not_attested"):
        assert district[k] == sum(r[k] for r in S.performance(ids, start, end, "school"))

    cast.district_official.language = "en"  # the page is read in English (the headers below)
    cast.district_official.save(update_fields=["language"])
    client = login(cast.district_official)
    url = reverse("reports:drilldown_level", args=["district", cast.district.pk])
    query = f"?date_from={start.isoformat()}&date_to={end.isoformat()}"
    main = client.get(url + query).context["sections"][0]
    quality_col = main.headers.index("quality, %")
    row_a = next(r for r in main.rows if r[0] == cast.school_a.name)
    assert row_a[quality_col] == 66.67

    # a changed mark is in the next report: no stale summary
    FinalMark.objects.filter(student=jw.students[2]).update(status="mark", value=5)
    p = S.performance(ids, start, end, "school")[0]["figures"]
    assert float(p.quality) == 100.0


def test_the_drilldown_total_is_the_district_own_figures_and_a_changed_mark_shows_at_once(cast, login):
    """covers RPT-2 RPT-4: the drill-down's total row is the district's own figures, from the statements
    its rows are read from: pupils summed, quality and success from the summed counts (5, 4 and н/а:
    66.67 %), completeness the mean over all its schools; the completeness table below is the same
    rows; a period mark changed afterwards is on the page at once (nothing kept to go stale)."""
    from reports import sections as X

    jw = build_journal(cast)
    _finals(jw, cast, [5, 4, "na"])
    ids = [cast.school_a.pk, cast.school_b.pk]
    start, end = jw.period1.start, max(jw.period1.end, datetime.date.today())
    cast.district_official.language = "en"
    cast.district_official.save(update_fields=["language"])
    client = login(cast.district_official)
    url = reverse("reports:drilldown_level", args=["district", cast.district.pk])
    url += f"?date_from={start.isoformat()}&date_to={end.isoformat()}"

    sections = client.get(url).context["sections"]
    main = sections[0]
    col = {h: i for i, h in enumerate(main.headers)}
    total = main.rows[-1]
    assert total[0] == "Total" and main.total
    own = S.performance(ids, start, end, "district")[0]["figures"]
    assert total[col["quality, %"]] == float(own.quality) == 66.67
    assert total[col["success, %"]] == float(own.success) == 66.67
    pupils = [r[col["pupils"]] for r in main.rows[:-1]]
    assert total[col["pupils"]] == sum(p for p in pupils if isinstance(p, int))
    assert total[col["completeness, %"]] == S.completeness(ids, "district")[0]["completeness"]
    shown = next(s for s in sections if s.key == "completeness")
    assert shown.rows == X.completeness(ids, "school").rows

    FinalMark.objects.filter(student=jw.students[2]).update(status="mark", value=5)
    main = client.get(url).context["sections"][0]
    assert main.rows[-1][col["quality, %"]] == 100.0
    row_a = next(r for r in main.rows if r[0] == cast.school_a.name)
    assert row_a[col["quality, %"]] == 100.0


def test_attendance_marks_homework_cancellations_and_keeping(cast, login):
    """covers RPT-1 RPT-3: an absence for illness, a late arrival, current marks 5 and 3, a lesson with
    homework, a cancelled and a substitute lesson, attendance taken or not."""
    from django.utils import timezone

    jw = build_journal(cast)
    today = timezone.localdate()
    lesson = jw.lesson
    lesson.homework = "№ 12"
    lesson.topic = "Дроби"
    lesson.attendance_taken_at = timezone.now()
    lesson.save()
    make_lesson(jw.subgroup, jw.period2, today, number=2, is_cancelled=True)
    make_lesson(jw.subgroup, jw.period2, today, number=3, is_substitute=True)
    Attendance.objects.create(lesson=lesson, student=jw.students[0], status="absent", reason="illness")
    Attendance.objects.create(lesson=lesson, student=jw.students[1], status="late")
    Mark.objects.create(lesson=lesson, student=jw.students[1], kind="current", value=5)
    Mark.objects.create(lesson=lesson, student=jw.students[2], kind="current", value=3)
    ids = [cast.school_a.pk]
    start = jw.period2.start
    a = S.attendance(ids, start, today)[0]
    assert (a["lessons"], a["absences"], a["excused"], a["illness"], a["unexcused"], a["late"]) == (
        2,
        1,
        1,
        1,
        0,
        1,
    )
    m = S.mark_statistics(ids, start, today)[0]
    assert (m["current"], m["m5"], m["m3"], m["average"]) == (2, 1, 1, 4.0)
    lessons = S.lessons(ids, start, today)[0]
    assert (lessons["held"], lessons["cancelled"], lessons["substituted"], lessons["homework"]) == (
        2,
        1,
        1,
        1,
    )
    assert lessons["homework_percent"] == 50.0 and lessons["kept_percent"] == 50.0

    client = login(cast.director)
    page = client.get(reverse("reports:school_statistics") + f"?date_from={start.isoformat()}")
    keys = [s.key for s in page.context["sections"]]
    for key in ("performance", "attendance", "marks", "lessons"):
        assert key in keys


def test_change_history_counts_the_events_of_the_days_asked_in_the_local_time_zone(cast):
    """covers RPT-3: the change history of a school counts the records added, changed and deleted on the
    days of the period (the days of the portal's time zone), and nothing outside them."""
    from django.utils import timezone

    from journal.models import MarkEvent

    jw = build_journal(cast)
    today = timezone.localdate()
    mark = Mark.objects.create(lesson=jw.lesson, student=jw.students[0], kind="current", value=4)
    mark.value = 5
    mark.save()
    ids = [cast.school_a.pk]

    def marks(date_from, date_to):
        return next(r for r in S.change_history(ids, date_from, date_to) if r["model"] is Mark)

    assert marks(today, today).get("insert") == 1 and marks(today, today).get("update") == 1
    yesterday = today - datetime.timedelta(days=1)
    assert marks(yesterday, yesterday) == {"model": Mark}
    # an event at the first instant of a local day belongs to that day, not to the one before
    midnight = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time.min))
    MarkEvent.objects.filter(pgh_obj=mark, pgh_label="update").update(pgh_created_at=midnight)
    assert marks(yesterday, yesterday) == {"model": Mark, "update": 1}
    assert marks(today, today).get("update") is None
    assert S.change_history([cast.school_b.pk], today, today)[0] == {"model": Mark}
