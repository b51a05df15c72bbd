"""The contingent's document operations through their services: each makes an order in one transaction."""

import datetime

import pytest
from django.utils.translation import gettext

from contingent.models import Movement, MovementKind, SchoolClass, Student, StudentStatus
from contingent.services import (
    Decision,
    class_disband,
    guardian_add,
    school_promote,
    student_add_to_class,
    student_enrol,
    student_expel,
    student_move,
    student_register,
)
from core.models import AcademicYear, Order, OrderKind, Period, Person
from core.services import OperationError
from tests.contingent.factories import adult_iin, child_iin, make_class, make_student, scan

pytestmark = pytest.mark.django_db


def register(cast, **overrides):
    data = {
        "acting_user": cast.secretary,
        "school": cast.school_a,
        "parallel": 1,
        "residency": "resident",
        "iin": child_iin(),
        "last_name": "Сәрсенова",
        "first_name": "Әйгерім",
        "birth_date": datetime.date(2019, 3, 2),
        "sex": "f",
        "admitted_on": datetime.date(2026, 9, 1),
    }
    return student_register(**(data | overrides))


def order(number="12-у", **extra):
    return {
        "order_number": number,
        "order_date": datetime.date(2026, 9, 5),
        "content": "О зачислении",
        "scan": scan(),
    } | extra


def test_a_registered_student_lands_without_a_class(cast):
    """covers CON-1"""
    student = register(cast)
    assert student.school_class is None
    assert student in Student.objects.without_class()
    assert student.person.iin and student.status == StudentStatus.STUDYING


def test_a_resident_needs_an_iin_and_a_non_resident_does_not(cast):
    """covers CON-1"""
    with pytest.raises(OperationError, match=gettext("Enter the IIN: it is required for residents.")):
        register(cast, iin="")
    student = register(cast, iin="", residency="non_resident")
    assert student.person.iin is None


def test_a_residents_iin_is_unique(cast):
    """covers CON-1"""
    iin = child_iin()
    register(cast, iin=iin)
    with pytest.raises(OperationError, match=gettext("A person with this IIN is already registered.")):
        register(cast, iin=iin, last_name="Другая")
    assert Person.objects.filter(iin=iin).count() == 1


def test_enrolment_makes_an_order_and_a_movement_into_the_class(cast, world):
    """covers CON-2"""
    student = student_enrol(
        acting_user=cast.secretary, student=world.waiting, to_class=world.class_b, **order()
    )
    assert student.school_class == world.class_b
    m = Movement.objects.get(student=student)
    assert m.kind == MovementKind.ENROLMENT and m.to_class == world.class_b and m.from_class is None
    assert m.order.kind == OrderKind.STUDENT_ENROLMENT and m.order.scan


def test_enrolment_without_scan_or_number_saves_nothing(cast, world):
    """covers CON-2"""
    orders = Order.objects.count()
    with pytest.raises(OperationError, match=gettext("Attach the scan of the order.")):
        student_enrol(
            acting_user=cast.secretary, student=world.waiting, to_class=world.class_b, **order(scan=None)
        )
    with pytest.raises(OperationError, match=gettext("Enter the order number.")):
        student_enrol(
            acting_user=cast.secretary, student=world.waiting, to_class=world.class_b, **order(number=" ")
        )
    world.waiting.refresh_from_db()
    assert world.waiting.school_class is None and Order.objects.count() == orders


def test_a_duplicate_order_number_in_the_year_is_refused(cast, world):
    """covers CON-2 CON-8"""
    student_enrol(acting_user=cast.secretary, student=world.waiting, to_class=world.class_b, **order("7"))
    with pytest.raises(
        OperationError, match=gettext("An order with this number already exists in this year.")
    ):
        student_move(acting_user=cast.secretary, student=world.other, to_class=world.class_a, **order("7"))
    world.other.refresh_from_db()
    assert world.other.school_class == world.class_b


def test_a_new_student_goes_straight_into_a_class(cast, world):
    """covers CON-6"""
    student = student_add_to_class(
        acting_user=cast.secretary,
        school_class=world.class_a,
        person_data={
            "iin": child_iin(),
            "last_name": "Нұрланов",
            "first_name": "Ерасыл",
            "patronymic": "",
            "birth_date": datetime.date(2014, 1, 1),
            "sex": "m",
            "email": "",
        },
        admitted_on=datetime.date(2026, 9, 2),
        residency="resident",
        **order(),
    )
    assert student.school_class == world.class_a and student.parallel == 5
    assert student.movements.get().kind == MovementKind.ENROLMENT


def test_moving_to_another_class_is_recorded_by_order(cast, world):
    """covers CON-8"""
    student_move(acting_user=cast.secretary, student=world.child, to_class=world.class_b, **order())
    m = world.child.movements.latest("pk")
    assert (m.kind, m.from_class, m.to_class) == (MovementKind.TRANSFER, world.class_a, world.class_b)
    assert m.order.kind == OrderKind.STUDENT_TRANSFER


