"""Typical curricula, the working curriculum (РУП) of a class, subgroups and the week-by-week plan (ГУП)."""

from decimal import Decimal

import pghistory
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contingent.models import InstructionLanguage, SchoolClass, Student
from core.models import AcademicYear, Period, School
from core.querysets import SchoolOwnedQuerySet
from core.validators import validate_plain_text
from staff.models import Employee

from .catalogue import Subject

MAX_WEEKLY_HOURS = Decimal("40")
HOURS_VALIDATORS = [MinValueValidator(Decimal("0.5")), MaxValueValidator(MAX_WEEKLY_HOURS)]


class TypicalCurriculumQuerySet(models.QuerySet):
    def visible_to(self, user):
        from core.permissions import is_system_admin, member_school_ids

        if is_system_admin(user):
            return self
        return self.filter(Q(school__isnull=True) | Q(school__in=member_school_ids(user)))

    def for_school(self, school):
        return self.filter(Q(school__isnull=True) | Q(school=school))


class TypicalCurriculum(models.Model):
    """A typical curriculum (типовой учебный план) of one parallel, by language of instruction and year."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=255, validators=[validate_plain_text])
    language = models.CharField(
        _("language of instruction"), max_length=10, choices=InstructionLanguage.choices
    )
    parallel = models.PositiveSmallIntegerField(_("parallel"))
    valid_from = models.PositiveSmallIntegerField(_("valid from the year"), help_text=_("For example 2025"))
    max_weekly_hours = models.DecimalField(
        _("maximum weekly load"), max_digits=4, decimal_places=1, validators=HOURS_VALIDATORS
    )
    max_variative_hours = models.DecimalField(
        _("maximum variative hours"), max_digits=4, decimal_places=1, default=0
    )
    max_daily_lessons = models.PositiveSmallIntegerField(_("most lessons a day"), default=7)

    objects = TypicalCurriculumQuerySet.as_manager()

    class Meta:
        verbose_name = _("typical curriculum")
        verbose_name_plural = _("typical curricula")
        ordering = ["parallel", "language", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "language", "parallel", "valid_from"],
                nulls_distinct=False,
                name="typical_curriculum_unique",
                violation_error_message=_("This typical curriculum already exists."),
            ),
        ]

    def __str__(self):
        return self.name


class TypicalCurriculumLine(models.Model):
    curriculum = models.ForeignKey(
        TypicalCurriculum,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("typical curriculum"),
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    weekly_hours = models.DecimalField(
        _("hours a week"), max_digits=4, decimal_places=1, validators=HOURS_VALIDATORS
    )
    is_variative = models.BooleanField(_("variative"), default=False)

    class Meta:
        verbose_name = _("line of a typical curriculum")
        verbose_name_plural = _("lines of a typical curriculum")
        ordering = ["is_variative", "subject__name_ru"]
        constraints = [
            models.UniqueConstraint(
                fields=["curriculum", "subject"],
                name="typical_line_unique_subject",
                violation_error_message=_("This subject is already in the curriculum."),
            ),
        ]

    def __str__(self):
        return f"{self.subject} {self.weekly_hours}"


class ClassSubjectKind(models.TextChoices):
    LESSON = "lesson", _("lesson")
    ELECTIVE = "elective", _("elective")
    CLUB = "club", _("club")


class ClassSubjectQuerySet(SchoolOwnedQuerySet):
    school_path = "school_class__school"


@pghistory.track()
class ClassSubject(models.Model):
    """A line of a class's working curriculum (РУП, PLN-3)."""

    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, related_name="class_subjects", verbose_name=_("class")
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("academic year")
    )
    name = models.CharField(
        _("name in the class"),
        max_length=255,
        blank=True,
        validators=[validate_plain_text],
        help_text=_("Leave empty to use the catalogue's name."),
    )
    weekly_hours = models.DecimalField(
        _("hours a week"), max_digits=4, decimal_places=1, validators=HOURS_VALIDATORS
    )
    is_variative = models.BooleanField(_("variative"), default=False)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ClassSubjectKind.choices, default=ClassSubjectKind.LESSON
    )

    objects = ClassSubjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("subject of a class")
        verbose_name_plural = _("subjects of a class")
        ordering = ["subject__name_ru"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "subject"],
                name="class_subject_unique",
                violation_error_message=_("This subject is already in the class's curriculum."),
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__gt=0, weekly_hours__lte=MAX_WEEKLY_HOURS),
                name="class_subject_hours_range",
                violation_error_message=_("Hours a week must be more than 0 and at most 40."),
            ),
        ]

    @property
    def display_name(self):
        return self.name or self.subject.name

    def __str__(self):
        return f"{self.display_name} ({self.school_class})"


