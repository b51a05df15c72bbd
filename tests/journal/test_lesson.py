"""The teacher's day and the lesson page: taps, marks, bad input, query counts (JRN-1, JRN-2, JRN-7)."""

import datetime

import pytest
from django.urls import reverse

from journal import services
from journal.models import Attendance, Mark
from tests.journal.conftest import add_students, make_lesson

pytestmark = pytest.mark.django_db


def test_the_teacher_sees_her_lessons_of_the_day_with_time_and_class(cast, jw, login):
    """covers JRN-1"""
    response = login(cast.teacher).get(reverse("journal:day"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Математика, 5 А" in text and "08:30" in text
    assert reverse("journal:lesson", args=[jw.lesson.pk]) in text


def test_a_substitute_lesson_is_in_the_substitutes_day_and_marked(cast, jw, login):
    """covers JRN-1"""
    sub = jw.contingent.class_a.class_teacher
    make_lesson(jw.subgroup, jw.period2, jw.lesson.date, number=3, teacher=sub, is_substitute=True)
    text = login(cast.class_teacher).get(reverse("journal:day")).content.decode()
    assert ">3</span>" in text and "badge text-bg-warning" in text


def test_a_substitutes_lesson_page_offers_no_journal_page_that_is_not_hers(cast, jw, login):
    """covers JRN-3: the substitute keeps the lesson; the subgroup's journal page answers her 404, so
    the lesson page does not link to it"""
    from tests.factories import EmployeeFactory, RoleFactory, UserFactory

    colleague = EmployeeFactory(school=cast.school_a)
    user = UserFactory(username="substitute", person=colleague.person)
    RoleFactory(user=user, role="teacher", school=cast.school_a)
    lesson = make_lesson(
        jw.subgroup, jw.period2, jw.lesson.date, number=3, teacher=colleague, is_substitute=True
    )
    client = login(user)
    page = client.get(reverse("journal:lesson", args=[lesson.pk])).content.decode()
    assert "3. Математика, 5 А" in page and "badge text-bg-warning" in page
    assert reverse("journal:grid", args=[jw.subgroup.pk]) not in page
    assert client.get(reverse("journal:grid", args=[jw.subgroup.pk])).status_code == 404
    own = login(cast.teacher).get(reverse("journal:lesson", args=[lesson.pk])).content.decode()
    assert f'<a href="/journal/journals/{jw.subgroup.pk}/?period={jw.period2.pk}">Журнал</a>' in own


def test_the_lesson_page_has_the_seed_header_and_moves_a_student_with_one_tap(cast, jw, login):
    """covers JRN-2"""
    client = login(cast.teacher)
    url = reverse("journal:lesson", args=[jw.lesson.pk])
    text = client.get(url).content.decode()
    assert (
        "Присутствующие: <span data-present-count>3</span> из <span data-total-count>3</span> в 5 А" in text
    )
    # the day and the journal page above, the title, time and teacher, the picker of the school's kinds
    assert f'<a href="/journal/?date={jw.lesson.date:%Y-%m-%d}">' in text
    assert f'<a href="/journal/journals/{jw.subgroup.pk}/?period={jw.period2.pk}">Журнал</a>' in text
    assert '<h1 class="h5 mb-1">1. Математика, 5 А</h1>' in text
    assert f"08:30–09:15 · {jw.teacher.person.short_name}" in text
    assert 'data-picker-panel="fo"' in text and 'data-picker-value="10"' in text and 'value="25"' in text
    child = jw.students[0]
    response = client.post(
        reverse("journal:attendance", args=[jw.lesson.pk]),
        {"student": child.pk, "status": "absent"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "<span data-present-count>2</span>" in body
        and "Отсутствующие: <span data-absent-count>1</span>" in body
    )
    assert Attendance.objects.get(lesson=jw.lesson, student=child).status == "absent"
    client.post(
        reverse("journal:attendance", args=[jw.lesson.pk]),
        {"student": child.pk, "status": "absent", "reason": "illness"},
        HTTP_HX_REQUEST="true",
    )
    assert Attendance.objects.get(lesson=jw.lesson, student=child).reason == "illness"
    client.post(
        reverse("journal:attendance", args=[jw.lesson.pk]),
        {"student": child.pk, "status": "late"},
        HTTP_HX_REQUEST="true",
    )
    row = Attendance.objects.get(lesson=jw.lesson, student=child)
    assert (row.status, row.reason) == ("late", "")
    assert "journal-late" in client.get(url).content.decode()
    jw.lesson.refresh_from_db()
    assert jw.lesson.attendance_taken_at is not None


def test_marks_of_the_schools_kinds_can_be_set_changed_and_deleted(cast, jw, login):
    """covers JRN-2"""
    client = login(cast.teacher)
    url = reverse("journal:mark", args=[jw.lesson.pk])
    child = jw.students[0]
    client.post(url, {"student": child.pk, "kind": "fo", "slot": 1, "value": 8}, HTTP_HX_REQUEST="true")
    client.post(url, {"student": child.pk, "kind": "fo", "slot": 2, "value": 7}, HTTP_HX_REQUEST="true")
    client.post(
        url,
        {"student": child.pk, "kind": "sor", "slot": 1, "value": 15, "max_points": 20},
        HTTP_HX_REQUEST="true",
    )
    assert sorted(Mark.objects.values_list("kind", "slot", "value")) == [
        ("fo", 1, 8),
        ("fo", 2, 7),
        ("sor", 1, 15),
    ]
    client.post(url, {"student": child.pk, "kind": "fo", "slot": 1, "value": 9}, HTTP_HX_REQUEST="true")
    client.post(
        url, {"student": child.pk, "kind": "fo", "slot": 2, "action": "delete"}, HTTP_HX_REQUEST="true"
    )
    assert sorted(Mark.objects.values_list("kind", "slot", "value")) == [("fo", 1, 9), ("sor", 1, 15)]
    assert "СОР 15/20" in client.get(reverse("journal:lesson", args=[jw.lesson.pk])).content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "fo", "value": 11}, "Оценка вне шкалы"),
        ({"kind": "fo", "value": 0}, "Оценка вне шкалы"),
        ({"kind": "fo", "value": "  "}, "Оценка вне шкалы"),
        ({"kind": "fo", "value": "<script>"}, "Оценка вне шкалы"),
        ({"kind": "sor", "value": 21, "max_points": 20}, "от 0 до 20"),
        ({"kind": "current", "value": 5}, "не использует"),
    ],
)
def test_a_mark_outside_the_scale_is_refused_with_a_message_and_nothing_saved(cast, jw, login, data, message):
    """covers JRN-2"""
    response = login(cast.teacher).post(
        reverse("journal:mark", args=[jw.lesson.pk]),
        {"student": jw.students[0].pk, **data},
        HTTP_HX_REQUEST="true",
    )
    assert message in response.content.decode()
    assert not Mark.objects.exists()


