"""The operations on blanks as services: refusals with clear messages, nothing changed (BLK-1..BLK-6)."""

import datetime

import pytest
from django.db import IntegrityError, InternalError, transaction
from django.utils.translation import gettext

from core.services import OperationError
from strict_forms import services
from strict_forms.models import Blank, BlankEvent, BlankReceipt, BlankStatus, DocumentStatus, IssuedDocument
from tests.factories import EmployeeFactory, SchoolFactory, StudentFactory

SEED_DUPLICATE = "A blank with this number of this kind already exists."
JUNE = datetime.date(2026, 6, 20)


def receive(cast, kind, numbers):
    return services.blanks_receive(
        acting_user=cast.records_clerk, school=cast.school_a, kind=kind, numbers=numbers
    )


def hand_out(cast, kind, numbers, employee):
    return services.blanks_hand_out(
        acting_user=cast.records_clerk,
        school=cast.school_a,
        employee=employee,
        kind=kind,
        numbers=numbers,
        purpose="Заполнение аттестатов",
    )


def issue(cast, kind, number, student, group="education"):
    return services.document_issue(
        acting_user=cast.records_clerk,
        school=cast.school_a,
        student=student,
        kind=kind,
        number=number,
        issued_on=JUNE,
        group=group,
    )


def test_a_range_is_registered_whole_with_its_leading_zeros(cast, attestat_kind):
    """covers BLK-1"""
    receipt = receive(cast, attestat_kind, "025416-025500")
    numbers = list(Blank.objects.filter(receipt=receipt).order_by("number").values_list("number", flat=True))
    assert receipt.count == 85 and len(numbers) == 85
    assert numbers[0] == "025416" and numbers[-1] == "025500"
    assert set(Blank.objects.filter(receipt=receipt).values_list("status", flat=True)) == {BlankStatus.NEW}
    assert BlankEvent.objects.filter(blank__receipt=receipt, kind="received").count() == 85


def test_a_duplicate_number_is_refused_with_the_seeds_message_and_nothing_changes(cast, attestat_kind):
    """covers BLK-1"""
    receive(cast, attestat_kind, "025416")
    with pytest.raises(OperationError) as error:
        receive(cast, attestat_kind, "025416")
    assert str(error.value) == gettext(SEED_DUPLICATE)
    assert Blank.objects.count() == 1 and BlankReceipt.objects.count() == 1


def test_the_same_number_of_another_kind_is_a_different_blank(cast, attestat_kind, certificate_kind):
    """covers BLK-1"""
    receive(cast, attestat_kind, "025416")
    receive(cast, certificate_kind, "025416")
    assert Blank.objects.filter(number="025416").count() == 2


def test_an_overlapping_range_is_refused_whole_naming_the_clashing_numbers(cast, attestat_kind):
    """covers BLK-1"""
    receive(cast, attestat_kind, "025416-025420")
    with pytest.raises(OperationError) as error:
        receive(cast, attestat_kind, "025410-025417")
    message = str(error.value)
    assert "025416" in message and "025417" in message and "025415" not in message
    assert Blank.objects.count() == 5 and BlankReceipt.objects.count() == 1


def test_the_database_itself_refuses_a_second_blank_with_the_same_number_and_kind(cast, attestat_kind):
    """covers BLK-1"""
    receipt = receive(cast, attestat_kind, "025416")
    with pytest.raises(IntegrityError), transaction.atomic():
        Blank.objects.create(school=cast.school_a, kind=attestat_kind, number="025416", receipt=receipt)


@pytest.mark.parametrize(
    "text",
    ["", "abc", "025500-025416", "25416-025500", "000001-009999", "12-", "０２５"],
)
def test_malformed_numbers_and_ranges_are_refused(cast, attestat_kind, text):
    """covers BLK-1"""
    with pytest.raises(OperationError):
        receive(cast, attestat_kind, text)
    assert not Blank.objects.exists()


def test_handing_out_a_range_gives_the_blanks_to_the_employee_with_the_purpose(cast, attestat_kind, employee):
    """covers BLK-2"""
    receive(cast, attestat_kind, "025416-025420")
    hand_out(cast, attestat_kind, "025416-025418", employee)
    handed = Blank.objects.filter(status=BlankStatus.HANDED_OUT)
    assert sorted(handed.values_list("number", flat=True)) == ["025416", "025417", "025418"]
    assert {b.holder for b in handed} == {employee}
    assert {b.purpose for b in handed} == {"Заполнение аттестатов"}
    assert BlankEvent.objects.filter(kind="handed_out", employee=employee).count() == 3


