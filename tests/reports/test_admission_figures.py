"""Admission figures in the reports (RPT-1 movement and admission): first-grade applications by status
per school, the district the sum of its schools."""

import datetime

from django.utils import translation

from admissions.services import application_confirm, application_refuse
from reports import selectors as S
from reports.sections import admissions as admissions_section
from reports.selectors import Period
from tests.admissions.conftest import YEAR, build_adm, kid_iin, submit


def test_applications_by_status_add_up_from_school_to_district(cast):
    """covers RPT-1: applications, enrolled (from the catchment area), refused and waiting per school;
    the district equals the sum of its schools."""
    adm = build_adm(cast)
    first = submit(cast, adm)
    second = submit(cast, adm, child_iin=kid_iin(datetime.date(2020, 6, 1)), house="150")
    submit(cast, adm, school=cast.school_b, child_iin=kid_iin(datetime.date(2020, 7, 1)))
    application_confirm(
        acting_user=cast.secretary,
        application=first,
        to_class=adm.class_1a,
        order_number="1-к",
        order_date=datetime.date.today(),
    )
    application_refuse(acting_user=cast.secretary, application=second, reason="other", text="Нет документов")
    ids = [cast.school_a.pk, cast.school_b.pk]
    today = datetime.date.today()
    rows = {r["key"]: r for r in S.admissions(ids, YEAR, today.replace(month=1, day=1), today, "school")}
    a, b = rows[cast.school_a.pk], rows[cast.school_b.pk]
    assert (a["applications"], a["confirmed"], a["catchment"], a["refused"], a["submitted"]) == (
        2,
        1,
        1,
        1,
        0,
    )
    assert (b["applications"], b["submitted"]) == (1, 1)
    district = S.admissions(ids, YEAR, today.replace(month=1, day=1), today, "district")[0]
    for field in ("applications", "confirmed", "refused", "submitted"):
        assert district[field] == a[field] + b[field]
    with translation.override("en"):  # the total row's label below is read in English
        section = admissions_section(ids, Period(today.replace(month=1, day=1), today), year=YEAR)
    assert section.rows[-1][:4] == ["Total", 3, 1, 1]
