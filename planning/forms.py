"""Forms of planning: every choice scoped to the current school (DESIGN rule 3)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm, PortalModelForm
from staff.models import Employee

from .models import (
    Bell,
    BellSchedule,
    ClassSubjectKind,
    Room,
    Subgroup,
    SubgroupKind,
    Subject,
    Timetable,
    TypicalCurriculum,
)
from .models.curriculum import MAX_WEEKLY_HOURS
from .models.timetable import WEEKDAYS

HOURS = {
    "max_digits": 4,
    "decimal_places": 1,
    "min_value": Decimal("0.5"),
    "max_value": MAX_WEEKLY_HOURS,
}


class TeacherChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.full_name} — {obj.position}"


def teachers_of(school):
    return (
        Employee.objects.teaching()
        .filter(school=school)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )


class ClassSubjectAddForm(PortalForm):
    subject = forms.ModelChoiceField(queryset=Subject.objects.none(), required=False, label=_("Subject"))
    subject_name = forms.CharField(
        label=_("or a new subject's name"),
        max_length=255,
        required=False,
        help_text=_("Type a name when the subject is not in the catalogue."),
    )
    weekly_hours = forms.DecimalField(label=_("Hours"), **HOURS)
    is_variative = forms.BooleanField(label=_("Variative"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ClassSubjectKind.choices, initial=ClassSubjectKind.LESSON
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Subject.objects.for_school(school).active()

    def clean(self):
        data = super().clean()
        if not data.get("subject") and not data.get("subject_name"):
            self.add_error("subject", _("Choose a subject or type its name."))
        return data


class ClassSubjectEditForm(PortalForm):
    name = forms.CharField(label=_("Name"), max_length=255, required=False)
    weekly_hours = forms.DecimalField(label=_("Hours a week"), **HOURS)
    is_variative = forms.BooleanField(label=_("Variative"), required=False)

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = list(periods)
        for p in self.periods:
            self.fields[f"period_{p.pk}"] = forms.DecimalField(
                label=_("Hours a week in %(period)s") % {"period": p.name},
                max_digits=4,
                decimal_places=1,
                min_value=0,
                max_value=MAX_WEEKLY_HOURS,
            )

    def period_hours(self):
        return {p: self.cleaned_data[f"period_{p.pk}"] for p in self.periods}


class SubgroupsForm(PortalForm):
    kind = forms.ChoiceField(label=_("Subgroups"), choices=SubgroupKind.choices, widget=forms.RadioSelect)
    count = forms.IntegerField(
        label=_("Number of subgroups"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_('For "other" (more than three) and individual lessons.'),
    )
    lesson_minutes = forms.IntegerField(label=_("Lesson length, minutes"), min_value=10, max_value=120)

    COUNTS = {"main": 1, "two": 2, "three": 3, "boys_girls": 2}

    def __init__(self, *args, school_class, school, existing=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.school_class = school_class
        kind = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        count = self.COUNTS.get(kind)
        if count is None:
            try:
                count = int(self.data.get("count") if self.is_bound else self.initial.get("count") or 4)
            except (TypeError, ValueError):
                count = 4
        count = max(1, min(12, count))
        self.count_value = count
        students = (
            school_class.students.filter(status="studying")
            .select_related("person")
            .order_by("person__last_name", "person__first_name")
        )
        existing = list(existing)
        teachers = teachers_of(school)
        self.group_fields = []
        for i in range(1, count + 1):
            old = existing[i - 1] if i <= len(existing) else None
            self.fields[f"name_{i}"] = forms.CharField(
                label=_("Name of subgroup %(n)s") % {"n": i},
                max_length=100,
                required=False,
                initial=old.name if old else "",
            )
            self.fields[f"teacher_{i}"] = TeacherChoiceField(
                queryset=teachers,
                label=_("Teacher of subgroup %(n)s") % {"n": i},
                required=True,
                initial=old.teacher_id if old else None,
                error_messages={"required": _("Choose the teacher of subgroup %(n)s.") % {"n": i}},
            )
            self.fields[f"students_{i}"] = forms.ModelMultipleChoiceField(
                queryset=students,
                required=False,
                label=_("Pupils of subgroup %(n)s") % {"n": i},
                widget=forms.CheckboxSelectMultiple,
                initial=[s.pk for s in old.students.all()] if old else [],
            )
            self.fields[f"students_{i}"].label_from_instance = lambda s: s.person.full_name
            self.group_fields.append((i, f"name_{i}", f"teacher_{i}", f"students_{i}"))

    def groups(self):
        return [
            {
                "name": self.cleaned_data[n],
                "teacher": self.cleaned_data[t],
                "students": list(self.cleaned_data[s]),
            }
            for _i, n, t, s in self.group_fields
        ]


class TypicalApplyForm(PortalForm):
    typical = forms.ModelChoiceField(queryset=TypicalCurriculum.objects.none(), label=_("Typical curriculum"))
    scope = forms.ChoiceField(
        label=_("Apply to"),
        choices=[("class", _("this class")), ("parallel", _("the whole parallel"))],
        initial="class",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, school, school_class, **kwargs):
        super().__init__(*args, **kwargs)
        qs = TypicalCurriculum.objects.for_school(school)
        self.fields["typical"].queryset = qs.order_by("parallel", "language", "-valid_from")
        self.fields["typical"].initial = (
            qs.filter(parallel=school_class.parallel, language=school_class.language)
            .order_by("-valid_from")
            .first()
        )


class PasteForm(PortalForm):
    subjects = forms.MultipleChoiceField(label=_("Choose subjects"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].choices = [
            (str(line.subject_id), f"{line.display_name} — {line.weekly_hours}") for line in lines
        ]
        self.fields["subjects"].initial = [str(line.subject_id) for line in lines]


class SubjectForm(PortalModelForm):
    class Meta:
        model = Subject
        fields = ["name_kk", "name_ru", "name_en", "code", "difficulty", "room_kind"]

    def clean_difficulty(self):
        value = self.cleaned_data["difficulty"]
        if not 1 <= value <= 12:
            raise forms.ValidationError(_("Difficulty is from 1 to 12."))
        return value


class RoomForm(PortalModelForm):
    class Meta:
        model = Room
        fields = ["name", "kind", "capacity", "is_active"]

    def clean_capacity(self):
        value = self.cleaned_data["capacity"]
        if not 1 <= value <= 500:
            raise forms.ValidationError(_("The capacity is 1 to 500."))
        return value


class BellScheduleForm(PortalModelForm):
    class Meta:
        model = BellSchedule
        fields = ["name", "shift", "for_first_grade", "lesson_minutes"]


class BellForm(PortalModelForm):
    context_fields = ("schedule",)

    class Meta:
        model = Bell
        fields = ["number", "starts", "ends"]
        widgets = {
            "starts": forms.TimeInput(attrs={"type": "time"}),
            "ends": forms.TimeInput(attrs={"type": "time"}),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", _("A lesson must end after it starts."))
        return data


class TimetableCreateForm(PortalForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    copy_from = forms.ModelChoiceField(
        queryset=Timetable.objects.none(), required=False, label=_("Copy the lessons of")
    )

    def __init__(self, *args, school, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = Timetable.objects.filter(school=school, academic_year=year)


class GenerateForm(PortalForm):
    time_limit = forms.IntegerField(label=_("Time limit, seconds"), min_value=5, max_value=600, initial=60)


class LessonForm(PortalForm):
    subgroup = forms.ModelChoiceField(queryset=Subgroup.objects.none(), label=_("Subject and subgroup"))
    weekday = forms.TypedChoiceField(label=_("Day"), choices=WEEKDAYS, coerce=int)
    number = forms.IntegerField(label=_("Lesson number"), min_value=1, max_value=14)
    room = forms.ModelChoiceField(queryset=Room.objects.none(), required=False, label=_("Room"))

    def __init__(self, *args, school, year, school_class=None, fixed_subgroup=None, **kwargs):
        super().__init__(*args, **kwargs)
        subgroups = Subgroup.objects.filter(
            class_subject__school_class__school=school, class_subject__academic_year=year
        ).select_related("class_subject__subject", "class_subject__school_class", "teacher__person")
        if school_class is not None:
            subgroups = subgroups.filter(class_subject__school_class=school_class)
        self.fields["subgroup"].queryset = subgroups.order_by("class_subject__subject__name_ru", "position")
        self.fields["subgroup"].label_from_instance = lambda sg: (
            f"{sg} — {sg.teacher.person.full_name if sg.teacher else _('no teacher')}"
        )
        if fixed_subgroup is not None:
            del self.fields["subgroup"]
        self.fields["room"].queryset = Room.objects.filter(school=school, is_active=True)


class SubstitutionForm(PortalForm):
    substitute = TeacherChoiceField(queryset=Employee.objects.none(), required=False, label=_("Substitute"))
    cancel = forms.BooleanField(required=False, label=_("Cancel the lesson"))

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = teachers_of(school)

    def clean(self):
        data = super().clean()
        if not data.get("cancel") and not data.get("substitute"):
            raise forms.ValidationError(_("Choose a substitute or cancel the lesson."))
        return data


class KtpTextForm(PortalForm):
    topics = forms.CharField(
        label=_("Topics"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=60000,
        help_text=_(
            'One topic a line; hours after a semicolon: "Fractions; 2". One hour when none is given.'
        ),
    )

    def rows(self):
        rows = []
        for line in self.cleaned_data["topics"].splitlines():
            title, _sep, hours = line.rpartition(";") if ";" in line else (line, "", "1")
            rows.append((title.strip(), hours.strip() or 1))
        return rows


class KtpImportForm(PortalForm):
    file = forms.FileField(label=_("Typical programme (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.validators = []
        field.widget.attrs["accept"] = ".xlsx"

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx file."))
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return f


class KtpCopyForm(PortalForm):
    source = forms.ModelChoiceField(queryset=Subgroup.objects.none(), label=_("Copy the КТП of"))

    def __init__(self, *args, subgroup, period, **kwargs):
        super().__init__(*args, **kwargs)
        line = subgroup.class_subject
        self.fields["source"].queryset = (
            Subgroup.objects.filter(
                class_subject__school_class__school=line.school_class.school,
                class_subject__subject=line.subject,
                ktp_topics__period=period,
            )
            .exclude(pk=subgroup.pk)
            .distinct()
            .select_related("class_subject__school_class", "class_subject__subject")
        )


class DateRangeForm(forms.Form):
    """The dates typed on a leave or sick-leave form, for the lessons in that period."""

    start = forms.DateField(
        label=_("from"), error_messages={"required": _("Enter the first day of the absence.")}
    )
    end = forms.DateField(label=_("to (inclusive)"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and not end:
            data["end"] = start  # time off of one day leaves the end empty
        elif start and end and end < start:
            raise forms.ValidationError(_("The last day is before the first one."))
        return data
