"""РУП, typical curricula, copy and paste, subgroups and the ГУП (PLN-3..PLN-6)."""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _

from core.services import OperationError

from ..calendar import SchoolCalendar
from ..models import (
    ClassSubject,
    ClassSubjectKind,
    ClassSubjectPeriod,
    Subgroup,
    SubgroupKind,
    Subject,
    WeekLoad,
)
from ..models.curriculum import MAX_WEEKLY_HOURS
from ..rules import lesson_minutes
from ..selectors import year_periods
from .common import fmt_hours, require_manage

SUBGROUP_COUNTS = {
    SubgroupKind.MAIN: (1, 1),
    SubgroupKind.TWO: (2, 2),
    SubgroupKind.THREE: (3, 3),
    SubgroupKind.BOYS_GIRLS: (2, 2),
    SubgroupKind.OTHER: (4, 12),
    SubgroupKind.INDIVIDUAL: (1, 40),
}


def check_hours(value, allow_zero=False):
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError) as error:
        raise OperationError(_("Enter the number of hours a week.")) from error
    if hours < 0 or (hours == 0 and not allow_zero):
        raise OperationError(_("Hours a week must be more than 0."))
    if hours > MAX_WEEKLY_HOURS:
        raise OperationError(_("Hours a week cannot exceed %(max)s.") % {"max": fmt_hours(MAX_WEEKLY_HOURS)})
    if hours * 2 != int(hours * 2):
        raise OperationError(_("Hours a week are whole or half hours."))
    return hours


def _subject_by_name(school, name):
    name = " ".join((name or "").split())
    if not name:
        raise OperationError(_("Choose a subject or type its name."))
    found = (
        Subject.objects.for_school(school)
        .filter(Q(name_ru__iexact=name) | Q(name_kk__iexact=name) | Q(name_en__iexact=name))
        .order_by("school_id")
        .first()
    )
    if found:
        return found
    return Subject.objects.create(school=school, name_ru=name, name_kk=name, name_en=name)


@transaction.atomic
def class_subject_add(
    *,
    acting_user,
    school_class,
    year,
    weekly_hours,
    subject=None,
    subject_name="",
    is_variative=False,
    kind=ClassSubjectKind.LESSON,
):
    """Adds a subject to a class's РУП with its main subgroup and its hours in every period (PLN-3)."""
    school = school_class.school
    require_manage(acting_user, school)
    hours = check_hours(weekly_hours)
    if subject is None:
        subject = _subject_by_name(school, subject_name)
    if subject.school_id not in (None, school.pk):
        raise OperationError(_("Select a valid subject."))
    if ClassSubject.objects.filter(school_class=school_class, subject=subject).exists():
        raise OperationError(
            _("%(subject)s is already in the curriculum of %(class)s.")
            % {"subject": subject, "class": school_class}
        )
    line = ClassSubject.objects.create(
        school_class=school_class,
        subject=subject,
        academic_year=year,
        weekly_hours=hours,
        is_variative=is_variative,
        kind=kind,
    )
    ClassSubjectPeriod.objects.bulk_create(
        ClassSubjectPeriod(class_subject=line, period=p, weekly_hours=hours) for p in year_periods(year)
    )
    Subgroup.objects.create(
        class_subject=line,
        kind=SubgroupKind.MAIN,
        position=1,
        lesson_minutes=lesson_minutes(school_class.parallel),
    )
    return line


@transaction.atomic
def class_subject_update(
    *, acting_user, class_subject, weekly_hours, is_variative, name="", period_hours=None
):
    """Weekly hours, the variative flag, a name of its own and hours that differ per period."""
    require_manage(acting_user, class_subject.school_class.school)
    line = ClassSubject.objects.select_for_update().get(pk=class_subject.pk)
    old = line.weekly_hours
    line.weekly_hours = check_hours(weekly_hours)
    line.is_variative = is_variative
    line.name = " ".join((name or "").split())
    line.save()
    periods = year_periods(line.academic_year)
    given = {p.pk: check_hours(v, allow_zero=True) for p, v in (period_hours or {}).items()}
    existing = {cp.period_id: cp for cp in ClassSubjectPeriod.objects.filter(class_subject=line)}
    for p in periods:
        value = given.get(p.pk)
        cp = existing.get(p.pk)
        if value is None:
            # hours that followed the old weekly hours follow the new ones
            value = line.weekly_hours if cp is None or cp.weekly_hours == old else cp.weekly_hours
        if cp is None:
            ClassSubjectPeriod.objects.create(class_subject=line, period=p, weekly_hours=value)
        elif cp.weekly_hours != value:
            cp.weekly_hours = value
            cp.save(update_fields=["weekly_hours"])
    return line


@transaction.atomic
def class_subject_delete(*, acting_user, class_subject):
    require_manage(acting_user, class_subject.school_class.school)
    try:
        with transaction.atomic():
            class_subject.delete()
    except ProtectedError as error:
        raise OperationError(
            _("%(subject)s has lessons in a timetable; remove them from the timetable first.")
            % {"subject": class_subject.display_name}
        ) from error


