"""The order (приказ) register: every movement of a student or employee is made by an order (DESIGN rule 5)."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from core.files import private_storage, scan_upload_to, validate_scan
from core.links import url_for_pk
from core.querysets import SchoolOwnedQuerySet
from core.validators import TEXT_LIMIT, plausible_date_constraint, text_length_constraint, validate_plain_text


class OrderKind(models.TextChoices):
    GENERAL = "general", _("General activity")
    STAFF_HIRING = "staff_hiring", _("Hiring")
    STAFF_DISMISSAL = "staff_dismissal", _("Dismissal")
    STAFF_LEAVE = "staff_leave", _("Leave")
    STAFF_RECALL = "staff_recall", _("Recall from leave")
    STAFF_TIME_OFF = "staff_time_off", _("Time off for overtime")
    STAFF_DELEGATION = "staff_delegation", _("Delegation of duties")
    STAFF_OTHER = "staff_other", _("Other staff order")
    STUDENT_ADMISSION = "student_admission", _("Admission of a student")
    STUDENT_ENROLMENT = "student_enrolment", _("Enrolment into a class")
    STUDENT_TRANSFER = "student_transfer", _("Transfer to another class")
    STUDENT_EXPULSION = "student_expulsion", _("Expulsion")
    CLASS_DISBANDING = "class_disbanding", _("Disbanding of a class")
    YEAR_PROMOTION = "year_promotion", _("Promotion to the next year")
    GRADUATION = "graduation", _("Graduation")


STAFF_ORDER_KINDS = [k for k in OrderKind.values if k.startswith("staff_")]
STUDENT_ORDER_KINDS = [
    k for k in OrderKind.values if k.startswith(("student_", "class_", "year_", "graduation"))
]


@pghistory.track()
class Order(models.Model):
    school = models.ForeignKey(
        "core.School", on_delete=models.PROTECT, related_name="orders", verbose_name=_("school")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OrderKind.choices)
    number = models.CharField(_("order number"), max_length=30, validators=[validate_plain_text])
    date = models.DateField(_("order date"))
    content = models.TextField(_("short content"), max_length=TEXT_LIMIT, validators=[validate_plain_text])
    scan = models.FileField(
        _("scan of the order"),
        storage=private_storage,
        upload_to=scan_upload_to("orders"),
        blank=True,
        validators=[validate_scan],
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="authored_orders",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = SchoolOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-date", "-id"]
        constraints = [
            text_length_constraint("content", "order_content_length"),
            plausible_date_constraint("date", "order_date_plausible"),
            models.UniqueConstraint(
                "school",
                "number",
                ExtractYear("date"),
                name="order_number_unique_per_school_year",
                violation_error_message=_("An order with this number already exists in this year."),
            ),
        ]

    def __str__(self):
        return _("Order No. %(number)s of %(date)s") % {
            "number": self.number,
            "date": self.date.strftime("%d.%m.%Y"),
        }

    def get_absolute_url(self):
        return url_for_pk("core:order_detail", self.pk)
