"""Student contingent (CON): classes, students' personal files, guardians, consents and movements by order."""

import pghistory
import pgtrigger
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.files import private_storage, scan_upload_to, validate_scan
from core.links import url_for_pk
from core.models import AcademicYear, Order, Period, Person, School
from core.querysets import SchoolOwnedQuerySet
from core.validators import plausible_date_constraint, validate_plain_text
from staff.models import Employee

PARALLELS = [(i, str(i)) for i in range(0, 13)]


class EducationProfile(models.TextChoices):
    GENERAL = "general", _("general education")
    NATURAL_MATH = "natural_math", _("natural sciences and mathematics")
    SOCIAL_HUMANITARIAN = "social_humanitarian", _("social sciences and humanities")
    TECHNOLOGICAL = "technological", _("technological")


class InstructionLanguage(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    MIXED = "mixed", _("mixed (Kazakh and Russian)")
    ENGLISH = "en", _("English")
    UZBEK = "uz", _("Uzbek")
    UYGHUR = "ug", _("Uyghur")
    TAJIK = "tg", _("Tajik")
    KYRGYZ = "ky", _("Kyrgyz")


class SchoolClassQuerySet(SchoolOwnedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_year(self, year):
        return self.filter(academic_year=year)

    def name_choices(self):
        """(pk as text, name) of each class, in the model's order, without building instances: a
        list's class filter reads them on every page."""
        lang = get_language()
        rows = self.values_list("pk", "parallel", "letter_ru", "letter_kk", "letter_en")
        return [
            (str(pk), f"{parallel} {SchoolClass.letter_in(lang, ru, kk, en)}")
            for pk, parallel, ru, kk, en in rows
        ]


@pghistory.track()
class SchoolClass(models.Model):
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="classes", verbose_name=_("school")
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="classes", verbose_name=_("academic year")
    )
    parallel = models.PositiveSmallIntegerField(_("parallel"), choices=PARALLELS)
    letter_ru = models.CharField(_("letter or name (Russian)"), max_length=20)
    letter_kk = models.CharField(_("letter or name (Kazakh)"), max_length=20)
    letter_en = models.CharField(_("letter or name (English)"), max_length=20)
    class_teacher = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guided_classes",
        verbose_name=_("class teacher"),
    )
    education_profile = models.CharField(
        _("education profile"), max_length=30, choices=EducationProfile.choices, blank=True
    )
    developmental_disorders = models.BooleanField(_("with developmental disorders"), default=False)
    year_of_entry = models.PositiveSmallIntegerField(_("year of entry"), null=True, blank=True)
    class_attribute = models.CharField(
        _("class attribute"), max_length=100, blank=True, validators=[validate_plain_text]
    )
    classroom = models.CharField(_("classroom"), max_length=50, blank=True, validators=[validate_plain_text])
    home_schooled = models.BooleanField(_("the class has students taught at home"), default=False)
    language = models.CharField(
        _("language of instruction"),
        max_length=10,
        choices=InstructionLanguage.choices,
        default=InstructionLanguage.KAZAKH,
    )
    shift = models.PositiveSmallIntegerField(_("shift"), choices=[(1, "1"), (2, "2"), (3, "3")], default=1)
    is_active = models.BooleanField(_("active"), default=True)

    objects = SchoolClassQuerySet.as_manager()

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["parallel", "letter_ru"]
        constraints = [
            models.UniqueConstraint(
                fields=["class_teacher"],
                condition=Q(is_active=True, class_teacher__isnull=False),
                name="class_one_class_per_teacher",
                violation_error_message=_("The teacher already leads a class"),
            ),
            models.UniqueConstraint(
                fields=["school", "academic_year", "parallel", "letter_ru"],
                condition=Q(is_active=True),
                name="class_unique_name_per_year",
                violation_error_message=_("A class with this name already exists in this year."),
            ),
        ]
        triggers = [
            # the other half of student_class_of_own_school: a class does not move to another school
            pgtrigger.Trigger(
                name="class_keeps_its_school",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__school_id__df=pgtrigger.F("new__school_id")),
                func="""
                IF EXISTS (SELECT 1 FROM contingent_student s WHERE s.school_class_id = NEW.id) THEN
                    RAISE EXCEPTION 'class % has students of its school', NEW.id
                        USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
                """,
            ),
        ]

    @staticmethod
    def letter_in(language, letter_ru, letter_kk, letter_en):
        """The class's letter in `language` (Russian when it has none in that language)."""
        return {"kk": letter_kk, "en": letter_en}.get((language or "ru")[:2]) or letter_ru

    @property
    def letter(self):
        return self.letter_in(get_language(), self.letter_ru, self.letter_kk, self.letter_en)

    @property
    def name(self):
        return f"{self.parallel} {self.letter}"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return url_for_pk("contingent:class_detail", self.pk)


