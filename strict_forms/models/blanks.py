"""Strict-reporting blanks (BLK-1..BLK-6, DOMAIN.md 4): kinds, received blanks, their ledger, write-off acts
and the documents issued on them to students."""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.links import url_for_pk
from core.querysets import SchoolOwnedQuerySet
from core.validators import TEXT_LIMIT, text_length_constraint

NUMBER_PATTERN = r"^[0-9]{1,12}$"


class KindGroup(models.TextChoices):
    EDUCATION = "education", _("education document (certificate, attestat)")
    COMMENDATION = "commendation", _("commendation letter")
    OTHER = "other", _("other blank")


class BlankKindQuerySet(SchoolOwnedQuerySet):
    def available_at(self, school):
        """The national kinds and the school's own ones."""
        return self.filter(Q(school__isnull=True) | Q(school=school), is_active=True)


@pghistory.track()
class BlankKind(models.Model):
    """A kind of blank (DOMAIN.md 4.1). National kinds (school empty) come from a data migration; a school
    adds its own."""

    school = models.ForeignKey(
        "core.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blank_kinds",
        verbose_name=_("school"),
    )
    code = models.SlugField(_("code"), max_length=50)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    group = models.CharField(_("group"), max_length=20, choices=KindGroup.choices, default=KindGroup.OTHER)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = BlankKindQuerySet.as_manager()

    class Meta:
        verbose_name = _("kind of blank")
        verbose_name_plural = _("kinds of blanks")
        ordering = ["position", "name_ru"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(school__isnull=True),
                name="blank_kind_national_code_unique",
                violation_error_message=_("A kind of blank with this code already exists."),
            ),
            models.UniqueConstraint(
                fields=["school", "code"],
                name="blank_kind_code_unique_per_school",
                violation_error_message=_("A kind of blank with this code already exists."),
            ),
        ]

    @property
    def name(self):
        lang = (get_language() or "ru")[:2]
        return {"kk": self.name_kk, "en": self.name_en}.get(lang) or self.name_ru

    def __str__(self):
        return self.name


class BlankStatus(models.TextChoices):
    NEW = "new", _("new")
    HANDED_OUT = "handed_out", _("handed out")
    ISSUED = "issued", _("issued")
    SPOILED = "spoiled", _("spoiled")
    LOST = "lost", _("lost")


# The only ways a blank's status may change (BLK-4). A blank may be spoiled or lost in the safe
# (figure 47 of the seed shows a spoiled blank with no recipient) or in the hands of an employee.
ALLOWED_TRANSITIONS = {
    BlankStatus.NEW: {BlankStatus.HANDED_OUT, BlankStatus.SPOILED, BlankStatus.LOST},
    BlankStatus.HANDED_OUT: {BlankStatus.ISSUED, BlankStatus.SPOILED, BlankStatus.LOST},
    BlankStatus.ISSUED: set(),
    BlankStatus.SPOILED: set(),
    BlankStatus.LOST: set(),
}
# Deleting a mistaken issue record gives the blank back to its holder (or to the safe).
CANCELLED_ISSUE = {(BlankStatus.ISSUED, BlankStatus.HANDED_OUT), (BlankStatus.ISSUED, BlankStatus.NEW)}
_TRANSITIONS_SQL = ", ".join(
    sorted(f"('{old}', '{new}')" for old, news in ALLOWED_TRANSITIONS.items() for new in news)
    + sorted(f"('{old}', '{new}')" for old, new in CANCELLED_ISSUE)
)


