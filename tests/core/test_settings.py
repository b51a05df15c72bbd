"""Production settings fail fast and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "mektep.example.kz",
    "DATABASE_URL": "postgres://mektep:secret@db.example.kz:5432/mektep",
}


def _run(env, *args):
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "DJANGO_DEBUG",
            "MEKTEP_TESTING",
            "DATABASE_URL",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    base["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_variables():
    """covers ORG-3: secure cookies, HSTS, SSL redirect, a real secret key."""
    result = _run(PRODUCTION_ENV, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_missing_secret_stops_start_up_with_a_clear_message():
    """covers ORG-3"""
    for missing in PRODUCTION_ENV:
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
        result = _run(env, "check")
        assert result.returncode != 0
        assert missing in result.stderr, result.stderr
