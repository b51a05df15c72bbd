"""Settings for the test suite: the development defaults plus fast hashing."""

import os

os.environ.setdefault("MEKTEP_TESTING", "1")

from config.settings import *  # noqa: E402,F403
from config.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# WhiteNoise warns on every request when the collected-static folder is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Tests of the exports read their PDF inline; tests/core/test_jobs.py turns the background path on.
BACKGROUND_JOBS = False
