"""The personal file of an employee (STF-2, STF-3) and the consent to personal-data processing (ORG-5)."""

import datetime

import pghistory
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import private_storage, scan_upload_to, validate_scan
from core.links import url_for_pk
from core.models import Order, Person, School
from core.querysets import SchoolOwnedQuerySet
from core.validators import plausible_date_constraint, validate_plain_text


class EmployeeStatus(models.TextChoices):
    ACTIVE = "active", _("working")
    DISMISSED = "dismissed", _("dismissed")


class MaritalStatus(models.TextChoices):
    NO_ANSWER = "", _("no answer")
    MARRIED = "married", _("married")
    SINGLE = "single", _("single")
    DIVORCED = "divorced", _("divorced")
    WIDOWED = "widowed", _("widowed")


class IdDocumentType(models.TextChoices):
    ID_CARD = "id_card", _("identity card")
    PASSPORT = "passport", _("passport")
    RESIDENCE_PERMIT = "residence_permit", _("residence permit")


class StaffGroup(models.TextChoices):
    """Who is attested how often (DOMAIN.md 5.1): heads every 3 years, teaching staff every 5."""

    TEACHING = "teaching", _("teaching staff")
    HEAD = "head", _("head of the organisation")
    SUPPORT = "support", _("support and technical staff")


class QualificationCategory(models.TextChoices):
    NONE = "", _("no category")
    INTERN = "intern", _("pedagogue-intern")
    PEDAGOGUE = "pedagogue", _("pedagogue")
    MODERATOR = "moderator", _("pedagogue-moderator")
    EXPERT = "expert", _("pedagogue-expert")
    RESEARCHER = "researcher", _("pedagogue-researcher")
    MASTER = "master", _("pedagogue-master")
    LEGACY_HIGHEST = "highest", _("highest category (old)")
    LEGACY_FIRST = "first", _("first category (old)")
    LEGACY_SECOND = "second", _("second category (old)")


# Attestation periods of DOMAIN.md 5.1, in years.
ATTESTATION_YEARS = {StaffGroup.TEACHING: 5, StaffGroup.HEAD: 3}


def years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def years_after(day, years):
    return years_before(day, -years)


def own_file_visibility(user, school_path, person_path):
    """Rows of personal files: all of a school where the user reads staff files, else her own only."""
    from core.permissions import member_school_ids

    full = _staff_view_school_ids(user)
    own = member_school_ids(user) - full
    condition = Q(**{f"{school_path}__in": full})
    if own and getattr(user, "person_id", None):
        condition |= Q(**{f"{school_path}__in": own, person_path: user.person_id})
    return condition


def _staff_view_school_ids(user):
    """Schools where the user's roles let her read every personal file (Perm.STAFF_VIEW)."""
    from core.models.roles import Role
    from core.permissions import ROLE_PERMISSIONS, Perm, _assignments

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return {
        a.school_id
        for a in _assignments(user)
        if a.school_id and Perm.STAFF_VIEW in ROLE_PERMISSIONS[Role(a.role)]
    }


class EmployeeQuerySet(SchoolOwnedQuerySet):
    def visibility(self, user):
        """Every file of schools where the user may read staff files; elsewhere only her own file."""
        return own_file_visibility(user, self.school_path, "person_id")

    def current(self):
        return self.filter(status=EmployeeStatus.ACTIVE)

    def archived(self):
        return self.filter(status=EmployeeStatus.DISMISSED)

    def class_guidance_allowed(self):
        return self.current().filter(class_guidance_allowed=True)

    def needing_requalification(self, on=None):
        """Teaching staff attested more than 5 years ago, heads more than 3 (or never attested)."""
        on = on or timezone.localdate()
        condition = Q()
        for group, years in ATTESTATION_YEARS.items():
            condition |= Q(staff_group=group) & (
                Q(attested_on__isnull=True) | Q(attested_on__lt=years_before(on, years))
            )
        return self.current().filter(condition)

    def teaching(self):
        return self.current().filter(staff_group__in=[StaffGroup.TEACHING, StaffGroup.HEAD])


