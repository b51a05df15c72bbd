"""Every community URL x every role of the cast (covers ORG-3 for KG-1..KG-4): another school's or
another person's course, test, attempt, portfolio, conversation and board is a 404."""

from tests.community.conftest import build_community
from tests.url_matrix import Case, everyone

NO_SCHOOL = {"district_official": 403}
HEADS = ("director", "deputy_director")


def ok(*roles, status=200):
    return {r: status for r in roles}


def _c(cast):
    return build_community(cast)


def course(cast):
    return {"pk": _c(cast).course.pk}


def test(cast):
    return {"pk": _c(cast).test.pk}


def child_person(cast):
    return {"pk": _c(cast).world.child.person_id}


# A school page every member of a school may open (the district official has no current school).
SCHOOL_PAGE = everyone(200) | NO_SCHOOL
COURSE_SEEN = ok(*HEADS, "teacher", "student")
COURSE_TEACHING = ok(*HEADS, "teacher") | {"student": 403}
PORTFOLIO_OF_CHILD = ok(*HEADS, "class_teacher", "parent")
BOARD_A = ok(*HEADS, "class_teacher", "parent")


def _404(expect):
    """Whoever is not named does not see the object at all: 404."""
    return everyone(404) | expect


URL_CASES = {
    "community:calendar": Case(expect=SCHOOL_PAGE),
    "community:calendar_ics": Case(expect=SCHOOL_PAGE),
    "community:event_create": Case(expect=ok(*HEADS, "school_admin", "director_b")),
    "community:course_list": Case(expect=SCHOOL_PAGE),
    "community:course_create": Case(expect=ok(*HEADS, "class_teacher", "teacher", "director_b")),
    "community:course_detail": Case(kwargs=course, expect=_404(COURSE_SEEN)),
    "community:course_edit": Case(kwargs=course, expect=_404(COURSE_TEACHING)),
    "community:material_create": Case(kwargs=course, expect=_404(COURSE_TEACHING)),
    "community:material_file": Case(
        kwargs=lambda cast: {"pk": _c(cast).material.pk}, expect=_404(COURSE_SEEN)
    ),
    "community:test_create": Case(kwargs=course, expect=_404(COURSE_TEACHING)),
    "community:test_detail": Case(kwargs=test, expect=_404(COURSE_SEEN)),
    "community:question_create": Case(kwargs=test, expect=_404(COURSE_TEACHING)),
    "community:test_to_journal": Case(kwargs=test, expect=_404(COURSE_TEACHING)),
    "community:test_take": Case(kwargs=test, expect=_404(ok("student") | ok(*HEADS, "teacher", status=403))),
    "community:attempt_detail": Case(
        kwargs=lambda cast: {"pk": _c(cast).attempt.pk}, expect=_404(ok(*HEADS, "teacher", "student"))
    ),
    "community:answer_grade": Case(
        kwargs=lambda cast: {"pk": _c(cast).attempt.answers.last().pk},
        method="post",
        data=lambda cast: {"points": "2"},
        expect=_404(ok(*HEADS, "teacher", status=302) | {"student": 403}),
    ),
    "community:portfolio": Case(
        kwargs=lambda cast: _c(cast) and {},
        expect=everyone(302) | ok(*HEADS, "class_teacher", "parent", "director_b"),
    ),
    "community:portfolio_person": Case(kwargs=child_person, expect=_404(PORTFOLIO_OF_CHILD)),
    "community:portfolio_add": Case(kwargs=child_person, expect=_404(PORTFOLIO_OF_CHILD)),
    "community:portfolio_scan": Case(
        kwargs=lambda cast: {"pk": _c(cast).entry.pk}, expect=_404(PORTFOLIO_OF_CHILD)
    ),
    "community:inbox": Case(expect=everyone(200)),
    "community:conversation_create": Case(expect=everyone(200)),
    "community:conversation": Case(
        kwargs=lambda cast: {"pk": _c(cast).conversation.pk}, expect=_404(ok("parent", "class_teacher"))
    ),
    "community:boards": Case(expect=everyone(200)),
    "community:board": Case(kwargs=lambda cast: {"pk": _c(cast).world.class_a.pk}, expect=_404(BOARD_A)),
    "community:class_post": Case(
        kwargs=lambda cast: {"pk": _c(cast).world.class_a.pk, "kind": "board"},
        method="post",
        data=lambda cast: {"body": "Вопрос"},
        expect=_404(ok(*HEADS, "class_teacher", "parent", status=302)),
    ),
    "community:class_post_moderate": Case(
        kwargs=lambda cast: {"pk": _c(cast).board_post.pk},
        method="post",
        data=lambda cast: {"hide": "1"},
        expect=_404(ok(*HEADS, "class_teacher", status=302) | {"parent": 403}),
    ),
}
