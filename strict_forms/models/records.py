"""Records management (BLK-7): protocols, documents in folders, correspondence, assignments.
Orders of the organisation live in core's order register."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import private_storage, scan_upload_to, validate_scan
from core.querysets import SchoolOwnedQuerySet
from core.validators import TEXT_LIMIT, text_length_constraint, validate_plain_text


class RecordQuerySet(SchoolOwnedQuerySet):
    def current(self):
        return self.filter(archived_on__isnull=True)

    def archived(self):
        return self.filter(archived_on__isnull=False)


class ArchivableRecord(models.Model):
    """A registered record is never deleted (records management keeps what was registered, and its
    number stays taken): a mistaken or finished one goes to the archive with the reason, and may come back.
    The history of the row keeps who did what."""

    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    archive_reason = models.CharField(
        _("reason for archiving"), max_length=255, blank=True, validators=[validate_plain_text]
    )
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archived by"),
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self):
        return self.archived_on is not None


class ProtocolKind(models.TextChoices):
    PEDAGOGICAL_COUNCIL = "pedagogical_council", _("pedagogical council")
    METHODICAL_COUNCIL = "methodical_council", _("methodical council")
    ADMINISTRATIVE_MEETING = "administrative_meeting", _("meeting with the director")
    PARENTS_MEETING = "parents_meeting", _("parents' meeting")
    OTHER = "other", _("other meeting")


@pghistory.track()
class Protocol(ArchivableRecord):
    school = models.ForeignKey(
        "core.School", on_delete=models.PROTECT, related_name="protocols", verbose_name=_("school")
    )
    kind = models.CharField(_("kind of meeting"), max_length=30, choices=ProtocolKind.choices)
    number = models.CharField(_("protocol number"), max_length=30, validators=[validate_plain_text])
    date = models.DateField(_("date"))
    agenda = models.TextField(_("agenda"), max_length=TEXT_LIMIT, validators=[validate_plain_text])
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=scan_upload_to("protocols"),
        blank=True,
        validators=[validate_scan],
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")
        ordering = ["-date", "-id"]
        constraints = [
            text_length_constraint("agenda", "protocol_agenda_length"),
            models.UniqueConstraint(
                "school",
                "kind",
                "number",
                ExtractYear("date"),
                name="protocol_number_unique_per_kind_year",
                violation_error_message=_(
                    "A protocol of this kind with this number already exists in this year."
                ),
            ),
        ]

    def __str__(self):
        return _("Protocol No. %(number)s of %(date)s") % {
            "number": self.number,
            "date": self.date.strftime("%d.%m.%Y"),
        }


@pghistory.track()
class DocumentFolder(models.Model):
    school = models.ForeignKey(
        "core.School", on_delete=models.PROTECT, related_name="document_folders", verbose_name=_("school")
    )
    name = models.CharField(_("folder name"), max_length=150, validators=[validate_plain_text])

    objects = SchoolOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("folder")
        verbose_name_plural = _("folders")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"],
                name="document_folder_name_unique_per_school",
                violation_error_message=_("A folder with this name already exists."),
            )
        ]

    def __str__(self):
        return self.name


@pghistory.track()
class Document(ArchivableRecord):
    school = models.ForeignKey(
        "core.School", on_delete=models.PROTECT, related_name="documents", verbose_name=_("school")
    )
    folder = models.ForeignKey(
        DocumentFolder, on_delete=models.PROTECT, related_name="documents", verbose_name=_("folder")
    )
    title = models.CharField(_("title"), max_length=255, validators=[validate_plain_text])
    date = models.DateField(_("date"))
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=scan_upload_to("documents"), validators=[validate_scan]
    )
    note = models.CharField(_("note"), max_length=255, blank=True, validators=[validate_plain_text])
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title


class Direction(models.TextChoices):
    INCOMING = "incoming", _("incoming")
    OUTGOING = "outgoing", _("outgoing")


@pghistory.track()
class Correspondence(ArchivableRecord):
    school = models.ForeignKey(
        "core.School", on_delete=models.PROTECT, related_name="correspondence", verbose_name=_("school")
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    reg_number = models.CharField(_("registration number"), max_length=30, validators=[validate_plain_text])
    reg_date = models.DateField(_("registration date"))
    correspondent = models.CharField(_("correspondent"), max_length=255, validators=[validate_plain_text])
    their_number = models.CharField(
        _("correspondent's number"), max_length=30, blank=True, validators=[validate_plain_text]
    )
    their_date = models.DateField(_("correspondent's date"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=500, validators=[validate_plain_text])
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=scan_upload_to("correspondence"),
        blank=True,
        validators=[validate_scan],
    )
    response_due = models.DateField(_("response due"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("correspondence")
        ordering = ["-reg_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                "school",
                "direction",
                "reg_number",
                ExtractYear("reg_date"),
                name="correspondence_number_unique_per_year",
                violation_error_message=_(
                    "A letter with this registration number already exists in this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(response_due__isnull=True) | Q(response_due__gte=models.F("reg_date")),
                name="correspondence_due_after_registration",
                violation_error_message=_("The response due date cannot be before the registration date."),
            ),
        ]

    def __str__(self):
        return _("No. %(number)s of %(date)s: %(subject)s") % {
            "number": self.reg_number,
            "date": self.reg_date.strftime("%d.%m.%Y"),
            "subject": self.subject,
        }


class AssignmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


class AssignmentQuerySet(RecordQuerySet):
    def in_progress(self):
        return self.current().filter(status=AssignmentStatus.IN_PROGRESS)

    def done(self):
        return self.current().filter(status=AssignmentStatus.DONE)

    def overdue(self, today=None):
        return self.in_progress().filter(due_date__lt=today or timezone.localdate())


@pghistory.track()
class Assignment(ArchivableRecord):
    school = models.ForeignKey(
        "core.School", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("school")
    )
    title = models.CharField(_("assignment"), max_length=255, validators=[validate_plain_text])
    description = models.TextField(
        _("details"), max_length=TEXT_LIMIT, blank=True, validators=[validate_plain_text]
    )
    executor = models.ForeignKey(
        "staff.Employee", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("executor")
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.IN_PROGRESS
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    correspondence = models.ForeignKey(
        Correspondence,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("on the letter"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_date", "id"]
        constraints = [
            text_length_constraint("description", "assignment_description_length"),
            models.CheckConstraint(
                condition=Q(status="in_progress", done_on__isnull=True)
                | Q(status="done", done_on__isnull=False),
                name="assignment_done_has_date",
                violation_error_message=_(
                    "A done assignment has the date it was done; one in progress has none."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self):
        return (
            self.status == AssignmentStatus.IN_PROGRESS
            and not self.is_archived
            and self.due_date < timezone.localdate()
        )
