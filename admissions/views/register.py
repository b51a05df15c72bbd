"""Registers of the admission: the address register with catchment areas (ADM-2) and quotas (ADM-5)."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from admissions.forms import CatchmentRangeForm, ImportForm, QuotaForm
from admissions.models import CatchmentRange
from admissions.register import conflicts, import_rows, parse_rows, preview, range_add, range_delete
from admissions.services import quota_set, quota_summary
from core.permissions import Perm, has_permission
from core.services import OperationError
from core.views.base import OperationFormView, PermissionMixin

IMPORT_SALT = "admissions.address-import"


class RegisterView(OperationFormView):
    """A register of the school's admission: its rows, and below them the form that adds or sets
    one row through a service (quotas, the address register). Seeing it takes the view right;
    sending the form takes the manage right, and only then is the form shown."""

    permission_required = Perm.ADMISSIONS_VIEW
    form_heading = ""

    def may_manage(self):
        return has_permission(self.request.user, Perm.ADMISSIONS_MANAGE, self.request.school)

    def register_context(self):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(self.register_context(), may_manage=self.may_manage(), form_heading=self.form_heading)
        return ctx

    def post(self, request, *args, **kwargs):
        if not self.may_manage():
            raise PermissionDenied
        return super().post(request, *args, **kwargs)


class QuotaView(RegisterView):
    """ADM-5: places per category of the year, with the admitted and waiting children."""

    template_name = "admissions/quotas.html"
    form_class = QuotaForm
    title = _("Quotas of first-grade places")
    form_heading = _("Set a quota")
    submit_label = _("Save")
    success_message = _("The quota is saved.")

    def year(self):
        value = self.request.GET.get("year", "")
        return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year

    def get_initial(self):
        return {"year": self.year()}

    def register_context(self):
        year = self.year()
        return {"year": year, "rows": quota_summary(self.request.school, year)}

    def perform(self, form):
        return quota_set(acting_user=self.request.user, school=self.request.school, **form.cleaned_data)

    def success_url_for(self, quota):
        return f"{reverse('admissions:quotas')}?year={quota.year}"


class AddressRegisterView(RegisterView):
    """ADM-2: the school's catchment area; a house claimed by another school too is flagged."""

    template_name = "admissions/address_register.html"
    form_class = CatchmentRangeForm
    title = _("Address register")
    form_heading = _("Add houses to the catchment area")
    submit_label = _("Add")
    success_message = _("The houses are added to the catchment area.")
    success_url = reverse_lazy("admissions:address_register")

    def register_context(self):
        ranges = list(
            CatchmentRange.objects.for_school(self.request.school)
            .select_related("street__locality")
            .order_by("street__locality__name_ru", "street__name_ru", "number_from", "pk")
        )
        clashes = conflicts(ranges)
        return {"rows": [(r, clashes.get(r.pk, [])) for r in ranges], "clash_count": len(clashes)}

    def perform(self, form):
        return range_add(acting_user=self.request.user, school=self.request.school, **form.cleaned_data)


class RangeDeleteView(PermissionMixin, View):
    permission_required = Perm.ADMISSIONS_MANAGE
    http_method_names = ["post"]

    def needs_school(self):
        return False

    def check_permission(self, school=None):
        return None

    def post(self, request, pk):
        item = get_object_or_404(CatchmentRange.objects.visible_to(request.user), pk=pk)
        if not has_permission(request.user, Perm.ADMISSIONS_MANAGE, item.school):
            raise PermissionDenied
        range_delete(acting_user=request.user, catchment_range=item)
        messages.success(request, _("The houses are removed from the catchment area."))
        return redirect("admissions:address_register")


class AddressImportView(PermissionMixin, View):
    """ADM-2: an Excel file, its preview with errors and clashes, then the import of the valid rows."""

    permission_required = Perm.ADMISSIONS_MANAGE
    template_name = "admissions/address_import.html"

    def render(self, form, rows=None, payload=None):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "rows": rows,
                "payload": payload,
                "valid_count": sum(1 for r in rows or () if not r["errors"]),
                "title": _("Import the address register from Excel"),
                "breadcrumbs": [
                    (_("Address register"), reverse("admissions:address_register")),
                    (_("Import"), None),
                ],
            },
        )

    def get(self, request):
        return self.render(ImportForm())

    def post(self, request):
        if "payload" in request.POST:
            try:
                rows = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=3600)
            except signing.BadSignature:
                messages.error(request, _("The preview has expired; upload the file again."))
                return redirect("admissions:address_import")
            added = import_rows(acting_user=request.user, school=request.school, rows=rows)
            messages.success(request, _("%(n)s ranges are added to the catchment area.") % {"n": added})
            return redirect("admissions:address_register")
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        try:
            rows = preview(request.school, parse_rows(form.cleaned_data["file"]))
        except OperationError as error:
            form.add_error("file", str(error))
            return self.render(form)
        payload = signing.dumps(
            [{k: v for k, v in r.items() if k != "claimed_by"} for r in rows], salt=IMPORT_SALT
        )
        return self.render(ImportForm(), rows=rows, payload=payload)
