"""The progress page and the result page of a background job (core/tasks.py); only its owner sees it."""

from django.core.files.storage import storages
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.models import Job, JobStatus
from core.permissions import AUTHENTICATED
from core.views.base import PermissionMixin


class JobMixin(PermissionMixin):
    permission_required = AUTHENTICATED

    def needs_school(self):
        return False

    def get_job(self):
        # Another user's job is a 404, as another school's object.
        return get_object_or_404(Job, pk=self.kwargs["pk"], user=self.request.user)


class JobProgressView(JobMixin, TemplateView):
    template_name = "core/job_progress.html"

    def get(self, request, *args, **kwargs):
        self.job = self.get_job()
        if self.job.finished:
            return redirect("core:job_result", pk=self.job.pk)
        return super().get(request, *args, **kwargs)  # never cached: PrivateResponseMiddleware (ORG-3)

    def get_context_data(self, **kwargs):
        ahead = 0
        if self.job.status == JobStatus.QUEUED:
            ahead = Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=self.job.created_at).count()
        return super().get_context_data(
            job=self.job, title=self.job.title, ahead=ahead, breadcrumbs=[(self.job.title, None)], **kwargs
        )


class JobResultView(JobMixin, TemplateView):
    template_name = "core/job_result.html"

    def get(self, request, *args, **kwargs):
        self.job = job = self.get_job()
        if not job.finished:
            return redirect("core:job_progress", pk=job.pk)
        if job.result_file and job.status == JobStatus.DONE:
            if request.GET.get("download") == "1" and job.result_name:
                return FileResponse(
                    storages["private"].open(job.result_file),
                    as_attachment=True,
                    filename=job.result_name,
                    content_type=job.result_type,
                )
            if not job.result_name and job.result_type.startswith("text/html"):
                # The page the view answered (e.g. an import's rows with their errors), as it answered it.
                with storages["private"].open(job.result_file) as f:
                    return HttpResponse(f.read(), content_type=job.result_type, status=job.result_status)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        job = self.job
        return super().get_context_data(
            job=job,
            title=job.title,
            failed=job.status == JobStatus.FAILED,
            download=bool(job.result_file and job.result_name and job.status == JobStatus.DONE),
            seconds=(job.finished_at - job.created_at).total_seconds() if job.finished_at else None,
            breadcrumbs=[(job.title, None), (_("Result"), None)],
            **kwargs,
        )
