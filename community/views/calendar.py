"""KG-1: the school calendar per person and per class, with iCalendar export."""

import calendar
import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from icalendar import Calendar, Event

from community.forms import EventForm
from community.models import SchoolEvent
from community.services import board_classes
from contingent.models import SchoolClass
from core.filters import clean_date
from core.permissions import AUTHENTICATED, Perm, has_permission
from core.views.base import PermissionMixin


class CalendarSelection:
    """The events shown: one class's (with the whole school's), or the person's own. The classes are read
    once per request, whatever the number of events and lessons shown."""

    @cached_property
    def my_classes(self):
        """The classes the user belongs to (his children's, his own, the one he leads)."""
        return list(board_classes(self.request.user).filter(school=self.request.school))

    def selected_class(self):
        pk = self.request.GET.get("class", "")
        if not pk.isdigit():
            return None
        classes = self.class_choices()
        found = classes.filter(pk=pk).first()
        if found is None:
            raise Http404
        return found

    def class_choices(self):
        school = self.request.school
        if has_permission(self.request.user, Perm.CALENDAR_MANAGE, school) or has_permission(
            self.request.user, Perm.CONTINGENT_VIEW, school
        ):
            return SchoolClass.objects.for_school(school).filter(is_active=True)
        return board_classes(self.request.user).filter(school=school)

    def events(self):
        school = self.request.school
        rows = SchoolEvent.objects.for_school(school).select_related("school_class")
        chosen = self.selected_class()
        if chosen is not None:
            whole_school = rows.filter(school_class__isnull=True, participants__isnull=True)
            return (whole_school | rows.filter(school_class=chosen)).distinct(), chosen
        my_classes = [c.pk for c in self.my_classes]
        return rows.for_person(self.request.user.person_id, my_classes), None


def week_lessons(request, chosen, monday, my_classes):
    """The published lesson timetable (planning) of the shown week: the chosen class's, or the
    person's own (a teacher's lessons, a student's or a parent's children's classes), read at once for
    the whole week."""
    from planning.selectors import lessons_between
    from staff.models import Employee

    school = request.school
    last = monday + datetime.timedelta(days=(6 if school.six_day_week else 5) - 1)
    if chosen is not None:
        lessons = lessons_between(school, monday, last, school_classes=[chosen])
    else:
        employee = Employee.objects.current().filter(school=school, person_id=request.user.person_id).first()
        # a class teacher sees the lessons she gives, not the whole timetable of her class
        classes = [c for c in my_classes if employee is None or c.class_teacher_id != employee.pk]
        lessons = lessons_between(school, monday, last, teacher=employee, school_classes=classes)
    days = []
    day = monday
    while day <= last:
        of_day = [lesson for lesson in lessons if lesson.date == day]
        of_day.sort(key=lambda lesson: (lesson.number, str(lesson.school_class)))
        days.append({"date": day, "lessons": of_day})
        day += datetime.timedelta(days=1)
    return days


class CalendarView(CalendarSelection, PermissionMixin, TemplateView):
    permission_required = AUTHENTICATED
    template_name = "community/calendar.html"

    def get_context_data(self, **kwargs):
        first = clean_date(self.request.GET.get("month"), timezone.localdate().replace(day=1), "%Y-%m")
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        events, chosen = self.events()
        events = list(events.between(first, last).order_by("starts", "start_time", "pk"))
        weeks = []
        for week in calendar.Calendar().monthdatescalendar(first.year, first.month):
            weeks.append(
                [
                    {
                        "date": d,
                        "in_month": d.month == first.month,
                        "events": [e for e in events if e.starts <= d <= e.ends],
                    }
                    for d in week
                ]
            )
        shown_day = clean_date(self.request.GET.get("week"), timezone.localdate())
        monday = shown_day - datetime.timedelta(days=shown_day.weekday())
        prev_month = (first - datetime.timedelta(days=1)).replace(day=1)
        next_month = last + datetime.timedelta(days=1)
        return super().get_context_data(
            title=_("School calendar"),
            weeks=weeks,
            events=events,
            month=first,
            prev_month=prev_month.strftime("%Y-%m"),
            next_month=next_month.strftime("%Y-%m"),
            chosen=chosen,
            week=week_lessons(self.request, chosen, monday, self.my_classes),
            prev_week=(monday - datetime.timedelta(days=7)).isoformat(),
            next_week=(monday + datetime.timedelta(days=7)).isoformat(),
            classes=self.class_choices(),
            can_manage=has_permission(self.request.user, Perm.CALENDAR_MANAGE, self.request.school),
            **kwargs,
        )


class CalendarIcsView(CalendarSelection, PermissionMixin, View):
    """The same events as an iCalendar file (RFC 5545) for a phone's or computer's calendar."""

    permission_required = AUTHENTICATED

    def get(self, request):
        events, chosen = self.events()
        cal = Calendar()
        cal.add("prodid", "-//mektep//school calendar//EN")
        cal.add("version", "2.0")
        cal.add("x-wr-calname", f"{request.school.name}{f' · {chosen}' if chosen else ''}")
        host = request.get_host()
        for e in events:
            item = Event()
            item.add("uid", f"event-{e.pk}@{host}")
            item.add("summary", e.title)
            item.add("categories", [e.get_kind_display()])
            if e.start_time:
                tz = timezone.get_current_timezone()
                item.add("dtstart", datetime.datetime.combine(e.starts, e.start_time, tzinfo=tz))
                end_time = e.end_time or e.start_time
                item.add("dtend", datetime.datetime.combine(e.ends, end_time, tzinfo=tz))
            else:
                item.add("dtstart", e.starts)
                item.add("dtend", e.ends + datetime.timedelta(days=1))
            if e.place:
                item.add("location", e.place)
            if e.description:
                item.add("description", e.description)
            item.add("dtstamp", timezone.now())
            cal.add_component(item)
        response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="calendar.ics"'
        return response


class EventCreateView(PermissionMixin, FormView):
    permission_required = Perm.CALENDAR_MANAGE
    form_class = EventForm
    template_name = "core/form_page.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"school": self.request.school}

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        event = form.save()
        messages.success(self.request, _("The event is added to the calendar."))
        return redirect(f"{reverse('community:calendar')}?month={event.starts:%Y-%m}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New calendar event"), **kwargs)
