"""What the views of this area share: a form page that calls a service and shows its refusal beside
the field, nothing saved."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import FormView

from core.services import OperationError
from core.views.base import PermissionMixin


class OperationFormView(PermissionMixin, FormView):
    """A form whose valid data goes to a service; an OperationError goes back beside `error_field`."""

    template_name = "core/form_page.html"
    error_field = None
    title = ""
    submit_label = None
    cancel_url = None

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"school": self.request.school}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title
        ctx["submit_label"] = self.submit_label
        ctx["cancel_url"] = self.get_cancel_url()
        ctx["breadcrumbs"] = self.get_breadcrumbs()
        return ctx

    def get_cancel_url(self):
        return self.cancel_url

    def get_breadcrumbs(self):
        return [(self.title, None)]

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except OperationError as error:
            form.add_error(self.error_field, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message(result))
        return redirect(self.success_url_for(result))

    def perform(self, form):
        raise NotImplementedError

    def success_message(self, result):
        return ""

    def success_url_for(self, result):
        return self.get_success_url()
