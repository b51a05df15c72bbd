"""Catalogues: subjects (national and a school's own), rooms, bell schedules, holidays, teachers' days off."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import School
from core.querysets import SchoolOwnedQuerySet
from core.validators import validate_plain_text
from staff.models import Employee


class RoomKind(models.TextChoices):
    CLASSROOM = "classroom", _("classroom")
    LABORATORY = "laboratory", _("laboratory")
    COMPUTER = "computer", _("computer room")
    GYM = "gym", _("gym")
    WORKSHOP = "workshop", _("workshop")


class SubjectQuerySet(SchoolOwnedQuerySet):
    def visible_to(self, user):
        """The national catalogue is everybody's; a school's own subjects its members'."""
        from core.permissions import is_system_admin, member_school_ids

        if is_system_admin(user):
            return self
        return self.filter(Q(school__isnull=True) | Q(school__in=member_school_ids(user)))

    def for_school(self, school):
        return self.filter(Q(school__isnull=True) | Q(school=school))

    def active(self):
        return self.filter(is_active=True)


class Subject(models.Model):
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
        help_text=_("Empty for the national catalogue."),
    )
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255, validators=[validate_plain_text])
    name_ru = models.CharField(_("name (Russian)"), max_length=255, validators=[validate_plain_text])
    name_en = models.CharField(
        _("name (English)"), max_length=255, blank=True, validators=[validate_plain_text]
    )
    code = models.CharField(_("code"), max_length=30, blank=True, validators=[validate_plain_text])
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"),
        default=5,
        help_text=_("1 (easy) to 12 (hardest); hard subjects avoid the first and last lesson."),
    )
    room_kind = models.CharField(_("room kind needed"), max_length=12, choices=RoomKind.choices, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = SubjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["name_ru"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name_ru"],
                nulls_distinct=False,
                name="subject_unique_name",
                violation_error_message=_("A subject with this name already exists."),
            ),
            models.CheckConstraint(
                condition=Q(difficulty__gte=1, difficulty__lte=12),
                name="subject_difficulty_1_12",
                violation_error_message=_("Difficulty is from 1 to 12."),
            ),
        ]

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


class Room(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", verbose_name=_("school"))
    name = models.CharField(_("name"), max_length=50, validators=[validate_plain_text])
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=30)
    kind = models.CharField(_("kind"), max_length=12, choices=RoomKind.choices, default=RoomKind.CLASSROOM)
    is_active = models.BooleanField(_("active"), default=True)

    objects = SchoolOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"],
                name="room_unique_name",
                violation_error_message=_("A room with this name already exists."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="room_capacity_positive",
                violation_error_message=_("The capacity must be at least 1."),
            ),
        ]

    def __str__(self):
        return self.name


class BellSchedule(models.Model):
    """The bells of one shift; a variant for grade 1 (35-minute lessons, DOMAIN 8)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", verbose_name=_("school"))
    name = models.CharField(_("name"), max_length=100, validators=[validate_plain_text])
    shift = models.PositiveSmallIntegerField(_("shift"), choices=[(1, "1"), (2, "2"), (3, "3")], default=1)
    for_first_grade = models.BooleanField(_("grade 1 variant"), default=False)
    lesson_minutes = models.PositiveSmallIntegerField(_("lesson length, minutes"), default=45)

    objects = SchoolOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bell schedule")
        verbose_name_plural = _("bell schedules")
        ordering = ["shift", "for_first_grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "shift", "for_first_grade"],
                name="bell_schedule_unique_shift",
                violation_error_message=_("This shift already has a bell schedule."),
            ),
            models.CheckConstraint(
                condition=Q(lesson_minutes__gte=10, lesson_minutes__lte=120),
                name="bell_schedule_minutes_range",
                violation_error_message=_("A lesson lasts 10 to 120 minutes."),
            ),
        ]

    def __str__(self):
        return self.name


class BellQuerySet(SchoolOwnedQuerySet):
    school_path = "schedule__school"


class Bell(models.Model):
    schedule = models.ForeignKey(
        BellSchedule, on_delete=models.CASCADE, related_name="bells", verbose_name=_("bell schedule")
    )
    number = models.PositiveSmallIntegerField(_("lesson number"))
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))

    objects = BellQuerySet.as_manager()

    class Meta:
        verbose_name = _("bell")
        verbose_name_plural = _("bells")
        ordering = ["schedule", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "number"],
                name="bell_unique_number",
                violation_error_message=_("This lesson number already has a bell."),
            ),
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")),
                name="bell_ends_after_start",
                violation_error_message=_("A lesson must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=0, number__lte=14),
                name="bell_number_range",
                violation_error_message=_("Lesson numbers are 0 to 14."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.starts:%H:%M}-{self.ends:%H:%M}"


class HolidayQuerySet(models.QuerySet):
    def visible_to(self, user):
        from core.permissions import is_system_admin, member_school_ids

        if is_system_admin(user):
            return self
        return self.filter(Q(school__isnull=True) | Q(school__in=member_school_ids(user)))

    def for_school(self, school):
        return self.filter(Q(school=school) | Q(school__isnull=True, country=school.country))

    def overlapping(self, start, end):
        return self.filter(date__lte=end, end_date__gte=start)


class Holiday(models.Model):
    """School holidays and days off (DOMAIN 8): the country's (school empty) or one school's.
    `only_parallel` limits it to one parallel (grade 1's extra February week)."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    country = models.CharField(_("country"), max_length=2, default="KZ")
    date = models.DateField(_("from"))
    end_date = models.DateField(_("to (inclusive)"))
    name = models.CharField(_("name"), max_length=255, validators=[validate_plain_text])
    only_parallel = models.PositiveSmallIntegerField(_("only for parallel"), null=True, blank=True)

    objects = HolidayQuerySet.as_manager()

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("date")),
                name="holiday_end_not_before_start",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]

    def __str__(self):
        return self.name

    def covers(self, day, parallel=None):
        if not (self.date <= day <= self.end_date):
            return False
        return self.only_parallel is None or self.only_parallel == parallel


class TeacherDayOffQuerySet(SchoolOwnedQuerySet):
    school_path = "teacher__school"


class TeacherDayOff(models.Model):
    """A weekday on which a teacher gives no lessons (a hard rule of the timetable)."""

    teacher = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="+", verbose_name=_("teacher")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=[(i, str(i)) for i in range(1, 7)])

    objects = TeacherDayOffQuerySet.as_manager()

    class Meta:
        verbose_name = _("teacher's day off")
        verbose_name_plural = _("teachers' days off")
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "weekday"],
                name="teacher_day_off_unique",
                violation_error_message=_("This day off is already recorded."),
            ),
        ]

    def __str__(self):
        return f"{self.teacher} ({self.get_weekday_display()})"
