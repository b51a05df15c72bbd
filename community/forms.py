"""Forms of the school community: the school comes from the view, every choice is scoped (DESIGN rule 3)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import (
    Course,
    Material,
    MaterialKind,
    PortfolioEntry,
    PortfolioKind,
    Question,
    QuestionKind,
    SchoolEvent,
    Test,
)
from community.services import _as_decimal, recipients_for
from contingent.models import SchoolClass
from core.forms import PortalForm, PortalModelForm
from core.models import Person


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(PortalModelForm):
    """KG-1: an event of the school calendar, for the whole school, a class or named people."""

    class Meta:
        model = SchoolEvent
        fields = [
            "title",
            "kind",
            "starts",
            "ends",
            "start_time",
            "end_time",
            "place",
            "school_class",
            "participants",
            "description",
        ]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school
        self.fields["school_class"].queryset = SchoolClass.objects.for_school(school).filter(is_active=True)
        self.fields["participants"].queryset = Person.objects.filter(
            employments__school=school, employments__status="active"
        ).distinct()


class CourseForm(PortalModelForm):
    """KG-2: a distance course assigned to a class, or to one subgroup of a class's subject, with dates."""

    class Meta:
        model = Course
        fields = ["title", "school_class", "subgroup", "starts", "ends", "description", "is_published"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, school, **kwargs):
        from planning.models import Subgroup

        super().__init__(*args, **kwargs)
        self.instance.school = school
        self.fields["school_class"].queryset = SchoolClass.objects.for_school(school).filter(is_active=True)
        self.fields["subgroup"].queryset = Subgroup.objects.filter(
            class_subject__school_class__school=school, class_subject__school_class__is_active=True
        ).select_related("class_subject__school_class", "class_subject__subject")
        self.fields["subgroup"].label_from_instance = lambda s: (
            f"{s.class_subject.school_class} · {s.class_subject.subject.name}"
            + (f" · {s.name}" if s.name else "")
        )

    def clean(self):
        data = super().clean()
        subgroup, school_class = data.get("subgroup"), data.get("school_class")
        if subgroup and school_class and subgroup.class_subject.school_class_id != school_class.pk:
            self.add_error("subgroup", _("The subgroup belongs to another class."))
        return data


