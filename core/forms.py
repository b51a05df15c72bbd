"""Form base classes: crispy layout, trimmed values, required fields marked, shared validators (ORG-8)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.files import validate_scan
from core.models import AcademicYear, Order, Period, School
from core.services import SCHOOL_ASSIGNABLE_ROLES
from core.validators import (
    LINE_LIMIT,
    TEXT_LIMIT,
    validate_iin,
    validate_name,
    validate_plain_text,
    validate_plausible_date,
)

NAME_FIELDS = {"last_name", "first_name", "patronymic"}
ROLE_CHOICES = [(r.value, r.label) for r in SCHOOL_ASSIGNABLE_ROLES]
# The name of a year or a period is its title ("название"), not a person's name ("имя").
TITLE = pgettext_lazy("name of a thing", "name")


def _trimming(to_python):
    """A choice's value is text too: trimmed like a typed one before it is looked up (ORG-8)."""

    def trimmed(value):
        if isinstance(value, str):
            value = value.strip()
        elif isinstance(value, (list, tuple)):
            value = [v.strip() if isinstance(v, str) else v for v in value]
        return to_python(value)

    return trimmed


class PortalFormMixin:
    """Trims every text value, applies the name and text rules, and gives a crispy helper.

    Values are trimmed before validation (ORG-8 "no leading or trailing spaces"): the user sees
    the clean value, not a rejection for an invisible space."""

    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            # An e-mail and a UUID are CharFields whose values are not free text.
            if isinstance(field, forms.CharField) and not isinstance(
                field, (forms.EmailField, forms.UUIDField)
            ):
                field.strip = True
                if name in NAME_FIELDS and validate_name not in field.validators:
                    field.validators.append(validate_name)
                elif (
                    not isinstance(field.widget, (forms.PasswordInput,))
                    and name not in NAME_FIELDS
                    and validate_plain_text not in field.validators
                ):
                    field.validators.append(validate_plain_text)
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                field.to_python = _trimming(field.to_python)
            if (
                isinstance(field, forms.CharField)
                and not isinstance(field, forms.UUIDField)
                and field.max_length is None
            ):
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


class ExcelFileForm(PortalForm):
    """The upload of an import (CON-1, STF-1): an .xlsx of at most 5 MB, checked by its first bytes."""

    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].validators = []  # not a scan: checked below as a workbook
        self.fields["file"].widget.attrs["accept"] = ".xlsx"

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Upload an Excel file (.xlsx)."), code="file_type")
        if f.size > 5 * 1024 * 1024:
            raise ValidationError(_("The file is too large; the limit is 5 MB."), code="file_size")
        head = f.read(4)
        f.seek(0)
        if head != b"PK\x03\x04":
            raise ValidationError(_("The file is not an Excel workbook."), code="file_content")
        return f


class RoleForm(PortalForm):
    role = forms.ChoiceField(label=_("role"), choices=ROLE_CHOICES)
    valid_from = forms.DateField(label=_("valid from"), required=False)
    valid_to = forms.DateField(label=_("valid to"), required=False)

    def __init__(self, *args, roles=ROLE_CHOICES, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("The end of the period cannot be before its start."))
        return data


class NewUserForm(PortalForm):
    last_name = forms.CharField(label=_("last name"), max_length=100)
    first_name = forms.CharField(label=_("first name"), max_length=100)
    patronymic = forms.CharField(label=_("patronymic"), max_length=100, required=False)
    iin = IINField(required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, roles=ROLE_CHOICES, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = roles


class SchoolForm(PortalModelForm):
    class Meta:
        model = School
        fields = [
            "name_kk",
            "name_ru",
            "name_en",
            "kind",
            "ownership_form",
            "bin",
            "address",
            "settlement",
            "settlement_type",
            "director_name",
            "phone",
            "email",
            "website",
            "licence_number",
            "licence_date",
            "accreditation_number",
            "accreditation_date",
            "languages",
            "shifts",
            "six_day_week",
            "design_capacity",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Fieldset(_("Name and status"), "name_kk", "name_ru", "name_en", "kind", "ownership_form", "bin"),
            Fieldset(
                _("Address and contacts"),
                "address",
                "settlement",
                "settlement_type",
                "director_name",
                "phone",
                "email",
                "website",
            ),
            Fieldset(
                _("Licence and accreditation"),
                "licence_number",
                "licence_date",
                "accreditation_number",
                "accreditation_date",
            ),
            Fieldset(_("Organisation of studies"), "languages", "shifts", "six_day_week", "design_capacity"),
        )


class GeneralOrderForm(PortalModelForm):
    class Meta:
        model = Order
        fields = ["number", "date", "content", "scan"]


class OrderScanForm(PortalModelForm):
    class Meta:
        model = Order
        fields = ["scan"]
        # A plain file input: the "currently" link of the default widget points into private storage.
        widgets = {"scan": forms.FileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scan"].required = True
        self.fields["scan"].error_messages["required"] = _("Attach the scan of the order.")


class AcademicYearForm(PortalModelForm):
    class Meta:
        model = AcademicYear
        fields = ["name", "start", "end", "is_current"]
        labels = {"name": TITLE}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school

    def _get_validation_exclusions(self):
        # The service makes this year the only current one; the "one current year" rule is not the user's error.
        return super()._get_validation_exclusions() | {"is_current"}


class PeriodForm(PortalModelForm):
    class Meta:
        model = Period
        fields = ["kind", "name", "start", "end"]
        labels = {"name": TITLE}

    def __init__(self, *args, academic_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.academic_year = academic_year


def searched_select(form, name):
    """The <select> of a long list (hundreds of students) renders only the chosen option: the
    search box above it (search as you type) fills it with the matching ones. Validation still
    checks the whole scoped queryset."""
    field = form.fields[name]
    value = form.data.get(form.add_prefix(name)) if form.is_bound else form.initial.get(name)
    chosen = []
    if value and str(value).isdigit():
        chosen = [(obj.pk, field.label_from_instance(obj)) for obj in field.queryset.filter(pk=int(value))]
    field.widget.choices = [("", "---------"), *chosen]
