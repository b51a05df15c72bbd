"""The order register and uploaded scans (DESIGN rule 5, ORG-7, ORG-8)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext

from core.models import AccessLog, Order
from tests.factories import OrderFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _order_data(**changes):
    data = {
        "number": "15-о",
        "date": "2026-09-01",
        "content": "Об организации питания",
        "scan": SimpleUploadedFile("prikaz.pdf", PDF, content_type="application/pdf"),
    }
    data.update(changes)
    return data


def test_a_clerk_registers_an_order_with_a_scan_and_colleagues_open_it(cast, login, settings, tmp_path):
    """covers ORG-7"""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    response = login(cast.records_clerk).post(reverse("core:order_create"), _order_data())
    assert response.status_code == 302
    order = Order.objects.get(number="15-о")
    assert order.school == cast.school_a and order.author == cast.records_clerk
    assert not order.scan.name.startswith("static")
    scan = login(cast.director).get(reverse("core:order_scan", args=[order.pk]))
    assert scan.status_code == 200 and scan["Content-Type"] == "application/pdf"
    assert b"".join(scan.streaming_content) == PDF
    assert AccessLog.objects.filter(user=cast.director, action="download", object_id=str(order.pk)).exists()
    assert login(cast.director_b).get(reverse("core:order_scan", args=[order.pk])).status_code == 404
    assert login(cast.teacher).get(reverse("core:order_scan", args=[order.pk])).status_code == 403


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (
            SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
            "file_type",
        ),
        (
            SimpleUploadedFile("fake.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf"),
            "file_content",
        ),
        (
            SimpleUploadedFile("big.pdf", PDF + b"0" * (20 * 1024 * 1024), content_type="application/pdf"),
            "file_size",
        ),
    ],
)
def test_a_wrong_type_or_a_20_mb_scan_is_refused_and_nothing_is_saved(cast, login, upload, code):
    """covers ORG-8"""
    response = login(cast.records_clerk).post(reverse("core:order_create"), _order_data(scan=upload))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["scan"]] == [code]
    assert not Order.objects.exists()


def test_an_order_number_is_unique_in_a_school_year(cast, login):
    """covers ORG-8"""
    OrderFactory(school=cast.school_a, author=cast.director, number="15-о", date=datetime.date(2026, 9, 1))
    response = login(cast.records_clerk).post(reverse("core:order_create"), _order_data())
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Order.objects.count() == 1
    # the same number in another school is fine
    OrderFactory(school=cast.school_b, author=cast.director_b, number="15-о", date=datetime.date(2026, 9, 1))


def test_an_order_without_number_date_or_content_is_refused(cast, login):
    """covers ORG-8"""
    response = login(cast.records_clerk).post(
        reverse("core:order_create"), _order_data(number=" ", content="", date="")
    )
    assert set(response.context["form"].errors) >= {"number", "content", "date"}
    assert not Order.objects.exists()


def test_the_register_filters_by_kind_and_dates_and_exports_the_same_rows(cast, login, count_queries):
    """covers ORG-7"""
    from io import BytesIO

    from openpyxl import load_workbook

    for day in (1, 2, 3):
        OrderFactory(school=cast.school_a, author=cast.director, date=datetime.date(2026, 9, day))
    OrderFactory(school=cast.school_b, author=cast.director_b)
    client = login(cast.director)
    response = client.get(reverse("core:order_list"), {"date_from": "2026-09-02"})
    assert len(response.context["object_list"]) == 2
    export = client.get(reverse("core:order_list"), {"date_from": "2026-09-02", "export": "xlsx"})
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 2
    assert {r[0] for r in rows[1:]} == {o.number for o in response.context["object_list"]}


def test_the_register_runs_the_same_number_of_queries_for_1_and_30_orders(cast, login, count_queries):
    """covers ORG-7"""
    client = login(cast.director)
    OrderFactory(school=cast.school_a, author=cast.director)
    one = count_queries(lambda: client.get(reverse("core:order_list")))
    for _ in range(29):
        OrderFactory(school=cast.school_a, author=cast.hr_officer)
    thirty = count_queries(lambda: client.get(reverse("core:order_list")))
    assert one == thirty


def test_the_scan_of_an_order_made_by_an_operation_is_attached_later(cast, login, settings, tmp_path):
    """covers ORG-7 (DESIGN rule 5): orders of movements are signed on paper after they are made."""
    from core.models import OrderKind

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    order = OrderFactory(school=cast.school_a, author=cast.hr_officer, kind=OrderKind.STAFF_LEAVE)
    client = login(cast.hr_officer)
    url = reverse("core:order_scan_upload", args=[order.pk])
    assert url in client.get(order.get_absolute_url()).content.decode()
    empty = client.post(url, {})
    assert empty.status_code == 200 and gettext("Attach the scan of the order.") in empty.content.decode()
    fake = client.post(url, {"scan": SimpleUploadedFile("order.pdf", b"MZ\x90\x00")})
    assert fake.status_code == 200
    order.refresh_from_db()
    assert not order.scan
    response = client.post(url, {"scan": SimpleUploadedFile("order.pdf", PDF)})
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    order.refresh_from_db()
    assert order.scan and order.kind == OrderKind.STAFF_LEAVE
    assert login(cast.director).get(reverse("core:order_scan", args=[order.pk])).status_code == 200
    assert url not in login(cast.deputy_director).get(order.get_absolute_url()).content.decode()
