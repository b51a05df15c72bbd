"""Forms of the personal file and its operations. The school always comes from the view, never from POST."""

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import IINField, PortalForm, PortalModelForm
from core.models import Sex
from core.models.roles import SCHOOL_STAFF_ROLES, Role
from core.validators import iin_birth_date_and_sex, validate_not_future
from staff.models import (
    AttestationConclusion,
    Award,
    CourseKind,
    Education,
    Employee,
    IdDocumentType,
    LeaveType,
    MaritalStatus,
    QualificationCategory,
    StaffGroup,
    WorkRecord,
)
from staff.positions import position_choices
from staff.services import HIRABLE_ROLES


class StaffForm(PortalForm):
    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end cannot be before the start."))
        return data


class StaffModelForm(PortalModelForm):
    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end cannot be before the start."))
        return data


ROLE_CHOICES = [(r.value, r.label) for r in HIRABLE_ROLES]


class HireForm(StaffForm):
    """Hiring (STF-2): personal data, identity document, contract, position, address, consent (ORG-5).

    The login and the roles are optional: a cleaner or a nurse is hired without one. The date of
    birth and the sex may be left empty when the IIN is given: they are read from it."""

    last_name = forms.CharField(label=_("last name"), max_length=100)
    first_name = forms.CharField(label=_("first name"), max_length=100)
    patronymic = forms.CharField(label=_("patronymic"), max_length=100, required=False)
    iin = IINField()
    birth_date = forms.DateField(
        label=_("date of birth"),
        validators=[validate_not_future],
        required=False,
        help_text=_("Filled from the IIN when left empty."),
    )
    sex = forms.ChoiceField(
        label=_("sex"),
        choices=[("", "---------"), *Sex.choices],
        required=False,
        help_text=_("Filled from the IIN when left empty."),
    )
    email = forms.EmailField(label=_("e-mail"), required=False)
    phone = forms.CharField(label=_("phone"), max_length=50, required=False)
    address = forms.CharField(label=_("place of residence"), max_length=255)
    id_document_type = forms.ChoiceField(
        label=_("identity document"), choices=[("", "---------"), *IdDocumentType.choices], required=False
    )
    id_document_number = forms.CharField(label=_("document number"), max_length=30, required=False)
    id_document_issued_by = forms.CharField(label=_("issued by"), max_length=255, required=False)
    id_document_issued_on = forms.DateField(
        label=_("date of issue"), required=False, validators=[validate_not_future]
    )
    contract_number = forms.CharField(label=_("contract number"), max_length=50)
    contract_date = forms.DateField(label=_("contract date"))
    position = forms.ChoiceField(label=_("position"), choices=())
    structural_unit = forms.CharField(label=_("structural unit"), max_length=255, required=False)
    staff_group = forms.ChoiceField(label=_("staff group"), choices=StaffGroup.choices)
    rate = forms.DecimalField(label=_("rate (staff units)"), min_value=0.25, max_value=2, initial=1)
    hired_on = forms.DateField(label=_("date of hiring"))
    class_guidance_allowed = forms.BooleanField(label=_("class guidance allowed"), required=False)
    create_login = forms.BooleanField(
        label=_("give a login to the portal"),
        required=False,
        initial=True,
        help_text=_("Leave it off for staff who do not work in the portal (a cleaner, a cook, a nurse)."),
    )
    roles = forms.MultipleChoiceField(
        label=_("roles in the portal"),
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=[Role.TEACHER],
        required=False,
    )
    consent_given_on = forms.DateField(
        label=_("date of written consent to personal-data processing"), validators=[validate_not_future]
    )
    consent_scan = forms.FileField(label=_("scan of the written consent"), required=False)

    PERSON_FIELDS = (
        "last_name",
        "first_name",
        "patronymic",
        "iin",
        "birth_date",
        "sex",
        "email",
        "phone",
        "address",
    )

    def __init__(self, *args, roles=None, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        if roles is not None:  # only the roles the acting user may give are offered
            self.fields["roles"].choices = [(r.value, r.label) for r in roles]
        self.fields["position"].choices = position_choices(school)
        self.fields["iin"].widget.attrs["data-iin-fills"] = "birth_date sex"
        self.helper.layout = Layout(
            Fieldset(_("Personal data"), "last_name", "first_name", "patronymic", "iin", "birth_date", "sex"),
            Fieldset(_("Contacts"), "email", "phone", "address"),
            Fieldset(
                _("Identity document"),
                "id_document_type",
                "id_document_number",
                "id_document_issued_by",
                "id_document_issued_on",
            ),
            Fieldset(
                _("Employment"),
                "contract_number",
                "contract_date",
                "position",
                "structural_unit",
                "staff_group",
                "rate",
                "hired_on",
                "class_guidance_allowed",
            ),
            Fieldset(_("Portal"), "create_login", "roles"),
            Fieldset(_("Consent to personal-data processing"), "consent_given_on", "consent_scan"),
        )

    def clean(self):
        data = super().clean()
        derived_birth, derived_sex = iin_birth_date_and_sex(data.get("iin"))
        if not data.get("birth_date") and "birth_date" not in self.errors:
            if derived_birth:
                data["birth_date"] = derived_birth
            else:
                self.add_error("birth_date", _("Enter the date of birth: the IIN does not give it."))
        if not data.get("sex") and "sex" not in self.errors:
            if derived_sex:
                data["sex"] = derived_sex
            else:
                self.add_error("sex", _("Choose the sex: the IIN does not give it."))
        if data.get("roles") and not data.get("create_login"):
            self.add_error(
                "roles", _('Roles need a login: tick "give a login to the portal" or clear the roles.')
            )
        return data

    def person_data(self):
        return {k: self.cleaned_data[k] for k in self.PERSON_FIELDS}

    def employment_data(self):
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in self.PERSON_FIELDS and k not in ("roles", "consent_scan", "create_login")
        }
        if self.cleaned_data.get("consent_scan"):
            data["consent_scan"] = self.cleaned_data["consent_scan"]
        return data


