"""Both imports (STF-1, CON-1): django-import-export resources that read columns by their header in any
of the portal's languages, check each row with the pages' forms, write it through the app's service with
the acting user, and refuse a file past the row limit before reading it all (ORG-8)."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook

from contingent.imports import COLUMNS as STUDENT_COLUMNS
from contingent.imports import StudentImportResource
from contingent.models import Student
from core.imports import ServiceImportResource
from core.models import Order, Person
from staff.imports import COLUMNS as STAFF_COLUMNS
from staff.imports import EmployeeImportResource
from staff.models import Employee, WorkRecord
from tests.contingent.test_reports_and_import import row as student_row
from tests.factories import EmployeeFactory, make_iin

D = datetime.date


def _upload(headers, rows, name="import.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for values in rows:
        ws.append(values)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _staff_headers(language):
    with translation.override(language):
        return [str(label) for _key, label in STAFF_COLUMNS]


def _staff_row(**values):
    base = {
        "last_name": "Сулейманова",
        "first_name": "Мариям",
        "patronymic": "",
        "iin": make_iin(D(1973, 9, 18), "f", 11),
        "birth_date": "18.09.1973",
        "sex": "f",
        "position": "Учитель химии",
        "structural_unit": "",
        "hired_on": "01.09.2010",
        "contract_number": "ТД-7",
        "qualification_category": "",
        "phone": "",
        "email": "",
    }
    return [(base | values)[key] for key, _label in STAFF_COLUMNS]


def test_both_imports_are_import_export_resources_that_write_through_services():
    """covers STF-1 CON-1: one resource class for both imports; each names its model"""
    assert issubclass(EmployeeImportResource, ServiceImportResource)
    assert issubclass(StudentImportResource, ServiceImportResource)
    assert EmployeeImportResource._meta.model is Employee and StudentImportResource._meta.model is Student


@pytest.mark.parametrize("language", ["kk", "ky", "en"])
def test_the_staff_import_reads_its_columns_by_header_in_any_language_and_any_order(cast, login, language):
    """covers STF-1 ORG-6: a Kazakh, Kyrgyz or English header, the columns in another order"""
    headers = _staff_headers(language)
    values = _staff_row()
    order = list(reversed(range(len(headers))))
    upload = _upload([headers[i] for i in order], [[values[i] for i in order]])
    client = login(cast.hr_officer)
    preview = client.post(reverse("staff:import"), {"file": upload})
    assert preview.context["ok"], preview.context["rows"]
    assert client.post(reverse("staff:import"), {"confirm": "1"}).status_code == 302
    employee = Employee.objects.get(school=cast.school_a)
    assert (employee.person.last_name, employee.person.first_name) == ("Сулейманова", "Мариям")
    assert employee.position == "Учитель химии" and employee.hired_on == D(2010, 9, 1)


def test_a_staff_row_is_written_by_the_hiring_service_with_the_acting_user(cast, login, monkeypatch):
    """covers STF-1 STF-2 ORG-3: the hiring service, with the HR officer as the acting user; the file and
    its work record, no login and no order (the hiring was before the portal)"""
    import staff.services

    calls = []
    hire = staff.services.employee_hire

    def spy(**kwargs):
        calls.append(kwargs)
        return hire(**kwargs)

    monkeypatch.setattr(staff.services, "employee_hire", spy)
    client = login(cast.hr_officer)
    client.post(reverse("staff:import"), {"file": _upload(_staff_headers("ru"), [_staff_row()])})
    assert client.post(reverse("staff:import"), {"confirm": "1"}).status_code == 302
    assert calls and all(c["acting_user"] == cast.hr_officer and c["school"] == cast.school_a for c in calls)
    employee = Employee.objects.get(school=cast.school_a)
    assert WorkRecord.objects.filter(employee=employee, start=D(2010, 9, 1)).exists()
    assert not Order.objects.exists() and not get_user_model().objects.filter(person=employee.person).exists()


def test_the_hiring_services_refusal_is_the_rows_error_and_nothing_is_imported(cast, login):
    """covers STF-1 ORG-3: a teacher of another school, named by her IIN, is neither shown nor changed"""
    other = EmployeeFactory(school=cast.school_b)
    iin = other.person.iin or make_iin(D(1980, 1, 1), "f", 5)
    if not other.person.iin:
        Person.objects.filter(pk=other.person_id).update(iin=iin)
    rows = [
        _staff_row(last_name="Ажибекова", iin=make_iin(D(1977, 9, 26), "f", 12), birth_date="26.09.1977"),
        _staff_row(iin=iin, birth_date="01.01.1980"),
    ]
    response = login(cast.hr_officer).post(
        reverse("staff:import"), {"file": _upload(_staff_headers("ru"), rows)}
    )
    assert not response.context["ok"]
    lines = {line: errors for line, _values, errors in response.context["rows"]}
    assert not lines[2] and lines[3]
    assert not Employee.objects.filter(school=cast.school_a).exists()
    other.person.refresh_from_db()
    assert other.person.last_name != "Сулейманова"


def test_the_student_import_writes_each_row_through_registration_with_the_acting_user(
    cast, login, monkeypatch
):
    """covers CON-1 CON-5: student_register and guardian_add, with the secretary as the acting user"""
    import contingent.imports

    calls = []
    register = contingent.imports.student_register

    def spy(**kwargs):
        calls.append(kwargs)
        return register(**kwargs)

    monkeypatch.setattr(contingent.imports, "student_register", spy)
    with translation.override("ky"):
        headers = [str(label) for _key, label in STUDENT_COLUMNS]
    client = login(cast.secretary)
    preview = client.post(reverse("contingent:import"), {"file": _upload(headers, [student_row()])})
    assert not preview.context["has_errors"]
    assert client.post(reverse("contingent:import"), {"confirm": "1"}).status_code == 302
    assert calls and calls[-1]["acting_user"] == cast.secretary and calls[-1]["school"] == cast.school_a
    student = Student.objects.get(school=cast.school_a)
    assert student.school_class is None and student.guardians.count() == 1


def test_a_person_already_registered_is_the_student_rows_error_in_the_preview(cast, login):
    """covers CON-1: the service's refusal (the IIN is registered) is shown on its row before anything is kept"""
    values = student_row()
    Person.objects.create(
        iin=values[6], last_name="Другой", first_name="Человек", birth_date=D(2018, 2, 1), sex="m"
    )
    response = login(cast.secretary).post(
        reverse("contingent:import"), {"file": _upload([str(h) for _k, h in STUDENT_COLUMNS], [values])}
    )
    assert response.context["has_errors"]
    assert any(
        gettext("A person with this IIN is already registered.") in e
        for e in response.context["checked"][0]["errors"]
    )
    assert not Student.objects.exists()


