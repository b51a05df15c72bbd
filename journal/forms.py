"""Journal forms: the school and lesson come from the view, never from POST (DESIGN rule 3)."""

from django import forms
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from contingent.models import SchoolClass, Student, StudentStatus
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
        if self.is_bound:  # the choice is checked against it; html() shows lesson.ktp_topics
            self.fields["ktp_topic"].queryset = KtpTopic.objects.filter(
                subgroup_id=lesson.subgroup_id, period_id=lesson.period_id
            )

    def html(self):
        """The form's fields as crispy's Bootstrap layout writes them, written in Python: crispy's
        templates took about 6 ms of the lesson page, the teachers' most opened page."""
        e = conditional_escape
        out = []
        problems = self.non_field_errors()
        if problems:
            out.append(
                '<div class="alert alert-block alert-danger"><ul class="m-0">'
                + "".join(f"<li>{e(m)}</li>" for m in problems)
                + "</ul></div>"
            )

        def field(name, control, check=False):
            errors = self.errors.get(name) if self.is_bound else None
            invalid = " is-invalid" if errors else ""
            feedback = "".join(
                f'<span id="error_{i}_id_{name}" class="invalid-feedback"><strong>{e(m)}</strong></span>'
                for i, m in enumerate(errors or (), start=1)
            )
            label = e(self.fields[name].label)
            if check:
                return (
                    f'<div class="mb-3"><div id="div_id_{name}" class="form-check">{control(invalid)} '
                    f'<label for="id_{name}" class="form-check-label">{label}</label>{feedback}</div></div>'
                )
            return (
                f'<div id="div_id_{name}" class="mb-3"><label for="id_{name}" class="form-label">{label}</label> '
                f"{control(invalid)}{feedback}</div>"
            )

        def value(name):
            v = self[name].value()
            return "" if v is None else str(v)

        chosen = value("ktp_topic")
        # The field's queryset (the КТП of the lesson's subgroup and period), read with the lesson.
        topics = self.lesson.ktp_topics
        options = "".join(
            f'<option value="{pk}"{" selected" if str(pk) == chosen else ""}>{position}. {e(title)}</option>'
            for pk, position, title in topics
        )
        out.append(
            field(
                "ktp_topic",
                lambda invalid: (
                    f'<select name="ktp_topic" class="select form-select{invalid}" id="id_ktp_topic">'
                    f'<option value=""{"" if chosen else " selected"}>---------</option>{options}</select>'
                ),
            )
        )
        out.append(
            field(
                "topic",
                lambda invalid: (
                    f'<input type="text" name="topic" value="{e(value("topic"))}" '
                    f'maxlength="{self.fields["topic"].max_length}" class="textinput form-control{invalid}" id="id_topic">'
                ),
            )
        )
        out.append(
            field(
                "homework",
                lambda invalid: (
                    f'<textarea name="homework" cols="40" rows="2" maxlength="{self.fields["homework"].max_length}" '
                    f'class="textarea form-control{invalid}" id="id_homework">\n{e(value("homework"))}</textarea>'
                ),
            )
        )
        accept = e(self.fields["homework_file"].widget.attrs.get("accept", ""))
        out.append(
            field(
                "homework_file",
                lambda invalid: (
                    f'<div><input type="file" name="homework_file" class="form-control{invalid}" accept="{accept}" '
                    'id="id_homework_file"></div>'
                ),
            )
        )
        checked = " checked" if self["remove_file"].value() else ""
        out.append(
            field(
                "remove_file",
                lambda invalid: (
                    f'<input type="checkbox" name="remove_file" class="checkboxinput form-check-input{invalid}" '
                    f'id="id_remove_file"{checked}>'
                ),
                check=True,
            )
        )
        return mark_safe("".join(out))

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
    """A lesson the timetable does not have, added by the deputy to a journal page of the year: the
    class first, then one of its journal pages (a school has hundreds of them; the class's list is
    fetched when the class is chosen, see journal.views.manage.extra_lesson_subgroups)."""

    school_class = forms.ModelChoiceField(label=_("Class"), queryset=SchoolClass.objects.none())
    subgroup = forms.ModelChoiceField(label=_("Journal page"), queryset=Subgroup.objects.none())
    date = forms.DateField(label=_("Date"))
    number = forms.IntegerField(label=_("Lesson number"), min_value=1, max_value=12)
    topic = forms.CharField(label=_("Topic"), max_length=500, required=False)

    def __init__(self, *args, school, academic_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = SchoolClass.objects.filter(
            school=school, academic_year=academic_year
        ).order_by("parallel", "letter_ru")
        self.fields["school_class"].widget.attrs.update(
            {
                "hx-get": reverse("journal:extra_lesson_subgroups"),
                "hx-target": "#id_subgroup",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )
        chosen = (
            self.data.get(self.add_prefix("school_class"))
            if self.is_bound
            else self.initial.get("school_class")
        )
        subgroups = Subgroup.objects.none()
        if chosen and str(chosen).isdigit():
            subgroups = (
                Subgroup.objects.filter(
                    class_subject__school_class_id=int(chosen),
                    class_subject__school_class__school=school,
                    class_subject__academic_year=academic_year,
                )
                .select_related("class_subject__subject", "class_subject__school_class")
                .order_by("class_subject__subject__name_ru", "position")
            )
        self.fields["subgroup"].queryset = subgroups
        self.fields["subgroup"].label_from_instance = lambda sg: (
            f"{sg.class_subject.display_name} · {sg.label}"
        )


def exemption_students(school):
    return (
        Student.objects.filter(school=school, status=StudentStatus.STUDYING)
        .select_related("person", "school_class")
        .order_by(
            "school_class__parallel", "school_class__letter_ru", "person__last_name", "person__first_name"
        )
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
