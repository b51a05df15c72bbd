"""Public forms take any input without a server error (DESIGN "Tests": Hypothesis drives the public forms)."""

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(username=texts, password=texts)
def test_the_login_form_answers_any_input_with_a_page_and_no_session(db, username, password):
    """covers ORG-3 ORG-8"""
    client = Client()
    response = client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(language=texts, next_url=texts)
def test_the_language_switch_answers_any_input_with_a_local_redirect(db, language, next_url):
    """covers ORG-6"""
    response = Client().post(reverse("core:set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302
    assert not response["Location"].startswith(("http:", "https:", "//"))
