"""The admission's rules as services: age, window, one application per child, idempotency,
capacity and catchment priority, the child becoming a student by an order (ADM-1, ADM-4, ADM-5)."""

import datetime
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from admissions.models import AdmissionRule, Application, Status
from admissions.services import (
    application_confirm,
    application_lookup,
    application_refuse,
    application_withdraw,
    birth_and_sex_from_id,
    quota_set,
)
from contingent.models import GuardianLink, Movement, Student
from core.models import Order
from core.services import OperationError
from tests.admissions.conftest import application_data, kid_iin, submit

pytestmark = pytest.mark.django_db


def confirm(cast, adm, application, number="1-Қ", user=None):
    return application_confirm(
        acting_user=user or cast.secretary,
        application=application,
        to_class=adm.class_1a,
        order_number=number,
        order_date=datetime.date(2026, 8, 25),
    )


def test_age_boundary_born_on_the_last_day_of_2020_may_apply_for_2026_but_not_on_new_year_2021(cast, adm):
    """covers ADM-1 (DOMAIN 3.2: eligible iff birth year <= Y - 6)"""
    ok = submit(cast, adm, birth=datetime.date(2020, 12, 31))
    assert ok.year == 2026
    with pytest.raises(OperationError, match="too young"):
        submit(cast, adm, birth=datetime.date(2021, 1, 1))
    assert Application.objects.count() == 1


def test_outside_the_window_nothing_is_accepted_and_the_opening_date_is_named(cast, adm):
    """covers ADM-1"""
    now = timezone.now()
    AdmissionRule.objects.filter(pk=adm.rule.pk).update(
        opens_at=now + datetime.timedelta(days=2), closes_at=now + datetime.timedelta(days=60)
    )
    with pytest.raises(OperationError, match="accepted from"):
        submit(cast, adm)
    assert not Application.objects.exists()


def test_one_active_application_per_child_and_year_is_kept_by_the_database(cast, adm):
    """covers ADM-1"""
    iin = kid_iin()
    first = submit(cast, adm, child_iin=iin)
    with pytest.raises(OperationError, match="already has an active application"):
        submit(cast, adm, school=cast.school_b, child_iin=iin, street=adm.satpaeva, house="4")
    application_withdraw(application=first)
    again = submit(cast, adm, school=cast.school_b, child_iin=iin, street=adm.satpaeva, house="4")
    assert again.status == Status.SUBMITTED
    assert Application.objects.filter(child_iin=iin).count() == 2


def test_the_same_request_id_returns_the_same_application_number(cast, adm):
    """covers ADM-1 (idempotent submission: a double click or a retry)"""
    request_id = uuid.uuid4()
    first = submit(cast, adm, request_id=request_id)
    second = submit(cast, adm, request_id=request_id)
    assert first.pk == second.pk and first.number == second.number
    assert Application.objects.count() == 1
    assert first.status_changes.count() == 1


def test_catchment_is_read_from_the_address_register(cast, adm):
    """covers ADM-2"""
    inside = submit(cast, adm, house="12")
    outside = submit(cast, adm, house="150")
    assert inside.in_catchment and not outside.in_catchment


def test_birth_date_and_sex_are_read_from_the_iin():
    """covers ADM-1"""
    iin = kid_iin(datetime.date(2020, 12, 31), "f")
    assert birth_and_sex_from_id(iin) == (datetime.date(2020, 12, 31), "f")
    assert birth_and_sex_from_id("22001201912345", "KG") == (datetime.date(2019, 1, 20), "m")


def test_status_lookup_needs_the_number_and_the_childs_iin_together(cast, adm):
    """covers ADM-3"""
    a = submit(cast, adm)
    assert application_lookup(a.number, a.child_iin) == a
    assert application_lookup(a.number, kid_iin()) is None
    assert application_lookup("999999999999", a.child_iin) is None
    assert application_lookup("", "") is None


