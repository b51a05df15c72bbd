"""A report's sections as .xlsx (one sheet per section) and as PDF, through core's export pattern:
the file name in the user's language, the access log, the shipped PDF font (RPT-4).

Large row exports stream: openpyxl's write-only workbook keeps no cells in memory, the workbook is
written to a temporary file and sent in chunks, so memory stays flat whatever the number of rows."""

import tempfile

from django.http import FileResponse, HttpResponse
from django.utils.text import capfirst

from core.access import log_access
from core.exports import XLSX, _attach, _filename, pdf_response


def _sheet_title(title, used):
    base = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:28] or "Sheet"
    name, n = base, 1
    while name.lower() in used:
        n += 1
        name = f"{base[:26]}-{n}"
    used.add(name.lower())
    return name


def _header_cells(ws, headers):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cells = []
    for h in headers:
        c = WriteOnlyCell(ws, value=capfirst(str(h)))
        c.font = Font(bold=True)
        cells.append(c)
    return cells


def _value(v):
    if v is None:
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v
    return str(v)


def write_sections(target, title, subtitle, sections):
    """Each section on its own sheet: the report's title and period, the section's title, the header
    row and exactly the rows shown on screen."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    used = set()
    for section in sections:
        ws = wb.create_sheet(title=_sheet_title(section.title, used))
        heading = WriteOnlyCell(ws, value=f"{title}. {section.title}")
        heading.font = Font(bold=True, size=12)
        ws.append([heading])
        ws.append([str(subtitle)])
        ws.append(_header_cells(ws, section.headers))
        for row in section.rows:
            ws.append([_value(v) for v in row])
        if section.note:
            ws.append([])
            ws.append([str(section.note)])
    if not sections:
        wb.create_sheet(title="-")
    wb.save(target)


def sections_xlsx_response(request, title, subtitle, sections, obj=None):
    import io

    buffer = io.BytesIO()
    write_sections(buffer, title, subtitle, sections)
    log_access(request, "export", obj, description=f"xlsx: {title}")
    return _attach(HttpResponse(buffer.getvalue(), content_type=XLSX), _filename(title, "xlsx"))


def sections_pdf_response(request, title, subtitle, sections, obj=None):
    context = {"sections": sections, "subtitle": subtitle, "school": getattr(request, "school", None)}
    return pdf_response(request, "reports/pdf/report.html", context, title, obj=obj)


def write_rows(target, title, headers, rows):
    """A single-sheet workbook from any iterable of rows, never holding them all (write-only)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_sheet_title(title, set()))
    ws.append(_header_cells(ws, headers))
    for row in rows:
        ws.append([_value(v) for v in row])
    wb.save(target)


def rows_xlsx_response(request, title, headers, rows):
    """A large register as .xlsx, written to a temporary file and streamed to the client."""
    tmp = tempfile.TemporaryFile()
    write_rows(tmp, title, headers, rows)
    tmp.seek(0)
    log_access(request, "export", None, description=f"xlsx: {title}")
    response = FileResponse(tmp, content_type=XLSX)
    return _attach(response, _filename(title, "xlsx"))
