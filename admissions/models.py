"""First-grade admission and transfers between schools (ADM-1..ADM-8).

The country rules (age, window, Kyrgyz stages, DOMAIN.md 3) are data with validity (`AdmissionRule`);
the address register assigns streets and house ranges to schools' catchment areas; one active
application per child per year and one row per request id are database constraints."""

import re
import secrets

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.files import private_storage, scan_upload_to
from core.links import url_for_pk
from core.models import Country, District, Order, Person, School
from core.models.organisations import MultilingualName
from core.querysets import SchoolOwnedQuerySet
from core.validators import validate_name, validate_plain_text

# ---------------------------------------------------------------- country rules (DOMAIN.md 3.2, 3.5)


class AdmissionRule(models.Model):
    """The admission campaign of one country and calendar year: window, age, Kyrgyz stages."""

    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    year = models.PositiveSmallIntegerField(_("admission year"))
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    any_school_from = models.DateTimeField(
        _("any school from (stage II)"),
        null=True,
        blank=True,
        help_text=_("Until then only children of the school's catchment area may apply (Kyrgyz stage I)."),
    )
    youngest_age = models.PositiveSmallIntegerField(_("age reached in the admission year"), default=6)
    oldest_age = models.PositiveSmallIntegerField(
        _("oldest age in the admission year"), null=True, blank=True
    )
    max_cancellations = models.PositiveSmallIntegerField(
        _("cancellations allowed per child"), null=True, blank=True
    )
    class_size = models.PositiveSmallIntegerField(_("pupils per class"), default=25)

    class Meta:
        verbose_name = _("admission rule")
        verbose_name_plural = _("admission rules")
        ordering = ["country", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "year"],
                name="admission_rule_one_per_country_year",
                violation_error_message=_("The rule of this country and year already exists."),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="admission_rule_window_order",
                violation_error_message=_("The window must close after it opens."),
            ),
        ]

    def __str__(self):
        return f"{self.get_country_display()} {self.year}"

    def is_open(self, now):
        return self.opens_at <= now <= self.closes_at

    def catchment_only(self, now):
        return bool(self.any_school_from and now < self.any_school_from)

    def age_allows(self, birth_date):
        """DOMAIN 3.2: eligible iff birth year <= Y - 6 (and, in Kyrgyzstan, >= Y - 7)."""
        if birth_date.year > self.year - self.youngest_age:
            return False
        return self.oldest_age is None or birth_date.year >= self.year - self.oldest_age

    @classmethod
    def open_for(cls, country, now):
        return cls.objects.filter(country=country, opens_at__lte=now, closes_at__gte=now).first()

    @classmethod
    def next_for(cls, country, now):
        return cls.objects.filter(country=country, opens_at__gt=now).order_by("opens_at").first()


# ---------------------------------------------------------------- the address register (ADM-2)


