"""Planning pages: what each shows, bad input answered with a message and nothing saved, and query counts
that do not grow with the number of classes."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from planning import services
from planning.models import ClassSubject, Subgroup, TimetableLesson, WeekLoad
from tests.planning.factories import draft, plan, school_class, subject

pytestmark = pytest.mark.django_db


def test_the_overview_groups_classes_by_parallel_and_flags_missing_curricula(cast, login):
    """covers PLN-2"""
    ns = plan(cast)
    empty = school_class(cast, students=2, parallel=7)
    page = login(cast.deputy_director).get(reverse("planning:overview")).content.decode()
    assert "Parallel 5" in page or "5" in page
    assert ns.school_class.name in page and empty.name in page
    assert page.count('data-testid="class-card"') == 2
    assert "нет учебного плана" in page


def test_the_rup_page_shows_the_empty_state_in_russian(cast, login):
    """covers PLN-3"""
    ns = plan(cast)
    empty = school_class(cast, students=1)
    client = login(cast.deputy_director)
    cast.deputy_director.language = "ru"
    cast.deputy_director.save()
    page = client.get(reverse("planning:class_rup", args=[empty.pk])).content.decode()
    assert "Нет предметов. Пожалуйста, добавьте предметы." in page
    page = client.get(reverse("planning:class_rup", args=[ns.school_class.pk])).content.decode()
    assert "За год:" in page and "ч." in page


@pytest.mark.parametrize("hours", ["0", "-2", "99", "", "  "])
def test_bad_hours_on_the_rup_page_are_a_message_and_nothing_is_saved(cast, login, hours):
    """covers PLN-3"""
    ns = plan(cast)
    before = ClassSubject.objects.count()
    response = login(cast.deputy_director).post(
        reverse("planning:class_rup", args=[ns.school_class.pk]),
        {"subject": subject("Физика").pk, "weekly_hours": hours, "kind": "lesson"},
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode() or "alert" in response.content.decode()
    assert ClassSubject.objects.count() == before


def test_a_subject_of_another_school_cannot_be_chosen(cast, login):
    """covers PLN-3 (DESIGN rule 3)"""
    ns = plan(cast)
    foreign = subject("Факультатив").__class__.objects.create(
        school=cast.school_b, name_ru="Чужой предмет", name_kk="Чужой", name_en="Foreign"
    )
    response = login(cast.deputy_director).post(
        reverse("planning:class_rup", args=[ns.school_class.pk]),
        {"subject": foreign.pk, "weekly_hours": "2", "kind": "lesson"},
    )
    assert (
        "Select a valid choice" in response.content.decode()
        or "Выберите корректный" in response.content.decode()
    )
    assert not ClassSubject.objects.filter(subject=foreign).exists()


def test_copy_then_paste_a_curriculum_through_the_pages(cast, login):
    """covers PLN-5"""
    ns = plan(cast)
    target = school_class(cast, students=1)
    client = login(cast.deputy_director)
    client.post(reverse("planning:copy", args=[ns.school_class.pk]))
    page = client.get(reverse("planning:paste", args=[target.pk])).content.decode()
    assert "Математика" in page and "Английский язык" in page
    client.post(reverse("planning:paste", args=[target.pk]), {"subjects": [str(ns.eng.subject_id)]})
    assert list(ClassSubject.objects.filter(school_class=target).values_list("subject_id", flat=True)) == [
        ns.eng.subject_id
    ]


def test_the_subgroup_form_refuses_a_subgroup_without_a_teacher(cast, login):
    """covers PLN-6"""
    ns = plan(cast)
    response = login(cast.deputy_director).post(
        reverse("planning:subgroups", args=[ns.eng.pk]),
        {"kind": "two", "lesson_minutes": "45", "teacher_1": ns.other.pk, "teacher_2": ""},
    )
    assert response.status_code == 200
    assert "Выберите учителя подгруппы 2." in response.content.decode()
    assert Subgroup.objects.filter(class_subject=ns.eng).count() == 1


def test_a_gup_that_does_not_add_up_is_refused_with_the_difference(cast, login):
    """covers PLN-6"""
    ns = plan(cast)
    weeks = services.week_loads_default(ns.math_group)
    data = {f"week_{m:%Y-%m-%d}": str(h) for _p, m, h in weeks}
    data[f"week_{weeks[0][1]:%Y-%m-%d}"] = "5"
    response = login(cast.deputy_director).post(
        reverse("planning:gup", args=[ns.math_group.pk]), data, follow=True
    )
    assert "на 2 ч больше" in response.content.decode()
    assert not WeekLoad.objects.exists()


def test_the_clash_message_reaches_the_deputy_when_a_lesson_is_moved(cast, login):
    """covers PLN-8"""
    ns = plan(cast)
    tt = draft(cast)
    services.lesson_place(
        acting_user=cast.director, timetable=tt, subgroup=ns.math_group, weekday=1, number=1
    )
    eng = services.lesson_place(
        acting_user=cast.director, timetable=tt, subgroup=ns.eng_group, weekday=1, number=2
    )
    response = login(cast.deputy_director).post(
        reverse("planning:lesson_edit", args=[eng.pk]), {"weekday": "1", "number": "1", "room": ""}
    )
    assert "уже есть" in response.content.decode()
    eng.refresh_from_db()
    assert eng.number == 2


def test_the_teacher_sees_her_lessons_by_date_with_holidays(cast, login):
    """covers PLN-8"""
    ns = plan(cast, publish=True)
    client = login(cast.teacher)
    page = client.get(reverse("planning:my_schedule") + "?date=2026-09-07").content.decode()
    assert "Математика" in page and "08:00" in page and "Английский язык" not in page
    from planning.models import Holiday

    Holiday.objects.create(
        school=cast.school_a,
        date=datetime.date(2026, 9, 8),
        end_date=datetime.date(2026, 9, 8),
        name="День методиста",
    )
    page = client.get(reverse("planning:my_schedule") + "?date=2026-09-08").content.decode()
    assert "День методиста" in page and ns.math.subject.name_en not in page


def test_the_teaching_load_export_cells_equal_the_html(cast, login):
    """covers PLN-7"""
    plan(cast)
    client = login(cast.deputy_director)
    page = client.get(reverse("planning:report_load_summary")).content.decode()
    assert str(cast.teacher.person.full_name) in page
    response = client.get(reverse("planning:report_load_summary") + "?export=xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    row = next(r for r in values if r and r[0] == cast.teacher.person.full_name)
    assert row[4] == 3  # hours a week
    pdf = client.get(reverse("planning:report_rup") + "?export=pdf")
    assert pdf["Content-Type"] == "application/pdf"


def _many_classes(cast, n):
    ns = plan(cast, publish=True)
    for _i in range(n - 1):
        sc = school_class(cast, students=1)
        line = services.class_subject_add(
            acting_user=cast.director,
            school_class=sc,
            year=cast.year_a,
            subject=ns.math.subject,
            weekly_hours=2,
        )
        line.subgroups.update(teacher=ns.other)
        TimetableLesson.objects.create(
            timetable=ns.timetable, subgroup=line.subgroups.get(), weekday=5, number=1 + _i % 7, teacher=None
        )
    return ns


@pytest.mark.parametrize(
    "url_name",
    ["planning:overview", "planning:report_load", "planning:report_load_summary", "planning:report_rup"],
)
def test_lists_run_the_same_number_of_queries_for_1_and_30_classes(cast, login, count_queries, url_name):
    """covers PLN-2, PLN-7"""
    ns = plan(cast, publish=True)
    client = login(cast.deputy_director)
    url = reverse(url_name)
    client.get(url)
    one = count_queries(lambda: client.get(url))
    _many_classes(cast, 30)
    many = count_queries(lambda: client.get(url))
    assert one == many, f"{url_name}: {one} queries for 1 class, {many} for 30"
    assert ns


def test_the_rup_page_and_the_timetable_week_do_not_grow_with_the_school(cast, login, count_queries):
    """covers PLN-3, PLN-8"""
    ns = plan(cast, publish=True)
    client = login(cast.deputy_director)
    rup = reverse("planning:class_rup", args=[ns.school_class.pk])
    week = (
        reverse("planning:timetable_detail", args=[ns.timetable.pk]) + f"?view=class&id={ns.school_class.pk}"
    )
    client.get(rup), client.get(week)
    before = (count_queries(lambda: client.get(rup)), count_queries(lambda: client.get(week)))
    _many_classes(cast, 30)
    after = (count_queries(lambda: client.get(rup)), count_queries(lambda: client.get(week)))
    assert before == after


def test_the_absence_row_of_a_personal_file_links_to_the_lessons_of_that_period(cast, login):
    """covers STF-5, PLN-8: "Показать наличие занятий / уроков" leads from the staff file to planning's
    page of the absent teacher's lessons, for those who may open it only"""
    from tests.planning.factories import absence

    leave = absence(cast)
    target = reverse("planning:absence_lessons", args=[leave.pk])
    file_url = reverse("staff:employee_detail", args=[leave.employee.pk]) + "?tab=absences"
    page = login(cast.hr_officer).get(file_url).content.decode()
    assert target in page
    assert login(cast.hr_officer).get(target).status_code == 200
    own = login(cast.teacher).get(file_url)
    assert target not in own.content.decode()


