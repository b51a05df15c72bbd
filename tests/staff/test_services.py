"""Staff operations through the services: hiring, leave, recall, sick leave, dismissal, delegation,
courses, seniority."""

import datetime
import threading

import pytest
from django.contrib.auth import authenticate as _authenticate
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone
from django.utils.translation import gettext

from core.models import Order, OrderKind, RoleAssignment
from core.permissions import Perm, forget_cached_permissions, has_permission
from core.services import OperationError
from staff.models import Absence, AbsenceKind, Course, CourseStatus, Delegation, Employee, EmployeeStatus
from staff.services import (
    absence_register,
    course_confirm,
    course_plan,
    course_request,
    delegation_create,
    employee_dismiss,
    employee_hire,
    leave_recall,
    seniority_update,
)
from tests.factories import make_iin
from tests.staff.conftest import file_of
from tests.staff.factories import AbsenceFactory, StaffEmployeeFactory

D = datetime.date


def authenticate(**credentials):
    return _authenticate(RequestFactory().post("/accounts/login/"), **credentials)


PERSON = {
    "last_name": "Абилова",
    "first_name": "Куралай",
    "patronymic": "Турарбековна",
    "iin": make_iin(D(1988, 2, 3), "f", 501),
    "birth_date": D(1988, 2, 3),
    "sex": "f",
    "email": "",
    "phone": "+7 701 000 00 00",
    "address": "ул. Чокина, 14б",
}
EMPLOYMENT = {
    "position": "Учитель математики",
    "structural_unit": "Кафедра математики",
    "staff_group": "teaching",
    "hired_on": D(2026, 9, 1),
    "contract_number": "ТД-15",
    "contract_date": D(2026, 8, 28),
    "consent_given_on": D(2026, 8, 28),
}


def test_hiring_creates_the_file_the_login_the_roles_and_the_order_in_one_go(cast):
    """covers STF-2 ORG-5"""
    employee, user, password = employee_hire(
        acting_user=cast.hr_officer,
        school=cast.school_a,
        person=PERSON,
        employment=EMPLOYMENT,
        roles=["teacher"],
    )
    assert employee.status == EmployeeStatus.ACTIVE and employee.person.iin == PERSON["iin"]
    assert user.person == employee.person and user.must_change_password
    assert authenticate(username=user.username, password=password) == user
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", "school")) == [
        ("teacher", cast.school_a.pk)
    ]
    order = employee.hiring_order
    assert order.kind == OrderKind.STAFF_HIRING and order.school == cast.school_a and order.number == "1-к"
    assert list(employee.order_links.values_list("order", flat=True)) == [order.pk]
    assert employee.consent_given_on == D(2026, 8, 28)
    assert employee.work_records.get().position == "Учитель математики"


def test_hiring_fails_whole_when_a_step_fails_and_leaves_nothing_behind(cast, monkeypatch):
    """covers STF-2: the failure is injected at the last step, after the person, the file, the login,
    the role and the work record were written"""
    from core.models import Person, RoleAssignment
    from staff import services

    def write_nothing_more(**kwargs):
        assert Employee.objects.exists() and RoleAssignment.objects.filter(user__last_name="Абилова").exists()
        raise OperationError("injected failure at the hiring order")

    monkeypatch.setattr(services, "make_order", write_nothing_more)
    with pytest.raises(OperationError, match="injected"):
        employee_hire(
            acting_user=cast.hr_officer,
            school=cast.school_a,
            person=PERSON,
            employment=EMPLOYMENT,
            roles=["teacher"],
        )
    assert not Person.objects.filter(last_name="Абилова").exists()
    assert not Employee.objects.exists()
    assert not get_user_model().objects.filter(last_name="Абилова").exists()
    assert not Order.objects.exists()


def test_hiring_twice_the_same_person_is_refused(cast):
    """covers STF-2"""
    employee_hire(acting_user=cast.hr_officer, school=cast.school_a, person=PERSON, employment=EMPLOYMENT)
    with pytest.raises(OperationError, match=gettext("This person already works at this school.")):
        employee_hire(acting_user=cast.hr_officer, school=cast.school_a, person=PERSON, employment=EMPLOYMENT)
    assert Employee.objects.count() == 1 and Order.objects.count() == 1


def test_a_deputy_without_staff_manage_cannot_hire(cast):
    """covers STF-2"""
    with pytest.raises(OperationError):
        employee_hire(
            acting_user=cast.deputy_director, school=cast.school_a, person=PERSON, employment=EMPLOYMENT
        )


