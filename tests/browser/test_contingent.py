"""The secretary's year as a person lives it: register, enrol, move, expel, disband, promote; then the
book of movement for that period reconciles for every class."""

import datetime

import pytest
from django.utils import translation
from django.utils.translation import gettext

from contingent.models import Student
from tests.browser.conftest import log_in
from tests.contingent.conftest import build_world
from tests.contingent.factories import PDF, child_iin

pytestmark = pytest.mark.browser

TODAY = datetime.date.today().isoformat()


def fill_order(page, number, scan_path=None):
    page.fill("input[name=order_number]", number)
    page.fill("input[name=order_date]", TODAY)
    if page.locator("textarea[name=content]").count():
        page.fill("textarea[name=content]", f"Приказ № {number}")
    if scan_path:
        page.set_input_files("input[name=scan]", scan_path)


def submit(page):
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_secretary_registers_enrols_moves_expels_disbands_promotes_and_the_book_reconciles(
    page, cast, tmp_path
):
    """covers CON-1 CON-2 CON-8 CON-7 CON-9 CON-10 CON-12"""
    world = build_world(cast)
    scan_path = tmp_path / "order.pdf"
    scan_path.write_bytes(PDF)
    base = page.base_url
    log_in(page, "secretary")

    page.goto(f"{base}/contingent/students/new/")
    page.select_option("select[name=parallel]", "5")
    page.fill("input[name=iin]", child_iin())
    page.fill("input[name=last_name]", "Сәрсенова")
    page.fill("input[name=first_name]", "Әйгерім")
    page.fill("input[name=birth_date]", "2014-03-02")
    page.select_option("select[name=sex]", "f")
    submit(page)
    student = Student.objects.get(person__last_name="Сәрсенова")
    with translation.override(cast.secretary.language):
        without_class = gettext("Without a class")
    assert page.locator("[data-testid=student-class]").inner_text().strip() == without_class

    page.goto(f"{base}/contingent/students/{student.pk}/enrol/")
    page.select_option("select[name=to_class]", str(world.class_a.pk))
    fill_order(page, "101", scan_path)
    submit(page)
    assert "5" in page.locator("[data-testid=student-class]").inner_text()

    page.goto(f"{base}/contingent/students/{student.pk}/move/")
    page.select_option("select[name=to_class]", str(world.class_b.pk))
    fill_order(page, "102", scan_path)
    submit(page)
    assert "№ 102" in page.locator("[data-testid=movements]").inner_text()

    page.goto(f"{base}/contingent/students/{world.other.pk}/expel/")
    page.select_option("select[name=reason]", "moved_away")
    page.fill("input[name=order_number]", "103")
    page.fill("input[name=left_on]", TODAY)
    submit(page)
    assert Student.objects.get(pk=world.other.pk).status == "expelled"

    page.goto(f"{base}/contingent/classes/{world.class_a.pk}/disband/")
    fill_order(page, "104", scan_path)
    for select in page.locator("[data-testid=disband-students] select").all():
        select.select_option(str(world.class_b.pk))
    submit(page)
    assert page.url.endswith("/contingent/classes/")
    world.class_a.refresh_from_db()
    assert not world.class_a.is_active

    page.goto(f"{base}/contingent/promotion/")
    assert page.locator("[data-testid=promotion-plan] tbody tr").count() == 3
    fill_order(page, "105")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "2027-2028" in page.content()

    page.goto(f"{base}/contingent/reports/movement-book/?date_from=2026-09-01&date_to={TODAY}")
    rows = page.locator("[data-testid=movement-book] tbody tr").all()
    assert len(rows) >= 4  # 5 А, 5 Б and the classes of the next year, and the total
    for row in rows:
        value = {
            col: int(row.locator(f"[data-col={col}]").inner_text())
            for col in ("start", "arrivals", "departures", "end")
        }
        assert value["start"] + value["arrivals"] - value["departures"] == value["end"], row.inner_text()
    total = page.locator("[data-testid=movement-book] tr[data-class=total] [data-col=end]").inner_text()
    assert (
        int(total)
        == Student.objects.filter(school=cast.school_a, status="studying", school_class__isnull=False).count()
    )
