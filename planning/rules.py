"""Country defaults the planning pages fall back on when a typical curriculum says nothing (DOMAIN 3.2, 8).
They are defaults, not law: a typical curriculum's maxima override them."""

from decimal import Decimal

# Maximum weekly load by parallel (typical curricula of KZ, 5-day week).
DEFAULT_MAX_WEEKLY_HOURS = {
    0: Decimal(20),
    1: Decimal(24),
    2: Decimal(25),
    3: Decimal(27),
    4: Decimal(27),
    5: Decimal(29),
    6: Decimal(30),
    7: Decimal(32),
    8: Decimal(33),
    9: Decimal(34),
    10: Decimal(35),
    11: Decimal(35),
    12: Decimal(35),
}
# The most lessons a day (sanitary rules: grade 1 at most 5, primary 5, basic 6-7, senior 7).
DEFAULT_MAX_DAILY_LESSONS = {0: 4, 1: 5, 2: 5, 3: 5, 4: 5, 5: 6, 6: 6, 7: 7, 8: 7, 9: 7, 10: 7, 11: 7, 12: 7}
# Classes split into two groups at 24 pupils for languages and informatics (standard No. 348, DOMAIN 3.2).
SPLIT_THRESHOLD = 24
# Weekly teaching hours of one rate (the teacher's norm, KZ: 16 hours a week).
RATE_HOURS = Decimal(16)
# Grade 1 lessons last 35 minutes (DOMAIN 8); others 45.
FIRST_GRADE_MINUTES = 35
LESSON_MINUTES = 45


def max_weekly_hours(parallel):
    return DEFAULT_MAX_WEEKLY_HOURS.get(parallel, Decimal(35))


def max_daily_lessons(parallel):
    return DEFAULT_MAX_DAILY_LESSONS.get(parallel, 7)


def lesson_minutes(parallel):
    return FIRST_GRADE_MINUTES if parallel == 1 else LESSON_MINUTES
