"""Background jobs (issue 15): full-school PDF exports and import confirmations run in the worker, with a
progress page and a result page; /healthz; structured logs without passwords or IINs."""

import datetime
import html
import io
import json
import logging

import pytest
from django.db import OperationalError
from django.urls import reverse

from contingent.models import Student
from core.models import AccessLog, Job, JobStatus
from tests.contingent.factories import adult_iin
from tests.contingent.test_reports_and_import import row, workbook


@pytest.fixture
def background(settings):
    settings.BACKGROUND_JOBS = True  # the test settings keep exports inline; tasks run immediately


def test_a_full_school_pdf_goes_to_the_worker_and_waits_on_the_result_page(cast, login, background):
    """covers issue 15: the staff list's PDF is typeset by the worker; progress, result, download."""
    client = login(cast.hr_officer)
    response = client.get(reverse("staff:employee_list"), {"export": "pdf"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job_progress", args=[job.pk])
    assert job.status == JobStatus.DONE and job.user == cast.hr_officer and job.school == cast.school_a
    # Finished: the progress page sends the user on to the result page, which offers the file.
    progress = client.get(response["Location"])
    assert progress.status_code == 302 and progress["Location"] == reverse("core:job_result", args=[job.pk])
    result = client.get(progress["Location"])
    assert result.status_code == 200 and b'data-testid="job-download"' in result.content
    download = client.get(progress["Location"], {"download": "1"})
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert ".pdf" in download["Content-Disposition"]
    # The export is written to the access log once, by the worker, under the user's name.
    assert AccessLog.objects.filter(user=cast.hr_officer, action="export").count() == 1
    # Nobody else sees the job.
    other = login(cast.director)
    assert other.get(reverse("core:job_result", args=[job.pk])).status_code == 404


def test_the_worker_checks_the_permission_again(cast, login, background):
    """covers issue 15: a replayed request is the user's own: without the right, the job fails."""
    client = login(cast.teacher)
    response = client.get(reverse("staff:employee_list"), {"export": "pdf"})
    assert response.status_code == 403 and not Job.objects.exists()
    job = Job.objects.create(
        user=cast.teacher, title="x", path=reverse("staff:employee_list") + "?export=pdf"
    )
    from core.tasks import execute

    with pytest.raises(Exception):  # noqa: B017  (PermissionDenied surfaces as a failed job)
        raise_if_failed(execute(job))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert b"alert-danger" in client.get(reverse("core:job_result", args=[job.pk])).content  # any language


def raise_if_failed(job):
    if job.status == JobStatus.FAILED:
        raise RuntimeError("failed")


def test_a_waiting_job_shows_its_progress_page_that_refreshes_itself(cast, login):
    """covers issue 15 ORG-3"""
    Job.objects.create(user=cast.director, title="PDF", path="/")
    earlier = Job.objects.first()
    job = Job.objects.create(user=cast.director, title="Книга", path="/", progress=0)
    page = login(cast.director).get(reverse("core:job_progress", args=[job.pk]))
    assert page.status_code == 200
    # refreshed from the server, never from a cache, and kept by no proxy: ORG-3's one header for every page
    assert set(page["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-store"}
    content = page.content.decode()
    assert 'http-equiv="refresh"' in content and "<progress" in content and "Книга" in content
    assert earlier.pk != job.pk and "1" in content  # one task ahead in the queue
    # Not finished: the result page sends back to the progress page.
    result = login(cast.director).get(reverse("core:job_result", args=[job.pk]))
    assert result.status_code == 302


def test_an_import_is_confirmed_in_the_worker_and_its_result_page_tells_the_count(cast, login, background):
    """covers issue 15 and CON-5: the preview stays immediate, the import itself runs in the worker,
    reading the file kept in the user's session."""
    client = login(cast.secretary)
    parent_iin = adult_iin(datetime.date(1988, 3, 3), "f")
    rows = [row(parent_iin=parent_iin), row(parent_iin=parent_iin, last="Жұмабекова")]
    preview = client.post(reverse("contingent:import"), {"file": workbook(rows)})
    assert not preview.context["has_errors"] and not Job.objects.exists()
    response = client.post(reverse("contingent:import"), {"confirm": "1"})
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job_progress", args=[job.pk])
    assert Student.objects.filter(school=cast.school_a).count() == 2
    assert job.redirect_to == reverse("contingent:student_list")
    result = client.get(reverse("core:job_result", args=[job.pk]))
    assert result.status_code == 200
    assert "2" in job.messages[0]["text"] and job.messages[0]["level"] == "success"
    assert html.escape(job.messages[0]["text"]) in result.content.decode()
    # The worker removed the file from the session as the view does: confirming again asks for it.
    client.post(reverse("contingent:import"), {"confirm": "1"})
    again = Job.objects.exclude(pk=job.pk).get()
    assert again.messages and again.messages[0]["level"] == "error"


def test_an_import_with_errors_shows_its_rows_on_the_result_page(cast, login, background):
    """covers issue 15 and CON-5: nothing is imported; the page with every row's errors is the result."""
    client = login(cast.secretary)
    client.post(reverse("contingent:import"), {"file": workbook([row(), row(iin="150901600018")])})
    response = client.post(reverse("contingent:import"), {"confirm": "1"})
    job = Job.objects.get()
    assert not Student.objects.exists()
    assert response.status_code == 302 and job.status == JobStatus.DONE
    page = client.get(reverse("core:job_result", args=[job.pk]))
    assert page.status_code == 200 and "text/html" in page["Content-Type"]
    assert "150901600018" in page.content.decode()


def test_healthz_answers_without_login_and_checks_the_database(client, db, monkeypatch):
    """covers issue 15"""
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}
    from django.db import connection

    def broken():
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", broken)
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "unavailable"


def test_logs_are_json_lines_with_request_id_user_and_school_and_never_a_password_or_iin(cast, client):
    """covers issue 15"""
    from config.logs import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    request_logger = logging.getLogger("mektep.request")
    app_logger = logging.getLogger("tests.app")
    old_level = request_logger.level
    request_logger.addHandler(handler)
    app_logger.addHandler(handler)
    request_logger.setLevel(logging.INFO)
    try:
        client.post(reverse("login"), {"username": cast.director.username, "password": "Secret-Pa55word"})
        client.force_login(cast.director)
        response = client.get("/contingent/students/", {"q": "150901600018"}, HTTP_X_REQUEST_ID="req-42")
        app_logger.warning(
            "checked %s", "IIN 150901600018", extra={"password": "Secret-Pa55word", "iin": "150901600018"}
        )
    finally:
        request_logger.removeHandler(handler)
        app_logger.removeHandler(handler)
        request_logger.setLevel(old_level)
    text = stream.getvalue()
    assert "Secret-Pa55word" not in text and "150901600018" not in text
    lines = [json.loads(line) for line in text.splitlines()]
    assert response["X-Request-ID"] == "req-42"
    students = next(line for line in lines if line.get("path") == "/contingent/students/")
    assert students["request_id"] == "req-42" and students["user"] == cast.director.username
    assert students["school"] == cast.school_a.pk and students["status"] == 200
    assert all(line["request_id"] for line in lines if line["logger"] == "mektep.request")


def test_results_are_kept_a_week_then_deleted_with_their_files(cast, login, background):
    """covers issue 15: a PDF of a school's people does not linger in the private storage."""
    from django.core.files.storage import storages
    from django.utils import timezone

    client = login(cast.hr_officer)
    client.get(reverse("staff:employee_list"), {"export": "pdf"})
    old = Job.objects.get()
    assert storages["private"].exists(old.result_file)
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    client.get(reverse("staff:employee_list"), {"export": "pdf"})
    assert not Job.objects.filter(pk=old.pk).exists()
    assert not storages["private"].exists(old.result_file)
    assert Job.objects.count() == 1


def test_a_request_id_with_a_run_of_twelve_digits_stays_whole_in_the_log(cast, client):
    """The IIN mask is for the message and the fields, not for the request id (a uuid's hex can hold
    twelve digits in a row): the log line must match the X-Request-ID the answer carries."""
    from config.logs import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    request_logger = logging.getLogger("mektep.request")
    old_level = request_logger.level
    request_logger.addHandler(handler)
    request_logger.setLevel(logging.INFO)
    try:
        response = client.get("/healthz", HTTP_X_REQUEST_ID="28ff455c89bd4a2c914c123456789012")
    finally:
        request_logger.removeHandler(handler)
        request_logger.setLevel(old_level)
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["request_id"] == response["X-Request-ID"] == "28ff455c89bd4a2c914c123456789012"
