"""Forms of the blanks and records area. The school comes from the request, never from POST: every
choice is scoped to it (DESIGN rule 3)."""

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contingent.models import Student, StudentStatus
from core.forms import PortalForm, PortalModelForm, searched_select
from core.validators import validate_not_future
from staff.models import Employee
from strict_forms.models import (
    Assignment,
    AssignmentStatus,
    BlankKind,
    BlankStatus,
    Correspondence,
    Document,
    DocumentFolder,
    DocumentStatus,
    IssuedDocument,
    KindGroup,
    Protocol,
)

NUMBER_HELP = _("One number (025416) or a range (025416-025500); leading zeros are kept.")


class StudentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        klass = f", {obj.school_class}" if obj.school_class_id else f", {obj.parallel}"
        return f"{obj.person.full_name}{klass} ({obj.get_status_display()})"


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.full_name}, {obj.position}"


KIND_LABEL = _("kind of document")

# The series printed on a state blank: letters and digits (e.g. «ЖОБ», «KZ 01»), no punctuation or markup.
validate_series = RegexValidator(
    r"^[^\W_]+(?: [^\W_]+)*$", _("Use letters and digits only."), code="series_chars"
)


def kind_field(school, group=None):
    qs = BlankKind.objects.available_at(school)
    if group:
        qs = qs.filter(group=group)
    return forms.ModelChoiceField(queryset=qs, label=KIND_LABEL)


def current_employees(school):
    return Employee.objects.current().for_school(school).select_related("person")


SERIES_HELP = _("Needed only when the number exists in several series.")


class SchoolScopedModelForm(PortalModelForm):
    """A model form of a school-owned row: the school is set from the request and constraints that
    involve it are checked before saving, so the user sees the message beside the form, not an error page."""

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.instance.school = school

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.discard("school")
        return exclude


class BlankReceiveForm(PortalForm):
    """BLK-1, figure 48 of the seed."""

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = kind_field(school)
        self.order_fields(["kind", "series", "numbers", "received_on", "basis"])

    series = forms.CharField(label=_("series"), max_length=20, required=False, validators=[validate_series])
    numbers = forms.CharField(label=_("blank number or range"), max_length=40, help_text=NUMBER_HELP)
    received_on = forms.DateField(
        label=_("date of receipt"), initial=timezone.localdate, validators=[validate_not_future]
    )
    basis = forms.CharField(label=_("basis of receipt"), max_length=255, required=False)


class BlankHandOutForm(PortalForm):
    """BLK-2, figure 49: recipient (search as you type), kind, number, purpose."""

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"] = EmployeeChoiceField(
            queryset=current_employees(school), label=_("recipient")
        )
        searched_select(self, "recipient")
        self.fields["kind"] = kind_field(school)
        self.order_fields(["recipient", "kind", "series", "numbers", "purpose"])

    series = forms.CharField(
        label=_("series"), max_length=20, required=False, validators=[validate_series], help_text=SERIES_HELP
    )
    numbers = forms.CharField(label=_("blank number or range"), max_length=40, help_text=NUMBER_HELP)
    purpose = forms.CharField(label=_("purpose of issue"), max_length=255)


