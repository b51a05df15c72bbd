"""The district official reads the district's chart, drills down to a school and a class, and downloads
the same figures as .xlsx and PDF (RPT-2, RPT-4), in Russian and in Kazakh."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.browser.conftest import log_in
from tests.contingent.conftest import build_world

pytestmark = pytest.mark.browser


def _table(page, testid):
    rows = page.locator(f"table[data-testid={testid}] tbody tr")
    return [[c.strip() for c in rows.nth(i).locator("td").all_inner_texts()] for i in range(rows.count())]


def _bar_click(page, index, count):
    """Clicks the centre of bar `index` of the first chart (bars share the width evenly)."""
    page.wait_for_function(
        "() => { const c = document.querySelector('canvas[data-chart]'); return c && c.chart; }"
    )
    canvas = page.locator("canvas[data-chart]").first
    box = canvas.bounding_box()
    before = page.url
    chart = page.evaluate(
        "i => { const c = document.querySelector('canvas[data-chart]').chart;"
        " const bar = c.getDatasetMeta(0).data[i]; return {x: bar.x, y: (bar.y + bar.base) / 2}; }",
        index,
    )
    page.mouse.click(box["x"] + chart["x"], box["y"] + chart["y"])
    page.wait_for_url(lambda url: url != before)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_district_official_drills_down_to_a_class_and_downloads_the_same_figures(page, cast, language):
    """covers RPT-2 RPT-3 RPT-4"""
    world = build_world(cast)
    cast.district_official.language = language
    cast.district_official.save()
    log_in(page, "district_official")
    page.goto(f"{page.base_url}/reports/drill/")
    assert page.locator("canvas[data-chart=drilldown]").is_visible()
    _bar_click(page, 0, 1)  # republic -> region
    assert "/reports/drill/region/" in page.url
    _bar_click(page, 0, 1)  # region -> district
    assert "/reports/drill/district/" in page.url
    names = [r[0] for r in _table(page, "drilldown")[:-1]]
    from django.utils import translation

    with translation.override(language):
        school_name = cast.school_a.name
    _bar_click(page, names.index(school_name), len(names))  # district -> school A
    assert f"/reports/drill/school/{cast.school_a.pk}/" in page.url
    screen = _table(page, "drilldown")
    assert screen[-1][1] == "3"  # pupils of school A in total

    xlsx = page.request.get(page.url + "?export=xlsx")
    wb = load_workbook(io.BytesIO(xlsx.body()), read_only=True)
    sheet = [
        ["" if v is None else str(v) for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)
    ]
    assert sheet[3 : 3 + len(screen)] == screen
    pdf = page.request.get(page.url + "?export=pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    for row in screen:
        assert row[0] in text

    _bar_click(page, 0, 2)  # school -> class 5 A
    assert f"/reports/drill/class/{world.class_a.pk}/" in page.url
    assert _table(page, "class_contingent") == [["1", "0", "1", "0", "0"]]