class StudentStatus(models.TextChoices):
    STUDYING = "studying", _("studying")
    EXPELLED = "expelled", _("left the school")
    GRADUATED = "graduated", _("graduated")


class Residency(models.TextChoices):
    RESIDENT = "resident", _("resident")
    NON_RESIDENT = "non_resident", _("non-resident")


class GraduationLevel(models.TextChoices):
    BASIC = "basic", _("basic secondary education (grade 9)")
    GENERAL = "general", _("general secondary education")


class StudentQuerySet(SchoolOwnedQuerySet):
    def current(self):
        return self.filter(status=StudentStatus.STUDYING)

    def archived(self):
        return self.exclude(status=StudentStatus.STUDYING)

    def without_class(self):
        return self.current().filter(school_class__isnull=True)

    def missing_consent(self):
        """ORG-5: current students without their own written consent, or with a parent who gave none."""
        from django.db.models import Exists, OuterRef

        guardians_without = GuardianLink.objects.filter(student=OuterRef("pk")).exclude(
            Exists(
                Consent.objects.filter(
                    revoked_on__isnull=True, student=OuterRef("student_id"), subject=OuterRef("person_id")
                )
            )
        )
        own = Consent.objects.filter(
            revoked_on__isnull=True, student=OuterRef("pk"), subject=OuterRef("person_id")
        )
        return (
            self.current()
            .annotate(has_own=Exists(own), parents_gap=Exists(guardians_without))
            .filter(Q(has_own=False) | Q(parents_gap=True))
        )

    def visibility(self, user):
        """School administration sees the school's students; a class teacher the students of her
        class; a parent his own children; a student herself (ORG-3). Nobody another school's."""
        from types import SimpleNamespace

        from core.models import Role
        from core.permissions import ROLE_PERMISSIONS, Perm, member_school_ids, roles_at

        whole, teacher_of, parent_of, own = set(), set(), set(), set()
        for school_id in member_school_ids(user):
            roles = roles_at(user, SimpleNamespace(pk=school_id, district_id=None))
            if any(
                Perm.CONTINGENT_VIEW in ROLE_PERMISSIONS[Role(r)] for r in roles if r != Role.CLASS_TEACHER
            ):
                whole.add(school_id)
                continue
            if Role.CLASS_TEACHER in roles:
                teacher_of.add(school_id)
            if Role.PARENT in roles:
                parent_of.add(school_id)
            if Role.STUDENT in roles:
                own.add(school_id)
        condition = Q(school_id__in=whole)
        person_id = user.person_id
        if person_id:
            if teacher_of:
                condition |= Q(
                    school_id__in=teacher_of,
                    status=StudentStatus.STUDYING,
                    school_class__is_active=True,
                    school_class__class_teacher__person_id=person_id,
                    school_class__class_teacher__status="active",
                )
            if parent_of:
                condition |= Q(
                    school_id__in=parent_of,
                    pk__in=GuardianLink.objects.filter(person_id=person_id).values("student_id"),
                )
            if own:
                condition |= Q(school_id__in=own, person_id=person_id)
        return condition