def test_a_student_outside_the_subgroup_or_exempt_gets_no_mark(cast, jw, login):
    """covers JRN-2"""
    from journal.models import Exemption

    client = login(cast.teacher)
    url = reverse("journal:mark", args=[jw.lesson.pk])
    outsider = jw.contingent.other  # 5 Б
    text = client.post(
        url, {"student": outsider.pk, "kind": "fo", "value": 8}, HTTP_HX_REQUEST="true"
    ).content
    assert "не учится в этой подгруппе" in text.decode()
    child = jw.students[0]
    Exemption.objects.create(
        school=cast.school_a,
        student=child,
        subject=jw.subject,
        starts=jw.period2.start,
        ends=jw.period2.end,
        reason="справка",
    )
    text = client.post(url, {"student": child.pk, "kind": "fo", "value": 8}, HTTP_HX_REQUEST="true").content
    assert "освобожд" in text.decode()
    assert not Mark.objects.exists()


def test_forged_ids_of_another_school_are_a_404(cast, jw, login):
    """covers JRN-2"""
    client = login(cast.teacher)
    assert (
        client.post(
            reverse("journal:mark", args=[jw.lesson.pk]),
            {"student": jw.other_student.pk, "kind": "fo", "value": 8},
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("journal:mark", args=[jw.other_lesson.pk]),
            {"student": jw.other_student.pk, "kind": "fo", "value": 8},
        ).status_code
        == 404
    )
    assert client.get(reverse("journal:lesson", args=[jw.other_lesson.pk])).status_code == 404
    assert not Mark.objects.exists()


