"""URL x role matrix of the blanks and records area: school A's objects are 404 for school B's director
and for the district official; lists answer each school's own staff."""

import datetime

from tests.strict_forms.factories import (
    AssignmentFactory,
    BlankFactory,
    CorrespondenceFactory,
    DocumentFactory,
    FolderFactory,
    IssuedDocumentFactory,
    LetterFactory,
    ProtocolFactory,
    WriteOffActFactory,
)
from tests.url_matrix import Case

BLANK_VIEWERS = ("director", "deputy_director", "records_clerk")
BLANK_MANAGERS = ("director", "records_clerk")
RECORD_PEOPLE = ("director", "deputy_director", "records_clerk", "secretary")


def lists(roles, status=200):
    """A page of the current school: its own staff with the right (school B's director at B)."""
    return {r: status for r in roles} | {"director_b": status}


def objects(roles, status=200):
    """An object of school A: 404 for school B and the district, 403 for A's staff without the right."""
    return {r: status for r in roles} | {"director_b": 404, "district_official": 404}


def _pk(factory, **extra):
    return lambda c: {"pk": factory(school=c.school_a, **extra).pk}


def _kind_a(c):
    from strict_forms.models import BlankKind

    kind = BlankKind.objects.create(
        school=c.school_a, code=f"own{BlankKind.objects.count()}", name_ru="Свой", name_kk="Өз", name_en="Own"
    )
    return {"pk": kind.pk}


URL_CASES = {
    "strict_forms:blank_list": Case(expect=lists(BLANK_VIEWERS)),
    "strict_forms:blank_receive": Case(expect=lists(BLANK_MANAGERS)),
    "strict_forms:blank_hand_out": Case(expect=lists(BLANK_MANAGERS)),
    "strict_forms:blank_write_off": Case(expect=lists(BLANK_MANAGERS)),
    "strict_forms:employee_search": Case(expect=lists(BLANK_MANAGERS), query="q=a"),
    "strict_forms:student_search": Case(expect=lists(BLANK_MANAGERS), query="q=a"),
    "strict_forms:blank_detail": Case(kwargs=_pk(BlankFactory), expect=objects(BLANK_VIEWERS)),
    "strict_forms:blank_delete": Case(
        kwargs=_pk(BlankFactory), method="post", expect=objects(BLANK_MANAGERS, 302)
    ),
    "strict_forms:act_list": Case(expect=lists(BLANK_VIEWERS)),
    "strict_forms:act_pdf": Case(kwargs=_pk(WriteOffActFactory), expect=objects(BLANK_VIEWERS)),
    "strict_forms:kind_list": Case(expect=lists(BLANK_VIEWERS)),
    "strict_forms:kind_create": Case(expect=lists(BLANK_MANAGERS)),
    "strict_forms:kind_edit": Case(kwargs=_kind_a, expect=objects(BLANK_MANAGERS)),
    "strict_forms:attestat_list": Case(expect=lists(BLANK_VIEWERS)),
    "strict_forms:attestat_create": Case(expect=lists(BLANK_MANAGERS)),
    "strict_forms:attestat_detail": Case(kwargs=_pk(IssuedDocumentFactory), expect=objects(BLANK_VIEWERS)),
    "strict_forms:attestat_edit": Case(kwargs=_pk(IssuedDocumentFactory), expect=objects(BLANK_MANAGERS)),
    "strict_forms:attestat_duplicate": Case(
        kwargs=_pk(IssuedDocumentFactory), expect=objects(BLANK_MANAGERS)
    ),
    "strict_forms:attestat_export": Case(
        kwargs=lambda c: {"pk": IssuedDocumentFactory(school=c.school_a).pk, "fmt": "docx"},
        expect=objects(BLANK_VIEWERS),
    ),
    "strict_forms:letter_list": Case(expect=lists(BLANK_VIEWERS)),
    "strict_forms:letter_create": Case(expect=lists(BLANK_MANAGERS)),
    "strict_forms:letter_edit": Case(kwargs=_pk(LetterFactory), expect=objects(BLANK_MANAGERS)),
    "strict_forms:letter_delete": Case(
        kwargs=_pk(LetterFactory), method="post", expect=objects(BLANK_MANAGERS, 302)
    ),
    "strict_forms:letter_pdf": Case(kwargs=_pk(LetterFactory), expect=objects(BLANK_VIEWERS)),
    "strict_forms:book": Case(expect=lists(BLANK_VIEWERS)),
    "strict_forms:protocol_list": Case(expect=lists(RECORD_PEOPLE)),
    "strict_forms:protocol_create": Case(expect=lists(RECORD_PEOPLE)),
    "strict_forms:protocol_edit": Case(kwargs=_pk(ProtocolFactory), expect=objects(RECORD_PEOPLE)),
    "strict_forms:protocol_file": Case(kwargs=_pk(ProtocolFactory), expect=objects(RECORD_PEOPLE, 404)),
    "strict_forms:folder_list": Case(expect=lists(RECORD_PEOPLE)),
    "strict_forms:folder_create": Case(expect=lists(RECORD_PEOPLE)),
    "strict_forms:folder_detail": Case(kwargs=_pk(FolderFactory), expect=objects(RECORD_PEOPLE)),
    "strict_forms:document_create": Case(expect=lists(RECORD_PEOPLE)),
    "strict_forms:document_edit": Case(kwargs=_pk(DocumentFactory), expect=objects(RECORD_PEOPLE)),
    "strict_forms:document_file": Case(kwargs=_pk(DocumentFactory), expect=objects(RECORD_PEOPLE, 404)),
    "strict_forms:correspondence_list": Case(expect=lists(RECORD_PEOPLE)),
    "strict_forms:correspondence_create": Case(expect=lists(RECORD_PEOPLE)),
    "strict_forms:correspondence_edit": Case(
        kwargs=_pk(CorrespondenceFactory), expect=objects(RECORD_PEOPLE)
    ),
    "strict_forms:correspondence_file": Case(
        kwargs=_pk(CorrespondenceFactory), expect=objects(RECORD_PEOPLE, 404)
    ),
    "strict_forms:assignment_list": Case(expect=lists(RECORD_PEOPLE)),
    "strict_forms:assignment_create": Case(expect=lists(RECORD_PEOPLE)),
    "strict_forms:assignment_edit": Case(kwargs=_pk(AssignmentFactory), expect=objects(RECORD_PEOPLE)),
    "strict_forms:assignment_done": Case(
        kwargs=_pk(AssignmentFactory), method="post", expect=objects(RECORD_PEOPLE, 302)
    ),
    "strict_forms:record_archive": Case(
        kwargs=lambda c: {"kind": "protocol", "pk": ProtocolFactory(school=c.school_a).pk},
        expect=objects(RECORD_PEOPLE),
    ),
    "strict_forms:record_restore": Case(
        kwargs=lambda c: {
            "kind": "correspondence",
            "pk": CorrespondenceFactory(
                school=c.school_a, archived_on=datetime.date(2026, 9, 1), archive_reason="ошибочная запись"
            ).pk,
        },
        method="post",
        expect=objects(RECORD_PEOPLE, 302),
    ),
}