def test_handing_out_to_another_schools_employee_or_an_unknown_number_is_refused(
    cast, attestat_kind, employee
):
    """covers BLK-2"""
    receive(cast, attestat_kind, "025416")
    stranger = EmployeeFactory(school=cast.school_b)
    with pytest.raises(OperationError):
        hand_out(cast, attestat_kind, "025416", stranger)
    with pytest.raises(OperationError) as error:
        hand_out(cast, attestat_kind, "025416-025417", employee)
    assert "025417" in str(error.value)
    assert Blank.objects.get().status == BlankStatus.NEW


def test_spoiling_a_blank_draws_up_a_numbered_write_off_act(cast, attestat_kind, employee):
    """covers BLK-3"""
    receive(cast, attestat_kind, "025413-025415")
    hand_out(cast, attestat_kind, "025413", employee)
    act = services.blank_write_off(
        acting_user=cast.records_clerk,
        school=cast.school_a,
        kind=attestat_kind,
        number="025413",
        status="spoiled",
        reason="ошибка при заполнении",
    )
    lost = services.blank_write_off(
        acting_user=cast.records_clerk,
        school=cast.school_a,
        kind=attestat_kind,
        number="025414",
        status="lost",
        reason="утерян",
    )
    blank = Blank.objects.get(number="025413")
    assert blank.status == BlankStatus.SPOILED and blank.reason == "ошибка при заполнении"
    assert blank.write_off_act == act and (act.number, lost.number) == (1, 2)
    assert Blank.objects.get(number="025414").status == BlankStatus.LOST


def test_a_write_off_without_a_reason_or_of_an_issued_blank_is_refused(
    cast, attestat_kind, employee, graduate
):
    """covers BLK-3 BLK-4"""
    receive(cast, attestat_kind, "025416")
    hand_out(cast, attestat_kind, "025416", employee)
    with pytest.raises(OperationError):
        services.blank_write_off(
            acting_user=cast.records_clerk,
            school=cast.school_a,
            kind=attestat_kind,
            number="025416",
            status="spoiled",
            reason="   ",
        )
    issue(cast, attestat_kind, "025416", graduate)
    with pytest.raises(OperationError):
        services.blank_write_off(
            acting_user=cast.records_clerk,
            school=cast.school_a,
            kind=attestat_kind,
            number="025416",
            status="spoiled",
            reason="испорчен",
        )
    assert Blank.objects.get().status == BlankStatus.ISSUED


def test_only_a_new_blank_can_be_deleted(cast, attestat_kind, employee):
    """covers BLK-4"""
    receive(cast, attestat_kind, "025416-025417")
    hand_out(cast, attestat_kind, "025417", employee)
    services.blank_delete(acting_user=cast.records_clerk, blank=Blank.objects.get(number="025416"))
    with pytest.raises(OperationError) as error:
        services.blank_delete(acting_user=cast.records_clerk, blank=Blank.objects.get(number="025417"))
    assert "025417" in str(error.value)
    assert list(Blank.objects.values_list("number", flat=True)) == ["025417"]
    assert BlankReceipt.objects.get().count == 1


def test_a_blank_cannot_go_back_to_new_nor_be_handed_out_twice(cast, attestat_kind, employee):
    """covers BLK-4"""
    receive(cast, attestat_kind, "025416")
    hand_out(cast, attestat_kind, "025416", employee)
    with pytest.raises(OperationError):
        hand_out(cast, attestat_kind, "025416", EmployeeFactory(school=cast.school_a))
    assert Blank.objects.get().holder == employee


def test_the_ledger_tells_the_whole_story_and_its_rows_cannot_be_rewritten(
    cast, attestat_kind, employee, graduate
):
    """covers BLK-4"""
    receive(cast, attestat_kind, "025416")
    hand_out(cast, attestat_kind, "025416", employee)
    issue(cast, attestat_kind, "025416", graduate)
    story = list(Blank.objects.get().ledger.values_list("kind", "from_status", "to_status"))
    assert story == [
        ("received", "", "new"),
        ("handed_out", "new", "handed_out"),
        ("issued", "handed_out", "issued"),
    ]
    with pytest.raises(InternalError), transaction.atomic():
        BlankEvent.objects.update(note="rewritten")


def test_an_attestat_is_issued_on_a_handed_out_blank_of_an_education_kind(
    cast, attestat_kind, employee, graduate
):
    """covers BLK-5"""
    receive(cast, attestat_kind, "025416")
    hand_out(cast, attestat_kind, "025416", employee)
    document = issue(cast, attestat_kind, "025416", graduate)
    assert document.status == DocumentStatus.VALID and document.student == graduate
    assert Blank.objects.get().status == BlankStatus.ISSUED


def test_a_blank_of_the_wrong_kind_is_refused_and_nothing_changes(
    cast, letter_kind, attestat_kind, employee, graduate
):
    """covers BLK-5"""
    receive(cast, letter_kind, "540101")
    hand_out(cast, letter_kind, "540101", employee)
    with pytest.raises(OperationError) as error:
        issue(cast, attestat_kind, "540101", graduate)
    assert str(letter_kind) in str(error.value)
    with pytest.raises(OperationError):
        issue(cast, letter_kind, "540101", graduate, group="education")
    assert not IssuedDocument.objects.exists()
    assert Blank.objects.get().status == BlankStatus.HANDED_OUT


