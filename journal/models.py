"""The grade journal (JRN): dated lessons, attendance, marks, final marks, and the school's grading rule.

Marks and attendance are the largest tables of the portal (hundreds of millions of rows a year at
national scale): they hold only what they must, carry their lesson (which carries its school and
period), and every change is recorded by pghistory with who and where (DESIGN rule 8)."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.files import private_storage, scan_upload_to, validate_scan
from core.querysets import SchoolOwnedQuerySet
from journal.querysets import FinalMarkQuerySet, LessonQuerySet, LessonRowQuerySet


class AssessmentSystem(models.TextChoices):
    CRITERIA = "criteria", _("criteria-based (ФО, СОР, СОЧ)")
    TRADITIONAL = "traditional", _("traditional 5-point marks")


class MarkKind(models.TextChoices):
    CURRENT = "current", _("current mark")
    FO = "fo", _("ФО (formative, 10 points)")
    SOR = "sor", _("СОР (summative for a unit)")
    SOCH = "soch", _("СОЧ (summative for the quarter)")


MARK_SHORT = {MarkKind.CURRENT: "", MarkKind.FO: "ФО", MarkKind.SOR: "СОР", MarkKind.SOCH: "СОЧ"}


@pghistory.track()
class GradingRule(models.Model):
    """A school's rule for marks, valid from a date (country rules change from year to year: they are
    data, not constants; DOMAIN 2.2-2.3). Without a row the country's default applies."""

    school = models.ForeignKey(
        "core.School", on_delete=models.CASCADE, related_name="+", verbose_name=_("school")
    )
    valid_from = models.DateField(_("valid from"))
    system = models.CharField(_("assessment system"), max_length=12, choices=AssessmentSystem.choices)
    fo_weight = models.PositiveSmallIntegerField(_("ФО weight, %"), default=25)
    sor_weight = models.PositiveSmallIntegerField(_("СОР weight, %"), default=25)
    soch_weight = models.PositiveSmallIntegerField(_("СОЧ weight, %"), default=50)
    sor_by_points = models.BooleanField(
        _("СОР by the sum of points"), default=True, help_text=_("Otherwise the mean of the СОР percentages.")
    )
    round_percent_first = models.BooleanField(_("round the percentage before the bands"), default=False)
    high_thresholds = models.BooleanField(
        _("thresholds 2.65/3.65/4.65"), default=False, help_text=_("Otherwise 2.50/3.50/4.50.")
    )
    sou_two_weight = models.PositiveSmallIntegerField(_("СОУ weight of a 2"), default=16)
    marks_in_grade_1 = models.BooleanField(_("marks in grade 1"), default=False)

    class Meta:
        verbose_name = _("grading rule")
        verbose_name_plural = _("grading rules")
        ordering = ["school", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "valid_from"],
                name="grading_rule_one_per_date",
                violation_error_message=_("The school already has a grading rule from this date."),
            ),
            models.CheckConstraint(
                condition=Q(fo_weight__lte=100, sor_weight__lte=100, soch_weight__lte=100),
                name="grading_rule_weights_percent",
                violation_error_message=_("A weight is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self):
        return f"{self.get_system_display()} ({self.valid_from:%d.%m.%Y})"

    @property
    def kinds(self):
        if self.system == AssessmentSystem.CRITERIA:
            return [MarkKind.FO, MarkKind.SOR, MarkKind.SOCH]
        return [MarkKind.CURRENT]


class ClosedPeriod(models.Model):
    """A period whose final marks are set: its marks change only through the deputy, with a reason."""

    period = models.OneToOneField(
        "core.Period", on_delete=models.CASCADE, related_name="journal_closure", verbose_name=_("period")
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("closed by")
    )
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")

    def __str__(self):
        return str(self.period)


@pghistory.track()
class Lesson(models.Model):
    """A dated lesson of a subgroup, made from the published timetable or added by hand (JRN-3)."""

    school = models.ForeignKey(
        "core.School", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    period = models.ForeignKey(
        "core.Period", on_delete=models.PROTECT, related_name="+", verbose_name=_("period")
    )
    subgroup = models.ForeignKey(
        "planning.Subgroup", on_delete=models.PROTECT, related_name="lessons", verbose_name=_("subgroup")
    )
    date = models.DateField(_("date"))
    number = models.PositiveSmallIntegerField(_("lesson number"))
    starts = models.TimeField(_("starts"), null=True, blank=True)
    ends = models.TimeField(_("ends"), null=True, blank=True)
    room = models.ForeignKey(
        "planning.Room",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("room"),
    )
    teacher = models.ForeignKey(
        "staff.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journal_lessons",
        verbose_name=_("teacher"),
    )
    timetable_lesson = models.ForeignKey(
        "planning.TimetableLesson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("timetable lesson"),
    )
    ktp_topic = models.ForeignKey(
        "planning.KtpTopic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("КТП topic"),
    )
    topic = models.CharField(_("topic"), max_length=500, blank=True)
    homework = models.TextField(_("homework"), blank=True, max_length=2000)
    homework_file = models.FileField(
        _("homework file"),
        storage=private_storage,
        upload_to=scan_upload_to("homework"),
        blank=True,
        validators=[validate_scan],
    )
    is_substitute = models.BooleanField(_("substitute lesson"), default=False)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    attendance_taken_at = models.DateTimeField(_("attendance taken at"), null=True, blank=True)
    topic_set_at = models.DateTimeField(_("topic set at"), null=True, blank=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["subgroup", "date", "number"],
                name="lesson_one_per_subgroup_slot",
                violation_error_message=_("This subgroup already has a lesson at this time."),
            ),
        ]
        indexes = [models.Index(fields=["teacher", "date"]), models.Index(fields=["school", "date"])]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} №{self.number}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    ABSENT = "absent", _("absent")
    LATE = "late", _("late")


class AbsenceReason(models.TextChoices):
    ILLNESS = "illness", _("illness")
    EXCUSED = "excused", _("excused")
    UNEXCUSED = "unexcused", _("unexcused")


@pghistory.track()
class Attendance(models.Model):
    """A student's presence at a lesson. No row means present and not yet touched."""

    lesson = models.ForeignKey(
        Lesson, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("lesson")
    )
    student = models.ForeignKey(
        "contingent.Student", on_delete=models.PROTECT, related_name="+", verbose_name=_("student")
    )
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus.choices)
    reason = models.CharField(
        _("reason of absence"), max_length=10, choices=AbsenceReason.choices, blank=True
    )

    objects = LessonRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "student"],
                name="attendance_one_per_student_lesson",
                violation_error_message=_("The student's attendance at this lesson is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(status="absent") | Q(reason=""),
                name="attendance_reason_only_when_absent",
                violation_error_message=_("Only an absence has a reason."),
            ),
        ]

    def __str__(self):
        return self.get_status_display()


