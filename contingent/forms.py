"""Forms of the contingent: values trimmed, names and texts checked (ORG-8), choices scoped to the school."""

import re

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contingent.models import (
    PARALLELS,
    Consent,
    FreeMealApplication,
    GuardianLink,
    GuardianRelation,
    LeaveReason,
    MealStatus,
    Residency,
    SchoolClass,
)
from contingent.services import Decision, check_parallel, final_parallel
from core.forms import IINField, PortalForm, PortalModelForm
from core.models import Period, Person, Sex
from core.services import OperationError
from core.validators import validate_not_future
from staff.models import Employee

CLASS_LETTER_RE = re.compile(r"^[^\W_]+$")


def validate_class_letter(value):
    """Letters and digits only, as the seed asks for class names (CON-4)."""
    if value and not CLASS_LETTER_RE.match(value):
        raise ValidationError(_("Use letters and digits only."), code="letter_chars")


class ClassChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def class_choices(school, year):
    return SchoolClass.objects.filter(school=school, academic_year=year, is_active=True).order_by(
        "parallel", "letter_ru"
    )


class PersonFieldsMixin:
    """Personal data of a student or a parent (CON-1, CON-5)."""

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        validate_not_future(value)
        return value


class StudentIdentityMixin:
    """CON-1 rules shared by registering and editing: a resident has an IIN, and an IIN is one person's."""

    def own_person_id(self):
        return None

    def clean_iin(self):
        iin = self.cleaned_data.get("iin") or ""
        if iin and Person.objects.filter(iin=iin).exclude(pk=self.own_person_id()).exists():
            raise ValidationError(_("A person with this IIN is already registered."), code="iin_duplicate")
        return iin

    def clean(self):
        data = super().clean()
        if data.get("residency") == Residency.RESIDENT and not data.get("iin") and "iin" not in self.errors:
            self.add_error("iin", _("Enter the IIN: it is required for residents."))
        return data


