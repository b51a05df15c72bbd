"""The order register (DESIGN rule 5) and access to uploaded scans."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, UpdateView

from core.access import log_access
from core.files import content_type_for
from core.filters import OrderFilter
from core.forms import GeneralOrderForm, OrderScanForm
from core.lists import ListPageView
from core.models import Order, OrderKind
from core.permissions import Perm, has_permission
from core.tables import Column
from core.views.base import PermissionMixin, ScopedObjectMixin

# The columns of every list of orders (the register, and the staff and contingent output forms).
ORDER_COLUMNS = (
    Column(_("order number"), "number", link=lambda o: o.get_absolute_url()),
    Column(_("order date"), "date"),
    Column(_("kind"), "kind"),
    Column(_("short content"), "content"),
    Column(_("author"), "author"),
)


class OrderListView(ListPageView):
    permission_required = Perm.ORDERS_VIEW
    filterset_class = OrderFilter
    title = _("Order register")
    columns = (*ORDER_COLUMNS, Column(_("scan"), lambda o: _("yes") if o.scan else _("no")))

    def get_queryset(self):
        return Order.objects.for_school(self.request.school).select_related("author__person")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if has_permission(self.request.user, Perm.ORDERS_MANAGE, self.request.school):
            ctx["create_url"] = (reverse("core:order_create"), _("Register an order"))
        return ctx


class OrderDetailView(ScopedObjectMixin, DetailView):
    permission_required = Perm.ORDERS_VIEW
    model = Order
    template_name = "core/order_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["breadcrumbs"] = [(_("Order register"), reverse("core:order_list")), (str(self.object), None)]
        ctx["can_manage"] = has_permission(self.request.user, Perm.ORDERS_MANAGE, self.object.school)
        return ctx


class OrderCreateView(PermissionMixin, CreateView):
    """Orders on the school's general activity; movement orders are made by the operations themselves."""

    permission_required = Perm.ORDERS_MANAGE
    form_class = GeneralOrderForm
    template_name = "core/form_page.html"
    extra_context = {
        "title": _("Register an order"),
        "cancel_url": reverse_lazy("core:order_list"),
        "breadcrumbs": [
            (_("Order register"), reverse_lazy("core:order_list")),
            (_("Register an order"), None),
        ],
    }

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Order(
            school=self.request.school, author=self.request.user, kind=OrderKind.GENERAL
        )
        return kwargs

    def form_valid(self, form):
        messages.success(self.request, _("The order is registered."))
        return super().form_valid(form)


class OrderScanUploadView(ScopedObjectMixin, UpdateView):
    """The signed order's scan, attached later: orders made by staff and student operations are
    registered first and signed on paper afterwards."""

    permission_required = Perm.ORDERS_MANAGE
    model = Order
    form_class = OrderScanForm
    template_name = "core/form_page.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = capfirst(_("scan of the order"))
        ctx["cancel_url"] = self.object.get_absolute_url()
        ctx["breadcrumbs"] = [
            (_("Order register"), reverse("core:order_list")),
            (str(self.object), self.object.get_absolute_url()),
            (ctx["title"], None),
        ]
        return ctx

    def form_valid(self, form):
        messages.success(self.request, _("The record is saved."))
        return super().form_valid(form)

    def get_success_url(self):
        return self.object.get_absolute_url()


def serve_private_file(request, field_file, obj):
    """Streams a stored scan to a user already allowed to see its record; the download is logged."""
    if not field_file:
        raise Http404
    log_access(request, "download", obj)
    return FileResponse(
        field_file.open("rb"),
        content_type=content_type_for(field_file.name),
        as_attachment=False,
        filename=field_file.name.rsplit("/", 1)[-1],
    )


def order_scan(request, pk):
    order = get_object_or_404(Order.objects.visible_to(request.user), pk=pk)
    if not has_permission(request.user, Perm.ORDERS_VIEW, order.school):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return serve_private_file(request, order.scan, order)


order_scan.permission_required = Perm.ORDERS_VIEW
