"""Form base classes: crispy layout, trimmed values, required fields marked, shared validators (ORG-8)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core.files import validate_scan
from core.validators import (
    LINE_LIMIT,
    TEXT_LIMIT,
    validate_iin,
    validate_name,
    validate_plain_text,
    validate_plausible_date,
)

NAME_FIELDS = {"last_name", "first_name", "patronymic"}


class PortalFormMixin:
    """Trims every text value, applies the name and text rules, and gives a crispy helper.

    Values are trimmed before validation (ORG-8 "no leading or trailing spaces"): the user sees
    the clean value, not a rejection for an invisible space."""

    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and not isinstance(field, forms.EmailField):
                field.strip = True
                if name in NAME_FIELDS and validate_name not in field.validators:
                    field.validators.append(validate_name)
                elif (
                    not isinstance(field.widget, (forms.PasswordInput,))
                    and name not in NAME_FIELDS
                    and getattr(field, "apply_text_rule", True)
                    and validate_plain_text not in field.validators
                ):
                    field.validators.append(validate_plain_text)
            if isinstance(field, forms.CharField) and not isinstance(field, forms.UUIDField) and field.max_length is None:
                # ORG-8: every text has a limit, in the form as in the database
                limit = TEXT_LIMIT if isinstance(field.widget, forms.Textarea) else LINE_LIMIT
                field.max_length = limit
                field.validators.append(MaxLengthValidator(limit))
                field.widget.attrs.setdefault("maxlength", str(limit))
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
                _plausible_date_last(field)
            if isinstance(field, forms.FileField) and validate_scan not in field.validators:
                field.validators.append(validate_scan)
                field.widget.attrs.setdefault("accept", ".pdf,.jpg,.jpeg,.png")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


def _plausible_date_last(field):
    """The shared 1900-2100 rule (ORG-8) is the fallback of every date field: it answers only when the
    field's own validators accept the value, so a narrower rule's message ("cannot be in the future")
    is the one the user reads, never both."""
    if getattr(field, "plausible_date_last", False):
        return
    own = field.run_validators

    def run_validators(value):
        own(value)
        if value not in field.empty_values:
            validate_plausible_date(value)

    field.run_validators = run_validators
    field.plausible_date_last = True


class PortalForm(PortalFormMixin, forms.Form):
    pass


class PortalModelForm(PortalFormMixin, forms.ModelForm):
    """Fields the view sets on the instance (never from POST) still take part in the database
    constraints' validation, so a clash is a message beside the form, not a server error."""

    context_fields = ("school", "academic_year", "author", "kind")

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        for name in self.context_fields:
            field = next((f for f in self.instance._meta.fields if f.name == name), None)
            if (
                name in exclude
                and field is not None
                and getattr(self.instance, field.attname, None) is not None
            ):
                exclude.discard(name)
        return exclude


class IINField(forms.CharField):
    default_validators = [validate_iin]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("label", _("IIN"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9]{12}", "autocomplete": "off"})

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(" ", "") if value else value


def submit_button(label=None):
    return Submit("submit", label or _("Save"), css_class="btn btn-primary")