class StudentRegisterForm(StudentIdentityMixin, PersonFieldsMixin, PortalForm):
    """CON-1 "Создание личных дел"."""

    parallel = forms.TypedChoiceField(label=_("parallel"), choices=PARALLELS[:12], coerce=int)
    residency = forms.ChoiceField(
        label=_("residency"), choices=Residency.choices, initial=Residency.RESIDENT, widget=forms.RadioSelect
    )
    iin = IINField(required=False, help_text=_("Required for residents."))
    last_name = forms.CharField(label=_("last name"), max_length=100)
    first_name = forms.CharField(label=_("first name"), max_length=100)
    patronymic = forms.CharField(label=_("patronymic"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("date of birth"))
    sex = forms.ChoiceField(label=_("sex"), choices=[("", "---------"), *Sex.choices])
    email = forms.EmailField(label=_("e-mail"), required=False)
    admitted_on = forms.DateField(label=_("date of admission"), initial=timezone.localdate)

    def __init__(self, *args, school=None, with_parallel=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_parallel:
            del self.fields["parallel"]
        elif school is not None:
            self.fields["parallel"].choices = PARALLELS[: final_parallel(school) + 1]

    def person_data(self):
        d = self.cleaned_data
        return {
            k: d.get(k) or "" for k in ("iin", "last_name", "first_name", "patronymic", "sex", "email")
        } | {"birth_date": d["birth_date"]}


class StudentEditForm(StudentIdentityMixin, PersonFieldsMixin, PortalForm):
    """CON-5: edit the personal file (the person and the student's record together)."""

    iin = IINField(required=False)
    last_name = forms.CharField(label=_("last name"), max_length=100)
    first_name = forms.CharField(label=_("first name"), max_length=100)
    patronymic = forms.CharField(label=_("patronymic"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("date of birth"))
    sex = forms.ChoiceField(label=_("sex"), choices=[("", "---------"), *Sex.choices])
    email = forms.EmailField(label=_("e-mail"), required=False)
    phone = forms.CharField(label=_("phone"), max_length=50, required=False)
    address = forms.CharField(label=_("address"), max_length=255, required=False)
    residency = forms.ChoiceField(label=_("residency"), choices=Residency.choices, widget=forms.RadioSelect)
    admitted_on = forms.DateField(label=_("date of admission"))
    scholarship = forms.CharField(label=_("scholarship"), max_length=150, required=False)
    special_needs = forms.BooleanField(label=_("special educational needs"), required=False)
    home_schooled = forms.BooleanField(label=_("taught at home"), required=False)

    PERSON_FIELDS = (
        "iin",
        "last_name",
        "first_name",
        "patronymic",
        "birth_date",
        "sex",
        "email",
        "phone",
        "address",
    )
    STUDENT_FIELDS = ("residency", "admitted_on", "scholarship", "special_needs", "home_schooled")

    def __init__(self, *args, student, **kwargs):
        self.student = student
        initial = {f: getattr(student.person, f) for f in self.PERSON_FIELDS}
        initial |= {f: getattr(student, f) for f in self.STUDENT_FIELDS}
        kwargs["initial"] = initial | (kwargs.get("initial") or {})
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Fieldset(_("Personal data"), "iin", "last_name", "first_name", "patronymic", "birth_date", "sex"),
            Fieldset(_("Contacts"), "email", "phone", "address"),
            Fieldset(_("Studies at the school"), *self.STUDENT_FIELDS),
        )

    def own_person_id(self):
        return self.student.person_id

    def person_data(self):
        d = self.cleaned_data
        data = {f: d.get(f) or "" for f in self.PERSON_FIELDS if f not in ("iin", "birth_date")}
        return data | {"iin": d.get("iin") or None, "birth_date": d.get("birth_date")}

    def student_data(self):
        return {f: self.cleaned_data.get(f) for f in self.STUDENT_FIELDS}


class OrderFieldsForm(PortalForm):
    """The order that makes a movement: number, date, short content and its scan (CON-2, CON-8)."""

    scan_required = True
    order_number = forms.CharField(label=_("order number"), max_length=30)
    order_date = forms.DateField(label=_("order date"), initial=timezone.localdate)
    content = forms.CharField(label=_("short content"), widget=forms.Textarea(attrs={"rows": 2}))
    scan = forms.FileField(label=_("scan of the order"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scan"].required = self.scan_required

    def order_kwargs(self):
        d = self.cleaned_data
        return {
            "order_number": d["order_number"],
            "order_date": d["order_date"],
            "content": d["content"],
            "scan": d.get("scan"),
        }


class EnrolForm(OrderFieldsForm):
    """CON-2: a student of "Without a class" into a class. The classes of the student's parallel come
    first; one of another parallel needs a reason (CON-2, CON-8)."""

    field_order = ["to_class", "parallel_reason", "order_number", "order_date", "content", "scan"]
    parallel_reason = forms.CharField(
        label=_("reason for a class of another parallel"),
        max_length=255,
        required=False,
        help_text=_("Only when the class is not of the student's parallel."),
    )

    def __init__(self, *args, school, year, exclude=None, parallel=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = class_choices(school, year)
        if exclude is not None:
            qs = qs.exclude(pk=exclude.pk)
        self.parallel = parallel
        if parallel is not None:
            qs = qs.annotate(
                other_parallel=Case(When(parallel=parallel, then=Value(0)), default=Value(1))
            ).order_by("other_parallel", "parallel", "letter_ru")
        self.fields["to_class"] = ClassChoiceField(label=_("class"), queryset=qs)
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        to_class = data.get("to_class")
        if to_class is not None and self.parallel is not None:
            try:
                check_parallel(self.parallel, to_class, data.get("parallel_reason"))
            except OperationError as error:
                self.add_error("parallel_reason", str(error))
        return data

    def order_kwargs(self):
        return {**super().order_kwargs(), "parallel_reason": self.cleaned_data.get("parallel_reason", "")}


class MoveForm(EnrolForm):
    """CON-8: to another class."""


class AddToClassForm(StudentRegisterForm, OrderFieldsForm):
    """CON-6: a new student straight into a class, with the enrolment order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, with_parallel=False, **kwargs)


class ExpelForm(PortalForm):
    """CON-7: reason*, order number*, date of leaving*, quarter of leaving."""

    reason = forms.ChoiceField(label=_("reason"), choices=[("", "---------"), *LeaveReason.choices])
    order_number = forms.CharField(label=_("order number"), max_length=30)
    left_on = forms.DateField(label=_("date of leaving"), initial=timezone.localdate)
    period = forms.ModelChoiceField(label=_("quarter of leaving"), queryset=None, required=False)
    scan = forms.FileField(label=_("scan of the order"), required=False)

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = year.periods.all() if year else Period.objects.none()


class ClassForm(PortalModelForm):
    """CON-3, CON-4. The class teacher is chosen among staff allowed class guidance."""

    class Meta:
        model = SchoolClass
        fields = [
            "parallel",
            "letter_ru",
            "letter_kk",
            "letter_en",
            "education_profile",
            "developmental_disorders",
            "class_teacher",
            "year_of_entry",
            "class_attribute",
            "classroom",
            "home_schooled",
            "language",
            "shift",
        ]

    def __init__(self, *args, school, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.school, self.year = school, year
        self.instance.school = school
        if not self.instance.pk:
            self.instance.academic_year = year
        self.fields["parallel"].choices = PARALLELS[: final_parallel(school) + 1]
        # Teachers who lead no class yet come first; the others are marked with the class they lead.
        leading = (
            SchoolClass.objects.active().filter(class_teacher=OuterRef("pk")).exclude(pk=self.instance.pk)
        )
        self.fields["class_teacher"].queryset = (
            Employee.objects.class_guidance_allowed()
            .filter(school=school)
            .select_related("person")
            .annotate(leads=Exists(leading))
            .order_by("leads", "person__last_name", "person__first_name", "pk")
        )
        self.fields["class_teacher"].label_from_instance = lambda e: (
            _("%(name)s (already leads a class)") % {"name": e.person.full_name}
            if e.leads
            else e.person.full_name
        )
        for name in ("letter_ru", "letter_kk", "letter_en"):
            self.fields[name].validators.append(validate_class_letter)

    def clean_class_teacher(self):
        teacher = self.cleaned_data.get("class_teacher")
        if (
            teacher
            and SchoolClass.objects.active()
            .filter(class_teacher=teacher)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise ValidationError(
                SchoolClass._meta.constraints[0].violation_error_message, code="teacher_busy"
            )
        return teacher

    def clean(self):
        data = super().clean()
        parallel, letter = data.get("parallel"), data.get("letter_ru")
        if parallel is not None and letter:
            clash = SchoolClass.objects.active().filter(
                school=self.school,
                academic_year=self.instance.academic_year,
                parallel=parallel,
                letter_ru=letter,
            )
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error("letter_ru", _("A class with this name already exists in this year."))
        return data

    def validate_constraints(self):
        # The checks above give the messages beside the fields; the database still enforces them.
        return None


class GuardianForm(PersonFieldsMixin, PortalForm):
    """CON-5: IIN, last name*, first name*, patronymic, date of birth*, sex*, e-mail, phone."""

    relation = forms.ChoiceField(label=_("relation"), choices=GuardianRelation.choices)
    iin = IINField(required=False)
    last_name = forms.CharField(label=_("last name"), max_length=100)
    first_name = forms.CharField(label=_("first name"), max_length=100)
    patronymic = forms.CharField(label=_("patronymic"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("date of birth"))
    sex = forms.ChoiceField(label=_("sex"), choices=[("", "---------"), *Sex.choices])
    email = forms.EmailField(label=_("e-mail"), required=False)
    phone = forms.CharField(label=_("phone"), max_length=50, required=False)

    def guardian_data(self):
        d = self.cleaned_data
        keys = ("relation", "iin", "last_name", "first_name", "patronymic", "sex", "email", "phone")
        return {k: d.get(k) or "" for k in keys} | {"birth_date": d["birth_date"]}


class StudentConsentForm(PortalModelForm):
    """ORG-5: whose data, who signed, when, and the scan of the signed consent."""

    class Meta:
        model = Consent
        fields = ["subject", "signed_by", "given_on", "document"]

    def __init__(self, *args, student, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(Q(pk=student.person_id) | Q(guarded__student=student)).distinct()
        for name in ("subject", "signed_by"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = lambda p: p.full_name
        self.fields["subject"].initial = student.person_id
        self.fields["document"].required = True

    def clean_given_on(self):
        value = self.cleaned_data.get("given_on")
        validate_not_future(value)
        return value


class DisbandForm(OrderFieldsForm):
    """CON-9: the order (its scan required, the seed's "Приказ*"), a reason, and a new class for
    every student."""

    reason = forms.CharField(label=_("reason"), max_length=200, required=False)

    def __init__(self, *args, school_class, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.students = students
        choices = class_choices(school_class.school, school_class.academic_year).exclude(pk=school_class.pk)
        for s in students:
            self.fields[f"student_{s.pk}"] = ClassChoiceField(
                label=s.person.full_name,
                queryset=choices,
                widget=forms.Select(
                    attrs={
                        "class": "form-select form-select-sm",
                        "aria-label": _("new class of %(name)s") % {"name": s.person.full_name},
                    }
                ),
            )

    def assignments(self):
        return {s.pk: self.cleaned_data[f"student_{s.pk}"] for s in self.students}


DECISION_CHOICES = [
    (Decision.PROMOTE, _("moves up")),
    (Decision.REPEAT, _("repeats the year")),
    (Decision.LEAVE, _("leaves the school")),
]


class PromotionForm(OrderFieldsForm):
    """CON-10: the order of promotion and, per student, promote / repeat / leave."""

    scan_required = False

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        for student, decision, _target in plan:
            self.fields[f"d_{student.pk}"] = forms.ChoiceField(
                label=student.person.full_name, choices=DECISION_CHOICES, initial=decision, required=False
            )

    def clean(self):
        data = super().clean()
        if any(name.startswith("d_") for name in self.errors):
            self.add_error(None, _("Choose one of the offered decisions for every student."))
        return data

    def decisions(self):
        """A student left out of the submitted form keeps the plan's default decision."""
        return {s.pk: self.cleaned_data.get(f"d_{s.pk}") or d for s, d, _t in self.plan}


class FreeMealForm(PortalModelForm):
    """CON-12: the applicant is one of the student's parents or guardians, picked, not typed."""

    class Meta:
        model = FreeMealApplication
        fields = ["applied_on", "applicant", "basis", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guardians = (
            GuardianLink.objects.filter(student=self.instance.student).select_related("person").order_by("pk")
            if self.instance.student_id
            else []
        )
        names = [g.person.full_name for g in guardians]
        labels = {g.person.full_name: f"{g.person.full_name} ({g.get_relation_display()})" for g in guardians}
        if self.instance.applicant and self.instance.applicant not in names:
            names.append(self.instance.applicant)
        field = forms.ChoiceField(
            label=self.fields["applicant"].label,
            choices=[("", "---------")] + [(n, labels.get(n, n)) for n in names],
        )
        if not guardians:
            field.help_text = _("Add the student's parent or guardian to the personal file first.")
        self.fields["applicant"] = field


class MealDecisionForm(PortalForm):
    status = forms.ChoiceField(
        label=_("decision"),
        choices=[
            (MealStatus.ALLOWED, MealStatus.ALLOWED.label),
            (MealStatus.REFUSED, MealStatus.REFUSED.label),
        ],
    )
    decided_on = forms.DateField(label=_("date of decision"), initial=timezone.localdate)


class ReportPeriodForm(PortalForm):
    date_from = forms.DateField(label=_("from"))
    date_to = forms.DateField(label=_("to"))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end of the period cannot be before its start."))
        return data
