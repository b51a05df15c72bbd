"""What every page reads of its user (core.auth): kept per process, never stale, never shared."""

import datetime

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