@pghistory.track()
class Employee(models.Model):
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="employees", verbose_name=_("school")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="employments", verbose_name=_("person")
    )
    position = models.CharField(_("position"), max_length=255, validators=[validate_plain_text])
    structural_unit = models.CharField(
        _("structural unit"), max_length=255, blank=True, validators=[validate_plain_text]
    )
    staff_group = models.CharField(
        _("staff group"), max_length=10, choices=StaffGroup.choices, default=StaffGroup.TEACHING
    )
    rate = models.DecimalField(_("rate (staff units)"), max_digits=4, decimal_places=2, default=1)
    class_guidance_allowed = models.BooleanField(_("class guidance allowed"), default=False)
    hired_on = models.DateField(_("date of hiring"))
    dismissed_on = models.DateField(_("date of dismissal"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmployeeStatus.choices, default=EmployeeStatus.ACTIVE
    )
    # hiring (STF-2)
    contract_number = models.CharField(
        _("contract number"), max_length=50, blank=True, validators=[validate_plain_text]
    )
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    hiring_order = models.ForeignKey(
        Order,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hiring order"),
    )
    # personal (STF-3)
    marital_status = models.CharField(
        _("marital status"), max_length=10, choices=MaritalStatus.choices, blank=True
    )
    nationality = models.CharField(
        _("nationality"), max_length=100, blank=True, validators=[validate_plain_text]
    )
    # identity document
    id_document_type = models.CharField(
        _("identity document"), max_length=20, choices=IdDocumentType.choices, blank=True
    )
    id_document_number = models.CharField(
        _("document number"), max_length=30, blank=True, validators=[validate_plain_text]
    )
    id_document_issued_by = models.CharField(
        _("issued by"), max_length=255, blank=True, validators=[validate_plain_text]
    )
    id_document_issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    id_document_valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # contacts beyond the person's own e-mail, phone and address
    work_phone = models.CharField(
        _("work phone"), max_length=50, blank=True, validators=[validate_plain_text]
    )
    registered_address = models.CharField(
        _("address of registration"), max_length=255, blank=True, validators=[validate_plain_text]
    )
    # qualification and attestation (STF-8, STF-11)
    qualification_category = models.CharField(
        _("qualification category"), max_length=20, choices=QualificationCategory.choices, blank=True
    )
    attested_on = models.DateField(_("date of the last attestation"), null=True, blank=True)
    category_valid_until = models.DateField(_("category valid until"), null=True, blank=True)
    # seniority (STF-9), in full years
    seniority_total = models.PositiveSmallIntegerField(_("total seniority, years"), default=0)
    seniority_teaching = models.PositiveSmallIntegerField(_("teaching seniority, years"), default=0)
    seniority_at_school = models.PositiveSmallIntegerField(_("seniority at this school, years"), default=0)
    seniority_updated_on = models.DateField(_("seniority updated on"), null=True, blank=True)
    # consent to the processing of personal data (ORG-5)
    consent_given_on = models.DateField(_("date of written consent"), null=True, blank=True)
    consent_scan = models.FileField(
        _("scan of the written consent"),
        storage=private_storage,
        upload_to=scan_upload_to("staff/consents"),
        blank=True,
        validators=[validate_scan],
    )
    # dismissal (STF-6)
    dismissal_reason = models.CharField(
        _("reason of dismissal"), max_length=255, blank=True, validators=[validate_plain_text]
    )
    dismissal_order = models.ForeignKey(
        Order,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dismissal order"),
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
            models.CheckConstraint(
                condition=Q(rate__gt=0),
                name="employee_rate_positive",
                violation_error_message=_("The rate must be greater than zero."),
            ),
            plausible_date_constraint("hired_on", "employee_hired_on_plausible"),
            plausible_date_constraint("dismissed_on", "employee_dismissed_on_plausible"),
        ]

    def __str__(self):
        return self.person.full_name

    def get_absolute_url(self):
        return url_for_pk("staff:employee_detail", self.pk)

    @property
    def is_active(self):
        return self.status == EmployeeStatus.ACTIVE

    @property
    def has_consent(self):
        return bool(self.consent_given_on)

    def requalification_due(self, on=None):
        years = ATTESTATION_YEARS.get(self.staff_group)
        if years is None or self.status != EmployeeStatus.ACTIVE:
            return None
        if self.attested_on is None:
            return True
        return self.attested_on < years_before(on or timezone.localdate(), years)


def category_valid_until(group, attested_on: datetime.date):
    return years_after(attested_on, ATTESTATION_YEARS.get(group, 5))


class EmployeeOrderQuerySet(SchoolOwnedQuerySet):
    school_path = "employee__school"


@pghistory.track()
class EmployeeOrder(models.Model):
    """Links the register's orders to the personal files they concern (the file's Orders section)."""

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="order_links", verbose_name=_("employee")
    )
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="staff_links", verbose_name=_("order")
    )

    objects = EmployeeOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("order of an employee")
        verbose_name_plural = _("orders of employees")
        ordering = ["-order__date", "-order_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "order"],
                name="employee_order_unique",
                violation_error_message=_("This order is already in the personal file."),
            )
        ]

    def __str__(self):
        return str(self.order)
