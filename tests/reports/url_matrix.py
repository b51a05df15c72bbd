"""Every reports URL x every role of the cast (covers RPT-1..RPT-5 scoping and ORG-3)."""

import datetime

from reports.models import CompetitionResult
from tests.contingent.conftest import build_world
from tests.url_matrix import Case

READERS = ("director", "deputy_director")


def ok(*roles, **extra):
    return {r: 200 for r in roles} | extra


def school_a(cast):
    return {"pk": cast.school_a.pk}


def drill_school_a(cast):
    return {"level": "school", "pk": cast.school_a.pk}


def result(cast):
    w = build_world(cast)
    r, _created = CompetitionResult.objects.get_or_create(
        school=cast.school_a,
        academic_year=cast.year_a,
        student=w.child,
        name="Олимпиада по математике",
        level="district",
        subject="математика",
        place=1,
        date=datetime.date(2026, 10, 5),
    )
    return {"pk": r.pk}


URL_CASES = {
    # the current school's pages: school B's director sees his own school's
    "reports:school_statistics": Case(expect=ok(*READERS, director_b=200)),
    "reports:competition_list": Case(expect=ok(*READERS, director_b=200)),
    "reports:competition_create": Case(expect=ok(*READERS, director_b=200)),
    "reports:competition_edit": Case(
        kwargs=result, expect=ok(*READERS, district_official=404, director_b=404)
    ),
    # pages over the schools the user may read: the district official's district, a director's school
    "reports:drilldown": Case(expect=ok(*READERS, district_official=200, director_b=200)),
    "reports:drilldown_level": Case(
        kwargs=drill_school_a, expect=ok(*READERS, district_official=200, director_b=404)
    ),
    "reports:nobd": Case(expect=ok(*READERS, district_official=200, director_b=200)),
    "reports:school_report": Case(
        kwargs=school_a, expect=ok(*READERS, district_official=200, director_b=404)
    ),
    # the district's own reports
    "reports:registry": Case(expect=ok("district_official")),
    "reports:attestation": Case(expect=ok("district_official")),
    "reports:activity": Case(expect=ok("district_official")),
    "reports:movement_register": Case(expect=ok("district_official")),
}
