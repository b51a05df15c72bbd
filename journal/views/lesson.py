"""A teacher's day (JRN-1) and the lesson page (JRN-2): one tap per absence or mark."""

import datetime

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.filters import clean_date
from core.permissions import Perm, has_permission
from core.services import OperationError
from core.views.base import PermissionMixin, run
from journal import services
from journal.forms import LessonForm
from journal.materialise import ensure_day
from journal.models import AbsenceReason, Lesson
from journal.pages import (
    RosterPage,
    lesson_head_html,
    lesson_queryset,
    picker_html,
    roster_context,
    student_marks,
    tap_answer,
    tap_student,
)
from journal.views.common import get_lesson, teacher_of


def chosen_date(request):
    return clean_date(request.GET.get("date"), timezone.localdate())


class DayView(PermissionMixin, View):
    """JRN-1: the lessons of a date, substitute lessons included and marked as such."""

    permission_required = Perm.JOURNAL_MARK

    def get(self, request):
        day = chosen_date(request)
        ensure_day(request.school, day)
        teacher = teacher_of(request)
        lessons = (
            lesson_queryset().filter(school=request.school, date=day, teacher=teacher).order_by("number")
            if teacher
            else Lesson.objects.none()
        )
        return render(
            request,
            "journal/day.html",
            {
                "title": _("My lessons"),
                "day": day,
                "lessons": lessons,
                "previous": day - datetime.timedelta(days=1),
                "next": day + datetime.timedelta(days=1),
                "teacher": teacher,
            },
        )


class LessonView(PermissionMixin, View):
    """JRN-2: the seed's header, the absent list below, marks, topic and homework."""

    permission_required = Perm.JOURNAL_MARK

    def check_permission(self, school=None):
        return None  # checked against the lesson's school in get_lesson

    def needs_school(self):
        return False

    def get(self, request, pk):
        lesson = get_lesson(request, pk, topics=True)
        return render(request, "journal/lesson.html", self.page(lesson))

    def page(self, lesson, form=None):
        ctx = roster_context(lesson, self.request.user)
        if form is None and ctx["editable"]:
            form = LessonForm(instance=lesson, lesson=lesson)
        return ctx | {
            "title": f"{lesson.subgroup.class_subject.display_name}, {lesson.subgroup.label}",
            "head": lesson_head_html(lesson),
            "picker": picker_html(ctx["kinds"]) if ctx["editable"] and ctx["marks_allowed"] else "",
            "form": form,
            "reasons": AbsenceReason.choices,
            "may_manage": has_permission(self.request.user, Perm.JOURNAL_MANAGE, lesson.school),
        }

    def post(self, request, pk):
        """Topic and homework (with an optional file)."""
        lesson = get_lesson(request, pk, topics=True)
        form = LessonForm(request.POST, request.FILES, instance=lesson, lesson=lesson)
        if form.is_valid():
            return run(
                request,
                services.lesson_describe,
                _("The topic and homework are saved."),
                reverse("journal:lesson", args=[lesson.pk]),
                lesson=lesson,
                **form.service_kwargs(),
            )[1]
        return render(request, "journal/lesson.html", self.page(lesson, form), status=400)


class LessonTapView(PermissionMixin, View):
    """One tap: attendance (student, status, reason) or a mark (student, kind, slot, value). Answers
    htmx (also on a refusal, with its message) with the student's row and the headers only, not the
    page: three statements of its own for an attendance tap (the lesson, the student with the row's
    data and the counts, one upsert). A redirect answers a plain form post."""

    permission_required = Perm.JOURNAL_MARK
    action = "attendance"

    def check_permission(self, school=None):
        return None

    def needs_school(self):
        return False

    def post(self, request, pk):
        lesson = get_lesson(request, pk)
        student = tap_student(lesson, request.POST.get("student"))
        data = request.POST
        error = None
        status, reason = student.att_status or "present", student.att_reason or ""
        marks = student.mark_rows
        try:
            if self.action == "attendance":
                status, reason = services.attendance_set(
                    acting_user=request.user,
                    lesson=lesson,
                    student=student,
                    status=data.get("status", ""),
                    reason=data.get("reason", ""),
                    change_reason=data.get("change_reason", ""),
                )
            elif data.get("action") == "delete":
                services.mark_delete(
                    acting_user=request.user,
                    lesson=lesson,
                    student=student,
                    kind=data.get("kind", ""),
                    slot=data.get("slot") or 1,
                    change_reason=data.get("change_reason", ""),
                )
            else:
                services.mark_set(
                    acting_user=request.user,
                    lesson=lesson,
                    student=student,
                    kind=data.get("kind", ""),
                    value=data.get("value"),
                    slot=data.get("slot") or 1,
                    max_points=data.get("max_points"),
                    change_reason=data.get("change_reason", ""),
                )
        except OperationError as e:
            error = str(e)
        if not request.htmx:
            (messages.error if error else messages.success)(request, error or _("Saved."))
            return HttpResponseRedirect(reverse("journal:lesson", args=[lesson.pk]))
        if self.action == "mark" and not error:
            marks = student_marks(lesson, student)
        # The absences before the tap, give or take this student's.
        absent = (student.roster_absent or 0) - (student.att_status == "absent") + (status == "absent")
        page = RosterPage(lesson, request.user)
        response = HttpResponse(
            tap_answer(
                page,
                student,
                status,
                reason,
                marks,
                absent,
                error,
                hint=self.action == "attendance" and not error,
            ),
            status=422 if error and request.headers.get("X-Journal-Replay") else 200,
        )
        response["X-Journal-Roster"] = "1"
        return response
