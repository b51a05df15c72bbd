"""What every view stands on: a declared permission, school scoping, the list pattern, exports."""

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, View

from core.access import log_access
from core.permissions import has_permission
from core.services import OperationError


def permission_required(perm):
    """Function-view form of `permission_required`: checks the permission at the current school."""

    def decorator(view):
        def wrapped(request, *args, **kwargs):
            if not has_permission(request.user, perm, getattr(request, "school", None)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.permission_required = perm
        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorator


class PermissionMixin:
    """Every page names the permission it needs; it is checked at the current school, or at the
    school of the object a detail page shows."""

    permission_required = None

    def get_permission_school(self):
        return getattr(self.request, "school", None)

    def dispatch(self, request, *args, **kwargs):
        if self.permission_required is None:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no permission_required")
        if request.user.is_authenticated and self.needs_school() and getattr(request, "school", None) is None:
            raise PermissionDenied(_("Choose a school first."))
        self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def needs_school(self):
        return True

    def check_permission(self, school=None):
        school = school if school is not None else self.get_permission_school()
        if not has_permission(self.request.user, self.permission_required, school):
            raise PermissionDenied


def with_current_school(request, obj):
    """`obj` holding the request's school object when it belongs to the current school (the usual
    case): its `school` is then read without a query or a join."""
    school = getattr(request, "school", None)
    if school is not None and getattr(obj, "school_id", None) == school.pk:
        obj.school = school
    return obj


class ScopedObjectMixin(PermissionMixin):
    """Details: another school's object is a 404 (visible_to), your school without the right is a 403."""

    def needs_school(self):
        return False

    def check_permission(self, school=None):
        # Checked against the object's own school once it is loaded, in get_object.
        return None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        if hasattr(self, "_object"):
            return self._object
        obj = with_current_school(
            self.request,
            get_object_or_404(
                queryset if queryset is not None else self.get_queryset(), pk=self.kwargs["pk"]
            ),
        )
        if not has_permission(self.request.user, self.permission_required, self.school_of(obj)):
            raise PermissionDenied
        self._object = obj
        return obj

    def school_of(self, obj):
        return obj.school

    def dispatch(self, request, *args, **kwargs):
        self.request = request
        self.kwargs = kwargs
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)


class PersonalDataDetailView(ScopedObjectMixin, DetailView):
    """A detail page of personal data: each view writes an access-log row (who, what, when)."""

    def get(self, request, *args, **kwargs):
        log_access(request, "view", self.object)
        return super().get(request, *args, **kwargs)


class OperationMixin:
    """What both operation views share: `perform` calls a service; `success_message` is a string or a
    callable of the service's result."""

    success_message = ""

    def perform(self, *args):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def get_success_message(self, result):
        message = self.success_message
        return message(result) if callable(message) else message


def _answer_success(request, result, message, redirect_to):
    """After a service succeeded: its message, then the page it returned (a password shown once) or
    the redirect to `redirect_to` (a URL, or a callable of the result)."""
    if message:
        messages.success(request, message)
    if isinstance(result, HttpResponseBase):
        return result
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


class OperationFormView(OperationMixin, PermissionMixin, FormView):
    """The one operation page (DESIGN rule 6): form, service, message, redirect.

    A subclass gives `perform(form)`, which calls a service; an OperationError is shown beside
    `error_field` (None: above the form) and nothing is saved. `perform` may return a response of its
    own; otherwise the page redirects to `success_url_for(result)`. staff, strict_forms and contingent
    pages stand on it (their bases only add how they find their object)."""

    template_name = "core/form_page.html"
    title = ""
    submit_label = None
    error_field = None
    cancel_url = None

    def success_url_for(self, result):
        return self.get_success_url()

    def get_cancel_url(self):
        return self.cancel_url

    def get_breadcrumbs(self):
        return [(self.title, None)]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.title)
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("submit_label", self.submit_label)
        ctx["cancel_url"] = self.get_cancel_url()
        ctx.setdefault("breadcrumbs", self.get_breadcrumbs())
        return ctx

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except OperationError as error:
            form.add_error(self.error_field, str(error))
            return self.form_invalid(form)
        return _answer_success(self.request, result, self.get_success_message(result), self.success_url_for)


def run(request, operation, success, redirect_to, *, refused_to=None, **kwargs):
    """The one way a POST calls a service and comes back with a message (DESIGN rule 6).

    Calls `operation(acting_user=request.user, **kwargs)` (a service: one transaction, DESIGN
    rule 4). A refusal (OperationError) is an error message in the user's language, nothing is saved
    and the browser goes to `refused_to` (by default `redirect_to`). A success shows `success` (none
    if empty) and goes to `redirect_to`. `success` and `redirect_to` may be callables of the
    service's result (`redirect_to` is called with None after a refusal when no `refused_to` is
    given). An operation that returns a response (a page shown once) is answered with it.
    Returns (result, response); result is None after a refusal."""
    try:
        result = operation(acting_user=request.user, **kwargs)
    except OperationError as error:
        messages.error(request, str(error))
        target = refused_to if refused_to is not None else redirect_to
        return None, redirect(target(None) if callable(target) else target)
    message = success(result) if callable(success) else success
    return result, _answer_success(request, result, message, redirect_to)


class OperationPostView(OperationMixin, PermissionMixin, View):
    """The one-button operation (a form of one button, no page of its own): POST only.

    A subclass gives `perform()`, which calls a service with `acting_user=self.request.user` (and
    `self.get_object()` when it acts on one object), `success_message` (a string, or a callable of
    the service's result) and `redirect_url` or `get_redirect_url(result)`; a refusal goes to
    `get_refused_url()` (by default the same place). `run` does the rest. `get_object()` looks the
    URL's pk up in `get_queryset()`, which the subclass confines to what the user may touch: another
    school's object is a 404. Put ScopedObjectMixin first to check the permission at the object's
    own school instead of the current one."""

    http_method_names = ["post"]
    redirect_url = None

    def get_queryset(self):
        raise ImproperlyConfigured(f"{type(self).__name__} defines no get_queryset")

    def get_object(self):
        if not hasattr(self, "object"):
            self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self.object

    def get_redirect_url(self, result):
        return self.redirect_url

    def get_refused_url(self):
        return self.get_redirect_url(None)

    def post(self, request, *args, **kwargs):
        return run(
            request,
            lambda acting_user: self.perform(),
            self.get_success_message,
            self.get_redirect_url,
            refused_to=lambda _result: self.get_refused_url(),
        )[1]


def options_response(rows):
    """The <option>s of a search as you type (the (value, label) rows), or "Nobody found"."""
    html = format_html_join("", '<option value="{}">{}</option>', rows)
    return HttpResponse(html or format_html('<option value="">{}</option>', _("Nobody found")))