class PersonalForm(StaffForm):
    """The Personal section (STF-3): the person's data and the file's personal fields."""

    last_name = forms.CharField(label=_("last name"), max_length=100)
    first_name = forms.CharField(label=_("first name"), max_length=100)
    patronymic = forms.CharField(label=_("patronymic"), max_length=100, required=False)
    iin = IINField(required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    birth_date = forms.DateField(label=_("date of birth"), validators=[validate_not_future])
    sex = forms.ChoiceField(label=_("sex"), choices=[("", "---------"), *Sex.choices])
    marital_status = forms.ChoiceField(
        label=_("marital status"), choices=MaritalStatus.choices, required=False
    )
    nationality = forms.CharField(label=_("nationality"), max_length=100, required=False)
    position = forms.CharField(label=_("position"), max_length=255)
    structural_unit = forms.CharField(label=_("structural unit"), max_length=255, required=False)
    staff_group = forms.ChoiceField(label=_("staff group"), choices=StaffGroup.choices)
    rate = forms.DecimalField(label=_("rate (staff units)"), min_value=0.25, max_value=2)

    PERSON_FIELDS = ("last_name", "first_name", "patronymic", "iin", "email", "birth_date", "sex")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Fieldset(_("Personal data"), *self.PERSON_FIELDS, "marital_status", "nationality"),
            Fieldset(_("Employment"), "position", "structural_unit", "staff_group", "rate"),
        )

    @classmethod
    def initial_for(cls, employee):
        p = employee.person
        return {f: getattr(p, f) for f in cls.PERSON_FIELDS} | {
            f: getattr(employee, f)
            for f in ("marital_status", "nationality", "position", "structural_unit", "staff_group", "rate")
        }


class ContactsForm(StaffForm):
    phone = forms.CharField(label=_("phone"), max_length=50, required=False)
    work_phone = forms.CharField(label=_("work phone"), max_length=50, required=False)
    address = forms.CharField(label=_("place of residence"), max_length=255)
    registered_address = forms.CharField(label=_("address of registration"), max_length=255, required=False)

    PERSON_FIELDS = ("phone", "address")

    @classmethod
    def initial_for(cls, employee):
        p = employee.person
        return {"phone": p.phone, "address": p.address} | {
            f: getattr(employee, f) for f in ("work_phone", "registered_address")
        }


class DocumentsForm(StaffModelForm):
    class Meta:
        model = Employee
        fields = [
            "id_document_type",
            "id_document_number",
            "id_document_issued_by",
            "id_document_issued_on",
            "id_document_valid_until",
            "contract_number",
            "contract_date",
        ]


