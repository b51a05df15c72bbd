"""Academic years and their periods (PLN-1)."""

import pghistory
import pgtrigger
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.querysets import SchoolOwnedQuerySet


class DateRange(Func):
    function = "daterange"
    output_field = DateRangeField()


@pghistory.track()
class AcademicYear(models.Model):
    school = models.ForeignKey(
        "core.School", on_delete=models.CASCADE, related_name="academic_years", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=20, help_text=_("For example 2025-2026"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    is_current = models.BooleanField(_("current year"), default=False)

    objects = SchoolOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"],
                name="academic_year_unique_name",
                violation_error_message=_("This school already has a year with this name."),
            ),
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(is_current=True),
                name="academic_year_one_current",
                violation_error_message=_("A school has one current academic year."),
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="academic_year_end_after_start",
                violation_error_message=_("The end must be after the start."),
            ),
            ExclusionConstraint(
                name="academic_year_no_overlap",
                expressions=[
                    (DateRange("start", "end", models.Value("[]")), RangeOperators.OVERLAPS),
                    ("school", RangeOperators.EQUAL),
                ],
                violation_error_message=_("Academic years of a school cannot overlap."),
            ),
        ]
        triggers = [
            # a year is not shortened past one of its periods (the other half of period_inside_year)
            pgtrigger.Trigger(
                name="academic_year_keeps_its_periods",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                func="""
                IF EXISTS (SELECT 1 FROM core_period p WHERE p.academic_year_id = NEW.id
                           AND (p.start < NEW.start OR p."end" > NEW."end")) THEN
                    RAISE EXCEPTION 'a period lies outside academic year %', NEW.id
                        USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
                """,
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # Checked here too, so a reversed range never reaches the overlap constraint's query.
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must be after the start.")})

    def contains(self, day):
        return self.start <= day <= self.end


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("quarter")
    SEMESTER = "semester", _("semester")
    TRIMESTER = "trimester", _("trimester")


class PeriodQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(start__lte=on, end__gte=on).first()


@pghistory.track()
class Period(models.Model):
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.CASCADE, related_name="periods", verbose_name=_("academic year")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.QUARTER)
    name = models.CharField(_("name"), max_length=50)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="period_end_not_before_start",
                violation_error_message=_("The end of the period cannot be before its start."),
            ),
            ExclusionConstraint(
                name="period_no_overlap",
                expressions=[
                    (DateRange("start", "end", models.Value("[]")), RangeOperators.OVERLAPS),
                    ("academic_year", RangeOperators.EQUAL),
                ],
                violation_error_message=_("Periods of one academic year cannot overlap."),
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="period_inside_year",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func="""
                IF NOT EXISTS (SELECT 1 FROM core_academicyear y WHERE y.id = NEW.academic_year_id
                               AND NEW.start >= y.start AND NEW."end" <= y."end") THEN
                    RAISE EXCEPTION 'period % lies outside its academic year', NEW.name
                        USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
                """,
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end of the period cannot be before its start.")})
        if self.academic_year_id and self.start and self.end:
            year = self.academic_year
            if self.start < year.start or self.end > year.end:
                raise ValidationError(
                    _("A period must lie inside its academic year (%(start)s - %(end)s).")
                    % {"start": year.start.strftime("%d.%m.%Y"), "end": year.end.strftime("%d.%m.%Y")}
                )

    def has_planning(self):
        """A period in which subjects are planned cannot be deleted (PLN-1). Planning registers
        its dependants as PROTECT foreign keys to Period, so this asks the database."""
        from django.db.models.deletion import Collector

        collector = Collector(using="default")
        try:
            collector.collect([self])
        except models.ProtectedError:
            return True
        return False
