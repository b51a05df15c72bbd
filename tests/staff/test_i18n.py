"""The staff app's strings reach the catalogues: makemessages extracts only calls by the names it knows."""

import ast
import io
from pathlib import Path

from django.urls import reverse
from django.utils import translation

import staff

# the names xgettext is told about by makemessages (an alias such as `_g` is never extracted)
EXTRACTED_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


def test_staff_code_calls_gettext_only_by_names_makemessages_extracts():
    """covers STF-4 ORG-6"""
    bad = []
    for path in Path(staff.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                bad += [
                    f"{path.name}: {a.name} as {a.asname}" for a in node.names if a.asname not in (None, "_")
                ]
                bad += [
                    f"{path.name}: {a.asname}"
                    for a in node.names
                    if (a.asname or a.name) not in EXTRACTED_NAMES
                ]
    assert not bad


def test_the_employment_certificate_follows_the_users_language(cast, login, staffed):
    """covers STF-4"""
    from openpyxl import load_workbook

    for language in ("kk", "ru"):
        cast.hr_officer.language = language
        cast.hr_officer.save()
        response = login(cast.hr_officer).get(reverse("staff:certificate", args=[staffed.pk]))
        sheet = load_workbook(io.BytesIO(response.content)).active
        with translation.override(language):
            assert sheet.title == translation.gettext("Certificate")[:31]
            assert translation.gettext("EMPLOYMENT CERTIFICATE") in [c.value for c in sheet["A"]]
