"""Issue 9: a home page with the user's figures and things to do, per role."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def test_the_directors_home_counts_every_figure_in_one_statement_and_each_as_its_own_count(cast, login):
    """covers CON-11 STF-1 BLK-4 ORG-5: the figures and to-dos of every card are one statement, and
    each equals the .count() of its own queryset"""
    from contingent.models import Student
    from staff.models import Employee
    from strict_forms.models import Blank, BlankStatus

    build_world(cast)
    EmployeeFactory(school=cast.school_a, consent_given_on=None)
    HandedOutBlankFactory(school=cast.school_a)
    client = login(cast.director)
    _home(client)
    with CaptureQueriesContext(connection) as sent:
        page = _home(client)
    counting = [q["sql"] for q in sent.captured_queries if "COUNT(" in q["sql"]]
    assert len(counting) == 1
    figures = {f.label: f.value for card in page.context["cards"] for f in card.figures}
    assert figures[gettext("students")] == Student.objects.for_school(cast.school_a).current().count()
    assert figures[gettext("employees")] == Employee.objects.filter(school=cast.school_a).current().count()
    todos = {t.testid: t.count for t in page.context["todos"]}
    assert (
        todos["handed-out"]
        == Blank.objects.filter(school=cast.school_a, status=BlankStatus.HANDED_OUT).count()
    )
    assert all(isinstance(v, int) for v in [*figures.values(), *todos.values()])


def test_count_each_counts_distinct_empty_and_joined_querysets_as_count_does(cast):
    """covers ORG-5"""
    from core.models import School
    from core.querysets import count_each
    from staff.models import Absence, Employee

    EmployeeFactory(school=cast.school_a)
    querysets = [
        Employee.objects.filter(school=cast.school_a),
        Employee.objects.none(),
        Employee.objects.filter(pk__in=[]),
        School.objects.filter(district=cast.district).distinct(),
        Absence.objects.filter(employee__school=cast.school_a),
        Employee.objects.filter(school__district=cast.district).order_by("-pk"),
    ]
    assert count_each(querysets) == [qs.count() for qs in querysets]
    assert count_each([]) == []


def _sections(client):
    """The "All sections" part of the home page: after its heading, the page's last h2."""
    return _home(client).content.decode().rsplit('<h2 class="h5">', 1)[1]


def test_all_sections_are_each_users_own_in_her_language(cast, login):
    """covers ORG-5 ORG-6: the kept "All sections" block follows the user's roles and language"""
    from django.utils import translation

    director = login(cast.director)
    staff_list = f'href="{reverse("staff:employee_list")}"'
    assert staff_list in _sections(director)
    assert staff_list not in _sections(login(cast.teacher))
    director.post(reverse("core:set_language"), {"language": "kk", "next": "/"})
    with translation.override("kk"):
        staff_label = gettext("Staff")
    assert f'<h3 class="h6 card-title">{staff_label}</h3>' in _sections(director)