@pytest.mark.parametrize(
    ("url", "user"), [("staff:import", "hr_officer"), ("contingent:import", "secretary")]
)
def test_an_import_past_its_row_limit_is_refused_before_the_file_is_read(cast, login, monkeypatch, url, user):
    """covers STF-1 CON-1 ORG-8: the limit is checked before the rows are read, even when the sheet
    declares a smaller size than it has"""
    from import_export.formats.base_formats import XLSX

    monkeypatch.setattr("core.imports.check_row_limit.__defaults__", (5,))

    def never(*args, **kwargs):
        raise AssertionError("the whole file was read")

    monkeypatch.setattr(XLSX, "create_dataset", never)
    wb = Workbook()
    ws = wb.active
    for i in range(12):
        ws.append([f"Фамилия{i}", "Имя"])
    buffer = io.BytesIO()
    wb.save(buffer)
    # a file that lies about its size: the dimension says two rows
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    lying = io.BytesIO()
    with zipfile.ZipFile(lying, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:B12"/>', b'<dimension ref="A1:B2"/>')
                assert b'<dimension ref="A1:B2"/>' in data
            target.writestr(item, data)
    response = login(getattr(cast, user)).post(
        reverse(url), {"file": SimpleUploadedFile("big.xlsx", lying.getvalue())}
    )
    assert gettext("Import at most %(limit)s rows at a time.") % {"limit": 5} in response.content.decode()
    assert not Employee.objects.exists() and not Student.objects.exists()
