"""Rules the QA pass added: one valid attestat of a kind per student, sensible dates and series
(BLK-1, BLK-5), each refusal beside its field with nothing saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from core.services import OperationError
from strict_forms import services
from strict_forms.models import Blank, BlankStatus, DocumentStatus, IssuedDocument
from tests.strict_forms.test_services import JUNE, hand_out, issue, receive

TOMORROW = datetime.date.today() + datetime.timedelta(days=1)


def test_a_second_valid_attestat_of_the_same_kind_to_one_student_is_refused(
    cast, attestat_kind, employee, graduate
):
    """covers BLK-5"""
    receive(cast, attestat_kind, "025416-025417")
    hand_out(cast, attestat_kind, "025416-025417", employee)
    issue(cast, attestat_kind, "025416", graduate)
    with pytest.raises(OperationError) as error:
        issue(cast, attestat_kind, "025417", graduate)
    assert "025416" in str(error.value)
    assert IssuedDocument.objects.count() == 1
    assert Blank.objects.get(number="025417").status == BlankStatus.HANDED_OUT


def test_after_annulment_a_new_attestat_may_be_issued_but_the_old_one_stays_annulled(
    cast, login, attestat_kind, employee, graduate
):
    """covers BLK-5"""
    receive(cast, attestat_kind, "025416-025417")
    hand_out(cast, attestat_kind, "025416-025417", employee)
    first = issue(cast, attestat_kind, "025416", graduate)
    first.status = DocumentStatus.ANNULLED
    first.save()
    second = issue(cast, attestat_kind, "025417", graduate)
    assert second.status == DocumentStatus.VALID
    response = login(cast.records_clerk).post(
        reverse("strict_forms:attestat_edit", args=[first.pk]),
        {"issued_on": "2026-06-20", "status": "valid", "note": ""},
    )
    assert response.status_code == 200
    assert "025417" in response.context["form"].errors["status"][0]
    first.refresh_from_db()
    assert first.status == DocumentStatus.ANNULLED


def test_a_commendation_letter_may_be_given_to_a_student_every_year(cast, letter_kind, employee, pupil):
    """covers BLK-6"""
    receive(cast, letter_kind, "540101-540102")
    hand_out(cast, letter_kind, "540101-540102", employee)
    issue(cast, letter_kind, "540101", pupil, group="commendation")
    issue(cast, letter_kind, "540102", pupil, group="commendation")
    assert IssuedDocument.objects.filter(student=pupil).count() == 2


def test_a_receipt_dated_in_the_future_or_a_series_with_markup_is_refused_beside_the_field(
    cast, login, attestat_kind
):
    """covers BLK-1"""
    client = login(cast.records_clerk)
    url = reverse("strict_forms:blank_receive")
    future = client.post(url, {"kind": attestat_kind.pk, "numbers": "1", "received_on": TOMORROW.isoformat()})
    assert future.context["form"].errors["received_on"] == [gettext("The date cannot be in the future.")]
    markup = client.post(
        url, {"kind": attestat_kind.pk, "numbers": "1", "series": "<b>x</b>", "received_on": "2026-02-10"}
    )
    assert markup.context["form"].errors["series"] == [gettext("Use letters and digits only.")]
    assert not Blank.objects.exists()
    ok = client.post(
        url, {"kind": attestat_kind.pk, "numbers": "1", "series": " ЖОБ 01 ", "received_on": "2026-02-10"}
    )
    assert ok.status_code == 302
    assert Blank.objects.get().series == "ЖОБ 01"


def test_an_attestat_dated_in_the_future_is_refused_and_the_blank_stays_with_its_holder(
    cast, login, attestat_kind, employee, graduate
):
    """covers BLK-5"""
    receive(cast, attestat_kind, "025416")
    hand_out(cast, attestat_kind, "025416", employee)
    response = login(cast.records_clerk).post(
        reverse("strict_forms:attestat_create"),
        {
            "issued_on": TOMORROW.isoformat(),
            "student": graduate.pk,
            "kind": attestat_kind.pk,
            "number": "025416",
        },
    )
    assert response.context["form"].errors["issued_on"] == [gettext("The date cannot be in the future.")]
    assert not IssuedDocument.objects.exists()
    assert Blank.objects.get().status == BlankStatus.HANDED_OUT


def test_a_duplicate_still_goes_to_the_same_student_on_a_blank_of_the_same_kind(
    cast, attestat_kind, employee, graduate
):
    """covers BLK-5"""
    receive(cast, attestat_kind, "025416-025417")
    hand_out(cast, attestat_kind, "025416-025417", employee)
    original = issue(cast, attestat_kind, "025416", graduate)
    duplicate = services.document_issue_duplicate(
        acting_user=cast.records_clerk, original=original, kind=attestat_kind, number="025417", issued_on=JUNE
    )
    assert duplicate.status == DocumentStatus.VALID and duplicate.duplicate_of == original
