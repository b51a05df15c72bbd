"""Report reads go to a read replica when one is configured (DESIGN "Scale").

`REPLICA_DATABASE_URL` adds a `replica` database; the report views read inside `replica_reads()`, and
`ReplicaRouter` sends their ORM reads there; the raw SQL of `reports.selectors` uses `read_db()`.
Without a replica every read stays on `default`, so nothing changes for a single-server install.
Writes always go to `default`."""

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
_reading = contextvars.ContextVar("mektep_report_reads", default=False)


def replica_configured():
    return REPLICA in settings.DATABASES


def read_db():
    """The database report queries read from now."""
    return REPLICA if _reading.get() and replica_configured() else "default"


@contextlib.contextmanager
def replica_reads():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reading.get() and replica_configured() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
