"""Every list's xlsx export shows what its page shows: the same headers, rows and cell texts (ORG-1).

Data-driven from tests/<app>/url_matrix.py: every URL whose view is a core ListPageView with an xlsx
export is opened as a role that may see it, after the matrix's own objects were made, and its first
page is compared cell by cell with the workbook; one list's PDF is read back as text."""

import datetime
import io
from html.parser import HTMLParser

from django.urls import resolve, reverse
from django.utils import formats
from django.utils.text import capfirst
from openpyxl import load_workbook
from pypdf import PdfReader

from core.lists import ListPageView
from tests.conftest import ROLE_NAMES
from tests.test_permissions import MATRIX

ROLE_ORDER = ["director", *[r for r in ROLE_NAMES if r not in ("director", "anonymous")]]


class _Table(HTMLParser):
    """Header and body cell texts of the page's list table (data-testid="list-table")."""

    def __init__(self):
        super().__init__()
        self.headers, self.rows, self._in, self._cell, self._row = [], [], False, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("data-testid", "list-table") in attrs:
            self._in = True
        elif self._in and tag == "tr":
            self._row = []
        elif self._in and tag in ("td", "th"):
            self._cell = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if not self._in:
            return
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            (self.headers if not self.headers else self.rows).append(self._row)
            self._row = None
        elif tag == "table":
            self._in = False


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return " ".join(str(value).split())


def _same(shown, value):
    """A screen cell and a spreadsheet cell say the same: dates typed in the sheet, numbers as numbers."""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        value = value.date()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return float(shown.replace(",", ".").replace("\xa0", "").replace(" ", "")) == float(value)
        except ValueError:
            return False
    return shown == _text(value)


def _list_urls():
    for name, case in sorted(MATRIX.items()):
        role = next((r for r in ROLE_ORDER if case.status_for(r) == 200), None)
        if case.method == "get" and role:
            yield name, case, role


def test_every_list_exports_to_xlsx_the_cells_it_shows(cast, client):
    """covers ORG-1: the xlsx cells equal the HTML table, not only the status and the content type"""
    pages = [(name, reverse(name, kwargs=case.kwargs(cast)), role) for name, case, role in _list_urls()]
    compared, wrong = 0, []
    for name, url, role in pages:
        view = getattr(resolve(url).func, "view_class", None)
        if not (view and issubclass(view, ListPageView) and "xlsx" in view.export_formats):
            continue
        client.force_login(getattr(cast, role))
        page = client.get(url)
        table = _Table()
        table.feed(page.content.decode())
        if not table.headers:
            continue
        export = client.get(url, {"export": "xlsx"})
        sheet = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
        screen_headers = [capfirst(h) for h in table.headers[0]]
        header_at = next(
            (
                n
                for n, r in enumerate(sheet)
                if r and all(_text(v) in screen_headers for v in r if v is not None) and any(r)
            ),
            None,
        )
        if header_at is None:
            wrong.append(f"{name}: no header row of the screen in the xlsx {sheet[:2]}")
            continue
        columns = [(screen_headers.index(_text(v)), j) for j, v in enumerate(sheet[header_at]) if v]
        shown = [r for r in table.rows if len(r) == len(screen_headers)]
        body = sheet[header_at + 1 : header_at + 1 + len(shown)]
        for screen_row, xlsx_row in zip(shown, body, strict=False):
            for i, j in columns:
                if not _same(screen_row[i], xlsx_row[j]):
                    wrong.append(
                        f"{name}, {screen_headers[i]}: screen {screen_row[i]!r} != xlsx {xlsx_row[j]!r}"
                    )
        if len(body) != len(shown):
            wrong.append(f"{name}: {len(shown)} rows on the screen, {len(body)} in the xlsx")
        compared += 1
    assert compared >= 10, f"only {compared} lists compared"
    assert not wrong, "\n".join(wrong)


def test_a_lists_pdf_reads_back_with_the_names_on_the_screen(cast, login):
    """covers ORG-1: the PDF is opened and its text read back"""
    from tests.staff.factories import StaffEmployeeFactory

    employee = StaffEmployeeFactory(school=cast.school_a, person__last_name="Тұрсынова")
    client = login(cast.director)
    url = reverse("staff:employee_list")
    assert employee.person.full_name in client.get(url).content.decode()
    pdf = client.get(url, {"export": "pdf"})
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Тұрсынова" in text
