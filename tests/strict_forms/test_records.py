"""Records management (BLK-7), the navigation of the area, the demo data, and another school's 404s."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from strict_forms.models import Assignment, Blank, Correspondence, Document, IssuedDocument, Protocol
from tests.factories import EmployeeFactory, StudentFactory
from tests.strict_forms.factories import (
    AssignmentFactory,
    FolderFactory,
    ProtocolFactory,
)
from tests.strict_forms.url_matrix import URL_CASES

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded files of these tests go to a temporary directory."""
    from django.core.files.storage import storages
    from django.utils.functional import empty

    from core.files import private_storage

    settings.STORAGES = settings.STORAGES | {
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        }
    }
    storages._storages.pop("private", None)
    private_storage._wrapped = empty
    yield
    storages._storages.pop("private", None)
    private_storage._wrapped = empty


def test_a_protocol_of_the_pedagogical_council_is_registered_with_its_file(cast, login):
    """covers BLK-7"""
    client = login(cast.secretary)
    response = client.post(
        reverse("strict_forms:protocol_create"),
        {
            "kind": "pedagogical_council",
            "number": "5",
            "date": "2026-06-15",
            "agenda": "О выпуске учащихся 11 класса",
            "file": SimpleUploadedFile("protocol.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    protocol = Protocol.objects.get()
    assert protocol.school == cast.school_a
    download = client.get(reverse("strict_forms:protocol_file", args=[protocol.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "О выпуске" in client.get(reverse("strict_forms:protocol_list")).content.decode()


def test_a_duplicate_protocol_number_or_a_fake_pdf_is_refused_beside_the_field(cast, login):
    """covers BLK-7"""
    ProtocolFactory(school=cast.school_a, number="5", date=datetime.date(2026, 3, 1))
    client = login(cast.secretary)
    data = {"kind": "pedagogical_council", "number": "5", "date": "2026-06-15", "agenda": "Итоги"}
    duplicate = client.post(reverse("strict_forms:protocol_create"), data)
    assert duplicate.context["form"].errors
    fake = client.post(
        reverse("strict_forms:protocol_create"),
        data | {"number": "6", "file": SimpleUploadedFile("x.pdf", b"MZ not a pdf")},
    )
    assert "file" in fake.context["form"].errors
    assert Protocol.objects.count() == 1


def test_documents_are_kept_in_folders(cast, login):
    """covers BLK-7"""
    client = login(cast.records_clerk)
    client.post(reverse("strict_forms:folder_create"), {"name": "Нормативные документы"})
    folder = cast.school_a.document_folders.get()
    response = client.post(
        reverse("strict_forms:document_create"),
        {
            "folder": folder.pk,
            "title": "Устав школы",
            "date": "2026-09-01",
            "file": SimpleUploadedFile("ustav.pdf", PDF),
        },
    )
    assert response["Location"] == reverse("strict_forms:folder_detail", args=[folder.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Устав школы" in page
    assert Document.objects.get().school == cast.school_a
    foreign = FolderFactory(school=cast.school_b)
    refused = client.post(
        reverse("strict_forms:document_create"),
        {
            "folder": foreign.pk,
            "title": "Чужой",
            "date": "2026-09-01",
            "file": SimpleUploadedFile("a.pdf", PDF),
        },
    )
    assert "folder" in refused.context["form"].errors


def test_incoming_and_outgoing_letters_are_registered_each_in_its_tab(cast, login):
    """covers BLK-7"""
    client = login(cast.records_clerk)
    for direction, number in (("incoming", "14"), ("outgoing", "7")):
        response = client.post(
            reverse("strict_forms:correspondence_create"),
            {
                "direction": direction,
                "reg_number": number,
                "reg_date": "2026-09-03",
                "correspondent": "Управление образования",
                "subject": f"Письмо {number}",
                "response_due": "2026-09-15",
            },
        )
        assert response.status_code == 302
    incoming = client.get(
        reverse("strict_forms:correspondence_list"), {"direction": "incoming"}
    ).content.decode()
    assert "Письмо 14" in incoming and "Письмо 7" not in incoming
    outgoing = client.get(
        reverse("strict_forms:correspondence_list"), {"direction": "outgoing"}
    ).content.decode()
    assert "Письмо 7" in outgoing
    late = client.post(
        reverse("strict_forms:correspondence_create"),
        {
            "direction": "incoming",
            "reg_number": "15",
            "reg_date": "2026-09-03",
            "correspondent": "Акимат",
            "subject": "Срок раньше регистрации",
            "response_due": "2026-09-01",
        },
    )
    assert late.context["form"].errors and Correspondence.objects.count() == 2


def test_assignments_in_progress_done_and_overdue(cast, login):
    """covers BLK-7"""
    executor = EmployeeFactory(school=cast.school_a)
    client = login(cast.records_clerk)
    client.post(
        reverse("strict_forms:assignment_create"),
        {"title": "Сдать отчёт", "executor": executor.pk, "due_date": "2020-01-10", "status": "in_progress"},
    )
    AssignmentFactory(school=cast.school_a, title="Будущее", due_date=datetime.date(2099, 1, 1))
    assignment = Assignment.objects.get(title="Сдать отчёт")
    overdue = client.get(reverse("strict_forms:assignment_list"), {"tab": "overdue"}).content.decode()
    assert "Сдать отчёт" in overdue and "Будущее" not in overdue
    client.post(reverse("strict_forms:assignment_done", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.status == "done" and assignment.done_on is not None
    done = client.get(reverse("strict_forms:assignment_list"), {"tab": "done"}).content.decode()
    assert "Сдать отчёт" in done
    assert "Сдать отчёт" not in client.get(reverse("strict_forms:assignment_list")).content.decode()


def test_an_executor_of_another_school_is_refused(cast, login):
    """covers BLK-7"""
    stranger = EmployeeFactory(school=cast.school_b)
    response = login(cast.records_clerk).post(
        reverse("strict_forms:assignment_create"),
        {"title": "Сдать отчёт", "executor": stranger.pk, "due_date": "2026-10-10", "status": "in_progress"},
    )
    assert "executor" in response.context["form"].errors and not Assignment.objects.exists()


def test_the_area_links_to_the_order_register_of_the_foundation(cast, login):
    """covers BLK-7"""
    page = login(cast.records_clerk).get(reverse("strict_forms:blank_list")).content.decode()
    for name in ("core:order_list", "strict_forms:protocol_list", "strict_forms:correspondence_list"):
        assert f'href="{reverse(name)}"' in page


def test_another_schools_staff_get_404_on_every_url_of_this_schools_blanks_and_records(cast, client):
    """covers BLK-1 BLK-2 BLK-3 BLK-4 BLK-5 BLK-6 BLK-7"""
    client.force_login(cast.director_b)
    checked = 0
    for name, case in URL_CASES.items():
        if case.expect.get("director_b") != 404:
            continue
        url = reverse(name, kwargs=case.kwargs(cast))
        response = client.post(url) if case.method == "post" else client.get(url)
        assert response.status_code == 404, name
        checked += 1
    assert checked >= 20
    assert Blank.objects.filter(school=cast.school_a).exists()


def test_the_demo_gives_each_school_blanks_in_several_states_and_last_years_documents(cast):
    """covers BLK-1 BLK-4 BLK-5 BLK-6"""
    from core import demo as core_demo
    from strict_forms import demo

    context = core_demo.seed()
    for school in context["schools"].values():
        EmployeeFactory(school=school)
        StudentFactory(school=school, parallel=11, status="graduated")
        StudentFactory(school=school, parallel=9)
        StudentFactory(school=school, parallel=4)
    demo.seed(context)
    school = context["schools"]["a"]
    states = set(Blank.objects.filter(school=school).values_list("status", flat=True))
    assert {"new", "handed_out", "issued", "spoiled", "lost"} <= states
    assert IssuedDocument.objects.filter(school=school).education().count() == 2
    assert IssuedDocument.objects.filter(school=school).commendation().count() == 1
    before = (Blank.objects.count(), IssuedDocument.objects.count(), Protocol.objects.count())
    demo.seed(context)
    assert (Blank.objects.count(), IssuedDocument.objects.count(), Protocol.objects.count()) == before
