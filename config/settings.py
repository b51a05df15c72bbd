"""Settings read from the environment.

Development (DJANGO_DEBUG=1) works with no configuration: a private PostgreSQL
cluster under var/ and a throw-away secret key. Outside DEBUG every secret must be
given, and start-up stops with a message naming what is missing.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    value = os.environ.get(name)
    return value if value not in (None, "") else default


DEBUG = env("DJANGO_DEBUG", "0") == "1"
TESTING = env("MEKTEP_TESTING", "0") == "1"

_missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL") if not env(name)]
if not DEBUG and not TESTING and _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: "
        + ", ".join(_missing)
        + ". Set them, or set DJANGO_DEBUG=1 for local development."
    )

SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-used-in-production-0123456789abcdef")
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # pg_trgm index operator classes of the full-name search
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "axes",
    "csp",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "core",
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

MIDDLEWARE = [
    "config.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "core.middleware.UserLanguageMiddleware",
    "core.middleware.PrivateResponseMiddleware",
    "core.middleware.ForcePasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.CurrentSchoolMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
                "community.context_processors.unread",
            ],
        },
    }
]

if env("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=int(env("CONN_MAX_AGE", "60")))
    }
    if env("DATABASE_POOLER") == "pgbouncer":
        # PgBouncer in transaction pooling mode hands each transaction to any server connection: no
        # server-side cursors (they outlive a transaction), and no persistent connections to it.
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES["default"]["CONN_MAX_AGE"] = int(env("CONN_MAX_AGE", "0"))
else:
    from config.localdb import database_settings

    DATABASES = {"default": database_settings()}
# Reports read from a streaming replica when one is configured (reports/routers.py); optional.
if env("REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(env("REPLICA_DATABASE_URL"), conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["reports.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.auth.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

# Lock a username from one address after 10 failures; a school shares one address,
# so never lock the address alone.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("kk", "Қазақша"),
    ("ru", "Русский"),
    ("ky", "Кыргызча"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env("TIME_ZONE", "Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")),
            "base_url": None,
        },
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "config.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_ENGINE = "core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and not TESTING:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe may come over plain HTTP
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    LANGUAGE_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Logs on standard output: JSON lines in production (request id, user, school; passwords and IINs
# masked, see config/logs.py), plain text in development. LOG_FORMAT=json|text overrides.
LOG_FORMAT = env("LOG_FORMAT", "text" if DEBUG or TESTING else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"},
        "text": {"()": "config.logs.TextFormatter", "format": "%(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {
        # One line per request in production; development's runserver prints its own.
        "mektep.request": {"level": env("REQUEST_LOG_LEVEL", "WARNING" if DEBUG or TESTING else "INFO")},
        "core.tasks": {"level": env("REQUEST_LOG_LEVEL", "WARNING" if DEBUG or TESTING else "INFO")},
    },
}

# Error reports go to Sentry only when SENTRY_DSN is set; nothing is sent otherwise. No personal data:
# no user IP, cookies, request bodies or query strings, and IINs masked (config/logs.py).
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    from config.logs import sentry_before_send

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", "production"),
        release=env("SENTRY_RELEASE"),
        send_default_pii=False,
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")),
        before_send=sentry_before_send,
    )

# Names of the areas in the top navigation, in order (an app shows its area only once it has pages).
NAV_AREAS = [
    ("contingent", _("Contingent")),
    ("staff", _("Staff")),
    ("planning", _("Planning")),
    ("journal", _("Journal")),
    ("admissions", _("Admissions")),
    ("strict_forms", _("Blanks and records")),
    ("district", _("District")),
    ("community", _("Community")),
    ("reports", _("Reports")),
    ("administration", _("Administration")),
]
# Full-school PDF exports and the confirmation of imports are replayed by the worker (core/tasks.py).
BACKGROUND_JOBS = env("BACKGROUND_JOBS", "1") == "1"
# Background work (imports, big exports, timetable generation) is queued in the project's own
# database and run by `manage.py db_worker`: no extra server. Tests run tasks immediately.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Admissions (ADM-1): flood limits per client address and hour (0 = off); behind a reverse proxy the
# client's address is read from X-Forwarded-For. E-mail to parents through Django's backend.
ADMISSIONS_RATE_LIMITS = {
    "apply": int(env("ADMISSIONS_APPLY_LIMIT", "30")),
    "status": int(env("ADMISSIONS_STATUS_LIMIT", "120")),
}
ADMISSIONS_TRUST_FORWARDED_FOR = env("ADMISSIONS_TRUST_FORWARDED_FOR", "0") == "1"
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "mektep@localhost")

PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

import pghistory  # noqa: E402

# Deletions are part of the story too (a removed role, a deleted blank).
PGHISTORY_DEFAULT_TRACKERS = (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
