"""Statements prepared once per database connection (core.prepared): the session, the user's row
versions and the unread count on every page, opening day's submission (ADM-1), and querysets compiled
once (the personal file's sections, CON-5)."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from contingent.models import Movement, MovementKind, SchoolClass
from core import prepared
from tests.contingent.factories import make_class, make_student

pytestmark = pytest.mark.django_db

SQL = "SELECT %(a)s::integer + %(b)s::integer, %(a)s::integer * 2, 'x%%'"


def run(name, sql=SQL, **params):
    with connection.cursor() as cursor:
        prepared.execute(cursor, name, sql, params, history=not name.endswith("_read"))
        return cursor.fetchone()


def test_a_statement_is_prepared_once_per_connection_and_gives_what_the_plain_statement_gives():
    """covers ADM-1"""
    with connection.cursor() as cursor:
        cursor.execute(SQL, {"a": 2, "b": 3})
        plain = cursor.fetchone()
    with CaptureQueriesContext(connection) as first:
        assert run("test_sum", a=2, b=3) == plain == (5, 4, "x%")
    with CaptureQueriesContext(connection) as second:
        assert run("test_sum", a=10, b=None) == (None, 20, "x%")
    sent = [q["sql"] for q in first.captured_queries + second.captured_queries]
    assert sent[0].startswith("PREPARE test_sum AS SELECT $1::integer + $2::integer, $1::integer * 2, 'x%'")
    assert sent[1:] == ["EXECUTE test_sum(2, 3)", "EXECUTE test_sum(10, NULL)"]


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_again():
    """covers ADM-1"""
    assert run("test_reconnect", a=1, b=1)[0] == 2
    connection.close()  # what CONN_MAX_AGE does after a while
    with CaptureQueriesContext(connection) as again:
        assert run("test_reconnect", a=2, b=2)[0] == 4
    assert again.captured_queries[0]["sql"].startswith("PREPARE test_reconnect")


def test_a_failing_execution_and_a_rolled_back_transaction_keep_the_statement():
    """covers ADM-1 (a prepared statement outlives the transaction that prepared it)"""
    insert = (
        'INSERT INTO admissions_ratecounter (key, "window", count) VALUES (%(key)s, 1, 1) RETURNING count'
    )
    with transaction.atomic():
        run("test_insert", insert, key="k")
        transaction.set_rollback(True)
    run("test_insert", insert, key="k")
    with pytest.raises(IntegrityError), transaction.atomic():
        run("test_insert", insert, key="k")  # the same key again: the unique (key, window)
    with CaptureQueriesContext(connection) as after:
        assert run("test_insert", insert, key="k2") == (1,)
    assert [q["sql"] for q in after.captured_queries] == ["EXECUTE test_insert('k2')"]


def test_behind_a_transaction_pooler_the_statement_is_sent_as_it_is(monkeypatch):
    """covers ADM-1 (PgBouncer in transaction mode hands each transaction to any server connection)"""
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    with CaptureQueriesContext(connection) as sent:
        assert run("test_pooled", a=1, b=2)[0] == 3
    assert [q["sql"] for q in sent.captured_queries] == [
        "SELECT 1::integer + 2::integer, 1::integer * 2, 'x%'"
    ]


def test_one_name_is_one_statement():
    """covers ADM-1"""
    run("test_named", a=1, b=1)
    with pytest.raises(ValueError):
        run("test_named", "SELECT %(a)s", a=1)
    with pytest.raises(ValueError):
        run("bad name; DROP TABLE x", a=1, b=1)


def test_a_statement_built_per_request_is_prepared_under_its_own_variant_name():
    """covers JRN-2 (the journal's lesson, roster and grid statements differ by the user's scope and the
    subgroup's kind: one prepared statement per text, with a list of parameters)"""
    one = "SELECT %s::integer + 1, 'y%%' WHERE %s::integer = ANY(%s)"
    two = "SELECT %s::integer + 2, 'y%%' WHERE %s::integer = ANY(%s)"
    assert prepared.variant("test_v", one) != prepared.variant("test_v", two)
    assert prepared.variant("test_v", one) == prepared.variant("test_v", one)
    with connection.cursor() as cursor:
        cursor.execute(one, [1, 3, [3, 4]])
        plain = cursor.fetchone()
    with CaptureQueriesContext(connection) as sent, connection.cursor() as cursor:
        prepared.execute(cursor, prepared.variant("test_v", one), one, [1, 3, [3, 4]], history=False)
        assert cursor.fetchone() == plain == (2, "y%")
        prepared.execute(cursor, prepared.variant("test_v", one), one, [5, 1, []], history=False)
        assert cursor.fetchone() is None
        prepared.select(cursor, "test_v", two, [1, 3, [3]])  # the same, named for its text
        assert cursor.fetchone() == (3, "y%")
    statements = [q["sql"] for q in sent.captured_queries]
    assert statements[0].endswith("AS SELECT $1::integer + 1, 'y%' WHERE $2::integer = ANY($3)")
    assert statements[1].startswith("EXECUTE test_v_") and statements[1].endswith("(1, 3, ARRAY[3,4])")
    assert [s.split(" ")[0] for s in statements] == ["PREPARE", "EXECUTE", "EXECUTE", "PREPARE", "EXECUTE"]


def _movements(student_id):
    return (
        Movement.objects.filter(student_id=student_id)
        .select_related("order", "from_class", "to_class")
        .order_by("date", "pk")
    )


def _state(obj):
    """An instance as the ORM built it: its fields, and the related objects select_related filled in."""
    if obj is None:
        return None
    fields = {k: v for k, v in vars(obj).items() if k != "_state"}
    related = {k: _state(v) for k, v in obj._state.fields_cache.items()}
    return fields, related, obj._state.db, obj._state.adding


def test_a_queryset_is_compiled_once_and_gives_the_instances_the_orm_gives(cast):
    """covers CON-5 (the personal file's sections, read by prepared statements)"""
    author = cast.users["director"]
    one_a, one_b = make_class(cast.school_a, 1, "А"), make_class(cast.school_a, 1, "Б")
    moved = make_student(cast.school_a, one_a, author)
    Movement.objects.create(
        school=cast.school_a,
        student=moved,
        kind=MovementKind.TRANSFER,
        from_class=one_a,
        to_class=one_b,
        order=Movement.objects.get(student=moved).order,
        date=datetime.date(2026, 10, 1),
    )
    placed = make_student(cast.school_a, one_b, author)
    unplaced = make_student(cast.school_a)  # no movement at all
    with CaptureQueriesContext(connection) as sent:
        for student in (moved, placed, unplaced, moved):
            got = prepared.instances("test_movements", _movements, student.pk)
            assert [_state(m) for m in got] == [_state(m) for m in _movements(student.pk)]
    assert [_state(m.from_class) for m in prepared.instances("test_movements", _movements, moved.pk)] == [
        None,  # an enrolment comes from no class: the related object is None, as the ORM gives it
        _state(SchoolClass.objects.get(pk=one_a.pk)),
    ]
    statements = [q["sql"] for q in sent.captured_queries if "test_movements" in q["sql"]]
    assert [s.split(" ")[0] for s in statements] == ["PREPARE", "EXECUTE", "EXECUTE", "EXECUTE", "EXECUTE"]
    assert statements[1] == f"EXECUTE test_movements({moved.pk})"


def test_a_prepared_queryset_takes_ids_its_statement_compares_and_nothing_else(cast):
    """covers CON-5"""
    with pytest.raises(ValueError):  # the id is not in the statement: the result could not vary with it
        prepared.instances("test_ignores_id", lambda pk: Movement.objects.all(), 1)
    with pytest.raises(ValueError):
        prepared.instances("test_values", lambda pk: Movement.objects.filter(pk=pk).values("pk"), 1)
    with pytest.raises(ValueError):
        prepared.instances(
            "test_prefetch", lambda pk: Movement.objects.filter(pk=pk).prefetch_related("order"), 1
        )


def test_behind_a_transaction_pooler_a_prepared_queryset_is_sent_as_it_is(cast, monkeypatch):
    """covers CON-5"""
    student = make_student(cast.school_a, make_class(cast.school_a), cast.users["director"])
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    with CaptureQueriesContext(connection) as sent:
        got = prepared.instances("test_pooled_movements", _movements, student.pk)
    assert [_state(m) for m in got] == [_state(m) for m in _movements(student.pk)]
    assert sent.captured_queries[0]["sql"].startswith("SELECT ")
