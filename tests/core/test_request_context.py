"""What every page reads of its user (core.auth): kept per process, never stale, never shared."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from core.auth import load_user
from core.models import RoleAssignment


def test_a_revoked_role_closes_the_page_at_the_next_request(cast, login):
    """covers ORG-2, ORG-3"""
    client = login(cast.director)
    assert client.get(reverse("contingent:student_list")).status_code == 200
    RoleAssignment.objects.filter(user=cast.director).update(
        valid_to=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert client.get(reverse("contingent:student_list")).status_code == 403


def test_a_new_role_opens_the_page_at_the_next_request(cast, login):
    """covers ORG-2"""
    client = login(cast.teacher)
    assert client.get(reverse("staff:employee_list")).status_code == 403
    RoleAssignment.objects.create(user=cast.teacher, role="hr_officer", school=cast.school_a)
    assert client.get(reverse("staff:employee_list")).status_code == 200


def test_a_deactivated_user_is_logged_out_at_the_next_request(cast, login):
    """covers ORG-3"""
    client = login(cast.secretary)
    assert client.get(reverse("core:home")).status_code == 200
    cast.secretary.is_active = False
    cast.secretary.save(update_fields=["is_active"])
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_renamed_school_and_a_new_current_year_show_at_the_next_request(cast, login):
    """covers ORG-1"""
    client = login(cast.director)
    client.get(reverse("core:home"))
    cast.school_a.name_ru = cast.school_a.name_kk = cast.school_a.name_en = "Гимназия имени Абая"
    cast.school_a.save()
    cast.year_a.name = "2030-2031"
    cast.year_a.save()
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Гимназия имени Абая" in page
    assert "2030-2031" in page


def test_each_request_gets_its_own_copies(cast):
    """A view that changes an object in memory (a form's instance) cannot leak into another request."""
    first = load_user(cast.director.pk)
    first._mektep_roles[0].school.name_ru = "changed in memory only"
    first.person.last_name = "changed in memory only"
    second = load_user(cast.director.pk)
    assert second._mektep_roles[0].school.name_ru == cast.school_a.name_ru
    assert second.person.last_name == cast.director.person.last_name


def test_a_page_reads_its_user_in_two_statements_after_the_login(cast, login, count_queries):
    """The session and one statement of row versions: the user, her person, roles, schools and
    current year are not read again while unchanged."""
    client = login(cast.director)
    assert count_queries(lambda: client.get(reverse("core:healthz"))) == 3  # session, versions, SELECT 1


def test_the_kept_navbar_shows_each_user_her_own_name(cast, client):
    """covers ORG-2: the navbar is kept per process, under a key holding the user and her names"""
    names = {}
    for user in (cast.director, cast.secretary):
        client.force_login(user)
        names[user] = client.get(reverse("core:home")).content.decode()
    assert cast.director.person.full_name in names[cast.director]
    assert cast.director.person.full_name not in names[cast.secretary]
    assert cast.secretary.person.full_name in names[cast.secretary]
    cast.secretary.person.last_name = "Переименованная"
    cast.secretary.person.save()
    assert "Переименованная" in client.get(reverse("core:home")).content.decode()


def test_the_kept_navbar_carries_this_requests_token_and_path(cast):
    """The navbar's forms post with the request's own CSRF token and come back to its own page."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.director)
    page = client.get(reverse("contingent:student_list") + "?q=<b>&parallel=5").content.decode()
    assert 'name="next" value="/contingent/students/?q=%3Cb%3E&amp;parallel=5"' in page
    assert "mektep-csrf-slot" not in page and "mektep-next-slot" not in page
    token = re.search(
        r'id="language-form">\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', page
    )
    response = client.post(
        reverse("core:set_language"), {"csrfmiddlewaretoken": token.group(1), "language": "kk", "next": "/"}
    )
    assert response.status_code == 302


def test_the_unread_count_in_the_kept_navbar_follows_new_messages(cast, login):
    """covers KG-4"""
    from community.services import conversation_start

    client = login(cast.director)
    assert 'data-testid="unread-count"' not in client.get(reverse("core:home")).content.decode()
    conversation_start(
        acting_user=cast.secretary,
        school=cast.school_a,
        recipient=cast.director,
        subject="Совещание",
        body="В 15:00",
    )
    page = client.get(reverse("core:home")).content.decode()
    assert re.search(r'data-testid="unread-count">1<', page)


def test_the_statements_every_page_runs_are_planned_once_per_connection(cast, login):
    """The session and the user's row versions are prepared statements (core.prepared); the unread count
    is a column of the user's statement (core.auth.add_user_figure), not a statement of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast.director)
    client.get(reverse("contingent:student_list"))
    with CaptureQueriesContext(connection) as page:
        assert client.get(reverse("contingent:student_list")).status_code == 200
    sent = [q["sql"] for q in page.captured_queries]
    for name in ("core_session", "core_user_versions"):
        assert any(s.startswith(f"EXECUTE {name}(") for s in sent), name
    assert not any(s.startswith("PREPARE") for s in sent)
    assert not any("community_unread" in s for s in sent)
