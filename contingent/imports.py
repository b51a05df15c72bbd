"""Import of students and their parents from an Excel file: every row checked first, then all or nothing."""

import datetime

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contingent.forms import GuardianForm, StudentRegisterForm
from contingent.services import guardian_add, student_register
from core.imports import check_row_limit
from core.services import OperationError

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


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _date(value):
    value = value.strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return value


REQUIRED = ("last_name", "first_name", "birth_date", "sex", "parallel", "admitted_on")


def _header_key(text):
    return " ".join(str(text or "").replace("*", " ").split()).casefold()


def column_keys(headers):
    """The columns are read by their header, in any of the portal's languages or by their key, in any
    order: a file whose columns were swapped puts no first name into the last name (CON-1)."""
    from django.conf import settings
    from django.utils import translation

    known = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for key, label in COLUMNS:
                known.setdefault(_header_key(label), key)
    for key, _label in COLUMNS:
        known.setdefault(_header_key(key), key)
    keys = [known.get(_header_key(h)) for h in headers]
    missing = [str(label) for key, label in COLUMNS if key in REQUIRED and key not in keys]
    if missing:
        raise OperationError(_("The file has no columns: %(columns)s.") % {"columns": ", ".join(missing)})
    return keys


def read_rows(uploaded):
    """Raw rows of the first sheet after the header row, as dicts of text values keyed by header."""
    from openpyxl import load_workbook

    check_row_limit(uploaded)
    try:
        wb = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as error:  # a broken workbook is the user's input, not our failure
        raise OperationError(_("The file could not be read as an Excel workbook.")) from error
    ws = wb.worksheets[0]
    lines = ws.iter_rows(values_only=True)
    try:
        keys = column_keys(next(lines, ()))
    except OperationError:
        wb.close()
        raise
    rows = []
    for values in lines:
        row = dict.fromkeys((c for c, _h in COLUMNS), "")
        for key, value in zip(keys, values, strict=False):
            if key:
                row[key] = _text(value)
        if not any(t.strip() for t in row.values()):
            continue
        rows.append(row)
    wb.close()
    return rows


def check_rows(rows, school):
    """Each row validated by the same forms as the pages; returns [(row, student_form, parent_form, errors)]."""
    checked, seen = [], {}
    for n, raw in enumerate(rows, start=2):
        data = dict(raw)
        data["sex"] = SEX.get(data["sex"].strip().casefold(), data["sex"])
        data["residency"] = "non_resident" if data["residency"].strip().casefold() in NO else "resident"
        data["birth_date"] = _date(data["birth_date"])
        data["admitted_on"] = _date(data["admitted_on"])
        student_form = StudentRegisterForm(data, school=school)
        errors = [f"{student_form.fields[f].label}: {' '.join(e)}" for f, e in student_form.errors.items()]
        parent_form = None
        if any(raw[k].strip() for k in raw if k.startswith("p_")):
            pdata = {k[2:]: v for k, v in raw.items() if k.startswith("p_")}
            pdata["relation"] = RELATION.get(pdata["relation"].strip().casefold(), "guardian")
            pdata["sex"] = SEX.get(pdata["sex"].strip().casefold(), pdata["sex"])
            pdata["birth_date"] = _date(pdata["birth_date"])
            parent_form = GuardianForm(pdata)
            errors += [
                f"{_('parent')}: {parent_form.fields[f].label}: {' '.join(e)}"
                for f, e in parent_form.errors.items()
            ]
        iin = data["iin"].strip()
        if iin:
            if iin in seen:
                errors.append(_("The IIN repeats the one in row %(row)s.") % {"row": seen[iin]})
            seen.setdefault(iin, n)
        checked.append(
            {"line": n, "raw": raw, "student": student_form, "parent": parent_form, "errors": errors}
        )
    return checked


@transaction.atomic
def students_import(*, acting_user, school, rows):
    """All rows or none: the first failure undoes every row already created."""
    checked = check_rows(rows, school)
    bad = [c for c in checked if c["errors"]]
    if bad:
        raise OperationError(_("%(count)s rows have errors; nothing was imported.") % {"count": len(bad)})
    created = []
    for c in checked:
        f = c["student"]
        d = f.cleaned_data
        try:
            student = student_register(
                acting_user=acting_user,
                school=school,
                parallel=d["parallel"],
                residency=d["residency"],
                admitted_on=d["admitted_on"],
                **f.person_data(),
            )
            if c["parent"] is not None:
                guardian_add(acting_user=acting_user, student=student, **c["parent"].guardian_data())
        except OperationError as error:
            raise OperationError(_("Row %(row)s: %(error)s") % {"row": c["line"], "error": error}) from error
        created.append(student)
    return created
