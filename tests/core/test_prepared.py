"""Statements prepared once per database connection (core.prepared): the session, the user's row
versions and the unread count on every page, and opening day's submission (ADM-1)."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from core import prepared

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