def test_confirmation_makes_a_personal_file_a_place_in_the_first_grade_and_an_order(
    cast, adm, django_capture_on_commit_callbacks
):
    """covers ADM-4"""
    a = submit(cast, adm)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(cast, adm, a)
    a.refresh_from_db()
    assert a.status == Status.CONFIRMED
    student = Student.objects.get(pk=a.student_id)
    assert student.school_class == adm.class_1a and student.person.iin == a.child_iin
    assert student.person.birth_date == a.child_birth_date
    order = Order.objects.get(pk=a.order_id)
    assert order.kind == "student_admission" and order.school == cast.school_a
    assert Movement.objects.filter(student=student, order=order, to_class=adm.class_1a).exists()
    assert GuardianLink.objects.get(student=student).person.iin == a.parent_iin
    assert [c.status for c in a.status_changes.all()] == ["submitted", "confirmed"]
    assert mail.outbox and a.number in mail.outbox[-1].subject and mail.outbox[-1].to == [a.email]


def test_confirmations_never_exceed_the_places_but_catchment_children_are_always_admitted(cast, adm):
    """covers ADM-4, ADM-5 (DOMAIN 3.2 catchment priority)"""
    others = [submit(cast, adm, house="150") for _ in range(3)]
    confirm(cast, adm, others[0], "1")
    confirm(cast, adm, others[1], "2")
    with pytest.raises(OperationError, match="No free places"):
        confirm(cast, adm, others[2], "3")
    others[2].refresh_from_db()
    assert others[2].status == Status.SUBMITTED and not Order.objects.filter(number="3").exists()
    resident = submit(cast, adm, house="12")
    confirm(cast, adm, resident, "4")
    resident.refresh_from_db()
    assert resident.status == Status.CONFIRMED


def test_a_catchment_child_is_never_refused_for_lack_of_places(cast, adm):
    """covers ADM-4"""
    resident = submit(cast, adm, house="12")
    with pytest.raises(OperationError, match="catchment area cannot be refused"):
        application_refuse(
            acting_user=cast.secretary, application=resident, reason="no_places", text="Нет мест"
        )
    outsider = submit(cast, adm, house="150")
    application_refuse(acting_user=cast.secretary, application=outsider, reason="no_places", text="Мест нет")
    outsider.refresh_from_db()
    assert outsider.status == Status.REFUSED and outsider.refusal_text == "Мест нет"


def test_a_refusal_needs_a_reason_and_a_text(cast, adm):
    """covers ADM-4"""
    a = submit(cast, adm)
    with pytest.raises(OperationError):
        application_refuse(acting_user=cast.secretary, application=a, reason="incomplete_docs", text="  ")
    a.refresh_from_db()
    assert a.status == Status.SUBMITTED


def test_quota_categories_have_their_own_places(cast, adm):
    """covers ADM-5"""
    first = submit(cast, adm, category="large_family", house="150")
    second = submit(cast, adm, category="large_family", house="151")
    confirm(cast, adm, first, "10")
    with pytest.raises(OperationError, match="No free places"):
        confirm(cast, adm, second, "11")
    with pytest.raises(OperationError, match="no places of this quota"):
        submit(cast, adm, category="orphan")
    with pytest.raises(OperationError, match="cannot be smaller"):
        quota_set(
            acting_user=cast.secretary, school=cast.school_a, year=2026, category="large_family", places=0
        )
    quota_set(acting_user=cast.secretary, school=cast.school_a, year=2026, category="large_family", places=2)
    confirm(cast, adm, second, "11")


def test_another_schools_secretary_cannot_decide(cast, adm):
    """covers ADM-4"""
    a = submit(cast, adm)
    with pytest.raises(OperationError):
        confirm(cast, adm, a, user=cast.director_b)
    with pytest.raises(OperationError):
        application_refuse(acting_user=cast.teacher, application=a, reason="other", text="x")


def test_a_failed_confirmation_leaves_no_file_no_order(cast, adm):
    """covers ADM-4 (atomicity: a duplicate order number half-way)"""
    first = submit(cast, adm)
    second = submit(cast, adm)
    confirm(cast, adm, first, "77")
    persons_before = Student.objects.count()
    with pytest.raises(OperationError, match="already exists"):
        confirm(cast, adm, second, "77")
    second.refresh_from_db()
    assert second.status == Status.SUBMITTED and second.student_id is None
    assert Student.objects.count() == persons_before
    assert second.status_changes.count() == 1


