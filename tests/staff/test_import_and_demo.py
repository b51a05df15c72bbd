"""Import of staff from Excel (preview, then all or nothing), delegation and recall pages, demo data."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import Order, OrderKind, RoleAssignment
from staff.models import Delegation, Employee, LeaveRecall
from tests.factories import make_iin
from tests.staff.conftest import file_of
from tests.staff.factories import AbsenceFactory

D = datetime.date
HEADERS = ["last_name", "first_name", "patronymic", "iin", "birth_date", "sex", "position", "hired_on"]


def workbook(rows, headers=HEADERS):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("staff.xlsx", buffer.getvalue())


GOOD = [
    [
        "Сулейманова",
        "Мариям",
        "Алтынбековна",
        make_iin(D(1973, 9, 18), "f", 11),
        "18.09.1973",
        "f",
        "Преподаватель",
        "01.09.2010",
    ],
    ["Ажибеков", "Динмухамед", "", "", D(1977, 9, 26), "m", "Учитель физики", "2012-09-01"],
]


def test_import_previews_every_row_and_then_imports_all(cast, login):
    """covers STF-1"""
    client = login(cast.hr_officer)
    preview = client.post(reverse("staff:import"), {"file": workbook(GOOD)})
    assert preview.context["ok"] and len(preview.context["rows"]) == 2
    assert not Employee.objects.exists()
    done = client.post(reverse("staff:import"), {"confirm": "1"})
    assert done.status_code == 302
    assert sorted(Employee.objects.values_list("person__last_name", flat=True)) == ["Ажибеков", "Сулейманова"]


def test_import_with_a_bad_row_shows_its_errors_and_saves_nothing(cast, login):
    """covers STF-1"""
    bad = [
        *GOOD,
        [" Ким", "", "", "123456789012", "31.02.1980", "x", "Учитель", "01.09.2010"],
    ]
    response = login(cast.hr_officer).post(reverse("staff:import"), {"file": workbook(bad)})
    assert not response.context["ok"]
    errors = response.context["rows"][2][2]
    assert len(errors) >= 4  # padded name, empty first name, bad IIN, bad date, bad sex
    assert all(not row[2] for row in response.context["rows"][:2])
    assert not Employee.objects.exists()
    assert login(cast.hr_officer).post(reverse("staff:import"), {"confirm": "1"}).status_code == 302
    assert not Employee.objects.exists()


def test_import_refuses_a_file_that_is_not_a_workbook_or_lacks_columns(cast, login):
    """covers STF-1"""
    client = login(cast.hr_officer)
    exe = client.post(reverse("staff:import"), {"file": SimpleUploadedFile("x.xlsx", b"MZ\x90\x00")})
    assert exe.context["form"].errors["file"]
    no_columns = client.post(reverse("staff:import"), {"file": workbook([["Ким"]], headers=["last_name"])})
    assert not no_columns.context["ok"] and no_columns.context["rows"][0][2]
    assert client.get(reverse("staff:import"), {"template": "1"})["Content-Type"].startswith(
        "application/vnd"
    )


def test_delegation_through_the_page_gives_access_for_its_period_with_an_order(cast, login):
    """covers STF-7"""
    director_file = file_of(cast.director, cast.school_a, position="Директор", staff_group="head")
    deputy_file = file_of(cast.deputy_director, cast.school_a, position="Заместитель директора")
    client = login(cast.director)
    today = timezone.localdate()
    url = reverse("staff:delegate", args=[director_file.pk])
    bad = client.post(
        url,
        {
            "role": "director",
            "delegate": deputy_file.pk,
            "valid_from": today,
            "valid_to": today - datetime.timedelta(1),
        },
    )
    assert bad.context["form"].errors["valid_to"]
    r = client.post(
        url,
        {
            "role": "director",
            "delegate": deputy_file.pk,
            "valid_from": today,
            "valid_to": today + datetime.timedelta(6),
        },
    )
    assert r.status_code == 302
    delegation = Delegation.objects.get()
    assert delegation.order.kind == OrderKind.STAFF_DELEGATION
    assert login(cast.deputy_director).get(reverse("core:user_list")).status_code == 200
    RoleAssignment.objects.filter(pk=delegation.assignment_id).update(
        valid_to=today - datetime.timedelta(1), valid_from=today - datetime.timedelta(3)
    )
    assert login(cast.deputy_director).get(reverse("core:user_list")).status_code == 403


def test_recall_through_the_page_shortens_the_leave(cast, login, staffed):
    """covers STF-5"""
    today = timezone.localdate()
    leave = AbsenceFactory(
        employee=staffed, start=today - datetime.timedelta(3), end=today + datetime.timedelta(10)
    )
    client = login(cast.hr_officer)
    outside = client.post(
        reverse("staff:recall", args=[leave.pk]),
        {"recalled_on": today + datetime.timedelta(30), "reason": ""},
    )
    assert outside.status_code == 200 and outside.context["form"].non_field_errors()
    empty = client.post(reverse("staff:recall", args=[leave.pk]), {"recalled_on": "", "reason": ""})
    assert empty.context["form"].errors["recalled_on"]
    ok = client.post(
        reverse("staff:recall", args=[leave.pk]),
        {"recalled_on": today + datetime.timedelta(2), "reason": "Экзамены"},
    )
    assert ok.status_code == 302
    leave.refresh_from_db()
    assert (
        leave.end == today + datetime.timedelta(1)
        and LeaveRecall.objects.get().order.kind == OrderKind.STAFF_RECALL
    )


def test_demo_data_gives_each_school_a_staff_with_enough_class_teachers_and_is_idempotent(db):
    """covers STF-1 STF-8"""
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    counts = (Employee.objects.count(), Order.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Employee.objects.count(), Order.objects.count()) == counts
    for school_id in Employee.objects.values_list("school", flat=True).distinct():
        staff = Employee.objects.filter(school_id=school_id)
        assert 30 <= staff.count() <= 80
        assert staff.class_guidance_allowed().count() >= 25
    for login in (
        "director.a",
        "deputy.a",
        "hr.a",
        "clerk.a",
        "admin.a",
        "teacher.a",
        "director.b",
        "hr.b",
        "teacher.b",
    ):
        assert Employee.objects.filter(person__user__username=login).exists(), login
    assert Employee.objects.filter(absences__kind="leave").exists()
    assert Employee.objects.filter(courses__status="completed").exists()
    assert Employee.objects.filter(courses__status="planned").exists()
