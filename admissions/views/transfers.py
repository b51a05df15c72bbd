"""Transfers between schools (ADM-6): the parent asks, the receiving school confirms, the sending
school releases; the journals of the movements."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, TemplateView

from admissions.filters import DispatchFilter, MovementJournalFilter, TransferFilter
from admissions.forms import TransferAcceptForm, TransferRefuseForm, TransferReleaseForm, TransferRequestForm
from admissions.models import Transfer, TransferStatus
from admissions.services import (
    transfer_accept,
    transfer_cancel,
    transfer_refuse,
    transfer_release,
    transfer_request,
)
from admissions.views.common import AdmissionOperationView
from contingent.models import GuardianLink, Movement, MovementKind, Student
from core.lists import ListPageView
from core.permissions import Perm, has_permission
from core.services import OperationError
from core.tables import Column
from core.views.base import PermissionMixin, ScopedObjectMixin

TRANSFER_COLUMNS = (
    Column(_("requested at"), "requested_at", link=lambda t: t.get_absolute_url()),
    Column(_("student"), "student.person.full_name"),
    Column(_("grade"), "parallel"),
    Column(_("sending school"), "from_school"),
    Column(_("receiving school"), "to_school"),
    Column(_("status"), "status"),
    Column(_("order out"), "order_out"),
    Column(_("order in"), "order_in"),
)


class TransferListView(ListPageView):
    """ADM-6 journal "between schools": requests to and from the school, in every status."""

    permission_required = Perm.ADMISSIONS_VIEW
    filterset_class = TransferFilter
    title = _("Transfers between schools")
    columns = TRANSFER_COLUMNS

    def get_queryset(self):
        return (
            Transfer.objects.visible_to(self.request.user)
            .of_school(self.request.school)
            .select_related("student__person", "from_school", "to_school", "order_out", "order_in")
            .order_by("-requested_at", "-id")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["breadcrumbs"] = [(self.title, None)]
        return ctx


class TransferScopedMixin(ScopedObjectMixin):
    """Another school's transfer is a 404; the side (sending or receiving) decides who may act."""

    model = Transfer
    side = None  # "from" or "to": the school whose right the page needs

    def get_queryset(self):
        return Transfer.objects.visible_to(self.request.user).select_related(
            "student__person", "student__school_class", "from_school", "to_school", "to_class"
        )

    def get_object(self, queryset=None):
        if hasattr(self, "_object"):
            return self._object
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        schools = [obj.from_school, obj.to_school]
        if self.side:
            schools = [obj.from_school if self.side == "from" else obj.to_school]
        if not any(has_permission(self.request.user, self.permission_required, s) for s in schools):
            raise PermissionDenied
        self._object = obj
        return obj


class TransferDetailView(TransferScopedMixin, DetailView):
    """The request and the student's movements so far: his history travels with him."""

    permission_required = Perm.ADMISSIONS_VIEW
    template_name = "admissions/transfer_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        t = self.object
        user = self.request.user
        ctx.update(
            title=str(t),
            movements=Movement.objects.filter(student__person_id=t.student.person_id)
            .select_related("school", "from_class", "to_class", "order")
            .order_by("date", "id"),
            may_accept=t.status == TransferStatus.REQUESTED
            and has_permission(user, Perm.ADMISSIONS_DECIDE, t.to_school),
            may_release=t.status == TransferStatus.ACCEPTED
            and has_permission(user, Perm.ADMISSIONS_DECIDE, t.from_school),
            breadcrumbs=[(TransferListView.title, reverse("admissions:transfer_list")), (str(t), None)],
        )
        return ctx


