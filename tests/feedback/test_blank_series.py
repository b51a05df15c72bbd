"""Issue 9, blanks: the series goes with the number through hand-out, spoilage and issue (BLK-2..BLK-5)."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from core.services import OperationError
from strict_forms import services
from strict_forms.models import Blank, BlankStatus, KindGroup
from tests.factories import EmployeeFactory, StudentFactory
from tests.strict_forms.factories import ensure_national_kinds, kind


@pytest.fixture
def two_series(cast):
    ensure_national_kinds()
    attestat = kind("attestat_general")
    for series in ("AB", "CD"):
        services.blanks_receive(
            acting_user=cast.records_clerk,
            school=cast.school_a,
            kind=attestat,
            numbers="000101-000102",
            series=series,
        )
    return attestat


def test_a_number_of_two_series_is_handed_out_by_naming_the_series(cast, two_series):
    """covers BLK-2"""
    employee = EmployeeFactory(school=cast.school_a)
    with pytest.raises(OperationError, match=gettext("Give the series.")):
        services.blanks_hand_out(
            acting_user=cast.records_clerk,
            school=cast.school_a,
            employee=employee,
            kind=two_series,
            numbers="000101",
        )
    services.blanks_hand_out(
        acting_user=cast.records_clerk,
        school=cast.school_a,
        employee=employee,
        kind=two_series,
        numbers="000101-000102",
        series="CD",
        purpose="выпуск",
    )
    assert set(Blank.objects.filter(status=BlankStatus.HANDED_OUT).values_list("series", flat=True)) == {"CD"}
    assert Blank.objects.filter(series="AB", status=BlankStatus.NEW).count() == 2


def test_a_blank_of_one_series_is_written_off_and_another_issued(cast, two_series):
    """covers BLK-3 BLK-5"""
    employee = EmployeeFactory(school=cast.school_a)
    services.blank_write_off(
        acting_user=cast.records_clerk,
        school=cast.school_a,
        kind=two_series,
        number="000101",
        series="AB",
        status=BlankStatus.SPOILED,
        reason="испорчен при заполнении",
    )
    assert Blank.objects.get(series="AB", number="000101").status == BlankStatus.SPOILED
    assert Blank.objects.get(series="CD", number="000101").status == BlankStatus.NEW
    services.blanks_hand_out(
        acting_user=cast.records_clerk,
        school=cast.school_a,
        employee=employee,
        kind=two_series,
        numbers="000102",
        series="CD",
    )
    graduate = StudentFactory(school=cast.school_a, parallel=11, status="graduated")
    document = services.document_issue(
        acting_user=cast.records_clerk,
        school=cast.school_a,
        student=graduate,
        kind=two_series,
        number="000102",
        series="CD",
        issued_on=datetime.date(2026, 6, 20),
        group=KindGroup.EDUCATION,
    )
    assert document.blank.series == "CD"


def test_the_hand_out_form_takes_the_series(cast, login, two_series):
    """covers BLK-2"""
    employee = EmployeeFactory(school=cast.school_a)
    response = login(cast.records_clerk).post(
        reverse("strict_forms:blank_hand_out"),
        {
            "recipient": employee.pk,
            "kind": two_series.pk,
            "series": "AB",
            "numbers": "000101",
            "purpose": "выпуск",
        },
    )
    assert response.status_code == 302
    assert Blank.objects.get(series="AB", number="000101").status == BlankStatus.HANDED_OUT


def test_the_issue_form_renders_no_long_student_list_and_the_search_finds_by_full_name(cast, login):
    """covers BLK-5 BLK-6"""
    ensure_national_kinds()
    for _i in range(30):
        StudentFactory(school=cast.school_a, parallel=11, status="graduated")
    wanted = StudentFactory(
        school=cast.school_a,
        parallel=11,
        status="graduated",
        person__last_name="Іляс",
        person__first_name="Әлия",
    )
    client = login(cast.records_clerk)
    page = client.get(reverse("strict_forms:attestat_create"))
    assert page.content.decode().count("<option") < 30
    options = client.get(reverse("strict_forms:student_search"), {"q": "Алия Иляс"}).content.decode()
    assert f'value="{wanted.pk}"' in options and options.count("<option") == 1
