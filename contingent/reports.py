"""Output forms read from movements and orders (CON-12): the book of movement and the NOBD summary.

Both aggregate in SQL: a fixed number of queries whatever the number of students."""

from collections import defaultdict

from django.db.models import Count, Q

from contingent.models import (
    ARRIVAL_KINDS,
    DEPARTURE_KINDS,
    InstructionLanguage,
    Movement,
    SchoolClass,
    Student,
)


def _class_key(c):
    return (c.academic_year.start, c.parallel, c.letter_ru, c.pk)


def movement_book(school, date_from, date_to):
    """Per class: count at the start, arrivals, departures, count at the end; and the school total.

    A class's count on a day is its arrivals minus its departures up to that day, all read from
    movement rows (each made by an order), so start + arrivals - departures = end holds by construction
    and matches the orders listed below the table."""
    base = Movement.objects.filter(school=school, date__lte=date_to)
    before, within = Q(date__lt=date_from), Q(date__gte=date_from)
    incoming = {
        r["to_class"]: r
        for r in base.filter(to_class__isnull=False)
        .values("to_class")
        .annotate(
            before=Count("pk", filter=before),
            within=Count("pk", filter=within),
            new=Count("pk", filter=within & Q(kind__in=ARRIVAL_KINDS)),
        )
    }
    outgoing = {
        r["from_class"]: r
        for r in base.filter(from_class__isnull=False)
        .values("from_class")
        .annotate(
            before=Count("pk", filter=before),
            within=Count("pk", filter=within),
            left=Count("pk", filter=within & Q(kind__in=DEPARTURE_KINDS)),
        )
    }
    ids = set(incoming) | set(outgoing)
    classes = SchoolClass.objects.filter(pk__in=ids).select_related("academic_year")
    rows = []
    for c in sorted(classes, key=_class_key):
        i, o = incoming.get(c.pk, {}), outgoing.get(c.pk, {})
        start = i.get("before", 0) - o.get("before", 0)
        arrivals, departures = i.get("within", 0), o.get("within", 0)
        if not (start or arrivals or departures):
            continue
        rows.append(
            {
                "school_class": c,
                "year": c.academic_year.name,
                "start": start,
                "arrivals": arrivals,
                "arrivals_new": i.get("new", 0),
                "departures": departures,
                "departures_left": o.get("left", 0),
                "end": start + arrivals - departures,
            }
        )
    # Every total is the sum of its column, the "of them" columns included.
    total = {
        key: sum(r[key] for r in rows)
        for key in ("start", "arrivals", "arrivals_new", "departures", "departures_left", "end")
    }
    orders = (
        Movement.objects.filter(school=school, date__gte=date_from, date__lte=date_to)
        .values("order_id", "order__number", "order__date", "order__kind")
        .annotate(
            arrivals=Count("pk", filter=Q(kind__in=ARRIVAL_KINDS)),
            departures=Count("pk", filter=Q(kind__in=DEPARTURE_KINDS)),
            internal=Count("pk", filter=~Q(kind__in=ARRIVAL_KINDS + DEPARTURE_KINDS)),
        )
        .order_by("order__date", "order_id")
    )
    return {"rows": rows, "total": total, "orders": list(orders)}


LEVELS = (
    ("0", (0,)),
    ("1-4", (1, 2, 3, 4)),
    ("5-9", (5, 6, 7, 8, 9)),
    ("10-12", (10, 11, 12)),
)


def nobd_summary(school, on_date, year_start, schools=None):
    """The NOBD summary (DOMAIN.md 6): classes and pupils per parallel and class, by language of
    instruction, shift, sex, special needs and home schooling, arrivals and departures since the
    start of the year, as of a date (regenerable from the movements for any date).

    `schools` (ids) sums several schools at once, as a district's summary does (reports app)."""
    scope = {"school_id__in": list(schools)} if schools is not None else {"school": school}
    sign_in = Movement.objects.filter(date__lte=on_date, to_class__isnull=False, **scope)
    sign_out = Movement.objects.filter(date__lte=on_date, from_class__isnull=False, **scope)
    counts = defaultdict(lambda: defaultdict(int))
    fields = ("student__person__sex", "student__special_needs", "student__home_schooled")
    for sign, qs, key in ((1, sign_in, "to_class"), (-1, sign_out, "from_class")):
        for r in qs.values(key, *fields).annotate(n=Count("pk")):
            c = counts[r[key]]
            c["pupils"] += sign * r["n"]
            c["boys" if r["student__person__sex"] == "m" else "girls"] += sign * r["n"]
            if r["student__special_needs"]:
                c["special_needs"] += sign * r["n"]
            if r["student__home_schooled"]:
                c["home_schooled"] += sign * r["n"]
    period = Q(date__gte=year_start, date__lte=on_date)
    for r in (
        Movement.objects.filter(period, kind__in=ARRIVAL_KINDS, **scope)
        .values("to_class")
        .annotate(n=Count("pk"))
    ):
        counts[r["to_class"]]["arrivals"] += r["n"]
    for r in (
        Movement.objects.filter(period, kind__in=DEPARTURE_KINDS, **scope)
        .values("from_class")
        .annotate(n=Count("pk"))
    ):
        counts[r["from_class"]]["departures"] += r["n"]
    classes = SchoolClass.objects.filter(pk__in=[pk for pk, c in counts.items() if c["pupils"] > 0])
    rows = []
    keys = ("pupils", "boys", "girls", "special_needs", "home_schooled", "arrivals", "departures")
    for c in sorted(classes, key=lambda c: (c.parallel, c.letter_ru)):
        rows.append({"school_class": c, **{k: counts[c.pk][k] for k in keys}})
    by_parallel = defaultdict(lambda: defaultdict(int))
    by_language = defaultdict(lambda: defaultdict(int))
    by_shift = defaultdict(lambda: defaultdict(int))
    by_level = defaultdict(lambda: defaultdict(int))
    # translated once: get_language_display() per class cost 0.4 ms each (1,800 classes in a district)
    languages = {k: str(label) for k, label in InstructionLanguage.choices}
    for r in rows:
        c = r["school_class"]
        level = next(name for name, ps in LEVELS if c.parallel in ps)
        for group, key in (
            (by_parallel, c.parallel),
            (by_language, languages.get(c.language, c.language)),
            (by_shift, c.shift),
            (by_level, level),
        ):
            group[key]["classes"] += 1
            for k in keys:
                group[key][k] += r[k]
    totals = {k: sum(r[k] for r in rows) for k in keys} | {"classes": len(rows)}
    waiting = Student.objects.filter(**scope).without_class().count()
    return {
        "rows": rows,
        "by_parallel": sorted((k, dict(v)) for k, v in by_parallel.items()),
        "by_level": [(name, dict(by_level[name])) for name, _ps in LEVELS if name in by_level],
        "by_language": sorted((str(k), dict(v)) for k, v in by_language.items()),
        "by_shift": sorted((k, dict(v)) for k, v in by_shift.items()),
        "totals": totals,
        "waiting": waiting,
        "keys": keys,
    }
