"""Journal forms: the school and lesson come from the view, never from POST (DESIGN rule 3)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contingent.models import Student, StudentStatus
from core.forms import PortalForm, PortalModelForm, searched_select
from journal.models import AssessmentSystem, FinalStatus, GradingRule
from planning.models import ClassSubject, KtpTopic, Subgroup, Subject


class LessonForm(PortalForm):
    """The lesson's topic (offered from the КТП of the subgroup and period) and homework."""

    ktp_topic = forms.ModelChoiceField(
        label=_("Topic from the КТП"), queryset=KtpTopic.objects.none(), required=False
    )
    topic = forms.CharField(label=_("Topic"), max_length=500, required=False)
    homework = forms.CharField(
        label=_("Homework"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    homework_file = forms.FileField(label=_("File for the homework"), required=False)
    remove_file = forms.BooleanField(label=_("Remove the file"), required=False)

    def __init__(self, *args, instance=None, lesson=None, **kwargs):
        if instance is not None and not args:
            kwargs.setdefault(
                "initial",
                {"ktp_topic": instance.ktp_topic_id, "topic": instance.topic, "homework": instance.homework},
            )
        super().__init__(*args, **kwargs)
        self.lesson = lesson
        self.fields["ktp_topic"].queryset = KtpTopic.objects.filter(
            subgroup_id=lesson.subgroup_id, period_id=lesson.period_id
        ).order_by("position")
        self.fields["ktp_topic"].label_from_instance = lambda t: f"{t.position}. {t.title}"

    def clean(self):
        data = super().clean()
        if not data.get("topic") and not data.get("ktp_topic") and not self.errors:
            if data.get("homework") or data.get("homework_file"):
                raise forms.ValidationError(_("Give the lesson's topic."))
        return data

    def service_kwargs(self):
        d = self.cleaned_data
        return {
            "topic": d.get("topic", ""),
            "ktp_topic": d.get("ktp_topic"),
            "homework": d.get("homework", ""),
            "homework_file": d.get("homework_file"),
            "remove_file": d.get("remove_file", False),
        }


class FinalMarkForm(PortalForm):
    """One student's period or year mark: the proposed one confirmed, or another with a reason."""

    status = forms.ChoiceField(label=_("Result"), choices=FinalStatus.choices)
    value = forms.TypedChoiceField(
        label=_("Mark"),
        choices=[("", "—")] + [(i, str(i)) for i in (5, 4, 3, 2)],
        coerce=int,
        required=False,
        empty_value=None,
    )
    reason = forms.CharField(label=_("Reason of the change"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == FinalStatus.MARK and data.get("value") is None:
            self.add_error("value", _("Choose the mark."))
        return data


class ReasonForm(PortalForm):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ExtraLessonForm(PortalForm):
    """A lesson the timetable does not have, added by the deputy to a journal page of the year."""

    subgroup = forms.ModelChoiceField(label=_("Journal page"), queryset=Subgroup.objects.none())
    date = forms.DateField(label=_("Date"))
    number = forms.IntegerField(label=_("Lesson number"), min_value=1, max_value=12)
    topic = forms.CharField(label=_("Topic"), max_length=500, required=False)

    def __init__(self, *args, school, academic_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subgroup"].queryset = (
            Subgroup.objects.filter(
                class_subject__school_class__school=school, class_subject__academic_year=academic_year
            )
            .select_related("class_subject__subject", "class_subject__school_class")
            .order_by(
                "class_subject__school_class__parallel",
                "class_subject__school_class__letter_ru",
                "class_subject__subject__name_ru",
                "position",
            )
        )
        self.fields["subgroup"].label_from_instance = lambda sg: (
            f"{sg.class_subject.school_class} · {sg.class_subject.display_name} · {sg.label}"
        )


def exemption_students(school):
    return (
        Student.objects.filter(school=school, status=StudentStatus.STUDYING)
        .select_related("person", "school_class")
        .order_by("school_class__parallel", "school_class__letter_ru", "person__last_name", "person__first_name")
    )


def exemption_student_label(student):
    return f"{student.person.full_name} ({student.school_class})"


class ExemptionForm(PortalForm):
    """A student exempt from a subject (освобождён) from a date to a date, with the reason."""

    student = forms.ModelChoiceField(label=_("Student"), queryset=Student.objects.none())
    subject = forms.ModelChoiceField(label=_("Subject"), queryset=Subject.objects.none())
    starts = forms.DateField(label=_("From"))
    ends = forms.DateField(label=_("To"))
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args, school, academic_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = exemption_students(school)
        self.fields["student"].label_from_instance = exemption_student_label
        searched_select(self, "student")  # hundreds of students: searched as you type, not listed
        self.fields["subject"].queryset = Subject.objects.filter(
            pk__in=ClassSubject.objects.filter(
                school_class__school=school, academic_year=academic_year
            ).values("subject")
        )

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            self.add_error("ends", _("The end cannot be before the start."))
        return data


class GradingRuleForm(PortalModelForm):
    """The school's rule for proposing period marks from a date (DOMAIN 2.2-2.3)."""

    class Meta:
        model = GradingRule
        fields = [
            "valid_from",
            "system",
            "fo_weight",
            "sor_weight",
            "soch_weight",
            "sor_by_points",
            "round_percent_first",
            "high_thresholds",
            "sou_two_weight",
            "marks_in_grade_1",
        ]

    def clean(self):
        data = super().clean()
        weights = [data.get(f) for f in ("fo_weight", "sor_weight", "soch_weight")]
        if data.get("system") == AssessmentSystem.CRITERIA and None not in weights and sum(weights) != 100:
            self.add_error("soch_weight", _("The weights of ФО, СОР and СОЧ must add up to 100."))
        return data