class BlankWriteOffForm(PortalForm):
    """BLK-3, figure 50: kind, number, status (spoiled, lost), reason."""

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = kind_field(school)
        self.order_fields(["kind", "series", "number", "status", "reason"])

    series = forms.CharField(
        label=_("series"), max_length=20, required=False, validators=[validate_series], help_text=SERIES_HELP
    )
    number = forms.CharField(label=_("blank number"), max_length=12)
    status = forms.ChoiceField(
        label=_("status"),
        choices=[
            (BlankStatus.SPOILED, BlankStatus.SPOILED.label),
            (BlankStatus.LOST, BlankStatus.LOST.label),
        ],
    )
    reason = forms.CharField(label=_("reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


def students_for(school, group):
    qs = Student.objects.for_school(school).select_related("person", "school_class")
    if group == KindGroup.EDUCATION:
        # Graduates and the students of the graduating parallels (9, 11 and the 12-year school's 10, 12).
        return qs.filter(
            Q(status=StudentStatus.GRADUATED) | Q(status=StudentStatus.STUDYING, parallel__gte=9)
        )
    return qs.filter(status__in=[StudentStatus.STUDYING, StudentStatus.GRADUATED])


class IssueForm(PortalForm):
    """BLK-5 figure 52 / BLK-6 figure 54: date of issue*, student, blank number*."""

    def __init__(self, *args, school, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"] = StudentChoiceField(queryset=students_for(school, group), label=_("student"))
        searched_select(self, "student")
        self.fields["kind"] = kind_field(school, group)
        self.fields["number"].widget.attrs["list"] = "available-blanks"
        self.order_fields(["issued_on", "student", "kind", "series", "number", "note"])

    series = forms.CharField(
        label=_("series"), max_length=20, required=False, validators=[validate_series], help_text=SERIES_HELP
    )
    issued_on = forms.DateField(
        label=_("date of issue"), initial=timezone.localdate, validators=[validate_not_future]
    )
    number = forms.CharField(label=_("blank number"), max_length=12)
    note = forms.CharField(label=_("note"), max_length=255, required=False)


class DuplicateForm(PortalForm):
    """BLK-5: a duplicate of a lost document on a new blank."""

    def __init__(self, *args, school, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = kind_field(school, group)
        self.fields["number"].widget.attrs["list"] = "available-blanks"
        self.order_fields(["issued_on", "kind", "series", "number", "note"])

    series = forms.CharField(
        label=_("series"), max_length=20, required=False, validators=[validate_series], help_text=SERIES_HELP
    )
    issued_on = forms.DateField(
        label=_("date of issue"), initial=timezone.localdate, validators=[validate_not_future]
    )
    number = forms.CharField(label=_("blank number"), max_length=12)
    note = forms.CharField(label=_("reason for the duplicate"), max_length=255)


class IssuedDocumentEditForm(PortalModelForm):
    """Edit of a record (BLK-5, BLK-6): the date, the status (valid or annulled) and the note; the blank
    and the student stay, a wrong blank is fixed by deleting the record (letters) or annulling it."""

    class Meta:
        model = IssuedDocument
        fields = ["issued_on", "status", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].validators.append(validate_not_future)
        allowed = [DocumentStatus.VALID, DocumentStatus.ANNULLED]
        if self.instance.status == DocumentStatus.DUPLICATE_ISSUED:
            allowed = [DocumentStatus.DUPLICATE_ISSUED]
        self.fields["status"].choices = [(s.value, s.label) for s in allowed]

    def clean_status(self):
        """BLK-5: an annulled attestat made valid again must not stand beside another valid one."""
        status = self.cleaned_data["status"]
        doc = self.instance
        if status == DocumentStatus.VALID and doc.blank.kind.group == KindGroup.EDUCATION:
            other = (
                IssuedDocument.objects.filter(
                    student_id=doc.student_id, blank__kind_id=doc.blank.kind_id, status=DocumentStatus.VALID
                )
                .exclude(pk=doc.pk)
                .select_related("blank__kind")
                .first()
            )
            if other is not None:
                raise forms.ValidationError(
                    _("%(student)s already holds a valid document: %(document)s.")
                    % {"student": doc.student.person.full_name, "document": other.blank},
                    code="second_valid",
                )
        return status


class BlankKindForm(SchoolScopedModelForm):
    class Meta:
        model = BlankKind
        fields = ["name_ru", "name_kk", "name_en", "code", "group", "position", "is_active"]


class ProtocolForm(SchoolScopedModelForm):
    class Meta:
        model = Protocol
        fields = ["kind", "number", "date", "agenda", "file"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 4})}


class FolderForm(SchoolScopedModelForm):
    class Meta:
        model = DocumentFolder
        fields = ["name"]


class DocumentForm(SchoolScopedModelForm):
    class Meta:
        model = Document
        fields = ["folder", "title", "date", "file", "note"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, school=school, **kwargs)
        self.fields["folder"].queryset = DocumentFolder.objects.for_school(school)


class CorrespondenceForm(SchoolScopedModelForm):
    class Meta:
        model = Correspondence
        fields = [
            "direction",
            "reg_number",
            "reg_date",
            "correspondent",
            "their_number",
            "their_date",
            "subject",
            "file",
            "response_due",
        ]


class AssignmentForm(SchoolScopedModelForm):
    class Meta:
        model = Assignment
        fields = ["title", "description", "executor", "due_date", "correspondence", "status", "done_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, school=school, **kwargs)
        executors = Employee.objects.for_school(school).select_related("person")
        if self.instance.pk:
            executors = executors.filter(Q(status="active") | Q(pk=self.instance.executor_id))
        else:
            executors = executors.current()
        self.fields["executor"] = EmployeeChoiceField(queryset=executors, label=_("executor"))
        self.fields["correspondence"].queryset = Correspondence.objects.for_school(school)
        self.order_fields(self.Meta.fields)

    def clean(self):
        data = super().clean()
        if data.get("status") == AssignmentStatus.DONE and not data.get("done_on"):
            data["done_on"] = timezone.localdate()
            self.instance.done_on = data["done_on"]
        if data.get("status") == AssignmentStatus.IN_PROGRESS:
            data["done_on"] = None
            self.instance.done_on = None
        return data


class ArchiveForm(PortalForm):
    reason = forms.CharField(label=_("reason for archiving"), max_length=255)
