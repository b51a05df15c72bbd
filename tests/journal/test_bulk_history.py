"""A year of lessons, attendance and marks written at once (the demo, materialise) keeps the same
history as rows written one by one (JRN-7, DESIGN rule 8)."""

import datetime

import pghistory
import pytest
from django.apps import apps

from core.history import bulk_create_tracked
from journal import services
from journal.models import Lesson, Mark

pytestmark = pytest.mark.django_db


def test_rows_made_at_once_get_the_insert_events_their_trigger_would_write(cast, jw):
    """covers JRN-7"""
    LessonEvent = apps.get_model("journal", "LessonEvent")
    MarkEvent = apps.get_model("journal", "MarkEvent")
    marks = bulk_create_tracked(
        Mark, [Mark(lesson=jw.lesson, student=s, kind="fo", value=7) for s in jw.students]
    )
    events = MarkEvent.objects.filter(lesson_id=jw.lesson.pk)
    assert sorted(events.values_list("pgh_obj_id", "student_id", "value", "pgh_label")) == sorted(
        (m.pk, m.student_id, 7, "insert") for m in marks
    )
    assert all(e.pgh_context_id is None for e in events)  # no one acting: as the trigger writes it
    start = jw.period2.start
    new = [
        Lesson(
            school=cast.school_a,
            period=jw.period2,
            subgroup=jw.subgroup,
            date=start + datetime.timedelta(days=i),
            number=5,
            topic=f"Тема {i}",
        )
        for i in range(3)
    ]
    taken = Lesson(
        school=cast.school_a,
        period=jw.period2,
        subgroup=jw.subgroup,
        date=jw.lesson.date,
        number=jw.lesson.number,
    )
    with pghistory.context(user=cast.deputy_director.pk):
        bulk_create_tracked(
            Lesson,
            [*new, taken],
            ignore_conflicts=True,
            candidates=Lesson.objects.filter(subgroup=jw.subgroup),
        )
    made = Lesson.objects.filter(subgroup=jw.subgroup, number=5)
    events = LessonEvent.objects.filter(pgh_obj__in=made).select_related("pgh_context")
    assert sorted((e.pgh_label, e.date, e.topic) for e in events) == [
        ("insert", start + datetime.timedelta(days=i), f"Тема {i}") for i in range(3)
    ]
    assert {e.pgh_context.metadata["user"] for e in events} == {cast.deputy_director.pk}
    # the lesson that was there keeps its single insert event (the conflicting row made none)
    assert LessonEvent.objects.filter(pgh_obj_id=jw.lesson.pk, pgh_label="insert").count() == 1

    # the trigger is back for the next change
    services.mark_set(acting_user=cast.teacher, lesson=jw.lesson, student=jw.students[0], kind="fo", value=9)
    assert MarkEvent.objects.filter(pgh_obj_id=marks[0].pk).count() == 2
