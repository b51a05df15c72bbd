"""JRN-6: marks, attendance, homework and the timetable of one's own child, a week at a time."""

import datetime
from collections import defaultdict

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.filters import clean_date
from core.permissions import Perm
from core.views.base import PermissionMixin
from journal.diary import diary_students, lessons_of
from journal.materialise import ensure_days
from journal.models import AbsenceReason, Attendance, AttendanceStatus, Mark
from journal.pages import mark_label


class DiaryView(PermissionMixin, View):
    permission_required = Perm.DIARY_VIEW

    def needs_school(self):
        return False

    def check_permission(self, school=None):
        from core.permissions import has_permission

        if not has_permission(self.request.user, self.permission_required):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied

    def get(self, request):
        students = list(diary_students(request.user))
        chosen = request.GET.get("student")
        student = next((s for s in students if str(s.pk) == chosen), students[0] if students else None)
        day = clean_date(request.GET.get("week"), timezone.localdate())
        monday = day - datetime.timedelta(days=day.weekday())
        days = [monday + datetime.timedelta(days=i) for i in range(6)]
        week = []
        if student is not None:
            ensure_days(student.school, days)
            lessons = list(
                lessons_of([student])
                .filter(date__gte=days[0], date__lte=days[-1])
                .select_related("subgroup__class_subject__subject", "room")
                .order_by("date", "number")
            )
            ids = [lesson.pk for lesson in lessons]
            marks = defaultdict(list)
            for m in Mark.objects.filter(lesson_id__in=ids, student=student):
                marks[m.lesson_id].append(mark_label(m.kind, m.value, m.max_points))
            attendance = {
                a.lesson_id: a
                for a in Attendance.objects.filter(lesson_id__in=ids, student=student).exclude(
                    status=AttendanceStatus.PRESENT
                )
            }
            by_day = defaultdict(list)
            for lesson in lessons:
                a = attendance.get(lesson.pk)
                by_day[lesson.date].append(
                    {
                        "lesson": lesson,
                        "marks": marks.get(lesson.pk, ()),
                        "absent": a is not None and a.status == AttendanceStatus.ABSENT,
                        "late": a is not None and a.status == AttendanceStatus.LATE,
                        "reason": AbsenceReason(a.reason).label if a and a.reason else "",
                    }
                )
            week = [{"day": d, "lessons": by_day.get(d, [])} for d in days]
        return render(
            request,
            "journal/diary.html",
            {
                "title": _("Diary"),
                "students": students,
                "student": student,
                "week": week,
                "previous": monday - datetime.timedelta(days=7),
                "next": monday + datetime.timedelta(days=7),
                "monday": monday,
            },
        )
