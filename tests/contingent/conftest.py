"""The contingent's world on top of the cast: classes, students by order, the parent's child and the
student's own record (the cast's parent and student have roles but no records)."""

from dataclasses import dataclass

import pytest

from tests.contingent.factories import make_class, make_parent, make_student


@dataclass
class World:
    class_a: object  # 5 А of school A, led by the cast's class teacher
    class_b: object  # 5 Б of school A
    child: object  # in 5 А, child of the cast's parent
    other: object  # in 5 Б, nobody's child in the cast
    waiting: object  # registered, without a class
    class_other_school: object
    student_other_school: object


def build_world(cast):
    if "_world" in cast.__dict__:
        return cast.__dict__["_world"]
    a, b = cast.school_a, cast.school_b
    class_a = make_class(a, 5, "А", teacher_person=cast.class_teacher.person, year=cast.year_a)
    class_b = make_class(a, 5, "Б", year=cast.year_a)
    child = make_student(a, class_a, cast.secretary)
    make_parent(child, person=cast.parent.person)
    other = make_student(a, class_b, cast.secretary, sex="m")
    waiting = make_student(a)
    make_student(a, person=cast.student.person, school_class=class_b, author=cast.secretary)
    class_other = make_class(b, 5, "А", year=cast.year_b)
    student_other = make_student(b, class_other, cast.director_b)
    world = World(class_a, class_b, child, other, waiting, class_other, student_other)
    cast.__dict__["_world"] = world
    return world


@pytest.fixture
def world(cast):
    return build_world(cast)
