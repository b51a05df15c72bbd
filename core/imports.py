"""What every Excel import shares: the row limit, checked before the file is read (ORG-8)."""

import io
from itertools import islice

from django.utils.translation import gettext as _

from core.services import OperationError

IMPORT_ROW_LIMIT = 2000


def check_row_limit(content, limit=IMPORT_ROW_LIMIT):
    """Refuses a workbook whose first sheet has more than `limit` rows after the header, without
    reading it all: the sheet's declared size when it has one, else at most limit + 2 rows."""
    from openpyxl import load_workbook

    source = io.BytesIO(content) if isinstance(content, bytes) else content
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001  (a broken workbook is the user's input)
        raise OperationError(_("The file could not be read as an Excel workbook.")) from error
    try:
        ws = wb.worksheets[0]
        declared = ws.max_row if ws.max_row and ws.max_row > 1 else None
        rows = declared if declared is not None else sum(1 for _row in islice(ws.iter_rows(), limit + 2))
    finally:
        wb.close()
    if hasattr(source, "seek"):
        source.seek(0)
    if rows - 1 > limit:
        raise OperationError(_("Import at most %(limit)s rows at a time.") % {"limit": limit})
