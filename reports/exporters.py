"""A report's sections as .xlsx (one sheet per section) and as PDF, through core's export module: the
file name in the user's language, the access log, every value through `xlsx_cell` (text never a
formula), the shipped PDF font (RPT-4).

Large row exports stream (core's `xlsx_file_response`): openpyxl's write-only workbook keeps no cells in
memory, the workbook is written to a temporary file and sent in chunks, so memory stays flat whatever
the number of rows."""

from django.http import HttpResponse
from django.utils.text import capfirst

from core.access import log_access
from core.exports import (
    XLSX,
    _attach,
    _filename,
    pdf_response,
    xlsx_cell,
    xlsx_file_response,
    xlsx_row,
    xlsx_write,
)


def _sheet_title(title, used):
    base = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:28] or "Sheet"
    name, n = base, 1
    while name.lower() in used:
        n += 1
        name = f"{base[:26]}-{n}"
    used.add(name.lower())
    return name


def _header_cells(ws, headers):
    from openpyxl.styles import Font

    font = Font(bold=True)
    return [xlsx_cell(ws, capfirst(str(h)), font) for h in headers]


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
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    used = set()
    for section in sections:
        ws = wb.create_sheet(title=_sheet_title(section.title, used))
        ws.append([xlsx_cell(ws, f"{title}. {section.title}", Font(bold=True, size=12))])
        ws.append([xlsx_cell(ws, str(subtitle))])
        ws.append(_header_cells(ws, section.headers))
        for row in section.rows:
            ws.append(xlsx_row(ws, [_value(v) for v in row]))
        if section.note:
            ws.append([])
            ws.append([xlsx_cell(ws, str(section.note))])
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
    """A single-sheet workbook from any iterable of rows, never holding them all (core's write-only
    workbook)."""
    xlsx_write(target, title, headers, ([_value(v) for v in row] for row in rows))


def rows_xlsx_response(request, title, headers, rows):
    """A large register as .xlsx, written to a temporary file and streamed to the client."""
    return xlsx_file_response(request, title, headers, ([_value(v) for v in row] for row in rows))