def typical_preview(typical, classes):
    """What applying a typical curriculum would change, class by class (PLN-4)."""
    lines = list(typical.lines.select_related("subject"))
    existing = {}
    for cs in ClassSubject.objects.filter(school_class__in=classes).select_related("subject"):
        existing.setdefault(cs.school_class_id, {})[cs.subject_id] = cs
    preview = []
    for school_class in classes:
        have = existing.get(school_class.pk, {})
        changes = []
        for line in lines:
            cs = have.get(line.subject_id)
            if cs is None:
                changes.append(
                    {
                        "action": "add",
                        "subject": line.subject,
                        "hours": line.weekly_hours,
                        "is_variative": line.is_variative,
                        "old": None,
                    }
                )
            elif cs.weekly_hours != line.weekly_hours or cs.is_variative != line.is_variative:
                changes.append(
                    {
                        "action": "change",
                        "subject": line.subject,
                        "hours": line.weekly_hours,
                        "is_variative": line.is_variative,
                        "old": cs.weekly_hours,
                    }
                )
            else:
                changes.append(
                    {
                        "action": "keep",
                        "subject": line.subject,
                        "hours": line.weekly_hours,
                        "is_variative": line.is_variative,
                        "old": cs.weekly_hours,
                    }
                )
        preview.append((school_class, changes))
    return preview


@transaction.atomic
def typical_apply(*, acting_user, typical, classes, year):
    """Adds the typical curriculum's subjects to each class and sets their hours; subjects the class
    has beyond it stay. All classes or none."""
    count = 0
    for school_class, changes in typical_preview(typical, classes):
        require_manage(acting_user, school_class.school)
        if school_class.academic_year_id != year.pk:
            raise OperationError(_("Select a valid class."))
        for change in changes:
            if change["action"] == "add":
                class_subject_add(
                    acting_user=acting_user,
                    school_class=school_class,
                    year=year,
                    subject=change["subject"],
                    weekly_hours=change["hours"],
                    is_variative=change["is_variative"],
                )
                count += 1
            elif change["action"] == "change":
                cs = ClassSubject.objects.get(school_class=school_class, subject=change["subject"])
                class_subject_update(
                    acting_user=acting_user,
                    class_subject=cs,
                    weekly_hours=change["hours"],
                    is_variative=change["is_variative"],
                    name=cs.name,
                )
                count += 1
    return count


@transaction.atomic
def curriculum_paste(*, acting_user, source, target, subject_ids):
    """Pastes the chosen subjects of one class's РУП into another's (PLN-5): all or nothing."""
    require_manage(acting_user, target.school)
    if source.school_id != target.school_id or source.pk == target.pk:
        raise OperationError(_("Select a valid class."))
    chosen = list(
        ClassSubject.objects.filter(school_class=source, subject_id__in=subject_ids)
        .select_related("subject")
        .prefetch_related("periods")
    )
    if not chosen:
        raise OperationError(_("Choose at least one subject."))
    have = {cs.subject_id: cs for cs in ClassSubject.objects.filter(school_class=target)}
    for line in chosen:
        hours = {cp.period: cp.weekly_hours for cp in line.periods.all()}
        cs = have.get(line.subject_id)
        if cs is None:
            cs = class_subject_add(
                acting_user=acting_user,
                school_class=target,
                year=target.academic_year,
                subject=line.subject,
                weekly_hours=line.weekly_hours,
                is_variative=line.is_variative,
                kind=line.kind,
            )
        class_subject_update(
            acting_user=acting_user,
            class_subject=cs,
            weekly_hours=line.weekly_hours,
            is_variative=line.is_variative,
            name=line.name,
            period_hours=hours,
        )
    return len(chosen)


