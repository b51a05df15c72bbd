"""The school community (KG-1..KG-4, seeds 002 and 004): the school calendar, distance courses and tests,
portfolios, messages, class announcements and the parents' boards. Every row reaches its school."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.files import private_storage, scan_upload_to
from core.links import url_for_pk
from core.models import ModeratedText
from core.querysets import SchoolOwnedQuerySet
from core.validators import validate_plain_text


def _person_id(user):
    return getattr(user, "person_id", None) if getattr(user, "is_authenticated", False) else None


def _roles_by_school(user):
    """{school id: set of roles} of the user's active school assignments (read once per request)."""
    from core.permissions import _assignments

    result = {}
    if getattr(user, "is_authenticated", False):
        for a in _assignments(user):
            if a.school_id:
                result.setdefault(a.school_id, set()).add(a.role)
    return result


HEAD_ROLES = {"director", "deputy_director"}


# --- KG-1: the school calendar -----------------------------------------------------------------


class EventKind(models.TextChoices):
    HOLIDAY = "holiday", _("holiday")
    EXAM = "exam", _("exam")
    MEETING = "meeting", _("meeting")
    EVENT = "event", _("event")


class EventQuerySet(SchoolOwnedQuerySet):
    def for_person(self, person, class_ids):
        """The events of a person: the whole school's, his classes', and those he takes part in."""
        return self.filter(
            Q(school_class__isnull=True, participants__isnull=True)
            | Q(school_class_id__in=class_ids)
            | Q(participants=person)
        ).distinct()

    def between(self, start, end):
        return self.filter(starts__lte=end, ends__gte=start)


class SchoolEvent(models.Model):
    school = models.ForeignKey(
        "core.School", on_delete=models.CASCADE, related_name="+", verbose_name=_("school")
    )
    title = models.CharField(_("title"), max_length=255, validators=[validate_plain_text])
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices, default=EventKind.EVENT)
    starts = models.DateField(_("from"))
    ends = models.DateField(_("to"))
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True, validators=[validate_plain_text])
    description = models.TextField(_("description"), blank=True, validators=[validate_plain_text])
    school_class = models.ForeignKey(
        "contingent.SchoolClass",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("class"),
        help_text=_("Empty: the whole school."),
    )
    participants = models.ManyToManyField(
        "core.Person", blank=True, related_name="+", verbose_name=_("participants")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar event")
        verbose_name_plural = _("calendar events")
        ordering = ["starts", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gte=models.F("starts")),
                name="event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.title


# --- KG-2: distance courses and tests ------------------------------------------------------------


class CourseQuerySet(SchoolOwnedQuerySet):
    def visible_to(self, user):
        """Heads see the school's courses, a teacher his own, a student and a parent the published
        courses of the (child's) class. Another school's course is not visible at all (404)."""
        from contingent.models import GuardianLink, Student
        from core.permissions import is_system_admin

        if is_system_admin(user):
            return self
        person_id = _person_id(user)
        condition = Q(pk__in=[])
        for school_id, roles in _roles_by_school(user).items():
            if roles & HEAD_ROLES:
                condition |= Q(school_id=school_id)
                continue
            if person_id and roles & {"teacher", "class_teacher"}:
                condition |= Q(school_id=school_id, teacher__person_id=person_id)
            if person_id and "student" in roles:
                condition |= Q(
                    school_id=school_id,
                    is_published=True,
                    school_class__students__person_id=person_id,
                    school_class__students__status="studying",
                )
            if person_id and "parent" in roles:
                children = GuardianLink.objects.filter(person_id=person_id).values("student_id")
                condition |= Q(
                    school_id=school_id,
                    is_published=True,
                    school_class_id__in=Student.objects.filter(pk__in=children).values("school_class_id"),
                )
        return self.filter(condition).distinct()


@pghistory.track()
class Course(models.Model):
    school = models.ForeignKey(
        "core.School", on_delete=models.CASCADE, related_name="+", verbose_name=_("school")
    )
    title = models.CharField(_("title"), max_length=255, validators=[validate_plain_text])
    description = models.TextField(_("description"), blank=True, validators=[validate_plain_text])
    teacher = models.ForeignKey(
        "staff.Employee", on_delete=models.PROTECT, related_name="+", verbose_name=_("teacher")
    )
    school_class = models.ForeignKey(
        "contingent.SchoolClass", on_delete=models.PROTECT, related_name="courses", verbose_name=_("class")
    )
    subgroup = models.ForeignKey(
        "planning.Subgroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subgroup (subject of the journal)"),
        help_text=_(
            "Only this subgroup's students take the course; its results go to this subject's journal."
        ),
    )
    starts = models.DateField(_("from"))
    ends = models.DateField(_("to"))
    is_published = models.BooleanField(_("published to the class"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("distance course")
        verbose_name_plural = _("distance courses")
        ordering = ["-starts", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gte=models.F("starts")),
                name="course_ends_after_start",
                violation_error_message=_("The course cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return url_for_pk("community:course_detail", self.pk)


class MaterialKind(models.TextChoices):
    TEXT = "text", _("text")
    FILE = "file", _("file")
    LINK = "link", _("link")


class Material(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="materials", verbose_name=_("course")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices, default=MaterialKind.TEXT)
    title = models.CharField(_("title"), max_length=255, validators=[validate_plain_text])
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to=scan_upload_to("course-materials"),
        storage=private_storage,
        blank=True,
        max_length=255,
    )
    url = models.URLField(_("link"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("course material")
        verbose_name_plural = _("course materials")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="text") & ~Q(body=""))
                | (Q(kind="file") & ~Q(file=""))
                | (Q(kind="link") & ~Q(url="")),
                name="material_has_its_content",
                violation_error_message=_("Give the text, the file or the link of the material."),
            )
        ]

    def __str__(self):
        return self.title


