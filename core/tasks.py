"""Background work: a slow request leaves the web process and is replayed by the task worker.

A view that knows it is slow (a full-school PDF, the confirmation of an import) calls
`run_in_background(request, title)` and returns what it gives: a redirect to the job's progress page.
The worker (`manage.py db_worker`, django-tasks' database backend) then runs the same request as the
same user: the same path and form data, the user's own session (so what the view keeps there, such as
an uploaded file waiting for confirmation, is read and updated as in the web process), the same
language and school. The view itself runs unchanged; its permission is checked again in the worker.
What it answers becomes the job's result: a file to download, a page, or a redirect with the messages
it left. `in_background(request)` tells a view that it is already running in the worker, and
`report_progress(request, percent, stage)` moves the progress bar.
"""

import logging
import mimetypes
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.contrib.messages.storage.base import BaseStorage
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.shortcuts import redirect
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django_tasks import task

from core.models import Job, JobStatus

logger = logging.getLogger(__name__)

JOB_ATTRIBUTE = "background_job"


def in_background(request):
    """True when this request is being replayed by the worker."""
    return getattr(request, JOB_ATTRIBUTE, None) is not None


def background_enabled():
    return getattr(settings, "BACKGROUND_JOBS", True)


def run_in_background(request, title):
    """Queue this request for the worker and answer with a redirect to its progress page."""
    post = {}
    if request.method == "POST":
        post = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    session = getattr(request, "session", None)
    if session is not None and session.session_key is None:
        session.save()
    job = Job.objects.create(
        user=request.user,
        school=getattr(request, "school", None),
        title=str(title)[:255],
        method=request.method,
        path=request.get_full_path()[:2000],
        post=post,
        session_key=session.session_key if session is not None else "",
        csrf_cookie=request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")[:64],
        language=getattr(request, "LANGUAGE_CODE", "") or translation.get_language() or "",
    )
    if session is not None and session.modified:
        session.save()  # the worker reads what the view has just kept there
    run_job.enqueue(str(job.pk))
    logger.info("job queued", extra={"job": str(job.pk), "job_path": request.path})
    return redirect("core:job_progress", pk=job.pk)


def offload(request, title):
    """In a web request, queue it and return the redirect to its progress page; in the worker (or with
    background jobs off), None: the caller goes on and does the work."""
    if background_enabled() and not in_background(request):
        return run_in_background(request, title)
    return None


def report_progress(request, percent, stage=""):
    """Move the progress bar of the job this request belongs to (no-op in a web request)."""
    job = getattr(request, JOB_ATTRIBUTE, None)
    if job is None:
        return
    job.progress = max(0, min(100, int(percent)))
    job.stage = str(stage)[:255]
    Job.objects.filter(pk=job.pk).update(progress=job.progress, stage=job.stage)


class _KeptMessages(BaseStorage):
    """Messages the replayed view leaves, kept for the result page instead of a cookie."""

    def _get(self, *args, **kwargs):
        return [], True

    def _store(self, messages, response, *args, **kwargs):
        return []


def _replay_request(job):
    factory = RequestFactory()
    headers = {"HTTP_ACCEPT_LANGUAGE": job.language or settings.LANGUAGE_CODE}
    if job.method == "POST":
        request = factory.post(job.path, data={k: v for k, v in job.post.items()}, secure=True, **headers)
    else:
        request = factory.get(job.path, secure=True, **headers)
    session_engine = import_string(settings.SESSION_ENGINE + ".SessionStore")
    request.session = session_engine(job.session_key or None)
    request.user = job.user
    request.COOKIES[settings.CSRF_COOKIE_NAME] = job.csrf_cookie
    request._dont_enforce_csrf_checks = True
    request._messages = _KeptMessages(request)
    request.LANGUAGE_CODE = job.language or settings.LANGUAGE_CODE
    setattr(request, JOB_ATTRIBUTE, job)
    return request


def _call_view(request):
    """The view behind the path, with the middleware that sets what views read (school, htmx)."""
    from django_htmx.middleware import HtmxMiddleware

    from core.middleware import CurrentSchoolMiddleware

    match = resolve(request.path_info)

    def view(req):
        return match.func(req, *match.args, **match.kwargs)

    response = HtmxMiddleware(CurrentSchoolMiddleware(view))(request)
    if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
        response.render()
    return response


def _history_context(job):
    if job.method == "GET":
        return nullcontext()
    import pghistory

    return pghistory.context(user=job.user_id, url=job.path.split("?")[0])


def execute(job):
    """Run the job's request and keep its outcome. Returns the job."""
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=timezone.now(), progress=1)
    request = _replay_request(job)
    try:
        with translation.override(request.LANGUAGE_CODE), _history_context(job):
            response = _call_view(request)
            if request.session.modified:
                request.session.save()
            messages = [
                {"level": m.level_tag, "text": str(m.message)} for m in request._messages._queued_messages
            ]
    except Exception:
        logger.exception("background job failed", extra={"job": str(job.pk)})
        Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, finished_at=timezone.now())
        job.refresh_from_db()
        return job
    job.result_status = response.status_code
    job.messages = messages
    if response.status_code in (301, 302, 303):
        job.redirect_to = response["Location"][:2000]
    else:
        content = b"".join(response) if response.streaming else response.content
        disposition = response.get("Content-Disposition", "")
        content_type = response.get("Content-Type", "application/octet-stream").split(";")[0]
        name = _filename_from(disposition) or f"result{mimetypes.guess_extension(content_type) or ''}"
        stored = storages["private"].save(f"jobs/{job.pk}/{name}", ContentFile(content))
        job.result_file = stored
        job.result_name = name if disposition else ""
        job.result_type = response.get("Content-Type", "application/octet-stream")
    job.status = JobStatus.DONE if response.status_code < 400 else JobStatus.FAILED
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "result_status",
            "messages",
            "redirect_to",
            "result_file",
            "result_name",
            "result_type",
            "status",
            "progress",
            "finished_at",
        ]
    )
    logger.info("job finished", extra={"job": str(job.pk), "status_code": response.status_code})
    return job


def _filename_from(disposition):
    """The file name of a Content-Disposition header (the UTF-8 form when there is one)."""
    from urllib.parse import unquote

    if "filename*=" in disposition:
        value = disposition.split("filename*=", 1)[1].split(";")[0].strip()
        return unquote(value.split("''", 1)[-1])
    if "filename=" in disposition:
        return disposition.split("filename=", 1)[1].split(";")[0].strip().strip('"')
    return ""


KEEP_RESULTS_DAYS = 7


def forget_old_jobs(days=KEEP_RESULTS_DAYS):
    """Results hold personal data (a PDF of a school's students): they are kept a week, then deleted
    with their files."""
    old = Job.objects.filter(created_at__lt=timezone.now() - timedelta(days=days))
    for path in old.exclude(result_file="").values_list("result_file", flat=True):
        storages["private"].delete(path)
    return old.delete()[0]


@task()
def run_job(job_id):
    forget_old_jobs()
    job = Job.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return None
    return execute(job).status


__all__ = ["in_background", "offload", "report_progress", "run_in_background", "run_job"]
