"""Records management keeps what was registered (BLK-7): protocols, documents, letters and assignments are
archived with a reason, never deleted; they leave the working lists, keep their number and their history,
and can be restored."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from core.services import OperationError
from strict_forms import services
from strict_forms.models import Assignment, Correspondence, Protocol
from tests.strict_forms.factories import (
    AssignmentFactory,
    CorrespondenceFactory,
    DocumentFactory,
    ProtocolFactory,
)


def test_the_clerk_archives_a_mistaken_protocol_with_a_reason_and_the_list_hides_it(cast, login):
    """covers BLK-7"""
    protocol = ProtocolFactory(school=cast.school_a, number="7", agenda="Ошибочная запись")
    client = login(cast.records_clerk)
    edit = client.get(reverse("strict_forms:protocol_edit", args=[protocol.pk]))
    archive_url = reverse("strict_forms:record_archive", args=["protocol", protocol.pk])
    assert archive_url in edit.content.decode()

    empty = client.post(archive_url, {"reason": "   "})
    assert empty.status_code == 200 and "reason" in empty.context["form"].errors
    assert not Protocol.objects.get().is_archived

    done = client.post(archive_url, {"reason": "зарегистрирован дважды"})
    assert done.status_code == 302 and done["Location"] == reverse("strict_forms:protocol_list")
    protocol.refresh_from_db()
    assert protocol.archived_on == datetime.date.today()
    assert protocol.archive_reason == "зарегистрирован дважды" and protocol.archived_by == cast.records_clerk

    working = client.get(reverse("strict_forms:protocol_list"))
    assert protocol not in working.context["object_list"]
    archive = client.get(reverse("strict_forms:protocol_list"), {"archived": "on"})
    assert list(archive.context["object_list"]) == [protocol]


def test_an_archived_record_keeps_its_number_and_its_history_and_can_be_restored(cast, login):
    """covers BLK-7"""
    letter = CorrespondenceFactory(school=cast.school_a, reg_number="15", subject="О проверке")
    client = login(cast.records_clerk)
    services.record_archive(acting_user=cast.records_clerk, record=letter, reason="ошибка регистрации")
    clash = client.post(
        reverse("strict_forms:correspondence_create"),
        {
            "direction": "incoming",
            "reg_number": "15",
            "reg_date": letter.reg_date.isoformat(),
            "correspondent": "Акимат",
            "subject": "Другое",
        },
    )
    assert clash.status_code == 200 and Correspondence.objects.count() == 1

    page = client.get(reverse("strict_forms:correspondence_edit", args=[letter.pk]))
    text = page.content.decode()
    assert "ошибка регистрации" in text and 'data-testid="restore"' in text
    assert len(page.context["history"]) >= 2

    restored = client.post(reverse("strict_forms:record_restore", args=["correspondence", letter.pk]))
    assert restored.status_code == 302
    letter.refresh_from_db()
    assert not letter.is_archived and letter.archive_reason == ""
    listed = client.get(reverse("strict_forms:correspondence_list"), {"direction": "incoming"})
    assert letter in listed.context["object_list"]


def test_a_letter_with_assignments_in_progress_cannot_be_archived(cast):
    """covers BLK-7"""
    letter = CorrespondenceFactory(school=cast.school_a)
    AssignmentFactory(school=cast.school_a, correspondence=letter, title="Ответить до пятницы")
    with pytest.raises(OperationError) as error:
        services.record_archive(acting_user=cast.records_clerk, record=letter, reason="не нужно")
    assert "Ответить до пятницы" in str(error.value)
    letter.refresh_from_db()
    assert not letter.is_archived


def test_an_archived_assignment_leaves_the_overdue_list_and_cannot_be_marked_done(cast, login):
    """covers BLK-7"""
    late = AssignmentFactory(school=cast.school_a, due_date=datetime.date(2026, 1, 10))
    client = login(cast.records_clerk)
    overdue = client.get(reverse("strict_forms:assignment_list"), {"tab": "overdue"})
    assert late in overdue.context["object_list"]
    services.record_archive(acting_user=cast.records_clerk, record=late, reason="поручение отменено")
    assert (
        late
        not in client.get(reverse("strict_forms:assignment_list"), {"tab": "overdue"}).context["object_list"]
    )
    archive = client.get(reverse("strict_forms:assignment_list"), {"tab": "archive"})
    assert list(archive.context["object_list"]) == [late]
    client.post(reverse("strict_forms:assignment_done", args=[late.pk]))
    assert Assignment.objects.get().status == "in_progress"


def test_an_archived_document_moves_to_the_folders_archive_section(cast, login):
    """covers BLK-7"""
    document = DocumentFactory(school=cast.school_a, title="Устаревшее положение")
    services.record_archive(acting_user=cast.records_clerk, record=document, reason="заменено новым")
    page = login(cast.records_clerk).get(reverse("strict_forms:folder_detail", args=[document.folder_id]))
    assert list(page.context["documents"]) == []
    assert list(page.context["archived_documents"]) == [document]
    assert "заменено новым" in page.content.decode()


def test_archiving_twice_restoring_a_working_record_or_an_unknown_kind_is_refused(cast, login):
    """covers BLK-7"""
    protocol = ProtocolFactory(school=cast.school_a)
    with pytest.raises(OperationError) as error:
        services.record_restore(acting_user=cast.records_clerk, record=protocol)
    assert str(error.value) == gettext("This record is not in the archive.")
    services.record_archive(acting_user=cast.records_clerk, record=protocol, reason="ошибка")
    with pytest.raises(OperationError):
        services.record_archive(acting_user=cast.records_clerk, record=protocol, reason="ещё раз")
    with pytest.raises(OperationError):
        services.record_archive(acting_user=cast.teacher, record=protocol, reason="x")
    client = login(cast.records_clerk)
    assert client.get(reverse("strict_forms:record_archive", args=["blank", protocol.pk])).status_code == 404