class MaterialForm(PortalModelForm):
    class Meta:
        model = Material
        fields = ["kind", "title", "body", "file", "url", "position"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        needed = {MaterialKind.TEXT: "body", MaterialKind.FILE: "file", MaterialKind.LINK: "url"}.get(kind)
        if needed and not data.get(needed):
            self.add_error(needed, _("Give the text, the file or the link of the material."))
        return data


class TestForm(PortalModelForm):
    class Meta:
        model = Test
        fields = ["title", "opens", "closes"]
        widgets = {"opens": DateTimeLocalInput(), "closes": DateTimeLocalInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens", "closes"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class QuestionForm(PortalModelForm):
    """A question; the options of a choice question one a line, the correct ones starting with *."""

    options = forms.CharField(
        label=_("Answer options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One option a line; put * before each correct option."),
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            "text",
            "points",
            "position",
            "options",
            "number_answer",
            "tolerance",
            "text_answers",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "text_answers": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        self.parsed_options = []
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            for line in (data.get("options") or "").splitlines():
                line = line.strip()
                if line:
                    correct = line.startswith("*")
                    self.parsed_options.append((line.lstrip("*").strip(), correct))
            n_correct = sum(1 for _text, c in self.parsed_options if c)
            if len(self.parsed_options) < 2:
                self.add_error("options", _("Give at least two options."))
            elif kind == QuestionKind.SINGLE and n_correct != 1:
                self.add_error("options", _("Mark exactly one correct option with *."))
            elif kind == QuestionKind.MULTIPLE and n_correct < 1:
                self.add_error("options", _("Mark the correct options with *."))
        elif kind == QuestionKind.NUMBER and data.get("number_answer") is None:
            self.add_error("number_answer", _("Give the correct number."))
        elif kind == QuestionKind.SHORT and not (data.get("text_answers") or "").strip():
            self.add_error("text_answers", _("Give at least one accepted answer."))
        return data

    def save(self, commit=True):
        question = super().save(commit)
        question.choices.all().delete()
        for text, correct in self.parsed_options:
            question.choices.create(text=text, is_correct=correct)
        return question


class TakeTestForm(forms.Form):
    """The test as a student sees it: one field per question, nothing of the correct answers."""

    def __init__(self, *args, questions, **kwargs):
        from crispy_forms.helper import FormHelper

        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.questions = questions
        for i, q in enumerate(questions, start=1):
            label = f"{i}. {q.text}"
            name = f"q{q.pk}"
            choices = [(c.pk, c.text) for c in q.choices.all()]
            if q.kind == QuestionKind.SINGLE:
                field = forms.TypedChoiceField(
                    label=label, choices=choices, coerce=int, widget=forms.RadioSelect, required=False
                )
            elif q.kind == QuestionKind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    label=label,
                    choices=choices,
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                )
            elif q.kind == QuestionKind.NUMBER:
                field = forms.CharField(label=label, required=False, max_length=30)
                field.widget.attrs["inputmode"] = "decimal"
            elif q.kind == QuestionKind.SHORT:
                field = forms.CharField(label=label, required=False, max_length=255)
            else:
                field = forms.CharField(
                    label=label, required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
                )
            self.fields[name] = field

    def clean(self):
        data = super().clean()
        for q in self.questions:
            value = data.get(f"q{q.pk}")
            if q.kind == QuestionKind.NUMBER and value not in (None, "") and _as_decimal(value) is None:
                self.add_error(f"q{q.pk}", _("Enter a number."))
        return data

    def responses(self):
        result = {}
        for q in self.questions:
            value = self.cleaned_data.get(f"q{q.pk}")
            if q.kind == QuestionKind.SINGLE:
                value = [value] if value not in (None, "") else []
            result[q.pk] = value
        return result


class GradeForm(PortalForm):
    points = forms.DecimalField(label=_("Points"), min_value=0, max_digits=6, decimal_places=2)


class PortfolioForm(PortalModelForm):
    """KG-3: an achievement, certificate (scan) or publication. Olympiad and competition results are not
    typed here: the portfolio shows them from the school's registry (reports), where they are entered
    once."""

    class Meta:
        model = PortfolioEntry
        fields = ["kind", "title", "date", "level", "result", "description", "scan"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        kind.choices = [(v, label) for v, label in kind.choices if v != PortfolioKind.OLYMPIAD]
        kind.help_text = _(
            "Olympiad and competition results are shown from the school's registry; they are not typed here."
        )


class ConversationForm(PortalForm):
    """KG-4: a new conversation with one person of the school (or of the district)."""

    recipient = forms.ModelChoiceField(label=_("To"), queryset=None)
    subject = forms.CharField(label=_("Subject"), max_length=255)
    body = forms.CharField(label=_("Message"), max_length=8000, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, user, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = (
            recipients_for(user, school)
            .select_related("person")
            .order_by("person__last_name", "person__first_name", "username")
        )
        self.fields["recipient"].label_from_instance = lambda u: (
            u.person.full_name if u.person_id else u.username
        )


class TextForm(PortalForm):
    body = forms.CharField(label=_("Message"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))


class ClassPostForm(PortalForm):
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    body = forms.CharField(label=_("Text"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))


class ToJournalForm(PortalForm):
    """KG-2: the lesson and the kind of mark the test's results go to."""

    lesson = forms.ModelChoiceField(label=_("Lesson"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of mark"))
    max_points = forms.IntegerField(
        label=_("Maximum points (СОР, СОЧ)"), required=False, min_value=1, max_value=100
    )

    def __init__(self, *args, course, **kwargs):
        from community.services import journal_lessons
        from journal.rules import rule_for

        super().__init__(*args, **kwargs)
        self.fields["lesson"].queryset = journal_lessons(course)
        self.fields["lesson"].label_from_instance = lambda lesson: f"{lesson.date:%d.%m.%Y}, {lesson.number}"
        from journal.models import MarkKind

        kinds = rule_for(course.school, course.starts).kinds
        self.fields["kind"].choices = [(k, MarkKind(k).label) for k in kinds]
