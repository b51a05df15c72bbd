"""A list filter's inputs are written in one pass (core.templatetags.portal.filter_field): the same
HTML as Django's widget templates give, for every kind of input a filter uses."""

import datetime

import pytest
from django import forms
from django.test.html import parse_html

from core.templatetags import portal


class FilterForm(forms.Form):
    q = forms.CharField(
        required=False, max_length=50, widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"})
    )
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100, help_text="a year")
    date_from = forms.DateField(required=True, widget=forms.DateInput(attrs={"type": "date"}))
    email = forms.EmailField(required=False, disabled=True)
    archived = forms.BooleanField(required=False)
    direction = forms.CharField(required=False, widget=forms.HiddenInput)
    odd = forms.CharField(required=False, widget=forms.TextInput(attrs={"data-x": None, "data-flag": True}))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": 'Іляс <b>"&', "year": "2026", "date_from": "2026-09-01", "archived": "on", "direction": "in"},
        {"q": "x" * 60, "year": "1999", "date_from": "not a date"},  # with errors
    ],
)
def test_each_input_is_written_as_django_writes_it(data):
    """covers CON-11"""
    form = FilterForm(data, initial={"date_from": datetime.date(2026, 9, 1)})
    form.is_valid()
    for field in form:
        widget = field.field.widget
        css = "form-control" + (" is-invalid" if field.errors else "")
        assert widget.template_name in portal._PLAIN_INPUTS
        assert parse_html(portal._input_html(field, css)) == parse_html(
            field.as_widget(attrs={"class": css})
        ), field.name


def test_the_filter_field_tag_writes_label_input_and_errors():
    """covers CON-11"""
    form = FilterForm({"q": "x" * 60, "date_from": "2026-09-01"})
    form.is_valid()
    html = portal.filter_field(form["q"])
    assert parse_html(html) == parse_html(
        '<label class="form-label" for="id_q">Q</label>'
        + form["q"].as_widget(attrs={"class": "form-control is-invalid"})
        + "".join(f'<div class="invalid-feedback d-block">{e}</div>' for e in form["q"].errors)
    )