class MarkQuerySet(LessonRowQuerySet):
    pass


@pghistory.track()
class Mark(models.Model):
    """One mark of a student at a lesson; `slot` tells several marks of one kind apart (1, 2, ...).
    The scale is a database constraint: 1-5 current, 1-10 ФО, 0..max points for СОР/СОЧ."""

    lesson = models.ForeignKey(
        Lesson, on_delete=models.PROTECT, related_name="marks", verbose_name=_("lesson")
    )
    student = models.ForeignKey(
        "contingent.Student", on_delete=models.PROTECT, related_name="+", verbose_name=_("student")
    )
    kind = models.CharField(_("kind of mark"), max_length=8, choices=MarkKind.choices)
    slot = models.PositiveSmallIntegerField(_("number of the mark"), default=1)
    value = models.PositiveSmallIntegerField(_("mark"))
    max_points = models.PositiveSmallIntegerField(_("maximum points"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = MarkQuerySet.as_manager()

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        ordering = ["kind", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "student", "kind", "slot"],
                name="mark_one_per_slot",
                violation_error_message=_("This mark is already set; change it instead."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="current", value__gte=1, value__lte=5, max_points__isnull=True)
                    | Q(kind="fo", value__gte=1, value__lte=10, max_points__isnull=True)
                    | Q(
                        kind__in=["sor", "soch"],
                        max_points__isnull=False,
                        max_points__gte=1,
                        max_points__lte=100,
                        value__lte=models.F("max_points"),
                    )
                ),
                name="mark_within_scale",
                violation_error_message=_("The mark is outside the scale."),
            ),
            models.CheckConstraint(
                condition=Q(slot__gte=1, slot__lte=9),
                name="mark_slot_1_to_9",
                violation_error_message=_("A student has at most nine marks of one kind at a lesson."),
            ),
        ]

    def __str__(self):
        if self.max_points:
            return f"{self.value}/{self.max_points}"
        return str(self.value)

    @property
    def label(self):
        prefix = MARK_SHORT.get(self.kind, "")
        return f"{prefix} {self}".strip()


