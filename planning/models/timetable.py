"""The timetable (PLN-8): drafts made by hand or by the solver, one published per year; substitutions."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import AcademicYear, School
from core.querysets import SchoolOwnedQuerySet
from core.validators import validate_plain_text
from staff.models import Absence, Employee

from .catalogue import Room
from .curriculum import Subgroup

WEEKDAYS = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
]


class TimetableStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class GenerationState(models.TextChoices):
    NONE = "", _("not generated")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


class TimetableQuerySet(SchoolOwnedQuerySet):
    def published(self):
        return self.filter(status=TimetableStatus.PUBLISHED)


@pghistory.track()
class Timetable(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", verbose_name=_("school"))
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("academic year")
    )
    name = models.CharField(_("name"), max_length=100, validators=[validate_plain_text])
    status = models.CharField(
        _("status"), max_length=10, choices=TimetableStatus.choices, default=TimetableStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # the generation job (a background task)
    generation_state = models.CharField(
        _("generation"),
        max_length=10,
        choices=GenerationState.choices,
        blank=True,
        default=GenerationState.NONE,
    )
    task_id = models.CharField(max_length=64, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    progress_note = models.CharField(_("stage"), max_length=255, blank=True)
    cancel_requested = models.BooleanField(default=False)
    time_limit = models.PositiveSmallIntegerField(_("time limit, seconds"), default=60)
    generation_started_at = models.DateTimeField(null=True, blank=True)
    generation_finished_at = models.DateTimeField(null=True, blank=True)
    generation_seconds = models.FloatField(null=True, blank=True)
    hard_violations = models.PositiveIntegerField(null=True, blank=True)
    soft_score = models.IntegerField(null=True, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    unplaced = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True)

    objects = TimetableQuerySet.as_manager()

    class Meta:
        verbose_name = _("timetable")
        verbose_name_plural = _("timetables")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year"],
                condition=Q(status="published"),
                name="timetable_one_published_per_year",
                violation_error_message=_("A year has one published timetable."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_running(self):
        return self.generation_state in (GenerationState.QUEUED, GenerationState.RUNNING)


class TimetableLessonQuerySet(SchoolOwnedQuerySet):
    school_path = "timetable__school"


class TimetableLesson(models.Model):
    timetable = models.ForeignKey(
        Timetable, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("timetable")
    )
    subgroup = models.ForeignKey(
        Subgroup, on_delete=models.PROTECT, related_name="timetable_lessons", verbose_name=_("subgroup")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    number = models.PositiveSmallIntegerField(_("lesson number"))
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="timetable_lessons",
        verbose_name=_("room"),
    )
    teacher = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="timetable_lessons",
        verbose_name=_("teacher"),
    )
    is_pinned = models.BooleanField(_("placed by hand"), default=False)
    # The shift whose bells number this lesson (the class's shift when it was placed): lesson 1 of the
    # first shift and lesson 1 of the second are different times, so a teacher or a room may have both.
    shift = models.PositiveSmallIntegerField(_("shift"), default=1)

    objects = TimetableLessonQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson of the timetable")
        verbose_name_plural = _("lessons of the timetable")
        ordering = ["weekday", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["timetable", "subgroup", "weekday", "number"],
                name="tt_lesson_subgroup_once",
                violation_error_message=_("This subgroup already has a lesson at this time."),
            ),
            models.UniqueConstraint(
                fields=["timetable", "teacher", "weekday", "shift", "number"],
                condition=Q(teacher__isnull=False),
                name="tt_lesson_teacher_once",
                violation_error_message=_("This teacher already has a lesson at this time."),
            ),
            models.UniqueConstraint(
                fields=["timetable", "room", "weekday", "shift", "number"],
                condition=Q(room__isnull=False),
                name="tt_lesson_room_once",
                violation_error_message=_("This room is already taken at this time."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=1, weekday__lte=6),
                name="tt_lesson_weekday_range",
                violation_error_message=_("The weekday is Monday to Saturday."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=0, number__lte=14),
                name="tt_lesson_number_range",
                violation_error_message=_("Lesson numbers are 0 to 14."),
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.number}: {self.subgroup}"


class SubstitutionReason(models.TextChoices):
    LEAVE = "leave", _("leave")
    SICK_LEAVE = "sick_leave", _("sick leave")
    TIME_OFF = "time_off", _("time off")
    OTHER = "other", _("other")


class SubstitutionQuerySet(SchoolOwnedQuerySet):
    school_path = "timetable_lesson__timetable__school"


@pghistory.track()
class Substitution(models.Model):
    """A lesson on one date taught by another teacher, or cancelled."""

    timetable_lesson = models.ForeignKey(
        TimetableLesson, on_delete=models.CASCADE, related_name="substitutions", verbose_name=_("lesson")
    )
    date = models.DateField(_("date"))
    substitute = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="substitutions",
        verbose_name=_("substitute"),
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    reason = models.CharField(
        _("reason"), max_length=12, choices=SubstitutionReason.choices, default=SubstitutionReason.OTHER
    )
    absence = models.ForeignKey(
        Absence, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("absence")
    )
    note = models.CharField(_("note"), max_length=255, blank=True, validators=[validate_plain_text])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = SubstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("substitution")
        verbose_name_plural = _("substitutions")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["timetable_lesson", "date"],
                name="substitution_once_per_date",
                violation_error_message=_("This lesson already has a substitution on this date."),
            ),
            models.CheckConstraint(
                condition=Q(is_cancelled=True, substitute__isnull=True)
                | Q(is_cancelled=False, substitute__isnull=False),
                name="substitution_substitute_or_cancelled",
                violation_error_message=_("Choose a substitute or cancel the lesson."),
            ),
        ]

    def __str__(self):
        return f"{self.timetable_lesson} {self.date}"
