"""What a walk through the foundation found: the navigation, the administrator's password reset,
times in lists and exports, the forms' messages, the language chosen before login."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.models import LoginEvent
from core.services import OperationError, password_reset, role_assign
from tests.factories import PeriodFactory


def test_the_district_officials_menu_has_no_page_of_a_single_school(cast, login):
    """covers ORG-3: without a current school, pages of one school would answer 403."""
    page = login(cast.district_official).get(reverse("core:home")).content.decode()
    assert reverse("core:school_list") in page
    assert reverse("core:district_activity") in page
    for name in ("core:year_list", "core:my_school", "core:login_list", "core:access_log", "core:activity"):
        assert f'href="{reverse(name)}"' not in page, name
    assert cast.district.name in page


def test_the_menu_is_hidden_until_a_first_password_is_changed(cast, login):
    """covers ORG-2: every page but the password change is closed, so no menu leads to them."""
    cast.teacher.must_change_password = True
    cast.teacher.save()
    page = login(cast.teacher).get(reverse("password_change")).content.decode()
    assert f'href="{reverse("core:year_list")}"' not in page
    assert reverse("logout") in page


def test_the_navbar_names_the_school_and_its_year_once(cast, login):
    """covers ORG-1 ORG-6"""
    page = login(cast.teacher).get(reverse("core:home")).content.decode()
    assert page.count('data-testid="current-school"') == 1
    assert 'data-testid="current-year"' in page


def test_the_language_picked_on_the_login_page_becomes_the_users_language(cast, client):
    """covers ORG-6"""
    assert cast.teacher.language == "ru"
    client.post(reverse("core:set_language"), {"language": "kk", "next": "/"})
    client.post(reverse("login"), {"username": "teacher", "password": "pass-Word-123"})
    cast.teacher.refresh_from_db()
    assert cast.teacher.language == "kk"
    assert client.get(reverse("core:home")).headers["Content-Language"] == "kk"


def test_without_a_choice_on_the_login_page_the_stored_language_stays(cast, client):
    """covers ORG-6"""
    client.post(reverse("login"), {"username": "teacher", "password": "pass-Word-123"})
    cast.teacher.refresh_from_db()
    assert cast.teacher.language == "ru"


def test_the_school_administrator_cannot_take_over_the_directors_login(cast):
    """covers ORG-2: a new first password is a way into the account."""
    with pytest.raises(OperationError) as error:
        password_reset(acting_user=cast.school_admin, user=cast.director, school=cast.school_a)
    assert str(error.value) == gettext("This person holds a role above what your roles allow.")
    assert password_reset(acting_user=cast.director, user=cast.school_admin, school=cast.school_a)


def test_nobody_at_one_school_resets_the_password_of_someone_working_elsewhere_too(cast):
    """covers ORG-2 ORG-3"""
    role_assign(acting_user=cast.director_b, user=cast.teacher, school=cast.school_b, role="teacher")
    with pytest.raises(OperationError) as error:
        password_reset(acting_user=cast.director, user=cast.teacher, school=cast.school_a)
    assert str(error.value) == gettext("This person also works elsewhere; ask the system administrator.")
    cast.teacher.refresh_from_db()
    assert not cast.teacher.must_change_password


def test_the_page_with_a_first_password_is_never_cached(cast, login):
    """covers ORG-2"""
    response = login(cast.director).post(reverse("core:user_password_reset", args=[cast.teacher.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_lists_and_their_xlsx_show_times_in_the_portals_time_zone(cast, login, settings):
    """covers ORG-4 ORG-6: a login at 04:30 UTC is 09:30 in Almaty."""
    from openpyxl import load_workbook

    settings.TIME_ZONE = "Asia/Almaty"
    at = datetime.datetime(2026, 11, 20, 4, 30, tzinfo=datetime.UTC)
    LoginEvent.objects.create(user=cast.teacher, school=cast.school_a, ip_address="10.0.0.1")
    LoginEvent.objects.filter(user=cast.teacher).update(at=at)
    client = login(cast.director)
    page = client.get(reverse("core:login_list")).content.decode()
    assert "20.11.2026 09:30" in page
    export = client.get(reverse("core:login_list"), {"export": "xlsx"})
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    teacher_rows = [r for r in rows if r[2] == "teacher"]
    assert teacher_rows[0][0] == datetime.datetime(2026, 11, 20, 9, 30)


def test_exports_carry_capitalised_headers_and_a_file_name_in_the_users_language(cast, login):
    """covers ORG-1 ORG-6"""
    from openpyxl import load_workbook

    client = login(cast.district_official)
    response = client.get(reverse("core:school_list"), {"export": "xlsx"})
    header = next(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    with translation.override("ru"):
        assert header[0] == gettext("school").capitalize()
        title = gettext("Registry of schools")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    from urllib.parse import quote

    assert quote(title.lower().replace(" ", "-")) in response["Content-Disposition"]
    assert timezone.localdate().strftime("%Y%m%d") in response["Content-Disposition"]


def test_a_form_shows_its_message_once(cast, login):
    """covers ORG-8: the overlap of periods is said once, above the fields."""
    year = cast.year_a
    taken = year.periods.first() or PeriodFactory(
        academic_year=year, start=year.start, end=year.start + datetime.timedelta(days=30)
    )
    response = login(cast.director).post(
        reverse("core:period_create", args=[year.pk]),
        {"kind": "quarter", "name": "2", "start": taken.start.isoformat(), "end": taken.end.isoformat()},
    )
    assert response.status_code == 200
    message = gettext("Periods of one academic year cannot overlap.")
    assert response.content.decode().count(message) == 1


def test_the_district_officials_school_card_leads_back_to_the_registry(cast, login):
    """covers ORG-1"""
    response = login(cast.district_official).get(reverse("core:school_detail", args=[cast.school_a.pk]))
    assert response.context["breadcrumbs"][0][1] == reverse("core:school_list")