class GuidanceForm(StaffModelForm):
    class Meta:
        model = Employee
        fields = ["class_guidance_allowed"]


class EmployeeConsentForm(StaffModelForm):
    """ORG-5: the written consent to the processing of personal data."""

    class Meta:
        model = Employee
        fields = ["consent_given_on", "consent_scan"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_given_on"].required = True
        self.fields["consent_given_on"].validators.append(validate_not_future)


class EducationForm(StaffModelForm):
    class Meta:
        model = Education
        fields = ["level", "institution", "speciality", "qualification", "graduation_year", "diploma_number"]


class WorkRecordForm(StaffModelForm):
    class Meta:
        model = WorkRecord
        fields = ["position", "structural_unit", "start", "end", "weekly_hours", "subjects", "language"]


class AwardForm(StaffModelForm):
    class Meta:
        model = Award
        fields = ["kind", "name", "date", "document", "issued_by"]


class LeaveForm(StaffForm):
    leave_type = forms.ChoiceField(
        label=_("type of leave"), choices=LeaveType.choices, initial=LeaveType.ANNUAL
    )
    start = forms.DateField(label=_("from"))
    end = forms.DateField(label=_("to (inclusive)"))


class TimeOffForm(StaffForm):
    start = forms.DateField(label=_("from"))
    end = forms.DateField(label=_("to (inclusive)"), required=False, help_text=_("Empty: one day."))

    def clean(self):
        data = super().clean()
        if data.get("start") and not data.get("end"):
            data["end"] = data["start"]
        return data


class SickLeaveForm(StaffForm):
    scan = forms.FileField(label=_("scan of the sick-leave certificate"), required=False)
    illness = forms.CharField(label=_("illness"), max_length=255, required=False)
    diagnosis = forms.CharField(label=_("diagnosis"), max_length=255)
    start = forms.DateField(label=_("released from work from"))
    end = forms.DateField(label=_("to (inclusive)"))


class RecallForm(StaffForm):
    recalled_on = forms.DateField(label=_("date of recall"), initial=timezone.localdate)
    reason = forms.CharField(label=_("reason"), max_length=255, required=False)


class DismissForm(StaffForm):
    remove_roles = forms.MultipleChoiceField(
        label=_("roles to remove"), widget=forms.CheckboxSelectMultiple, required=False
    )
    reason = forms.CharField(label=_("reason"), max_length=255, initial=_("Dismissal"))
    date = forms.DateField(label=_("date"))

    def __init__(self, *args, assignments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_roles"].choices = [
            (
                str(a.pk),
                a.get_role_display()
                + (
                    f" ({a.valid_from:%d.%m.%Y} - {a.valid_to:%d.%m.%Y})"
                    if a.valid_to and a.valid_from
                    else ""
                ),
            )
            for a in assignments
        ]
        # the staff roles go with the dismissal; a parent's role at the same school stays unless ticked
        self.fields["remove_roles"].initial = [str(a.pk) for a in assignments if a.role in SCHOOL_STAFF_ROLES]


class DelegationForm(StaffForm):
    role = forms.ChoiceField(label=_("duties (role)"))
    delegate = forms.ModelChoiceField(label=_("delegate"), queryset=Employee.objects.none())
    valid_from = forms.DateField(label=_("from"))
    valid_to = forms.DateField(label=_("to (inclusive)"))

    def __init__(self, *args, employee, roles, has_login=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
        if not roles:  # STF-7: say why the list is empty
            self.fields["role"].help_text = (
                _("This employee has no login to the portal, so she holds no duties in it to delegate.")
                if not has_login
                else _("This employee holds no permanent role at this school to delegate.")
            )
        self.fields["delegate"].queryset = (
            Employee.objects.current()
            .filter(school=employee.school)
            .exclude(pk=employee.pk)
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "pk")
        )
        # people of the same name told apart by position and year of birth
        self.fields["delegate"].label_from_instance = lambda e: "{} ({}{})".format(
            e.person.full_name,
            e.position,
            f", {e.person.birth_date.year}" if e.person.birth_date else "",
        )

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("The end cannot be before the start."))
        return data


