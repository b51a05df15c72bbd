"""Issued attestats and certificates (BLK-5), commendation letters (BLK-6) and the book of accounting
and issue of attestats (DOMAIN.md 4.3)."""

from django.contrib import messages
from django.http import Http404
from django.urls import reverse, reverse_lazy
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView, UpdateView

from core.exports import docx_response, pdf_response, xlsx_response
from core.filters import clean_year
from core.history import events_of, history_rows
from core.links import url_for_pk
from core.lists import ListPageView
from core.permissions import Perm, has_permission
from core.tables import Column, RowAction
from core.views.base import OperationPostView, PermissionMixin, PersonalDataDetailView, ScopedObjectMixin
from strict_forms import services
from strict_forms.filters import IssuedDocumentFilter
from strict_forms.forms import DuplicateForm, IssuedDocumentEditForm, IssueForm
from strict_forms.models import (
    Blank,
    BlankReceipt,
    BlankStatus,
    IssuedDocument,
    KindGroup,
)
from strict_forms.views.common import OperationFormView

ATTESTATS = _("Issued attestats and certificates")
LETTERS = _("Issued commendation letters")


def _section(group):
    if group == KindGroup.EDUCATION:
        return ATTESTATS, "strict_forms:attestat_list"
    return LETTERS, "strict_forms:letter_list"


class _GroupMixin:
    group = KindGroup.EDUCATION

    def get_queryset(self):
        qs = IssuedDocument.objects.visible_to(self.request.user).with_related()
        return qs.filter(blank__kind__group=self.group)


class DocumentListView(ListPageView):
    """BLK-5 figure 51, BLK-6 figure 53."""

    permission_required = Perm.BLANKS_VIEW
    filterset_class = IssuedDocumentFilter
    group = KindGroup.EDUCATION
    numbered = True
    columns = (
        Column(_("student"), "student"),
        Column(_("blank number"), "blank.full_number"),
        Column(_("kind of document"), "blank.kind.name"),
        Column(_("date of issue"), "issued_on"),
        Column(_("status"), "status"),
    )

    def get_title(self):
        return _section(self.group)[0]

    def has_row_actions(self):
        return True

    def row_attrs(self, row):
        return {"data-blank": row.blank.number}

    def row_actions(self, row):
        education = self.group == KindGroup.EDUCATION
        if education:
            actions = [
                RowAction(
                    gettext("View"),
                    url_for_pk("strict_forms:attestat_detail", row.pk),
                    style="btn-link",
                    icon="search",
                    icon_only=True,
                ),
                *(
                    RowAction(
                        label,
                        reverse("strict_forms:attestat_export", args=[row.pk, fmt]),
                        style="btn-link",
                        export=fmt,
                    )
                    for label, fmt in (("Excel", "xlsx"), ("Word", "docx"), ("PDF", "pdf"))
                ),
            ]
        else:
            actions = [
                RowAction(
                    gettext("Print"),
                    url_for_pk("strict_forms:letter_pdf", row.pk),
                    style="btn-link",
                    icon="printer",
                    export="pdf",
                )
            ]
        if self.may(Perm.BLANKS_MANAGE):
            actions.append(
                RowAction(
                    gettext("Edit"),
                    url_for_pk(
                        "strict_forms:attestat_edit" if education else "strict_forms:letter_edit", row.pk
                    ),
                    style="btn-link",
                    icon="pencil",
                    icon_only=True,
                )
            )
            if not education:
                actions.append(
                    RowAction.delete(
                        url_for_pk("strict_forms:letter_delete", row.pk),
                        confirm=gettext("Delete this record? The blank goes back to its holder."),
                    )
                )
        return actions

    def get_queryset(self):
        qs = IssuedDocument.objects.for_school(self.request.school).with_related()
        return qs.filter(blank__kind__group=self.group)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["group"] = self.group
        ctx["can_manage"] = self.may(Perm.BLANKS_MANAGE)
        if ctx["can_manage"]:
            name = "attestat_create" if self.group == KindGroup.EDUCATION else "letter_create"
            ctx["create_url"] = (reverse(f"strict_forms:{name}"), _("Add"))
        return ctx


class LetterListView(DocumentListView):
    group = KindGroup.COMMENDATION


def _available_blanks(school, group):
    return (
        Blank.objects.for_school(school)
        .filter(status=BlankStatus.HANDED_OUT, kind__group=group)
        .select_related("kind", "holder__person")
        .order_by("kind__position", "number")[:300]
    )


