"""The public part through the browser's eyes (ADM-1, ADM-2, ADM-3): no login, kk/ru/ky, flood limits,
the same "not found" for a wrong pair, documents within 5 MB."""

import datetime
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from admissions.models import Application, ApplicationDocument, Status
from tests.admissions.conftest import kid_iin, parent_iin, submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"0" * 100


def form_data(cast, adm, **overrides):
    data = {
        "school": cast.school_a.pk,
        "request_id": str(uuid.uuid4()),
        "category": "residence",
        "child_iin": kid_iin(datetime.date(2020, 3, 8), "f"),
        "child_last_name": "Ахметова",
        "child_first_name": "Аружан",
        "street": adm.abaya.pk,
        "house": " 12А ",
        "parent_iin": parent_iin(),
        "parent_last_name": "Ахметова",
        "parent_first_name": "Гульнара",
        "phone": "+7 (701) 234-56-78",
        "email": "g@example.kz",
        "consent": "on",
    }
    data.update(overrides)
    return data


def shown_number(response):
    """The application number the answer shows (the receipt), or None (the form again)."""
    match = re.search(r'data-testid="application-number">\s*([0-9]+)\s*<', response.content.decode())
    return match.group(1) if match else None


def test_a_parent_applies_without_login_and_gets_a_number_and_the_birth_date_from_the_iin(client, cast, adm):
    """covers ADM-1"""
    page = client.get(reverse("admissions:apply_start") + f"?school={cast.school_a.pk}")
    assert page.status_code == 200 and 'name="request_id"' in page.content.decode()
    data = form_data(cast, adm, doc_photo=SimpleUploadedFile("photo.pdf", PDF))
    response = client.post(reverse("admissions:apply_start"), data)
    assert response.status_code == 200, response.content.decode()[:2000]
    application = Application.objects.get()
    assert application.child_birth_date == datetime.date(2020, 3, 8) and application.child_sex == "f"
    assert application.house == "12А" and application.phone == "+77012345678" and application.in_catchment
    assert application.consent_at is not None
    assert ApplicationDocument.objects.get().kind == "photo"
    # The answer is the receipt itself (no redirect, no second request).
    assert shown_number(response) == application.number
    assert "Your application is registered" in response.content.decode()


def test_a_retry_of_the_same_form_gives_the_same_number(client, cast, adm):
    """covers ADM-1 (idempotent request id)"""
    data = form_data(cast, adm)
    first = client.post(reverse("admissions:apply_start"), data)
    second = client.post(reverse("admissions:apply_start"), data)
    assert shown_number(first) == shown_number(second) == Application.objects.get().number


@override_settings(ADMISSIONS_RATE_LIMITS={"apply": 100, "status": 100})
def test_a_submission_takes_few_statements_and_a_retry_inserts_nothing(client, cast, adm, count_queries):
    """covers ADM-1 (opening day: one statement reads the school with the street and counts the
    flood, one reads the rule with the catchment and quota, and one INSERT ... ON CONFLICT stores the
    application and its first status; the test's own transaction adds a savepoint and its release
    around the insert). The three are prepared once per database connection (core.prepared):
    the first submission on a connection sends the PREPAREs too, the next ones only EXECUTEs."""
    url = reverse("admissions:apply_start")
    client.post(url, form_data(cast, adm, child_iin=kid_iin(datetime.date(2020, 7, 1))))
    data = form_data(cast, adm)
    responses = []
    assert count_queries(lambda: responses.append(client.post(url, data))) == 3 + 2
    assert responses[0].status_code == 200 and shown_number(responses[0])
    # The retry: the insert does nothing and the stored application is read back.
    assert count_queries(lambda: responses.append(client.post(url, data))) == 3 + 2 + 1
    assert shown_number(responses[0]) == shown_number(responses[1])
    application = Application.objects.get(request_id=data["request_id"])
    assert application.status_changes.count() == 1 and application.in_catchment


HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "apply-body"}


def test_a_form_sent_by_htmx_gets_the_receipt_alone_and_without_javascript_the_whole_page(client, cast, adm):
    """covers ADM-1 (with JavaScript the form is sent by htmx and its answer is the receipt alone,
    which replaces the form and the page's title; a browser without it gets the whole page)"""
    page = client.get(reverse("admissions:apply_start") + f"?school={cast.school_a.pk}").content.decode()
    assert (
        'id="apply-body"' in page
        and 'hx-post="/admissions/apply/"' in page
        and 'hx-target="#apply-body"' in page
    )
    assert 'action="/admissions/apply/"' in page and "js/admissions.js" in page
    data = form_data(cast, adm)
    answer = client.post(reverse("admissions:apply_start"), data, **HTMX)
    body = answer.content.decode()
    application = Application.objects.get()
    assert answer.status_code == 200 and shown_number(answer) == application.number
    assert "<html" not in body and "<nav" not in body and "<form" not in body
    assert re.search(
        r'<h1[^>]*id="public-title"[^>]*hx-swap-oob="true"[^>]*>Your application is registered<', body
    )
    assert cast.school_a.name in body and application.child_full_name in body
    # The same form again (htmx's or the browser's retry) shows the same number, page or fragment.
    assert shown_number(client.post(reverse("admissions:apply_start"), data)) == application.number
    full = client.post(reverse("admissions:apply_start"), data).content.decode()
    assert "<html" in full and 'id="public-title"' in full and "hx-swap-oob" not in full
    assert shown_number(client.post(reverse("admissions:apply_start"), data, **HTMX)) == application.number
    assert Application.objects.count() == 1


def test_a_form_sent_by_htmx_that_needs_correcting_comes_back_alone_with_its_errors(client, cast, adm):
    """covers ADM-1, ORG-8 (the htmx answer to bad input is the form with its messages, nothing saved)"""
    answer = client.post(reverse("admissions:apply_start"), form_data(cast, adm, phone="12"), **HTMX)
    body = answer.content.decode()
    assert answer.status_code == 200 and "<html" not in body
    assert 'hx-post="/admissions/apply/"' in body and "is-invalid" in body and "+7 701 234 56 78" in body
    assert 'name="csrfmiddlewaretoken"' in body and f'name="school" value="{cast.school_a.pk}"' in body
    assert not Application.objects.exists()


def test_bad_input_is_a_message_and_nothing_is_saved(client, cast, adm):
    """covers ADM-1, ORG-8"""
    cases = [
        {"child_iin": "123456789012"},  # wrong checksum
        {"child_last_name": "<script>"},
        {"consent": ""},
        {"phone": "12"},
        {"child_birth_date": "2019-01-01"},  # not the IIN's date
        {"street": "999999"},
        {"parent_iin": ""},
        {"request_id": "not-a-uuid", "child_iin": "1"},
    ]
    for override in cases:
        response = client.post(reverse("admissions:apply_start"), form_data(cast, adm, **override))
        assert response.status_code == 200, override
        assert "is-invalid" in response.content.decode() or "alert" in response.content.decode(), override
    assert not Application.objects.exists()


def test_documents_over_five_megabytes_together_are_refused(client, cast, adm):
    """covers ADM-1"""
    big = PDF + b"0" * (3 * 1024 * 1024)
    data = form_data(
        cast,
        adm,
        doc_health_065=SimpleUploadedFile("a.pdf", big),
        doc_health_026=SimpleUploadedFile("b.pdf", big),
    )
    response = client.post(reverse("admissions:apply_start"), data)
    assert response.status_code == 200 and "5 MB" in response.content.decode()
    assert not Application.objects.exists() and not ApplicationDocument.objects.exists()


