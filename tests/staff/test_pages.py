"""Staff pages as the HR officer, the director and a teacher use them; bad input; exports; query counts."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext

from core.models import Order, OrderKind
from staff.models import Absence, AbsenceKind, Course, Employee, EmployeeStatus
from tests.factories import make_iin
from tests.staff.factories import PDF, AbsenceFactory, CourseFactory, StaffEmployeeFactory

D = datetime.date
GOOD_IIN = make_iin(D(1988, 2, 3), "f", 778)
BAD_IIN = GOOD_IIN[:11] + str((int(GOOD_IIN[11]) + 1) % 10)


def hire_data(**overrides):
    data = {
        "last_name": "Абилова",
        "first_name": "Куралай",
        "patronymic": "",
        "iin": make_iin(D(1988, 2, 3), "f", 777),
        "birth_date": "1988-02-03",
        "sex": "f",
        "email": "",
        "phone": "",
        "address": "ул. Чокина, 14б",
        "id_document_type": "id_card",
        "id_document_number": "012345678",
        "id_document_issued_by": "МВД РК",
        "id_document_issued_on": "2018-02-03",
        "contract_number": "ТД-15",
        "contract_date": "2026-08-28",
        "position": "Учитель математики",
        "structural_unit": "",
        "staff_group": "teaching",
        "rate": "1",
        "hired_on": "2026-09-01",
        "create_login": "on",
        "roles": ["teacher"],
        "consent_given_on": "2026-08-28",
    }
    return data | overrides


def test_the_hr_officer_hires_through_the_page_and_sees_the_login_once(cast, login):
    """covers STF-2 ORG-5"""
    client = login(cast.hr_officer)
    response = client.post(
        reverse("staff:employee_hire"), hire_data(consent_scan=SimpleUploadedFile("c.pdf", PDF))
    )
    employee = Employee.objects.get(person__last_name="Абилова")
    assert response.status_code == 302 and response["Location"] == reverse("staff:hired", args=[employee.pk])
    assert employee.consent_scan and employee.hiring_order.kind == OrderKind.STAFF_HIRING
    shown = client.get(response["Location"])
    assert shown.context["password"] and shown.context["target"].person == employee.person
    assert shown.context["password"] in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    # a reload (or Back, or a later visit) never shows the password again: it opens the file
    again = client.get(response["Location"])
    assert again.status_code == 302 and again["Location"] == employee.get_absolute_url()
    detail = client.get(employee.get_absolute_url())
    assert "Абилова" in detail.content.decode()
    assert shown.context["password"] not in detail.content.decode()


def test_the_hiring_form_offers_the_directors_roles_only_to_the_director(cast, login):
    """covers STF-2"""
    offered = {
        user.username: {
            v
            for v, _label in login(user)
            .get(reverse("staff:employee_hire"))
            .context["form"]
            .fields["roles"]
            .choices
        }
        for user in (cast.hr_officer, cast.director)
    }
    assert "teacher" in offered[cast.hr_officer.username]
    assert not {"director", "school_admin"} & offered[cast.hr_officer.username]
    assert {"director", "school_admin", "teacher"} <= offered[cast.director.username]
    refused = login(cast.hr_officer).post(reverse("staff:employee_hire"), hire_data(roles=["school_admin"]))
    assert refused.status_code == 200 and refused.context["form"].errors["roles"]
    assert not Employee.objects.filter(person__last_name="Абилова").exists()


def test_the_one_time_login_page_of_one_hiring_does_not_show_another_file(cast, login, staffed):
    """covers STF-2"""
    client = login(cast.hr_officer)
    hired = client.post(reverse("staff:employee_hire"), hire_data())
    other = client.get(reverse("staff:hired", args=[staffed.pk]))
    assert other.status_code == 302 and other["Location"] == staffed.get_absolute_url()
    assert client.get(hired["Location"]).context["password"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("last_name", "", "This field is required."),
        ("contract_number", "", "This field is required."),
        ("position", "", "This field is required."),
        ("iin", BAD_IIN, "The IIN control digit does not match: check the number."),
        ("iin", "12345", "An IIN consists of exactly 12 digits."),
        ("consent_given_on", "", "This field is required."),
    ],
)
def test_hiring_with_bad_input_shows_the_reason_and_saves_nothing(cast, login, field, value, message):
    """covers STF-2 ORG-5"""
    response = login(cast.hr_officer).post(reverse("staff:employee_hire"), hire_data(**{field: value}))
    assert response.status_code == 200
    assert gettext(message) in response.context["form"].errors[field]
    assert not Employee.objects.exists() and not Order.objects.exists()


def test_hiring_trims_spaces_like_every_form(cast, login):
    """covers ORG-8: one rule in every form: leading and trailing spaces are trimmed before the checks"""
    response = login(cast.hr_officer).post(
        reverse("staff:employee_hire"), hire_data(position=" Учитель", last_name="Абилова ")
    )
    assert response.status_code == 302
    employee = Employee.objects.get(person__last_name="Абилова")
    assert employee.position == "Учитель"


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("big.pdf", PDF + b"0" * (20 * 1024 * 1024)), "file_size"),
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "file_type"),
        (SimpleUploadedFile("fake.pdf", b"MZ\x90\x00"), "file_content"),
    ],
)
def test_a_sick_leave_with_a_bad_scan_is_refused_and_nothing_saved(cast, login, staffed, upload, code):
    """covers STF-5"""
    response = login(cast.hr_officer).post(
        reverse("staff:sick_leave", args=[staffed.pk]),
        {"scan": upload, "illness": "Грипп", "diagnosis": "J11", "start": "2026-11-02", "end": "2026-11-06"},
    )
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["scan"]] == [code]
    assert not Absence.objects.exists()


def test_a_sick_leave_with_its_scan_is_stored_and_served_to_the_file_readers(cast, login, staffed):
    """covers STF-5"""
    client = login(cast.hr_officer)
    response = client.post(
        reverse("staff:sick_leave", args=[staffed.pk]),
        {
            "scan": SimpleUploadedFile("b.pdf", PDF),
            "illness": "",
            "diagnosis": "J11",
            "start": "2026-11-02",
            "end": "2026-11-06",
        },
    )
    assert response.status_code == 302
    sick = Absence.objects.get(kind=AbsenceKind.SICK_LEAVE)
    assert b"".join(client.get(reverse("staff:absence_scan", args=[sick.pk])).streaming_content) == PDF
    assert login(cast.teacher).get(reverse("staff:absence_scan", args=[sick.pk])).status_code == 200


def test_leave_forms_refuse_an_end_before_the_start_overlaps_and_empty_required_fields(cast, login, staffed):
    """covers STF-5"""
    client = login(cast.hr_officer)
    url = reverse("staff:leave", args=[staffed.pk])
    r = client.post(url, {"leave_type": "annual", "start": "2026-07-10", "end": "2026-07-01"})
    assert gettext("The end cannot be before the start.") in r.context["form"].errors["end"]
    r = client.post(url, {"leave_type": "annual", "start": "", "end": ""})
    assert r.context["form"].errors["start"] and r.context["form"].errors["end"]
    r = client.post(
        reverse("staff:sick_leave", args=[staffed.pk]),
        {"diagnosis": "", "start": "2026-07-10", "end": "2026-07-11"},
    )
    assert gettext("This field is required.") in r.context["form"].errors["diagnosis"]
    assert (
        client.post(url, {"leave_type": "annual", "start": "2026-07-01", "end": "2026-08-25"}).status_code
        == 302
    )
    r = client.post(reverse("staff:time_off", args=[staffed.pk]), {"start": "2026-08-25", "end": ""})
    already = gettext("This person is already absent during part of this period: %(absence)s.").split(":")[0]
    assert r.status_code == 200 and already in " ".join(r.context["form"].non_field_errors())
    assert Absence.objects.count() == 1


def test_a_teacher_reads_her_own_file_without_edit_buttons_and_cannot_edit_it(cast, login, staffed):
    """covers STF-3"""
    client = login(cast.teacher)
    page = client.get(staffed.get_absolute_url())
    assert page.status_code == 200 and not page.context["can_edit"]
    assert 'data-testid="operations"' not in page.content.decode()
    assert client.get(reverse("staff:section_edit", args=[staffed.pk, "personal"])).status_code == 403
    assert client.get(reverse("staff:my_file")).url == staffed.get_absolute_url()
    from staff.views.employees import TABS

    for tab, _label in TABS:
        html = client.get(f"{staffed.get_absolute_url()}?tab={tab}").content.decode()
        assert "/edit/" not in html and "/new/" not in html and "/records/" not in html, tab
        # no link to the staff list she may not open (the breadcrumb names it without a link)
        assert f'href="{reverse("staff:employee_list")}"' not in html, tab


def test_editing_a_section_is_shown_in_the_history_tab(cast, login, staffed):
    """covers STF-3"""
    client = login(cast.hr_officer)
    url = reverse("staff:section_edit", args=[staffed.pk, "personal"])
    initial = client.get(url).context["form"].initial
    data = {k: ("" if v is None else v) for k, v in initial.items()} | {
        "nationality": "казашка",
        "marital_status": "married",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    bad = client.post(url, data | {"iin": "123456789012"})
    assert bad.status_code == 200 and bad.context["form"].errors["iin"]
    history = client.get(reverse("staff:employee_history", args=[staffed.pk]))
    text = history.content.decode()
    assert "казашка" in text


def test_every_section_renders_for_the_hr_officer(cast, login, staffed):
    """covers STF-3"""
    client = login(cast.hr_officer)
    for tab in (
        "personal",
        "documents",
        "guidance",
        "contacts",
        "education",
        "work",
        "awards",
        "orders",
        "absences",
        "courses",
    ):
        assert client.get(f"{staffed.get_absolute_url()}?tab={tab}").status_code == 200
    r = client.post(
        reverse("staff:record_add", args=[staffed.pk, "education"]),
        {"level": "higher", "institution": "КазНУ", "graduation_year": "2005"},
    )
    assert r.status_code == 302 and staffed.education.get().institution == "КазНУ"


def test_the_list_shows_whose_consent_is_missing(cast, login, staffed):
    """covers ORG-5 STF-1"""
    missing = StaffEmployeeFactory(school=cast.school_a, consent_given_on=None, person__last_name="Бекова")
    client = login(cast.hr_officer)
    rows = client.get(reverse("staff:employee_list"), {"no_consent": "true"}).context["object_list"]
    assert list(rows) == [missing]
    consent = client.post(
        reverse("staff:section_edit", args=[missing.pk, "consent"]), {"consent_given_on": "2026-09-01"}
    )
    assert consent.status_code == 302
    assert not client.get(reverse("staff:employee_list"), {"no_consent": "true"}).context["object_list"]


def test_the_list_filters_by_first_letter_and_searches_and_keeps_the_archive_apart(cast, login, staffed):
    """covers STF-1"""
    StaffEmployeeFactory(school=cast.school_a, person__last_name="Жолдасбеков")
    gone = StaffEmployeeFactory(
        school=cast.school_a,
        person__last_name="Ушедшая",
        status=EmployeeStatus.DISMISSED,
        dismissed_on=D(2026, 1, 1),
    )
    client = login(cast.hr_officer)
    page = client.get(reverse("staff:employee_list"), {"letter": "Ж"})
    names = [e.person.last_name for e in page.context["object_list"]]
    assert "Жолдасбеков" in names and all(name.startswith("Ж") for name in names)
    assert "Ж" in page.context["letters"]
    search = client.get(reverse("staff:employee_list"), {"q": "матем"}, HTTP_HX_REQUEST="true")
    assert list(search.context["object_list"]) == [staffed]
    assert gone not in client.get(reverse("staff:employee_list")).context["object_list"]
    assert list(client.get(reverse("staff:employee_archive")).context["object_list"]) == [gone]


def test_the_employment_certificate_is_an_excel_file_in_the_users_language(cast, login, staffed):
    """covers STF-4"""
    from openpyxl import load_workbook

    cast.hr_officer.language = "en"
    cast.hr_officer.save()
    response = login(cast.hr_officer).get(reverse("staff:certificate", args=[staffed.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = " ".join(
        str(c.value)
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
        for c in row
        if c.value
    )
    assert "EMPLOYMENT CERTIFICATE" in text and staffed.person.full_name in text and staffed.position in text


def test_dismissal_through_the_page_blocks_the_login(cast, login, staffed, client):
    """covers STF-6"""
    hr = login(cast.hr_officer)
    form = hr.get(reverse("staff:dismiss", args=[staffed.pk])).context["form"]
    roles = [value for value, _label in form.fields["remove_roles"].choices]
    empty = hr.post(
        reverse("staff:dismiss", args=[staffed.pk]), {"remove_roles": roles, "reason": "", "date": ""}
    )
    assert empty.context["form"].errors["reason"] and empty.context["form"].errors["date"]
    r = hr.post(
        reverse("staff:dismiss", args=[staffed.pk]),
        {"remove_roles": roles, "reason": "Увольнение", "date": "2026-12-30"},
    )
    assert r.status_code == 302
    hr.logout()
    refused = client.post(reverse("login"), {"username": "teacher", "password": "pass-Word-123"})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session


def test_the_dismissal_form_ticks_the_staff_roles_but_not_a_parents_role(cast, login, staffed):
    """covers STF-6"""
    from core.models import RoleAssignment
    from tests.factories import RoleFactory

    parent = RoleFactory(user=cast.teacher, role="parent", school=cast.school_a)
    form = login(cast.hr_officer).get(reverse("staff:dismiss", args=[staffed.pk])).context["form"]
    staff_roles = RoleAssignment.objects.filter(user=cast.teacher, school=cast.school_a).exclude(pk=parent.pk)
    assert sorted(form.fields["remove_roles"].initial) == sorted(str(a.pk) for a in staff_roles)
    assert str(parent.pk) in dict(form.fields["remove_roles"].choices)


def test_a_teacher_requests_a_course_and_the_hr_officer_confirms_a_planned_one(cast, login, staffed):
    """covers STF-8"""
    teacher = login(cast.teacher)
    r = teacher.post(
        reverse("staff:course_request"),
        {"name": "Цифровая грамотность", "start": "2026-10-01", "end": "2026-10-10", "kind": "planned"},
    )
    assert r.status_code == 302
    assert Course.objects.get(employee=staffed).status == "requested"
    hr = login(cast.hr_officer)
    course = CourseFactory(employee=staffed)
    bad = hr.post(
        reverse("staff:course_confirm", args=[course.pk]), {"certificate_number": "", "certificate_date": ""}
    )
    assert bad.context["form"].errors["certificate_number"] and bad.context["form"].errors["certificate_date"]
    ok = hr.post(
        reverse("staff:course_confirm", args=[course.pk]),
        {
            "certificate_number": "12",
            "certificate_date": "2026-05-02",
            "category": "moderator",
            "attestation_date": "2026-05-03",
            "conclusion": "attested",
        },
    )
    assert ok.status_code == 302
    staffed.refresh_from_db()
    assert staffed.qualification_category == "moderator"
    completed = hr.get(reverse("staff:course_list"), {"status": "completed"}).context["object_list"]
    assert list(completed) == [course]


def test_the_seniority_page_saves_everyone_or_nobody(cast, login, staffed):
    """covers STF-9: a formset of one row per current employee, saved at once or not at all"""
    other = StaffEmployeeFactory(school=cast.school_a)
    hr = login(cast.hr_officer)
    page = hr.get(reverse("staff:seniority"), {"advance": "1"})
    assert page.status_code == 200
    formset = page.context["formset"]
    employees = [e.pk for e in formset.employees]
    assert staffed.pk in employees and other.pk in employees
    data = {
        "form-TOTAL_FORMS": str(len(employees)),
        "form-INITIAL_FORMS": str(len(employees)),
    }
    for i, pk in enumerate(employees):
        values = (11, 9, 4) if pk == staffed.pk else (2, 2, 2)
        data[f"form-{i}-employee"] = str(pk)
        for name, v in zip(
            ("seniority_total", "seniority_teaching", "seniority_at_school"), values, strict=True
        ):
            data[f"form-{i}-{name}"] = str(v)
    bad = hr.post(
        reverse("staff:seniority"), data | {f"form-{employees.index(other.pk)}-seniority_total": "abc"}
    )
    assert bad.status_code == 200 and not bad.context["formset"].is_valid()
    assert other.person.full_name in bad.content.decode()
    staffed.refresh_from_db()
    assert staffed.seniority_total == 0
    swapped = hr.post(reverse("staff:seniority"), data | {"form-0-employee": str(cast.director.pk + 10**6)})
    assert swapped.status_code == 200 and swapped.context["errors"]
    assert hr.post(reverse("staff:seniority"), data).status_code == 302
    staffed.refresh_from_db()
    assert staffed.seniority_total == 11


REPORT_URLS = [
    "staff:employee_list",
    "staff:employee_archive",
    "staff:hiring_register",
    "staff:staffing_table",
    "staff:personnel_book",
    "staff:leave_schedule",
    "staff:staff_orders",
    "staff:course_report",
    "staff:sickness_report",
    "staff:course_list",
    "staff:requalification",
    "staff:teaching_staff",
]


def _populate(cast, n, offset=0):
    from staff.models import Education

    for i in range(offset, offset + n):
        e = StaffEmployeeFactory(
            school=cast.school_a, person__last_name=f"Сотрудник{i}", structural_unit=f"Кафедра {i % 3}"
        )
        if i % 2:
            e.status, e.dismissed_on = EmployeeStatus.DISMISSED, D(2026, 1, 1)
            e.save()
        Education.objects.create(employee=e, level="higher", institution="КазНУ")
        AbsenceFactory(employee=e, kind=AbsenceKind.LEAVE, start=D(2025, 7, 1), end=D(2025, 7, 20))
        AbsenceFactory(
            employee=e, kind=AbsenceKind.SICK_LEAVE, diagnosis="J11", start=D(2025, 9, 1), end=D(2025, 9, 5)
        )
        CourseFactory(employee=e)
        CourseFactory(employee=e, status="completed", certificate_number="1", certificate_date=D(2026, 5, 1))
        Order.objects.create(
            school=cast.school_a,
            kind=OrderKind.STAFF_LEAVE,
            number=f"{i + 500}-к",
            date=D(2025, 6, 1),
            content="Отпуск",
            author=cast.hr_officer,
        )


@pytest.mark.parametrize("url_name", REPORT_URLS)
def test_lists_and_output_forms_run_the_same_number_of_queries_for_1_and_60_employees(
    cast, login, count_queries, url_name
):
    """covers STF-1 STF-10 STF-11"""
    client = login(cast.director)
    url = reverse(url_name)
    first = 1 if url_name == "staff:employee_archive" else 0  # the one employee is a former one there
    _populate(cast, 1, offset=first)
    client.get(url)
    one = count_queries(lambda: client.get(url))
    _populate(cast, 59, offset=2)
    sixty = count_queries(lambda: client.get(url))
    assert one == sixty
    for fmt in ("xlsx", "pdf"):
        few = count_queries(lambda fmt=fmt: client.get(url, {"export": fmt}))
        assert few < 30


@pytest.mark.parametrize("url_name", REPORT_URLS[2:9])
def test_each_output_form_exports_xlsx_and_a_pdf_with_kazakh_letters_intact(cast, login, url_name):
    """covers STF-10"""
    from openpyxl import load_workbook
    from pypdf import PdfReader

    e = StaffEmployeeFactory(
        school=cast.school_a,
        person__last_name="Әбілқасымова",
        person__first_name="Гүлнұр",
        position="Мұғалім",
    )
    AbsenceFactory(employee=e, kind=AbsenceKind.LEAVE, start=D(2025, 7, 1), end=D(2025, 7, 20))
    AbsenceFactory(
        employee=e, kind=AbsenceKind.SICK_LEAVE, diagnosis="J11", start=D(2025, 9, 1), end=D(2025, 9, 5)
    )
    CourseFactory(employee=e, name="Қазақ тілі әдістемесі")
    Order.objects.create(
        school=cast.school_a,
        kind=OrderKind.STAFF_HIRING,
        number="1-к",
        date=D(2025, 6, 1),
        content="Қабылдау: Әбілқасымова",
        author=cast.hr_officer,
    )
    client = login(cast.director)
    screen = client.get(reverse(url_name)).content.decode()
    xlsx = client.get(reverse(url_name), {"export": "xlsx"})
    cells = " ".join(
        str(c.value)
        for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows()
        for c in row
        if c.value
    )
    pdf = client.get(reverse(url_name), {"export": "pdf"})
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    needle = (
        "Мұғалім"
        if url_name == "staff:staffing_table"
        else ("Қабылдау" if url_name == "staff:staff_orders" else "Әбілқасымова")
    )
    assert needle in screen and needle in cells and needle in text


def test_another_schools_director_sees_none_of_this_schools_staff(cast, login, staffed):
    """covers STF-1 STF-3"""
    client = login(cast.director_b)
    assert client.get(staffed.get_absolute_url()).status_code == 404
    assert staffed not in client.get(reverse("staff:employee_list")).context["object_list"]