class DocumentIssueView(OperationFormView):
    """BLK-5 figure 52, BLK-6 figure 54: only a handed-out blank of the right kind, not yet used."""

    permission_required = Perm.BLANKS_MANAGE
    form_class = IssueForm
    template_name = "strict_forms/issue_form.html"
    error_field = "number"
    group = KindGroup.EDUCATION

    @property
    def title(self):
        return _("Attestat data") if self.group == KindGroup.EDUCATION else _("Commendation letter data")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"group": self.group}

    def get_cancel_url(self):
        return reverse(_section(self.group)[1])

    def get_breadcrumbs(self):
        label, url = _section(self.group)
        return [(label, reverse(url)), (self.title, None)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "available_blanks": _available_blanks(self.request.school, self.group),
            "group": self.group,
        }

    def perform(self, form):
        d = form.cleaned_data
        return services.document_issue(
            acting_user=self.request.user,
            school=self.request.school,
            student=d["student"],
            kind=d["kind"],
            number=d["number"],
            series=d.get("series"),
            issued_on=d["issued_on"],
            group=self.group,
            note=d["note"],
        )

    def success_message(self, document):
        return _("The record of %(document)s is saved.") % {"document": document}

    def success_url_for(self, document):
        if self.group == KindGroup.EDUCATION:
            return document.get_absolute_url()
        return reverse("strict_forms:letter_list")


class LetterIssueView(DocumentIssueView):
    group = KindGroup.COMMENDATION


class AttestatDetailView(_GroupMixin, PersonalDataDetailView):
    """BLK-5: the record, its blank, its duplicate links, and its history."""

    permission_required = Perm.BLANKS_VIEW
    model = IssuedDocument
    template_name = "strict_forms/attestat_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = has_permission(self.request.user, Perm.BLANKS_MANAGE, self.object.school)
        ctx["duplicate"] = IssuedDocument.objects.with_related().filter(duplicate_of=self.object).first()
        ctx["fields"] = record_fields(self.object)
        ctx["history"] = history_rows(events_of(self.object))
        ctx["breadcrumbs"] = [(ATTESTATS, reverse("strict_forms:attestat_list")), (str(self.object), None)]
        return ctx


def record_fields(doc):
    """The record as (label, value) pairs: the page, and its Excel, Word and PDF exports."""
    student = doc.student
    rows = [
        (_("student"), student.person.full_name),
        (_("class"), str(student.school_class) if student.school_class_id else str(student.parallel)),
        (_("kind of document"), str(doc.blank.kind)),
        (_("series"), doc.blank.series or "—"),
        (_("blank number"), doc.blank.number),
        (_("date of issue"), formats.date_format(doc.issued_on, "SHORT_DATE_FORMAT")),
        (_("status"), doc.get_status_display()),
    ]
    if doc.duplicate_of_id:
        rows.append((_("duplicate of"), str(doc.duplicate_of.blank)))
    if doc.note:
        rows.append((_("note"), doc.note))
    return [(str(label), str(value)) for label, value in rows]


class AttestatExportView(_GroupMixin, ScopedObjectMixin, View):
    """BLK-5: one record to Excel, Word or PDF (figure 51's buttons)."""

    permission_required = Perm.BLANKS_VIEW
    model = IssuedDocument

    def get(self, request, pk, fmt):
        doc = self.object
        fields = record_fields(doc)
        title = str(_("Attestat data"))
        subtitle = f"{doc.school.name}: {doc}"
        if fmt == "xlsx":
            headers = [label for label, _value in fields]
            return xlsx_response(
                request, title, headers, [[v for _label, v in fields]], obj=doc, subtitle=subtitle
            )
        if fmt == "docx":
            return docx_response(
                request, title, [doc.school.name], table=([_("field"), _("value")], fields), obj=doc
            )
        if fmt == "pdf":
            return pdf_response(
                request,
                "strict_forms/pdf/record.html",
                {"fields": fields, "school": doc.school},
                title,
                obj=doc,
            )
        raise Http404


class IssuedDocumentEditView(_GroupMixin, ScopedObjectMixin, UpdateView):
    """BLK-5, BLK-6: edit with history."""

    permission_required = Perm.BLANKS_MANAGE
    model = IssuedDocument
    form_class = IssuedDocumentEditForm
    template_name = "strict_forms/form_with_history.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        label, url = _section(self.group)
        ctx["title"] = str(self.object)
        ctx["cancel_url"] = reverse(url)
        ctx["history"] = history_rows(events_of(self.object))
        ctx["breadcrumbs"] = [(label, reverse(url)), (ctx["title"], None)]
        return ctx

    def form_valid(self, form):
        messages.success(self.request, _("The record is saved."))
        return super().form_valid(form)

    def get_success_url(self):
        if self.group == KindGroup.EDUCATION:
            return self.object.get_absolute_url()
        return reverse("strict_forms:letter_list")


