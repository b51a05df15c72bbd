"""Hypothesis drives the range receipt form (DESIGN "Tests"): whatever the clerk types, the page answers
with the form and its messages or with the registered blanks, never with an error, and a refusal saves
nothing."""

import datetime

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.services import OperationError
from strict_forms.models import Blank, BlankReceipt
from strict_forms.services import parse_numbers

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
digits = st.from_regex(r"[0-9]{1,5}", fullmatch=True)
ranges = st.builds(
    lambda a, dash, b: f"{a}{dash}{b}", digits, st.sampled_from(["-", " - ", "–", "—"]), digits
)
dates = st.one_of(
    st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 1, 1)).map(str), texts
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(numbers=st.one_of(digits, ranges, texts), series=st.one_of(st.just(""), texts), received_on=dates)
def test_the_range_receipt_form_answers_any_input_and_saves_all_or_nothing(
    cast, login, attestat_kind, numbers, series, received_on
):
    """covers BLK-1"""
    client = login(cast.records_clerk)
    before = Blank.objects.count()
    response = client.post(
        reverse("strict_forms:blank_receive"),
        {"kind": attestat_kind.pk, "numbers": numbers, "series": series, "received_on": received_on},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors
        assert Blank.objects.count() == before
        return
    receipt = BlankReceipt.objects.latest("id")
    expected = parse_numbers(numbers)  # the form accepted it, so the parser did too
    assert receipt.count == len(expected) == Blank.objects.count() - before
    assert sorted(receipt.blanks.values_list("number", flat=True)) == expected
    assert receipt.received_on <= datetime.date.today()
    assert receipt.series == receipt.series.strip()


def test_the_parser_refuses_what_it_cannot_read(db):
    """covers BLK-1"""
    for text in ("", "12a", "1-", "-1", "12-1", "001-01", "1-2000"):
        try:
            parse_numbers(text)
        except OperationError:
            continue
        raise AssertionError(text)