def test_the_leave_form_shows_the_lessons_on_the_dates_typed(cast, login):
    """covers STF-5, PLN-8: "Показать наличие занятий / уроков" on the leave and sick-leave forms asks
    planning (htmx) for the teacher's lessons on the dates typed, before anything is registered; bad
    dates are a message"""
    ns = plan(cast, publish=True)
    lessons_url = reverse("planning:teacher_lessons", args=[ns.teacher.pk])
    client = login(cast.hr_officer)
    for name in ("staff:leave", "staff:sick_leave"):
        form = client.get(reverse(name, args=[ns.teacher.pk])).content.decode()
        assert lessons_url in form and "hx-include=\"[name='start'],[name='end']\"" in form
        assert "Показать наличие занятий / уроков" in form
    # Monday 7 to Wednesday 9 September 2026: mathematics on Monday, Tuesday, Wednesday at lesson 1
    part = client.get(lessons_url, {"start": "2026-09-07", "end": "2026-09-09"}, HTTP_HX_REQUEST="true")
    page = part.content.decode()
    assert page.count("<tr>") == 1 + 3 and "07.09.2026" in page and "09.09.2026" in page
    assert "Математика" in page and "Английский язык" not in page
    assert "<html" not in page  # a fragment for the form
    wrong = client.get(lessons_url, {"start": "2026-09-09", "end": "2026-09-07"}).content.decode()
    assert "Последний день раньше первого." in wrong
    empty = client.get(lessons_url, {"start": "", "end": ""}).content.decode()
    assert "Укажите первый день отсутствия." in empty
    from staff.models import Absence

    assert not Absence.objects.filter(employee=ns.teacher).exists()


