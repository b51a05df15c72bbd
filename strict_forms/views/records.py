"""Records management (BLK-7): protocols, documents in folders, incoming and outgoing correspondence,
assignments in progress, done and overdue. Orders are core's order register."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DetailView, UpdateView

from core.history import events_of, history_rows
from core.links import url_for_pk
from core.lists import ListPageView
from core.permissions import Perm, has_permission
from core.tables import Column, RowAction
from core.views.base import PermissionMixin, ScopedObjectMixin
from core.views.orders import serve_private_file
from strict_forms.filters import AssignmentFilter, CorrespondenceFilter, FolderFilter, ProtocolFilter
from strict_forms.forms import AssignmentForm, CorrespondenceForm, DocumentForm, FolderForm, ProtocolForm
from strict_forms.models import (
    Assignment,
    AssignmentStatus,
    Correspondence,
    Direction,
    Document,
    DocumentFolder,
    Protocol,
)
from strict_forms.views.archive import archive_urls

ARCHIVE = "archive"


def _on_shelf(queryset, request):
    """The working records, or with the "Archive" box ticked the archived ones (BLK-7)."""
    if request.GET.get("archived") in ("on", "true", "1"):
        return queryset.archived()
    return queryset.current()


def _file_link(url_name):
    return lambda o: url_for_pk(url_name, o.pk) if o.file else None


class _ManageLinkMixin:
    """The "new" button of a list, for those who may register."""

    create_view = None
    create_label = _("Add")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if has_permission(self.request.user, Perm.RECORDS_MANAGE, self.request.school):
            ctx["create_url"] = (reverse(self.create_view) + self.create_query(), self.create_label)
        return ctx

    def create_query(self):
        return ""


class _RecordFormMixin:
    """Create and edit pages of records: the school from the request, a message, back to the list; an
    existing record shows its history and its way to the archive (records are archived, not deleted)."""

    template_name = "strict_forms/record_form.html"
    list_url = None
    page_title = ""

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"school": self.get_school()}

    def get_school(self):
        return self.object.school if getattr(self, "object", None) is not None else self.request.school

    def get_success_url(self):
        return reverse(self.list_url)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.page_title
        ctx["cancel_url"] = self.get_success_url()
        if getattr(self, "object", None) is not None and self.object.pk:
            ctx |= archive_urls(self.object)
            ctx["history"] = history_rows(events_of(self.object))
        return ctx

    def form_valid(self, form):
        messages.success(self.request, _("Saved."))
        return super().form_valid(form)


class _FileView(ScopedObjectMixin, View):
    permission_required = Perm.RECORDS_VIEW

    def get(self, request, pk):
        return serve_private_file(request, self.object.file, self.object)


# Protocols -------------------------------------------------------------------------------------


class ProtocolListView(_ManageLinkMixin, ListPageView):
    permission_required = Perm.RECORDS_VIEW
    filterset_class = ProtocolFilter
    title = _("Protocols")
    create_view = "strict_forms:protocol_create"
    columns = (
        Column(_("protocol number"), "number", link=lambda p: url_for_pk("strict_forms:protocol_edit", p.pk)),
        Column(_("date"), "date"),
        Column(_("kind of meeting"), "kind"),
        Column(_("agenda"), "agenda"),
        Column(
            _("file"), lambda p: _("open") if p.file else "", link=_file_link("strict_forms:protocol_file")
        ),
    )

    def get_queryset(self):
        return _on_shelf(Protocol.objects.for_school(self.request.school), self.request)


class ProtocolCreateView(_RecordFormMixin, PermissionMixin, CreateView):
    permission_required = Perm.RECORDS_MANAGE
    form_class = ProtocolForm
    list_url = "strict_forms:protocol_list"
    page_title = _("New protocol")


class ProtocolEditView(_RecordFormMixin, ScopedObjectMixin, UpdateView):
    permission_required = Perm.RECORDS_MANAGE
    model = Protocol
    form_class = ProtocolForm
    list_url = "strict_forms:protocol_list"
    page_title = _("Protocol")


class ProtocolFileView(_FileView):
    model = Protocol


# Documents in folders ----------------------------------------------------------------------------


class FolderListView(_ManageLinkMixin, ListPageView):
    permission_required = Perm.RECORDS_VIEW
    title = _("Documents")
    create_view = "strict_forms:folder_create"
    create_label = _("New folder")
    filterset_class = FolderFilter
    export_formats = ()
    columns = (
        Column(_("folder name"), "name", link=lambda f: url_for_pk("strict_forms:folder_detail", f.pk)),
        Column(_("documents"), "n_documents", css_class="num"),
    )

    def get_queryset(self):
        return (
            DocumentFolder.objects.for_school(self.request.school)
            .annotate(
                n_documents=Count("documents", filter=Q(documents__archived_on__isnull=True), distinct=True)
            )
            .order_by("name")
        )


class FolderCreateView(_RecordFormMixin, PermissionMixin, CreateView):
    permission_required = Perm.RECORDS_MANAGE
    form_class = FolderForm
    list_url = "strict_forms:folder_list"
    page_title = _("New folder")


class FolderDetailView(ScopedObjectMixin, DetailView):
    permission_required = Perm.RECORDS_VIEW
    model = DocumentFolder
    template_name = "strict_forms/folder_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["documents"] = self.object.documents.current()
        ctx["archived_documents"] = self.object.documents.archived()
        ctx["can_manage"] = has_permission(self.request.user, Perm.RECORDS_MANAGE, self.object.school)
        ctx["breadcrumbs"] = [(_("Documents"), reverse("strict_forms:folder_list")), (self.object.name, None)]
        return ctx


class DocumentCreateView(_RecordFormMixin, PermissionMixin, CreateView):
    permission_required = Perm.RECORDS_MANAGE
    form_class = DocumentForm
    list_url = "strict_forms:folder_list"
    page_title = _("New document")

    def get_initial(self):
        return {"folder": self.request.GET.get("folder"), "date": timezone.localdate()}

    def get_success_url(self):
        if getattr(self, "object", None) is not None:
            return reverse("strict_forms:folder_detail", args=[self.object.folder_id])
        return reverse(self.list_url)


class DocumentEditView(_RecordFormMixin, ScopedObjectMixin, UpdateView):
    permission_required = Perm.RECORDS_MANAGE
    model = Document
    form_class = DocumentForm
    page_title = _("Document")

    def get_success_url(self):
        return reverse("strict_forms:folder_detail", args=[self.object.folder_id])


class DocumentFileView(_FileView):
    model = Document


# Correspondence --------------------------------------------------------------------------------


class CorrespondenceListView(_ManageLinkMixin, ListPageView):
    """Incoming and outgoing letters, each a tab (figure 47's menu)."""

    permission_required = Perm.RECORDS_VIEW
    filterset_class = CorrespondenceFilter
    template_name = "strict_forms/tabbed_list.html"
    create_view = "strict_forms:correspondence_create"
    columns = (
        Column(
            _("registration number"),
            "reg_number",
            link=lambda c: url_for_pk("strict_forms:correspondence_edit", c.pk),
        ),
        Column(_("registration date"), "reg_date"),
        Column(_("correspondent"), "correspondent"),
        Column(_("correspondent's number"), "their_number"),
        Column(_("subject"), "subject"),
        Column(_("response due"), "response_due"),
        Column(
            _("file"),
            lambda c: _("open") if c.file else "",
            link=_file_link("strict_forms:correspondence_file"),
        ),
    )

    def direction(self):
        value = self.request.GET.get("direction")
        return value if value in Direction.values else Direction.INCOMING

    def get_title(self):
        return (
            _("Incoming correspondence")
            if self.direction() == Direction.INCOMING
            else _("Outgoing correspondence")
        )

    def get_queryset(self):
        qs = Correspondence.objects.for_school(self.request.school).filter(direction=self.direction())
        return _on_shelf(qs, self.request)

    def create_query(self):
        return f"?direction={self.direction()}"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        url = reverse("strict_forms:correspondence_list")
        ctx["tabs"] = [
            (f"{url}?direction={d.value}", label, d.value == self.direction())
            for d, label in ((Direction.INCOMING, _("Incoming")), (Direction.OUTGOING, _("Outgoing")))
        ]
        return ctx


class CorrespondenceCreateView(_RecordFormMixin, PermissionMixin, CreateView):
    permission_required = Perm.RECORDS_MANAGE
    form_class = CorrespondenceForm
    page_title = _("Register a letter")

    def get_initial(self):
        return {
            "direction": self.request.GET.get("direction", Direction.INCOMING),
            "reg_date": timezone.localdate(),
        }

    def get_success_url(self):
        direction = self.object.direction if getattr(self, "object", None) else Direction.INCOMING
        return reverse("strict_forms:correspondence_list") + f"?direction={direction}"


class CorrespondenceEditView(_RecordFormMixin, ScopedObjectMixin, UpdateView):
    permission_required = Perm.RECORDS_MANAGE
    model = Correspondence
    form_class = CorrespondenceForm
    page_title = _("Letter")

    def get_success_url(self):
        return reverse("strict_forms:correspondence_list") + f"?direction={self.object.direction}"


class CorrespondenceFileView(_FileView):
    model = Correspondence


# Assignments -----------------------------------------------------------------------------------

ASSIGNMENT_TABS = (
    ("in_progress", _("In progress")),
    ("overdue", _("Overdue")),
    ("done", _("Done")),
    (ARCHIVE, _("Archive")),
)


class AssignmentListView(_ManageLinkMixin, ListPageView):
    permission_required = Perm.RECORDS_VIEW
    filterset_class = AssignmentFilter
    template_name = "strict_forms/tabbed_list.html"
    create_view = "strict_forms:assignment_create"
    columns = (
        Column(_("assignment"), "title", link=lambda a: url_for_pk("strict_forms:assignment_edit", a.pk)),
        Column(_("executor"), "executor"),
        Column(_("due date"), "due_date"),
        Column(_("status"), "status"),
        Column(_("done on"), "done_on"),
        Column(_("on the letter"), "correspondence.reg_number"),
    )

    def tab(self):
        value = self.request.GET.get("tab")
        return value if value in dict(ASSIGNMENT_TABS) else "in_progress"

    def get_title(self):
        return _("Assignments: %(tab)s") % {"tab": dict(ASSIGNMENT_TABS)[self.tab()]}

    def get_queryset(self):
        qs = Assignment.objects.for_school(self.request.school).select_related(
            "executor__person", "correspondence"
        )
        tabs = {"in_progress": qs.in_progress, "overdue": qs.overdue, "done": qs.done, ARCHIVE: qs.archived}
        return tabs[self.tab()]()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        url = reverse("strict_forms:assignment_list")
        ctx["tabs"] = [(f"{url}?tab={key}", label, key == self.tab()) for key, label in ASSIGNMENT_TABS]
        ctx["can_manage"] = self.may(Perm.RECORDS_MANAGE)
        return ctx

    def has_row_actions(self):
        return True

    def row_actions(self, row):
        if not (self.may(Perm.RECORDS_MANAGE) and row.status == "in_progress" and not row.is_archived):
            return ()
        return [
            RowAction(
                _("Done"),
                url_for_pk("strict_forms:assignment_done", row.pk),
                post=True,
                style="btn-outline-success",
            )
        ]

    def row_attrs(self, row):
        return {"class": "table-danger", "data-overdue": "1"} if row.is_overdue else None


class AssignmentCreateView(_RecordFormMixin, PermissionMixin, CreateView):
    permission_required = Perm.RECORDS_MANAGE
    form_class = AssignmentForm
    list_url = "strict_forms:assignment_list"
    page_title = _("New assignment")

    def get_initial(self):
        return {"correspondence": self.request.GET.get("correspondence")}

    def form_valid(self, form):
        form.instance.author = self.request.user
        return super().form_valid(form)


class AssignmentEditView(_RecordFormMixin, ScopedObjectMixin, UpdateView):
    permission_required = Perm.RECORDS_MANAGE
    model = Assignment
    form_class = AssignmentForm
    list_url = "strict_forms:assignment_list"
    page_title = _("Assignment")


class AssignmentDoneView(ScopedObjectMixin, View):
    permission_required = Perm.RECORDS_MANAGE
    model = Assignment

    def post(self, request, pk):
        assignment = self.object
        if assignment.is_archived:
            messages.error(request, _("This record is in the archive; restore it first."))
        elif assignment.status != AssignmentStatus.DONE:
            assignment.status, assignment.done_on = AssignmentStatus.DONE, timezone.localdate()
            assignment.save(update_fields=["status", "done_on"])
            messages.success(request, _("The assignment is marked done."))
        return redirect(reverse("strict_forms:assignment_list") + "?tab=done")