class LetterEditView(IssuedDocumentEditView):
    group = KindGroup.COMMENDATION


class AttestatDuplicateView(_GroupMixin, ScopedObjectMixin, OperationFormView):
    """BLK-5: a duplicate for a lost document on a new blank; both records and blanks are linked."""

    permission_required = Perm.BLANKS_MANAGE
    model = IssuedDocument
    form_class = DuplicateForm
    template_name = "strict_forms/issue_form.html"
    error_field = "number"
    title = _("Issue a duplicate")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"school": self.object.school, "group": self.group}

    def get_cancel_url(self):
        return self.object.get_absolute_url()

    def get_breadcrumbs(self):
        return [
            (ATTESTATS, reverse("strict_forms:attestat_list")),
            (str(self.object), self.object.get_absolute_url()),
            (self.title, None),
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "available_blanks": _available_blanks(self.object.school, self.group),
            "original": self.object,
        }

    def perform(self, form):
        d = form.cleaned_data
        return services.document_issue_duplicate(
            acting_user=self.request.user,
            original=self.object,
            kind=d["kind"],
            number=d["number"],
            series=d.get("series"),
            issued_on=d["issued_on"],
            note=d["note"],
        )

    def success_message(self, document):
        return _("The duplicate %(document)s is issued.") % {"document": document}

    def success_url_for(self, document):
        return document.get_absolute_url()


class LetterDeleteView(_GroupMixin, ScopedObjectMixin, OperationPostView):
    permission_required = Perm.BLANKS_MANAGE
    model = IssuedDocument
    group = KindGroup.COMMENDATION
    success_message = _("The record is deleted; the blank is back with its holder.")
    redirect_url = reverse_lazy("strict_forms:letter_list")

    def perform(self):
        return services.document_delete(acting_user=self.request.user, document=self.object)


class LetterPdfView(_GroupMixin, ScopedObjectMixin, View):
    """BLK-6: the letter printed on its blank."""

    permission_required = Perm.BLANKS_VIEW
    model = IssuedDocument
    group = KindGroup.COMMENDATION

    def get(self, request, pk):
        doc = self.object
        return pdf_response(
            request,
            "strict_forms/pdf/letter.html",
            {"doc": doc, "school": doc.school},
            str(doc.blank.kind),
            obj=doc,
        )


def book_outgoings(school, year):
    """The right page «Расход»: blanks issued to students and blanks written off in the year, by date."""
    issued = (
        IssuedDocument.objects.for_school(school)
        .filter(issued_on__year=year)
        .select_related("blank__kind", "student__person")
    )
    written_off = (
        Blank.objects.for_school(school)
        .filter(write_off_act__date__year=year)
        .select_related("kind", "write_off_act")
    )
    rows = [
        {"blank": d.blank, "date": d.issued_on, "basis": _("issued to %(student)s") % {"student": d.student}}
        for d in issued
    ] + [
        {"blank": b, "date": b.write_off_act.date, "basis": f"{b.get_status_display()}, {b.write_off_act}"}
        for b in written_off
    ]
    return sorted(rows, key=lambda r: (r["date"], r["blank"].number))


class BookView(PermissionMixin, TemplateView):
    """«Книга учета и выдачи аттестатов» for a year (DOMAIN.md 4.3): receipts, outgoings, issue to graduates."""

    permission_required = Perm.BLANKS_VIEW
    template_name = "strict_forms/book.html"

    def get_year(self):
        return clean_year(self.request.GET.get("year"), timezone.localdate().year)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        school, year = self.request.school, self.get_year()
        ctx["year"], ctx["school"] = year, school
        ctx["title"] = _("Book of accounting and issue of attestats, %(year)s") % {"year": year}
        ctx["receipts"] = (
            BlankReceipt.objects.for_school(school).filter(received_on__year=year).select_related("kind")
        )
        ctx["outgoings"] = book_outgoings(school, year)
        ctx["issued"] = (
            IssuedDocument.objects.for_school(school)
            .education()
            .filter(issued_on__year=year)
            .with_related()
            .order_by("issued_on", "student__person__last_name")
        )
        ctx["years"] = range(timezone.localdate().year + 1, timezone.localdate().year - 6, -1)
        ctx["breadcrumbs"] = [(ctx["title"], None)]
        return ctx

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "pdf":
            ctx = self.get_context_data(**kwargs)
            return pdf_response(request, "strict_forms/pdf/book.html", ctx, ctx["title"])
        return super().get(request, *args, **kwargs)