def test_leave_makes_an_order_and_overlapping_absences_are_refused(cast, staffed):
    """covers STF-5"""
    leave = absence_register(
        acting_user=cast.hr_officer,
        employee=staffed,
        kind=AbsenceKind.LEAVE,
        start=D(2026, 7, 1),
        end=D(2026, 8, 25),
        leave_type="annual",
    )
    assert leave.order.kind == OrderKind.STAFF_LEAVE and leave.days == 56
    with pytest.raises(OperationError):
        absence_register(
            acting_user=cast.hr_officer,
            employee=staffed,
            kind=AbsenceKind.SICK_LEAVE,
            start=D(2026, 8, 20),
            end=D(2026, 8, 30),
            diagnosis="ОРВИ",
        )
    with pytest.raises(OperationError, match=gettext("The end cannot be before the start.")):
        absence_register(
            acting_user=cast.hr_officer,
            employee=staffed,
            kind=AbsenceKind.TIME_OFF,
            start=D(2026, 9, 10),
            end=D(2026, 9, 9),
        )
    assert Absence.objects.count() == 1 and Order.objects.filter(kind=OrderKind.STAFF_LEAVE).count() == 1


def test_the_database_itself_refuses_overlapping_absences(cast, staffed):
    """covers STF-5"""
    from django.db import IntegrityError, transaction

    AbsenceFactory(employee=staffed, start=D(2026, 1, 1), end=D(2026, 1, 10))
    with pytest.raises(IntegrityError), transaction.atomic():
        AbsenceFactory(employee=staffed, start=D(2026, 1, 10), end=D(2026, 1, 12))


def test_time_off_and_sick_leave_are_registered_the_sick_leave_without_an_order(cast, staffed):
    """covers STF-5"""
    off = absence_register(
        acting_user=cast.hr_officer,
        employee=staffed,
        kind=AbsenceKind.TIME_OFF,
        start=D(2026, 10, 5),
        end=D(2026, 10, 5),
    )
    sick = absence_register(
        acting_user=cast.hr_officer,
        employee=staffed,
        kind=AbsenceKind.SICK_LEAVE,
        start=D(2026, 11, 2),
        end=D(2026, 11, 6),
        illness="Грипп",
        diagnosis="J11",
    )
    assert off.order.kind == OrderKind.STAFF_TIME_OFF
    assert sick.order is None and sick.days == 5


def test_a_recall_shortens_a_started_leave_and_makes_an_order(cast, staffed):
    """covers STF-5"""
    today = timezone.localdate()
    leave = AbsenceFactory(
        employee=staffed, start=today - datetime.timedelta(days=5), end=today + datetime.timedelta(days=20)
    )
    recall = leave_recall(
        acting_user=cast.hr_officer,
        leave=leave,
        recalled_on=today + datetime.timedelta(days=1),
        reason="Экзамены",
    )
    leave.refresh_from_db()
    assert leave.end == today and leave.planned_end == today + datetime.timedelta(days=20)
    assert recall.order.kind == OrderKind.STAFF_RECALL
    with pytest.raises(OperationError):
        leave_recall(acting_user=cast.hr_officer, leave=leave, recalled_on=today)


def test_a_recall_outside_the_leave_or_of_a_leave_not_started_is_refused(cast, staffed):
    """covers STF-5"""
    today = timezone.localdate()
    started = AbsenceFactory(
        employee=staffed, start=today - datetime.timedelta(days=2), end=today + datetime.timedelta(days=3)
    )
    future = AbsenceFactory(
        employee=staffed, start=today + datetime.timedelta(days=30), end=today + datetime.timedelta(days=40)
    )
    with pytest.raises(OperationError):
        leave_recall(
            acting_user=cast.hr_officer, leave=started, recalled_on=today + datetime.timedelta(days=10)
        )
    with pytest.raises(OperationError):
        leave_recall(
            acting_user=cast.hr_officer, leave=future, recalled_on=today + datetime.timedelta(days=31)
        )
    assert not Order.objects.filter(kind=OrderKind.STAFF_RECALL).exists()