class Locality(MultilingualName):
    """A settlement of a district."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="localities", verbose_name=_("district")
    )

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["name_ru"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name_ru"],
                name="locality_unique_per_district",
                violation_error_message=_("This settlement is already in the register."),
            )
        ]


class Street(models.Model):
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="streets", verbose_name=_("settlement")
    )
    name_ru = models.CharField(_("street (Russian)"), max_length=200, validators=[validate_plain_text])
    name_kk = models.CharField(_("street (Kazakh)"), max_length=200, validators=[validate_plain_text])

    class Meta:
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        ordering = ["locality__name_ru", "name_ru"]
        constraints = [
            models.UniqueConstraint(
                fields=["locality", "name_ru"],
                name="street_unique_per_locality",
                violation_error_message=_("This street is already in the register."),
            )
        ]

    @property
    def name(self):
        from django.utils.translation import get_language

        return self.name_kk if (get_language() or "")[:2] == "kk" and self.name_kk else self.name_ru

    def __str__(self):
        return f"{self.locality.name}, {self.name}"


class Parity(models.TextChoices):
    ALL = "all", _("all numbers")
    ODD = "odd", _("odd numbers")
    EVEN = "even", _("even numbers")


HOUSE_RE = re.compile(r"^\s*(\d{1,5})")


def house_number(value):
    """The numeric part of a house number ("12А" -> 12, "7/2" -> 7), or None."""
    match = HOUSE_RE.match(value or "")
    return int(match.group(1)) if match else None


class CatchmentQuerySet(SchoolOwnedQuerySet):
    def covering(self, street, number):
        """Ranges of the street that contain the house number."""
        if number is None:
            return self.none()
        parity = Parity.ODD if number % 2 else Parity.EVEN
        return self.filter(
            Q(number_from__isnull=True) | Q(number_from__lte=number),
            Q(number_to__isnull=True) | Q(number_to__gte=number),
            Q(parity=Parity.ALL) | Q(parity=parity),
            street=street,
        )


@pghistory.track()
class CatchmentRange(models.Model):
    """Houses of a street (a range, odd or even, or the whole street) served by a school."""

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="catchment_ranges", verbose_name=_("school")
    )
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="ranges", verbose_name=_("street")
    )
    number_from = models.PositiveIntegerField(_("from house No."), null=True, blank=True)
    number_to = models.PositiveIntegerField(_("to house No."), null=True, blank=True)
    parity = models.CharField(_("houses"), max_length=4, choices=Parity.choices, default=Parity.ALL)

    objects = CatchmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("catchment range")
        verbose_name_plural = _("catchment ranges")
        ordering = ["street__name_ru", "number_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number_from__isnull=True)
                | Q(number_to__isnull=True)
                | Q(number_from__lte=models.F("number_to")),
                name="catchment_range_order",
                violation_error_message=_("The first house number must not exceed the last."),
            )
        ]

    def __str__(self):
        return f"{self.street}: {self.numbers_label}"

    @property
    def numbers_label(self):
        if self.number_from is None and self.number_to is None:
            numbers = str(_("whole street"))
        else:
            numbers = f"{self.number_from or 1}–{self.number_to or '…'}"
        if self.parity != Parity.ALL:
            numbers += f" ({self.get_parity_display()})"
        return numbers

    def first_shared_house(self, other):
        """The first house number both ranges contain, or None (a house claimed by two schools)."""
        if self.street_id != other.street_id:
            return None
        parities = {self.parity, other.parity} - {Parity.ALL}
        if len(parities) > 1:
            return None
        lo = max(self.number_from or 1, other.number_from or 1)
        highs = [n for n in (self.number_to, other.number_to) if n is not None]
        hi = min(highs) if highs else None
        if parities:
            wanted = 1 if parities == {Parity.ODD} else 0
            if lo % 2 != wanted:
                lo += 1
        return lo if hi is None or lo <= hi else None


# ---------------------------------------------------------------- quotas (ADM-5)


class Category(models.TextChoices):
    RESIDENCE = "residence", _("by place of residence")
    LARGE_FAMILY = "large_family", _("quota: children of large families")
    DISABILITY = "disability", _("quota: children with disabilities")
    ORPHAN = "orphan", _("quota: orphans and children without parental care")
    LOW_INCOME = "low_income", _("quota: children of low-income families")


@pghistory.track()
class Quota(models.Model):
    """First-grade places of a school in an admission year for one category."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", verbose_name=_("school"))
    year = models.PositiveSmallIntegerField(_("admission year"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    places = models.PositiveIntegerField(_("places"))

    objects = SchoolOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["-year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year", "category"],
                name="quota_one_per_school_year_category",
                violation_error_message=_("The school already has a quota of this category for this year."),
            )
        ]

    def __str__(self):
        return f"{self.year} {self.get_category_display()}: {self.places}"


# ---------------------------------------------------------------- applications (ADM-1, 3, 4)


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("submitted, waiting for the school")
    CONFIRMED = "confirmed", _("enrolled")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("cancelled by the parent")


