"""Study weeks and school days of a period (holidays taken out), used by annual hours, the ГУП and the
teacher's schedule by date (DOMAIN 8)."""

import datetime
from decimal import Decimal

from .models import Holiday


def monday(day):
    return day - datetime.timedelta(days=day.weekday())


def school_days(school):
    return 6 if school.six_day_week else 5


class SchoolCalendar:
    """Holidays of a school read once; answers "is this a school day" and "which weeks has a period"."""

    def __init__(self, school, start=None, end=None, holidays=None):
        self.school = school
        self.days = school_days(school)
        if holidays is None:
            qs = Holiday.objects.for_school(school)
            if start and end:
                qs = qs.overlapping(start, end)
            holidays = list(qs)
        self.holidays = holidays

    def holiday(self, day, parallel=None):
        for h in self.holidays:
            if h.covers(day, parallel):
                return h
        return None

    def is_school_day(self, day, parallel=None):
        return day.isoweekday() <= self.days and self.holiday(day, parallel) is None

    def weeks(self, period, parallel=None):
        """The Mondays of the weeks of a period that hold at least one school day."""
        result = []
        week = monday(period.start)
        while week <= period.end:
            for i in range(self.days):
                day = week + datetime.timedelta(days=i)
                if period.start <= day <= period.end and self.is_school_day(day, parallel):
                    result.append(week)
                    break
            week += datetime.timedelta(days=7)
        return result

    def week_count(self, period, parallel=None):
        return len(self.weeks(period, parallel))


def annual_hours(weekly_by_period, weeks_by_period):
    """Hours in the year: each period's weekly hours times its study weeks ("За год: 105 ч.")."""
    total = Decimal(0)
    for period_id, weekly in weekly_by_period.items():
        total += Decimal(weekly) * weeks_by_period.get(period_id, 0)
    return total
