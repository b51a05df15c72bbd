"""Every journal URL x every role of the cast (covers ORG-3 for JRN-1..JRN-7). A lesson or journal page of
school A is a 404 for school B's director; roles without a journal right get a 403."""

from django.core.files.base import ContentFile

from tests.journal.conftest import build_journal
from tests.url_matrix import Case

KEEPERS = ("director", "deputy_director", "class_teacher", "teacher")
OUTSIDERS = {"director_b": 404}


def ok(*roles, status=200, **extra):
    return {r: status for r in roles} | extra


def lesson(cast):
    return {"pk": build_journal(cast).lesson.pk}


def lesson_with_file(cast):
    jw = build_journal(cast)
    jw.lesson.homework_file.save("hw.pdf", ContentFile(b"%PDF-1.4 test"))
    return {"pk": jw.lesson.pk}


def cell(cast):
    jw = build_journal(cast)
    return {"pk": jw.lesson.pk, "student": jw.students[0].pk}


def subgroup(cast):
    return {"pk": build_journal(cast).subgroup.pk}


def tap(cast):
    return {"student": build_journal(cast).students[0].pk, "status": "absent", "kind": "fo", "value": 8}


def grid_cell(cast):
    jw = build_journal(cast)
    return {"lesson": jw.lesson.pk, "student": jw.students[0].pk, "text": "8"}


def period(cast):
    return {"pk": build_journal(cast).period1.pk}


def exemption(cast):
    import datetime

    from journal.models import Exemption

    jw = build_journal(cast)
    start = jw.period1.start
    row = Exemption.objects.create(
        school=cast.school_a,
        student=jw.students[0],
        subject=jw.subject,
        starts=start,
        ends=start + datetime.timedelta(days=400),
        reason="Справка ВКК",
    )
    return {"pk": row.pk}


def kept_lesson(cast):
    """A lesson with attendance: every head's removal answers with a message and it stays for the next."""
    from journal.models import Attendance

    jw = build_journal(cast)
    Attendance.objects.get_or_create(lesson=jw.lesson, student=jw.students[0], defaults={"status": "absent"})
    return {"pk": jw.lesson.pk}


HEADS = ("director", "deputy_director", "director_b")

URL_CASES = {
    "journal:day": Case(expect=ok(*KEEPERS, director_b=200)),
    "journal:lesson": Case(kwargs=lesson, expect=ok(*KEEPERS) | OUTSIDERS),
    # without htmx a tap answers with a redirect back to the lesson (a refusal as a message)
    "journal:attendance": Case(
        kwargs=lesson, method="post", data=tap, expect=ok(*KEEPERS, status=302) | OUTSIDERS
    ),
    "journal:mark": Case(kwargs=lesson, method="post", data=tap, expect=ok(*KEEPERS, status=302) | OUTSIDERS),
    "journal:homework_file": Case(kwargs=lesson_with_file, expect=ok(*KEEPERS, "parent"), default=404),
    "journal:journals": Case(expect=ok(*KEEPERS, director_b=200)),
    "journal:grid": Case(kwargs=subgroup, expect=ok(*KEEPERS) | OUTSIDERS),
    # the class teacher reads her class's journal but does not keep another teacher's subject: a message (200)
    "journal:grid_cell": Case(
        kwargs=subgroup, method="post", data=grid_cell, expect=ok(*KEEPERS) | OUTSIDERS
    ),
    "journal:cell_history": Case(kwargs=cell, expect=ok(*KEEPERS) | OUTSIDERS),
    "journal:finals": Case(kwargs=subgroup, expect=ok(*KEEPERS) | OUTSIDERS),
    "journal:periods": Case(expect=ok("director", "deputy_director", "director_b")),
    "journal:period_close": Case(
        kwargs=period, method="post", expect=ok("director", "deputy_director", status=302) | OUTSIDERS
    ),
    "journal:diary": Case(expect=ok("parent", "student")),
    "journal:reports": Case(expect=ok("director", "deputy_director", "director_b")),
    "journal:report": Case(
        kwargs=lambda cast: {"report": "performance"}, expect=ok("director", "deputy_director", "director_b")
    ),
    "journal:extra_lessons": Case(expect=ok(*HEADS)),
    "journal:extra_lesson_subgroups": Case(expect=ok(*HEADS), query="school_class=1"),
    "journal:extra_lesson_remove": Case(
        kwargs=kept_lesson, method="post", expect=ok("director", "deputy_director", status=302) | OUTSIDERS
    ),
    "journal:exemptions": Case(expect=ok(*HEADS)),
    "journal:exemption_student_search": Case(expect=ok(*HEADS), query="q=a"),
    "journal:exemption_end": Case(
        kwargs=exemption, method="post", expect=ok("director", "deputy_director", status=302) | OUTSIDERS
    ),
    "journal:grading_rules": Case(expect=ok(*HEADS)),
}
