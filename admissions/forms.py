"""Forms of the admission: the public application and status check, the school's decisions, quotas,
the address register and transfers. Choices are scoped by the school given in __init__ (DESIGN rule 3)."""

import functools
import re
import uuid

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from admissions.models import Category, DocumentKind, Parity, RefusalReason, Street
from admissions.services import birth_and_sex_from_id, first_grade_classes
from contingent.models import SchoolClass
from core.forms import PortalForm
from core.models import School
from core.validators import validate_iin, validate_kg_pin, validate_name

MAX_DOCUMENTS_BYTES = 5 * 1024 * 1024
PHONE_RE = re.compile(r"^\+?[0-9]{10,12}$")
UPLOADED_KINDS = [
    DocumentKind.HEALTH_065,
    DocumentKind.HEALTH_026,
    DocumentKind.PHOTO,
    DocumentKind.PMPK,
    DocumentKind.RESIDENCE,
    DocumentKind.QUOTA,
]


def validate_id_number(value, country):
    if country == "KG":
        validate_kg_pin(value)
    else:
        validate_iin(value)


class IdNumberField(forms.CharField):
    """An IIN (12 digits, KZ) or a PIN (14 digits, KG): checked in the form once the school's country is known."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 14)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9 ]*"})

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(" ", "") if value else value


class StreetField(forms.ModelChoiceField):
    """The address's street, one of the school's district. The street the view has read already with
    the school (services.public_school, the same filter as the choices) is taken as it is; any other
    value is looked up among the choices as usual."""

    known = None

    def to_python(self, value):
        known = self.known
        if known is not None and isinstance(value, str) and value.strip() == str(known.pk):
            return known
        return super().to_python(value)


@functools.lru_cache(maxsize=1024)
def district_streets(district_id):
    """The streets of a district with their settlements: a queryset built once per district and never
    evaluated itself (a ModelChoiceField takes a clone of the queryset it is given). Building the
    filter cost ~0.15 ms of every submission of opening day."""
    return Street.objects.filter(locality__district_id=district_id).select_related("locality")


class LazyLayoutHelper(FormHelper):
    """A crispy helper whose layout is built the first time it is read (when the form is shown): a
    submission that is only checked never builds it."""

    def __init__(self, build):
        super().__init__()
        self._build, self._layout = build, None

    @property
    def layout(self):
        if self._layout is None:
            self._layout = self._build()
        return self._layout

    @layout.setter
    def layout(self, value):
        self._layout = value


class ApplicationForm(PortalForm):
    """ADM-1: the parent's application, one column for a phone."""

    request_id = forms.UUIDField(widget=forms.HiddenInput)  # the idempotency key
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.RESIDENCE)
    child_iin = IdNumberField(label=_("Child's IIN"))
    child_last_name = forms.CharField(
        label=_("Child's last name"), max_length=100, validators=[validate_name]
    )
    child_first_name = forms.CharField(
        label=_("Child's first name"), max_length=100, validators=[validate_name]
    )
    child_patronymic = forms.CharField(
        label=_("Child's patronymic"), max_length=100, validators=[validate_name], required=False
    )
    child_birth_date = forms.DateField(
        label=_("Child's date of birth"), required=False, help_text=_("Read from the IIN when left empty.")
    )
    street = StreetField(label=_("Street"), queryset=Street.objects.none())
    house = forms.CharField(label=_("House"), max_length=20)
    flat = forms.CharField(label=_("Flat"), max_length=20, required=False)
    parent_iin = IdNumberField(label=_("Parent's IIN"))
    parent_last_name = forms.CharField(
        label=_("Parent's last name"), max_length=100, validators=[validate_name]
    )
    parent_first_name = forms.CharField(
        label=_("Parent's first name"), max_length=100, validators=[validate_name]
    )
    parent_patronymic = forms.CharField(
        label=_("Parent's patronymic"), max_length=100, validators=[validate_name], required=False
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that the school stores and processes my and my child's personal data for the admission."
        )
    )

    def __init__(self, *args, school, street=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            try:
                uuid.UUID(str(self.data.get("request_id", "")))
            except ValueError:
                # A missing or broken key: this submission gets a new one (the child's one active
                # application per year still keeps duplicates out).
                self.data = self.data.copy()
                self.data["request_id"] = str(uuid.uuid4())
        self.school = school
        self.fields["street"].queryset = district_streets(school.district_id)
        self.fields["street"].known = street
        if not self.is_bound:
            self.initial.setdefault("request_id", uuid.uuid4())

    # The layout serves only to show the form: built when it is shown, not for every submission.
    @property
    def helper(self):
        return self._helper

    @helper.setter
    def helper(self, value):
        lazy = LazyLayoutHelper(self.layout)
        lazy.__dict__.update({k: v for k, v in vars(value).items() if k != "layout"})
        self._helper = lazy

    def layout(self):
        from crispy_forms.layout import HTML, Fieldset, Layout

        return Layout(
            "request_id",
            Fieldset(
                _("Child"),
                "category",
                "child_iin",
                "child_last_name",
                "child_first_name",
                "child_patronymic",
                "child_birth_date",
            ),
            Fieldset(_("Address"), "street", "house", "flat"),
            Fieldset(
                _("Parent"),
                "parent_iin",
                "parent_last_name",
                "parent_first_name",
                "parent_patronymic",
                "phone",
                "email",
            ),
            Fieldset(_("Documents (PDF, JPEG or PNG; 5 MB in all)"), *[f"doc_{k}" for k in UPLOADED_KINDS]),
            HTML("<hr>"),
            "consent",
        )

    def clean_phone(self):
        phone = re.sub(r"[\s()\-]", "", self.cleaned_data["phone"])
        if not PHONE_RE.match(phone):
            raise ValidationError(_("Enter the mobile number with its code, for example +7 701 234 56 78."))
        return phone

    def _check_id(self, name):
        value = self.cleaned_data.get(name)
        if value:
            try:
                validate_id_number(value, self.school.country)
            except ValidationError as error:
                self.add_error(name, error)
                return None
        return value

    def clean(self):
        data = super().clean()
        child_iin = self._check_id("child_iin")
        parent_iin = self._check_id("parent_iin")
        if child_iin and parent_iin and child_iin == parent_iin:
            self.add_error("parent_iin", _("The parent's IIN is the child's IIN."))
        if child_iin:
            born, sex = birth_and_sex_from_id(child_iin, self.school.country)
            typed = data.get("child_birth_date")
            if born and typed and typed != born:
                self.add_error(
                    "child_birth_date",
                    _("The IIN gives another date of birth (%(date)s).")
                    % {"date": born.strftime("%d.%m.%Y")},
                )
            elif not born:
                self.add_error("child_iin", _("The IIN does not contain a valid date of birth."))
            else:
                data["child_birth_date"] = born
                data["child_sex"] = sex or ""
                if not sex:
                    self.add_error("child_iin", _("The IIN does not contain the child's sex."))
        total = sum(f.size for f in self.documents_files())
        if total > MAX_DOCUMENTS_BYTES:
            raise ValidationError(
                _("The documents take %(size)s MB together; the limit is 5 MB in all.")
                % {"size": round(total / 1024 / 1024, 1)}
            )
        return data

    def documents_files(self):
        return [f for kind in UPLOADED_KINDS if (f := self.cleaned_data.get(f"doc_{kind}"))]

    def documents(self):
        return [(kind, f) for kind in UPLOADED_KINDS if (f := self.cleaned_data.get(f"doc_{kind}"))]

    def application_data(self, language=""):
        d = self.cleaned_data
        fields = (
            "category child_iin child_last_name child_first_name child_patronymic child_birth_date child_sex "
            "street house flat parent_iin parent_last_name parent_first_name parent_patronymic phone email"
        ).split()
        return {**{f: d.get(f, "") for f in fields}, "consent_at": timezone.now(), "language": language[:5]}


# One optional upload a kind of document (the shared rules add the scan check and accepted types).
for _kind in UPLOADED_KINDS:
    ApplicationForm.base_fields[f"doc_{_kind}"] = forms.FileField(
        label=DocumentKind(_kind).label, required=False
    )


class SchoolSearchForm(PortalForm):
    """ADM-2: which school serves this address."""

    street = forms.ModelChoiceField(
        label=_("Street"),
        queryset=Street.objects.select_related("locality").order_by("locality__name_ru", "name_ru"),
    )
    house = forms.CharField(label=_("House"), max_length=20)


class StatusForm(PortalForm):
    """ADM-3: the application's number and the child's IIN."""

    number = forms.CharField(
        label=_("Application No."), max_length=12, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    child_iin = IdNumberField(label=_("Child's IIN"))


class ConfirmForm(PortalForm):
    to_class = forms.ModelChoiceField(label=_("First-grade class"), queryset=SchoolClass.objects.none())
    order_number = forms.CharField(label=_("Order No."), max_length=30)
    order_date = forms.DateField(label=_("Order date"))

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_class"].queryset = first_grade_classes(school)
        self.initial.setdefault("order_date", timezone.localdate())


class RefuseForm(PortalForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=RefusalReason.choices)
    text = forms.CharField(label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class QuotaForm(PortalForm):
    year = forms.IntegerField(label=_("Admission year"), min_value=2000, max_value=2100)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    places = forms.IntegerField(label=_("Places"), min_value=0, max_value=10000)


class CatchmentRangeForm(PortalForm):
    locality = forms.CharField(label=_("Settlement"), max_length=255)
    street = forms.CharField(label=_("Street"), max_length=200)
    number_from = forms.IntegerField(label=_("From house No."), min_value=1, max_value=99999, required=False)
    number_to = forms.IntegerField(label=_("To house No."), min_value=1, max_value=99999, required=False)
    parity = forms.ChoiceField(label=_("Houses"), choices=Parity.choices)

    def clean(self):
        data = super().clean()
        a, b = data.get("number_from"), data.get("number_to")
        if a and b and a > b:
            self.add_error("number_to", _("The first house number must not exceed the last."))
        return data


class ImportForm(PortalForm):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].validators = []  # a workbook, not a scan: checked below and by openpyxl
        self.fields["file"].widget.attrs["accept"] = ".xlsx"

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Upload an .xlsx file."))
        if f.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(_("The file is too large."))
        return f


class TransferRequestForm(PortalForm):
    to_school = forms.ModelChoiceField(label=_("Receiving school"), queryset=School.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args, student, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_school"].queryset = School.objects.exclude(pk=student.school_id).filter(
            district__region__country=student.school.country
        )


class TransferAcceptForm(PortalForm):
    to_class = forms.ModelChoiceField(label=_("Class"), queryset=SchoolClass.objects.none())
    order_number = forms.CharField(label=_("Enrolment order No."), max_length=30)
    order_date = forms.DateField(label=_("Enrolment order date"))

    def __init__(self, *args, transfer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_class"].queryset = SchoolClass.objects.filter(
            school=transfer.to_school, is_active=True, parallel=transfer.parallel
        ).select_related("academic_year")
        self.initial.setdefault("order_date", timezone.localdate())


class TransferRefuseForm(PortalForm):
    text = forms.CharField(label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class TransferReleaseForm(PortalForm):
    order_number = forms.CharField(label=_("Order No. (leaving)"), max_length=30)
    order_date = forms.DateField(label=_("Order date"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("order_date", timezone.localdate())
