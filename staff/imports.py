"""Loading staff from an Excel file with django-import-export: every row checked, then all or nothing."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import resources

from core.forms import IINField, PortalFormMixin
from core.models import Person, Sex
from core.services import OperationError
from staff.models import Employee, EmployeeStatus, QualificationCategory, StaffGroup

# column key -> header shown in the template (the user's language); both are accepted on upload
COLUMNS = {
    "last_name": _("last name"),
    "first_name": _("first name"),
    "patronymic": _("patronymic"),
    "iin": _("IIN"),
    "birth_date": _("date of birth"),
    "sex": _("sex"),
    "position": _("position"),
    "structural_unit": _("structural unit"),
    "hired_on": _("date of hiring"),
    "contract_number": _("contract number"),
    "qualification_category": _("qualification category"),
    "phone": _("phone"),
    "email": _("e-mail"),
}
REQUIRED = ("last_name", "first_name", "birth_date", "sex", "position", "hired_on")


def _choice_by_label(choices):
    def convert(value):
        text = str(value or "").strip().lower()
        for key, label in choices:
            if text in (str(key).lower(), str(label).lower()):
                return key
        return value

    return convert


class ImportRowForm(PortalFormMixin, forms.Form):
    """One row of the staff import, under the rules of every form (trimmed, names, text, dates)."""

    last_name = forms.CharField(max_length=100)
    first_name = forms.CharField(max_length=100)
    patronymic = forms.CharField(max_length=100, required=False)
    iin = IINField(required=False)
    birth_date = forms.DateField(input_formats=["%d.%m.%Y", "%Y-%m-%d"])
    sex = forms.ChoiceField(choices=Sex.choices)
    position = forms.CharField(max_length=255)
    structural_unit = forms.CharField(max_length=255, required=False)
    hired_on = forms.DateField(input_formats=["%d.%m.%Y", "%Y-%m-%d"])
    contract_number = forms.CharField(max_length=50, required=False)
    qualification_category = forms.ChoiceField(choices=QualificationCategory.choices, required=False)
    phone = forms.CharField(max_length=50, required=False)
    email = forms.EmailField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.label = COLUMNS[name]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class EmployeeImportResource(resources.ModelResource):
    """A row is a person and her file at the school; no login and no order (existing staff records)."""

    class Meta:
        model = Employee
        fields = ()
        skip_diff = True
        use_transactions = True
        store_instance = True

    def __init__(self, school, acting_user):
        super().__init__()
        self.school = school
        self.acting_user = acting_user
        self._current = None

    def _key(self, header):
        text = str(header or "").strip().lower()
        for key, label in COLUMNS.items():
            if text in (key, str(label).lower()):
                return key
        return None

    def before_import(self, dataset, **kwargs):
        keys = [self._key(h) for h in dataset.headers]
        missing = [str(COLUMNS[k]) for k in REQUIRED if k not in keys]
        if missing:
            raise ValidationError(
                gettext("The file has no columns: %(columns)s.") % {"columns": ", ".join(missing)}
            )

    def before_import_row(self, row, **kwargs):
        data = {}
        for header, value in row.items():
            key = self._key(header)
            if key:
                data[key] = _cell(value)
        data["sex"] = _choice_by_label(Sex.choices)(data.get("sex"))
        data["qualification_category"] = _choice_by_label(QualificationCategory.choices)(
            data.get("qualification_category")
        )
        form = ImportRowForm(data=data)
        if not form.is_valid():
            raise ValidationError(
                {
                    field: [f"{form.fields[field].label}: {e}" if field in form.fields else e for e in errors]
                    for field, errors in form.errors.items()
                }
            )
        clean = form.cleaned_data
        if clean["iin"]:
            person = Person.objects.filter(iin=clean["iin"]).first()
            if (
                person
                and Employee.objects.filter(
                    school=self.school, person=person, status=EmployeeStatus.ACTIVE
                ).exists()
            ):
                raise ValidationError({"iin": [gettext("This person already works at this school.")]})
        self._current = clean

    def get_or_init_instance(self, instance_loader, row):
        return Employee(school=self.school), True

    def import_instance(self, instance, row, **kwargs):
        d = self._current
        instance.position = d["position"]
        instance.structural_unit = d["structural_unit"]
        instance.hired_on = d["hired_on"]
        instance.contract_number = d["contract_number"]
        instance.qualification_category = d["qualification_category"]
        instance.staff_group = StaffGroup.TEACHING

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        return None

    def save_instance(self, instance, is_create, row, **kwargs):
        """The row is written by the service, as every write is (STF-10, DESIGN rule 4)."""
        from staff.services import employee_import

        d = self._current
        person_fields = ("last_name", "first_name", "patronymic", "birth_date", "sex", "phone", "email")
        employment_fields = ("position", "structural_unit", "hired_on", "contract_number")
        try:
            saved = employee_import(
                acting_user=self.acting_user,
                school=self.school,
                person={"iin": d["iin"] or None, **{f: d[f] for f in person_fields}},
                employment={
                    **{f: d[f] for f in employment_fields},
                    "qualification_category": d["qualification_category"],
                    "staff_group": StaffGroup.TEACHING,
                },
            )
        except OperationError as error:
            raise ValidationError(str(error)) from error
        instance.pk, instance.person = saved.pk, saved.person


def template_rows():
    return [str(label) for label in COLUMNS.values()]
