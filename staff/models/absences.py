"""Leave, time off for overtime, sick leave and recall from leave (STF-5)."""

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.files import private_storage, scan_upload_to, validate_scan
from core.models import Order
from core.models.time import DateRange
from core.querysets import SchoolOwnedQuerySet
from core.validators import validate_plain_text

from .employees import Employee, own_file_visibility


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", _("leave")
    TIME_OFF = "time_off", _("time off for overtime")
    SICK_LEAVE = "sick_leave", _("sick leave")


class LeaveType(models.TextChoices):
    """Leave types of the Labour Code of RK, Art. 87 (DOMAIN.md 5.2)."""

    ANNUAL = "annual", _("paid annual leave")
    UNPAID = "unpaid", _("unpaid leave")
    STUDY = "study", _("study leave")
    MATERNITY = "maternity", _("pregnancy and childbirth leave")
    CHILDCARE = "childcare", _("childcare leave")


class OwnFileQuerySet(SchoolOwnedQuerySet):
    """Rows of a personal file: all of them where the user reads staff files, else her own only."""

    school_path = "employee__school"

    def visibility(self, user):
        return own_file_visibility(user, self.school_path, "employee__person_id")


class AbsenceQuerySet(OwnFileQuerySet):
    def leaves(self):
        return self.filter(kind=AbsenceKind.LEAVE)

    def sick_leaves(self):
        return self.filter(kind=AbsenceKind.SICK_LEAVE)


@pghistory.track()
class Absence(models.Model):
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="absences", verbose_name=_("employee")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AbsenceKind.choices)
    leave_type = models.CharField(_("type of leave"), max_length=12, choices=LeaveType.choices, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("to (inclusive)"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    illness = models.CharField(_("illness"), max_length=255, blank=True, validators=[validate_plain_text])
    diagnosis = models.CharField(_("diagnosis"), max_length=255, blank=True, validators=[validate_plain_text])
    scan = models.FileField(
        _("scan of the sick-leave certificate"),
        storage=private_storage,
        upload_to=scan_upload_to("staff/sick_leaves"),
        blank=True,
        validators=[validate_scan],
    )
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("order")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="absence_end_not_before_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="sick_leave") | ~Q(diagnosis=""),
                name="absence_sick_leave_has_diagnosis",
                violation_error_message=_("A sick leave needs a diagnosis."),
            ),
            ExclusionConstraint(
                name="absence_no_overlap",
                expressions=[
                    (DateRange("start", "end", models.Value("[]")), RangeOperators.OVERLAPS),
                    ("employee", RangeOperators.EQUAL),
                ],
                violation_error_message=_("This person is already absent during part of this period."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.start:%d.%m.%Y} - {self.end:%d.%m.%Y}"

    @property
    def days(self):
        return (self.end - self.start).days + 1


@pghistory.track()
class LeaveRecall(models.Model):
    """A recall from leave: the leave ends the day before the recall date."""

    leave = models.OneToOneField(
        Absence, on_delete=models.PROTECT, related_name="recall", verbose_name=_("leave")
    )
    recalled_on = models.DateField(_("date of recall"))
    reason = models.CharField(_("reason"), max_length=255, blank=True, validators=[validate_plain_text])
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="+", verbose_name=_("order"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )

    class Meta:
        verbose_name = _("recall from leave")
        verbose_name_plural = _("recalls from leave")

    def __str__(self):
        return f"{self._meta.verbose_name} {self.recalled_on:%d.%m.%Y}"
