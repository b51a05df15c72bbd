"""Django's database sessions, read by one statement written once and prepared once per connection
(core.prepared): the session is read on every page, and compiling its ORM query cost more than
running it."""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from core import prepared


class SessionStore(db.SessionStore):
    _sql = None

    def _get_session_from_db(self):
        model = self.model
        if SessionStore._sql is None:
            SessionStore._sql = (
                f"SELECT session_data FROM {model._meta.db_table}"
                " WHERE session_key = %(key)s AND expire_date > %(now)s"
            )
        with connections[router.db_for_read(model)].cursor() as cursor:
            prepared.execute(
                cursor,
                "core_session",
                SessionStore._sql,
                {"key": self.session_key, "now": timezone.now()},
                history=False,
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
