"""Region > district education department > school (ORG-1)."""

import pghistory
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.links import url_for_pk
from core.querysets import SchoolQuerySet


class Country(models.TextChoices):
    KZ = "KZ", _("Kazakhstan")
    KG = "KG", _("Kyrgyzstan")


class MultilingualName(models.Model):
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self):
        lang = (get_language() or "ru")[:2]
        if lang == "kk":
            return self.name_kk or self.name_ru
        if lang == "en":
            return self.name_en or self.name_ru
        return self.name_ru or self.name_kk

    def __str__(self):
        return self.name


@pghistory.track()
class Region(MultilingualName):
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.KZ)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name_ru"]


@pghistory.track()
class District(MultilingualName):
    """A district (city) education department: the management organisation of its schools."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="districts", verbose_name=_("region")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    head = models.CharField(_("head of department"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("district education department")
        verbose_name_plural = _("district education departments")
        ordering = ["name_ru"]


class SchoolKind(models.TextChoices):
    SCHOOL = "school", _("school")
    GYMNASIUM = "gymnasium", _("gymnasium")
    LYCEUM = "lyceum", _("lyceum")
    SCHOOL_LYCEUM = "school_lyceum", _("school-lyceum")
    SCHOOL_GYMNASIUM = "school_gymnasium", _("school-gymnasium")
    BASIC = "basic", _("basic school")
    PRIMARY = "primary", _("primary school")
    SMALL = "small", _("small-class school")
    BOARDING = "boarding", _("boarding school")


class OwnershipForm(models.TextChoices):
    STATE = "state", _("state institution")
    ENTERPRISE = "enterprise", _("state enterprise")
    PRIVATE = "private", _("private")


class Settlement(models.TextChoices):
    CITY = "city", _("city")
    VILLAGE = "village", _("village")


@pghistory.track()
class School(MultilingualName):
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="schools", verbose_name=_("district")
    )
    kind = models.CharField(_("type"), max_length=20, choices=SchoolKind.choices, default=SchoolKind.SCHOOL)
    ownership_form = models.CharField(
        _("organisational form"), max_length=20, choices=OwnershipForm.choices, default=OwnershipForm.STATE
    )
    bin = models.CharField(_("BIN"), max_length=12, blank=True)
    address = models.CharField(_("address"), max_length=255)
    settlement = models.CharField(_("settlement"), max_length=255)
    settlement_type = models.CharField(
        _("settlement type"), max_length=10, choices=Settlement.choices, default=Settlement.CITY
    )
    director_name = models.CharField(_("director"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    licence_number = models.CharField(_("licence number"), max_length=100, blank=True)
    licence_date = models.DateField(_("licence date"), null=True, blank=True)
    accreditation_number = models.CharField(_("accreditation certificate number"), max_length=100, blank=True)
    accreditation_date = models.DateField(_("accreditation certificate date"), null=True, blank=True)
    languages = models.CharField(_("languages of instruction"), max_length=255, blank=True)
    shifts = models.PositiveSmallIntegerField(_("number of shifts"), default=1)
    six_day_week = models.BooleanField(_("6-day week"), default=False)
    design_capacity = models.PositiveIntegerField(_("design capacity"), null=True, blank=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name_ru"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(shifts__gte=1, shifts__lte=3),
                name="school_shifts_1_to_3",
                violation_error_message=_("A school works in one to three shifts."),
            )
        ]

    def get_absolute_url(self):
        return url_for_pk("core:school_detail", self.pk)

    @property
    def country(self):
        return self.district.region.country
