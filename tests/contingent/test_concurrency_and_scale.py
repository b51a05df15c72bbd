"""Races and volume: two secretaries at once; a school of 900 promoted in one transaction."""

import datetime
import threading
import time

import pytest
from django.db import connection

from contingent.models import Movement, MovementKind, SchoolClass, Student
from contingent.services import school_promote, student_move
from core.models import Order, OrderKind, Person
from core.services import OperationError
from tests.contingent.factories import child_iin, make_class, scan
from tests.factories import OrderFactory


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_moving_the_same_student_at_once_make_one_movement_and_one_order(cast):
    """covers CON-8"""
    from tests.contingent.factories import make_student

    class_a = make_class(cast.school_a, 5, "А", year=cast.year_a)
    class_b = make_class(cast.school_a, 5, "Б", year=cast.year_a)
    class_c = make_class(cast.school_a, 5, "В", year=cast.year_a)
    student = make_student(cast.school_a, class_a, cast.secretary)
    barrier = threading.Barrier(2)
    results = []

    def move(user, target, number):
        try:
            stale = Student.objects.select_related("school").get(pk=student.pk)
            barrier.wait()
            student_move(
                acting_user=user,
                student=stale,
                to_class=target,
                order_number=number,
                order_date=datetime.date(2026, 10, 1),
                content="О переводе",
                scan=scan(),
            )
            results.append("moved")
        except OperationError as error:
            results.append(str(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move, args=(cast.secretary, class_b, "1")),
        threading.Thread(target=move, args=(cast.director, class_c, "2")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("moved") == 1, results
    assert Movement.objects.filter(student=student, kind=MovementKind.TRANSFER).count() == 1
    assert Order.objects.filter(kind=OrderKind.STUDENT_TRANSFER).count() == 1


def _school_of_900(cast):
    """30 classes (parallels 0-11) and 900 students placed by one enrolment order, built in bulk."""
    classes = []
    for parallel in range(0, 12):
        for letter in ("А", "Б", "В")[: 3 if parallel < 6 else 2]:
            classes.append(
                SchoolClass(
                    school=cast.school_a,
                    academic_year=cast.year_a,
                    parallel=parallel,
                    letter_ru=letter,
                    letter_kk=letter,
                    letter_en=letter,
                )
            )
    SchoolClass.objects.bulk_create(classes)
    people = Person.objects.bulk_create(
        Person(
            last_name="Оқушы",
            first_name=f"Аты{i}",
            birth_date=datetime.date(2012, 1, 1),
            sex="mf"[i % 2],
            iin=child_iin(datetime.date(2012, 1, 1), "mf"[i % 2]),
        )
        for i in range(900)
    )
    students = Student.objects.bulk_create(
        Student(
            school=cast.school_a,
            person=p,
            school_class=classes[i % len(classes)],
            parallel=classes[i % len(classes)].parallel,
            admitted_on=datetime.date(2020, 9, 1),
        )
        for i, p in enumerate(people)
    )
    order = OrderFactory(school=cast.school_a, author=cast.secretary, kind=OrderKind.STUDENT_ENROLMENT)
    Movement.objects.bulk_create(
        Movement(
            school=cast.school_a,
            student=s,
            kind=MovementKind.ENROLMENT,
            to_class=s.school_class,
            order=order,
            date=datetime.date(2026, 9, 1),
        )
        for s in students
    )
    return classes, students


@pytest.mark.django_db
def test_a_school_of_900_students_is_promoted_in_one_transaction(cast, capsys):
    """covers CON-10"""
    _classes, students = _school_of_900(cast)
    started = time.perf_counter()
    following, _order = school_promote(
        acting_user=cast.secretary,
        school=cast.school_a,
        year=cast.year_a,
        decisions={},
        order_number="900",
        order_date=datetime.date(2027, 5, 30),
        content="О переводе",
    )
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n[measure] promotion of 900 students: {elapsed:.2f} s")
    assert Movement.objects.filter(kind__in=[MovementKind.PROMOTION, MovementKind.GRADUATION]).count() == 900
    eleventh = sum(1 for s in students if s.school_class.parallel == 11)
    assert eleventh == 60  # two 11th classes of 30
    assert (
        Student.objects.filter(school_class__academic_year=following, status="studying").count()
        == 900 - eleventh
    )
    assert Student.objects.filter(status="graduated", graduation_level="general").count() == eleventh
    assert elapsed < 30


@pytest.mark.django_db
def test_a_failure_in_the_middle_of_promoting_900_students_leaves_every_student_where_he_was(
    cast, monkeypatch
):
    """covers CON-10"""
    from tests.contingent.test_services import fail_after_the_movements_are_written

    _school_of_900(cast)
    before = dict(Student.objects.values_list("pk", "school_class_id"))
    fail_after_the_movements_are_written(monkeypatch)
    with pytest.raises(RuntimeError):
        school_promote(
            acting_user=cast.secretary,
            school=cast.school_a,
            year=cast.year_a,
            decisions={},
            order_number="900",
            order_date=datetime.date(2027, 5, 30),
            content="О переводе",
        )
    assert dict(Student.objects.values_list("pk", "school_class_id")) == before
    assert not Movement.objects.filter(kind=MovementKind.PROMOTION).exists()
    assert SchoolClass.objects.filter(is_active=True).count() == 30
