"""A list page's total and pages (core.lists.ListPageView with Django's paginator)."""

import pytest
from django.urls import reverse

from tests.contingent.factories import make_student


@pytest.fixture
def students(cast):
    return [make_student(cast.school_a) for _ in range(7)]


def test_the_students_list_shows_its_total_and_pages(cast, login, students):
    """covers CON-11"""
    client = login(cast.secretary)
    html = client.get(reverse("contingent:student_list"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "1–7 из 7" in html
    assert client.get(reverse("contingent:student_list"), {"page": 2}).status_code == 404
    assert client.get(reverse("contingent:student_list"), {"page": "x"}).status_code == 404
