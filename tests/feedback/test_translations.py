"""Issue 9: translations that keep the meaning. No two field labels of one form share a translation
in any language, and the staff import matches the columns of a template made in Kazakh or Kyrgyz."""

import importlib
import inspect

import pytest
from django import forms
from django.apps import apps
from django.utils import translation

LANGUAGES = ["kk", "ru", "ky", "en"]
APPS = ["core", "staff", "contingent", "strict_forms"]


def _form_classes():
    found = {}
    for app in APPS:
        for module_name in (f"{app}.forms", f"{app}.filters", f"{app}.imports"):
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            for name, obj in inspect.getmembers(module, inspect.isclass):
                if issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                    found[f"{module_name}.{name}"] = obj
            for name, obj in inspect.getmembers(module, inspect.isclass):
                base = getattr(obj, "base_filters", None)
                if base and obj.__module__ == module.__name__:
                    found[f"{module_name}.{name}"] = obj
    return found


def _labels(cls):
    if hasattr(cls, "base_fields"):
        return {name: field.label for name, field in cls.base_fields.items() if field.label}
    return {name: f.extra.get("label") for name, f in cls.base_filters.items() if f.extra.get("label")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_two_field_labels_of_one_form_share_a_translation(language):
    """covers ORG-6"""
    assert apps.ready
    clashes = []
    forms_found = _form_classes()
    assert len(forms_found) > 20
    with translation.override(language):
        for path, cls in forms_found.items():
            seen = {}
            for name, label in _labels(cls).items():
                msgid = label._proxy____args[0] if hasattr(label, "_proxy____args") else str(label)
                text = str(label).strip().lower()
                if text in seen and seen[text][1] != msgid:
                    clashes.append(f"{path}: {seen[text][0]} and {name} are both «{label}»")
                seen.setdefault(text, (name, msgid))
    assert not clashes, "\n".join(clashes)


@pytest.mark.parametrize("language", ["kk", "ky", "ru", "en"])
def test_the_staff_import_matches_every_column_of_a_template_in_the_language(db, language):
    """covers STF-2 ORG-6: the import reads back the template it gives, whatever the language"""
    from core.imports import column_keys
    from staff.imports import COLUMNS, REQUIRED, template_rows

    with translation.override(language):
        headers = template_rows()
        assert len({h.lower() for h in headers}) == len(headers)
    assert column_keys(headers, COLUMNS, REQUIRED) == [key for key, _label in COLUMNS]


@pytest.mark.parametrize("language", ["kk", "ky", "ru", "en"])
def test_the_student_import_matches_every_column_of_a_template_in_the_language(language):
    """covers CON-1 ORG-6: the students' template read back column by column, whatever the language"""
    from contingent.imports import COLUMNS, REQUIRED
    from core.imports import column_keys

    with translation.override(language):
        headers = [str(label) for _key, label in COLUMNS]
    assert column_keys(headers, COLUMNS, REQUIRED) == [key for key, _label in COLUMNS]


def test_the_reported_kazakh_and_kyrgyz_mistakes_are_gone():
    """covers ORG-6"""
    expected = {
        "kk": {"last name": "тегі", "Filter": "Сүзу", "patronymic": None},
        "ky": {"last name": "фамилиясы", "title": "аталышы", "active": "активдүү", "boys": "эркек балдар"},
    }
    for language, entries in expected.items():
        with translation.override(language):
            for msgid, wanted in entries.items():
                if wanted is not None:
                    assert translation.gettext(msgid) == wanted, (language, msgid)
            assert translation.gettext("last name") != translation.gettext("patronymic")
    with translation.override("ky"):
        assert "%(limit_value)dсимвол" not in translation.ngettext(
            "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
            5,
        )
        assert "жокко" not in translation.gettext("Password change successful")
