"""The address register (ADM-2): catchment ranges, houses claimed by two schools, Excel import."""

from django.db import transaction
from django.utils.translation import gettext as _

from admissions.models import CatchmentRange, Locality, Parity, Street
from core.permissions import Perm, has_permission
from core.services import OperationError

PARITY_WORDS = {
    "": Parity.ALL,
    "all": Parity.ALL,
    "все": Parity.ALL,
    "барлығы": Parity.ALL,
    "баары": Parity.ALL,
    "odd": Parity.ODD,
    "нечетные": Parity.ODD,
    "нечётные": Parity.ODD,
    "тақ": Parity.ODD,
    "так": Parity.ODD,
    "even": Parity.EVEN,
    "четные": Parity.EVEN,
    "чётные": Parity.EVEN,
    "жұп": Parity.EVEN,
    "жуп": Parity.EVEN,
}
IMPORT_COLUMNS = ("settlement", "street", "street_kk", "from", "to", "houses")


def conflicts(ranges):
    """For each given range, the other schools' ranges sharing a house with it: {range pk: [(range, house)]}.
    Reads every range of the streets concerned in one query."""
    ranges = list(ranges)
    street_ids = {r.street_id for r in ranges}
    others = list(CatchmentRange.objects.filter(street_id__in=street_ids).select_related("school"))
    found = {}
    for r in ranges:
        for o in others:
            if o.school_id == r.school_id or o.street_id != r.street_id:
                continue
            house = r.first_shared_house(o)
            if house is not None:
                found.setdefault(r.pk, []).append((o, house))
    return found


def _require(acting_user, school):
    if not has_permission(acting_user, Perm.ADMISSIONS_MANAGE, school):
        raise OperationError(_("You may not do this at this school."))


def _street(school, locality_name, street_name, street_kk=""):
    locality, _created = Locality.objects.get_or_create(
        district_id=school.district_id,
        name_ru=locality_name,
        defaults={"name_kk": locality_name, "name_en": ""},
    )
    street, _created = Street.objects.get_or_create(
        locality=locality, name_ru=street_name, defaults={"name_kk": street_kk or street_name}
    )
    return street


@transaction.atomic
def range_add(*, acting_user, school, locality, street, number_from, number_to, parity, street_kk=""):
    _require(acting_user, school)
    if number_from and number_to and number_from > number_to:
        raise OperationError(_("The first house number must not exceed the last."))
    street = _street(school, locality, street, street_kk)
    if CatchmentRange.objects.filter(
        school=school, street=street, number_from=number_from, number_to=number_to, parity=parity
    ).exists():
        raise OperationError(_("This range is already in the school's catchment area."))
    return CatchmentRange.objects.create(
        school=school, street=street, number_from=number_from, number_to=number_to, parity=parity
    )


@transaction.atomic
def range_delete(*, acting_user, catchment_range):
    _require(acting_user, catchment_range.school)
    catchment_range.delete()


def _int(value):
    if value in (None, ""):
        return None
    try:
        number = int(float(str(value).strip()))
    except ValueError as error:
        raise ValueError(_("not a house number: %(v)s") % {"v": value}) from error
    if number < 1 or number > 99999:
        raise ValueError(_("not a house number: %(v)s") % {"v": value})
    return number


def parse_rows(upload):
    """Rows of the workbook's first sheet (after the header row) as dicts, each with its errors."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:
        raise OperationError(_("The file cannot be read as an Excel workbook.")) from error
    sheet = wb.worksheets[0]
    rows = []
    for line, values in enumerate(sheet.iter_rows(min_row=2, max_row=5001, values_only=True), start=2):
        values = list(values or ()) + [None] * len(IMPORT_COLUMNS)
        if not any(v not in (None, "") for v in values[: len(IMPORT_COLUMNS)]):
            continue
        settlement, street, street_kk = (str(v or "").strip()[:200] for v in values[:3])
        row = {"line": line, "settlement": settlement, "street": street, "street_kk": street_kk, "errors": []}
        try:
            row["from"], row["to"] = _int(values[3]), _int(values[4])
        except ValueError as error:
            row["from"] = row["to"] = None
            row["errors"].append(str(error))
        parity = PARITY_WORDS.get(str(values[5] or "").strip().lower())
        if parity is None:
            row["errors"].append(_("houses: write all, odd or even"))
        row["parity"] = parity or Parity.ALL
        if not settlement or not street:
            row["errors"].append(_("the settlement and the street are required"))
        if row["from"] and row["to"] and row["from"] > row["to"]:
            row["errors"].append(_("the first house number exceeds the last"))
        rows.append(row)
    if not rows:
        raise OperationError(_("The file has no rows under the header."))
    return rows


def preview(school, rows):
    """Marks each row: its error, or the other school that already claims one of its houses."""
    for row in rows:
        row["claimed_by"] = []
        if row["errors"]:
            continue
        street = Street.objects.filter(
            locality__district_id=school.district_id,
            locality__name_ru=row["settlement"],
            name_ru=row["street"],
        ).first()
        if street is None:
            continue
        probe = CatchmentRange(
            school=school, street=street, number_from=row["from"], number_to=row["to"], parity=row["parity"]
        )
        for other in (
            CatchmentRange.objects.filter(street=street).exclude(school=school).select_related("school")
        ):
            house = probe.first_shared_house(other)
            if house is not None:
                row["claimed_by"].append(f"{other.school.name} ({_('house %(n)s') % {'n': house}})")
    return rows


@transaction.atomic
def import_rows(*, acting_user, school, rows):
    """Adds the valid rows to the school's catchment area in one transaction; returns the count added."""
    _require(acting_user, school)
    added = 0
    for row in rows:
        if row.get("errors"):
            continue
        street = _street(school, row["settlement"], row["street"], row.get("street_kk", ""))
        _obj, created = CatchmentRange.objects.get_or_create(
            school=school,
            street=street,
            number_from=row["from"],
            number_to=row["to"],
            parity=row["parity"],
        )
        added += created
    return added
