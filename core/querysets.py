"""The one scoping entry point of every school-owned model: `Model.objects.visible_to(user)`.

One shape (DESIGN rule 1): `visible_to` is written once, here. The system administrator sees every
row, an anonymous user none; anybody else the rows of `visibility(user)`, a Q object a model's
queryset overrides when its rule is finer than "the schools where the user holds a role"."""

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import Q


class SchoolOwnedQuerySet(models.QuerySet):
    """Rows that carry their school (or reach it through `school_path`). Personal data: school members only;
    a district official sees aggregates through reports, never these rows."""

    school_path = "school"

    def visible_to(self, user):
        from core.permissions import is_system_admin

        if is_system_admin(user):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(self.visibility(user))

    def visibility(self, user):
        from core.permissions import member_school_ids

        return Q(**{f"{self.school_path}__in": member_school_ids(user)})

    def for_school(self, school):
        return self.filter(**{self.school_path: school})


class SchoolQuerySet(SchoolOwnedQuerySet):
    """Schools themselves: one's own schools, and a district official's subordinate schools."""

    school_path = "pk"

    def visibility(self, user):
        from core.permissions import district_ids, member_school_ids

        return Q(pk__in=member_school_ids(user)) | Q(district_id__in=district_ids(user))


def count_each(querysets):
    """The number of rows of each queryset, in one statement: one round trip and one plan for the
    home page's dozen figures instead of a statement each. Each queryset is compiled by the ORM as
    for its own .count(); they must read one database."""
    querysets = list(querysets)
    if not querysets:
        return []
    parts, params = [], []
    for i, queryset in enumerate(querysets):
        try:
            sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # .none(), or an empty __in: nothing to count
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{i})")
        params.extend(query_params)
    databases = {queryset.db for queryset in querysets}
    if len(databases) > 1:
        raise ValueError(f"count_each reads one database, not {sorted(databases)}")
    with connections[databases.pop()].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        return list(cursor.fetchone())