def test_a_teacher_in_both_shifts_sees_each_shifts_lessons_on_its_bells(cast, login):
    """covers PLN-8: the teacher's week shows lesson 1 of the first shift at 08:00 and lesson 1 of the
    second shift at 14:00 on separate rows"""
    from planning.models import Bell, BellSchedule

    ns = plan(cast)
    late = school_class(cast, students=1, shift=2)
    schedule = BellSchedule.objects.create(school=cast.school_a, name="Смена 2", shift=2)
    Bell.objects.create(schedule=schedule, number=1, starts=datetime.time(14, 0), ends=datetime.time(14, 45))
    line = services.class_subject_add(
        acting_user=cast.director,
        school_class=late,
        year=cast.year_a,
        subject=ns.math.subject,
        weekly_hours=1,
    )
    line.subgroups.update(teacher=ns.teacher)
    tt = draft(cast)
    for group in (ns.math_group, line.subgroups.get()):
        services.lesson_place(acting_user=cast.director, timetable=tt, subgroup=group, weekday=1, number=1)
    url = reverse("planning:timetable_detail", args=[tt.pk]) + f"?view=teacher&id={ns.teacher.pk}"
    page = login(cast.deputy_director).get(url).content.decode()
    assert "1 (1 смена)" in page and "1 (2 смена)" in page
    assert "08:00" in page and "14:00" in page
