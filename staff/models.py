"""Staff personal files (STF). An Employee is a Person's record of work at one school."""

import pghistory
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Person, School
from core.querysets import SchoolOwnedQuerySet


class EmployeeStatus(models.TextChoices):
    ACTIVE = "active", _("working")
    DISMISSED = "dismissed", _("dismissed")


class EmployeeQuerySet(SchoolOwnedQuerySet):
    def current(self):
        return self.filter(status=EmployeeStatus.ACTIVE)

    def archived(self):
        return self.filter(status=EmployeeStatus.DISMISSED)

    def class_guidance_allowed(self):
        return self.current().filter(class_guidance_allowed=True)


@pghistory.track()
class Employee(models.Model):
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="employees", verbose_name=_("school")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="employments", verbose_name=_("person")
    )
    position = models.CharField(_("position"), max_length=255)
    structural_unit = models.CharField(_("structural unit"), max_length=255, blank=True)
    class_guidance_allowed = models.BooleanField(_("class guidance allowed"), default=False)
    hired_on = models.DateField(_("date of hiring"))
    dismissed_on = models.DateField(_("date of dismissal"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmployeeStatus.choices, default=EmployeeStatus.ACTIVE
    )

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "person"],
                condition=Q(status="active"),
                name="employee_one_active_file_per_school",
                violation_error_message=_("This person already works at this school."),
            ),
            models.CheckConstraint(
                condition=Q(dismissed_on__isnull=True) | Q(dismissed_on__gte=models.F("hired_on")),
                name="employee_dismissed_after_hired",
                violation_error_message=_("The date of dismissal cannot be before the date of hiring."),
            ),
        ]

    def __str__(self):
        return self.person.full_name

    def get_absolute_url(self):
        return reverse("staff:employee_detail", args=[self.pk])
