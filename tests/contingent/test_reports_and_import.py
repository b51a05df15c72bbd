"""Output forms (CON-12) on screen, as .xlsx and as PDF, and the import from Excel."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from contingent.imports import COLUMNS
from contingent.models import FreeMealApplication, Student
from contingent.reports import movement_book
from contingent.services import student_expel, student_move
from core.models import Person
from tests.contingent.factories import adult_iin, child_iin, make_student, scan

pytestmark = pytest.mark.django_db


def _moves(cast, world):
    student_move(
        acting_user=cast.secretary,
        student=world.child,
        to_class=world.class_b,
        order_number="20",
        order_date=datetime.date(2026, 10, 5),
        content="О переводе",
        scan=scan(),
    )
    student_expel(
        acting_user=cast.secretary,
        student=world.other,
        reason="moved_away",
        order_number="21",
        left_on=datetime.date(2026, 10, 6),
    )


def test_the_book_of_movement_reconciles_per_class_and_in_total(cast, world):
    """covers CON-12"""
    _moves(cast, world)
    book = movement_book(cast.school_a, datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
    rows = {r["school_class"].pk: r for r in book["rows"]}
    a, b = rows[world.class_a.pk], rows[world.class_b.pk]
    assert (a["start"], a["arrivals"], a["departures"], a["end"]) == (1, 0, 1, 0)
    assert (b["start"], b["arrivals"], b["departures"], b["end"]) == (2, 1, 1, 2)
    for r in book["rows"]:
        assert r["start"] + r["arrivals"] - r["departures"] == r["end"]
    t = book["total"]
    # every total is the sum of its column (issue 9): the internal move counts in "arrivals" and
    # "departures", the school's own arrivals and departures are their "of them" columns
    assert (t["start"], t["arrivals"], t["departures"], t["end"]) == (3, 1, 2, 2)
    assert (t["arrivals_new"], t["departures_left"]) == (0, 1)
    assert (
        t["end"]
        == Student.objects.filter(school=cast.school_a, school_class__isnull=False, status="studying").count()
    )
    numbers = {o["order__number"]: o for o in book["orders"]}
    assert numbers["20"]["internal"] == 1 and numbers["21"]["departures"] == 1


def test_the_book_of_movement_is_on_screen_in_xlsx_and_in_pdf_with_kazakh_letters(cast, login, world):
    """covers CON-12"""
    _moves(cast, world)
    client = login(cast.secretary)
    url = reverse("contingent:movement_book") + "?date_from=2026-09-01&date_to=2026-12-31"
    page = client.get(url)
    assert page.status_code == 200 and "movement-book" in page.content.decode()
    wb = load_workbook(io.BytesIO(client.get(url + "&export=xlsx").content))
    values = [list(r) for r in wb.active.iter_rows(values_only=True)]
    screen_rows = page.context["rows"]
    assert values[2:] == [[None if v == "" else v for v in r] for r in screen_rows]
    pdf = client.get(url + "&export=pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert cast.school_a.name_ru.split()[0] in text


def test_pdf_exports_keep_kazakh_letters(cast, login, world):
    """covers CON-12"""
    client = login(cast.secretary)
    pdf = client.get(reverse("contingent:user_data") + "?export=pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Әсел" in text


@pytest.mark.parametrize(
    "name",
    ["order_list", "graduate_list", "meal_list", "meal_allowed", "user_data", "nobd", "student_archive"],
)
def test_each_output_form_is_on_screen_in_xlsx_and_pdf(cast, login, world, name):
    """covers CON-12 CON-11"""
    _moves(cast, world)
    client = login(cast.secretary)
    url = reverse(f"contingent:{name}")
    assert client.get(url).status_code == 200
    xlsx = client.get(url + "?export=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get(url + "?export=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_user_data_exports_to_word(cast, login, world):
    """covers CON-12"""
    from docx import Document

    response = login(cast.secretary).get(reverse("contingent:user_data") + "?export=docx")
    doc = Document(io.BytesIO(response.content))
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert world.child.person.full_name in cells


def test_the_nobd_summary_counts_pupils_by_class_sex_and_movement(cast, login, world):
    """covers CON-12"""
    _moves(cast, world)
    page = login(cast.secretary).get(reverse("contingent:nobd") + "?date_from=2026-09-01&date_to=2026-12-31")
    data = page.context["data"]
    assert data["totals"]["pupils"] == 2 and data["totals"]["classes"] == 1
    assert data["totals"]["departures"] == 1 and data["waiting"] == 1


def test_the_nobd_xlsx_and_pdf_carry_the_subtotals_shown_on_screen(cast, login, world):
    """covers CON-12"""
    _moves(cast, world)
    client = login(cast.secretary)
    url = reverse("contingent:nobd") + "?date_from=2026-09-01&date_to=2026-12-31"
    page = client.get(url)
    summaries = page.context["summaries"]
    assert [caption for caption, _groups in summaries] == [
        gettext("By level"),
        gettext("By parallel"),
        gettext("By language of instruction"),
        gettext("By shift"),
    ]
    wb = load_workbook(io.BytesIO(client.get(url + "&export=xlsx").content))
    values = [list(r) for r in wb.active.iter_rows(values_only=True)]
    captions = [row[0] for row in values if row and row[1] == gettext("classes")]
    assert captions == [caption for caption, _groups in summaries]
    by_parallel = next(i for i, row in enumerate(values) if row[0] == gettext("By parallel"))
    screen = dict(summaries)[gettext("By parallel")]
    assert screen == [(5, {**screen[0][1]})] and screen[0][1]["pupils"] == 2
    v = screen[0][1]
    assert values[by_parallel + 1][:5] == ["5", v["classes"], v["pupils"], v["boys"], v["girls"]]
    pdf = client.get(url + "&export=pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    for caption, _groups in summaries:
        assert caption in text


def test_free_meal_applications_are_decided_and_the_allowed_are_listed(cast, login, world):
    """covers CON-12"""
    client = login(cast.secretary)
    client.post(
        reverse("contingent:meal_create", args=[world.child.pk]),
        {
            "applied_on": "2026-09-03",
            "applicant": world.child.guardians.get().person.full_name,
            "basis": "large_family",
            "note": "",
        },
    )
    application = FreeMealApplication.objects.get()
    assert list(client.get(reverse("contingent:meal_allowed")).context["object_list"]) == []
    client.post(
        reverse("contingent:meal_decide", args=[application.pk]),
        {"status": "allowed", "decided_on": "2026-09-05"},
    )
    assert list(client.get(reverse("contingent:meal_allowed")).context["object_list"]) == [application]


def test_graduates_are_listed_after_promotion(cast, login, world):
    """covers CON-10 CON-12"""
    from contingent.services import school_promote
    from tests.contingent.factories import make_class

    c11 = make_class(cast.school_a, 11, "А", year=cast.year_a)
    graduate = make_student(cast.school_a, c11, cast.secretary)
    school_promote(
        acting_user=cast.secretary,
        school=cast.school_a,
        year=cast.year_a,
        decisions={},
        order_number="99",
        order_date=datetime.date(2027, 5, 30),
        content="О переводе",
    )
    graduates = login(cast.secretary).get(reverse("contingent:graduate_list")).context["object_list"]
    assert list(graduates) == [graduate]


def workbook(rows):
    wb = Workbook()
    ws = wb.active
    ws.append([str(h) for _c, h in COLUMNS])
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("students.xlsx", buffer.getvalue())


def row(iin=None, last="Жұмабек", parent_iin=None):
    return [
        last,
        "Айбек",
        "",
        "01.02.2018",
        "м",
        "да",
        iin or child_iin(datetime.date(2018, 2, 1), "m"),
        "2",
        "01.09.2026",
        "мать",
        "Жұмабекова",
        "Сәуле",
        "",
        parent_iin or adult_iin(datetime.date(1988, 3, 3), "f"),
        "03.03.1988",
        "ж",
        "+7 700 111 22 33",
        "",
    ]


def test_import_previews_every_rows_errors_and_imports_nothing_while_any_row_is_wrong(cast, login):
    """covers CON-1 CON-5"""
    client = login(cast.secretary)
    bad = row(iin="150901600018")
    response = client.post(
        reverse("contingent:import"), {"file": workbook([row(), bad, row(last="Иванов2")])}
    )
    checked = response.context["checked"]
    assert [bool(c["errors"]) for c in checked] == [False, True, True]
    assert response.context["has_errors"]
    confirm = client.post(reverse("contingent:import"), {"confirm": "1"})
    assert confirm.status_code == 200 and not Student.objects.exists()


def test_import_creates_students_and_parents_all_at_once(cast, login):
    """covers CON-1 CON-5"""
    client = login(cast.secretary)
    parent_iin = adult_iin(datetime.date(1988, 3, 3), "f")
    rows = [row(parent_iin=parent_iin), row(parent_iin=parent_iin, last="Жұмабекова")]
    preview = client.post(reverse("contingent:import"), {"file": workbook(rows)})
    assert not preview.context["has_errors"]
    response = client.post(reverse("contingent:import"), {"confirm": "1"})
    assert response.status_code == 302
    assert Student.objects.filter(school=cast.school_a, school_class__isnull=True).count() == 2
    assert Person.objects.get(iin=parent_iin).guarded.count() == 2


def test_a_file_that_is_not_a_workbook_is_refused(cast, login):
    """covers CON-1"""
    response = login(cast.secretary).post(
        reverse("contingent:import"), {"file": SimpleUploadedFile("students.xlsx", b"not a zip")}
    )
    assert "file" in response.context["form"].errors