def test_moving_a_student_someone_else_moved_meanwhile_is_refused(cast, world):
    """covers CON-8"""
    stale = Student.objects.get(pk=world.child.pk)
    student_move(acting_user=cast.secretary, student=world.child, to_class=world.class_b, **order("1"))
    with pytest.raises(OperationError):
        student_move(acting_user=cast.director, student=stale, to_class=world.class_b, **order("2"))
    assert Order.objects.filter(kind=OrderKind.STUDENT_TRANSFER).count() == 1


def test_expelling_keeps_the_student_in_the_archive(cast, world):
    """covers CON-7"""
    period = cast.year_a.periods.first()
    student_expel(
        acting_user=cast.secretary,
        student=world.other,
        reason="moved_away",
        order_number="31-в",
        left_on=datetime.date(2026, 10, 1),
        period=period,
    )
    world.other.refresh_from_db()
    assert world.other.status == StudentStatus.EXPELLED and world.other.left_on == datetime.date(2026, 10, 1)
    assert world.other in Student.objects.archived()
    m = world.other.movements.latest("pk")
    assert m.kind == MovementKind.EXPULSION and m.reason == "moved_away" and m.period == period


def test_expelling_needs_a_reason_and_an_order_number(cast, world):
    """covers CON-7"""
    with pytest.raises(OperationError):
        student_expel(
            acting_user=cast.secretary,
            student=world.other,
            reason="",
            order_number="1",
            left_on=datetime.date(2026, 10, 1),
        )
    with pytest.raises(OperationError):
        student_expel(
            acting_user=cast.secretary,
            student=world.other,
            reason="other",
            order_number="",
            left_on=datetime.date(2026, 10, 1),
        )
    world.other.refresh_from_db()
    assert world.other.status == StudentStatus.STUDYING


def test_a_role_without_the_right_cannot_move_students(cast, world):
    """covers CON-8 ORG-3"""
    with pytest.raises(OperationError):
        student_move(acting_user=cast.teacher, student=world.child, to_class=world.class_b, **order())


def test_disbanding_gives_every_student_a_new_class_and_closes_the_old_one(cast, world):
    """covers CON-9"""
    class_c = make_class(cast.school_a, 5, "В", year=cast.year_a)
    second = make_student(cast.school_a, world.class_a, cast.secretary)
    class_disband(
        acting_user=cast.secretary,
        school_class=world.class_a,
        assignments={world.child.pk: world.class_b, second.pk: class_c},
        order_number="40",
        order_date=datetime.date(2026, 10, 2),
        content="О расформировании 5 А",
        reason="малая наполняемость",
        scan=scan(),
    )
    world.class_a.refresh_from_db()
    assert not world.class_a.is_active
    assert Student.objects.get(pk=world.child.pk).school_class == world.class_b
    assert Student.objects.get(pk=second.pk).school_class == class_c
    assert Movement.objects.filter(kind=MovementKind.DISBANDING).count() == 2


def test_disbanding_with_a_bad_target_changes_nothing(cast, world):
    """covers CON-9"""
    second = make_student(cast.school_a, world.class_a, cast.secretary)
    with pytest.raises(OperationError):
        class_disband(
            acting_user=cast.secretary,
            school_class=world.class_a,
            assignments={world.child.pk: world.class_b, second.pk: world.class_other_school},
            order_number="41",
            order_date=datetime.date(2026, 10, 2),
            content="О расформировании",
            scan=scan(),
        )
    world.class_a.refresh_from_db()
    assert world.class_a.is_active
    assert set(world.class_a.students.values_list("pk", flat=True)) == {world.child.pk, second.pk}
    assert not Order.objects.filter(kind=OrderKind.CLASS_DISBANDING).exists()
    assert not Movement.objects.filter(kind=MovementKind.DISBANDING).exists()


def test_one_parent_may_have_several_children(cast, world):
    """covers CON-5"""
    iin = adult_iin()
    data = {
        "relation": "father",
        "iin": iin,
        "last_name": "Серікбаев",
        "first_name": "Нұрлан",
        "birth_date": datetime.date(1980, 4, 4),
        "sex": "m",
    }
    guardian_add(acting_user=cast.secretary, student=world.child, **data)
    guardian_add(acting_user=cast.secretary, student=world.other, **data)
    person = Person.objects.get(iin=iin)
    assert set(person.guarded.values_list("student_id", flat=True)) == {world.child.pk, world.other.pk}


def promote(cast, **extra):
    return school_promote(
        acting_user=cast.secretary,
        school=cast.school_a,
        year=cast.year_a,
        decisions=extra.pop("decisions", {}),
        order_number="100-п",
        order_date=datetime.date(2027, 5, 30),
        content="О переводе",
        **extra,
    )


