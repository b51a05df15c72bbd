"""Secretaries racing for the last places (ADM-4, ADM-5): select_for_update on the quota row."""

import datetime
import threading

import pytest
from django.db import connection

from admissions.models import Application, Quota, Status
from admissions.services import application_confirm
from contingent.models import Student
from core.services import OperationError
from tests.admissions.conftest import build_adm, submit
from tests.factories import RoleFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_twenty_secretaries_confirming_at_once_for_the_last_five_places_confirm_exactly_five(cast):
    """covers ADM-4, ADM-5"""
    adm = build_adm(cast)
    Quota.objects.filter(pk=adm.quota_residence.pk).update(places=5)
    applications = [submit(cast, adm, house=str(200 + i)) for i in range(20)]
    secretaries = []
    for i in range(20):
        user = UserFactory(username=f"secretary{i}")
        RoleFactory(user=user, role="secretary", school=cast.school_a)
        secretaries.append(user)
    barrier = threading.Barrier(20)
    results = []

    def run(user, application, number):
        try:
            stale = Application.objects.select_related("school").get(pk=application.pk)
            barrier.wait()
            application_confirm(
                acting_user=user,
                application=stale,
                to_class=adm.class_1a,
                order_number=number,
                order_date=datetime.date(2026, 8, 25),
            )
            results.append("confirmed")
        except OperationError as error:
            results.append(str(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(secretaries[i], applications[i], f"{i + 1}-К")) for i in range(20)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("confirmed") == 5, results
    assert Application.objects.filter(status=Status.CONFIRMED).count() == 5
    assert Student.objects.filter(school_class=adm.class_1a).count() == 5


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_confirming_the_same_application_make_one_student(cast):
    """covers ADM-4"""
    adm = build_adm(cast)
    application = submit(cast, adm)
    barrier = threading.Barrier(2)
    results = []

    def run(user, number):
        try:
            stale = Application.objects.select_related("school").get(pk=application.pk)
            barrier.wait()
            application_confirm(
                acting_user=user,
                application=stale,
                to_class=adm.class_1a,
                order_number=number,
                order_date=datetime.date(2026, 8, 25),
            )
            results.append("confirmed")
        except OperationError as error:
            results.append(str(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(u, n)) for u, n in ((cast.secretary, "1"), (cast.director, "2"))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("confirmed") == 1, results
    assert Student.objects.filter(person__iin=application.child_iin).count() == 1