@pghistory.track()
class Exemption(models.Model):
    """A student exempt from a subject (освобождён) for a time: no marks then, "осв." as the period mark."""

    school = models.ForeignKey(
        "core.School", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    student = models.ForeignKey(
        "contingent.Student", on_delete=models.PROTECT, related_name="+", verbose_name=_("student")
    )
    subject = models.ForeignKey(
        "planning.Subject", on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    starts = models.DateField(_("from"))
    ends = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=255)

    objects = SchoolOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gte=models.F("starts")),
                name="exemption_ends_after_start",
                violation_error_message=_("The end cannot be before the start."),
            )
        ]

    def __str__(self):
        return f"{self.student} {self.starts:%d.%m.%Y}-{self.ends:%d.%m.%Y}"


class FinalStatus(models.TextChoices):
    MARK = "mark", _("mark")
    NOT_ATTESTED = "na", _("н/а (not attested)")
    EXEMPT = "exempt", _("exempt")
    PASS = "pass", _("pass (зачёт)")
    FAIL = "fail", _("fail (незачёт)")


FINAL_SHORT = {"na": "н/а", "exempt": "осв.", "pass": "зач.", "fail": "незач."}


@pghistory.track()
class FinalMark(models.Model):
    """A period mark (period set) or the year mark (period empty) of a student in a subject (JRN-4)."""

    school = models.ForeignKey(
        "core.School", on_delete=models.PROTECT, related_name="+", verbose_name=_("school")
    )
    class_subject = models.ForeignKey(
        "planning.ClassSubject",
        on_delete=models.PROTECT,
        related_name="final_marks",
        verbose_name=_("subject"),
    )
    student = models.ForeignKey(
        "contingent.Student", on_delete=models.PROTECT, related_name="+", verbose_name=_("student")
    )
    period = models.ForeignKey(
        "core.Period",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("period"),
        help_text=_("Empty for the year mark."),
    )
    status = models.CharField(
        _("result"), max_length=8, choices=FinalStatus.choices, default=FinalStatus.MARK
    )
    value = models.PositiveSmallIntegerField(_("mark"), null=True, blank=True)
    proposed = models.PositiveSmallIntegerField(_("proposed mark"), null=True, blank=True)
    percent = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2, null=True, blank=True)
    reason = models.CharField(_("reason of the change"), max_length=500, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("set by")
    )
    confirmed_at = models.DateTimeField(_("set at"), auto_now=True)

    objects = FinalMarkQuerySet.as_manager()

    class Meta:
        verbose_name = _("final mark")
        verbose_name_plural = _("final marks")
        indexes = [
            # the reports' performance of a period per school (RPT-1, RPT-3) by an index-only scan: the
            # district's last quarter is 264,000 marks of 50 schools, read without visiting the table
            models.Index(
                fields=["period", "school"],
                include=["student", "status", "value", "class_subject"],
                name="final_mark_period_school",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["class_subject", "student", "period"],
                nulls_distinct=False,
                name="final_mark_one_per_period",
                violation_error_message=_("The student already has a final mark for this period."),
            ),
            models.CheckConstraint(
                condition=Q(status="mark", value__gte=2, value__lte=5)
                | (~Q(status="mark") & Q(value__isnull=True)),
                name="final_mark_value_matches_status",
                violation_error_message=_(
                    "A final mark is 2 to 5; н/а, exempt and pass/fail carry no number."
                ),
            ),
        ]

    def __str__(self):
        return str(self.value) if self.status == FinalStatus.MARK else FINAL_SHORT[self.status]


class LessonDay(models.Model):
    """A school day whose lessons were made from the timetable, and from which version of it: a new
    publication or substitution changes the fingerprint and the day is made again (future lessons only)."""

    school = models.ForeignKey(
        "core.School", on_delete=models.CASCADE, related_name="+", verbose_name=_("school")
    )
    date = models.DateField(_("date"))
    fingerprint = models.CharField(max_length=100)
    made_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("day of lessons")
        verbose_name_plural = _("days of lessons")
        constraints = [models.UniqueConstraint(fields=["school", "date"], name="lesson_day_once")]

    def __str__(self):
        return f"{self.date:%d.%m.%Y}"
