"""The one scoping entry point of every school-owned model: `Model.objects.visible_to(user)`."""

from django.db import models
from django.db.models import Q


class SchoolQuerySet(models.QuerySet):
    def visible_to(self, user):
        from core.permissions import district_ids, is_system_admin, member_school_ids

        if is_system_admin(user):
            return self
        return self.filter(Q(pk__in=member_school_ids(user)) | Q(district_id__in=district_ids(user)))


class SchoolOwnedQuerySet(models.QuerySet):
    """Rows that carry their school (or reach it through `school_path`). Personal data: school members only;
    a district official sees aggregates through reports, never these rows."""

    school_path = "school"

    def visible_to(self, user):
        from core.permissions import is_system_admin, member_school_ids

        if is_system_admin(user):
            return self
        return self.filter(**{f"{self.school_path}__in": member_school_ids(user)})

    def for_school(self, school):
        return self.filter(**{self.school_path: school})
