"""Sections of the personal file kept as lists (STF-3) and delegations of duties (STF-7)."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Order, RoleAssignment
from core.models.roles import Role
from core.validators import validate_plain_text

from .absences import OwnFileQuerySet
from .employees import Employee


class EducationLevel(models.TextChoices):
    HIGHER = "higher", _("higher")
    POSTGRADUATE = "postgraduate", _("postgraduate")
    VOCATIONAL = "vocational", _("technical and vocational")
    SECONDARY = "secondary", _("general secondary")


@pghistory.track()
class Education(models.Model):
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="education", verbose_name=_("employee")
    )
    level = models.CharField(_("level of education"), max_length=15, choices=EducationLevel.choices)
    institution = models.CharField(
        _("educational institution"), max_length=255, validators=[validate_plain_text]
    )
    speciality = models.CharField(
        _("speciality"), max_length=255, blank=True, validators=[validate_plain_text]
    )
    qualification = models.CharField(
        _("qualification by diploma"), max_length=255, blank=True, validators=[validate_plain_text]
    )
    graduation_year = models.PositiveSmallIntegerField(_("year of graduation"), null=True, blank=True)
    diploma_number = models.CharField(
        _("diploma number"), max_length=50, blank=True, validators=[validate_plain_text]
    )

    objects = OwnFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("education")
        verbose_name_plural = _("education")
        ordering = ["graduation_year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(graduation_year__isnull=True)
                | Q(graduation_year__gte=1940, graduation_year__lte=2100),
                name="education_graduation_year_sane",
                violation_error_message=_("Enter a real year of graduation."),
            )
        ]

    def __str__(self):
        return self.institution


@pghistory.track()
class WorkRecord(models.Model):
    """Work at the organisation: positions held, teaching load and subjects."""

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="work_records", verbose_name=_("employee")
    )
    position = models.CharField(_("position"), max_length=255, validators=[validate_plain_text])
    structural_unit = models.CharField(
        _("structural unit"), max_length=255, blank=True, validators=[validate_plain_text]
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    weekly_hours = models.PositiveSmallIntegerField(_("teaching load, hours a week"), null=True, blank=True)
    subjects = models.CharField(_("subjects"), max_length=255, blank=True, validators=[validate_plain_text])
    language = models.CharField(
        _("language of instruction"), max_length=50, blank=True, validators=[validate_plain_text]
    )

    objects = OwnFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("work at the organisation")
        verbose_name_plural = _("work at the organisation")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="work_record_end_not_before_start",
                violation_error_message=_("The end cannot be before the start."),
            )
        ]

    def __str__(self):
        return self.position


class AwardKind(models.TextChoices):
    AWARD = "award", _("award")
    INCENTIVE = "incentive", _("incentive")


@pghistory.track()
class Award(models.Model):
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="awards", verbose_name=_("employee")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AwardKind.choices, default=AwardKind.AWARD)
    name = models.CharField(
        _("name of the award or incentive"), max_length=255, validators=[validate_plain_text]
    )
    date = models.DateField(_("date"))
    document = models.CharField(
        _("document (order number, certificate)"),
        max_length=255,
        blank=True,
        validators=[validate_plain_text],
    )
    issued_by = models.CharField(
        _("awarded by"), max_length=255, blank=True, validators=[validate_plain_text]
    )

    objects = OwnFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("award or incentive")
        verbose_name_plural = _("awards and incentives")
        ordering = ["-date"]

    def __str__(self):
        return self.name


class DelegationQuerySet(OwnFileQuerySet):
    school_path = "employee__school"


@pghistory.track()
class Delegation(models.Model):
    """Duties (a role) of `employee` handed to `delegate` for a period (STF-7); the access itself is a
    core RoleAssignment valid for the same period."""

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="delegations_given", verbose_name=_("employee")
    )
    delegate = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="delegations_received", verbose_name=_("delegate")
    )
    role = models.CharField(_("duties (role)"), max_length=30, choices=Role.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to (inclusive)"))
    assignment = models.ForeignKey(
        RoleAssignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("role assignment"),
    )
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="+", verbose_name=_("order"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation of duties")
        verbose_name_plural = _("delegations of duties")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="delegation_end_not_before_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=~Q(employee=models.F("delegate")),
                name="delegation_to_another_person",
                violation_error_message=_("Duties are delegated to another employee."),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.valid_from:%d.%m.%Y} - {self.valid_to:%d.%m.%Y}"
