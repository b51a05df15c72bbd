"""The calendar-thematic plan (КТП, PLN-9): topics of a subgroup's lessons in a period."""

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Period
from core.querysets import SchoolOwnedQuerySet
from core.validators import validate_plain_text

from .curriculum import Subgroup


class KtpTopicQuerySet(SchoolOwnedQuerySet):
    school_path = "subgroup__class_subject__school_class__school"


@pghistory.track()
class KtpTopic(models.Model):
    subgroup = models.ForeignKey(
        Subgroup, on_delete=models.CASCADE, related_name="ktp_topics", verbose_name=_("subgroup")
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+", verbose_name=_("period"))
    position = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("topic"), max_length=500, validators=[validate_plain_text])
    hours = models.PositiveSmallIntegerField(
        _("hours"), default=1, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = KtpTopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic of the КТП")
        verbose_name_plural = _("topics of the КТП")
        ordering = ["subgroup", "period__start", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["subgroup", "period", "position"],
                name="ktp_topic_unique_position",
                violation_error_message=_("A topic with this number already exists."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=1, hours__lte=40),
                name="ktp_topic_hours_range",
                violation_error_message=_("A topic takes 1 to 40 hours."),
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    @property
    def is_approved(self):
        return self.approved_at is not None
