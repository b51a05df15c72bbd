"""Issue 9, contingent: the parallel on enrolment and moves, the enrol button of "Without a class"."""

import pytest
from django.urls import reverse

from contingent.models import Movement, Student
from contingent.services import student_enrol, student_move
from core.models import Order
from core.services import OperationError
from tests.contingent.conftest import build_world
from tests.contingent.factories import make_class, make_student
from tests.contingent.test_pages import order_post
from tests.contingent.test_services import order


def test_enrolment_into_a_class_of_another_parallel_is_refused_without_a_reason(cast):
    """covers CON-2"""
    world = build_world(cast)
    first = make_class(cast.school_a, 1, "А", year=cast.year_a)
    orders = Order.objects.count()
    with pytest.raises(OperationError):
        student_enrol(acting_user=cast.secretary, student=world.waiting, to_class=first, **order())
    world.waiting.refresh_from_db()
    assert world.waiting.school_class is None and world.waiting.parallel == 5
    assert Order.objects.count() == orders


def test_enrolment_into_another_parallel_with_a_reason_keeps_the_reason(cast):
    """covers CON-2"""
    world = build_world(cast)
    first = make_class(cast.school_a, 6, "А", year=cast.year_a)
    student_enrol(
        acting_user=cast.secretary,
        student=world.waiting,
        to_class=first,
        parallel_reason="Переведена по результатам экстерната",
        **order(),
    )
    world.waiting.refresh_from_db()
    assert world.waiting.school_class == first and world.waiting.parallel == 6
    assert "Переведена по результатам экстерната" in Movement.objects.get(student=world.waiting).order.content


def test_a_move_to_a_class_of_another_parallel_needs_a_reason(cast):
    """covers CON-8"""
    world = build_world(cast)
    sixth = make_class(cast.school_a, 6, "А", year=cast.year_a)
    with pytest.raises(OperationError):
        student_move(acting_user=cast.secretary, student=world.other, to_class=sixth, **order())
    world.other.refresh_from_db()
    assert world.other.school_class == world.class_b
    student_move(acting_user=cast.secretary, student=world.other, to_class=world.class_a, **order("13"))
    world.other.refresh_from_db()
    assert world.other.school_class == world.class_a


def test_the_enrol_form_offers_the_students_parallel_first_and_explains_a_refusal(cast, login):
    """covers CON-2"""
    world = build_world(cast)
    first = make_class(cast.school_a, 1, "А", year=cast.year_a)
    client = login(cast.secretary)
    url = reverse("contingent:student_enrol", args=[world.waiting.pk])
    offered = list(client.get(url).context["form"].fields["to_class"].queryset)
    assert offered[0].parallel == 5 and offered[-1] == first
    refused = client.post(url, order_post(to_class=first.pk))
    assert refused.status_code == 200 and refused.context["form"].errors["parallel_reason"]
    assert Student.objects.get(pk=world.waiting.pk).school_class is None


def test_rows_without_a_class_carry_the_enrol_button(cast, login):
    """covers CON-2 CON-11"""
    world = build_world(cast)
    client = login(cast.secretary)
    html = client.get(reverse("contingent:student_list"), {"school_class": "none"}).content.decode()
    assert reverse("contingent:student_enrol", args=[world.waiting.pk]) in html
    in_class = client.get(reverse("contingent:student_list")).content.decode()
    assert reverse("contingent:student_enrol", args=[world.child.pk]) not in in_class
    # who may not move students sees no button
    clerk = login(cast.records_clerk).get(reverse("contingent:student_list"), {"school_class": "none"})
    assert reverse("contingent:student_enrol", args=[world.waiting.pk]) not in clerk.content.decode()


def test_the_student_list_costs_the_same_queries_for_one_and_many_rows_with_buttons(
    cast, login, count_queries
):
    """covers CON-11"""
    build_world(cast)
    client = login(cast.secretary)
    url = reverse("contingent:student_list")
    one = count_queries(lambda: client.get(url, {"school_class": "none"}))
    for _ in range(12):
        make_student(cast.school_a)
    many = count_queries(lambda: client.get(url, {"school_class": "none"}))
    assert one == many


