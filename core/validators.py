"""Shared field rules: identity numbers (DOMAIN.md 1) and the seed's text rules (ORG-8)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

IIN_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
IIN_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def iin_control_digit(first_eleven: str):
    """The two-pass mod-11 control digit of a Kazakhstan IIN/BIN, or None when none exists."""
    digits = [int(c) for c in first_eleven]
    remainder = sum(d * w for d, w in zip(digits, IIN_WEIGHTS_1, strict=True)) % 11
    if remainder == 10:
        remainder = sum(d * w for d, w in zip(digits, IIN_WEIGHTS_2, strict=True)) % 11
    return None if remainder == 10 else remainder


def validate_iin(value):
    """Hard rules only: 12 digits and the checksum. Date and sex digits are never grounds to reject."""
    value = (value or "").strip()
    if not re.fullmatch(r"[0-9]{12}", value):
        raise ValidationError(_("An IIN consists of exactly 12 digits."), code="iin_format")
    control = iin_control_digit(value[:11])
    if control is None or control != int(value[11]):
        raise ValidationError(
            _("The IIN control digit does not match: check the number."), code="iin_checksum"
        )


def iin_warnings(value, birth_date=None, sex=None):
    """Soft checks that never reject (DOMAIN.md 1.1): returns translated warnings."""
    warnings = []
    if not value or len(value) != 12 or not value.isdigit():
        return warnings
    century_sex = int(value[6])
    if century_sex not in range(1, 7):
        warnings.append(_("The 7th digit of the IIN is not 1-6; please double-check the number."))
        return warnings
    century = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}[century_sex]
    try:
        derived = datetime.date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        warnings.append(_("The first six digits of the IIN are not a date; please double-check the number."))
        return warnings
    if birth_date and derived != birth_date:
        warnings.append(
            _("The IIN suggests another date of birth (%(date)s).") % {"date": derived.strftime("%d.%m.%Y")}
        )
    derived_sex = "m" if century_sex % 2 == 1 else "f"
    if sex and sex != derived_sex:
        warnings.append(_("The IIN suggests the other sex."))
    return warnings


def iin_birth_date_and_sex(value):
    """(date of birth, sex) read from a Kazakhstan IIN (DOMAIN.md 1.1), or (None, None) where it tells none."""
    if not value or len(value) != 12 or not value.isdigit() or int(value[6]) not in range(1, 7):
        return None, None
    century_sex = int(value[6])
    century = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}[century_sex]
    try:
        born = datetime.date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        born = None
    return born, ("m" if century_sex % 2 == 1 else "f")


def validate_kg_pin(value):
    """Kyrgyz personal identification number: 14 digits (no public checksum, DOMAIN.md 1.2)."""
    value = (value or "").strip()
    if not re.fullmatch(r"[0-9]{14}", value):
        raise ValidationError(_("A Kyrgyz PIN consists of exactly 14 digits."), code="pin_format")


NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '’\-.][^\W\d_]+)*\.?$")
TEXT_RE = re.compile(r"^[\w\s\"'’«»,.;:!?()№#%+\-–—/\\&@*=<>\[\]]*$")


def validate_name(value):
    """Names: letters with single spaces, hyphens, apostrophes or dots between them (ORG-8)."""
    if value and not NAME_RE.match(value):
        raise ValidationError(
            _("Use letters only, with a hyphen, apostrophe or a single space between parts of the name."),
            code="name_chars",
        )


def validate_plain_text(value):
    """Free text: letters, digits and the usual punctuation; no control characters (ORG-8)."""
    if value and (not TEXT_RE.match(value) or any(ord(c) < 32 and c not in "\r\n\t" for c in value)):
        raise ValidationError(_("Use letters, digits and the usual punctuation only."), code="text_chars")


def validate_not_future(value):
    from django.utils import timezone

    if value and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future_date")


# Every text has a sane length (ORG-8): a CharField's is its max_length; a TextField gets TEXT_LIMIT
# as max_length (the form's limit) and `text_length_constraint` (the database's).
TEXT_LIMIT = 2000
LINE_LIMIT = 255


def text_length_constraint(field, name, limit=TEXT_LIMIT):
    from django.db.models import CheckConstraint
    from django.db.models.functions import Length
    from django.db.models.lookups import LessThanOrEqual

    return CheckConstraint(
        condition=LessThanOrEqual(Length(field), limit),
        name=name,
        violation_error_message=_("The text is too long."),
    )


# Every date has a plausible range (ORG-8): no birth in year 1, no hiring in 9999.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


def _date_range_message():
    return _("Enter a date between %(start)s and %(end)s.") % {
        "start": EARLIEST_DATE.strftime("%d.%m.%Y"),
        "end": LATEST_DATE.strftime("%d.%m.%Y"),
    }


def plausible_date_constraint(field, name):
    """The same range as a database rule (ORG-8): a date written past the forms is refused too."""
    from django.db.models import CheckConstraint, Q

    return CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__range": (EARLIEST_DATE, LATEST_DATE)}),
        name=name,
        violation_error_message=lazy(_date_range_message, str)(),  # in the language of the request
    )


def validate_plausible_date(value):
    if value is not None and not (EARLIEST_DATE <= value <= LATEST_DATE):
        raise ValidationError(_date_range_message(), code="implausible_date")
