"""The timetable (PLN-8): drafts, the week of a class, a teacher or a room, editing by hand with clash
messages, generation in the background with progress and cancel, publication, export."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from contingent.models import SchoolClass
from core.exports import pdf_response, xlsx_response
from core.services import OperationError
from core.views.base import run
from staff.models import Employee

from .. import services
from ..forms import GenerateForm, LessonForm, TimetableCreateForm
from ..generation import describe
from ..models import Room, Timetable, TimetableLesson, TimetableStatus
from ..models.timetable import WEEKDAYS
from ..selectors import bells_by_schedule
from .base import PlanningPage, require_manage, scoped


def _timetable(view):
    return scoped(Timetable, view.request.user, view.school, view.kwargs["pk"])


class TimetableListView(PlanningPage):
    template_name = "planning/timetable_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["timetables"] = Timetable.objects.filter(school=self.school, academic_year=self.year)
        ctx["form"] = kwargs.get("form") or TimetableCreateForm(
            school=self.school,
            year=self.year,
            initial={"name": _("Timetable %(year)s") % {"year": self.year.name}},
        )
        return ctx

    def post(self, request, *args, **kwargs):
        require_manage(self)
        form = TimetableCreateForm(request.POST, school=self.school, year=self.year)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            timetable = services.timetable_create(
                acting_user=request.user,
                school=self.school,
                year=self.year,
                name=form.cleaned_data["name"],
                copy_from=form.cleaned_data["copy_from"],
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The draft is created."))
        return redirect("planning:timetable_detail", pk=timetable.pk)


class WeekGrid:
    """The week of a class, a teacher or a room: lessons read in one query, laid out by day and number."""

    def __init__(self, timetable, mode, target):
        self.timetable, self.mode, self.target = timetable, mode, target
        school = timetable.school
        self.days = [(d, name) for d, name in WEEKDAYS if d <= (6 if school.six_day_week else 5)]
        lessons = TimetableLesson.objects.filter(timetable=timetable).select_related(
            "subgroup__class_subject__subject",
            "subgroup__class_subject__school_class",
            "room",
            "teacher__person",
        )
        field = {"class": "subgroup__class_subject__school_class", "teacher": "teacher", "room": "room"}[mode]
        self.lessons = list(lessons.filter(**{field: target}).order_by("number", "weekday"))
        bells = bells_by_schedule(school)
        self.bell_times = bells.get(
            (getattr(target, "shift", 1), getattr(target, "parallel", 0) == 1)
        ) or bells.get((1, False), {})
        top = max([lesson.number for lesson in self.lessons] + list(self.bell_times) + [7])
        self.numbers = list(range(1, top + 1))
        cells = {}
        for lesson in self.lessons:
            cells.setdefault((lesson.shift, lesson.number, lesson.weekday), []).append(lesson)
        shifts = sorted({lesson.shift for lesson in self.lessons})
        if mode == "class" or len(shifts) < 2:
            shift = shifts[0] if shifts else getattr(target, "shift", 1)
            self.rows = [
                (n, self.bell_times.get(n), [(d, cells.get((shift, n, d), [])) for d, _name in self.days])
                for n in self.numbers
            ]
        else:  # a teacher or a room in both shifts: each shift's lessons on its own bells
            self.rows = []
            for shift in shifts:
                times = bells.get((shift, False), {})
                top = max([lesson.number for lesson in self.lessons if lesson.shift == shift] + list(times))
                label = _("shift %(n)s") % {"n": shift}
                self.rows += [
                    (
                        f"{n} ({label})",
                        times.get(n),
                        [(d, cells.get((shift, n, d), [])) for d, _name in self.days],
                    )
                    for n in range(1, top + 1)
                ]

    @staticmethod
    def text(lesson, mode):
        parts = [lesson.subgroup.class_subject.display_name]
        if mode != "class" or not lesson.subgroup.is_main:
            parts.append(lesson.subgroup.label)
        if mode != "teacher" and lesson.teacher:
            parts.append(lesson.teacher.person.short_name)
        if mode != "room" and lesson.room:
            parts.append(lesson.room.name)
        return ", ".join(str(p) for p in parts)

    def table(self):
        headers = [_("Lesson")] + [str(name) for _d, name in self.days]
        rows = []
        for n, times, cells in self.rows:
            label = f"{n}" + (f" ({times[0]:%H:%M}-{times[1]:%H:%M})" if times else "")
            rows.append(
                [label] + ["; ".join(self.text(lesson, self.mode) for lesson in cell) for _d, cell in cells]
            )
        return headers, rows


class TimetableDetailView(PlanningPage):
    template_name = "planning/timetable_detail.html"

    def target(self, timetable):
        mode = self.request.GET.get("view", "class")
        ident = self.request.GET.get("id")
        if mode == "teacher":
            qs = Employee.objects.teaching().filter(school=self.school).select_related("person")
        elif mode == "room":
            qs = Room.objects.filter(school=self.school)
        else:
            mode = "class"
            qs = SchoolClass.objects.filter(
                school=self.school, academic_year=timetable.academic_year, is_active=True
            )
        target = qs.filter(pk=ident).first() if ident and ident.isdigit() else None
        return mode, target or qs.first(), qs

    def get(self, request, *args, **kwargs):
        timetable = _timetable(self)
        mode, target, choices = self.target(timetable)
        grid = WeekGrid(timetable, mode, target) if target is not None else None
        export = request.GET.get("export")
        if export in ("xlsx", "pdf") and grid is not None:
            headers, rows = grid.table()
            title = f"{timetable.name} - {target}"
            if export == "xlsx":
                return xlsx_response(request, title, headers, rows)
            return pdf_response(
                request, "pdf/table.html", {"headers": headers, "rows": rows, "school": self.school}, title
            )
        return self.render_to_response(
            self.get_context_data(
                timetable=timetable,
                mode=mode,
                target=target,
                choices=choices,
                grid=grid,
                lesson_form=LessonForm(
                    school=self.school,
                    year=timetable.academic_year,
                    school_class=target if mode == "class" else None,
                ),
                generate_form=GenerateForm(initial={"time_limit": timetable.time_limit}),
                unplaced=[{**u, "text": describe(u["reason"])} for u in timetable.unplaced],
                editable=self.can_manage()
                and timetable.status == TimetableStatus.DRAFT
                and not timetable.is_running,
            )
        )


class TimetableProgressView(PlanningPage):
    """The generation's state, polled by htmx every second while it runs."""

    template_name = "planning/_progress.html"

    def get(self, request, *args, **kwargs):
        timetable = _timetable(self)
        return self.render_to_response(
            self.get_context_data(
                timetable=timetable,
                unplaced=[{**u, "text": describe(u["reason"])} for u in timetable.unplaced],
            )
        )


