"""The blanks registry and its operations (BLK-1..BLK-4), write-off acts and kinds of blanks."""

from django.contrib import messages
from django.db.models import Prefetch
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from core.exports import pdf_response
from core.links import url_for_pk
from core.lists import ListPageView
from core.permissions import Perm, has_permission
from core.search import search
from core.tables import Column, RowAction
from core.views.base import (
    OperationPostView,
    PermissionMixin,
    ScopedObjectMixin,
    options_response,
    permission_required,
)
from strict_forms import services
from strict_forms.filters import BlankFilter, WriteOffActFilter
from strict_forms.forms import (
    BlankHandOutForm,
    BlankKindForm,
    BlankReceiveForm,
    BlankWriteOffForm,
    StudentChoiceField,
    current_employees,
    students_for,
)
from strict_forms.models import Blank, BlankEvent, BlankKind, KindGroup, WriteOffAct
from strict_forms.views.common import OperationFormView

REGISTRY = _("Strict-reporting blanks")


class BlankListView(ListPageView):
    """BLK-4, figure 47: every blank with its status; a new one may be deleted."""

    permission_required = Perm.BLANKS_VIEW
    filterset_class = BlankFilter
    title = REGISTRY
    template_name = "strict_forms/blank_list.html"
    columns = (
        Column(_("blank number"), "full_number", link=lambda b: b.get_absolute_url()),
        Column(_("kind of document"), "kind.name"),
        Column(_("status"), "status"),
        Column(_("recipient"), "holder"),
        Column(_("reason"), "reason"),
        Column(_("purpose of issue"), "purpose"),
        Column(_("date of receipt"), "receipt.received_on"),
    )

    numbered = True

    def get_queryset(self):
        return Blank.objects.for_school(self.request.school).registry().select_related("receipt")

    def has_row_actions(self):
        return True

    def row_actions(self, row):
        if not (self.may(Perm.BLANKS_MANAGE) and row.can_be_deleted()):
            return ()
        return [
            RowAction.delete(
                url_for_pk("strict_forms:blank_delete", row.pk),
                confirm=gettext("Delete this blank?"),
                aria_label=f"{gettext('Delete')} {row.number}",
            )
        ]

    def row_attrs(self, row):
        return {"data-blank": row.number, "data-status": row.status}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = self.may(Perm.BLANKS_MANAGE)
        return ctx


class BlankReceiveView(OperationFormView):
    """BLK-1: one number or a whole range; a duplicate is refused with the seed's message."""

    permission_required = Perm.BLANKS_MANAGE
    form_class = BlankReceiveForm
    title = _("Registration of received blanks")
    submit_label = _("Create")
    error_field = "numbers"
    cancel_url = reverse_lazy("strict_forms:blank_list")
    success_url = reverse_lazy("strict_forms:blank_list")

    def perform(self, form):
        d = form.cleaned_data
        return services.blanks_receive(
            acting_user=self.request.user,
            school=self.request.school,
            kind=d["kind"],
            numbers=d["numbers"],
            series=d["series"],
            received_on=d["received_on"],
            basis=d["basis"],
        )

    def success_message(self, receipt):
        return _("%(count)s blanks registered: %(numbers)s.") % {
            "count": receipt.count,
            "numbers": receipt.numbers,
        }


class BlankHandOutView(OperationFormView):
    """BLK-2, figure 49: the recipient is found by typing a part of the name."""

    permission_required = Perm.BLANKS_MANAGE
    form_class = BlankHandOutForm
    template_name = "strict_forms/hand_out.html"
    title = _("Registration of issue")
    error_field = "numbers"
    cancel_url = reverse_lazy("strict_forms:blank_list")
    success_url = reverse_lazy("strict_forms:blank_list")

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("numbers"):
            initial["numbers"] = self.request.GET["numbers"]
        return initial

    def perform(self, form):
        d = form.cleaned_data
        return services.blanks_hand_out(
            acting_user=self.request.user,
            school=self.request.school,
            employee=d["recipient"],
            kind=d["kind"],
            numbers=d["numbers"],
            series=d.get("series"),
            purpose=d["purpose"],
        )

    def success_message(self, blanks):
        return _("%(count)s blanks handed out to %(employee)s.") % {
            "count": len(blanks),
            "employee": blanks[0].holder,
        }


@permission_required(Perm.BLANKS_MANAGE)
def employee_search(request):
    """Search as you type for the recipient: the <option>s of the matching current employees (the
    one full-name search of every list, core.search)."""
    q = request.GET.get("q", "")[:100]
    employees = search(current_employees(request.school), q, person_paths=["person"])
    return options_response((e.pk, f"{e.person.full_name}, {e.position}") for e in employees[:50])


@permission_required(Perm.BLANKS_MANAGE)
def student_search(request):
    """Search as you type for the student a document is issued to (BLK-5, BLK-6)."""
    group = (
        KindGroup.COMMENDATION if request.GET.get("group") == KindGroup.COMMENDATION else KindGroup.EDUCATION
    )
    q = request.GET.get("q", "")[:100]
    students = search(students_for(request.school, group), q, person_paths=["person"]).order_by(
        "person__last_name", "person__first_name", "pk"
    )
    field = StudentChoiceField(queryset=students)
    return options_response((s.pk, field.label_from_instance(s)) for s in students[:50])


