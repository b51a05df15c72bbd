"""The public part, without login (ADM-1, ADM-2, ADM-3): school search by address, the application
and the status check. Each POST counts against the client address's flood limit."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from admissions.forms import ApplicationForm, SchoolSearchForm, StatusForm
from admissions.models import Status
from admissions.services import (
    application_lookup,
    application_submit,
    application_withdraw,
    public_school,
    public_school_counted,
    rate_limited,
    schools_for_address,
)
from core.permissions import PUBLIC
from core.services import OperationError
from core.views.base import PermissionMixin

NOT_FOUND = _("No application with this number and this child's IIN was found.")
TOO_MANY = _("Too many requests from your address; please try again in an hour.")


def client_address(request):
    """The client's address: the proxy's X-Forwarded-For when the deployment says it sits behind one."""
    if getattr(settings, "ADMISSIONS_TRUST_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:45]
    return request.META.get("REMOTE_ADDR", "")[:45]


def flood_limit(request, kind):
    """(the client address's counter of a kind of POST, its limit per hour)."""
    return f"{kind}:{client_address(request)}", settings.ADMISSIONS_RATE_LIMITS.get(kind, 0)


def flooded(request, kind):
    return rate_limited(*flood_limit(request, kind))


def receipt_html(application):
    """The receipt of an application (ADM-1): its number, school, child and status, with the way to
    check it later. Written here rather than as a template: it is the answer to every submission on
    opening day, and the template took 0.37 ms of a submission's 9 ms, this 0.1 ms."""
    return format_html(
        '<div class="alert alert-success" role="status">\n'
        '  <p class="mb-1">{}</p>\n'
        '  <p class="display-6 fw-bold mb-2" data-testid="application-number">{}</p>\n'
        '  <p class="mb-0">{}</p>\n'
        "</div>\n"
        '<dl class="row">\n'
        '  <dt class="col-5">{}</dt><dd class="col-7">{}</dd>\n'
        '  <dt class="col-5">{}</dt><dd class="col-7">{}</dd>\n'
        '  <dt class="col-5">{}</dt><dd class="col-7">{}</dd>\n'
        "</dl>\n"
        '<a class="btn btn-outline-primary w-100" href="{}">{}</a>',
        gettext("Application No."),
        application.number,
        gettext("Keep this number: with it and the child's IIN you can check the status at any time."),
        gettext("School"),
        application.school.name,
        gettext("Child"),
        application.child_full_name,
        gettext("Status"),
        application.get_status_display(),
        reverse("admissions:status"),
        gettext("Check the status"),
    )


@method_decorator(login_not_required, name="dispatch")
class PublicView(PermissionMixin, TemplateView):
    permission_required = PUBLIC

    def needs_school(self):
        return False


class SchoolSearchView(PublicView):
    """ADM-2: the school of an address, with a link to apply there."""

    template_name = "admissions/public/search.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = SchoolSearchForm(self.request.GET or None)
        ctx.update(form=form, title=_("Find the school of your address"))
        if form.is_bound and form.is_valid():
            d = form.cleaned_data
            ctx["schools"] = schools_for_address(d["street"], d["house"])
            ctx["searched"] = True
            ctx["street"], ctx["house"] = d["street"], d["house"]
        return ctx


class ApplyView(PublicView):
    """ADM-1: the application; a retry with the same request id leads to the same number."""

    template_name = "admissions/public/apply.html"

    def get(self, request, *args, **kwargs):
        school, _street = public_school(request.GET.get("school"), request.GET.get("street"))
        if school is None:
            return redirect("admissions:search")
        initial = {k: request.GET.get(k) for k in ("street", "house", "category") if request.GET.get(k)}
        return self.render(ApplicationForm(school=school, initial=initial), school)

    def post(self, request, *args, **kwargs):
        # The school, the street and the address's flood count: one statement (opening day).
        school, street, too_many = public_school_counted(
            request.POST.get("school") or request.GET.get("school"),
            request.POST.get("street"),
            *flood_limit(request, "apply"),
        )
        if school is None:
            return redirect("admissions:search")
        form = ApplicationForm(request.POST, request.FILES, school=school, street=street)
        if too_many:
            form.is_valid()
            form.add_error(None, TOO_MANY)
            return self.render(form, school, status=429)
        if not form.is_valid():
            return self.render(form, school)
        try:
            application, _created = application_submit(
                request_id=form.cleaned_data["request_id"],
                school=school,
                data=form.application_data(get_language() or ""),
                documents=form.documents(),
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.render(form, school)
        # The receipt is the answer itself, not a redirect to it: a parent's browser asks once, not
        # twice. Sending the form again (a reload, a retry) gives this number again (the request id).
        title = _("Your application is registered")
        if request.htmx:
            # Sent by htmx: the receipt alone replaces the form, and the page's title out of band.
            return HttpResponse(
                format_html('<h1 class="h4 mb-3" id="public-title" hx-swap-oob="true">{}</h1>\n', title)
                + receipt_html(application)
            )
        ctx = self.get_context_data(application=application, title=title, receipt=receipt_html(application))
        return render(request, "admissions/public/receipt.html", ctx)

    def render(self, form, school, status=200):
        if self.request.htmx:  # the form with its errors replaces the form sent by htmx
            ctx = {"form": form, "school": school}
            return render(self.request, "admissions/public/_apply_form.html", ctx, status=status)
        ctx = self.get_context_data(form=form, school=school, title=_("Application to the first grade"))
        return render(self.request, self.template_name, ctx, status=status)


class StatusView(PublicView):
    """ADM-3: status and history by number and child's IIN; a wrong pair reads like a missing one."""

    template_name = "admissions/public/status.html"

    def get(self, request, *args, **kwargs):
        return self.render(StatusForm())

    def post(self, request, *args, **kwargs):
        form = StatusForm(request.POST)
        if flooded(request, "status"):
            form.is_valid()
            form.add_error(None, TOO_MANY)
            return self.render(form, status=429)
        if not form.is_valid():
            return self.render(form)
        application = application_lookup(form.cleaned_data["number"], form.cleaned_data["child_iin"])
        if application is None:
            form.add_error(None, NOT_FOUND)
            return self.render(form)
        message = None
        if request.POST.get("action") == "withdraw":
            try:
                application = application_withdraw(application=application)
                message = _("The application is cancelled.")
            except OperationError as error:
                form.add_error(None, str(error))
        return self.render(form, application=application, message=message)

    def render(self, form, application=None, message=None, status=200):
        ctx = self.get_context_data(form=form, title=_("Check the status of an application"))
        if application is not None:
            ctx.update(
                application=application,
                changes=list(application.status_changes.all()),
                can_withdraw=application.status == Status.SUBMITTED,
                message=message,
            )
        return render(self.request, self.template_name, ctx, status=status)