class CourseForm(StaffForm):
    """A planned course (STF-8): employee*, course name*, direction, period*, place, type, description."""

    employee = forms.ModelChoiceField(label=_("employee"), queryset=Employee.objects.none())
    name = forms.CharField(label=_("course name"), max_length=255)
    direction = forms.CharField(label=_("course direction"), max_length=255, required=False)
    start = forms.DateField(label=_("course start"))
    end = forms.DateField(label=_("course end"))
    place = forms.CharField(label=_("place of the course"), max_length=255, required=False)
    kind = forms.ChoiceField(label=_("type"), choices=CourseKind.choices)
    description = forms.CharField(
        label=_("description of the course"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = (
            Employee.objects.current().filter(school=school).select_related("person")
        )


class CourseRequestForm(CourseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["employee"]


class CourseConfirmForm(StaffForm):
    certificate_number = forms.CharField(label=_("certificate number"), max_length=50)
    certificate_date = forms.DateField(label=_("date of issue"), validators=[validate_not_future])
    category = forms.ChoiceField(
        label=_("qualification category"), choices=QualificationCategory.choices, required=False
    )
    issued_by = forms.CharField(
        label=_("organisation that issued the document"), max_length=255, required=False
    )
    attestation_date = forms.DateField(
        label=_("date of attestation"), required=False, validators=[validate_not_future]
    )
    conclusion = forms.ChoiceField(
        label=_("conclusion of the attestation commission"),
        choices=AttestationConclusion.choices,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("conclusion") and not data.get("attestation_date"):
            self.add_error(
                "attestation_date", _("Enter the date of attestation for the conclusion of the commission.")
            )
        return data


class EmployeeRowForm(PortalForm):
    """One row of the staff import (STF-1), under the rules of every form (trimmed, names, text, dates);
    the labels are the template's headers."""

    last_name = forms.CharField(label=_("last name"), max_length=100)
    first_name = forms.CharField(label=_("first name"), max_length=100)
    patronymic = forms.CharField(label=_("patronymic"), max_length=100, required=False)
    iin = IINField(required=False)
    birth_date = forms.DateField(label=_("date of birth"), input_formats=["%d.%m.%Y", "%Y-%m-%d"])
    sex = forms.ChoiceField(label=_("sex"), choices=Sex.choices)
    position = forms.CharField(label=_("position"), max_length=255)
    structural_unit = forms.CharField(label=_("structural unit"), max_length=255, required=False)
    hired_on = forms.DateField(label=_("date of hiring"), input_formats=["%d.%m.%Y", "%Y-%m-%d"])
    contract_number = forms.CharField(label=_("contract number"), max_length=50, required=False)
    qualification_category = forms.ChoiceField(
        label=_("qualification category"), choices=QualificationCategory.choices, required=False
    )
    phone = forms.CharField(label=_("phone"), max_length=50, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)


class SeniorityForm(PortalForm):
    """STF-9: one employee's row of the seniority page: full years, 0 to 80."""

    employee = forms.IntegerField(widget=forms.HiddenInput)
    seniority_total = forms.IntegerField(label=_("total seniority, years"), min_value=0, max_value=80)
    seniority_teaching = forms.IntegerField(label=_("teaching seniority, years"), min_value=0, max_value=80)
    seniority_at_school = forms.IntegerField(
        label=_("seniority at this school, years"), min_value=0, max_value=80
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("seniority_total", "seniority_teaching", "seniority_at_school"):
            field = self.fields[name]
            field.widget.attrs.update(
                {"class": "form-control form-control-sm", "aria-label": str(field.label)}
            )

    def values(self):
        d = self.cleaned_data
        return d["seniority_total"], d["seniority_teaching"], d["seniority_at_school"]


class BaseSeniorityFormSet(forms.BaseFormSet):
    """The rows are the school's current staff, in the page's order; a row for anyone else is refused."""

    def __init__(self, *args, employees, **kwargs):
        self.employees = list(employees)
        kwargs.setdefault("initial", [{"employee": e.pk} for e in self.employees])
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if [form.cleaned_data.get("employee") for form in self.forms] != [e.pk for e in self.employees]:
            raise forms.ValidationError(_("The list of staff has changed; open the page again."))

    def values(self):
        return {form.cleaned_data["employee"]: form.values() for form in self.forms}

    def rows(self):
        return list(zip(self.forms, self.employees, strict=False))


SeniorityFormSet = forms.formset_factory(SeniorityForm, formset=BaseSeniorityFormSet, extra=0)
