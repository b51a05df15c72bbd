"""Hypothesis drives the public form and the status check with arbitrary text, unicode, huge and
missing fields: never a server error, never half an application (ADM-1, ADM-3)."""

import uuid

import pytest
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from admissions.models import Application, ApplicationDocument, StatusChange
from tests.admissions.conftest import build_adm

FIELDS = [
    "category",
    "child_iin",
    "child_last_name",
    "child_first_name",
    "child_patronymic",
    "child_birth_date",
    "street",
    "house",
    "flat",
    "parent_iin",
    "parent_last_name",
    "parent_first_name",
    "parent_patronymic",
    "phone",
    "email",
    "consent",
    "request_id",
    "school",
]
text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
    st.just("x" * 5000),
    st.just("\x00"),
    st.just("' OR 1=1 --"),
    st.sampled_from(["2020-01-01", "031215500123", "+77011234567", "on", "residence", "-1", "1e9"]),
)
FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _consistent():
    """Nothing half-saved: every application has its first status change, documents belong to one."""
    for a in Application.objects.all():
        assert StatusChange.objects.filter(application=a).exists()
    assert not ApplicationDocument.objects.filter(application__isnull=True).exists()


@pytest.mark.django_db
@override_settings(ADMISSIONS_RATE_LIMITS={"apply": 0, "status": 0})
@FUZZ
@given(values=st.dictionaries(st.sampled_from(FIELDS), text, max_size=len(FIELDS)))
def test_the_public_form_never_fails_on_arbitrary_input(client, cast, values):
    """covers ADM-1"""
    build_adm(cast)
    data = dict(values)
    data.setdefault("school", str(cast.school_a.pk)) if "school" not in values else None
    response = client.post(reverse("admissions:apply_start"), data)
    assert response.status_code in (200, 302, 400)
    _consistent()


@pytest.mark.django_db
@override_settings(ADMISSIONS_RATE_LIMITS={"apply": 0, "status": 0})
@FUZZ
@given(number=text, child_iin=text, action=st.sampled_from(["", "check", "withdraw", "\x00"]))
def test_the_status_check_never_fails_on_arbitrary_input(client, cast, number, child_iin, action):
    """covers ADM-3"""
    build_adm(cast)
    response = client.post(
        reverse("admissions:status"), {"number": number, "child_iin": child_iin, "action": action}
    )
    assert response.status_code == 200
    assert "status-result" not in response.content.decode()


@pytest.mark.django_db
@override_settings(ADMISSIONS_RATE_LIMITS={"apply": 0, "status": 0})
@FUZZ
@given(house=text, flat=text, last=text)
def test_valid_forms_with_hostile_free_text_either_save_whole_or_not_at_all(client, cast, house, flat, last):
    """covers ADM-1"""
    from tests.admissions.test_public import form_data, shown_number

    adm = build_adm(cast)
    before = Application.objects.count()
    data = form_data(cast, adm, house=house, flat=flat, child_last_name=last, request_id=str(uuid.uuid4()))
    response = client.post(reverse("admissions:apply_start"), data)
    assert response.status_code == 200
    # Saved whole (the receipt shows its number) or not at all (the form again).
    saved = shown_number(response)
    assert Application.objects.count() - before == (1 if saved else 0)
    assert saved is None or Application.objects.filter(number=saved).exists()
    _consistent()
