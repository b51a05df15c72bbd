"""A list page reads its rows and its total in one statement (core.lists.OneStatementPaginator)."""

import pytest
from django.core.paginator import EmptyPage, Paginator
from django.urls import reverse

from contingent.models import Student
from core.lists import OneStatementPaginator
from core.models import Person
from tests.contingent.factories import make_student


@pytest.fixture
def students(cast):
    return [make_student(cast.school_a) for _ in range(7)]


def _ordered():
    return Student.objects.select_related("person").order_by("pk")


@pytest.mark.parametrize("number", [1, 2, 3, "2"])
def test_each_page_has_djangos_rows_and_total_from_one_statement(students, count_queries, number):
    """covers CON-11"""
    ours, django = OneStatementPaginator(_ordered(), 3), Paginator(_ordered(), 3)
    page = {}
    assert count_queries(lambda: page.setdefault("ours", ours.page(number))) == 1
    expected = django.page(number)
    assert list(page["ours"]) == list(expected)
    assert (ours.count, ours.num_pages, page["ours"].start_index(), page["ours"].end_index()) == (
        7,
        3,
        expected.start_index(),
        expected.end_index(),
    )


def test_a_page_past_the_end_or_below_one_is_refused_as_django_does(students):
    for number in (4, 0, -1, 10**20):
        with pytest.raises(EmptyPage):
            OneStatementPaginator(_ordered(), 3).page(number)


def test_an_empty_list_has_its_one_empty_first_page(db):
    paginator = OneStatementPaginator(Student.objects.order_by("pk"), 25)
    page = paginator.page(1)
    assert list(page) == [] and paginator.count == 0 and page.start_index() == 0


def test_a_distinct_query_is_counted_apart(students, count_queries):
    """A window over a DISTINCT query would count the rows before DISTINCT removes duplicates."""
    duplicated = Person.objects.filter(studies__in=Student.objects.all()).distinct().order_by("pk")
    paginator = OneStatementPaginator(duplicated, 5)
    assert count_queries(lambda: list(paginator.page(1))) == 2
    assert paginator.count == 7


def test_the_students_list_shows_its_total_and_pages(cast, login, students):
    """covers CON-11"""
    client = login(cast.secretary)
    html = client.get(reverse("contingent:student_list"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "1–7 из 7" in html
    assert client.get(reverse("contingent:student_list"), {"page": 2}).status_code == 404
    assert client.get(reverse("contingent:student_list"), {"page": "x"}).status_code == 404
