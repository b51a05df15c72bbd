"""The one table the reports own: the registry of olympiad and competition winners (RPT-1).

Every other figure is read from the other apps' tables by `reports/selectors.py`."""

import pghistory
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contingent.models import Student
from core.models import AcademicYear, School
from core.querysets import SchoolOwnedQuerySet
from core.validators import validate_plain_text
from staff.models import Employee


class CompetitionLevel(models.TextChoices):
    SCHOOL = "school", _("school")
    DISTRICT = "district", _("district (city)")
    REGION = "region", _("region")
    REPUBLIC = "republic", _("republic")
    INTERNATIONAL = "international", _("international")


class CompetitionKind(models.TextChoices):
    OLYMPIAD = "olympiad", _("subject olympiad")
    PROJECT = "project", _("research project competition")
    SPORT = "sport", _("sports competition")
    CREATIVE = "creative", _("creative contest")
    OTHER = "other", _("other competition")


class Place(models.IntegerChoices):
    FIRST = 1, _("1st place")
    SECOND = 2, _("2nd place")
    THIRD = 3, _("3rd place")
    HONOURABLE = 4, _("honourable mention")
    PARTICIPANT = 5, _("participant")


class CompetitionResultQuerySet(SchoolOwnedQuerySet):
    def winners(self):
        return self.filter(place__lte=Place.THIRD)


@pghistory.track()
class CompetitionResult(models.Model):
    """A student's result at an olympiad or competition, with the teacher who prepared her."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", verbose_name=_("school"))
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("academic year")
    )
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="competition_results", verbose_name=_("student")
    )
    teacher = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("teacher who prepared the student"),
    )
    kind = models.CharField(
        _("kind of competition"),
        max_length=10,
        choices=CompetitionKind.choices,
        default=CompetitionKind.OLYMPIAD,
    )
    name = models.CharField(_("name of the competition"), max_length=255, validators=[validate_plain_text])
    level = models.CharField(_("level"), max_length=15, choices=CompetitionLevel.choices)
    subject = models.CharField(_("subject"), max_length=100, blank=True, validators=[validate_plain_text])
    place = models.PositiveSmallIntegerField(_("result"), choices=Place.choices)
    date = models.DateField(_("date"))

    objects = CompetitionResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("olympiad or competition result")
        verbose_name_plural = _("olympiad and competition results")
        ordering = ["-date", "level", "place"]
        indexes = [models.Index(fields=["school", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "name", "level", "subject", "date"],
                name="competition_result_once_per_student",
                violation_error_message=_("This result of the student is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(place__gte=1, place__lte=5),
                name="competition_result_place_known",
                violation_error_message=_("Choose the result from the list."),
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.get_place_display()}"
