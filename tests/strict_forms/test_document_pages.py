"""Issued attestats, certificates and commendation letters as pages (BLK-5, BLK-6), the book (DOMAIN 4.3)."""

import io

import docx
import openpyxl
from django.urls import reverse
from pypdf import PdfReader

from core.models import AccessLog
from strict_forms.models import Blank, BlankStatus, DocumentStatus, IssuedDocument
from tests.factories import StudentFactory
from tests.strict_forms.factories import HandedOutBlankFactory, IssuedDocumentFactory, LetterFactory


def pdf_text(response):
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_the_clerk_issues_an_attestat_to_a_graduate_through_the_form(cast, login, attestat_kind, graduate):
    """covers BLK-5"""
    HandedOutBlankFactory(school=cast.school_a, kind=attestat_kind, number="254125")
    client = login(cast.records_clerk)
    form = client.get(reverse("strict_forms:attestat_create"))
    assert "254125" in form.content.decode()  # offered in the list of available blanks
    response = client.post(
        reverse("strict_forms:attestat_create"),
        {"issued_on": "2026-06-20", "student": graduate.pk, "kind": attestat_kind.pk, "number": "254125"},
    )
    document = IssuedDocument.objects.get()
    assert response["Location"] == document.get_absolute_url()
    assert document.student == graduate and Blank.objects.get().status == BlankStatus.ISSUED
    listing = client.get(reverse("strict_forms:attestat_list")).content.decode()
    assert graduate.person.full_name in listing and "254125" in listing


def test_a_blank_of_the_wrong_kind_or_already_used_is_refused_beside_the_number(
    cast, login, attestat_kind, letter_kind, graduate
):
    """covers BLK-5"""
    HandedOutBlankFactory(school=cast.school_a, kind=letter_kind, number="540101")
    used = IssuedDocumentFactory(school=cast.school_a)
    client = login(cast.records_clerk)
    url = reverse("strict_forms:attestat_create")
    base = {"issued_on": "2026-06-20", "student": graduate.pk, "kind": attestat_kind.pk}
    wrong = client.post(url, base | {"number": "540101"})
    assert str(letter_kind) in wrong.context["form"].errors["number"][0]
    again = client.post(url, base | {"number": used.blank.number})
    assert used.blank.number in again.context["form"].errors["number"][0]
    letter_as_attestat = client.post(url, base | {"kind": letter_kind.pk, "number": "540101"})
    assert "kind" in letter_as_attestat.context["form"].errors
    assert IssuedDocument.objects.count() == 1


def test_an_empty_or_hostile_attestat_form_saves_nothing(cast, login):
    """covers BLK-5"""
    client = login(cast.records_clerk)
    response = client.post(
        reverse("strict_forms:attestat_create"),
        {"issued_on": "", "student": "", "kind": "", "number": "<script>alert(1)</script>"},
    )
    errors = response.context["form"].errors
    assert {"issued_on", "student", "kind", "number"} <= set(errors)
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_a_student_of_another_school_is_not_offered(cast, login, attestat_kind):
    """covers BLK-5"""
    HandedOutBlankFactory(school=cast.school_a, kind=attestat_kind, number="254125")
    stranger = StudentFactory(school=cast.school_b, parallel=11, status="graduated")
    response = login(cast.records_clerk).post(
        reverse("strict_forms:attestat_create"),
        {"issued_on": "2026-06-20", "student": stranger.pk, "kind": attestat_kind.pk, "number": "254125"},
    )
    assert "student" in response.context["form"].errors
    assert not IssuedDocument.objects.exists()


def test_the_attestat_record_is_viewed_and_exported_to_excel_word_and_pdf(cast, login):
    """covers BLK-5"""
    document = IssuedDocumentFactory(school=cast.school_a)
    client = login(cast.records_clerk)
    view = client.get(document.get_absolute_url())
    assert document.blank.number in view.content.decode()
    assert AccessLog.objects.filter(action="view", object_id=str(document.pk)).exists()
    name, number = document.student.person.full_name, document.blank.number

    xlsx = client.get(reverse("strict_forms:attestat_export", args=[document.pk, "xlsx"]))
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.values for c in row]
    assert name in cells and number in cells

    word = client.get(reverse("strict_forms:attestat_export", args=[document.pk, "docx"]))
    text = "\n".join(
        c.text for t in docx.Document(io.BytesIO(word.content)).tables for r in t.rows for c in r.cells
    )
    assert name in text and number in text

    pdf = client.get(reverse("strict_forms:attestat_export", args=[document.pk, "pdf"]))
    assert name in pdf_text(pdf) and number in pdf_text(pdf)
    assert client.get(reverse("strict_forms:attestat_export", args=[document.pk, "odt"])).status_code == 404
    assert AccessLog.objects.filter(action="export", object_id=str(document.pk)).count() == 3


