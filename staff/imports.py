"""Loading staff from an Excel file (STF-1): columns by their header, every row checked by the import's
form, then written by the hiring service with the acting user; all rows or none."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from core.imports import ServiceImportResource, form_errors
from core.models import Sex
from staff.forms import EmployeeRowForm
from staff.models import Employee, QualificationCategory, StaffGroup
from staff.positions import CATALOGUE

# column key -> header shown in the template (the user's language); any language's header is read
COLUMNS = [(name, field.label) for name, field in EmployeeRowForm.base_fields.items()]
REQUIRED = tuple(name for name, field in EmployeeRowForm.base_fields.items() if field.required)
PERSON_FIELDS = ("last_name", "first_name", "patronymic", "iin", "birth_date", "sex", "phone", "email")
EMPLOYMENT_FIELDS = ("position", "structural_unit", "hired_on", "contract_number", "qualification_category")


def _choice_by_label(value, choices):
    """'f', 'F' or the label in the user's language ('ж', 'женский') all name the same choice."""
    text = str(value or "").strip().lower()
    for key, label in choices:
        if text in (str(key).lower(), str(label).lower()):
            return key
    return value


class EmployeeImportResource(ServiceImportResource):
    """A row is a person and her personal file at the school, without a login and without an order:
    the hiring happened before the portal (its order is on paper)."""

    columns = COLUMNS
    required = REQUIRED

    class Meta:
        model = Employee

    def __init__(self, school, acting_user):
        super().__init__(school, acting_user)
        self._iins = {}

    def check_row(self, data, line):
        data["sex"] = _choice_by_label(data["sex"], Sex.choices)
        data["qualification_category"] = _choice_by_label(
            data["qualification_category"], QualificationCategory.choices
        )
        form = EmployeeRowForm(data=data)
        errors = [] if form.is_valid() else form_errors(form)
        iin = form.cleaned_data.get("iin") if not errors else data["iin"]
        if iin:
            if iin in self._iins:
                errors.append(gettext("The IIN repeats the one in row %(row)s.") % {"row": self._iins[iin]})
            self._iins.setdefault(iin, line)
        if errors:
            raise ValidationError(errors)
        return form.cleaned_data

    def write(self, checked):
        from staff.services import employee_hire

        employee, _user, _password = employee_hire(
            acting_user=self.acting_user,
            school=self.school,
            person={field: checked[field] for field in PERSON_FIELDS},
            employment={field: checked[field] for field in EMPLOYMENT_FIELDS}
            | {"staff_group": dict(CATALOGUE).get(checked["position"], StaffGroup.TEACHING)},
            create_login=False,
            with_order=False,
        )
        return employee


def template_rows():
    return [str(label) for _key, label in COLUMNS]
