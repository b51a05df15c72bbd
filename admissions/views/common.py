"""What the school's admission pages share: an operation page on one scoped object."""

from contingent.views.common import OperationView


class AdmissionOperationView(OperationView):
    """Form + service + message + redirect (DESIGN rule 6) on an application or a transfer."""

    template_name = "admissions/operation_form.html"

    def breadcrumbs(self):
        from django.urls import reverse

        from admissions.views.sections import SECTIONS_TITLE

        return [
            (SECTIONS_TITLE, reverse("admissions:home")),
            (str(self.object), self.object.get_absolute_url()),
            (self.title, None),
        ]
