"""What the views of this area share: the operation page of core, given the current school."""

from core.views.base import OperationFormView as CoreOperationFormView


class OperationFormView(CoreOperationFormView):
    """core's operation page; the form is given the current school (DESIGN rule 3)."""

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"school": self.request.school}