@pghistory.track()
class Student(models.Model):
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="students", verbose_name=_("school")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="studies", verbose_name=_("person")
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="students",
        verbose_name=_("class"),
    )
    parallel = models.PositiveSmallIntegerField(_("parallel"), choices=PARALLELS)
    residency = models.CharField(
        _("residency"), max_length=12, choices=Residency.choices, default=Residency.RESIDENT
    )
    admitted_on = models.DateField(_("date of admission"))
    status = models.CharField(
        _("status"), max_length=10, choices=StudentStatus.choices, default=StudentStatus.STUDYING
    )
    left_on = models.DateField(_("date of leaving"), null=True, blank=True)
    graduation_level = models.CharField(
        _("education completed"), max_length=10, choices=GraduationLevel.choices, blank=True
    )
    scholarship = models.CharField(
        _("scholarship"), max_length=150, blank=True, validators=[validate_plain_text]
    )
    special_needs = models.BooleanField(_("special educational needs"), default=False)
    home_schooled = models.BooleanField(_("taught at home"), default=False)

    objects = StudentQuerySet.as_manager()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "person"],
                condition=Q(status="studying"),
                name="student_one_current_file_per_school",
                violation_error_message=_("This person already studies at this school."),
            ),
            models.CheckConstraint(
                condition=Q(status="studying", left_on__isnull=True) | ~Q(status="studying"),
                name="student_studying_has_not_left",
                violation_error_message=_("A student who studies has no date of leaving."),
            ),
            plausible_date_constraint("admitted_on", "student_admitted_on_plausible"),
        ]
        triggers = [
            # CON-3: a class and its students belong to one school
            pgtrigger.Trigger(
                name="student_class_of_own_school",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                condition=pgtrigger.Q(new__school_class__isnull=False),
                func="""
                IF NOT EXISTS (SELECT 1 FROM contingent_schoolclass c
                               WHERE c.id = NEW.school_class_id AND c.school_id = NEW.school_id) THEN
                    RAISE EXCEPTION 'student %: the class belongs to another school', NEW.id
                        USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
                """,
            ),
        ]

    def __str__(self):
        return self.person.full_name

    def get_absolute_url(self):
        return url_for_pk("contingent:student_detail", self.pk)

    @property
    def class_label(self):
        return str(self.school_class) if self.school_class_id else str(_("Without a class"))


class GuardianRelation(models.TextChoices):
    MOTHER = "mother", _("mother")
    FATHER = "father", _("father")
    GUARDIAN = "guardian", _("guardian")
    OTHER = "other", _("other legal representative")


class GuardianLinkQuerySet(SchoolOwnedQuerySet):
    school_path = "student__school"


@pghistory.track()
class GuardianLink(models.Model):
    """A parent or guardian (a Person) of a student: one parent may have several children (CON-5)."""

    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="guardians", verbose_name=_("student")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="guarded", verbose_name=_("parent or guardian")
    )
    relation = models.CharField(_("relation"), max_length=10, choices=GuardianRelation.choices)

    objects = GuardianLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("parent or guardian")
        verbose_name_plural = _("parents and guardians")
        ordering = ["relation", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "person"],
                name="guardian_once_per_student",
                violation_error_message=_("This person is already a parent or guardian of the student."),
            )
        ]

    def __str__(self):
        return f"{self.person.full_name} ({self.get_relation_display()})"


class ConsentQuerySet(SchoolOwnedQuerySet):
    def valid(self):
        return self.filter(revoked_on__isnull=True)


