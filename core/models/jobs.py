"""Background jobs: a slow request (a full-school PDF, an import) replayed by the task worker, with its
progress and its outcome kept for the user who asked for it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting in the queue")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Job(models.Model):
    """One request run by the worker as the user who made it: method, path, form data, the user's
    session and language; its result is a file, a page, or a redirect with messages."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(
        "core.School", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255)
    method = models.CharField(max_length=6, default="GET")
    path = models.CharField(max_length=2000)
    post = models.JSONField(default=dict, blank=True)
    session_key = models.CharField(max_length=40, blank=True)
    csrf_cookie = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    stage = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The outcome: a file in the private storage, a page (HTML), or a redirect and the messages left.
    result_file = models.CharField(max_length=255, blank=True)
    result_name = models.CharField(max_length=255, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    result_status = models.PositiveSmallIntegerField(null=True, blank=True)
    redirect_to = models.CharField(max_length=2000, blank=True)
    messages = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return self.title

    @property
    def finished(self):
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
