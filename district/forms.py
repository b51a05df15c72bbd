"""Forms of the department's page: values trimmed and checked by the shared rules (ORG-8)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PortalForm, PortalModelForm
from core.models import Person
from district.models import (
    DepartmentPage,
    Document,
    FaqEntry,
    Feature,
    FeedbackMessage,
    Folder,
    Member,
    NewsItem,
    Unit,
)


class PageSettingsForm(PortalModelForm):
    """DEP-8: the description, contacts and which tabs are shown."""

    features = forms.MultipleChoiceField(
        label=_("Features shown"),
        choices=Feature.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A feature switched off is hidden; its data is kept and comes back when switched on."),
    )

    class Meta:
        model = DepartmentPage
        fields = ["description", "contacts", "reception_hours"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["features"] = self.instance.enabled_features


class UnitForm(PortalModelForm):
    class Meta:
        model = Unit
        fields = ["name", "head", "phone", "position"]


class MemberForm(PortalModelForm):
    """A department employee (DEP-3): a new person of the registry with a category and position."""

    last_name = forms.CharField(label=_("Last name"), max_length=100)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    field_order = ["last_name", "first_name", "patronymic"]

    class Meta:
        model = Member
        fields = ["category", "position", "unit", "reception_hours"]

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.district = district
        self.fields["unit"].queryset = Unit.objects.of(district)

    def save(self, commit=True):
        d = self.cleaned_data
        self.instance.person = Person.objects.create(
            last_name=d["last_name"], first_name=d["first_name"], patronymic=d["patronymic"]
        )
        return super().save(commit)


class FaqForm(PortalModelForm):
    class Meta:
        model = FaqEntry
        fields = ["question", "answer", "position"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 4})}


class FolderForm(PortalModelForm):
    context_fields = ("district",)

    class Meta:
        model = Folder
        fields = ["name", "position"]


class DocumentForm(PortalModelForm):
    class Meta:
        model = Document
        fields = ["folder", "title", "file"]

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["folder"].queryset = Folder.objects.of(district)


class NewsForm(PortalModelForm):
    class Meta:
        model = NewsItem
        fields = ["title", "body", "valid_until"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class TextForm(PortalForm):
    """One text: a wall message, a forum post."""

    body = forms.CharField(label=_("Text"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))


class TopicForm(TextForm):
    title = forms.CharField(label=_("Title"), max_length=255)
    field_order = ["title", "body"]


class FeedbackForm(PortalModelForm):
    """The public feedback form (DEP-6): anybody may write, without logging in."""

    class Meta:
        model = FeedbackMessage
        fields = ["name", "email", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class AnswerForm(PortalForm):
    answer = forms.CharField(label=_("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
