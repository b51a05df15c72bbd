"""Journal forms: the school and lesson come from the view, never from POST (DESIGN rule 3)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm
from journal.models import FinalStatus
from planning.models import KtpTopic


class LessonForm(PortalForm):
    """The lesson's topic (offered from the КТП of the subgroup and period) and homework."""

    ktp_topic = forms.ModelChoiceField(
        label=_("Topic from the КТП"), queryset=KtpTopic.objects.none(), required=False
    )
    topic = forms.CharField(label=_("Topic"), max_length=500, required=False)
    homework = forms.CharField(label=_("Homework"), max_length=2000, required=False, widget=forms.Textarea(
        attrs={"rows": 2}))
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
        label=_("Mark"), choices=[("", "—")] + [(i, str(i)) for i in (5, 4, 3, 2)], coerce=int, required=False,
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
