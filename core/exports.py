"""Excel, Word and PDF responses in the user's language; every export is written to the access log."""

import io
import re
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import capfirst, slugify

from core.access import log_access

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"


def _filename(base, ext):
    """The document's title in the user's language and the date: "реестр-школ-20261123.xlsx"."""
    stamp = timezone.localdate().strftime("%Y%m%d")
    return f"{slugify(str(base), allow_unicode=True)[:80] or 'export'}-{stamp}.{ext}"


def _attach(response, filename):
    # RFC 6266: an ASCII fallback and the UTF-8 name, so Kazakh and Russian titles survive.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")


def sheet_title(title):
    """A worksheet title Excel accepts: no \\ / * ? : [ ], at most 31 characters, never empty."""
    return _SHEET_TITLE_FORBIDDEN.sub(" ", str(title))[:31].strip() or "Sheet"


def xlsx_cell(ws, value, font=None):
    """The one way a value enters a spreadsheet (every export goes through it).

    Text is never a formula: a value beginning with =, +, -, @, a tab or a carriage return (a user's
    "=HYPERLINK(...)") is stored as plain text marked with Excel's quote prefix, shown exactly as typed;
    characters a workbook cannot hold (NUL and other control characters) are dropped."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = isinstance(value, str)
    if text:
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(ws, value=value)
    if text and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


def xlsx_workbook(title, headers, rows, subtitle=None):
    """A write-only workbook (streams large lists) with a bold header row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title(title))
    if subtitle is not None:
        ws.append([xlsx_cell(ws, str(subtitle), Font(bold=True, size=12))])
    ws.append([xlsx_cell(ws, capfirst(str(h)), Font(bold=True)) for h in headers])
    for row in rows:
        ws.append([xlsx_cell(ws, value) for value in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(request, title, headers, rows, obj=None, subtitle=None):
    content = xlsx_workbook(title, headers, rows, subtitle=subtitle)
    log_access(request, "export", obj, description=f"xlsx: {title}")
    return _attach(HttpResponse(content, content_type=XLSX), _filename(title, "xlsx"))


def pdf_bytes(template, context, request=None):
    from weasyprint import HTML

    context = {**context, "font_dir": FONT_DIR.as_uri()}
    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_response(request, template, context, title, obj=None):
    content = pdf_bytes(template, {"title": title, **context}, request=request)
    log_access(request, "export", obj, description=f"pdf: {title}")
    return _attach(HttpResponse(content, content_type="application/pdf"), _filename(title, "pdf"))


def docx_response(request, title, paragraphs=(), table=None, obj=None):
    """A Word document: a heading, paragraphs, and an optional table (headers, rows)."""
    from docx import Document

    document = Document()
    document.add_heading(str(title), level=1)
    for p in paragraphs:
        document.add_paragraph(str(p))
    if table:
        headers, rows = table
        t = document.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        for i, h in enumerate(headers):
            t.rows[0].cells[i].text = str(h)
        for row in rows:
            cells = t.add_row().cells
            for i, value in enumerate(row):
                cells[i].text = "" if value is None else str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    log_access(request, "export", obj, description=f"docx: {title}")
    return _attach(HttpResponse(buffer.getvalue(), content_type=DOCX), _filename(title, "docx"))