class TransferAcceptView(TransferScopedMixin, AdmissionOperationView):
    permission_required = Perm.ADMISSIONS_DECIDE
    side = "to"
    form_class = TransferAcceptForm
    title = _("Accept the transfer")
    submit_label = _("Accept")
    success_message = _("The transfer is accepted; the sending school may now release the student.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "transfer": self.object}

    def perform(self, form):
        d = form.cleaned_data
        return transfer_accept(
            acting_user=self.request.user,
            transfer=self.object,
            to_class=d["to_class"],
            order_number=d["order_number"],
            order_date=d["order_date"],
        )


class TransferRefuseView(TransferScopedMixin, AdmissionOperationView):
    permission_required = Perm.ADMISSIONS_DECIDE
    side = "to"
    form_class = TransferRefuseForm
    title = _("Refuse the transfer")
    submit_label = _("Refuse")
    success_message = _("The transfer is refused.")

    def perform(self, form):
        return transfer_refuse(
            acting_user=self.request.user, transfer=self.object, text=form.cleaned_data["text"]
        )


class TransferReleaseView(TransferScopedMixin, AdmissionOperationView):
    permission_required = Perm.ADMISSIONS_DECIDE
    side = "from"
    form_class = TransferReleaseForm
    title = _("Release the student")
    submit_label = _("Release")
    success_message = _("The student has moved to the receiving school with his personal file.")

    def perform(self, form):
        d = form.cleaned_data
        return transfer_release(
            acting_user=self.request.user,
            transfer=self.object,
            order_number=d["order_number"],
            order_date=d["order_date"],
        )


class MyTransfersView(PermissionMixin, TemplateView):
    """The parent's children and their transfer requests."""

    permission_required = Perm.CHILDREN_VIEW
    template_name = "admissions/my_transfers.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person_id = self.request.user.person_id
        children = (
            Student.objects.visible_to(self.request.user)
            .current()
            .filter(guardians__person_id=person_id)
            .select_related("person", "school", "school_class")
        )
        ctx.update(
            title=_("Transfer to another school"),
            children=children,
            transfers=Transfer.objects.filter(requested_by_id=person_id).select_related(
                "student__person", "from_school", "to_school"
            ),
            breadcrumbs=[(_("Transfer to another school"), None)],
        )
        return ctx

    def post(self, request, *args, **kwargs):
        transfer = get_object_or_404(
            Transfer, pk=request.POST.get("cancel") or 0, requested_by_id=request.user.person_id
        )
        try:
            transfer_cancel(acting_user=request.user, transfer=transfer)
            messages.success(request, _("The request is cancelled."))
        except OperationError as error:
            messages.error(request, str(error))
        return redirect("admissions:my_transfers")


class TransferRequestView(PermissionMixin, FormView):
    """ADM-6: the parent asks the receiving school to take his child."""

    permission_required = Perm.CHILDREN_VIEW
    template_name = "admissions/operation_form.html"
    form_class = TransferRequestForm

    def needs_school(self):
        return False

    def check_permission(self, school=None):
        return None

    def dispatch(self, request, *args, **kwargs):
        person_id = request.user.person_id if request.user.is_authenticated else None
        self.student = get_object_or_404(
            Student.objects.visible_to(request.user).select_related("person", "school").current(),
            pk=kwargs["pk"],
            pk__in=GuardianLink.objects.filter(person_id=person_id).values("student_id"),
        )
        if request.user.is_authenticated and not has_permission(
            request.user, Perm.CHILDREN_VIEW, self.student.school
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "student": self.student}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=_("Transfer to another school"),
            object=self.student,
            submit_label=_("Send the request"),
            cancel_url=reverse("admissions:my_transfers"),
        )
        return ctx

    def form_valid(self, form):
        try:
            transfer_request(
                acting_user=self.request.user,
                student=self.student,
                to_school=form.cleaned_data["to_school"],
                reason=form.cleaned_data["reason"],
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The request is sent to the receiving school."))
        return redirect("admissions:my_transfers")


# ---------------------------------------------------------------- journals (ADM-6)


class MovementJournalView(ListPageView):
    permission_required = Perm.ADMISSIONS_VIEW
    filterset_class = MovementJournalFilter
    kinds = ()
    columns = (
        Column(_("date"), "date"),
        Column(_("student"), "student.person.full_name", link=lambda m: m.student.get_absolute_url()),
        Column(_("from class"), "from_class"),
        Column(_("to class"), "to_class"),
        Column(_("reason"), "reason"),
        Column(_("order"), "order", link=lambda m: m.order.get_absolute_url()),
    )

    def get_queryset(self):
        return (
            Movement.objects.visible_to(self.request.user)
            .for_school(self.request.school)
            .filter(kind__in=self.kinds)
            .select_related("student__person", "from_class", "to_class", "order")
            .order_by("-date", "-id")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["breadcrumbs"] = [(self.title, None)]
        return ctx


class DepartureJournalView(MovementJournalView):
    """Journal of transfers out of the school: every student who left, by order."""

    title = _("Transfers out of the school")
    kinds = (MovementKind.EXPULSION,)


class ClassTransferJournalView(MovementJournalView):
    """Journal of moves between classes of the school."""

    title = _("Transfers between classes")
    kinds = (MovementKind.TRANSFER, MovementKind.DISBANDING)


class DispatchJournalView(ListPageView):
    """Dispatch journal: personal files sent to other schools with the released students."""

    permission_required = Perm.ADMISSIONS_VIEW
    filterset_class = DispatchFilter
    title = _("Dispatch journal")
    columns = (
        Column(_("released at"), "completed_at", link=lambda t: t.get_absolute_url()),
        Column(_("student"), "student.person.full_name"),
        Column(_("grade"), "parallel"),
        Column(_("receiving school"), "to_school"),
        Column(_("order out"), "order_out"),
    )

    def get_queryset(self):
        return (
            Transfer.objects.visible_to(self.request.user)
            .filter(Q(from_school=self.request.school), status=TransferStatus.COMPLETED)
            .select_related("student__person", "to_school", "order_out")
            .order_by("-completed_at", "-id")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["breadcrumbs"] = [(self.title, None)]
        return ctx