def test_editing_an_attestat_is_kept_in_its_history(cast, login):
    """covers BLK-5"""
    document = IssuedDocumentFactory(school=cast.school_a)
    client = login(cast.records_clerk)
    response = client.post(
        reverse("strict_forms:attestat_edit", args=[document.pk]),
        {"issued_on": "2026-06-21", "status": "annulled", "note": "ошибка в фамилии"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.ANNULLED
    page = client.get(reverse("strict_forms:attestat_edit", args=[document.pk])).content.decode()
    assert "ошибка в фамилии" in page and 'data-testid="history"' in page


def test_a_duplicate_is_issued_from_the_record_page_and_both_are_linked(cast, login, attestat_kind):
    """covers BLK-5"""
    original = IssuedDocumentFactory(school=cast.school_a)
    HandedOutBlankFactory(school=cast.school_a, kind=attestat_kind, number="254126")
    client = login(cast.records_clerk)
    response = client.post(
        reverse("strict_forms:attestat_duplicate", args=[original.pk]),
        {"issued_on": "2026-09-01", "kind": attestat_kind.pk, "number": "254126", "note": "утерян"},
    )
    duplicate = IssuedDocument.objects.get(duplicate_of=original)
    assert response["Location"] == duplicate.get_absolute_url()
    page = client.get(original.get_absolute_url()).content.decode()
    assert "254126" in page and duplicate.get_absolute_url() in page


def test_the_clerk_issues_prints_edits_and_deletes_a_commendation_letter(cast, login, letter_kind, pupil):
    """covers BLK-6"""
    HandedOutBlankFactory(school=cast.school_a, kind=letter_kind, number="012541")
    client = login(cast.records_clerk)
    client.post(
        reverse("strict_forms:letter_create"),
        {"issued_on": "2026-05-25", "student": pupil.pk, "kind": letter_kind.pk, "number": "012541"},
    )
    letter = IssuedDocument.objects.get()
    listing = client.get(reverse("strict_forms:letter_list")).content.decode()
    assert pupil.person.full_name in listing and "012541" in listing
    printed = pdf_text(client.get(reverse("strict_forms:letter_pdf", args=[letter.pk])))
    assert pupil.person.full_name in printed and "012541" in printed
    assert (
        client.get(reverse("strict_forms:letter_list") + "?export=pdf")["Content-Type"] == "application/pdf"
    )
    client.post(
        reverse("strict_forms:letter_edit", args=[letter.pk]),
        {"issued_on": "2026-05-26", "status": "valid", "note": "5 класс"},
    )
    letter.refresh_from_db()
    assert str(letter.issued_on) == "2026-05-26"
    client.post(reverse("strict_forms:letter_delete", args=[letter.pk]))
    assert not IssuedDocument.objects.exists()
    assert Blank.objects.get().status == BlankStatus.HANDED_OUT


def test_an_attestat_is_not_reachable_through_the_letter_urls(cast, login):
    """covers BLK-6"""
    attestat = IssuedDocumentFactory(school=cast.school_a)
    client = login(cast.records_clerk)
    assert client.get(reverse("strict_forms:letter_edit", args=[attestat.pk])).status_code == 404
    assert client.post(reverse("strict_forms:letter_delete", args=[attestat.pk])).status_code == 404
    assert IssuedDocument.objects.filter(pk=attestat.pk).exists()


def test_the_lists_of_issued_documents_keep_their_query_count(cast, login, count_queries):
    """covers BLK-5 BLK-6"""
    client = login(cast.records_clerk)
    for name, factory in (("attestat_list", IssuedDocumentFactory), ("letter_list", LetterFactory)):
        url = reverse(f"strict_forms:{name}")
        factory(school=cast.school_a)
        client.get(url)
        one = count_queries(lambda url=url: client.get(url))
        for _ in range(20):
            factory(school=cast.school_a)
        assert count_queries(lambda url=url: client.get(url)) == one


def test_the_book_of_accounting_lists_receipts_outgoings_and_graduates_for_a_year(cast, login, count_queries):
    """covers BLK-5 BLK-1 BLK-3"""
    document = IssuedDocumentFactory(school=cast.school_a)
    client = login(cast.records_clerk)
    page = client.get(reverse("strict_forms:book"), {"year": 2026}).content.decode()
    assert document.student.person.full_name in page and document.blank.number in page
    assert 'data-testid="book-receipts"' in page
    empty = client.get(reverse("strict_forms:book"), {"year": 2019}).content.decode()
    assert document.blank.number not in empty
    pdf = client.get(reverse("strict_forms:book"), {"year": 2026, "export": "pdf"})
    assert document.student.person.full_name in pdf_text(pdf)
    one = count_queries(lambda: client.get(reverse("strict_forms:book"), {"year": 2026}))
    for _ in range(10):
        IssuedDocumentFactory(school=cast.school_a)
    assert count_queries(lambda: client.get(reverse("strict_forms:book"), {"year": 2026})) == one
