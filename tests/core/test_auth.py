"""Login, lock-out, password rules, login records (ORG-2, ORG-3, ORG-4)."""

import pytest
from django.urls import reverse

from core.models import LoginEvent
from core.services import password_reset

PASSWORD = "pass-Word-123"


def _attempt(client, username, password, ip):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_ten_failures_lock_that_username_from_that_address_while_colleagues_there_still_log_in(cast, client):
    """covers ORG-3: django-axes locks username+address together; a school shares one address."""
    school_ip = "10.20.30.40"
    for _ in range(10):
        response = _attempt(client, "teacher", "wrong", school_ip)
    # The 10th failure locks; now even the right password is refused from this address.
    response = _attempt(client, "teacher", PASSWORD, school_ip)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # A colleague behind the same address logs in normally.
    response = _attempt(client, "director", PASSWORD, school_ip)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == cast.director.pk
    client.logout()
    # The locked teacher from home (another address) still logs in.
    response = _attempt(client, "teacher", PASSWORD, "192.0.2.7")
    assert response.status_code == 302


def test_the_lock_lifts_after_the_thirty_minute_cool_off(cast, client, settings):
    """covers ORG-3"""
    import datetime

    from axes.models import AccessAttempt

    for _ in range(10):
        _attempt(client, "teacher", "wrong", "10.0.0.1")
    assert _attempt(client, "teacher", PASSWORD, "10.0.0.1").status_code == 429
    AccessAttempt.objects.update(attempt_time=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert _attempt(client, "teacher", PASSWORD, "10.0.0.1").status_code == 302


def test_nine_failures_do_not_lock(cast, client):
    """covers ORG-3"""
    for _ in range(9):
        _attempt(client, "teacher", "wrong", "10.0.0.2")
    assert _attempt(client, "teacher", PASSWORD, "10.0.0.2").status_code == 302


def test_a_wrong_password_gets_a_message_and_no_session(cast, client):
    """covers ORG-3"""
    response = _attempt(client, "teacher", "nope", "10.0.0.3")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_every_login_is_recorded_with_the_users_school(cast, client):
    """covers ORG-4"""
    _attempt(client, "teacher", PASSWORD, "10.0.0.4")
    event = LoginEvent.objects.get(user=cast.teacher)
    assert event.school == cast.school_a
    assert event.ip_address == "10.0.0.4"


def test_anonymous_users_are_sent_to_the_login_page(client, db):
    """covers ORG-3"""
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get(reverse("login")).status_code == 200


def test_a_password_reset_by_the_administrator_must_be_changed_at_next_login(cast, client):
    """covers ORG-2"""
    new_password = password_reset(acting_user=cast.school_admin, user=cast.teacher, school=cast.school_a)
    assert _attempt(client, "teacher", new_password, "10.0.0.5").status_code == 302
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": new_password,
            "new_password1": "Own-secret-2026",
            "new_password2": "Own-secret-2026",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_an_inactive_user_cannot_log_in(cast, client):
    """covers ORG-2"""
    cast.teacher.is_active = False
    cast.teacher.save()
    response = _attempt(client, "teacher", PASSWORD, "10.0.0.6")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("username", ["director", "district_official", "parent"])
def test_each_kind_of_user_reaches_the_home_page_after_login(cast, client, username):
    """covers ORG-2"""
    assert _attempt(client, username, PASSWORD, "10.0.0.7").status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_user_activity_counts_logins_per_user_most_active_first(cast, client, login):
    """covers ORG-4"""
    for _ in range(3):
        _attempt(client, "teacher", PASSWORD, "10.0.1.1")
        client.logout()
    _attempt(client, "deputy_director", PASSWORD, "10.0.1.1")
    client.logout()
    response = login(cast.director).get(reverse("core:activity"))
    rows = list(response.context["object_list"])
    assert rows[0] == cast.teacher and rows[0].login_count == 3
    assert {u.username: u.login_count for u in rows}["deputy_director"] == 1
    outside = login(cast.director).get(reverse("core:activity"), {"date_from": "2099-01-01"})
    assert all(u.login_count == 0 for u in outside.context["object_list"])


def test_the_district_sees_logins_per_school_not_per_person(cast, client, login):
    """covers ORG-4 ORG-3"""
    _attempt(client, "teacher", PASSWORD, "10.0.1.2")
    client.logout()
    _attempt(client, "director_b", PASSWORD, "10.0.1.2")
    client.logout()
    _attempt(client, "director", PASSWORD, "10.0.1.2")
    response = login(cast.district_official).get(reverse("core:district_activity"))
    figures = {s.pk: (s.login_count, s.active_users) for s in response.context["object_list"]}
    assert figures == {cast.school_a.pk: (2, 2), cast.school_b.pk: (1, 1)}
