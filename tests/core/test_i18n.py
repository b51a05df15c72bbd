"""Every project string is translated into kk, ru and ky; seed messages keep the seed's words (ORG-6)."""

import subprocess
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["kk", "ru", "ky"])
def test_the_catalogue_has_no_untranslated_or_fuzzy_messages(language):
    """covers ORG-6"""
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_djangos_own_form_messages_are_kazakh_too():
    """covers ORG-6: Django's kk catalogue lacks these; the project supplies them."""
    with translation.override("kk"):
        assert gettext("Enter a valid date.") != "Enter a valid date."
        assert gettext("This field is required.") != "This field is required."


@pytest.mark.parametrize(
    ("msgid", "russian"),
    [
        ("The teacher already leads a class", "У учителя классное руководство уже имеется"),
        (
            "A blank with this number of this kind already exists.",
            "Бланк с таким номером этого типа уже существует",
        ),
        ("Without a class", "Без класса"),
        ("Book of student movement", "Книга движения учащихся"),
    ],
)
def test_the_seeds_exact_words_are_shown_in_russian_and_translated_elsewhere(msgid, russian):
    """covers ORG-6 CON-3 BLK-1 CON-12"""
    with translation.override("ru"):
        assert gettext(msgid) == russian
    for language in ("kk", "ky"):
        with translation.override(language):
            assert gettext(msgid) not in (msgid, russian)
