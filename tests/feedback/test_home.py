"""Issue 9: a home page with the user's figures and things to do, per role."""

from django.urls import reverse
from django.utils.translation import gettext

from tests.contingent.conftest import build_world
from tests.factories import EmployeeFactory
from tests.strict_forms.factories import HandedOutBlankFactory


def _home(client):
    return client.get(reverse("core:home"))


def test_the_secretarys_home_shows_her_figures_and_the_students_without_a_class(cast, login):
    """covers CON-11 ORG-5"""
    build_world(cast)
    page = _home(login(cast.secretary))
    titles = [c.title for c in page.context["cards"]]
    assert titles[0] == gettext("Students") and gettext("Staff") not in titles
    todos = {t.testid: t for t in page.context["todos"]}
    assert todos["without-class"].count == 1
    assert todos["without-class"].url.endswith("?school_class=none")
    html = page.content.decode()
    assert 'data-testid="todo-without-class"' in html and 'data-testid="todos"' in html


def test_the_hr_officers_home_shows_staff_figures_and_missing_consents(cast, login):
    """covers STF-1 STF-8 ORG-5"""
    EmployeeFactory(school=cast.school_a, consent_given_on=None)
    page = _home(login(cast.hr_officer))
    card = page.context["cards"][0]
    assert card.figures[0].value == 1
    todos = {t.testid: t for t in page.context["todos"]}
    assert todos["staff-consents"].count == 1
    assert "contingent" not in "".join(t.url for t in page.context["todos"])


def test_the_records_clerks_home_counts_blanks_handed_out_and_not_issued(cast, login):
    """covers BLK-4"""
    HandedOutBlankFactory(school=cast.school_a)
    page = _home(login(cast.records_clerk))
    todos = {t.testid: t for t in page.context["todos"]}
    assert todos["handed-out"].count == 1


def test_a_parent_sees_no_schools_figures(cast, login):
    """covers ORG-3"""
    build_world(cast)
    assert _home(login(cast.parent)).context["cards"] == []


def test_the_home_page_costs_the_same_queries_with_more_data(cast, login, count_queries):
    """covers CON-11"""
    client = login(cast.director)
    first = count_queries(lambda: _home(client))
    build_world(cast)
    EmployeeFactory(school=cast.school_a)
    assert count_queries(lambda: _home(client)) == first