def test_an_already_used_or_a_new_blank_is_refused(cast, attestat_kind, employee, graduate):
    """covers BLK-5"""
    receive(cast, attestat_kind, "025416-025417")
    hand_out(cast, attestat_kind, "025416", employee)
    issue(cast, attestat_kind, "025416", graduate)
    with pytest.raises(OperationError) as used:
        issue(cast, attestat_kind, "025416", StudentFactory(school=cast.school_a, parallel=11))
    assert "025416" in str(used.value)
    with pytest.raises(OperationError):
        issue(cast, attestat_kind, "025417", graduate)
    assert IssuedDocument.objects.count() == 1


def test_a_student_of_another_school_cannot_receive_this_schools_blank(cast, attestat_kind, employee):
    """covers BLK-5"""
    receive(cast, attestat_kind, "025416")
    hand_out(cast, attestat_kind, "025416", employee)
    with pytest.raises(OperationError):
        issue(cast, attestat_kind, "025416", StudentFactory(school=SchoolFactory(), parallel=11))
    assert not IssuedDocument.objects.exists()


def test_a_duplicate_for_a_lost_attestat_links_both_records_and_both_blanks(
    cast, attestat_kind, employee, graduate
):
    """covers BLK-5"""
    receive(cast, attestat_kind, "025416-025417")
    hand_out(cast, attestat_kind, "025416-025417", employee)
    original = issue(cast, attestat_kind, "025416", graduate)
    duplicate = services.document_issue_duplicate(
        acting_user=cast.records_clerk,
        original=original,
        kind=attestat_kind,
        number="025417",
        issued_on=datetime.date(2026, 9, 1),
        note="утерян выпускником",
    )
    original.refresh_from_db()
    assert original.status == DocumentStatus.DUPLICATE_ISSUED
    assert duplicate.duplicate_of == original and original.duplicate == duplicate
    assert (original.blank.number, duplicate.blank.number) == ("025416", "025417")
    with pytest.raises(OperationError):
        services.document_issue_duplicate(
            acting_user=cast.records_clerk,
            original=original,
            kind=attestat_kind,
            number="025417",
            issued_on=JUNE,
        )


def test_deleting_a_letter_record_returns_its_blank_to_the_holder(cast, letter_kind, employee, pupil):
    """covers BLK-6"""
    receive(cast, letter_kind, "540101")
    hand_out(cast, letter_kind, "540101", employee)
    letter = issue(cast, letter_kind, "540101", pupil, group="commendation")
    services.document_delete(acting_user=cast.records_clerk, document=letter)
    blank = Blank.objects.get()
    assert blank.status == BlankStatus.HANDED_OUT and blank.holder == employee
    assert not IssuedDocument.objects.exists()
    assert blank.ledger.last().kind == "issue_cancelled"


def test_a_failure_half_way_through_a_range_leaves_nothing_behind(cast, attestat_kind, monkeypatch):
    """covers BLK-1"""

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(BlankEvent.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        receive(cast, attestat_kind, "025416-025420")
    assert not Blank.objects.exists() and not BlankReceipt.objects.exists()


def test_a_user_without_the_right_cannot_operate_on_blanks(cast, attestat_kind):
    """covers BLK-1"""
    with pytest.raises(OperationError):
        services.blanks_receive(
            acting_user=cast.teacher, school=cast.school_a, kind=attestat_kind, numbers="1"
        )
    with pytest.raises(OperationError):
        services.blanks_receive(
            acting_user=cast.director_b, school=cast.school_a, kind=attestat_kind, numbers="1"
        )
    assert not Blank.objects.exists()


def test_a_number_in_two_series_of_one_kind_is_refused_with_a_message_not_an_error(cast, attestat_kind):
    """covers BLK-3"""
    from core.services import OperationError
    from strict_forms.models import Blank
    from strict_forms.services import blank_write_off, blanks_receive

    blanks_receive(
        acting_user=cast.records_clerk,
        school=cast.school_a,
        kind=attestat_kind,
        numbers="000501",
        series="AA",
    )
    blanks_receive(
        acting_user=cast.records_clerk,
        school=cast.school_a,
        kind=attestat_kind,
        numbers="000501",
        series="BB",
    )
    with pytest.raises(OperationError):
        blank_write_off(
            acting_user=cast.records_clerk,
            school=cast.school_a,
            kind=attestat_kind,
            number="000501",
            status="spoiled",
            reason="испорчен",
        )
    assert set(Blank.objects.filter(number="000501").values_list("status", flat=True)) == {"new"}
