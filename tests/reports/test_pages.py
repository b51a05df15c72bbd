"""Report pages, their exports and the olympiad registry (RPT-1..RPT-5)."""

import datetime
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from contingent.models import Movement
from reports.models import CompetitionResult
from reports.routers import ReplicaRouter, read_db, replica_reads
from tests.contingent.conftest import build_world
from tests.contingent.factories import make_class, make_student
from tests.factories import DistrictFactory, SchoolFactory

TODAY = datetime.date.today()


def _text(v):
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return "" if v is None else str(v)


@pytest.fixture(autouse=True)
def english(cast):
    """The cast reads the portal in English here, so messages can be compared to their msgids."""
    from core.models import User

    User.objects.update(language="en")


def _sheets(content):
    wb = load_workbook(io.BytesIO(content), read_only=True)
    return {
        ws.title: [[_text(c) for c in row] for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets
    }


def test_school_statistics_show_every_section_and_the_xlsx_equals_the_screen(cast, login):
    """covers RPT-1 RPT-4: contingent by class, stage, language and shift, coverage, movement, graduates,
    olympiads and the staff breakdowns, each as a table; the .xlsx has one sheet per table with the
    same rows, the PDF the same titles and figures."""
    build_world(cast)
    client = login(cast.director)
    response = client.get(reverse("reports:school_statistics"))
    assert response.status_code == 200
    sections = response.context["sections"]
    keys = {s.key for s in sections}
    for key in (
        "contingent",
        "contingent_stage",
        "contingent_language",
        "contingent_shift",
        "coverage",
        "class_movement",
        "movement",
        "graduates",
        "competitions",
        "staff_category",
        "staff_age",
        "staff_seniority",
        "staff_courses",
        "staff_specialty",
        "staff_subject",
        "staff_language",
        "staff_changes",
        "attestation",
    ):
        assert key in keys
    contingent = next(s for s in sections if s.key == "contingent")
    assert contingent.rows[-1][0] == "Total" and contingent.rows[-1][3] == 3  # three pupils in classes
    html = response.content.decode()
    assert 'data-chart="contingent"' in html and 'id="contingent"' in html

    xlsx = client.get(reverse("reports:school_statistics") + "?export=xlsx")
    sheets = list(_sheets(xlsx.content).values())
    assert len(sheets) == len(sections)
    for section, sheet in zip(sections, sheets, strict=True):
        header_at = 2
        assert sheet[header_at][: len(section.headers)] == [
            str(h)[:1].upper() + str(h)[1:] for h in section.headers
        ]
        body = sheet[header_at + 1 : header_at + 1 + len(section.rows)]
        assert body == [[_text(v) for v in row] for row in section.rows]

    pdf = client.get(reverse("reports:school_statistics") + "?export=pdf")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Contingent by class" in text and "Coverage" in text


def test_school_statistics_take_the_same_number_of_queries_for_one_class_and_for_thirty(
    cast, login, count_queries
):
    """covers RPT-1: every figure is an aggregation; no query per class or student."""
    client = login(cast.director)
    url = reverse("reports:school_statistics")
    c = make_class(cast.school_a, 1, "А", year=cast.year_a)
    make_student(cast.school_a, c, cast.secretary)
    client.get(url)
    one = count_queries(lambda: client.get(url))
    for parallel in range(2, 12):
        for letter in "АБВ":
            k = make_class(cast.school_a, parallel, letter, year=cast.year_a)
            make_student(cast.school_a, k, cast.secretary)
    many = count_queries(lambda: client.get(url))
    assert one == many


def test_district_official_drills_down_from_the_republic_to_a_class_and_sees_only_his_district(
    cast, login, count_queries
):
    """covers RPT-2 RPT-3: republic > region > district > school > class, each bar linking one level down,
    the same figures in the table; another district's school is not shown and its pages are a 404."""
    w = build_world(cast)
    other_school = SchoolFactory(district=DistrictFactory())
    make_student(other_school, make_class(other_school, 3, "А"), cast.director_b)
    client = login(cast.district_official)

    page = client.get(reverse("reports:drilldown"))
    main = page.context["sections"][0]
    assert [r[0] for r in main.rows[:-1]] == [cast.district.region.name]
    assert main.chart["links"] == [
        reverse("reports:drilldown_level", args=["region", cast.district.region_id])
    ]
    assert main.rows[-1][1] == 4  # pupils of both schools of his district, not the other district's

    region = client.get(main.chart["links"][0]).context["sections"][0]
    district = client.get(region.chart["links"][0]).context["sections"][0]
    assert sorted(r[0] for r in district.rows[:-1]) == sorted([cast.school_a.name, cast.school_b.name])
    link_a = district.chart["links"][[r[0] for r in district.rows].index(cast.school_a.name)]
    school = client.get(link_a)
    classes = school.context["sections"][0]
    assert [r[0] for r in classes.rows[:-1]] == [
        f"{w.class_a} ({cast.year_a.name})",
        f"{w.class_b} ({cast.year_a.name})",
    ]
    class_page = client.get(classes.chart["links"][0])
    assert class_page.status_code == 200
    assert class_page.context["sections"][0].rows == [[1, 0, 1, 0, 0]]  # 5 А: one girl
    assert w.class_a.pk == int(classes.chart["links"][0].rstrip("/").split("/")[-1])

    assert client.get(reverse("reports:drilldown_level", args=["school", other_school.pk])).status_code == 404
    assert client.get(reverse("reports:school_report", args=[other_school.pk])).status_code == 404
    assert client.get(reverse("reports:drilldown_level", args=["planet", 1])).status_code == 404

    one = count_queries(lambda: client.get(link_a))
    for parallel in range(6, 10):
        make_student(
            cast.school_a, make_class(cast.school_a, parallel, "А", year=cast.year_a), cast.secretary
        )
    assert count_queries(lambda: client.get(link_a)) == one


def test_district_reports_registry_tabs_attestation_and_activity(cast, login):
    """covers RPT-3: the registry of schools with the tabs "all" and "by type", each school linking to
    its report; teacher attestation by category and role; the activity report per school and for all."""
    build_world(cast)
    client = login(cast.district_official)
    registry = client.get(reverse("reports:registry"))
    section = registry.context["sections"][0]
    assert {r[0] for r in section.rows} == {cast.school_a.name, cast.school_b.name}
    assert section.extra["links"][0].startswith("/reports/schools/")
    by_type = client.get(reverse("reports:registry") + "?tab=type").context["sections"][0]
    assert by_type.rows[-1][1] == 2
    assert by_type.rows[-1][2] == 4
    attestation = client.get(reverse("reports:attestation"))
    assert attestation.context["sections"][0].key == "attestation"
    activity = client.get(reverse("reports:activity")).context["sections"][0]
    assert activity.rows[-1][0] == "All schools"
    assert activity.rows[-1][1] == sum(r[1] for r in activity.rows[:-1])
    report = client.get(reverse("reports:school_report", args=[cast.school_a.pk]))
    assert report.status_code == 200
    assert [s.key for s in report.context["sections"]][:2] == ["registry", "contingent"]
    card = client.get(reverse("core:school_detail", args=[cast.school_a.pk]))
    assert reverse("reports:school_report", args=[cast.school_a.pk]) in card.content.decode()


def test_nobd_for_the_district_sums_its_schools_and_reuses_the_contingent_summary(cast, login):
    """covers RPT-5: the district's NOBD summary as of a date equals the sum of its schools' own
    summaries (the contingent app's NOBD computation), with the staff part; and as of a day before the
    pupils came, it has none."""
    build_world(cast)
    client = login(cast.district_official)
    sections = client.get(reverse("reports:nobd")).context["sections"]
    per_school = sections[0]
    assert per_school.key == "nobd_schools"
    assert per_school.rows[-1][2] == sum(r[2] for r in per_school.rows[:-1]) == 4
    earlier = client.get(reverse("reports:nobd") + "?date_from=2025-09-01&date_to=2026-08-31")
    assert earlier.context["sections"][0].rows == [["Total", 0, 0, 0, 0, 0, 0, 0, 0]]
    xlsx = client.get(reverse("reports:nobd") + "?export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    director = login(cast.director)
    own = director.get(reverse("reports:nobd")).context["sections"][0]
    assert own.key == "nobd_classes" and own.rows[-1][3] == 3


def test_a_bad_period_is_explained_and_the_default_period_is_shown(cast, login):
    """covers RPT-4: a reversed or absurd period gets a clear message; the report stays readable."""
    client = login(cast.director)
    response = client.get(reverse("reports:school_statistics") + "?date_from=2026-10-01&date_to=2026-09-01")
    assert "The end of the period cannot be before its start." in response.content.decode()
    response = client.get(reverse("reports:school_statistics") + "?date_from=1900-01-01&date_to=<script>")
    assert response.status_code == 200
    assert "Enter a date from 2000 on." in response.content.decode()


def test_movement_register_streams_one_row_per_movement(cast, login):
    """covers RPT-4: the district's register of movements is a streamed .xlsx with every movement of the
    period and no names."""
    build_world(cast)
    client = login(cast.district_official)
    response = client.get(
        reverse("reports:movement_register") + "?date_from=2026-01-01&date_to=" + TODAY.isoformat()
    )
    content = b"".join(response.streaming_content)
    rows = list(_sheets(content).values())[0]
    assert len(rows) - 1 == Movement.objects.filter(school__district=cast.district).count()


def _result_data(cast, w, **overrides):
    return {
        "student": w.child.pk,
        "kind": "olympiad",
        "name": "  Районная олимпиада по математике  ",
        "level": "district",
        "subject": "математика",
        "place": 1,
        "date": "2026-10-05",
        "teacher": "",
        **overrides,
    }


def test_competition_result_is_registered_and_listed(cast, login):
    """covers RPT-1: a result with level, place, subject, student and teacher; values trimmed."""
    w = build_world(cast)
    client = login(cast.deputy_director)
    response = client.post(reverse("reports:competition_create"), _result_data(cast, w))
    assert response.status_code == 302
    r = CompetitionResult.objects.get()
    assert r.name == "Районная олимпиада по математике" and r.school == cast.school_a
    listing = client.get(reverse("reports:competition_list"))
    assert "Районная олимпиада по математике" in listing.content.decode()
    stats = client.get(reverse("reports:school_statistics")).context["sections"]
    competitions = next(s for s in stats if s.key == "competitions")
    assert competitions.rows[0][:3] == ["district (city)", 1, 1]


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"student": "other-school"}, "student", "Select a valid choice"),
        ({"date": "2999-01-01"}, "date", "The date of a result cannot be in the future."),
        ({"place": "9"}, "place", "Select a valid choice"),
        ({"name": "   "}, "name", "This field is required."),
    ],
)
def test_bad_competition_results_are_refused_with_a_message(cast, login, overrides, field, message):
    """covers RPT-1: another school's student, a future date, an unknown place, an empty or hostile name:
    a message beside the field and nothing saved."""
    w = build_world(cast)
    if overrides.get("student") == "other-school":
        overrides = {"student": w.student_other_school.pk}
    client = login(cast.director)
    response = client.post(reverse("reports:competition_create"), _result_data(cast, w, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    assert not CompetitionResult.objects.exists()


def test_report_reads_go_to_the_replica_only_when_one_is_configured():
    """covers RPT-2 (scale): without a replica every read stays on the default database; with one, the
    report reads go there and writes never do."""
    router = ReplicaRouter()
    with replica_reads():
        assert read_db() == "default"
        assert router.db_for_read(CompetitionResult) is None
    from django.conf import settings

    replica = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}
    with override_settings(DATABASES=replica):
        assert read_db() == "default"
        with replica_reads():
            assert read_db() == "replica"
            assert router.db_for_read(CompetitionResult) == "replica"
            assert router.db_for_write(CompetitionResult) == "default"
        assert router.allow_migrate("replica", "reports") is False


def test_report_exports_write_text_never_as_a_formula(cast):
    """covers RPT-4: the sections' workbook and the streamed register go through core's export module:
    a value typed as "=HYPERLINK(...)" (an order number, a school's name) is text in the file, numbers
    stay numbers."""
    from reports.exporters import write_rows, write_sections
    from reports.sections import Section

    typed = '=HYPERLINK("http://example.com")'
    sections = io.BytesIO()
    write_sections(sections, "Report", "period", [Section("k", "Section", ["order"], [[typed], [5]])])
    register = io.BytesIO()
    write_rows(register, "Register", ["order"], iter([[typed], [5]]))
    for content, first in ((sections, 4), (register, 2)):
        ws = load_workbook(io.BytesIO(content.getvalue())).worksheets[0]
        text, number = ws.cell(row=first, column=1), ws.cell(row=first + 1, column=1)
        assert (text.value, text.data_type) == (typed, "s")
        assert (number.value, number.data_type) == (5, "n")
