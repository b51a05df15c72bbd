"""Rules the database itself keeps (DESIGN rule 7), bounded text and dates, import limits, spreadsheet
cells, and the history of the models that had none (ORG-7, ORG-8, BLK-4, BLK-5, CON-3)."""

import datetime
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.exports import xlsx_workbook
from core.models import Order, OrderKind, Period, Region
from tests.contingent.factories import make_class, make_student
from tests.factories import RegionFactory, UserFactory
from tests.strict_forms.factories import BlankFactory, IssuedDocumentFactory

D = datetime.date


def _refused(action):
    try:
        with transaction.atomic():
            action()
    except IntegrityError:
        return True
    return False


def test_a_period_lies_inside_its_academic_year_in_the_database(cast):
    """covers PLN-1 ORG-8: a rule only in Python before, now a trigger on both tables"""
    year = cast.year_a
    assert _refused(
        lambda: Period.objects.create(academic_year=year, name="X", start=D(2027, 5, 1), end=D(2027, 7, 1))
    )
    period = Period.objects.filter(academic_year=year).first()
    year.end = period.end - datetime.timedelta(days=1)
    assert _refused(lambda: year.save(update_fields=["end"]))


def test_a_blank_changes_status_only_along_the_ledger_in_the_database(cast):
    """covers BLK-4"""
    blank = BlankFactory(school=cast.school_a, status="spoiled", reason="ошибка")
    assert _refused(lambda: type(blank).objects.filter(pk=blank.pk).update(status="new"))


def test_one_valid_attestat_per_student_and_kind_in_the_database(cast):
    """covers BLK-5"""
    first = IssuedDocumentFactory(school=cast.school_a)
    blank = BlankFactory(school=cast.school_a, kind=first.blank.kind, status="issued")
    assert _refused(lambda: IssuedDocumentFactory(school=cast.school_a, student=first.student, blank=blank))


def test_a_class_and_its_students_belong_to_one_school_in_the_database(cast):
    """covers CON-3"""
    class_b = make_class(cast.school_b, 5, "Б", year=cast.year_b)
    student = make_student(cast.school_a)
    student.school_class = class_b
    assert _refused(lambda: student.save(update_fields=["school_class"]))


def test_a_long_text_is_refused_by_the_form_and_by_the_database(cast, login):
    """covers ORG-8: a 3 MB order text was accepted and its register PDF ran for 11 minutes"""
    huge = "а" * 3_000_000
    assert _refused(
        lambda: Order.objects.create(
            school=cast.school_a, kind=OrderKind.GENERAL, number="1", date=D(2026, 9, 1), content=huge
        )
    )
    response = login(cast.director).post(
        reverse("core:order_create"),
        {"kind": "general", "number": "77", "date": "2026-09-01", "content": "а" * 5000},
    )
    assert response.status_code == 200 and response.context["form"].errors["content"]
    assert not Order.objects.filter(number="77").exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_impossible_date_is_a_message_beside_the_field(cast, login, day):
    """covers ORG-8: birth date 0001-01-01, hiring on 9999-12-31"""
    from tests.staff.test_pages import hire_data

    client = login(cast.hr_officer)
    for field in ("birth_date", "hired_on"):
        response = client.post(reverse("staff:employee_hire"), hire_data(**{field: day}))
        assert response.status_code == 200 and field in response.context["form"].errors


def test_text_beginning_with_a_formula_sign_is_plain_text_in_every_export():
    """covers ORG-8: a course request reached HR's export as =HYPERLINK(...)"""
    from openpyxl import load_workbook

    values = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain"]
    content = xlsx_workbook("Title: with / odd [chars]", ["h"], [[v] for v in values])
    ws = load_workbook(io.BytesIO(content)).active
    cells = [row[0] for row in ws.iter_rows(min_row=2)]
    assert [c.value for c in cells] == values
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells[:-1]) and not cells[-1].quotePrefix


def test_the_staff_import_refuses_a_file_past_its_row_limit(cast, login, monkeypatch):
    """covers STF-10 ORG-8: the staff import had no row limit"""
    from openpyxl import Workbook

    monkeypatch.setattr("core.imports.check_row_limit.__defaults__", (5,))
    wb = Workbook()
    ws = wb.active
    for i in range(10):
        ws.append([f"Фамилия{i}", "Имя"])
    buffer = io.BytesIO()
    wb.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("s.xlsx", buffer.getvalue())
    response = login(cast.hr_officer).post(reverse("staff:import"), {"file": upload})
    assert "Import at most 5 rows at a time." in response.content.decode()


def test_the_user_account_regions_and_districts_have_a_history_without_the_password(cast):
    """covers ORG-7"""
    from pghistory.models import Events

    user = UserFactory()
    user.set_password("another-Pass-123")
    user.save()
    user.is_active = False
    user.save()
    labels = set(Events.objects.tracks(user).values_list("pgh_label", flat=True))
    assert {"account.password_changed", "account.active_changed"} <= labels
    assert all("password" not in e.pgh_data for e in Events.objects.tracks(user))
    region = RegionFactory()
    Region.objects.filter(pk=region.pk).update(name_en="Renamed")
    assert Events.objects.tracks(region).filter(pgh_label="update").exists()
