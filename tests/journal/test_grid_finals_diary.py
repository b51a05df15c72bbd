"""The grid, final marks, the diary and reports (JRN-3..JRN-7)."""

import datetime
import io

import pytest
from django.urls import reverse

from journal import services
from journal.models import Attendance, FinalMark, Mark
from tests.journal.conftest import add_students, make_lesson

pytestmark = pytest.mark.django_db


def _lessons(jw, n):
    start = jw.period2.start
    return [
        make_lesson(jw.subgroup, jw.period2, start + datetime.timedelta(days=i // 3), number=2 + i % 3)
        for i in range(n)
    ]


def test_the_grid_shows_marks_absences_and_the_period_column_in_the_same_queries_for_1_and_30_by_45(
    cast, jw, login, count_queries
):
    """covers JRN-3"""
    client = login(cast.teacher)
    url = reverse("journal:grid", args=[jw.subgroup.pk]) + f"?period={jw.period2.pk}"
    services.mark_set(acting_user=cast.teacher, lesson=jw.lesson, student=jw.students[0], kind="fo", value=8)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    lessons = _lessons(jw, 44)
    more = add_students(jw.class_subject.school_class, 27, cast.secretary)
    rows = [Mark(lesson=lesson, student=s, kind="fo", value=7) for lesson in lessons for s in more]
    Mark.objects.bulk_create(rows)
    Attendance.objects.bulk_create([Attendance(lesson=lessons[0], student=s, status="absent") for s in more])
    services.final_mark_set(
        acting_user=cast.teacher,
        class_subject=jw.class_subject,
        student=more[0],
        period=jw.period2,
        status="mark",
        value=4,
    )
    response = client.get(url)
    many = count_queries(lambda: client.get(url))
    assert few == many <= 10
    text = response.content.decode()
    assert text.count("<tr") == 31  # header + 30 students
    # each row names its student and each column header its lesson once; a cell is labelled by both
    assert text.count('<tr data-student="') == 30 and text.count(' data-lesson="') == 45
    assert text.count("<input data-grid-cell") == 30 * 45 and 'aria-labelledby="gs29 gl44"' in text
    assert 'value="н 7"' in text and 'value="7"' in text and '<td class="final">4</td>' in text


def test_keyboard_entry_sets_the_cell_exactly_and_refuses_nonsense(cast, jw, login):
    """covers JRN-3"""
    client = login(cast.teacher)
    url = reverse("journal:grid_cell", args=[jw.subgroup.pk])
    child = jw.students[0]
    r = client.post(url, {"lesson": jw.lesson.pk, "student": child.pk, "text": " 8 7 15/20 "})
    assert r.json() == {"text": "8 7 СОР 15/20"}
    r = client.post(url, {"lesson": jw.lesson.pk, "student": child.pk, "text": "н"})
    assert r.json() == {"text": "н"}
    assert not Mark.objects.exists()
    assert Attendance.objects.get().status == "absent"
    r = client.post(url, {"lesson": jw.lesson.pk, "student": child.pk, "text": "12"})
    assert "вне шкалы" in r.json()["error"]
    r = client.post(url, {"lesson": jw.lesson.pk, "student": child.pk, "text": "<b>"})
    assert r.json()["error"] == "Не понятно: <b>"
    assert not Mark.objects.exists()
    r = client.post(url, {"lesson": jw.other_lesson.pk, "student": child.pk, "text": "8"})
    assert r.status_code == 404


def test_journal_pages_exist_for_every_subgroup_the_user_may_read(cast, jw, login):
    """covers JRN-3"""
    text = login(cast.teacher).get(reverse("journal:journals")).content.decode()
    assert reverse("journal:grid", args=[jw.subgroup.pk]) in text
    director = login(cast.director).get(reverse("journal:journals")).content.decode()
    assert reverse("journal:grid", args=[jw.subgroup.pk]) in director
    assert reverse("journal:grid", args=[jw.other_subgroup.pk]) not in director


def test_final_marks_are_proposed_by_the_kz_rule_confirmed_or_overridden_with_a_reason(cast, jw, login):
    """covers JRN-4: DOMAIN 2.3's vector through the page"""
    child = jw.students[0]
    lessons = _lessons(jw, 8)
    for i, v in enumerate([8, 7, 9, 6, 10]):
        Mark.objects.create(lesson=lessons[i], student=child, kind="fo", value=v)
    Mark.objects.create(lesson=lessons[5], student=child, kind="sor", value=15, max_points=20)
    Mark.objects.create(lesson=lessons[6], student=child, kind="sor", value=9, max_points=15)
    Mark.objects.create(lesson=lessons[7], student=child, kind="soch", value=17, max_points=25)
    client = login(cast.teacher)
    url = reverse("journal:finals", args=[jw.subgroup.pk]) + f"?period={jw.period2.pk}"
    text = client.get(url).content.decode()
    assert "71,14" in text or "71.14" in text
    # an override without a reason is refused
    r = client.post(
        url, {"period": jw.period2.pk, "student": child.pk, "status": "mark", "value": 5}, follow=True
    )
    assert "укажите причину" in r.content.decode()
    assert not FinalMark.objects.exists()
    client.post(
        url,
        {"period": jw.period2.pk, "student": child.pk, "status": "mark", "value": 5, "reason": "Олимпиада"},
    )
    final = FinalMark.objects.get()
    assert (final.value, final.proposed, final.reason) == (5, 4, "Олимпиада")
    client.post(url, {"period": jw.period2.pk, "student": jw.students[1].pk, "status": "na"})
    client.post(url, {"period": jw.period2.pk, "student": jw.students[2].pk, "status": "exempt"})
    assert sorted(FinalMark.objects.values_list("status", flat=True)) == ["exempt", "mark", "na"]


def test_the_year_mark_is_the_half_up_mean_of_the_quarters(cast, jw, login):
    """covers JRN-4: 3, 2, 3, 2 -> 3"""
    from core.models import Period

    child = jw.students[0]
    p3 = Period.objects.create(
        academic_year=cast.year_a, name="3", start=datetime.date(2027, 1, 8), end=datetime.date(2027, 3, 18)
    )
    p4 = Period.objects.create(
        academic_year=cast.year_a, name="4", start=datetime.date(2027, 3, 30), end=datetime.date(2027, 5, 25)
    )
    for period, value in zip([jw.period1, jw.period2, p3, p4], [3, 2, 3, 2], strict=True):
        FinalMark.objects.create(
            school=cast.school_a,
            class_subject=jw.class_subject,
            student=child,
            period=period,
            value=value,
            confirmed_by=cast.teacher,
        )
    client = login(cast.teacher)
    url = reverse("journal:finals", args=[jw.subgroup.pk]) + "?period=year"
    client.post(url, {"period": "year", "confirm_all": "1"})
    assert FinalMark.objects.get(student=child, period=None).value == 3


def test_a_closed_periods_final_mark_changes_only_through_the_deputy(cast, jw, login):
    """covers JRN-4"""
    child = jw.students[0]
    services.period_close(acting_user=cast.deputy_director, period=jw.period2)
    url = reverse("journal:finals", args=[jw.subgroup.pk]) + f"?period={jw.period2.pk}"
    login(cast.teacher).post(
        url, {"period": jw.period2.pk, "student": child.pk, "status": "mark", "value": 4}
    )
    assert not FinalMark.objects.exists()
    client = login(cast.deputy_director)
    client.post(
        url,
        {"period": jw.period2.pk, "student": child.pk, "status": "mark", "value": 4, "reason": "Апелляция"},
    )
    assert FinalMark.objects.get().value == 4


def test_the_diary_shows_only_ones_own_child_a_week_at_a_time(cast, jw, login):
    """covers JRN-6"""
    child = jw.students[0]
    services.mark_set(acting_user=cast.teacher, lesson=jw.lesson, student=child, kind="fo", value=9)
    services.attendance_set(
        acting_user=cast.teacher, lesson=jw.lesson, student=jw.students[1], status="absent"
    )
    services.lesson_describe(acting_user=cast.teacher, lesson=jw.lesson, topic="Дроби", homework="№5")
    text = login(cast.parent).get(reverse("journal:diary")).content.decode()
    assert "Дроби" in text and "№5" in text and ">9</span>" in text
    assert "отсутствовал" not in text  # the classmate's absence is not the parent's business
    other = login(cast.parent).get(reverse("journal:diary"), {"student": jw.students[1].pk}).content.decode()
    assert jw.students[1].person.full_name not in other or child.person.full_name in other


def test_reports_show_the_same_figures_on_screen_in_xlsx_and_pdf(cast, jw, login):
    """covers JRN-5"""
    from openpyxl import load_workbook
    from pypdf import PdfReader

    for s, v in zip(jw.students, [5, 4, 2], strict=True):
        FinalMark.objects.create(
            school=cast.school_a,
            class_subject=jw.class_subject,
            student=s,
            period=jw.period2,
            value=v,
            confirmed_by=cast.teacher,
        )
    client = login(cast.director)
    url = reverse("journal:report", args=["performance"])
    text = client.get(url, {"period": jw.period2.pk}).content.decode()
    assert "<td>66.67</td>" in text or "<td>66,67</td>" in text
    xlsx = client.get(url, {"period": jw.period2.pk, "export": "xlsx"})
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for c in list(ws.rows)[2]]
    assert values[:5] == ["5 А", "Математика", "2 четверть", 3, 1]
    pdf = client.get(url, {"period": jw.period2.pk, "export": "pdf"})
    assert "Математика" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    for slug in (
        "student-marks",
        "class-attendance",
        "finals",
        "teacher-performance",
        "teachers-finals",
        "year-summary",
        "journal-keeping",
        "substitutions",
    ):
        assert client.get(reverse("journal:report", args=[slug])).status_code == 200, slug


def test_journal_keeping_counts_lessons_without_attendance_and_topic(cast, jw, login):
    """covers JRN-7"""
    from journal.reports import Filters, journal_keeping

    past = make_lesson(jw.subgroup, jw.period2, jw.lesson.date - datetime.timedelta(days=1), number=4)
    services.lesson_describe(acting_user=cast.teacher, lesson=past, topic="Тема", homework="")
    headers, rows = journal_keeping(Filters(school=cast.school_a, year=cast.year_a, period=jw.period2))
    assert rows == [[cast.teacher.person.full_name, 2, 2, 1, 0, 0]]