class Test(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="tests", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=255, validators=[validate_plain_text])
    opens = models.DateTimeField(_("opens"))
    closes = models.DateTimeField(_("closes"))

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        ordering = ["opens", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")),
                name="test_closes_after_it_opens",
                violation_error_message=_("The test must close after it opens."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return url_for_pk("community:test_detail", self.pk)

    def is_open(self, now):
        return self.opens <= now <= self.closes


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    NUMBER = "number", _("number")
    SHORT = "short", _("short answer")
    OPEN = "open", _("open answer (graded by the teacher)")


class Question(models.Model):
    test = models.ForeignKey(Test, on_delete=models.CASCADE, related_name="questions", verbose_name=_("test"))
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.TextField(_("question"))
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    number_answer = models.DecimalField(
        _("correct number"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    tolerance = models.DecimalField(_("allowed difference"), max_digits=12, decimal_places=4, default=0)
    text_answers = models.TextField(_("accepted answers, one a line"), blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gte=1),
                name="question_points_positive",
                violation_error_message=_("A question is worth at least one point."),
            )
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def is_auto(self):
        return self.kind != QuestionKind.OPEN


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    text = models.CharField(_("answer option"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["pk"]

    def __str__(self):
        return self.text


class AttemptQuerySet(SchoolOwnedQuerySet):
    school_path = "test__course__school"

    def visible_to(self, user):
        """The student's own attempts, his parents', and those of tests of courses the user may see
        as a teacher or head."""
        from contingent.models import GuardianLink

        person_id = _person_id(user)
        courses = Course.objects.visible_to(user)
        condition = (
            Q(test__course__in=courses.filter(teacher__person_id=person_id)) if person_id else Q(pk__in=[])
        )
        roles = _roles_by_school(user)
        heads = [s for s, r in roles.items() if r & HEAD_ROLES]
        condition |= Q(test__course__school_id__in=heads)
        if person_id:
            condition |= Q(student__person_id=person_id)
            condition |= Q(
                student_id__in=GuardianLink.objects.filter(person_id=person_id).values("student_id")
            )
        return self.filter(condition)


@pghistory.track()
class Attempt(models.Model):
    test = models.ForeignKey(Test, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("test"))
    student = models.ForeignKey(
        "contingent.Student", on_delete=models.PROTECT, related_name="+", verbose_name=_("student")
    )
    submitted_at = models.DateTimeField(_("submitted"))
    score = models.DecimalField(_("points"), max_digits=7, decimal_places=2, default=0)
    max_score = models.DecimalField(_("of points"), max_digits=7, decimal_places=2, default=0)
    needs_review = models.BooleanField(_("waits for the teacher"), default=False)
    journal_mark = models.ForeignKey(
        "journal.Mark",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mark in the journal"),
    )

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("test attempt")
        verbose_name_plural = _("test attempts")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["test", "student"],
                name="attempt_once_per_student",
                violation_error_message=_("The test has already been taken."),
            )
        ]

    def __str__(self):
        return f"{self.student} · {self.test}"

    def get_absolute_url(self):
        return url_for_pk("community:attempt_detail", self.pk)

    @property
    def percent(self):
        return round(self.score * 100 / self.max_score) if self.max_score else 0


class Answer(models.Model):
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers", verbose_name=_("attempt")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    choices = models.ManyToManyField(Choice, blank=True, related_name="+", verbose_name=_("chosen options"))
    text = models.TextField(_("answer"), blank=True)
    number = models.DecimalField(_("number"), max_digits=12, decimal_places=4, null=True, blank=True)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"],
                name="answer_once_per_question",
                violation_error_message=_("The question is already answered."),
            )
        ]

    def __str__(self):
        return f"{self.attempt_id} · {self.question_id}"


# --- KG-3: portfolios ------------------------------------------------------------------------------


class PortfolioKind(models.TextChoices):
    ACHIEVEMENT = "achievement", _("achievement")
    CERTIFICATE = "certificate", _("certificate")
    OLYMPIAD = "olympiad", _("olympiad result")
    PUBLICATION = "publication", _("publication")


class PortfolioLevel(models.TextChoices):
    SCHOOL = "school", _("school")
    DISTRICT = "district", _("district")
    REGION = "region", _("region")
    NATIONAL = "national", _("national")
    INTERNATIONAL = "international", _("international")


def portfolio_owner_condition(user, path="person"):
    """Whose portfolio the user may read: his own, his children's, his class's students' (class
    teacher), every person's of a school he heads (director, deputy)."""
    from contingent.models import GuardianLink, Student
    from core.permissions import is_system_admin

    if is_system_admin(user):
        return Q()
    person_id = _person_id(user)
    condition = Q(pk__in=[])
    for school_id, roles in _roles_by_school(user).items():
        if roles & HEAD_ROLES:
            condition |= Q(school_id=school_id)
        elif person_id and "class_teacher" in roles:
            condition |= Q(
                school_id=school_id,
                **{
                    f"{path}_id__in": Student.objects.filter(
                        school_id=school_id,
                        status="studying",
                        school_class__class_teacher__person_id=person_id,
                        school_class__is_active=True,
                    ).values("person_id")
                },
            )
    if person_id:
        condition |= Q(**{f"{path}_id": person_id})
        condition |= Q(
            **{
                f"{path}_id__in": Student.objects.filter(
                    pk__in=GuardianLink.objects.filter(person_id=person_id).values("student_id")
                ).values("person_id")
            }
        )
    return condition


class PortfolioQuerySet(SchoolOwnedQuerySet):
    def visible_to(self, user):
        from core.permissions import is_system_admin

        if is_system_admin(user):
            return self
        return self.filter(portfolio_owner_condition(user))


@pghistory.track()
class PortfolioEntry(models.Model):
    school = models.ForeignKey(
        "core.School", on_delete=models.CASCADE, related_name="+", verbose_name=_("school")
    )
    person = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="portfolio", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PortfolioKind.choices)
    title = models.CharField(_("title"), max_length=255, validators=[validate_plain_text])
    date = models.DateField(_("date"))
    level = models.CharField(_("level"), max_length=20, choices=PortfolioLevel.choices, blank=True)
    result = models.CharField(
        _("result, place"), max_length=100, blank=True, validators=[validate_plain_text]
    )
    description = models.TextField(_("description"), blank=True, validators=[validate_plain_text])
    scan = models.FileField(
        _("scan (PDF, JPEG, PNG)"),
        upload_to=scan_upload_to("portfolio"),
        storage=private_storage,
        blank=True,
        max_length=255,
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = PortfolioQuerySet.as_manager()

    class Meta:
        verbose_name = _("portfolio entry")
        verbose_name_plural = _("portfolio entries")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.title


# --- KG-4: messages, class announcements, parents' boards -------------------------------------------


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the conversation's participants read it: anybody else gets a 404."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(participants__user=user)


class Conversation(models.Model):
    district = models.ForeignKey(
        "core.District", on_delete=models.CASCADE, related_name="+", verbose_name=_("district")
    )
    school = models.ForeignKey(
        "core.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    subject = models.CharField(_("subject"), max_length=255, validators=[validate_plain_text])
    student = models.ForeignKey(
        "contingent.Student",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about the student"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return url_for_pk("community:conversation", self.pk)


class Participant(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants", verbose_name=_("conversation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    last_read_at = models.DateTimeField(_("read up to"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="participant_once_per_conversation")
        ]

    def __str__(self):
        return str(self.user)


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", verbose_name=_("conversation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("message"), max_length=8000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "created_at"])]

    def __str__(self):
        return self.body[:60]


class ClassPostKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("class announcement")
    BOARD = "board", _("parents' board")


class ClassPostQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(is_hidden=False)


class ClassPost(ModeratedText):
    """A class announcement (teacher to the class and parents) or a post on the class's parents' board."""

    school_class = models.ForeignKey(
        "contingent.SchoolClass", on_delete=models.CASCADE, related_name="+", verbose_name=_("class")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ClassPostKind.choices)
    title = models.CharField(_("title"), max_length=255, blank=True, validators=[validate_plain_text])

    objects = ClassPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("class post")
        verbose_name_plural = _("class posts")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title or self.body[:60]