ACTIVE_STATUSES = (Status.SUBMITTED, Status.CONFIRMED)


class RefusalReason(models.TextChoices):
    INCOMPLETE_DOCUMENTS = "incomplete_docs", _("incomplete documents")
    NO_PLACES = "no_places", _("no free places")
    OTHER = "other", _("other reason")


def new_application_number():
    """A public number that cannot be guessed from the previous one (12 digits)."""
    return f"{secrets.randbelow(9 * 10**11) + 10**11}"


class ApplicationQuerySet(SchoolOwnedQuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)


@pghistory.track()
class Application(models.Model):
    number = models.CharField(
        _("application No."), max_length=12, unique=True, default=new_application_number
    )
    request_id = models.UUIDField(_("request id"), unique=True)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="applications", verbose_name=_("school")
    )
    year = models.PositiveSmallIntegerField(_("admission year"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    in_catchment = models.BooleanField(_("lives in the catchment area"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    # the child
    child_iin = models.CharField(_("child's IIN"), max_length=14)
    child_last_name = models.CharField(_("child's last name"), max_length=100, validators=[validate_name])
    child_first_name = models.CharField(_("child's first name"), max_length=100, validators=[validate_name])
    child_patronymic = models.CharField(
        _("child's patronymic"), max_length=100, blank=True, validators=[validate_name]
    )
    child_birth_date = models.DateField(_("child's date of birth"))
    child_sex = models.CharField(
        _("child's sex"), max_length=1, choices=[("m", _("male")), ("f", _("female"))]
    )
    # the address
    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="+", verbose_name=_("street"))
    house = models.CharField(_("house"), max_length=20, validators=[validate_plain_text])
    flat = models.CharField(_("flat"), max_length=20, blank=True, validators=[validate_plain_text])
    # the parent
    parent_iin = models.CharField(_("parent's IIN"), max_length=14)
    parent_last_name = models.CharField(_("parent's last name"), max_length=100, validators=[validate_name])
    parent_first_name = models.CharField(_("parent's first name"), max_length=100, validators=[validate_name])
    parent_patronymic = models.CharField(
        _("parent's patronymic"), max_length=100, blank=True, validators=[validate_name]
    )
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    consent_at = models.DateTimeField(_("consent to personal data given at"))
    language = models.CharField(_("language"), max_length=5, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    # the decision
    refusal_reason = models.CharField(
        _("reason of refusal"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    refusal_text = models.TextField(_("motivation"), blank=True, validators=[validate_plain_text])
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    student = models.ForeignKey(
        "contingent.Student",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personal file"),
    )
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("order")
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application to the first grade")
        verbose_name_plural = _("applications to the first grade")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["school", "year", "status"]),
            models.Index(fields=["school", "submitted_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child_iin", "year"],
                condition=Q(status__in=["submitted", "confirmed"]),
                name="application_one_active_per_child_year",
                violation_error_message=_("This child already has an active application this year."),
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | (~Q(refusal_reason="") & ~Q(refusal_text="")),
                name="application_refusal_is_motivated",
                violation_error_message=_("A refusal needs a reason and a motivated text."),
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(student__isnull=False, order__isnull=False),
                name="application_confirmed_has_file",
                violation_error_message=_("A confirmed child has a personal file and an order."),
            ),
        ]

    def __str__(self):
        return _("Application No. %(number)s") % {"number": self.number}

    def get_absolute_url(self):
        return url_for_pk("admissions:application_detail", self.pk)

    @property
    def child_full_name(self):
        return " ".join(p for p in (self.child_last_name, self.child_first_name, self.child_patronymic) if p)

    @property
    def parent_full_name(self):
        return " ".join(
            p for p in (self.parent_last_name, self.parent_first_name, self.parent_patronymic) if p
        )

    @property
    def address(self):
        flat = f", {_('flat')} {self.flat}" if self.flat else ""
        return f"{self.street}, {self.house}{flat}"


class StatusChange(models.Model):
    """The movement of an application, shown to the parent (ADM-3): status, when, a public note."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("application")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("change of status")
        verbose_name_plural = _("changes of status")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_status_display()} {self.at:%d.%m.%Y %H:%M}"


class DocumentKind(models.TextChoices):
    HEALTH_065 = "health_065", _("health certificate (form 065/у or 063/у)")
    HEALTH_026 = "health_026", _("child's health passport (form 026/у-3 or 052-2/у)")
    PHOTO = "photo", _("photo 3×4")
    PMPK = "pmpk", _("conclusion of the psychological, medical and pedagogical commission")
    RESIDENCE = "residence", _("residence documents (for non-residents)")
    QUOTA = "quota", _("document of the quota category")
    OTHER = "other", _("other document")


class ApplicationDocument(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="documents", verbose_name=_("application")
    )
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to=scan_upload_to("admissions"))
    size = models.PositiveIntegerField(_("size, bytes"))

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["id"]

    def __str__(self):
        return self.get_kind_display()


class RateCounter(models.Model):
    """Requests of one client address in one time window (flood limits of the public pages)."""

    key = models.CharField(max_length=100)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="rate_counter_key_window")]

    def __str__(self):
        return f"{self.key}: {self.count}"


# ---------------------------------------------------------------- transfers between schools (ADM-6)


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("requested by the parent")
    ACCEPTED = "accepted", _("accepted by the receiving school")
    COMPLETED = "completed", _("released: the student has moved")
    REFUSED = "refused", _("refused by the receiving school")
    CANCELLED = "cancelled", _("cancelled")


OPEN_TRANSFER_STATUSES = (TransferStatus.REQUESTED, TransferStatus.ACCEPTED)


class TransferQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff of the sending or receiving school; a parent his own children's requests."""
        from core.permissions import is_system_admin, member_school_ids

        if is_system_admin(user):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        ids = member_school_ids(user)
        condition = Q(from_school_id__in=ids) | Q(to_school_id__in=ids)
        return self.filter(condition)

    def of_school(self, school):
        return self.filter(Q(from_school=school) | Q(to_school=school))


@pghistory.track()
class Transfer(models.Model):
    student = models.ForeignKey(
        "contingent.Student", on_delete=models.PROTECT, related_name="+", verbose_name=_("student")
    )
    from_school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name=_("sending school")
    )
    to_school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving school")
    )
    parallel = models.PositiveSmallIntegerField(_("grade"))
    reason = models.CharField(_("reason"), max_length=255, validators=[validate_plain_text])
    status = models.CharField(
        _("status"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("applicant")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    to_class = models.ForeignKey(
        "contingent.SchoolClass",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("class at the receiving school"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    order_in_number = models.CharField(
        _("enrolment order No."), max_length=30, blank=True, validators=[validate_plain_text]
    )
    order_in_date = models.DateField(_("enrolment order date"), null=True, blank=True)
    refusal_text = models.TextField(_("motivation"), blank=True, validators=[validate_plain_text])
    completed_at = models.DateTimeField(_("released at"), null=True, blank=True)
    new_student = models.ForeignKey(
        "contingent.Student",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personal file at the receiving school"),
    )
    order_out = models.ForeignKey(
        Order, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("order out")
    )
    order_in = models.ForeignKey(
        Order, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("order in")
    )

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer between schools")
        verbose_name_plural = _("transfers between schools")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["student"],
                condition=Q(status__in=["requested", "accepted"]),
                name="transfer_one_open_per_student",
                violation_error_message=_("The student already has an open transfer request."),
            ),
            models.CheckConstraint(
                condition=~Q(from_school=models.F("to_school")),
                name="transfer_between_two_schools",
                violation_error_message=_("Choose another school than the current one."),
            ),
        ]

    def __str__(self):
        return _("Transfer of %(name)s") % {"name": self.student.person.full_name}

    def get_absolute_url(self):
        return url_for_pk("admissions:transfer_detail", self.pk)
