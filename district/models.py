"""The district education department's public page (DEP-1..DEP-8, seed 003 «Күнделік-ББҰ»).

Everything belongs to a `core.District`. Switching a feature off (DEP-8) only hides it: its rows stay."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import private_storage, scan_upload_to
from core.models import ModeratedText
from core.validators import validate_plain_text


class Feature(models.TextChoices):
    """The tabs of the page a department's administrator switches on and off (DEP-8)."""

    NEWS = "news", _("News")
    WALL = "wall", _("Message wall")
    STRUCTURE = "structure", _("Structure")
    PEOPLE = "people", _("People")
    DOCUMENTS = "documents", _("Documents")
    FORUM = "forum", _("Forum")
    FEEDBACK = "feedback", _("Feedback")
    ANNOUNCEMENTS = "announcements", _("Announcements")


class DistrictOwnedQuerySet(models.QuerySet):
    district_path = "district"

    def of(self, district):
        return self.filter(**{self.district_path: district})


@pghistory.track()
class DepartmentPage(models.Model):
    """The page itself: description, contacts, reception hours and the feature switches."""

    district = models.OneToOneField(
        "core.District", on_delete=models.CASCADE, related_name="page", verbose_name=_("district")
    )
    description = models.TextField(_("description"), blank=True, validators=[validate_plain_text])
    contacts = models.TextField(_("contacts"), blank=True, validators=[validate_plain_text])
    reception_hours = models.TextField(
        _("reception hours of the leaders"), blank=True, validators=[validate_plain_text]
    )
    disabled_features = models.JSONField(_("switched-off features"), default=list, blank=True)

    class Meta:
        verbose_name = _("department page")
        verbose_name_plural = _("department pages")

    def __str__(self):
        return str(self.district)

    def is_enabled(self, feature):
        return feature not in self.disabled_features

    @property
    def enabled_features(self):
        return [f for f in Feature.values if f not in self.disabled_features]


class Unit(models.Model):
    """A structural unit of the department (DEP-2)."""

    district = models.ForeignKey(
        "core.District", on_delete=models.CASCADE, related_name="units", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=255, validators=[validate_plain_text])
    head = models.CharField(_("head"), max_length=255, blank=True, validators=[validate_plain_text])
    phone = models.CharField(_("phone"), max_length=50, blank=True, validators=[validate_plain_text])
    position = models.PositiveSmallIntegerField(_("order on the page"), default=0)

    objects = DistrictOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("structural unit")
        verbose_name_plural = _("structural units")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class MemberCategory(models.TextChoices):
    LEADER = "leader", _("Leaders")
    DEPUTY = "deputy", _("Deputies")
    ADMINISTRATOR = "administrator", _("Administrators")
    SPECIALIST = "specialist", _("Specialists")
    METHODOLOGIST = "methodologist", _("Methodologists")


@pghistory.track()
class Member(models.Model):
    """A person working at the department (DEP-1 leaders, DEP-3 people)."""

    district = models.ForeignKey(
        "core.District", on_delete=models.CASCADE, related_name="members", verbose_name=_("district")
    )
    person = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="department_posts", verbose_name=_("person")
    )
    category = models.CharField(_("category"), max_length=20, choices=MemberCategory.choices)
    position = models.CharField(_("position"), max_length=255, validators=[validate_plain_text])
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("unit")
    )
    reception_hours = models.CharField(
        _("reception hours"), max_length=255, blank=True, validators=[validate_plain_text]
    )

    objects = DistrictOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("department employee")
        verbose_name_plural = _("department employees")
        ordering = ["category", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "person", "category"],
                name="district_member_once_per_category",
                violation_error_message=_("This person is already listed in this category."),
            )
        ]

    def __str__(self):
        return self.person.full_name


class PostKind(models.TextChoices):
    NEWS = "news", _("news")
    ANNOUNCEMENT = "announcement", _("announcement")