class TimetableActionView(PlanningPage):
    """POST-only operations on a timetable: generate, cancel, publish."""

    action = "publish"

    def get(self, request, *args, **kwargs):
        return redirect("planning:timetable_detail", pk=kwargs["pk"])

    def post(self, request, *args, **kwargs):
        require_manage(self)
        timetable = _timetable(self)
        target = reverse("planning:timetable_detail", args=[timetable.pk])
        action = self.action
        if action == "generate":
            form = GenerateForm(request.POST)
            if not form.is_valid():
                messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
                return redirect(target)
            return run(
                request,
                services.timetable_generate,
                _("The generation has started."),
                target,
                timetable=timetable,
                time_limit=form.cleaned_data["time_limit"],
            )[1]
        if action == "cancel":
            return run(
                request,
                services.timetable_cancel_generation,
                _("The generation is being cancelled."),
                target,
                timetable=timetable,
            )[1]
        return run(
            request, services.timetable_publish, _("The timetable is published."), target, timetable=timetable
        )[1]


def _back(request, timetable):
    """Back to the week the user was looking at."""
    url = reverse("planning:timetable_detail", args=[timetable.pk])
    query = request.POST.get("back", "")
    return url + ("?" + query if query and all(c.isalnum() or c in "=&_" for c in query) else "")


class LessonAddView(PlanningPage):
    def get(self, request, *args, **kwargs):
        return redirect("planning:timetable_detail", pk=kwargs["pk"])

    def post(self, request, *args, **kwargs):
        require_manage(self)
        timetable = _timetable(self)
        form = LessonForm(request.POST, school=self.school, year=timetable.academic_year)
        target = _back(request, timetable)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect(target)
        d = form.cleaned_data
        return run(
            request,
            services.lesson_place,
            _("The lesson is placed."),
            target,
            timetable=timetable,
            subgroup=d["subgroup"],
            weekday=d["weekday"],
            number=d["number"],
            room=d["room"],
        )[1]


class LessonEditView(PlanningPage):
    """Move a lesson to another day, number or room; or remove it."""

    template_name = "planning/lesson_edit.html"

    def get_lesson(self):
        qs = TimetableLesson.objects.select_related(
            "timetable__school",
            "subgroup__class_subject__school_class",
            "subgroup__class_subject__subject",
            "room",
            "teacher__person",
        )
        return get_object_or_404(
            qs.visible_to(self.request.user).for_school(self.school), pk=self.kwargs["pk"]
        )

    def get(self, request, *args, **kwargs):
        require_manage(self)
        lesson = self.get_lesson()
        form = LessonForm(
            initial={"weekday": lesson.weekday, "number": lesson.number, "room": lesson.room_id},
            school=self.school,
            year=lesson.timetable.academic_year,
            fixed_subgroup=lesson.subgroup,
        )
        return self.render_to_response(self.get_context_data(lesson=lesson, form=form))

    def post(self, request, *args, **kwargs):
        require_manage(self)
        lesson = self.get_lesson()
        target = _back(request, lesson.timetable)
        if "remove" in request.POST:
            return run(request, services.lesson_remove, _("The lesson is removed."), target, lesson=lesson)[1]
        form = LessonForm(
            request.POST,
            school=self.school,
            year=lesson.timetable.academic_year,
            fixed_subgroup=lesson.subgroup,
        )
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(lesson=lesson, form=form))
        d = form.cleaned_data
        try:
            services.lesson_move(
                acting_user=request.user,
                lesson=lesson,
                weekday=d["weekday"],
                number=d["number"],
                room=d["room"],
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(lesson=lesson, form=form))
        messages.success(request, _("The lesson is moved."))
        return redirect(target)