def test_dismissal_removes_the_roles_blocks_the_login_and_archives_the_file(cast, staffed):
    """covers STF-6"""
    teacher = cast.teacher
    assert authenticate(username="teacher", password="pass-Word-123") == teacher
    employee_dismiss(
        acting_user=cast.hr_officer, employee=staffed, reason="По собственному желанию", date=D(2026, 12, 30)
    )
    staffed.refresh_from_db()
    teacher.refresh_from_db()
    assert staffed.status == EmployeeStatus.DISMISSED and staffed.dismissed_on == D(2026, 12, 30)
    assert staffed.dismissal_order.kind == OrderKind.STAFF_DISMISSAL
    assert not RoleAssignment.objects.filter(user=teacher).exists()
    assert not teacher.is_active
    assert authenticate(username="teacher", password="pass-Word-123") is None
    assert Employee.objects.archived().filter(pk=staffed.pk).exists()
    with pytest.raises(OperationError, match=gettext("This employee is already dismissed.")):
        employee_dismiss(acting_user=cast.hr_officer, employee=staffed, reason="x", date=D(2026, 12, 31))


def test_dismissal_keeps_the_login_when_roles_elsewhere_remain(cast):
    """covers STF-6"""
    from tests.factories import RoleFactory

    RoleFactory(user=cast.teacher, role="teacher", school=cast.school_b)
    employee = file_of(cast.teacher, cast.school_a)
    employee_dismiss(acting_user=cast.hr_officer, employee=employee, reason="Перевод", date=D(2026, 12, 30))
    cast.teacher.refresh_from_db()
    assert cast.teacher.is_active
    assert list(RoleAssignment.objects.filter(user=cast.teacher).values_list("school", flat=True)) == [
        cast.school_b.pk
    ]


def test_a_dismissal_that_would_leave_a_staff_role_at_the_school_is_refused_and_changes_nothing(cast):
    """covers STF-6"""
    from tests.factories import RoleFactory

    employee = file_of(cast.teacher, cast.school_a)
    parent = RoleFactory(user=cast.teacher, role="parent", school=cast.school_a)
    staff_roles = RoleAssignment.objects.filter(user=cast.teacher, school=cast.school_a).exclude(pk=parent.pk)
    with pytest.raises(OperationError) as refused:
        employee_dismiss(
            acting_user=cast.hr_officer,
            employee=employee,
            reason="Перевод",
            date=D(2026, 12, 30),
            remove_roles=[],
        )
    assert str(refused.value).startswith(
        gettext("A dismissed employee cannot keep the staff roles at this school: %(roles)s.").split("%")[0]
    )
    employee.refresh_from_db()
    assert employee.status == EmployeeStatus.ACTIVE and staff_roles.exists()
    assert not Order.objects.filter(kind=OrderKind.STAFF_DISMISSAL).exists()
    # the staff roles go; the parent's role at the same school may stay, and so does the login
    employee_dismiss(
        acting_user=cast.hr_officer,
        employee=employee,
        reason="Перевод",
        date=D(2026, 12, 30),
        remove_roles=list(staff_roles.values_list("pk", flat=True)),
    )
    cast.teacher.refresh_from_db()
    assert cast.teacher.is_active
    assert list(RoleAssignment.objects.filter(user=cast.teacher, school=cast.school_a)) == [parent]


@pytest.mark.django_db(transaction=True)
def test_two_hr_officers_dismissing_the_same_person_at_once_make_one_dismissal_and_one_order():
    """covers STF-6"""
    from tests.factories import RoleFactory, SchoolFactory, UserFactory

    school = SchoolFactory()
    officers = [UserFactory(username=f"hr{i}") for i in range(2)]
    for u in officers:
        RoleFactory(user=u, role="hr_officer", school=school)
    target = UserFactory(username="leaving")
    RoleFactory(user=target, role="teacher", school=school)
    employee = StaffEmployeeFactory(school=school, person=target.person)
    barrier = threading.Barrier(2)
    outcomes = []

    def dismiss(officer):
        try:
            barrier.wait()
            employee_dismiss(
                acting_user=officer, employee=employee, reason="Сокращение", date=D(2026, 12, 30)
            )
            outcomes.append("ok")
        except OperationError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=dismiss, args=(u,)) for u in officers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == sorted(["ok", gettext("This employee is already dismissed.")])
    assert Order.objects.filter(kind=OrderKind.STAFF_DISMISSAL).count() == 1