def test_a_too_young_child_gets_a_clear_message(client, cast, adm):
    """covers ADM-1"""
    data = form_data(cast, adm, child_iin=kid_iin(datetime.date(2021, 1, 1)))
    response = client.post(reverse("admissions:apply_start"), data)
    assert "too young" in response.content.decode()
    assert not Application.objects.exists()


@override_settings(ADMISSIONS_RATE_LIMITS={"apply": 2, "status": 3})
def test_flood_limits_per_client_address(client, cast, adm):
    """covers ADM-1, ADM-3 (limits per address)"""
    for _ in range(2):
        assert shown_number(client.post(reverse("admissions:apply_start"), form_data(cast, adm)))
    third = client.post(reverse("admissions:apply_start"), form_data(cast, adm))
    assert third.status_code == 429 and Application.objects.count() == 2
    by_htmx = client.post(reverse("admissions:apply_start"), form_data(cast, adm), **HTMX)
    assert by_htmx.status_code == 429 and "<html" not in by_htmx.content.decode()
    assert "Too many requests" in by_htmx.content.decode() and Application.objects.count() == 2
    for _ in range(3):
        client.post(reverse("admissions:status"), {"number": "1", "child_iin": "1"})
    assert client.post(reverse("admissions:status"), {"number": "1", "child_iin": "1"}).status_code == 429
    other = client.post(reverse("admissions:apply_start"), form_data(cast, adm), REMOTE_ADDR="10.1.2.3")
    assert shown_number(other) and Application.objects.count() == 3


def test_status_check_shows_the_status_and_history_and_a_wrong_pair_reads_like_a_missing_one(
    client, cast, adm
):
    """covers ADM-3"""
    a = submit(cast, adm)
    found = client.post(reverse("admissions:status"), {"number": a.number, "child_iin": a.child_iin})
    assert found.status_code == 200 and 'data-testid="status-history"' in found.content.decode()
    wrong_pair = client.post(reverse("admissions:status"), {"number": a.number, "child_iin": kid_iin()})
    missing = client.post(reverse("admissions:status"), {"number": "100000000000", "child_iin": a.child_iin})

    def body(response):  # the page without the echoed values and the CSRF token
        return re.sub(r'(value="[^"]*"|"X-CSRFToken": "[^"]*")', "", response.content.decode())

    assert "status-result" not in wrong_pair.content.decode()
    assert wrong_pair.status_code == missing.status_code == 200
    assert body(wrong_pair) == body(missing)


def test_the_parent_cancels_a_waiting_application_from_the_status_page(client, cast, adm):
    """covers ADM-3"""
    a = submit(cast, adm)
    client.post(
        reverse("admissions:status"), {"number": a.number, "child_iin": a.child_iin, "action": "withdraw"}
    )
    a.refresh_from_db()
    assert a.status == Status.WITHDRAWN


@pytest.mark.parametrize("language", ["kk", "ru", "ky"])
def test_the_public_pages_speak_kazakh_russian_and_kyrgyz(client, cast, adm, language):
    """covers ADM-1, ADM-8"""
    client.cookies["django_language"] = language
    page = client.get(reverse("admissions:apply_start") + f"?school={cast.school_a.pk}")
    assert f'lang="{language}"' in page.content.decode()
    assert client.get(reverse("admissions:status")).status_code == 200


def test_school_search_by_address_finds_the_catchment_school_and_flags_a_double_claim(client, cast, adm):
    """covers ADM-2"""
    one = client.get(reverse("admissions:search"), {"street": adm.abaya.pk, "house": "12"})
    assert cast.school_a.name in one.content.decode() and cast.school_b.name not in one.content.decode()
    two = client.get(reverse("admissions:search"), {"street": adm.abaya.pk, "house": "93"})
    assert cast.school_a.name in two.content.decode() and cast.school_b.name in two.content.decode()
    assert "alert-warning" in two.content.decode()
    none = client.get(reverse("admissions:search"), {"street": adm.abaya.pk, "house": "150"})
    assert "alert-info" in none.content.decode()