@pghistory.track()
class BlankReceipt(models.Model):
    """One arrival of blanks (one number or a range): the left page «Приход» of the book of accounting."""

    school = models.ForeignKey(
        "core.School", on_delete=models.PROTECT, related_name="blank_receipts", verbose_name=_("school")
    )
    kind = models.ForeignKey(BlankKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind"))
    series = models.CharField(_("series"), max_length=20, blank=True)
    first_number = models.CharField(_("first number"), max_length=12)
    last_number = models.CharField(_("last number"), max_length=12)
    count = models.PositiveIntegerField(_("quantity"))
    received_on = models.DateField(_("date of receipt"))
    basis = models.CharField(_("basis of receipt"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = SchoolOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("receipt of blanks")
        verbose_name_plural = _("receipts of blanks")
        ordering = ["received_on", "id"]

    def __str__(self):
        return f"{self.kind} {self.numbers}"

    @property
    def numbers(self):
        if self.first_number == self.last_number:
            return self.first_number
        return f"{self.first_number}–{self.last_number}"


@pghistory.track()
class WriteOffAct(models.Model):
    """The act writing off a spoiled or lost blank (BLK-3)."""

    school = models.ForeignKey(
        "core.School", on_delete=models.PROTECT, related_name="write_off_acts", verbose_name=_("school")
    )
    number = models.PositiveIntegerField(_("act number"))
    date = models.DateField(_("act date"))
    status = models.CharField(_("status"), max_length=20, choices=BlankStatus.choices)
    reason = models.TextField(_("reason"), max_length=TEXT_LIMIT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("drawn up by")
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = SchoolOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("write-off act")
        verbose_name_plural = _("write-off acts")
        ordering = ["-date", "-number"]
        constraints = [
            text_length_constraint("reason", "write_off_act_reason_length"),
            models.UniqueConstraint(
                fields=["school", "number"],
                name="write_off_act_number_unique_per_school",
                violation_error_message=_("A write-off act with this number already exists."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["spoiled", "lost"]),
                name="write_off_act_spoiled_or_lost",
                violation_error_message=_("A write-off act is drawn up for a spoiled or lost blank."),
            ),
        ]

    def __str__(self):
        return _("Write-off act No. %(number)s of %(date)s") % {
            "number": self.number,
            "date": self.date.strftime("%d.%m.%Y"),
        }

    def get_absolute_url(self):
        return url_for_pk("strict_forms:act_pdf", self.pk)


class BlankQuerySet(SchoolOwnedQuerySet):
    def registry(self):
        return self.select_related("kind", "holder__person", "write_off_act").order_by(
            "kind__position", "kind_id", "series", "number"
        )


@pghistory.track(model_name="BlankHistory")
class Blank(models.Model):
    school = models.ForeignKey(
        "core.School", on_delete=models.PROTECT, related_name="blanks", verbose_name=_("school")
    )
    kind = models.ForeignKey(
        BlankKind, on_delete=models.PROTECT, related_name="blanks", verbose_name=_("kind of document")
    )
    series = models.CharField(_("series"), max_length=20, blank=True)
    number = models.CharField(_("blank number"), max_length=12)
    status = models.CharField(
        _("status"), max_length=20, choices=BlankStatus.choices, default=BlankStatus.NEW
    )
    holder = models.ForeignKey(
        "staff.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="held_blanks",
        verbose_name=_("recipient"),
    )
    purpose = models.CharField(_("purpose of issue"), max_length=255, blank=True)
    reason = models.TextField(_("reason"), max_length=TEXT_LIMIT, blank=True)
    receipt = models.ForeignKey(
        BlankReceipt, on_delete=models.PROTECT, related_name="blanks", verbose_name=_("receipt")
    )
    write_off_act = models.ForeignKey(
        WriteOffAct,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blanks",
        verbose_name=_("write-off act"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = BlankQuerySet.as_manager()

    class Meta:
        verbose_name = _("blank")
        verbose_name_plural = _("blanks")
        ordering = ["kind__position", "series", "number"]
        constraints = [
            text_length_constraint("reason", "blank_reason_length"),
            models.UniqueConstraint(
                fields=["kind", "series", "number"],
                name="blank_number_unique_per_kind",
                violation_error_message=_("A blank with this number of this kind already exists."),
            ),
            models.CheckConstraint(
                condition=Q(number__regex=NUMBER_PATTERN),
                name="blank_number_digits",
                violation_error_message=_("A blank number consists of digits only."),
            ),
            models.CheckConstraint(
                condition=~Q(status="handed_out") | Q(holder__isnull=False),
                name="blank_handed_out_has_holder",
                violation_error_message=_("A handed-out blank has a recipient."),
            ),
        ]
        triggers = [
            # BLK-4: the database refuses a status change the ledger does not know (issued -> new, ...)
            pgtrigger.Trigger(
                name="blank_status_transitions",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__status__df=pgtrigger.F("new__status")),
                func=f"""
                IF (OLD.status, NEW.status) NOT IN ({_TRANSITIONS_SQL}) THEN
                    RAISE EXCEPTION 'blank %: % cannot become %', OLD.id, OLD.status, NEW.status
                        USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
                """,
            ),
        ]

    def __str__(self):
        number = f"{self.series} {self.number}" if self.series else self.number
        return _("%(kind)s No. %(number)s") % {"kind": self.kind, "number": number}

    @property
    def full_number(self):
        return f"{self.series} {self.number}" if self.series else self.number

    def get_absolute_url(self):
        return url_for_pk("strict_forms:blank_detail", self.pk)

    def can_be_deleted(self):
        """Only a blank nobody has touched yet may be removed (BLK-4)."""
        return self.status == BlankStatus.NEW

    def can_become(self, status):
        return status in ALLOWED_TRANSITIONS[BlankStatus(self.status)]


class BlankEventKind(models.TextChoices):
    RECEIVED = "received", _("received")
    HANDED_OUT = "handed_out", _("handed out to an employee")
    ISSUED = "issued", _("issued to a student")
    SPOILED = "spoiled", _("spoiled")
    LOST = "lost", _("lost")
    ISSUE_CANCELLED = "issue_cancelled", _("issue record deleted, blank returned to its holder")


class BlankEvent(models.Model):
    """The append-only ledger of a blank: its whole story (BLK-4). Rows are never updated (a database
    trigger refuses it); they go only with a new blank deleted as a mistaken entry."""

    blank = models.ForeignKey(Blank, on_delete=models.CASCADE, related_name="ledger", verbose_name=_("blank"))
    kind = models.CharField(_("event"), max_length=20, choices=BlankEventKind.choices)
    from_status = models.CharField(_("from status"), max_length=20, choices=BlankStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=BlankStatus.choices)
    employee = models.ForeignKey(
        "staff.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employee"),
    )
    student = models.ForeignKey(
        "contingent.Student",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("student"),
    )
    act = models.ForeignKey(
        WriteOffAct, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("act")
    )
    note = models.TextField(_("note"), max_length=TEXT_LIMIT, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("blank event")
        verbose_name_plural = _("blank events")
        ordering = ["at", "id"]
        constraints = [text_length_constraint("note", "blank_event_note_length")]
        triggers = [pgtrigger.Protect(name="blank_event_append_only", operation=pgtrigger.Update)]

    def __str__(self):
        return f"{self.blank_id}: {self.get_kind_display()}"


class DocumentStatus(models.TextChoices):
    VALID = "valid", _("valid")
    DUPLICATE_ISSUED = "duplicate_issued", _("duplicate issued")
    ANNULLED = "annulled", _("annulled")


class IssuedDocumentQuerySet(SchoolOwnedQuerySet):
    def education(self):
        return self.filter(blank__kind__group=KindGroup.EDUCATION)

    def commendation(self):
        return self.filter(blank__kind__group=KindGroup.COMMENDATION)

    def with_related(self):
        return self.select_related(
            "blank__kind", "student__person", "student__school_class", "duplicate_of__blank__kind"
        )


@pghistory.track()
class IssuedDocument(models.Model):
    """An attestat, certificate (BLK-5) or commendation letter (BLK-6) issued to a student on a blank."""

    school = models.ForeignKey(
        "core.School", on_delete=models.PROTECT, related_name="issued_documents", verbose_name=_("school")
    )
    blank = models.OneToOneField(
        Blank, on_delete=models.PROTECT, related_name="issued_document", verbose_name=_("blank")
    )
    student = models.ForeignKey(
        "contingent.Student",
        on_delete=models.PROTECT,
        related_name="issued_documents",
        verbose_name=_("student"),
    )
    issued_on = models.DateField(_("date of issue"))
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.VALID
    )
    duplicate_of = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicate",
        verbose_name=_("duplicate of"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(duplicate_of=models.F("id")),
                name="issued_document_not_own_duplicate",
                violation_error_message=_("A document cannot be its own duplicate."),
            ),
        ]
        triggers = [
            # BLK-5: one valid attestat or certificate per student and kind of blank
            pgtrigger.Trigger(
                name="one_valid_education_document",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                condition=pgtrigger.Q(new__status="valid"),
                func="""
                IF EXISTS (
                    SELECT 1 FROM strict_forms_issueddocument d
                    JOIN strict_forms_blank b ON b.id = d.blank_id
                    JOIN strict_forms_blankkind k ON k.id = b.kind_id
                    WHERE d.student_id = NEW.student_id AND d.status = 'valid' AND d.id <> NEW.id
                      AND k."group" = 'education'
                      AND b.kind_id = (SELECT kind_id FROM strict_forms_blank WHERE id = NEW.blank_id)
                ) THEN
                    RAISE EXCEPTION 'student % already holds a valid document of this kind', NEW.student_id
                        USING ERRCODE = 'unique_violation';
                END IF;
                RETURN NEW;
                """,
            ),
        ]

    def __str__(self):
        return _("%(blank)s, %(student)s") % {"blank": self.blank, "student": self.student}

    @property
    def is_commendation(self):
        return self.blank.kind.group == KindGroup.COMMENDATION

    def get_absolute_url(self):
        if self.is_commendation:
            return url_for_pk("strict_forms:letter_edit", self.pk)
        return url_for_pk("strict_forms:attestat_detail", self.pk)
