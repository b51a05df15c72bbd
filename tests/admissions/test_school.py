"""The school's side through its pages (ADM-2, ADM-4, ADM-5, ADM-7, ADM-8): filters, decisions,
quotas, the address register and its import, reports and the portal's sections."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from admissions.models import Application, CatchmentRange, Quota, Status
from tests.admissions.conftest import submit

pytestmark = pytest.mark.django_db


def test_the_secretary_filters_confirms_and_the_child_is_in_a_first_grade_class(login, cast, adm):
    """covers ADM-4"""
    a = submit(cast, adm, child_last_name="Жанбыршы")
    submit(cast, adm, house="150")
    client = login(cast.secretary)
    page = client.get(reverse("admissions:application_list"), {"in_catchment": "true"})
    assert "Жанбыршы" in page.content.decode() and 'data-testid="quota-summary"' in page.content.decode()
    response = client.post(
        reverse("admissions:application_confirm", args=[a.pk]),
        {"to_class": adm.class_1a.pk, "order_number": "15-Қ", "order_date": "2026-08-25"},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == Status.CONFIRMED and a.student.school_class == adm.class_1a
    detail = client.get(reverse("admissions:application_detail", args=[a.pk]))
    assert 'data-testid="student-link"' in detail.content.decode()


def test_refusing_with_no_places_a_catchment_child_is_a_message_beside_the_form(login, cast, adm):
    """covers ADM-4"""
    a = submit(cast, adm)
    client = login(cast.secretary)
    response = client.post(
        reverse("admissions:application_refuse", args=[a.pk]), {"reason": "no_places", "text": "Мест нет"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    a.refresh_from_db()
    assert a.status == Status.SUBMITTED


def test_another_schools_class_is_not_a_valid_choice(login, cast, adm):
    """covers ADM-4 (DESIGN rule 3)"""
    a = submit(cast, adm)
    response = login(cast.secretary).post(
        reverse("admissions:application_confirm", args=[a.pk]),
        {"to_class": adm.class_1b_other.pk, "order_number": "1", "order_date": "2026-08-25"},
    )
    assert response.status_code == 200
    a.refresh_from_db()
    assert a.status == Status.SUBMITTED


def test_quotas_are_set_per_category(login, cast, adm):
    """covers ADM-5"""
    client = login(cast.secretary)
    client.post(reverse("admissions:quotas"), {"year": 2026, "category": "orphan", "places": 3})
    assert Quota.objects.get(school=cast.school_a, year=2026, category="orphan").places == 3
    page = client.get(reverse("admissions:quotas"), {"year": 2026})
    assert 'data-testid="quota-table"' in page.content.decode()
    assert login(cast.deputy_director).post(reverse("admissions:quotas"), {"year": 2026}).status_code == 403


def test_the_address_register_flags_a_house_claimed_by_two_schools(login, cast, adm):
    """covers ADM-2"""
    page = login(cast.secretary).get(reverse("admissions:address_register"))
    body = page.content.decode()
    assert 'data-testid="clash-alert"' in body and cast.school_b.name in body


def test_adding_houses_to_the_catchment_area(login, cast, adm):
    """covers ADM-2"""
    client = login(cast.secretary)
    client.post(
        reverse("admissions:address_register"),
        {"locality": "Алматы", "street": "ул. Новая", "number_from": 1, "number_to": 9, "parity": "odd"},
    )
    r = CatchmentRange.objects.get(street__name_ru="ул. Новая")
    assert r.school == cast.school_a and r.parity == "odd"
    bad = client.post(
        reverse("admissions:address_register"),
        {"locality": "Алматы", "street": "ул. Новая", "number_from": 9, "number_to": 1, "parity": "all"},
    )
    assert bad.status_code == 200 and CatchmentRange.objects.filter(street__name_ru="ул. Новая").count() == 1


def _workbook(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["settlement", "street", "street_kk", "from", "to", "houses"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("register.xlsx", buffer.getvalue())


def test_excel_import_shows_a_preview_with_errors_and_clashes_then_imports_the_valid_rows(login, cast, adm):
    """covers ADM-2"""
    client = login(cast.secretary)
    upload = _workbook(
        [
            ["Алматы", "ул. Сатпаева", "Сәтбаев к-сі", 10, 20, "чётные"],  # school B has the even 2-50
            ["Алматы", "ул. Жандосова", "", 1, 30, "все"],
            ["Алматы", "", "", "abc", 5, "что-то"],
        ]
    )
    preview = client.post(reverse("admissions:address_import"), {"file": upload})
    body = preview.content.decode()
    assert 'data-testid="import-preview"' in body and "table-danger" in body and "table-warning" in body
    assert not CatchmentRange.objects.filter(street__name_ru="ул. Жандосова").exists()
    payload = preview.context["payload"]
    done = client.post(reverse("admissions:address_import"), {"payload": payload})
    assert done.status_code == 302
    assert CatchmentRange.objects.filter(school=cast.school_a, street__name_ru="ул. Жандосова").exists()
    assert CatchmentRange.objects.filter(school=cast.school_a, street__name_ru="ул. Сатпаева").exists()
    assert client.post(reverse("admissions:address_import"), {"payload": "forged"}).status_code == 302
    junk = client.post(reverse("admissions:address_import"), {"file": SimpleUploadedFile("x.xlsx", b"junk")})
    assert junk.status_code == 200 and not junk.context.get("rows")


def test_reports_on_screen_xlsx_and_pdf_with_constant_queries(login, cast, adm, count_queries):
    """covers ADM-7"""
    from admissions.services import application_confirm

    client = login(cast.secretary)
    url = reverse("admissions:report_summary") + "?year=2026"
    one = None
    for i in range(6):
        a = submit(cast, adm, house=str(10 + i))
        application_confirm(
            acting_user=cast.secretary,
            application=a,
            to_class=adm.class_1a,
            order_number=f"R{i}",
            order_date=datetime.date(2026, 8, 25),
        )
        if one is None:
            one = count_queries(lambda: client.get(reverse("admissions:report_registered") + "?year=2026"))
    many = count_queries(lambda: client.get(reverse("admissions:report_registered") + "?year=2026"))
    assert one == many
    screen = client.get(url)
    assert cast.school_a.name in screen.content.decode()
    xlsx = client.get(url + "&export=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for c in list(sheet.iter_rows())[1]]
    assert values[0] == cast.school_a.name and values[2] == 6 and values[5] == 6
    pdf = client.get(reverse("admissions:report_extended") + "?year=2026&export=pdf")
    assert pdf["Content-Type"] == "application/pdf"


def test_the_district_official_sees_every_school_of_his_district(login, cast, adm):
    """covers ADM-7"""
    submit(cast, adm)
    submit(cast, adm, school=cast.school_b, street=adm.satpaeva, house="4")
    body = (
        login(cast.district_official)
        .get(reverse("admissions:report_summary") + "?year=2026")
        .content.decode()
    )
    assert cast.school_a.name in body and cast.school_b.name in body
    own = login(cast.director_b).get(reverse("admissions:report_summary") + "?year=2026").content.decode()
    assert cast.school_b.name in own and cast.school_a.name not in own


def test_the_application_list_query_count_is_the_same_for_1_and_for_many(login, cast, adm, count_queries):
    """covers ADM-4"""
    client = login(cast.secretary)
    submit(cast, adm)
    one = count_queries(lambda: client.get(reverse("admissions:application_list")))
    for i in range(10):
        submit(cast, adm, house=str(20 + i))
    assert count_queries(lambda: client.get(reverse("admissions:application_list"))) == one
    assert Application.objects.count() == 11


def test_sakuras_sections_lead_to_real_pages(login, client, cast, adm):
    """covers ADM-8"""
    public = client.get(reverse("admissions:home"))
    links = public.context["sections"]
    assert [t for t, _ in links] and all(
        client.get(url).status_code in (200, 302) for _, ls in links for _, url in ls
    )
    staff = login(cast.director)
    sections = staff.get(reverse("admissions:home")).context["sections"]
    from admissions.views.sections import SECTIONS

    assert [t for t, _ in sections] == [t for t, _ in SECTIONS]  # all six, each with a real page
    for _title, entries in sections:
        for _label, url in entries:
            assert staff.get(url).status_code in (200, 302), url
