"""Excel, Word and PDF responses in the user's language; every export is written to the access log."""

import io
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


def xlsx_workbook(title, headers, rows, subtitle=None):
    """A write-only workbook (streams large lists) with a bold header row."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=str(title)[:31] or "Sheet")
    if subtitle is not None:
        heading = WriteOnlyCell(ws, value=str(subtitle))
        heading.font = Font(bold=True, size=12)
        ws.append([heading])
    header_cells = []
    for h in headers:
        c = WriteOnlyCell(ws, value=capfirst(str(h)))
        c.font = Font(bold=True)
        header_cells.append(c)
    ws.append(header_cells)
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(request, title, headers, rows, obj=None, subtitle=None):
    content = xlsx_workbook(title, headers, rows, subtitle=subtitle)
    log_access(request, "export", obj, description=f"xlsx: {title}")
    return _attach(HttpResponse(content, content_type=XLSX), _filename(title, "xlsx"))


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