@pghistory.track()
class Consent(models.Model):
    """Written consent to store a person's data (ORG-5): whose data, who signed, when, the scan."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", verbose_name=_("school"))
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="consents", verbose_name=_("personal file")
    )
    subject = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="consents", verbose_name=_("whose data")
    )
    signed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="signed_consents", verbose_name=_("signed by")
    )
    given_on = models.DateField(_("date of consent"))
    document = models.FileField(
        _("scan of the signed consent"),
        storage=private_storage,
        upload_to=scan_upload_to("consents"),
        validators=[validate_scan],
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent to personal data processing")
        verbose_name_plural = _("consents to personal data processing")
        ordering = ["-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=models.F("given_on")),
                name="consent_revoked_after_given",
                violation_error_message=_("A consent cannot be revoked before it was given."),
            )
        ]

    def __str__(self):
        return f"{self.subject.full_name}: {self.given_on:%d.%m.%Y}"


class MovementKind(models.TextChoices):
    ENROLMENT = "enrolment", _("enrolment into a class")
    TRANSFER = "transfer", _("transfer to another class")
    EXPULSION = "expulsion", _("left the school")
    DISBANDING = "disbanding", _("moved when the class was disbanded")
    PROMOTION = "promotion", _("promoted to the next year")
    REPETITION = "repetition", _("repeats the year")
    GRADUATION = "graduation", _("graduated")


ARRIVAL_KINDS = (MovementKind.ENROLMENT,)
DEPARTURE_KINDS = (MovementKind.EXPULSION, MovementKind.GRADUATION)


class LeaveReason(models.TextChoices):
    TRANSFER_SCHOOL = "transfer_school", _("transfer to another school")
    MOVED_AWAY = "moved_away", _("moved to another place")
    ABROAD = "abroad", _("left the country")
    HEALTH = "health", _("health reasons")
    END_OF_YEAR = "end_of_year", _("left at the end of the year")
    OTHER = "other", _("other reason")


class MovementQuerySet(SchoolOwnedQuerySet):
    pass


@pghistory.track()
class Movement(models.Model):
    """One movement of a student, made by an order (DESIGN rule 5): the book of movement and the
    personal file read from these rows."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", verbose_name=_("school"))
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="movements", verbose_name=_("student")
    )
    kind = models.CharField(_("movement"), max_length=12, choices=MovementKind.choices)
    from_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from class"),
    )
    to_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to class"),
    )
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="movements", verbose_name=_("order")
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=20, choices=LeaveReason.choices, blank=True)
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("quarter")
    )

    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["school", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_class__isnull=False) | Q(to_class__isnull=False),
                name="movement_has_a_class",
                violation_error_message=_("A movement leads from or to a class."),
            ),
            models.CheckConstraint(
                condition=~Q(from_class=models.F("to_class")),
                name="movement_changes_class",
                violation_error_message=_("The student is already in this class."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"


class MealBasis(models.TextChoices):
    LOW_INCOME = "low_income", _("low-income family")
    LARGE_FAMILY = "large_family", _("large family")
    ORPHAN = "orphan", _("orphan or without parental care")
    DISABILITY = "disability", _("child with a disability")
    OTHER = "other", _("other category")


class MealStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ALLOWED = "allowed", _("allowed")
    REFUSED = "refused", _("refused")


class FreeMealQuerySet(SchoolOwnedQuerySet):
    def allowed(self):
        return self.filter(status=MealStatus.ALLOWED)


@pghistory.track()
class FreeMealApplication(models.Model):
    """An application for free meals and the decision on it (CON-12)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", verbose_name=_("school"))
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="meal_applications", verbose_name=_("student")
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("academic year")
    )
    applied_on = models.DateField(_("date of application"))
    applicant = models.CharField(_("applicant"), max_length=255, validators=[validate_plain_text])
    basis = models.CharField(_("basis"), max_length=20, choices=MealBasis.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=MealStatus.choices, default=MealStatus.SUBMITTED
    )
    decided_on = models.DateField(_("date of decision"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True, validators=[validate_plain_text])

    objects = FreeMealQuerySet.as_manager()

    class Meta:
        verbose_name = _("free-meal application")
        verbose_name_plural = _("free-meal applications")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "academic_year"],
                condition=~Q(status="refused"),
                name="free_meal_one_open_application_per_year",
                violation_error_message=_("The student already has an application for this year."),
            )
        ]

    def __str__(self):
        return f"{self.student}: {self.get_status_display()}"

    def get_absolute_url(self):
        return self.student.get_absolute_url()