def test_delegation_gives_the_role_for_its_period_only_with_an_order(cast, staffed):
    """covers STF-7"""
    from tests.factories import RoleFactory

    director_file = file_of(cast.director, cast.school_a, position="Директор", staff_group="head")
    deputy_file = file_of(cast.deputy_director, cast.school_a, position="Заместитель директора")
    today = timezone.localdate()
    delegation = delegation_create(
        acting_user=cast.director,
        employee=director_file,
        delegate=deputy_file,
        role="director",
        valid_from=today,
        valid_to=today + datetime.timedelta(days=13),
    )
    assert delegation.order.kind == OrderKind.STAFF_DELEGATION
    assert delegation.assignment.valid_to == today + datetime.timedelta(days=13)
    deputy = cast.deputy_director
    forget_cached_permissions(deputy)
    assert has_permission(deputy, Perm.USERS_MANAGE, cast.school_a)
    active_later = RoleAssignment.objects.active(on=today + datetime.timedelta(days=14)).filter(
        user=deputy, role="director"
    )
    assert not active_later.exists()
    # the HR officer may not hand the director's duties over
    RoleFactory(user=cast.hr_officer, role="teacher", school=cast.school_a)
    with pytest.raises(OperationError):
        delegation_create(
            acting_user=cast.hr_officer,
            employee=director_file,
            delegate=staffed,
            role="director",
            valid_from=today,
            valid_to=today,
        )
    assert Delegation.objects.count() == 1


def test_courses_planned_requested_and_confirmed_update_the_category(cast, staffed):
    """covers STF-8"""
    data = {
        "name": "Алгебра",
        "direction": "Математика",
        "start": D(2026, 4, 14),
        "end": D(2026, 4, 30),
        "place": "УО",
        "kind": "planned",
        "description": "",
    }
    planned = course_plan(acting_user=cast.hr_officer, employee=staffed, data=data)
    requested = course_request(acting_user=cast.teacher, employee=staffed, data=data)
    assert planned.status == CourseStatus.PLANNED and requested.status == CourseStatus.REQUESTED
    other = StaffEmployeeFactory(school=cast.school_a)
    with pytest.raises(OperationError):
        course_request(acting_user=cast.teacher, employee=other, data=data)
    course_confirm(
        acting_user=cast.hr_officer,
        course=planned,
        certificate_number="12",
        certificate_date=D(2026, 5, 2),
        category="expert",
        issued_by="Орлеу",
        attestation_date=D(2026, 5, 20),
        conclusion="attested",
    )
    staffed.refresh_from_db()
    assert staffed.qualification_category == "expert" and staffed.attested_on == D(2026, 5, 20)
    assert staffed.category_valid_until == D(2031, 5, 20)
    with pytest.raises(OperationError):
        course_confirm(
            acting_user=cast.hr_officer,
            course=planned,
            certificate_number="13",
            certificate_date=D(2026, 5, 2),
        )


def test_needing_requalification_lists_those_attested_more_than_five_years_ago_heads_three(cast):
    """covers STF-8"""
    today = timezone.localdate()
    old = StaffEmployeeFactory(school=cast.school_a, attested_on=today - datetime.timedelta(days=6 * 365))
    fresh = StaffEmployeeFactory(school=cast.school_a, attested_on=today - datetime.timedelta(days=365))
    head = StaffEmployeeFactory(
        school=cast.school_a, staff_group="head", attested_on=today - datetime.timedelta(days=4 * 365)
    )
    never = StaffEmployeeFactory(school=cast.school_a, attested_on=None)
    support = StaffEmployeeFactory(school=cast.school_a, staff_group="support", attested_on=None)
    due = set(Employee.objects.for_school(cast.school_a).needing_requalification())
    assert {old, head, never} <= due and fresh not in due and support not in due


def test_seniority_of_all_staff_is_updated_at_once(cast, staffed):
    """covers STF-9"""
    other = StaffEmployeeFactory(school=cast.school_a)
    n = seniority_update(
        acting_user=cast.hr_officer,
        school=cast.school_a,
        values={staffed.pk: (12, 10, 5), other.pk: (3, 3, 3)},
    )
    staffed.refresh_from_db()
    assert n == 2 and (staffed.seniority_total, staffed.seniority_teaching, staffed.seniority_at_school) == (
        12,
        10,
        5,
    )
    with pytest.raises(OperationError):
        seniority_update(
            acting_user=cast.hr_officer,
            school=cast.school_a,
            values={staffed.pk: (1, 5, 1), other.pk: (3, 3, 3)},
        )
    staffed.refresh_from_db()
    assert staffed.seniority_total == 12


def test_a_teacher_sees_only_her_own_file(cast, staffed):
    """covers STF-3"""
    other = StaffEmployeeFactory(school=cast.school_a)
    assert list(Employee.objects.visible_to(cast.teacher)) == [staffed]
    assert set(Employee.objects.visible_to(cast.hr_officer)) >= {staffed, other}
    assert not Employee.objects.visible_to(cast.director_b).exists()
    assert not Course.objects.visible_to(cast.district_official).exists()
