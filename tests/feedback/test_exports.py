"""Issue 9: the Word export of the user data is landscape, with columns that fit their content."""

import io

from django.urls import reverse

from tests.contingent.conftest import build_world


def test_the_user_data_docx_is_landscape_and_no_iin_or_date_column_is_too_narrow(cast, login):
    """covers CON-12"""
    from docx import Document
    from docx.enum.section import WD_ORIENT

    build_world(cast)
    response = login(cast.secretary).get(reverse("contingent:user_data") + "?export=docx")
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    table = document.tables[0]
    usable = section.page_width - section.left_margin - section.right_margin
    widths = [column.width for column in table.columns]
    assert abs(sum(widths) - usable) < 10_000
    for i, header in enumerate(c.text for c in table.rows[0].cells):
        longest = max(len(row.cells[i].text) for row in table.rows[1:])
        if longest and longest <= 18:  # an IIN, a date, a phone: on one line at 9 pt
            assert widths[i] >= longest * 60_000, header
