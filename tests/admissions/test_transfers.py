"""Transfers between schools (ADM-6): the parent asks, the receiving school accepts, the sending
school releases; the file moves with its history in one transaction, with an order at each school."""

import datetime

import pytest
from django.urls import reverse

from admissions.models import Transfer, TransferStatus
from admissions.services import transfer_accept, transfer_release, transfer_request
from contingent.models import GuardianLink, Movement, Student
from core.models import Order
from core.services import OperationError
from tests.contingent.conftest import build_world
from tests.contingent.factories import make_class

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(cast):
    world = build_world(cast)
    target = make_class(cast.school_b, 5, "Б", year=cast.year_b)
    return world, target


def test_the_parent_asks_the_receiving_school_accepts_and_the_sending_school_releases(login, cast, setup):
    """covers ADM-6"""
    world, target = setup
    parent = login(cast.parent)
    assert parent.get(reverse("admissions:my_transfers")).status_code == 200
    response = parent.post(
        reverse("admissions:transfer_request", args=[world.child.pk]),
        {"to_school": cast.school_b.pk, "reason": "Переезд в другой район"},
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    receiving = login(cast.director_b)
    assert receiving.get(reverse("admissions:transfer_list")).status_code == 200
    receiving.post(
        reverse("admissions:transfer_accept", args=[transfer.pk]),
        {"to_class": target.pk, "order_number": "B-7", "order_date": "2026-10-05"},
    )
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED
    sending = login(cast.secretary)
    sending.post(
        reverse("admissions:transfer_release", args=[transfer.pk]),
        {"order_number": "A-9", "order_date": "2026-10-05"},
    )
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.COMPLETED
    old = Student.objects.get(pk=world.child.pk)
    new = transfer.new_student
    assert old.status == "expelled" and new.school == cast.school_b and new.school_class == target
    assert new.person_id == old.person_id
    assert transfer.order_out.school == cast.school_a and transfer.order_in.school == cast.school_b
    assert GuardianLink.objects.filter(student=new, person=cast.parent.person).exists()
    history = Movement.objects.filter(student__person=old.person).values_list("school_id", "kind")
    assert (cast.school_a.pk, "enrolment") in history and (cast.school_b.pk, "enrolment") in history
    assert (cast.school_a.pk, "expulsion") in history
    detail = login(cast.director_b).get(reverse("admissions:transfer_detail", args=[transfer.pk]))
    assert detail.content.decode().count("<tr>") >= 4  # the movements at both schools
    sending = login(cast.secretary)
    journal = sending.get(reverse("admissions:dispatch_journal")).content.decode()
    assert old.person.last_name in journal
    assert old.person.last_name in sending.get(reverse("admissions:departure_journal")).content.decode()


def test_a_release_failing_half_way_leaves_the_student_where_he_was(cast, setup):
    """covers ADM-6 (one transaction)"""
    world, target = setup
    transfer = transfer_request(
        acting_user=cast.parent, student=world.child, to_school=cast.school_b, reason="Переезд"
    )
    transfer_accept(
        acting_user=cast.director_b,
        transfer=transfer,
        to_class=target,
        order_number="B-1",
        order_date=datetime.date(2026, 10, 5),
    )
    Order.objects.create(
        school=cast.school_b,
        kind="general",
        number="B-1",
        date=datetime.date(2026, 10, 1),
        content="x",
        author=cast.director_b,
    )
    orders = Order.objects.count()
    with pytest.raises(OperationError):
        transfer_release(
            acting_user=cast.secretary,
            transfer=transfer,
            order_number="A-1",
            order_date=datetime.date(2026, 10, 5),
        )
    world.child.refresh_from_db()
    transfer.refresh_from_db()
    assert world.child.status == "studying" and transfer.status == TransferStatus.ACCEPTED
    assert Order.objects.count() == orders


def test_only_the_parent_asks_and_only_the_right_side_decides(cast, setup):
    """covers ADM-6"""
    world, target = setup
    with pytest.raises(OperationError):
        transfer_request(acting_user=cast.secretary, student=world.child, to_school=cast.school_b, reason="x")
    transfer = transfer_request(
        acting_user=cast.parent, student=world.child, to_school=cast.school_b, reason="Переезд"
    )
    with pytest.raises(OperationError):
        transfer_accept(
            acting_user=cast.secretary,
            transfer=transfer,
            to_class=target,
            order_number="1",
            order_date=datetime.date(2026, 10, 5),
        )
    with pytest.raises(OperationError, match="open transfer"):
        transfer_request(
            acting_user=cast.parent, student=world.child, to_school=cast.school_b, reason="Ещё раз"
        )
    with pytest.raises(OperationError):
        transfer_release(
            acting_user=cast.secretary,
            transfer=transfer,
            order_number="A",
            order_date=datetime.date(2026, 10, 5),
        )