def test_kyrgyz_stage_one_accepts_only_the_catchment_and_cancellations_are_limited(cast, adm):
    """covers ADM-1 (DOMAIN 3.5: stage I catchment only; at most 3 cancellations)"""
    now = timezone.now()
    AdmissionRule.objects.filter(pk=adm.rule.pk).update(
        any_school_from=now + datetime.timedelta(days=5), max_cancellations=3
    )
    with pytest.raises(OperationError, match="catchment area may apply"):
        submit(cast, adm, house="150")
    iin = kid_iin()
    for _ in range(3):
        application_withdraw(application=submit(cast, adm, child_iin=iin))
    fourth = submit(cast, adm, child_iin=iin)
    with pytest.raises(OperationError, match="at most 3 times"):
        application_withdraw(application=fourth)


def test_application_data_helper_is_consistent(cast, adm):
    data = application_data(adm)
    assert data["child_birth_date"] == birth_and_sex_from_id(data["child_iin"])[0]


def test_the_rule_statements_catchment_test_agrees_with_catchment_queryset_covering(cast, adm):
    """covers ADM-1, ADM-2 (the submission's raw statement and CatchmentQuerySet.covering, the
    school search's and the register's test, give the same answer for every house of every street)"""
    from admissions.models import CatchmentRange, Street, house_number
    from admissions.services import application_check

    # A whole street (no bounds) and an open-ended odd range beside the fixture's closed ranges.
    town = adm.abaya.locality
    lenina = Street.objects.create(locality=town, name_ru="ул. Ленина", name_kk="Ленин к-сі")
    CatchmentRange.objects.create(school=cast.school_a, street=lenina)
    CatchmentRange.objects.create(school=cast.school_b, street=lenina, number_from=40, parity="odd")
    now = timezone.now()
    houses = [str(n) for n in range(0, 130)] + ["12А", "7/2", " 93 ", "", "дом", "100000"]
    checked = 0
    for school in (cast.school_a, cast.school_b):
        for street in (adm.abaya, adm.satpaeva, lenina):
            for house in houses:
                _rule, in_catchment = application_check(
                    school=school,
                    category="residence",
                    child_birth_date=datetime.date(2020, 5, 5),
                    street=street,
                    house=house,
                    now=now,
                )
                covered = (
                    CatchmentRange.objects.filter(school=school)
                    .covering(street, house_number(house))
                    .exists()
                )
                assert in_catchment == covered, (school.pk, street.name_ru, house)
                checked += covered
    assert checked > 100  # both answers were seen


def test_the_public_school_statement_reads_what_the_orm_reads(cast, adm):
    """covers ADM-1 (services.public_school, one statement, and the ORM: the same school and country,
    and the street only when it is one of the form's choices, the streets of the school's district)"""
    from admissions.forms import ApplicationForm
    from admissions.models import Locality, Street
    from admissions.services import public_school
    from core.models import School
    from tests.factories import DistrictFactory

    elsewhere = Locality.objects.create(district=DistrictFactory(), name_ru="Тараз", name_kk="Тараз")
    far = Street.objects.create(locality=elsewhere, name_ru="ул. Толе би", name_kk="Төле би к-сі")
    for school in (cast.school_a, cast.school_b):
        orm = School.objects.select_related("district__region").get(pk=school.pk)
        choices = ApplicationForm(school=orm).fields["street"].queryset
        for value in (
            adm.abaya.pk,
            adm.satpaeva.pk,
            far.pk,
            999999,
            "",
            None,
            "x",
            "1.5",
            "٣",
            "-1",
            "9" * 30,
        ):
            read, street = public_school(str(school.pk), value)
            assert (read.pk, read.name_ru, read.name_kk, read.address) == (
                orm.pk,
                orm.name_ru,
                orm.name_kk,
                orm.address,
            )
            assert read.country == orm.country and read.district_id == orm.district_id
            plain = str(value).isascii() and str(value).isdigit() and len(str(value)) < 18
            expected = choices.filter(pk=value).first() if plain else None
            assert (street and street.pk) == (expected and expected.pk), value
            if street is not None:
                assert str(street) == str(expected) and street.locality.district_id == school.district_id
        # The fields not read are deferred (as with .only()), never defaults a save() could write.
        assert "phone" in read.get_deferred_fields()
    assert public_school("999999") == (None, None)
    assert public_school("1 OR 1=1") == (None, None) and public_school(None) == (None, None)


