"""Archiving of registered records (BLK-7): protocols, documents, letters and assignments are never
deleted; a mistaken or finished one goes to the archive with its reason and may be restored."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.permissions import Perm
from core.views.base import OperationPostView, ScopedObjectMixin
from strict_forms import services
from strict_forms.forms import ArchiveForm
from strict_forms.models import Assignment, Correspondence, Document, Protocol
from strict_forms.views.common import OperationFormView

RECORD_MODELS = {
    "protocol": Protocol,
    "document": Document,
    "correspondence": Correspondence,
    "assignment": Assignment,
}


def record_key(record):
    return next(key for key, model in RECORD_MODELS.items() if isinstance(record, model))


def record_list_url(record):
    """Where the record is listed: its folder, its tab of letters, the list of its kind."""
    if isinstance(record, Document):
        return reverse("strict_forms:folder_detail", args=[record.folder_id])
    if isinstance(record, Correspondence):
        return reverse("strict_forms:correspondence_list") + f"?direction={record.direction}"
    return reverse(f"strict_forms:{record_key(record)}_list")


def record_edit_url(record):
    return reverse(f"strict_forms:{record_key(record)}_edit", args=[record.pk])


def archive_urls(record):
    """The archive and restore addresses of a record, for its edit page."""
    args = [record_key(record), record.pk]
    return {
        "archive_url": reverse("strict_forms:record_archive", args=args),
        "restore_url": reverse("strict_forms:record_restore", args=args),
    }


class _RecordMixin(ScopedObjectMixin):
    permission_required = Perm.RECORDS_MANAGE

    def get_queryset(self):
        model = RECORD_MODELS.get(self.kwargs["kind"])
        if model is None:
            raise Http404
        return model.objects.visible_to(self.request.user)


class RecordArchiveView(_RecordMixin, OperationFormView):
    form_class = ArchiveForm
    template_name = "strict_forms/archive_form.html"
    error_field = "reason"
    title = _("Move to the archive")
    submit_label = _("Move to the archive")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("school")
        return kwargs

    def get_cancel_url(self):
        return record_edit_url(self.object)

    def get_breadcrumbs(self):
        return [(str(self.object), record_edit_url(self.object)), (self.title, None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["record"] = self.object
        return ctx

    def perform(self, form):
        return services.record_archive(
            acting_user=self.request.user, record=self.object, reason=form.cleaned_data["reason"]
        )

    def success_message(self, record):
        return _("«%(record)s» is moved to the archive.") % {"record": record}

    def success_url_for(self, record):
        return record_list_url(record)


class RecordRestoreView(_RecordMixin, OperationPostView):
    def perform(self):
        return services.record_restore(acting_user=self.request.user, record=self.object)

    def get_success_message(self, record):
        return _("«%(record)s» is back in use.") % {"record": record}

    def get_redirect_url(self, record):
        return record_edit_url(self.object)
