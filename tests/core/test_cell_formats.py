"""List cells write dates as Django's formats do, in every language (core.tables.format_date)."""

import datetime

import pytest
from django.utils import formats, translation

from core.links import url_for_pk
from core.tables import format_date


@pytest.mark.parametrize("language", ["kk", "ru", "ky", "en"])
@pytest.mark.parametrize("setting", ["SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT"])
def test_a_cell_writes_a_date_in_the_users_local_format(language, setting):
    """covers ORG-6"""
    moment = datetime.datetime(2015, 3, 4, 7, 5)
    with translation.override(language):
        assert format_date(moment, setting) == formats.date_format(moment, setting)
        assert format_date(moment.date(), "SHORT_DATE_FORMAT") == formats.date_format(
            moment.date(), "SHORT_DATE_FORMAT"
        )


def test_a_rows_link_is_the_url_django_reverses():
    from django.urls import reverse

    for pk in (1, 90, 918273645, 10**12):
        assert url_for_pk("contingent:student_detail", pk) == reverse("contingent:student_detail", args=[pk])