def _auto_split(students, kind, count):
    """Pupils split alphabetically (boys and girls by sex) when no list is given."""
    if kind == SubgroupKind.BOYS_GIRLS:
        boys = [s for s in students if s.person.sex == "m"]
        return [boys, [s for s in students if s.person.sex != "m"]]
    groups = [[] for _ in range(count)]
    for i, student in enumerate(students):
        groups[i * count // max(1, len(students))].append(student)
    return groups


@transaction.atomic
def subgroups_save(*, acting_user, class_subject, kind, groups, lesson_minutes=45):
    """Sets how a subject of a class is split (PLN-6). `groups` is a list of dicts with name, teacher and
    students (empty students: split alphabetically, or by sex for boys/girls). Every subgroup needs a
    teacher; a pupil is in one subgroup only. Subgroups that have lessons in a timetable stay."""
    school_class = class_subject.school_class
    require_manage(acting_user, school_class.school)
    lo, hi = SUBGROUP_COUNTS[SubgroupKind(kind)]
    if not lo <= len(groups) <= hi:
        raise OperationError(
            _("%(kind)s needs %(lo)s to %(hi)s subgroups.")
            % {"kind": SubgroupKind(kind).label, "lo": lo, "hi": hi}
            if lo != hi
            else _("%(kind)s needs %(n)s subgroups.") % {"kind": SubgroupKind(kind).label, "n": lo}
        )
    if not 10 <= int(lesson_minutes) <= 120:
        raise OperationError(_("A lesson lasts 10 to 120 minutes."))
    class_students = list(
        school_class.students.filter(status="studying")
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    allowed = {s.pk for s in class_students}
    for i, g in enumerate(groups, start=1):
        if g.get("teacher") is None:
            raise OperationError(_("Subgroup %(n)s has no teacher; choose one.") % {"n": i})
        if g["teacher"].school_id != school_class.school_id:
            raise OperationError(_("Select a valid teacher."))
        if any(s.pk not in allowed for s in g.get("students") or []):
            raise OperationError(_("Subgroup %(n)s lists a pupil of another class.") % {"n": i})
    if kind != SubgroupKind.MAIN:
        seen = set()
        for g in groups:
            for s in g.get("students") or []:
                if s.pk in seen:
                    raise OperationError(
                        _("%(student)s is in two subgroups; a pupil belongs to one subgroup.")
                        % {"student": s.person.full_name}
                    )
                seen.add(s.pk)
        if all(not g.get("students") for g in groups) and kind != SubgroupKind.INDIVIDUAL:
            for g, members in zip(groups, _auto_split(class_students, kind, len(groups)), strict=True):
                g["students"] = members
    existing = {
        sg.position: sg for sg in Subgroup.objects.select_for_update().filter(class_subject=class_subject)
    }
    for position, g in enumerate(groups, start=1):
        sg = existing.pop(position, None) or Subgroup(class_subject=class_subject, position=position)
        sg.kind = kind
        sg.name = " ".join((g.get("name") or "").split())[:100] or (
            "" if kind == SubgroupKind.MAIN else _("Subgroup %(n)s") % {"n": position}
        )
        sg.teacher = g["teacher"]
        sg.lesson_minutes = int(lesson_minutes)
        sg.save()
        sg.students.set([] if kind == SubgroupKind.MAIN else (g.get("students") or []))
    for sg in existing.values():
        try:
            with transaction.atomic():
                sg.delete()
        except ProtectedError as error:
            raise OperationError(
                _("%(subgroup)s has lessons in a timetable; remove them from the timetable first.")
                % {"subgroup": sg.name or sg.position}
            ) from error
    return list(Subgroup.objects.filter(class_subject=class_subject).order_by("position"))


def week_loads_default(subgroup, periods=None):
    """The ГУП as the РУП gives it: each study week of each period its weekly hours."""
    line = subgroup.class_subject
    school_class = line.school_class
    periods = periods if periods is not None else year_periods(line.academic_year)
    calendar = SchoolCalendar(
        school_class.school, periods[0].start if periods else None, periods[-1].end if periods else None
    )
    own = {cp.period_id: cp.weekly_hours for cp in line.periods.all()}
    weeks = []
    for p in periods:
        for monday in calendar.weeks(p, school_class.parallel):
            weeks.append((p, monday, own.get(p.pk, line.weekly_hours)))
    return weeks


def planned_weeks(subgroup, periods=None):
    """The ГУП with what is saved: [(period, monday, hours, planned_by_rup)], and the annual hours."""
    default = week_loads_default(subgroup, periods)
    saved = {w.week_start: w.hours for w in subgroup.week_loads.all()}
    rows = [(p, monday, saved.get(monday, hours), hours) for p, monday, hours in default]
    annual = sum((h for _p, _m, h in default), Decimal(0))
    return rows, annual


@transaction.atomic
def week_loads_save(*, acting_user, subgroup, values):
    """Saves the ГУП week by week; the total must equal the annual hours of the РУП (PLN-6)."""
    require_manage(acting_user, subgroup.class_subject.school_class.school)
    default = week_loads_default(subgroup)
    annual = sum((h for _p, _m, h in default), Decimal(0))
    known = {monday: p for p, monday, _h in default}
    hours = {}
    for monday, value in values.items():
        if monday not in known:
            raise OperationError(_("This week is not a study week of the year."))
        hours[monday] = check_hours(value, allow_zero=True)
    total = sum((hours.get(m, h) for _p, m, h in default), Decimal(0))
    if total != annual:
        diff = total - annual
        raise OperationError(
            _("The weeks add up to %(total)s h, the curriculum plans %(annual)s h: %(diff)s h too many.")
            % {"total": fmt_hours(total), "annual": fmt_hours(annual), "diff": fmt_hours(diff)}
            if diff > 0
            else _("The weeks add up to %(total)s h, the curriculum plans %(annual)s h: %(diff)s h too few.")
            % {"total": fmt_hours(total), "annual": fmt_hours(annual), "diff": fmt_hours(-diff)}
        )
    WeekLoad.objects.filter(subgroup=subgroup).delete()
    try:
        WeekLoad.objects.bulk_create(
            WeekLoad(subgroup=subgroup, period=known[m], week_start=m, hours=hours.get(m, h))
            for _p, m, h in default
        )
    except IntegrityError as error:
        raise OperationError(_("This week is already planned.")) from error
    return total
