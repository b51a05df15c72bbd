"""Roles held per organisation (ORG-2). A delegation (STF-7) is a role with a validity period."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    DISTRICT_OFFICIAL = "district_official", _("District official")
    DIRECTOR = "director", _("Director")
    DEPUTY_DIRECTOR = "deputy_director", _("Deputy director")
    HR_OFFICER = "hr_officer", _("HR officer")
    RECORDS_CLERK = "records_clerk", _("Records clerk")
    SECRETARY = "secretary", _("Secretary")
    SCHOOL_ADMIN = "school_admin", _("School system administrator")
    CLASS_TEACHER = "class_teacher", _("Class teacher")
    TEACHER = "teacher", _("Teacher")
    PARENT = "parent", _("Parent or guardian")
    STUDENT = "student", _("Student")


DISTRICT_ROLES = {Role.DISTRICT_OFFICIAL}
SCHOOL_STAFF_ROLES = {
    Role.DIRECTOR,
    Role.DEPUTY_DIRECTOR,
    Role.HR_OFFICER,
    Role.RECORDS_CLERK,
    Role.SECRETARY,
    Role.SCHOOL_ADMIN,
    Role.CLASS_TEACHER,
    Role.TEACHER,
}


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            user__is_active=True,
        )


@pghistory.track()
class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    school = models.ForeignKey(
        "core.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("school"),
    )
    district = models.ForeignKey(
        "core.District",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("district"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="system_admin", school__isnull=True, district__isnull=True)
                    | Q(role="district_official", school__isnull=True, district__isnull=False)
                    | (
                        ~Q(role__in=["system_admin", "district_official"])
                        & Q(school__isnull=False, district__isnull=True)
                    )
                ),
                name="role_assignment_organisation_matches_role",
                violation_error_message=_("This role is held in another kind of organisation."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="role_assignment_period_ordered",
                violation_error_message=_("The end of the period cannot be before its start."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "school"],
                condition=Q(valid_from__isnull=True, valid_to__isnull=True, district__isnull=True),
                name="role_assignment_unique_permanent_school_role",
                violation_error_message=_("This person already holds this role."),
            ),
        ]

    def __str__(self):
        return f"{self.user} - {self.get_role_display()}"
