"""A prepared statement on opening day keeps pghistory's context only where a tracked table changes
(core.prepared, ADM-1)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.core.test_prepared import run


def test_a_statement_without_history_goes_without_the_context_and_a_tracked_write_keeps_it(cast, adm):
    """covers ADM-1 (pghistory's context, sent on every POST before each statement but a SELECT, is
    left out of the EXECUTE of a prepared SELECT and of the flood counter, which change no tracked
    table; the application's INSERT keeps it, so its history event has the request's context)"""
    import pghistory
    from django.apps import apps

    from admissions.services import rate_limited
    from tests.admissions.conftest import submit

    with pghistory.context(url="/admissions/apply/"):
        with CaptureQueriesContext(connection) as sent:
            assert run("test_read", a=1, b=1)[0] == 2
            assert run("test_write", a=1, b=1)[0] == 2
        application = submit(cast, adm)
        # the context is put back after a read
        assert run("test_read", a=1, b=2)[0] == 3
        with CaptureQueriesContext(connection) as counted:
            rate_limited("apply:10.0.0.1", 5)
            rate_limited("apply:10.0.0.1", 5)
    assert counted.captured_queries[-1]["sql"].startswith(
        "EXECUTE adm_rate_hit_in_transaction('apply:10.0.0.1', "
    )
    statements = [q["sql"] for q in sent.captured_queries]
    assert statements[0].startswith("PREPARE test_read") and statements[1] == "EXECUTE test_read(1, 1)"
    assert all(s.startswith("SELECT set_config('pghistory.context_id'") for s in statements[2:])
    event = apps.get_model("admissions", "ApplicationEvent").objects.get(pgh_obj=application)
    assert event.pgh_context is not None and event.pgh_context.metadata["url"] == "/admissions/apply/"
