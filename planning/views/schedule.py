"""A teacher's schedule by date (PLN-8), and the lessons of an absent teacher with substitutions
("Показать наличие занятий / уроков" on the staff absence forms)."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.filters import clean_date
from core.permissions import Perm
from core.views.base import run
from staff.models import Absence, Employee

from ..calendar import SchoolCalendar
from ..forms import DateRangeForm, SubstitutionForm
from ..models import TimetableLesson
from ..selectors import absences_on, lessons_on, teacher_lessons_between
from ..services.substitutions import bulk_candidates, substitution_save
from .base import PlanningPage, require_manage

MAX_ABSENCE_DAYS = 62


def _date(request):
    return clean_date(request.GET.get("date"), timezone.localdate())


class ScheduleView(PlanningPage):
    """The lessons of one teacher on a date, holidays and her absences shown; works at 360 px."""

    template_name = "planning/schedule.html"

    def teacher(self):
        person_id = getattr(self.request.user, "person_id", None)
        return Employee.objects.current().filter(school=self.school, person_id=person_id or 0).first()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        teacher = self.teacher()
        if teacher is None:
            ctx["teacher"] = None
            return ctx
        day = _date(self.request)
        calendar = SchoolCalendar(self.school, day, day)
        ctx.update(
            teacher=teacher,
            day=day,
            previous=day - datetime.timedelta(days=1),
            next=day + datetime.timedelta(days=1),
            holiday=calendar.holiday(day),
            absences=absences_on(teacher, day),
            lessons=lessons_on(self.school, day, teacher=teacher),
            weekend=day.isoweekday() > calendar.days,
        )
        return ctx


class MyScheduleView(ScheduleView):
    permission_required = Perm.PLANNING_OWN


class TeacherScheduleView(ScheduleView):
    def teacher(self):
        return get_object_or_404(
            Employee.objects.visible_to(self.request.user).filter(school=self.school), pk=self.kwargs["pk"]
        )


class AbsenceLessonsView(PlanningPage):
    """ "Показать наличие занятий / уроков": the absent teacher's lessons on the dates of her leave or sick
    leave, each with its substitute or cancellation."""

    template_name = "planning/absence_lessons.html"

    def absence(self):
        return get_object_or_404(
            Absence.objects.visible_to(self.request.user)
            .filter(employee__school=self.school)
            .select_related("employee__person"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        absence = self.absence()
        end = min(absence.end, absence.start + datetime.timedelta(days=MAX_ABSENCE_DAYS))
        lessons = teacher_lessons_between(self.school, absence.employee, absence.start, end)
        candidates = bulk_candidates(lessons) if self.can_manage() else {}
        for lesson in lessons:
            lesson.candidates = candidates.get((lesson.timetable_lesson.pk, lesson.date), [])
        ctx.update(absence=absence, lessons=lessons, truncated=end < absence.end)
        return ctx


class TeacherLessonsView(PlanningPage):
    """ "Показать наличие занятий / уроков" on the leave and sick-leave forms: the lessons the teacher
    would give on the dates typed in the form, before the absence is registered (an htmx request)."""

    template_name = "planning/_teacher_lessons.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        teacher = get_object_or_404(
            Employee.objects.visible_to(self.request.user)
            .filter(school=self.school)
            .select_related("person"),
            pk=self.kwargs["pk"],
        )
        form = DateRangeForm(self.request.GET)
        if not form.is_valid():
            ctx["errors"] = [e for errors in form.errors.values() for e in errors]
            return ctx
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        last = min(end, start + datetime.timedelta(days=MAX_ABSENCE_DAYS))
        ctx.update(
            teacher=teacher,
            start=start,
            end=end,
            lessons=teacher_lessons_between(self.school, teacher, start, last),
            truncated=last < end,
        )
        return ctx


class SubstitutionSaveView(PlanningPage):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        require_manage(self)
        lesson = get_object_or_404(
            TimetableLesson.objects.visible_to(request.user)
            .for_school(self.school)
            .select_related("timetable__school", "subgroup__class_subject__subject"),
            pk=kwargs["pk"],
        )
        absence = Absence.objects.filter(
            employee__school=self.school, pk=request.POST.get("absence") or 0
        ).first()
        if absence is None:
            raise Http404
        target = reverse("planning:absence_lessons", args=[absence.pk])
        try:
            day = datetime.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            messages.error(request, _("Enter a valid date."))
            return redirect(target)
        form = SubstitutionForm(request.POST, school=self.school)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect(target)
        return run(
            request,
            substitution_save,
            _("The lesson of %(date)s is saved.") % {"date": day.strftime("%d.%m.%Y")},
            target,
            lesson=lesson,
            date=day,
            absence=absence,
            substitute=None if form.cleaned_data["cancel"] else form.cleaned_data["substitute"],
            cancel=form.cleaned_data["cancel"],
        )[1]
