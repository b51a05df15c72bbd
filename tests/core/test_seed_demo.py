"""The demo's orchestration (issue 9, demo data's speed): each layer in its own transaction with its
cost printed, layers left out on request, one hash of the demo password for every demo login."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from core.demo import DEMO_PASSWORD

ABOVE_CORE = [
    "staff",
    "contingent",
    "planning",
    "journal",
    "admissions",
    "strict_forms",
    "district",
    "community",
    "reports",
]


def test_each_layer_prints_its_cost_and_skipped_layers_are_left_out(db):
    """Issue 9 (the demo's speed): each layer's wall time, CPU and queries, measured per layer."""
    out = io.StringIO()
    call_command("seed_demo", "--skip", *ABOVE_CORE, stdout=out)
    lines = out.getvalue().splitlines()
    (core,) = [line for line in lines if line.strip().startswith("core:")]
    assert " s (CPU " in core and " queries)" in core
    assert not any(line.strip().startswith(f"{label}:") for label in ABOVE_CORE for line in lines)
    User = get_user_model()
    assert User.objects.filter(username="director.a").exists()
    assert not User.objects.filter(username="parent.a").exists()  # contingent's layer was skipped


def test_every_demo_login_opens_with_the_one_published_password(db, rf):
    """covers ORG-2 (the demo logins of each role): the password is hashed once per run and shared"""
    call_command("seed_demo", "--skip", *ABOVE_CORE, stdout=io.StringIO())
    for username in ("district", "director.a", "hr.a", "teacher.b"):
        assert authenticate(rf.get("/"), username=username, password=DEMO_PASSWORD) is not None, username
        assert authenticate(rf.get("/"), username=username, password="wrong") is None


def test_an_unknown_layer_to_skip_is_refused_before_anything_is_made(db):
    """Issue 9: a mistyped layer is a clear error, not a demo silently built without it."""
    with pytest.raises(CommandError, match="planing"):
        call_command("seed_demo", "--skip", "planing", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="director.a").exists()
    assert mail.outbox == []