def test_promotion_moves_classes_up_and_graduates_the_last_grade(cast, world):
    """covers CON-10"""
    c9 = make_class(cast.school_a, 9, "А", year=cast.year_a)
    c11 = make_class(cast.school_a, 11, "А", year=cast.year_a)
    ninth_stays, ninth_leaves = (
        make_student(cast.school_a, c9, cast.secretary),
        make_student(cast.school_a, c9, cast.secretary),
    )
    graduate = make_student(cast.school_a, c11, cast.secretary)
    repeater = make_student(cast.school_a, world.class_a, cast.secretary)
    following, order_ = promote(
        cast, decisions={ninth_leaves.pk: Decision.LEAVE, repeater.pk: Decision.REPEAT}
    )
    assert following.is_current and not AcademicYear.objects.get(pk=cast.year_a.pk).is_current
    s = {x.pk: x for x in Student.objects.select_related("school_class")}
    assert (s[world.child.pk].school_class.parallel, s[world.child.pk].school_class.letter_ru) == (6, "А")
    assert s[world.child.pk].school_class.academic_year == following
    assert s[world.child.pk].school_class.class_teacher == world.class_a.class_teacher
    assert s[ninth_stays.pk].school_class.parallel == 10
    assert (s[ninth_leaves.pk].status, s[ninth_leaves.pk].graduation_level) == ("graduated", "basic")
    assert (s[graduate.pk].status, s[graduate.pk].graduation_level) == ("graduated", "general")
    assert s[graduate.pk].school_class == c11  # graduates are kept with their last class
    assert (
        s[repeater.pk].school_class.parallel == 5 and s[repeater.pk].school_class.academic_year == following
    )
    assert not SchoolClass.objects.filter(academic_year=cast.year_a, is_active=True).exists()
    assert order_.kind == OrderKind.YEAR_PROMOTION


def test_promotion_uses_next_year_classes_that_already_exist(cast, world):
    """covers CON-10"""
    following = AcademicYear.objects.create(
        school=cast.school_a,
        name="2027-2028",
        start=datetime.date(2027, 9, 1),
        end=datetime.date(2028, 5, 31),
    )
    ready = make_class(cast.school_a, 6, "А", year=following)
    promote(cast)
    assert Student.objects.get(pk=world.child.pk).school_class == ready


def fail_after_the_movements_are_written(monkeypatch):
    """Injects a failure into school_promote once its order, new classes and movements are written."""
    real = Movement.objects.bulk_create

    def write_then_fail(*args, **kwargs):
        real(*args, **kwargs)
        assert Movement.objects.exists()  # something was written: the rollback below proves something
        raise RuntimeError("injected failure in the middle of the promotion")

    monkeypatch.setattr(Movement.objects, "bulk_create", write_then_fail)


def test_a_forced_failure_in_the_middle_of_the_promotion_leaves_everyone_where_he_was(
    cast, world, monkeypatch
):
    """covers CON-10"""
    for _ in range(5):
        make_student(cast.school_a, world.class_a, cast.secretary)
    before = dict(Student.objects.values_list("pk", "school_class_id"))
    fail_after_the_movements_are_written(monkeypatch)
    with pytest.raises(RuntimeError):
        promote(cast)
    assert dict(Student.objects.values_list("pk", "school_class_id")) == before
    assert AcademicYear.objects.get(pk=cast.year_a.pk).is_current
    assert not Order.objects.filter(kind=OrderKind.YEAR_PROMOTION).exists()
    assert not Movement.objects.filter(kind=MovementKind.PROMOTION).exists()
    assert SchoolClass.objects.filter(academic_year=cast.year_a, is_active=True).count() == 2


def test_a_school_promoted_into_a_year_is_not_promoted_again_before_the_years_last_period(cast, world):
    """covers CON-10: a second click days after the first would move every student up twice"""
    following, _order = promote(cast)
    Period.objects.create(
        academic_year=following,
        name="4",
        start=datetime.date(2028, 3, 30),
        end=datetime.date(2028, 5, 25),
    )
    before = dict(Student.objects.values_list("pk", "school_class_id"))
    with pytest.raises(OperationError) as error:
        school_promote(
            acting_user=cast.secretary,
            school=cast.school_a,
            year=following,
            decisions={},
            order_number="101-п",
            order_date=datetime.date(2027, 9, 15),
            content="О переводе",
        )
    assert "30.03.2028" in str(error.value)
    assert dict(Student.objects.values_list("pk", "school_class_id")) == before
    later, _order = school_promote(
        acting_user=cast.secretary,
        school=cast.school_a,
        year=following,
        decisions={},
        order_number="102-п",
        order_date=datetime.date(2028, 5, 30),
        content="О переводе",
    )
    assert Student.objects.get(pk=world.child.pk).school_class.academic_year == later
