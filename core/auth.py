"""The logged-in user of every request, with what every page reads of her: her person, her active role
assignments (their schools, districts and regions) and her schools' current academic years.

Reading them through the ORM cost about a third of a list page's CPU, on every page. So they are kept
per process, and each request checks them with one raw statement that returns only the versions of
their rows (PostgreSQL's `xmin` and `ctid`: the transaction that wrote the row and where it lies; an
UPDATE writes a new version elsewhere, even inside one transaction) and today's date: any change to the
user, her person, an assignment, a school, district, region or current year, or a new day (an
assignment's validity) reloads them through the ORM. Nothing is ever served stale. Each request gets
its own copies, so a view that changes an object in memory cannot leak into another request.

The same statement reads the user's figures that every page shows (add_user_figure), for this request
only: one statement a page fewer.
"""

import copy
import threading
from collections import OrderedDict

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.utils import timezone

from core import prepared

_MAX_USERS = 4096
_cache = OrderedDict()
_lock = threading.Lock()
_sql = None

# Figures of the signed-in user that every page shows (the unread messages' badge), read as columns of
# her versions' statement rather than by a statement each: {name: a scalar SQL of %(user)s}. An app
# adds its own in AppConfig.ready(), before the first request builds the statement.
_FIGURES = {}


def add_user_figure(name, sql):
    if _sql is not None:
        raise RuntimeError("User figures are added in AppConfig.ready(), before the first request.")
    _FIGURES[name] = sql


def user_figure(user, name, read):
    """The figure `name` as read with the user on this request, or `read(user)` for a user not loaded
    by load_user or after forget_user_figure()."""
    figures = getattr(user, "_mektep_figures", None)
    if figures is not None and name in figures:
        return figures[name]
    return read(user)


def forget_user_figure(user, name):
    """The request has changed what the figure counts: later reads in it run anew."""
    figures = getattr(user, "_mektep_figures", None)
    if figures is not None:
        figures.pop(name, None)


def _versions_sql():
    """Built once from the models' table names (no literal table name to keep in step)."""
    global _sql
    if _sql is None:
        from django.contrib.auth import get_user_model

        from core.models import AcademicYear, District, Person, Region, RoleAssignment, School

        t = {
            "user": get_user_model()._meta.db_table,
            "person": Person._meta.db_table,
            "ra": RoleAssignment._meta.db_table,
            "school": School._meta.db_table,
            "district": District._meta.db_table,
            "region": Region._meta.db_table,
            "year": AcademicYear._meta.db_table,
        }
        # The assignment's filter is RoleAssignmentQuerySet.active() (the user's is_active is in u's
        # version). Scalar subqueries rather than eight joins: PostgreSQL plans them in a third of the time.
        v = "{0}.xmin::text || {0}.ctid::text"
        _sql = f"""
            SELECT {v.format("u")},
                (SELECT {v.format("p")} FROM {t["person"]} p WHERE p.id = u.person_id),
                ra.id, {v.format("ra")},
                (SELECT {v.format("s")} || {v.format("d")} || {v.format("r")}
                   FROM {t["school"]} s JOIN {t["district"]} d ON d.id = s.district_id
                   JOIN {t["region"]} r ON r.id = d.region_id WHERE s.id = ra.school_id),
                (SELECT {v.format("rd")} FROM {t["district"]} rd WHERE rd.id = ra.district_id),
                (SELECT string_agg(y.id::text || ':' || {v.format("y")}, ',' ORDER BY y.id)
                   FROM {t["year"]} y WHERE y.school_id = ra.school_id AND y.is_current)
                {"".join(f", ({sql})" for sql in _FIGURES.values())}
            FROM {t["user"]} u
            LEFT JOIN {t["ra"]} ra ON ra.user_id = u.id
                AND (ra.valid_from IS NULL OR ra.valid_from <= %(today)s)
                AND (ra.valid_to IS NULL OR ra.valid_to >= %(today)s)
            WHERE u.id = %(user)s
            ORDER BY ra.id
        """
    return _sql


def _load(user_id, today):
    """The user and what comes with her, through the ORM (on a change only)."""
    from django.contrib.auth import get_user_model

    from core.models import AcademicYear, RoleAssignment

    user = get_user_model().objects.select_related("person").filter(pk=user_id).first()
    if user is None:
        return None
    assignments = list(
        RoleAssignment.objects.active(today)
        .filter(user_id=user_id)
        .select_related("school__district__region", "district")
        .order_by("pk")
    )
    school_ids = {a.school_id for a in assignments if a.school_id}
    years = {y.school_id: y for y in AcademicYear.objects.filter(school_id__in=school_ids, is_current=True)}
    return user, assignments, years


def _fresh(instance, copies=None):
    """A copy of a model instance and of the related objects it holds (a user and her person hold
    each other), for one request."""
    copies = {} if copies is None else copies
    if id(instance) in copies:
        return copies[id(instance)]
    clone = copies[id(instance)] = copy.copy(instance)  # Model.__getstate__ copies _state, fields_cache
    cache = clone._state.fields_cache
    for name, related in cache.items():
        if related is not None:
            cache[name] = _fresh(related, copies)
    return clone


def load_user(user_id):
    """The user with her person, role assignments and current years, checked by one statement."""
    today = timezone.localdate()
    with connection.cursor() as cursor:
        prepared.execute(
            cursor, "core_user_versions", _versions_sql(), {"user": user_id, "today": today}, history=False
        )
        rows = cursor.fetchall()
    if not rows:
        return None
    # The figures are the rows' last columns, the same on every row, and no part of the versions.
    width = len(rows[0]) - len(_FIGURES)
    figures = dict(zip(_FIGURES, rows[0][width:], strict=True))
    versions = (today, tuple(row[:width] for row in rows))
    with _lock:
        entry = _cache.get(user_id)
        if entry is not None:
            _cache.move_to_end(user_id)
    if entry is None or entry[0] != versions:
        loaded = _load(user_id, today)
        if loaded is None:
            return None
        entry = (versions, loaded)
        with _lock:
            _cache[user_id] = entry
            while len(_cache) > _MAX_USERS:
                _cache.popitem(last=False)
    user, assignments, years = entry[1]
    user = _fresh(user)
    user._mektep_roles = [_fresh(a) for a in assignments]
    user._mektep_years = {school_id: copy.copy(year) for school_id, year in years.items()}
    user._mektep_figures = figures
    return user


def current_year(user, school):
    """The current academic year of `school`, known with the user's assignments for her own schools."""
    years = getattr(user, "_mektep_years", None)
    if years is not None and school.pk in years:
        return years[school.pk]
    if years is not None and school.pk in {a.school_id for a in getattr(user, "_mektep_roles", ())}:
        return None  # her school, and it has no current year
    from core.models import AcademicYear

    return AcademicYear.objects.filter(school=school, is_current=True).first()


class UserBackend(ModelBackend):
    """Django's model backend, whose per-request user comes from load_user()."""

    def get_user(self, user_id):
        user = load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
