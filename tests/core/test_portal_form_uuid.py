"""The shared form rules (ORG-8) and a field whose value is a UUID, not text."""

import uuid

from django import forms

from core.forms import PortalForm


class KeyForm(PortalForm):
    key = forms.UUIDField()
    note = forms.CharField(required=False)


def test_a_uuid_field_is_left_alone_by_the_text_rules():
    """covers ORG-8: the length and character rules once made the admission form's request id a server error"""
    value = uuid.uuid4()
    form = KeyForm({"key": f" {value} ", "note": "Заметка"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["key"] == value
    broken = KeyForm({"key": "not-a-uuid"})
    assert not broken.is_valid() and list(broken.errors) == ["key"]
    assert form.fields["note"].max_length == 255  # text fields keep their limit
