"""The calendar-thematic plan (КТП, PLN-9): topics, import from a typical programme (.xlsx), copy, dates
that follow the timetable, approval."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import Perm, has_permission
from core.services import OperationError

from ..calendar import SchoolCalendar
from ..models import KtpTopic, TimetableLesson, TimetableStatus

MAX_TOPICS = 300


def can_edit(user, subgroup):
    school = subgroup.class_subject.school_class.school
    if has_permission(user, Perm.PLANNING_MANAGE, school):
        return True
    person_id = getattr(user, "person_id", None)
    return (
        has_permission(user, Perm.PLANNING_OWN, school)
        and subgroup.teacher_id is not None
        and person_id is not None
        and subgroup.teacher.person_id == person_id
    )


def _require_edit(user, subgroup):
    if not can_edit(user, subgroup):
        raise OperationError(_("Only the subgroup's teacher or the deputy edits this КТП."))


def lesson_dates(subgroup, period):
    """The dates of the subgroup's lessons in a period by the published timetable, holidays out."""
    line = subgroup.class_subject
    school_class = line.school_class
    weekdays = sorted(
        TimetableLesson.objects.filter(
            subgroup=subgroup,
            timetable__status=TimetableStatus.PUBLISHED,
            timetable__academic_year=line.academic_year,
        ).values_list("weekday", flat=True)
    )
    if not weekdays:
        return []
    calendar = SchoolCalendar(school_class.school, period.start, period.end)
    dates = []
    day = period.start
    while day <= period.end:
        if calendar.is_school_day(day, school_class.parallel):
            dates.extend([day] * weekdays.count(day.isoweekday()))
        day += datetime.timedelta(days=1)
    return dates


def _clean_rows(rows):
    cleaned = []
    for i, (title, hours) in enumerate(rows, start=1):
        title = " ".join(str(title or "").split())
        if not title:
            continue
        if len(title) > 500:
            raise OperationError(_("Topic %(n)s is longer than 500 characters.") % {"n": i})
        try:
            hours = int(hours) if hours not in (None, "") else 1
        except (TypeError, ValueError) as error:
            raise OperationError(_("Topic %(n)s: hours must be a whole number.") % {"n": i}) from error
        if not 1 <= hours <= 40:
            raise OperationError(_("Topic %(n)s: a topic takes 1 to 40 hours.") % {"n": i})
        cleaned.append((title, hours))
    if not cleaned:
        raise OperationError(_("No topics were found."))
    if len(cleaned) > MAX_TOPICS:
        raise OperationError(_("At most %(n)s topics in a period.") % {"n": MAX_TOPICS})
    return cleaned


@transaction.atomic
def ktp_replace(*, acting_user, subgroup, period, rows):
    """Replaces the topics of a subgroup in a period with `rows` [(title, hours)]; dates follow the
    timetable; the approval is withdrawn because the plan changed."""
    _require_edit(acting_user, subgroup)
    if period.academic_year_id != subgroup.class_subject.academic_year_id:
        raise OperationError(_("Select a valid period."))
    rows = _clean_rows(rows)
    KtpTopic.objects.filter(subgroup=subgroup, period=period).delete()
    dates = lesson_dates(subgroup, period)
    topics = []
    index = 0
    for position, (title, hours) in enumerate(rows, start=1):
        planned = dates[index] if index < len(dates) else None
        index += hours
        topics.append(
            KtpTopic(
                subgroup=subgroup,
                period=period,
                position=position,
                title=title,
                hours=hours,
                planned_date=planned,
            )
        )
    KtpTopic.objects.bulk_create(topics)
    return topics


HEADERS = {"тема", "topic", "тақырып", "тема урока", "сабақтың тақырыбы", "lesson topic"}


def read_xlsx(uploaded):
    """Rows (topic, hours) of a typical programme: the first sheet; the topic is the first text cell
    of a row, the hours the last number after it (1 when there is none); a header row is skipped."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as error:
        raise OperationError(_("The file is not an .xlsx workbook.")) from error
    rows = []
    for values in workbook.worksheets[0].iter_rows(values_only=True, max_row=MAX_TOPICS + 5):
        cells = list(values)
        first_text = next((k for k, v in enumerate(cells) if isinstance(v, str) and v.strip()), None)
        if first_text is None:
            continue
        title = cells[first_text].strip()
        if title.lower() in HEADERS:
            continue
        after = [
            v for v in cells[first_text + 1 :] if isinstance(v, (int, float)) and not isinstance(v, bool)
        ]
        rows.append((title, after[-1] if after else 1))
    workbook.close()
    return rows


@transaction.atomic
def ktp_import(*, acting_user, subgroup, period, uploaded):
    return ktp_replace(acting_user=acting_user, subgroup=subgroup, period=period, rows=read_xlsx(uploaded))


@transaction.atomic
def ktp_copy(*, acting_user, source, target, period):
    """Copies another subgroup's topics of the period (the same subject in another class)."""
    if source.class_subject.subject_id != target.class_subject.subject_id:
        raise OperationError(_("Copy a КТП of the same subject."))
    rows = list(KtpTopic.objects.filter(subgroup=source, period=period).values_list("title", "hours"))
    if not rows:
        raise OperationError(_("The chosen КТП has no topics in this period."))
    return ktp_replace(acting_user=acting_user, subgroup=target, period=period, rows=rows)


@transaction.atomic
def ktp_approve(*, acting_user, subgroup, period):
    school = subgroup.class_subject.school_class.school
    if not has_permission(acting_user, Perm.KTP_APPROVE, school):
        raise OperationError(_("You may not approve calendar-thematic plans."))
    updated = KtpTopic.objects.filter(subgroup=subgroup, period=period).update(
        approved_by=acting_user, approved_at=timezone.now()
    )
    if not updated:
        raise OperationError(_("The КТП has no topics to approve."))
    return updated
