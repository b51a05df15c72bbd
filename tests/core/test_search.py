"""The one full-name search of every list (core.search): words in any order, Kazakh letters folded."""

import pytest
from django.db import connection
from django.urls import reverse

from core.models import Person
from core.search import fold, search
from tests.contingent.conftest import build_world
from tests.factories import EmployeeFactory, PersonFactory
from tests.strict_forms.factories import BlankFactory


def test_folding_maps_kazakh_letters_to_their_nearest_russian_ones():
    """covers CON-11"""
    assert fold("Іляс Әлия Құрманғазы Өмір Ұлан Үміт Һ ё") == "иляс алия курмангазы омир улан умит х е"


def _results(client, url, q):
    return list(client.get(url, {"q": q}).context["object_list"])


@pytest.mark.parametrize(
    "query",
    ["Ахметова Әсел", "Әсел Ахметова", "АХМЕТОВА асел", "ахмет асел", "Асел Ахметова Маратовна", "Маратовна"],
)
def test_students_are_found_by_full_name_in_any_order_and_typed_with_russian_letters(cast, login, query):
    """covers CON-11"""
    world = build_world(cast)
    world.child.person.patronymic = "Маратовна"
    world.child.person.save()
    world.other.person.last_name, world.other.person.first_name = "Ахметов", "Бауыржан"
    world.other.person.save()
    found = _results(login(cast.secretary), reverse("contingent:student_list"), query)
    assert world.child in found
    assert world.other not in found


def test_a_word_that_no_part_of_the_name_holds_finds_nobody(cast, login):
    """covers CON-11"""
    build_world(cast)
    assert _results(login(cast.secretary), reverse("contingent:student_list"), "Ахметова Сидоров") == []


def test_the_archive_searches_the_same_way(cast, login):
    """covers CON-11"""
    world = build_world(cast)
    world.waiting.status = "expelled"
    world.waiting.person.last_name, world.waiting.person.first_name = "Іляс", "Қанат"
    world.waiting.person.save()
    world.waiting.save()
    assert _results(login(cast.secretary), reverse("contingent:student_archive"), "канат иляс") == [
        world.waiting
    ]


def test_staff_are_found_by_full_name_in_any_order(cast, login):
    """covers STF-1"""
    person = PersonFactory(last_name="Тестова", first_name="Айжан", patronymic="Маратовна")
    employee = EmployeeFactory(school=cast.school_a, person=person)
    EmployeeFactory(school=cast.school_a, person=PersonFactory(last_name="Тестова", first_name="Гүлнар"))
    found = _results(login(cast.hr_officer), reverse("staff:employee_list"), "Айжан Тестова")
    assert found == [employee]
    assert _results(login(cast.hr_officer), reverse("staff:employee_list"), "тестова маратовна айжан") == [
        employee
    ]


def test_the_blanks_registry_finds_series_and_number_together(cast, login):
    """covers BLK-4"""
    blank = BlankFactory(school=cast.school_a, series="AB", number="0012345")
    BlankFactory(school=cast.school_a, series="CD", number="0012345")
    url = reverse("strict_forms:blank_list")
    client = login(cast.records_clerk)
    assert _results(client, url, "AB 0012345") == [blank]
    assert _results(client, url, "ab0012345") == [blank]


def test_the_full_name_search_can_use_its_trigram_index(db):
    """covers CON-11: the folded full name has a pg_trgm GIN index the search's condition matches"""
    PersonFactory(last_name="Іляс", first_name="Нұрлан")
    sql, params = search(Person.objects.all(), "иляс", person_paths=[""]).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "person_fullname_trgm" in plan
