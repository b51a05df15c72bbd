"""The student import reads columns by their header, not by their position (CON-1, ORG-8)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from contingent.imports import COLUMNS
from contingent.models import Student
from tests.contingent.test_reports_and_import import row


def _workbook(headers, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("students.xlsx", buffer.getvalue())


def test_swapped_columns_still_put_the_last_name_into_the_last_name(cast, login):
    """covers CON-1: the contingent import read by position and silently swapped first and last names"""
    with translation.override("kk"):
        headers = [str(h) for _c, h in COLUMNS]
    values = row(last="Жұмабек")
    headers[0], headers[1] = headers[1], headers[0]
    values[0], values[1] = values[1], values[0]
    client = login(cast.secretary)
    preview = client.post(reverse("contingent:import"), {"file": _workbook(headers, [values])})
    assert not preview.context["has_errors"]
    assert client.post(reverse("contingent:import"), {"confirm": "1"}).status_code == 302
    student = Student.objects.get(school=cast.school_a)
    assert (student.person.last_name, student.person.first_name) == ("Жұмабек", "Айбек")


def test_a_file_without_a_required_column_is_refused_with_its_name(cast, login):
    """covers CON-1"""
    headers = [str(h) for c, h in COLUMNS if c != "birth_date"]
    values = [v for (c, _h), v in zip(COLUMNS, row(), strict=True) if c != "birth_date"]
    response = login(cast.secretary).post(
        reverse("contingent:import"), {"file": _workbook(headers, [values])}
    )
    assert response.status_code == 200
    assert (
        "date of birth" in response.content.decode().lower()
        or "дата рождения" in response.content.decode().lower()
    )
    assert not Student.objects.exists()