class ClassSubjectPeriodQuerySet(SchoolOwnedQuerySet):
    school_path = "class_subject__school_class__school"


class ClassSubjectPeriod(models.Model):
    """Hours of a subject in one period, when they differ from the weekly hours (PLN-3)."""

    class_subject = models.ForeignKey(
        ClassSubject, on_delete=models.CASCADE, related_name="periods", verbose_name=_("subject of a class")
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+", verbose_name=_("period"))
    weekly_hours = models.DecimalField(
        _("hours a week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_WEEKLY_HOURS)],
    )

    objects = ClassSubjectPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("hours in a period")
        verbose_name_plural = _("hours in periods")
        ordering = ["period__start"]
        constraints = [
            models.UniqueConstraint(
                fields=["class_subject", "period"],
                name="class_subject_period_unique",
                violation_error_message=_("This period already has its hours."),
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__gte=0, weekly_hours__lte=MAX_WEEKLY_HOURS),
                name="class_subject_period_hours_range",
                violation_error_message=_("Hours a week must be from 0 to 40."),
            ),
        ]

    def __str__(self):
        return f"{self.class_subject} {self.period}: {self.weekly_hours}"


class SubgroupKind(models.TextChoices):
    MAIN = "main", _("main (whole class)")
    TWO = "two", _("two subgroups")
    THREE = "three", _("three subgroups")
    BOYS_GIRLS = "boys_girls", _("boys / girls")
    OTHER = "other", _("other (more than three)")
    INDIVIDUAL = "individual", _("individual")


class SubgroupQuerySet(SchoolOwnedQuerySet):
    school_path = "class_subject__school_class__school"

    def of_teacher(self, employee):
        return self.filter(teacher=employee)


@pghistory.track()
class Subgroup(models.Model):
    """The unit that is taught and journalled (PLN-6). The main subgroup is the whole class."""

    class_subject = models.ForeignKey(
        ClassSubject, on_delete=models.CASCADE, related_name="subgroups", verbose_name=_("subject of a class")
    )
    kind = models.CharField(
        _("subgroups"), max_length=12, choices=SubgroupKind.choices, default=SubgroupKind.MAIN
    )
    name = models.CharField(_("name"), max_length=100, blank=True, validators=[validate_plain_text])
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    teacher = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subgroups",
        verbose_name=_("teacher"),
    )
    students = models.ManyToManyField(
        Student, blank=True, related_name="subgroups", verbose_name=_("students")
    )
    lesson_minutes = models.PositiveSmallIntegerField(
        _("lesson length, minutes"), default=45, validators=[MinValueValidator(10), MaxValueValidator(120)]
    )

    objects = SubgroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("subgroup")
        verbose_name_plural = _("subgroups")
        ordering = ["class_subject", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["class_subject", "position"],
                name="subgroup_unique_position",
                violation_error_message=_("This subgroup number already exists."),
            ),
            models.CheckConstraint(
                condition=Q(lesson_minutes__gte=10, lesson_minutes__lte=120),
                name="subgroup_minutes_range",
                violation_error_message=_("A lesson lasts 10 to 120 minutes."),
            ),
        ]

    @property
    def is_main(self):
        return self.kind == SubgroupKind.MAIN

    @property
    def label(self):
        if self.is_main:
            return str(self.class_subject.school_class)
        return f"{self.class_subject.school_class} / {self.name or self.position}"

    def __str__(self):
        return f"{self.class_subject.display_name} {self.label}"


class WeekLoadQuerySet(SchoolOwnedQuerySet):
    school_path = "subgroup__class_subject__school_class__school"


class WeekLoad(models.Model):
    """One week of the ГУП (график учебного процесса) of a subgroup."""

    subgroup = models.ForeignKey(
        Subgroup, on_delete=models.CASCADE, related_name="week_loads", verbose_name=_("subgroup")
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+", verbose_name=_("period"))
    week_start = models.DateField(_("week (Monday)"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_WEEKLY_HOURS)],
    )

    objects = WeekLoadQuerySet.as_manager()

    class Meta:
        verbose_name = _("week of the ГУП")
        verbose_name_plural = _("weeks of the ГУП")
        ordering = ["week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["subgroup", "week_start"],
                name="week_load_unique_week",
                violation_error_message=_("This week is already planned."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0, hours__lte=MAX_WEEKLY_HOURS),
                name="week_load_hours_range",
                violation_error_message=_("Hours in a week must be from 0 to 40."),
            ),
        ]

    def __str__(self):
        return f"{self.subgroup} {self.week_start}: {self.hours}"
