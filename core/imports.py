"""What every Excel import shares (CON-1, STF-1, ORG-8): the row limit, checked before the file is read;
columns found by their header in any of the portal's languages; one django-import-export resource
whose row import checks the row with the pages' forms and writes it through the app's service with
the acting user; all rows or none."""

import datetime
import io
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import resources
from import_export.formats.base_formats import XLSX

from core.services import OperationError

IMPORT_ROW_LIMIT = 2000


def check_row_limit(content, limit=IMPORT_ROW_LIMIT):
    """Refuses a workbook whose first sheet has more than `limit` rows after the header, without
    reading it all: the sheet's declared size when it says more, and at most limit + 2 rows read
    whatever it says (a file may declare a smaller size than it has)."""
    from openpyxl import load_workbook

    source = io.BytesIO(content) if isinstance(content, bytes) else content
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001  (a broken workbook is the user's input)
        raise OperationError(_("The file could not be read as an Excel workbook.")) from error
    try:
        ws = wb.worksheets[0]
        declared = ws.max_row or 0
        if declared - 1 > limit:
            rows = declared
        else:  # the rows themselves, not the declared size: forget it, read at most limit + 2 rows
            ws.reset_dimensions()
            rows = sum(1 for _row in islice(ws.iter_rows(), limit + 2))
    finally:
        wb.close()
    if hasattr(source, "seek"):
        source.seek(0)
    if rows - 1 > limit:
        raise OperationError(_("Import at most %(limit)s rows at a time.") % {"limit": limit})


def header_key(text):
    return " ".join(str(text or "").replace("*", " ").split()).casefold()


def cell_text(value):
    """A cell as the text a form reads: dates in ISO, whole numbers without '.0', nothing as ''."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def column_keys(headers, columns, required):
    """The key of each header, read in any of the portal's languages or as the key itself, in any
    order: a file whose columns were swapped puts no first name into the last name (CON-1). A missing
    required column is refused with its name."""
    from django.conf import settings
    from django.utils import translation

    known = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for key, label in columns:
                known.setdefault(header_key(label), key)
    for key, _label in columns:
        known.setdefault(header_key(key), key)
    keys = [known.get(header_key(h)) for h in headers]
    missing = [str(label) for key, label in columns if key in required and key not in keys]
    if missing:
        raise OperationError(_("The file has no columns: %(columns)s.") % {"columns": ", ".join(missing)})
    return keys


class ServiceImportResource(resources.ModelResource):
    """A row is read by its headers, checked by `check_row(data, line)` (the pages' forms; it returns
    what `write` needs or raises ValidationError) and written by `write(checked)`, which calls the
    app's service with the acting user (DESIGN rule 4). A subclass gives Meta.model, `columns`
    [(key, label)], `required`, `check_row` and `write`."""

    columns = ()
    required = ()

    class Meta:
        fields = ()
        skip_diff = True
        use_transactions = True

    def __init__(self, school, acting_user):
        super().__init__()
        self.school = school
        self.acting_user = acting_user
        self._keys = []
        self._dataset = None
        self._current = None

    def before_import(self, dataset, **kwargs):
        self._dataset = dataset
        try:
            self._keys = column_keys(dataset.headers or [], self.columns, self.required)
        except OperationError as error:
            raise ValidationError(str(error)) from error

    def row_data(self, values):
        data = dict.fromkeys((key for key, _label in self.columns), "")
        for key, value in zip(self._keys, values, strict=False):
            if key:
                data[key] = cell_text(value).strip()
        return data

    def before_import_row(self, row, **kwargs):
        # the values by position (the row's dict would merge two columns with the same header)
        number = kwargs["row_number"]
        self._current = None
        self._current = self.check_row(self.row_data(self._dataset[number - 1]), number + 1)

    def check_row(self, data, line):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def write(self, checked):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def get_or_init_instance(self, instance_loader, row):
        return self._meta.model(), True

    def import_instance(self, instance, row, **kwargs):
        return None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        return None

    def save_instance(self, instance, is_create, row, **kwargs):
        """The row is written by the service, as every write is (DESIGN rule 4); a refusal is the
        row's error, and the row's savepoint keeps the other rows' transaction usable."""
        try:
            with transaction.atomic():
                saved = self.write(self._current)
        except OperationError as error:
            raise ValidationError(str(error)) from error
        instance.pk = saved.pk


def form_errors(form, prefix=""):
    """A form's errors as one ValidationError of '<label>: <message>' lines (a row's errors)."""
    return [
        f"{prefix}{form.fields[field].label}: {message}" if field in form.fields else f"{prefix}{message}"
        for field, messages in form.errors.items()
        for message in messages
    ]


def _error_text(error):
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error)


def run_import(resource_class, school, acting_user, content, dry_run):
    """Returns (headers, rows, ok): rows = [(line, values, errors)], line 0 for the file's own error,
    else the sheet's line. Nothing is kept unless every row is valid (and `dry_run` is False)."""
    try:
        check_row_limit(content)
    except OperationError as error:
        return [], [(0, [], [str(error)])], False
    try:
        dataset = XLSX().create_dataset(content)
    except Exception:  # noqa: BLE001  (a broken workbook of any kind)
        return [], [(0, [], [_("The file could not be read as an Excel workbook.")])], False
    for index in reversed(range(len(dataset))):  # a blank line between rows is no row
        if not any(cell_text(v).strip() for v in dataset[index]):
            del dataset[index]
    headers = list(dataset.headers or [])
    problems = {}
    with transaction.atomic():
        result = resource_class(school, acting_user).import_data(
            dataset, dry_run=True, use_transactions=True, rollback_on_validation_errors=True
        )
        for err in result.base_errors:
            problems.setdefault(0, []).append(_error_text(err.error))
        for number, errors in result.row_errors():
            problems.setdefault(number + 1, []).extend(_error_text(e.error) for e in errors)
        for invalid in result.invalid_rows:
            problems.setdefault(invalid.number + 1, []).extend(invalid.error.messages)
        ok = not problems and len(dataset) > 0
        if ok and not dry_run:
            final = resource_class(school, acting_user).import_data(
                dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
            )
            ok = not final.has_errors() and not final.has_validation_errors()
            if not ok:
                transaction.set_rollback(True)
    rows = [(0, [], problems[0])] if 0 in problems else []
    rows += [(line, list(values), problems.get(line, [])) for line, values in enumerate(dataset, start=2)]
    return headers, rows, ok