def test_the_counted_school_statement_reads_the_school_and_counts_the_flood(cast, adm):
    """covers ADM-1 (services.public_school_counted, the submission's first statement: the school and
    street that public_school reads, and the address's count that rate_limited keeps, in one round trip)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from admissions.models import RateCounter
    from admissions.services import public_school, public_school_counted

    school, street = public_school(str(cast.school_a.pk), adm.abaya.pk)
    answers = []
    with CaptureQueriesContext(connection) as sent:
        for _ in range(3):
            answers.append(
                public_school_counted(str(cast.school_a.pk), str(adm.abaya.pk), "apply:10.0.0.9", 2)
            )
    assert len([q for q in sent.captured_queries if q["sql"].startswith("EXECUTE")]) == 3
    assert [flooded for _school, _street, flooded in answers] == [False, False, True]
    read, read_street, _ = answers[0]
    assert (read.pk, read.name_ru, read.address, read.country) == (
        school.pk,
        school.name_ru,
        school.address,
        school.country,
    )
    assert read_street.pk == street.pk and str(read_street) == str(street)
    assert RateCounter.objects.get(key="apply:10.0.0.9").count == 3
    # another address has its own count; a school of no such id is none, its request still counted
    assert public_school_counted(str(cast.school_a.pk), None, "apply:10.0.0.8", 2)[1:] == (None, False)
    assert public_school_counted("999999", None, "apply:10.0.0.9", 2) == (None, None, True)
    # what is not an id reads and counts nothing; with no limit nothing is counted
    assert public_school_counted("1 OR 1=1", None, "apply:10.0.0.9", 2) == (None, None, False)
    assert public_school_counted(str(cast.school_a.pk), None, "apply:10.0.0.7", 0)[0].pk == school.pk
    assert RateCounter.objects.get(key="apply:10.0.0.9").count == 4
    assert not RateCounter.objects.filter(key="apply:10.0.0.7").exists()


def test_the_parents_mail_is_queued_for_the_worker_not_sent_in_the_request(
    cast, adm, django_capture_on_commit_callbacks, settings
):
    """covers ADM-4 (the parent is told by e-mail; the mail server's work is the background worker's)"""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    a = submit(cast, adm)
    with django_capture_on_commit_callbacks(execute=True):
        application_refuse(
            acting_user=cast.secretary, application=a, reason="other", text="Адрес не подтверждён."
        )
    assert not mail.outbox
    (queued,) = default_task_backend.results
    assert queued.task.name == "send_parent_mail" and queued.args[0] == a.email
    queued.task.call(*queued.args)  # what the worker runs
    assert mail.outbox[-1].to == [a.email] and a.number in mail.outbox[-1].subject


def test_the_street_choices_are_built_once_per_district_and_each_form_has_its_own_copy(client, cast, adm):
    """covers ADM-1 (forms.district_streets: the public form's street choices, the streets of the
    school's district, are a queryset built once per district; every form clones it, and the one
    kept is never evaluated, so it holds no rows of an earlier request)"""
    from admissions.forms import ApplicationForm, district_streets
    from admissions.models import Street

    kept = district_streets(cast.school_a.district_id)
    first = ApplicationForm(school=cast.school_a).fields["street"].queryset
    second = ApplicationForm(school=cast.school_a).fields["street"].queryset
    assert first is not kept and second is not kept and first is not second
    assert list(first) == list(Street.objects.filter(locality__district_id=cast.school_a.district_id))
    page = client.get(f"/admissions/apply/?school={cast.school_a.pk}")
    assert adm.abaya.name_ru in page.content.decode()
    assert kept._result_cache is None and district_streets(cast.school_a.district_id) is kept
