"""Student contingent (CON): classes and students' records at a school."""

import pghistory
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import AcademicYear, Person, School
from core.querysets import SchoolOwnedQuerySet
from staff.models import Employee


class SchoolClassQuerySet(SchoolOwnedQuerySet):
    def active(self):
        return self.filter(is_active=True)


@pghistory.track()
class SchoolClass(models.Model):
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="classes", verbose_name=_("school")
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="classes", verbose_name=_("academic year")
    )
    parallel = models.PositiveSmallIntegerField(_("parallel"), choices=[(i, str(i)) for i in range(0, 13)])
    letter_ru = models.CharField(_("letter or name (Russian)"), max_length=20)
    letter_kk = models.CharField(_("letter or name (Kazakh)"), max_length=20)
    letter_en = models.CharField(_("letter or name (English)"), max_length=20)
    class_teacher = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guided_classes",
        verbose_name=_("class teacher"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = SchoolClassQuerySet.as_manager()

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["parallel", "letter_ru"]
        constraints = [
            models.UniqueConstraint(
                fields=["class_teacher"],
                condition=Q(is_active=True, class_teacher__isnull=False),
                name="class_one_class_per_teacher",
                violation_error_message=_("У учителя классное руководство уже имеется"),
            ),
            models.UniqueConstraint(
                fields=["school", "academic_year", "parallel", "letter_ru"],
                condition=Q(is_active=True),
                name="class_unique_name_per_year",
                violation_error_message=_("A class with this name already exists in this year."),
            ),
        ]

    @property
    def letter(self):
        lang = (get_language() or "ru")[:2]
        return {"kk": self.letter_kk, "en": self.letter_en}.get(lang) or self.letter_ru

    def __str__(self):
        return f"{self.parallel} {self.letter}"

    def get_absolute_url(self):
        return reverse("contingent:class_detail", args=[self.pk])


class StudentStatus(models.TextChoices):
    STUDYING = "studying", _("studying")
    EXPELLED = "expelled", _("left the school")
    GRADUATED = "graduated", _("graduated")


class StudentQuerySet(SchoolOwnedQuerySet):
    def current(self):
        return self.filter(status=StudentStatus.STUDYING)

    def archived(self):
        return self.exclude(status=StudentStatus.STUDYING)


@pghistory.track()
class Student(models.Model):
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="students", verbose_name=_("school")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="studies", verbose_name=_("person")
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="students",
        verbose_name=_("class"),
    )
    parallel = models.PositiveSmallIntegerField(_("parallel"), choices=[(i, str(i)) for i in range(0, 13)])
    admitted_on = models.DateField(_("date of admission"))
    status = models.CharField(
        _("status"), max_length=10, choices=StudentStatus.choices, default=StudentStatus.STUDYING
    )
    left_on = models.DateField(_("date of leaving"), null=True, blank=True)

    objects = StudentQuerySet.as_manager()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "person"],
                condition=Q(status="studying"),
                name="student_one_current_file_per_school",
                violation_error_message=_("This person already studies at this school."),
            ),
        ]

    def __str__(self):
        return self.person.full_name

    def get_absolute_url(self):
        return reverse("contingent:student_detail", args=[self.pk])
