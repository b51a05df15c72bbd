"""The period of a report and the olympiad/competition result form (RPT-1, RPT-4)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from contingent.models import Student
from core.forms import PortalForm, PortalModelForm
from reports.models import CompetitionResult
from staff.models import Employee

EARLIEST = datetime.date(2000, 1, 1)
LONGEST_PERIOD_DAYS = 5 * 366


class ReportPeriodForm(PortalForm):
    date_from = forms.DateField(label=_("from"))
    date_to = forms.DateField(label=_("to (as of)"))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and start < EARLIEST:
            self.add_error("date_from", _("Enter a date from 2000 on."))
        if end and end > datetime.date.today() + datetime.timedelta(days=366):
            self.add_error("date_to", _("Enter a date no later than a year from today."))
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period cannot be before its start."))
        elif start and end and (end - start).days > LONGEST_PERIOD_DAYS:
            self.add_error("date_to", _("A report covers at most five years."))
        return data


class CompetitionResultForm(PortalModelForm):
    """The student and the teacher are chosen among the school's own (DESIGN rule 3)."""

    class Meta:
        model = CompetitionResult
        fields = ["student", "kind", "name", "level", "subject", "place", "date", "teacher"]

    def __init__(self, *args, school, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school
        if not self.instance.pk:
            self.instance.academic_year = year
        students = Student.objects.for_school(school).select_related("person", "school_class")
        if not self.instance.pk:
            students = students.current()
        self.fields["student"].queryset = students.order_by("person__last_name", "person__first_name")
        self.fields["student"].label_from_instance = lambda s: f"{s.person.full_name}, {s.class_label}"
        self.fields["teacher"].queryset = (
            Employee.objects.for_school(school)
            .teaching()
            .select_related("person")
            .order_by("person__last_name")
        )
        self.fields["date"].validators.append(validate_result_date)
        self.fields["date"].widget.attrs["max"] = datetime.date.today().isoformat()


def validate_result_date(value):
    """A result's date is between 2000 and today: a field validator, so its message wins over the
    shared 1900-2100 rule, which answers only when the field's own rules accept the date."""
    if value > datetime.date.today():
        raise forms.ValidationError(_("The date of a result cannot be in the future."))
    if value < EARLIEST:
        raise forms.ValidationError(_("Enter a date from 2000 on."))
