"""Every planning URL x every role. Readers hold planning.view (director, deputy, HR officer), managers
planning.manage (director, deputy), teachers planning.own; school B's director gets 404 on school A's
objects and 200 on her own school's lists."""

from tests.planning.factories import absence, draft, plan
from tests.url_matrix import Case

READERS = {"director": 200, "deputy_director": 200, "hr_officer": 200}
OWN_SCHOOL_READERS = READERS | {"director_b": 200}
MANAGERS = {"director": 200, "deputy_director": 200, "hr_officer": 403}
OWN_SCHOOL_MANAGERS = MANAGERS | {"director_b": 200}
OWNERS = {"director": 200, "deputy_director": 200, "teacher": 200, "class_teacher": 200, "director_b": 200}
HIDDEN = 404


def _class(cast):
    return {"pk": plan(cast).school_class.pk}


def _line(cast):
    return {"pk": plan(cast).math.pk}


def _subgroup(cast):
    return {"pk": plan(cast).math_group.pk}


def _room(cast):
    return {"pk": plan(cast).room.pk}


def _timetable(cast):
    return {"pk": plan(cast, publish=True).timetable.pk}


def _draft(cast):
    plan(cast)
    return {"pk": draft(cast).pk}


def _lesson(cast):
    return {"pk": plan(cast, publish=True).timetable.lessons.first().pk}


def _teacher(cast):
    return {"pk": plan(cast).teacher.pk}


def _absence(cast):
    return {"pk": absence(cast).pk}


def _sub_kwargs(cast):
    ns = plan(cast, publish=True)
    return {"pk": ns.timetable.lessons.filter(weekday=1, subgroup=ns.math_group).first().pk}


def _sub_data(cast):
    return {"date": "2026-09-07", "absence": absence(cast).pk, "cancel": "on"}


POSTED = {"director": 302, "deputy_director": 302, "hr_officer": 403}

URL_CASES = {
    "planning:overview": Case(expect=OWN_SCHOOL_READERS),
    "planning:class_rup": Case(kwargs=_class, expect=READERS | {"director_b": HIDDEN}),
    "planning:copy": Case(kwargs=_class, method="post", expect=POSTED | {"director_b": HIDDEN}),
    "planning:paste": Case(kwargs=_class, expect={**POSTED, "director_b": HIDDEN}),
    "planning:typical_apply": Case(kwargs=_class, expect=MANAGERS | {"director_b": HIDDEN}),
    "planning:class_subject": Case(kwargs=_line, expect=READERS | {"director_b": HIDDEN}),
    "planning:subgroups": Case(
        kwargs=_line,
        expect={"director": 302, "deputy_director": 302, "hr_officer": 302, "director_b": HIDDEN},
    ),
    "planning:class_subject_delete": Case(
        kwargs=_line,
        expect={"director": 302, "deputy_director": 302, "hr_officer": 302, "director_b": HIDDEN},
    ),
    "planning:gup": Case(kwargs=_subgroup, method="post", expect=POSTED | {"director_b": HIDDEN}),
    "planning:ktp": Case(kwargs=_subgroup, expect=OWNERS | {"class_teacher": HIDDEN, "director_b": HIDDEN}),
    "planning:ktp_list": Case(expect=OWNERS),
    "planning:subject_list": Case(expect=OWN_SCHOOL_READERS),
    "planning:subject_create": Case(expect=OWN_SCHOOL_MANAGERS),
    "planning:room_list": Case(expect=OWN_SCHOOL_READERS),
    "planning:room_create": Case(expect=OWN_SCHOOL_MANAGERS),
    "planning:room_edit": Case(kwargs=_room, expect=MANAGERS | {"director_b": HIDDEN}),
    "planning:bell_list": Case(expect=OWN_SCHOOL_READERS),
    "planning:timetable_list": Case(expect=OWN_SCHOOL_READERS),
    "planning:timetable_detail": Case(kwargs=_timetable, expect=READERS | {"director_b": HIDDEN}),
    "planning:timetable_progress": Case(kwargs=_timetable, expect=READERS | {"director_b": HIDDEN}),
    "planning:timetable_generate": Case(
        kwargs=_draft,
        method="post",
        data=lambda c: {"time_limit": "5"},
        expect=POSTED | {"director_b": HIDDEN},
    ),
    "planning:timetable_cancel": Case(kwargs=_draft, method="post", expect=POSTED | {"director_b": HIDDEN}),
    "planning:timetable_publish": Case(kwargs=_draft, method="post", expect=POSTED | {"director_b": HIDDEN}),
    "planning:lesson_add": Case(kwargs=_draft, method="post", expect=POSTED | {"director_b": HIDDEN}),
    "planning:lesson_edit": Case(kwargs=_lesson, expect=MANAGERS | {"director_b": HIDDEN}),
    "planning:substitution_save": Case(
        kwargs=_sub_kwargs, method="post", data=_sub_data, expect=POSTED | {"director_b": HIDDEN}
    ),
    "planning:my_schedule": Case(expect=OWNERS),
    "planning:teacher_schedule": Case(kwargs=_teacher, expect=READERS | {"director_b": HIDDEN}),
    "planning:absence_lessons": Case(kwargs=_absence, expect=READERS | {"director_b": HIDDEN}),
    "planning:teacher_lessons": Case(
        kwargs=_teacher, query="?start=2026-09-07&end=2026-09-11", expect=READERS | {"director_b": HIDDEN}
    ),
    "planning:report_rup": Case(expect=OWN_SCHOOL_READERS),
    "planning:report_gup": Case(expect=OWN_SCHOOL_READERS),
    "planning:report_load": Case(expect=OWN_SCHOOL_READERS),
    "planning:report_load_summary": Case(expect=OWN_SCHOOL_READERS),
    "planning:report_rooms": Case(expect=OWN_SCHOOL_READERS),
}