class BlankWriteOffView(OperationFormView):
    """BLK-3, figure 50: spoiled or lost, with the reason; draws up the write-off act."""

    permission_required = Perm.BLANKS_MANAGE
    form_class = BlankWriteOffForm
    title = _("Registration of spoilage or loss")
    error_field = "number"
    cancel_url = reverse_lazy("strict_forms:blank_list")

    def get_initial(self):
        initial = super().get_initial()
        for key in ("number", "kind"):
            if self.request.GET.get(key):
                initial[key] = self.request.GET[key]
        return initial

    def perform(self, form):
        d = form.cleaned_data
        return services.blank_write_off(
            acting_user=self.request.user,
            school=self.request.school,
            kind=d["kind"],
            number=d["number"],
            series=d.get("series"),
            status=d["status"],
            reason=d["reason"],
        )

    def success_message(self, act):
        return _("%(act)s is drawn up.") % {"act": act}

    def success_url_for(self, act):
        return act.blanks.get().get_absolute_url()


class BlankDetailView(ScopedObjectMixin, DetailView):
    """BLK-4: a blank's whole story from the ledger."""

    permission_required = Perm.BLANKS_VIEW
    model = Blank
    template_name = "strict_forms/blank_detail.html"

    def get_queryset(self):
        ledger = BlankEvent.objects.select_related(
            "user__person", "employee__person", "student__person", "act"
        )
        return (
            Blank.objects.visible_to(self.request.user)
            .select_related(
                "kind", "holder__person", "receipt", "write_off_act", "issued_document__student__person"
            )
            .prefetch_related(Prefetch("ledger", queryset=ledger))
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = has_permission(self.request.user, Perm.BLANKS_MANAGE, self.object.school)
        ctx["document"] = getattr(self.object, "issued_document", None)
        ctx["breadcrumbs"] = [(REGISTRY, reverse("strict_forms:blank_list")), (str(self.object), None)]
        return ctx


class BlankDeleteView(ScopedObjectMixin, OperationPostView):
    """A deleted blank goes back to the register; a refused one stays on its card."""

    permission_required = Perm.BLANKS_MANAGE
    model = Blank
    redirect_url = reverse_lazy("strict_forms:blank_list")

    def perform(self):
        return services.blank_delete(acting_user=self.request.user, blank=self.object)

    def get_success_message(self, result):
        return _("Blank No. %(number)s is deleted.") % {"number": self.object.number}

    def get_refused_url(self):
        return self.object.get_absolute_url()


class WriteOffActListView(ListPageView):
    permission_required = Perm.BLANKS_VIEW
    filterset_class = WriteOffActFilter
    title = _("Write-off acts")
    columns = (
        Column(_("act number"), "number", link=lambda a: a.get_absolute_url()),
        Column(_("act date"), "date"),
        Column(_("status"), "status"),
        Column(_("blanks"), lambda a: ", ".join(str(b) for b in a.blanks.all())),
        Column(_("reason"), "reason"),
        Column(_("drawn up by"), "created_by"),
    )

    def get_queryset(self):
        return (
            WriteOffAct.objects.for_school(self.request.school)
            .select_related("created_by__person")
            .prefetch_related("blanks__kind")
            .distinct()
        )


class WriteOffActPdfView(ScopedObjectMixin, View):
    """BLK-3: the write-off act as a PDF to print and sign."""

    permission_required = Perm.BLANKS_VIEW
    model = WriteOffAct

    def get(self, request, pk):
        act = self.object
        blanks = act.blanks.select_related("kind", "holder__person")
        return pdf_response(
            request,
            "strict_forms/pdf/write_off_act.html",
            {"act": act, "blanks": blanks, "school": act.school},
            str(act),
            obj=act,
        )


class BlankKindListView(PermissionMixin, ListView):
    """Kinds of blanks: the national list and the school's own additions."""

    permission_required = Perm.BLANKS_VIEW
    template_name = "strict_forms/kind_list.html"

    def get_queryset(self):
        return BlankKind.objects.available_at(self.request.school) | BlankKind.objects.for_school(
            self.request.school
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Kinds of blanks")
        ctx["can_manage"] = has_permission(self.request.user, Perm.BLANKS_MANAGE, self.request.school)
        ctx["breadcrumbs"] = [(REGISTRY, reverse("strict_forms:blank_list")), (ctx["title"], None)]
        return ctx


class _KindFormMixin:
    form_class = BlankKindForm
    template_name = "core/form_page.html"
    success_url = reverse_lazy("strict_forms:kind_list")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"school": self.request.school}

    def form_valid(self, form):
        messages.success(self.request, _("The kind of blank is saved."))
        return super().form_valid(form)


class BlankKindCreateView(_KindFormMixin, PermissionMixin, CreateView):
    permission_required = Perm.BLANKS_MANAGE
    extra_context = {"title": _("New kind of blank"), "cancel_url": reverse_lazy("strict_forms:kind_list")}


class BlankKindEditView(_KindFormMixin, ScopedObjectMixin, UpdateView):
    """Only the school's own kinds are edited here; the national list comes with the portal."""

    permission_required = Perm.BLANKS_MANAGE
    model = BlankKind
    extra_context = {"title": _("Kind of blank"), "cancel_url": reverse_lazy("strict_forms:kind_list")}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"school": self.object.school}
