"""Every contingent URL x every role of the cast (covers ORG-3 for CON-1..CON-12)."""

from contingent.models import Consent, FreeMealApplication
from tests.contingent.conftest import build_world
from tests.contingent.factories import make_parent, make_student, scan
from tests.url_matrix import Case

VIEWERS = ("director", "deputy_director", "records_clerk", "secretary", "class_teacher")
REPORTERS = ("director", "deputy_director", "secretary")
MANAGERS = ("director", "secretary")
OUTSIDERS = {"district_official": 404, "director_b": 404}


def ok(*roles, **extra):
    return {r: 200 for r in roles} | extra


def school_page(*roles):
    """A page of the current school: school B's director sees his own school's page."""
    return ok(*roles, director_b=200)


def _w(cast):
    return build_world(cast)


def child(cast):
    return {"pk": _w(cast).child.pk}


def waiting(cast):
    return {"pk": _w(cast).waiting.pk}


def expelled(cast):
    """A student of 5 Б who left the school (CON-7), for the reinstatement page."""
    student = make_student(cast.school_a, status="expelled")
    return {"pk": student.pk}


def class_a(cast):
    return {"pk": _w(cast).class_a.pk}


def consent(cast):
    w = _w(cast)
    c = Consent.objects.create(
        school=cast.school_a,
        student=w.child,
        subject=w.child.person,
        signed_by=cast.parent.person,
        given_on="2026-09-01",
        document=scan(),
        recorded_by=cast.secretary,
    )
    return {"pk": c.pk}


def meal(cast):
    w = _w(cast)
    student = make_student(cast.school_a, w.class_b, cast.secretary)
    a = FreeMealApplication.objects.create(
        school=cast.school_a,
        student=student,
        academic_year=cast.year_a,
        applied_on="2026-09-02",
        applicant="Ахметова Г.",
        basis="low_income",
    )
    return {"pk": a.pk}


def fresh_guardian(cast):
    w = _w(cast)
    return {"pk": make_parent(w.other).pk}


# Pages about one student: visible_to decides (404), then the permission at his school (403).
CARD = {"hr_officer": 404, "school_admin": 404, "teacher": 404, "student": 404, **OUTSIDERS}

URL_CASES = {
    "contingent:student_list": Case(expect=school_page(*VIEWERS)),
    "contingent:student_archive": Case(expect=school_page(*VIEWERS)),
    "contingent:student_create": Case(expect=school_page(*MANAGERS)),
    "contingent:import": Case(expect=school_page(*MANAGERS)),
    "contingent:student_detail": Case(kwargs=child, expect=ok(*VIEWERS, "parent") | CARD),
    "contingent:student_history": Case(
        kwargs=child,
        expect=ok("director", "deputy_director", "records_clerk", "secretary") | CARD,
    ),
    "contingent:student_edit": Case(kwargs=child, expect=ok(*MANAGERS, "class_teacher") | CARD),
    "contingent:student_enrol": Case(
        kwargs=waiting, expect=ok(*MANAGERS) | CARD | {"class_teacher": 404, "parent": 404}
    ),
    "contingent:student_move": Case(kwargs=child, expect=ok(*MANAGERS) | CARD),
    "contingent:student_reinstate": Case(
        kwargs=expelled, expect=ok(*MANAGERS) | CARD | {"class_teacher": 404, "parent": 404}
    ),
    "contingent:student_expel": Case(kwargs=child, expect=ok(*MANAGERS) | CARD),
    "contingent:guardian_add": Case(kwargs=child, expect=ok(*MANAGERS, "class_teacher") | CARD),
    "contingent:consent_add": Case(kwargs=child, expect=ok(*MANAGERS) | CARD),
    "contingent:meal_create": Case(kwargs=child, expect=ok(*MANAGERS) | CARD),
    "contingent:guardian_login": Case(
        kwargs=fresh_guardian, method="post", expect=ok("director", "school_admin") | OUTSIDERS
    ),
    "contingent:consent_document": Case(kwargs=consent, expect=ok(*VIEWERS) | OUTSIDERS),
    "contingent:consent_missing": Case(expect=school_page(*VIEWERS)),
    "contingent:my_children": Case(expect=ok("parent")),
    "contingent:class_list": Case(expect=school_page(*VIEWERS)),
    "contingent:class_create": Case(expect=school_page(*MANAGERS)),
    "contingent:class_detail": Case(kwargs=class_a, expect=ok(*VIEWERS) | OUTSIDERS),
    "contingent:class_edit": Case(kwargs=class_a, expect=ok(*MANAGERS) | OUTSIDERS),
    "contingent:class_add_student": Case(kwargs=class_a, expect=ok(*MANAGERS) | OUTSIDERS),
    "contingent:class_disband": Case(kwargs=class_a, expect=ok(*MANAGERS) | OUTSIDERS),
    "contingent:promotion": Case(expect=school_page(*MANAGERS)),
    "contingent:movement_book": Case(expect=school_page(*REPORTERS)),
    "contingent:nobd": Case(expect=school_page(*REPORTERS)),
    "contingent:order_list": Case(expect=school_page(*REPORTERS)),
    "contingent:graduate_list": Case(expect=school_page(*REPORTERS)),
    "contingent:meal_list": Case(expect=school_page(*REPORTERS)),
    "contingent:meal_allowed": Case(expect=school_page(*REPORTERS)),
    "contingent:meal_decide": Case(kwargs=meal, expect=ok(*MANAGERS) | OUTSIDERS),
    "contingent:user_data": Case(expect=school_page(*REPORTERS)),
}
