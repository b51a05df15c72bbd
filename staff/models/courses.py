"""Qualification courses: planned, requested, completed (STF-8)."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.validators import TEXT_LIMIT, text_length_constraint, validate_plain_text

from .absences import OwnFileQuerySet
from .employees import Employee, QualificationCategory


class CourseKind(models.TextChoices):
    PLANNED = "planned", _("planned")
    EXTRAORDINARY = "extraordinary", _("extraordinary")


class CourseStatus(models.TextChoices):
    REQUESTED = "requested", _("requested by the employee")
    PLANNED = "planned", _("planned")
    COMPLETED = "completed", _("completed")
    REJECTED = "rejected", _("request rejected")


class AttestationConclusion(models.TextChoices):
    NONE = "", _("not attested yet")
    ATTESTED = "attested", _("attested")
    NOT_ATTESTED = "not_attested", _("not attested")


class CourseQuerySet(OwnFileQuerySet):
    def requested(self):
        return self.filter(status=CourseStatus.REQUESTED)

    def planned(self):
        return self.filter(status=CourseStatus.PLANNED)

    def completed(self):
        return self.filter(status=CourseStatus.COMPLETED)


@pghistory.track()
class Course(models.Model):
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="courses", verbose_name=_("employee")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CourseStatus.choices, default=CourseStatus.PLANNED
    )
    name = models.CharField(_("course name"), max_length=255, validators=[validate_plain_text])
    direction = models.CharField(
        _("course direction"), max_length=255, blank=True, validators=[validate_plain_text]
    )
    start = models.DateField(_("course start"))
    end = models.DateField(_("course end"))
    place = models.CharField(
        _("place of the course"), max_length=255, blank=True, validators=[validate_plain_text]
    )
    kind = models.CharField(_("type"), max_length=15, choices=CourseKind.choices, default=CourseKind.PLANNED)
    description = models.TextField(
        _("description of the course"), max_length=TEXT_LIMIT, blank=True, validators=[validate_plain_text]
    )
    # completion (confirmation)
    certificate_number = models.CharField(
        _("certificate number"), max_length=50, blank=True, validators=[validate_plain_text]
    )
    certificate_date = models.DateField(_("date of issue"), null=True, blank=True)
    category = models.CharField(
        _("qualification category"), max_length=20, choices=QualificationCategory.choices, blank=True
    )
    issued_by = models.CharField(
        _("organisation that issued the document"),
        max_length=255,
        blank=True,
        validators=[validate_plain_text],
    )
    attestation_date = models.DateField(_("date of attestation"), null=True, blank=True)
    conclusion = models.CharField(
        _("conclusion of the attestation commission"),
        max_length=15,
        choices=AttestationConclusion.choices,
        blank=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("qualification course")
        verbose_name_plural = _("qualification courses")
        ordering = ["-start", "employee__person__last_name"]
        constraints = [
            text_length_constraint("description", "course_description_length"),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="course_end_not_before_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=~Q(status="completed")
                | (~Q(certificate_number="") & Q(certificate_date__isnull=False)),
                name="course_completed_has_certificate",
                violation_error_message=_(
                    "A completed course needs the certificate number and date of issue."
                ),
            ),
        ]

    def __str__(self):
        return self.name