def test_a_lesson_in_a_closed_period_changes_only_through_the_deputy_with_a_reason(cast, jw, login):
    """covers JRN-4"""
    services.period_close(acting_user=cast.deputy_director, period=jw.period2)
    child = jw.students[0]
    text = (
        login(cast.teacher)
        .post(
            reverse("journal:mark", args=[jw.lesson.pk]),
            {"student": child.pk, "kind": "fo", "value": 8},
            HTTP_HX_REQUEST="true",
        )
        .content
    )
    assert "Период закрыт" in text.decode()
    assert not Mark.objects.exists()
    deputy = login(cast.deputy_director)
    text = deputy.post(
        reverse("journal:mark", args=[jw.lesson.pk]),
        {"student": child.pk, "kind": "fo", "value": 8},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "укажите причину" in text.lower()
    deputy.post(
        reverse("journal:mark", args=[jw.lesson.pk]),
        {"student": child.pk, "kind": "fo", "value": 8, "change_reason": "Ошибка учителя"},
        HTTP_HX_REQUEST="true",
    )
    assert Mark.objects.get().value == 8


def test_grade_1_gets_no_marks_but_attendance(cast, jw, login):
    """covers JRN-4"""
    school_class = jw.class_subject.school_class
    school_class.parallel = 1
    school_class.save()
    client = login(cast.teacher)
    text = client.post(
        reverse("journal:mark", args=[jw.lesson.pk]),
        {"student": jw.students[0].pk, "kind": "fo", "value": 8},
        HTTP_HX_REQUEST="true",
    ).content
    assert "1 класс" in text.decode() or "1-й класс" in text.decode() or "отметок не ставят" in text.decode()
    assert not Mark.objects.exists()
    client.post(
        reverse("journal:attendance", args=[jw.lesson.pk]),
        {"student": jw.students[0].pk, "status": "absent"},
        HTTP_HX_REQUEST="true",
    )
    assert Attendance.objects.count() == 1


def test_another_teacher_cannot_keep_the_lesson(cast, jw, login):
    """covers JRN-2"""
    response = login(cast.class_teacher).post(
        reverse("journal:mark", args=[jw.lesson.pk]), {"student": jw.students[0].pk, "kind": "fo", "value": 8}
    )
    # the class teacher of 5 А reads her class's lessons but does not keep another teacher's lesson
    assert response.status_code == 302
    assert not Mark.objects.exists()


def test_the_lesson_page_runs_the_same_small_number_of_queries_for_1_and_30_students(
    cast, jw, login, count_queries
):
    """covers JRN-2"""
    client = login(cast.teacher)
    url = reverse("journal:lesson", args=[jw.lesson.pk])
    services.mark_set(acting_user=cast.teacher, lesson=jw.lesson, student=jw.students[0], kind="fo", value=8)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    more = add_students(jw.class_subject.school_class, 27, cast.secretary)
    for s in more:
        services.mark_set(acting_user=cast.teacher, lesson=jw.lesson, student=s, kind="fo", value=7)
        services.attendance_set(acting_user=cast.teacher, lesson=jw.lesson, student=s, status="late")
    many = count_queries(lambda: client.get(url))
    assert few == many
    assert many <= 10
    tap = count_queries(
        lambda: client.post(
            reverse("journal:attendance", args=[jw.lesson.pk]),
            {"student": more[0].pk, "status": "absent"},
            HTTP_HX_REQUEST="true",
        )
    )
    assert tap <= 10


def test_topic_from_the_ktp_and_homework_with_a_file(cast, jw, login):
    """covers JRN-2"""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from planning.models import KtpTopic

    topic = KtpTopic.objects.create(
        subgroup=jw.subgroup, period=jw.period2, position=1, title="Дроби", hours=1
    )
    client = login(cast.teacher)
    url = reverse("journal:lesson", args=[jw.lesson.pk])
    assert "1. Дроби" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "ktp_topic": topic.pk,
            "topic": "",
            "homework": "  №12, 14  ",
            "homework_file": SimpleUploadedFile("hw.pdf", b"%PDF-1.4 test"),
        },
    )
    assert response.status_code == 302
    jw.lesson.refresh_from_db()
    assert (jw.lesson.topic, jw.lesson.homework) == ("Дроби", "№12, 14")
    assert jw.lesson.homework_file
    assert client.get(reverse("journal:homework_file", args=[jw.lesson.pk])).status_code == 200
    page = client.get(url).content.decode()
    assert f'<option value="{topic.pk}" selected>1. Дроби</option>' in page
    assert 'id="id_homework">\n№12, 14</textarea>' in page
    bad = client.post(
        url, {"topic": "", "homework": "x", "homework_file": SimpleUploadedFile("a.exe", b"MZ")}
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    # the refusal beside its field and the lesson's need of a topic above the form, the typed text kept
    assert 'class="form-control is-invalid" accept=".pdf,.jpg,.jpeg,.png" id="id_homework_file">' in text
    assert 'id="error_1_id_homework_file" class="invalid-feedback"' in text
    assert 'id="id_homework">\nx</textarea>' in text


def test_the_topic_field_offers_the_ktp_in_order_escaped_and_of_its_own_subgroup_and_period(cast, jw, login):
    """covers JRN-2: the КТП topics come with the lesson's own statement"""
    from planning.models import KtpTopic

    later = KtpTopic.objects.create(
        subgroup=jw.subgroup, period=jw.period2, position=2, title="<b>Проценты</b>", hours=1
    )
    first = KtpTopic.objects.create(
        subgroup=jw.subgroup, period=jw.period2, position=1, title="Дроби", hours=1
    )
    KtpTopic.objects.create(
        subgroup=jw.subgroup, period=jw.period1, position=1, title="Другая четверть", hours=1
    )
    page = login(cast.teacher).get(reverse("journal:lesson", args=[jw.lesson.pk])).content.decode()
    assert (
        f'<option value="" selected>---------</option><option value="{first.pk}">1. Дроби</option>'
        f'<option value="{later.pk}">2. &lt;b&gt;Проценты&lt;/b&gt;</option></select>'
    ) in page
    assert "Другая четверть" not in page


def test_a_topic_of_another_period_is_refused_and_nothing_saved(cast, jw, login):
    """covers JRN-2: the chosen КТП topic must be of the lesson's subgroup and period"""
    from planning.models import KtpTopic

    other = KtpTopic.objects.create(
        subgroup=jw.subgroup, period=jw.period1, position=1, title="Чужая", hours=1
    )
    url = reverse("journal:lesson", args=[jw.lesson.pk])
    response = login(cast.teacher).post(url, {"ktp_topic": other.pk, "topic": "", "homework": "№1"})
    assert response.status_code == 400
    assert 'id="error_1_id_ktp_topic"' in response.content.decode()
    jw.lesson.refresh_from_db()
    assert (jw.lesson.ktp_topic_id, jw.lesson.homework) == (None, "")


def test_the_cell_history_shows_who_when_old_and_new(cast, jw, login):
    """covers JRN-7"""
    child = jw.students[0]
    services.mark_set(acting_user=cast.teacher, lesson=jw.lesson, student=child, kind="fo", value=6)
    services.mark_set(acting_user=cast.teacher, lesson=jw.lesson, student=child, kind="fo", value=9)
    services.attendance_set(acting_user=cast.teacher, lesson=jw.lesson, student=child, status="late")
    services.mark_delete(acting_user=cast.teacher, lesson=jw.lesson, student=child, kind="fo")
    response = login(cast.teacher).get(reverse("journal:cell_history", args=[jw.lesson.pk, child.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count("<tr>") >= 5
    assert "<td>6</td><td>9</td>" in text and "<td>9</td><td>—</td>" in text
    assert cast.teacher.person.full_name in text


def test_a_date_in_the_past_shows_that_days_lessons(cast, jw, login):
    """covers JRN-1"""
    day = jw.lesson.date - datetime.timedelta(days=1)
    make_lesson(jw.subgroup, jw.period2, day, number=2)
    text = login(cast.teacher).get(reverse("journal:day"), {"date": day.isoformat()}).content.decode()
    assert "Математика" in text


def test_a_tap_answers_the_students_row_and_the_headers_in_the_same_few_queries_for_3_and_30(
    cast, jw, login, count_queries
):
    """covers JRN-2"""
    client = login(cast.teacher)
    url = reverse("journal:attendance", args=[jw.lesson.pk])
    child, other = jw.students[0], jw.students[1]
    client.get(reverse("journal:lesson", args=[jw.lesson.pk]))
    few = count_queries(
        lambda: client.post(url, {"student": child.pk, "status": "absent"}, HTTP_HX_REQUEST="true")
    )
    response = client.post(url, {"student": child.pk, "status": "present"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response["X-Journal-Roster"] == "1"
    assert f'id="jr-{child.pk}"' in body and f'data-student="{other.pk}"' not in body
    assert 'id="journal-present-head"' in body and 'id="journal-absent-head"' in body
    assert "<span data-present-count>3</span>" in body and "<html" not in body
    more = add_students(jw.class_subject.school_class, 27, cast.secretary)
    for s in more[:5]:
        services.attendance_set(acting_user=cast.teacher, lesson=jw.lesson, student=s, status="absent")
    many = count_queries(
        lambda: client.post(url, {"student": child.pk, "status": "absent"}, HTTP_HX_REQUEST="true")
    )
    body = client.post(url, {"student": child.pk, "status": "late"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<span data-present-count>25</span> из <span data-total-count>30</span>" in body
    assert "Отсутствующие: <span data-absent-count>5</span>" in body
    assert few == many
    assert many <= 10


def test_each_attendance_change_keeps_its_history_and_a_repeated_tap_adds_none(cast, jw, login):
    """covers JRN-2, JRN-7"""
    from journal.models import AttendanceEvent

    client = login(cast.teacher)
    url = reverse("journal:attendance", args=[jw.lesson.pk])
    child = jw.students[0]
    for status in ("absent", "absent", "late"):
        client.post(url, {"student": child.pk, "status": status}, HTTP_HX_REQUEST="true")
    client.post(url, {"student": child.pk, "status": "absent", "reason": "illness"}, HTTP_HX_REQUEST="true")
    events = list(
        AttendanceEvent.objects.filter(lesson_id=jw.lesson.pk, student_id=child.pk)
        .select_related("pgh_context")
        .order_by("pgh_id")
    )
    assert [(e.pgh_label, e.status, e.reason) for e in events] == [
        ("insert", "absent", ""),
        ("update", "late", ""),
        ("update", "absent", "illness"),
    ]
    assert all(e.pgh_context.metadata["user"] == cast.teacher.pk for e in events)
    assert Attendance.objects.filter(lesson=jw.lesson, student=child).count() == 1


def test_a_tap_on_a_lesson_cancelled_since_it_was_read_saves_nothing(cast, jw):
    """covers JRN-2"""
    from core.services import OperationError
    from journal.models import Lesson

    stale = Lesson.objects.select_related("period", "subgroup__teacher", "teacher").get(pk=jw.lesson.pk)
    # Cancelled by the deputy after the tap read the lesson (is_cancelled is still False in `stale`).
    Lesson.objects.filter(pk=jw.lesson.pk).update(is_cancelled=True)
    with pytest.raises(OperationError, match="отменён|cancelled"):
        services.attendance_set(
            acting_user=cast.teacher, lesson=stale, student=jw.students[0], status="absent"
        )
    assert not Attendance.objects.exists()
