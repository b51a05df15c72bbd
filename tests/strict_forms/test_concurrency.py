"""Twenty clerks issuing the same blank at the same moment: exactly one succeeds (BLK-5)."""

import datetime
import threading

import pytest
from django.db import connection

from core.services import OperationError
from strict_forms import services
from strict_forms.models import IssuedDocument
from tests.factories import EmployeeFactory, RoleFactory, StudentFactory
from tests.strict_forms.factories import kind as national_kind

CLERKS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_clerks_issuing_the_same_blank_at_once_give_it_to_exactly_one_student(cast):
    """covers BLK-5 BLK-4"""
    kind = national_kind("attestat_general")
    clerks = [RoleFactory(role="records_clerk", school=cast.school_a).user for _ in range(CLERKS)]
    students = [StudentFactory(school=cast.school_a, parallel=11) for _ in range(CLERKS)]
    services.blanks_receive(acting_user=clerks[0], school=cast.school_a, kind=kind, numbers="025416")
    services.blanks_hand_out(
        acting_user=clerks[0],
        school=cast.school_a,
        employee=EmployeeFactory(school=cast.school_a),
        kind=kind,
        numbers="025416",
        purpose="выпуск",
    )
    barrier = threading.Barrier(CLERKS)
    results = []

    def issue(clerk, student):
        try:
            barrier.wait()
            services.document_issue(
                acting_user=clerk,
                school=cast.school_a,
                student=student,
                kind=kind,
                number="025416",
                issued_on=datetime.date(2026, 6, 20),
                group="education",
            )
            results.append("ok")
        except OperationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=pair) for pair in zip(clerks, students, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1 and results.count("refused") == CLERKS - 1
    assert IssuedDocument.objects.count() == 1
