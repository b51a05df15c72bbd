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
from django.utils.translation import gettext_lazy as _

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


def xlsx_row(ws, values):
    """A row for a write-only sheet's append(), by the rule of `xlsx_cell`, fast: a number, a date or a
    plain text goes in as it is (openpyxl then reuses one cell for all of them); only a text that needs
    it (one that would read as a formula, or holds characters a workbook cannot) becomes a cell of its
    own. A cell per value made a 100,000-row export take twice the CPU."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return [
        xlsx_cell(ws, v)
        if isinstance(v, str) and (v.startswith(FORMULA_STARTS) or ILLEGAL_CHARACTERS_RE.search(v))
        else v
        for v in values
    ]


def xlsx_write(target, title, headers, rows, subtitle=None):
    """A write-only workbook with a bold header row, saved to `target` (a path or a binary file). It keeps
    no rows in memory: `rows` may be any iterable, read once."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title(title))
    if subtitle is not None:
        ws.append([xlsx_cell(ws, str(subtitle), Font(bold=True, size=12))])
    ws.append([xlsx_cell(ws, capfirst(str(h)), Font(bold=True)) for h in headers])
    for row in rows:
        ws.append(xlsx_row(ws, row))
    wb.save(target)


def xlsx_workbook(title, headers, rows, subtitle=None):
    """The workbook of `xlsx_write` as bytes."""
    buffer = io.BytesIO()
    xlsx_write(buffer, title, headers, rows, subtitle=subtitle)
    return buffer.getvalue()


def xlsx_response(request, title, headers, rows, obj=None, subtitle=None):
    content = xlsx_workbook(title, headers, rows, subtitle=subtitle)
    log_access(request, "export", obj, description=f"xlsx: {title}")
    return _attach(HttpResponse(content, content_type=XLSX), _filename(title, "xlsx"))


def xlsx_file_response(request, title, headers, rows, obj=None, subtitle=None):
    """A large list as .xlsx, whatever its length: written to a temporary file and streamed from it, so
    neither the rows nor the file are held in memory."""
    import tempfile

    from django.http import FileResponse

    tmp = tempfile.TemporaryFile()
    xlsx_write(tmp, title, headers, rows, subtitle=subtitle)
    tmp.seek(0)
    log_access(request, "export", obj, description=f"xlsx: {title}")
    return _attach(FileResponse(tmp, content_type=XLSX), _filename(title, "xlsx"))


def pdf_bytes(template, context, request=None):
    from weasyprint import HTML

    from core.tasks import report_progress

    context = {**context, "font_dir": FONT_DIR.as_uri()}
    report_progress(request, 10, _("Preparing the document"))
    html = render_to_string(template, context, request=request)
    report_progress(request, 40, _("Typesetting the PDF"))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def goes_to_background(request, obj=None):
    """A PDF of a whole list or book (no single record) is typeset by the worker, not the web process."""
    from core.tasks import background_enabled, in_background

    return (
        obj is None
        and request is not None
        and request.method == "GET"
        and background_enabled()
        and not in_background(request)
    )


def pdf_response(request, template, context, title, obj=None):
    if goes_to_background(request, obj):
        from core.tasks import run_in_background

        return run_in_background(request, title)
    content = pdf_bytes(template, {"title": title, **context}, request=request)
    log_access(request, "export", obj, description=f"pdf: {title}")
    return _attach(HttpResponse(content, content_type="application/pdf"), _filename(title, "pdf"))


def _docx_widths(headers, rows, usable_emu):
    """Column widths (EMU) that fit their content: each column at least its longest short value or
    unbreakable word (an IIN, a date, a phone number never breaks), the rest of the page shared by
    the length of the columns' longest texts."""
    texts = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    columns = list(zip(*texts, strict=True))

    def unbreakable(t):
        return len(t) if len(t) <= 18 else max((len(w) for w in t.split()), default=1)

    need = [max(3, max(unbreakable(t) for t in col[1:]) if len(col) > 1 else 3) for col in columns]
    longest = [max(len(t) for t in col) for col in columns]
    per_char = min(70_000, usable_emu / max(sum(need), 1))  # about 9 pt text
    minimum = [n * per_char for n in need]
    spare = max(usable_emu - sum(minimum), 0)
    extra = [max(length - n, 0) for length, n in zip(longest, need, strict=True)]
    total_extra = sum(extra) or 1
    return [int(m + spare * e / total_extra) for m, e in zip(minimum, extra, strict=True)]


def docx_response(request, title, paragraphs=(), table=None, obj=None):
    """A Word document: a heading, paragraphs, and an optional table (headers, rows). Landscape A4 with
    narrow margins, 9 pt table text and column widths that fit their content."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.add_heading(str(title), level=1)
    for p in paragraphs:
        document.add_paragraph(str(p))
    if table:
        headers, rows = table
        rows = [list(r) for r in rows]
        widths = _docx_widths(headers, rows, section.page_width - section.left_margin - section.right_margin)
        t = document.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        t.autofit = False
        for i, h in enumerate(headers):
            t.rows[0].cells[i].text = str(h)
        for row in rows:
            cells = t.add_row().cells
            for i, value in enumerate(row):
                cells[i].text = "" if value is None else str(value)
        for i, column in enumerate(t.columns):
            column.width = widths[i]
            for cell in column.cells:
                cell.width = widths[i]
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    log_access(request, "export", obj, description=f"docx: {title}")
    return _attach(HttpResponse(buffer.getvalue(), content_type=DOCX), _filename(title, "docx"))
