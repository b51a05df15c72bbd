"""Identity numbers and field rules (DOMAIN.md 1, ORG-8)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from core.validators import (
    iin_control_digit,
    iin_warnings,
    validate_iin,
    validate_kg_pin,
    validate_name,
    validate_plain_text,
)
from tests.factories import make_iin


@pytest.mark.parametrize(
    "iin", ["150901600017", "880215300100", "051231600807", "940140000385", "990140004654"]
)
def test_the_iin_vectors_of_domain_1_1_are_valid(iin):
    """covers ORG-8: the worked examples of DOMAIN.md 1.1 pass (first and second pass)."""
    validate_iin(iin)


def test_a_wrong_control_digit_is_rejected():
    """covers ORG-8"""
    with pytest.raises(ValidationError) as error:
        validate_iin("150901600018")
    assert error.value.code == "iin_checksum"


def test_a_number_whose_both_passes_give_ten_has_no_valid_control_digit():
    """covers ORG-8: DOMAIN.md 1.1 step 5, treated as invalid."""
    assert iin_control_digit("15090160083") is None
    for last in "0123456789":
        with pytest.raises(ValidationError):
            validate_iin("15090160083" + last)


@pytest.mark.parametrize(
    "value", ["15090160001", "1509016000177", "15090160001a", "ИИН150901600", "", "1509 01600017"]
)
def test_wrong_lengths_letters_and_spaces_inside_are_rejected(value):
    """covers ORG-8"""
    with pytest.raises(ValidationError) as error:
        validate_iin(value)
    assert error.value.code == "iin_format"


def test_the_iin_message_is_in_the_users_language():
    """covers ORG-6 ORG-8"""
    messages = set()
    for lang in ("ru", "kk", "ky", "en"):
        with translation.override(lang):
            try:
                validate_iin("12345")
            except ValidationError as error:
                messages.add(error.messages[0])
    assert len(messages) == 4, messages


def test_date_and_sex_digits_only_warn_and_never_reject():
    """covers ORG-8: decree 853/2013, the person record is authoritative."""
    iin = make_iin(datetime.date(2015, 9, 1), "f", 60)
    validate_iin(iin)
    assert iin_warnings(iin, birth_date=datetime.date(2015, 9, 1), sex="f") == []
    assert iin_warnings(iin, birth_date=datetime.date(2016, 1, 1), sex="m")  # warnings, still valid
    body = "15090190001"  # 7th digit 9: still valid when the checksum holds
    control = iin_control_digit(body)
    if control is not None:
        validate_iin(body + str(control))
        assert iin_warnings(body + str(control))


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_any_eleven_digits_with_their_control_digit_are_valid_and_any_other_digit_is_not(body):
    """covers ORG-8"""
    control = iin_control_digit(body)
    for digit in range(10):
        if digit == control:
            validate_iin(f"{body}{digit}")
        else:
            with pytest.raises(ValidationError):
                validate_iin(f"{body}{digit}")


def test_a_kyrgyz_pin_is_fourteen_digits():
    """covers ORG-8"""
    validate_kg_pin("22003201512345")
    for bad in ("2200320151234", "2200320151234x", ""):
        with pytest.raises(ValidationError):
            validate_kg_pin(bad)


@pytest.mark.parametrize("name", ["Ахметова", "Жұмабек", "Сейіт-Әлі", "O'Brien", "Мария Анна", "Үмбетәлі"])
def test_names_of_letters_with_hyphen_apostrophe_or_space_are_accepted(name):
    """covers ORG-8"""
    validate_name(name)


@pytest.mark.parametrize("name", ["Иван0в", "Анна  Мария", "<script>", "Ким_", "-Ким", "Ким!"])
def test_names_with_digits_symbols_or_double_spaces_are_rejected(name):
    """covers ORG-8"""
    with pytest.raises(ValidationError):
        validate_name(name)


def test_free_text_rejects_control_characters():
    """covers ORG-8"""
    validate_plain_text("Приказ №15-к «О приёме», п. 2.")
    with pytest.raises(ValidationError):
        validate_plain_text("text\x00with null")
