"""Registers of the admission: the address register with catchment areas (ADM-2) and quotas (ADM-5)."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View

from admissions.forms import CatchmentRangeForm, ImportForm, QuotaForm
from admissions.models import CatchmentRange
from admissions.register import conflicts, import_rows, parse_rows, preview, range_add, range_delete
from admissions.services import quota_set, quota_summary
from core.permissions import Perm, has_permission
from core.services import OperationError
from core.views.base import PermissionMixin

IMPORT_SALT = "admissions.address-import"


class QuotaView(PermissionMixin, FormView):
    """ADM-5: places per category of the year, with the admitted and waiting children."""

    permission_required = Perm.ADMISSIONS_VIEW
    template_name = "admissions/quotas.html"
    form_class = QuotaForm

    def year(self):
        value = self.request.GET.get("year", "")
        return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year

    def get_initial(self):
        return {"year": self.year()}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        year = self.year()
        ctx.update(
            title=_("Quotas of first-grade places"),
            year=year,
            rows=quota_summary(self.request.school, year),
            may_manage=has_permission(self.request.user, Perm.ADMISSIONS_MANAGE, self.request.school),
            breadcrumbs=[(_("Quotas of first-grade places"), None)],
        )
        return ctx

    def post(self, request, *args, **kwargs):
        if not has_permission(request.user, Perm.ADMISSIONS_MANAGE, request.school):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        d = form.cleaned_data
        try:
            quota_set(
                acting_user=self.request.user,
                school=self.request.school,
                year=d["year"],
                category=d["category"],
                places=d["places"],
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The quota is saved."))
        return redirect(f"{reverse('admissions:quotas')}?year={d['year']}")


class AddressRegisterView(PermissionMixin, FormView):
    """ADM-2: the school's catchment area; a house claimed by another school too is flagged."""

    permission_required = Perm.ADMISSIONS_VIEW
    template_name = "admissions/address_register.html"
    form_class = CatchmentRangeForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ranges = list(
            CatchmentRange.objects.for_school(self.request.school)
            .select_related("street__locality")
            .order_by("street__locality__name_ru", "street__name_ru", "number_from", "pk")
        )
        clashes = conflicts(ranges)
        ctx.update(
            title=_("Address register"),
            rows=[(r, clashes.get(r.pk, [])) for r in ranges],
            clash_count=len(clashes),
            may_manage=has_permission(self.request.user, Perm.ADMISSIONS_MANAGE, self.request.school),
            breadcrumbs=[(_("Address register"), None)],
        )
        return ctx

    def post(self, request, *args, **kwargs):
        if not has_permission(request.user, Perm.ADMISSIONS_MANAGE, request.school):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        d = form.cleaned_data
        try:
            range_add(
                acting_user=self.request.user,
                school=self.request.school,
                locality=d["locality"],
                street=d["street"],
                number_from=d["number_from"],
                number_to=d["number_to"],
                parity=d["parity"],
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The houses are added to the catchment area."))
        return redirect("admissions:address_register")


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