def test_disbanding_without_the_orders_scan_is_refused_and_changes_nothing(cast):
    """covers CON-9"""
    import datetime

    from contingent.services import class_disband

    world = build_world(cast)
    with pytest.raises(OperationError):
        class_disband(
            acting_user=cast.secretary,
            school_class=world.class_a,
            assignments={world.child.pk: world.class_b},
            order_number="44",
            order_date=datetime.date(2026, 10, 2),
            content="О расформировании",
        )
    world.class_a.refresh_from_db()
    assert world.class_a.is_active and Student.objects.get(pk=world.child.pk).school_class == world.class_a


def test_the_free_meal_applicant_is_picked_from_the_students_parents(cast, login):
    """covers CON-12"""
    from contingent.models import FreeMealApplication

    world = build_world(cast)
    client = login(cast.secretary)
    url = reverse("contingent:meal_create", args=[world.child.pk])
    parent = world.child.guardians.get().person.full_name
    offered = [v for v, _label in client.get(url).context["form"].fields["applicant"].choices if v]
    assert offered == [parent]
    typed = client.post(
        url, {"applied_on": "2026-09-03", "applicant": "Кто-то Другой", "basis": "large_family"}
    )
    assert typed.status_code == 200 and "applicant" in typed.context["form"].errors
    client.post(url, {"applied_on": "2026-09-03", "applicant": parent, "basis": "large_family"})
    assert FreeMealApplication.objects.get().applicant == parent


def test_the_class_teacher_choice_offers_free_teachers_first_and_marks_the_others(cast, login):
    """covers CON-3"""
    from tests.factories import EmployeeFactory

    world = build_world(cast)
    free = EmployeeFactory(school=cast.school_a, class_guidance_allowed=True)
    field = (
        login(cast.secretary).get(reverse("contingent:class_create")).context["form"].fields["class_teacher"]
    )
    teachers = list(field.queryset)
    assert teachers[0] == free and teachers[-1] == world.class_a.class_teacher
    assert field.label_from_instance(teachers[-1]) != teachers[-1].person.full_name


def test_the_class_teacher_edits_her_classs_students_and_adds_their_parents_only(cast, login):
    """covers CON-5 ORG-3"""
    world = build_world(cast)
    client = login(cast.class_teacher)
    own = reverse("contingent:student_edit", args=[world.child.pk])
    assert client.get(own).status_code == 200
    assert client.get(reverse("contingent:guardian_add", args=[world.child.pk])).status_code == 200
    assert client.get(reverse("contingent:student_edit", args=[world.other.pk])).status_code == 404
    assert client.get(reverse("contingent:guardian_add", args=[world.other.pk])).status_code == 404
    assert 'data-testid="op-edit"' in client.get(world.child.get_absolute_url()).content.decode()
    # she does not move students
    assert client.get(reverse("contingent:student_move", args=[world.child.pk])).status_code == 403


def test_an_expelled_student_is_reinstated_by_an_order_into_a_class(cast, login):
    """covers CON-7 CON-12"""
    from contingent.models import MovementKind, StudentStatus
    from contingent.services import student_expel, student_reinstate

    world = build_world(cast)
    student_expel(
        acting_user=cast.secretary,
        student=world.other,
        reason="moved_away",
        order_number="60",
        left_on=__import__("datetime").date(2026, 10, 1),
    )
    back = student_reinstate(
        acting_user=cast.secretary,
        student=Student.objects.get(pk=world.other.pk),
        to_class=world.class_b,
        **order("61"),
    )
    assert (
        back.status == StudentStatus.STUDYING and back.left_on is None and back.school_class == world.class_b
    )
    last = Movement.objects.filter(student=back).latest("pk")
    assert last.kind == MovementKind.ENROLMENT and last.order.number == "61"
    with pytest.raises(OperationError):  # only who left may come back
        student_reinstate(acting_user=cast.secretary, student=back, to_class=world.class_b, **order("62"))


def test_the_reinstatement_page_is_offered_on_an_archived_file(cast, login):
    """covers CON-7"""
    student = make_student(cast.school_a, status="expelled")
    build_world(cast)
    client = login(cast.secretary)
    assert 'data-testid="op-reinstate"' in client.get(student.get_absolute_url()).content.decode()
    response = client.post(
        reverse("contingent:student_reinstate", args=[student.pk]),
        order_post(to_class=build_world(cast).class_a.pk),
    )
    assert response.status_code == 302
    assert Student.objects.get(pk=student.pk).status == "studying"