class NewsQuerySet(DistrictOwnedQuerySet):
    def published(self):
        return self.filter(published_at__lte=timezone.now())


class NewsItem(models.Model):
    """News (DEP-1) and announcements (DEP-7) of the department."""

    district = models.ForeignKey(
        "core.District", on_delete=models.CASCADE, related_name="news", verbose_name=_("district")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PostKind.choices, default=PostKind.NEWS)
    title = models.CharField(_("title"), max_length=255, validators=[validate_plain_text])
    body = models.TextField(_("text"), validators=[validate_plain_text])
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    valid_until = models.DateField(_("shown until"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )

    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title


class WallPost(models.Model):
    """A message on the department's wall (DEP-1): logged-in users write, administrators moderate."""

    district = models.ForeignKey(
        "core.District", on_delete=models.CASCADE, related_name="wall_posts", verbose_name=_("district")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("text"), max_length=4000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)

    objects = DistrictOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("wall message")
        verbose_name_plural = _("wall messages")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.body[:60]


class Folder(models.Model):
    """A folder of public documents (DEP-4)."""

    district = models.ForeignKey(
        "core.District", on_delete=models.CASCADE, related_name="folders", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=255, validators=[validate_plain_text])
    position = models.PositiveSmallIntegerField(_("order on the page"), default=0)

    objects = DistrictOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("folder")
        verbose_name_plural = _("folders")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="district_folder_unique_name",
                violation_error_message=_("A folder with this name already exists."),
            )
        ]

    def __str__(self):
        return self.name


class DocumentQuerySet(DistrictOwnedQuerySet):
    district_path = "folder__district"


@pghistory.track()
class Document(models.Model):
    folder = models.ForeignKey(
        Folder, on_delete=models.PROTECT, related_name="documents", verbose_name=_("folder")
    )
    title = models.CharField(_("title"), max_length=255, validators=[validate_plain_text])
    file = models.FileField(
        _("file"), upload_to=scan_upload_to("district-documents"), storage=private_storage, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("district:document_file", args=[self.folder.district_id, self.pk])


class Topic(models.Model):
    """A forum topic (DEP-5)."""

    district = models.ForeignKey(
        "core.District", on_delete=models.CASCADE, related_name="topics", verbose_name=_("district")
    )
    title = models.CharField(_("title"), max_length=255, validators=[validate_plain_text])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    is_closed = models.BooleanField(_("closed for new posts"), default=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)

    objects = DistrictOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum topic")
        verbose_name_plural = _("forum topics")
        ordering = ["-is_pinned", "-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("district:topic", args=[self.district_id, self.pk])


class PostQuerySet(DistrictOwnedQuerySet):
    district_path = "topic__district"

    def shown(self):
        return self.filter(is_hidden=False)


class Post(ModeratedText):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts", verbose_name=_("topic"))

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum post")
        verbose_name_plural = _("forum posts")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]


class FaqEntry(models.Model):
    """A frequently asked question with its answer (DEP-6)."""

    district = models.ForeignKey(
        "core.District", on_delete=models.CASCADE, related_name="faq", verbose_name=_("district")
    )
    question = models.CharField(_("question"), max_length=500, validators=[validate_plain_text])
    answer = models.TextField(_("answer"), validators=[validate_plain_text])
    position = models.PositiveSmallIntegerField(_("order on the page"), default=0)

    objects = DistrictOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.question


@pghistory.track()
class FeedbackMessage(models.Model):
    """A message sent through the feedback form (DEP-6): answered by the department and kept."""

    district = models.ForeignKey(
        "core.District", on_delete=models.CASCADE, related_name="feedback", verbose_name=_("district")
    )
    name = models.CharField(_("your name"), max_length=150)
    email = models.EmailField(_("e-mail for the answer"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    objects = DistrictOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback message")
        verbose_name_plural = _("feedback messages")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="feedback_answered_has_answer",
                violation_error_message=_("An answered message has the answer's text."),
            )
        ]

    def __str__(self):
        return self.subject
