"""Structured logs: one JSON object a line, with the request id, the user and the school; never a password
nor an IIN (the 12-digit individual identification number), which are masked wherever they appear.

`RequestLogMiddleware` gives every request an id (the proxy's X-Request-ID when it sends one: nginx's
$request_id), echoes it in the response, keeps it for every log line written while the request runs, and
writes one line per request (method, path without its query, status, duration). The same scrubbing
serves Sentry's `before_send`."""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

_current_request = contextvars.ContextVar("mektep_request", default=None)

IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")
SECRET_KEYS = re.compile(r"pass|secret|token|iin|csrf|session|cookie|authorization|signature", re.I)
MASK = "[hidden]"
# Attributes every LogRecord has; anything else a caller passed with `extra=` is written out too.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request"}
_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def scrub_text(text):
    return IIN.sub("[IIN]", text)


def scrub(value, key=""):
    """A copy of `value` with secrets under sensitive keys hidden and IINs masked in every string."""
    if key and SECRET_KEYS.search(str(key)) and value not in (None, "", [], {}):
        return MASK
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {k: scrub(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub(v) for v in value]
    return value


def request_context():
    """(request id, user, school) of the request being served, or Nones."""
    request = _current_request.get()
    if request is None:
        return None, None, None
    user = getattr(request, "user", None)
    username = user.get_username() if user is not None and user.is_authenticated else None
    school = getattr(request, "school", None)
    return getattr(request, "request_id", None), username, (school.pk if school is not None else None)


class JsonFormatter(logging.Formatter):
    def format(self, record):
        request_id, user, school = request_context()
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if request_id:
            entry.update(request_id=request_id, user=user, school=school)
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, (int, float, bool, type(None))) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        entry = scrub(entry)
        if request_id:  # an id of letters and digits only (RequestLogMiddleware): no IIN to mask in it,
            entry["request_id"] = request_id  # and masking a run of its digits would break the correlation
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The development format, with the same masking."""

    def format(self, record):
        return scrub_text(super().format(record))


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.logger = logging.getLogger("mektep.request")

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if _ID.match(given) else uuid.uuid4().hex
        token = _current_request.set(request)
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            self.logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - start) * 1000, 1),
                },
            )
            return response
        finally:
            _current_request.reset(token)


def sentry_before_send(event, hint):
    """Sentry: no request body, cookies or headers with secrets, no IIN anywhere."""
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("data", None)
        request.pop("cookies", None)
        request["query_string"] = ""
    return scrub(event)
