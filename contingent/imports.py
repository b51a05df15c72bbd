"""Import of students and their parents from an Excel file (CON-1, CON-5): columns by their header,
every row checked by the pages' forms, then written by the registration and guardian services with
the acting user; all rows or none."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contingent.forms import GuardianForm, StudentRegisterForm
from contingent.models import Student
from contingent.services import guardian_add, student_register
from core.imports import ServiceImportResource, form_errors

COLUMNS = [
    ("last_name", format_lazy("{} *", gettext_lazy("last name"))),
    ("first_name", format_lazy("{} *", gettext_lazy("first name"))),
    ("patronymic", gettext_lazy("patronymic")),
    ("birth_date", format_lazy("{} *", gettext_lazy("date of birth"))),
    ("sex", format_lazy("{} *", gettext_lazy("sex (m/f)"))),
    ("residency", gettext_lazy("resident (yes/no)")),
    ("iin", gettext_lazy("IIN")),
    ("parallel", format_lazy("{} *", gettext_lazy("parallel"))),
    ("admitted_on", format_lazy("{} *", gettext_lazy("date of admission"))),
    ("p_relation", gettext_lazy("parent: relation (mother/father/guardian)")),
    ("p_last_name", gettext_lazy("parent: last name")),
    ("p_first_name", gettext_lazy("parent: first name")),
    ("p_patronymic", gettext_lazy("parent: patronymic")),
    ("p_iin", gettext_lazy("parent: IIN")),
    ("p_birth_date", gettext_lazy("parent: date of birth")),
    ("p_sex", gettext_lazy("parent: sex (m/f)")),
    ("p_phone", gettext_lazy("parent: phone")),
    ("p_email", gettext_lazy("parent: e-mail")),
]
SEX = {
    "м": "m",
    "m": "m",
    "муж": "m",
    "ер": "m",
    "male": "m",
    "ж": "f",
    "f": "f",
    "жен": "f",
    "female": "f",
    "әйел": "f",
    "эркек": "m",
    "аял": "f",
}
RELATION = {
    "мать": "mother",
    "mother": "mother",
    "ана": "mother",
    "отец": "father",
    "father": "father",
    "әке": "father",
    "апа": "mother",
    "ата": "father",
}
NO = {"нет", "no", "жоқ", "жок", "0", "false", "не резидент", "non-resident", "n"}


def _date(value):
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return value


REQUIRED = ("last_name", "first_name", "birth_date", "sex", "parallel", "admitted_on")


class StudentImportResource(ServiceImportResource):
    """A row is a student registered into "Without a class" (student_register) and, when its parent
    columns are filled, his parent or guardian (guardian_add)."""

    columns = COLUMNS
    required = REQUIRED

    class Meta:
        model = Student

    def __init__(self, school, acting_user):
        super().__init__(school, acting_user)
        self._iins = {}

    def check_row(self, data, line):
        raw = dict(data)
        data["sex"] = SEX.get(data["sex"].casefold(), data["sex"])
        data["residency"] = "non_resident" if data["residency"].casefold() in NO else "resident"
        data["birth_date"] = _date(data["birth_date"])
        data["admitted_on"] = _date(data["admitted_on"])
        student = StudentRegisterForm(data, school=self.school)
        errors = [] if student.is_valid() else form_errors(student)
        parent = None
        if any(raw[k] for k in raw if k.startswith("p_")):
            pdata = {k[2:]: v for k, v in raw.items() if k.startswith("p_")}
            pdata["relation"] = RELATION.get(pdata["relation"].casefold(), "guardian")
            pdata["sex"] = SEX.get(pdata["sex"].casefold(), pdata["sex"])
            pdata["birth_date"] = _date(pdata["birth_date"])
            parent = GuardianForm(pdata)
            if not parent.is_valid():
                errors += form_errors(parent, prefix=f"{_('parent')}: ")
        if data["iin"]:
            if data["iin"] in self._iins:
                errors.append(_("The IIN repeats the one in row %(row)s.") % {"row": self._iins[data["iin"]]})
            self._iins.setdefault(data["iin"], line)
        if errors:
            raise ValidationError(errors)
        return student, parent

    def write(self, checked):
        student_form, parent_form = checked
        d = student_form.cleaned_data
        student = student_register(
            acting_user=self.acting_user,
            school=self.school,
            parallel=d["parallel"],
            residency=d["residency"],
            admitted_on=d["admitted_on"],
            **student_form.person_data(),
        )
        if parent_form is not None:
            guardian_add(acting_user=self.acting_user, student=student, **parent_form.guardian_data())
        return student
