"""Timetable generation with OR-Tools CP-SAT (PLN-8), on plain data so it runs and is tested without
the database.

A *unit* is what takes one slot a week per hour: one subgroup, or a block of the split subgroups of a
subject that are taught at the same time by different teachers in different rooms.

Hard constraints: every unit's weekly hours (a lesson that cannot be placed is reported with its
cause, never placed wrongly); no clash of teacher, class or room; teachers' days off; the room kind a
subject needs; the most lessons a day per class; at most two lessons of one unit a day.
Soft constraints (weighted, summed into the score; lower is better): gaps in a class's day (lessons
start at the first bell and run without holes), teachers' gaps, a subject twice on one day, a
difficult subject at the first or the last lesson.
"""

import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

WEIGHT_UNPLACED = 1000
WEIGHT_CLASS_GAP = 10
WEIGHT_TEACHER_GAP = 3
WEIGHT_SAME_DAY = 4
WEIGHT_DIFFICULT_EDGE = 1
DIFFICULT = 8  # a subject of this difficulty or more avoids the first and the last lesson


@dataclass
class ClassInfo:
    id: int
    name: str
    max_daily: int


@dataclass
class TeacherInfo:
    id: int
    name: str
    days_off: frozenset = frozenset()


@dataclass
class RoomInfo:
    id: int
    name: str
    kind: str
    capacity: int = 30


@dataclass
class Unit:
    id: int
    class_id: int
    subgroup_ids: list
    teacher_ids: list
    hours: int
    label: str = ""
    room_kind: str = ""
    difficulty: int = 5
    size: int = 25
    home_room_id: int | None = None


@dataclass
class Problem:
    days: int
    numbers: int
    classes: dict
    teachers: dict
    rooms: list
    units: list
    # Lessons placed by hand and kept: (unit id, day, number)
    fixed: list = field(default_factory=list)


@dataclass
class Placement:
    unit_id: int
    day: int
    number: int
    room_ids: list


@dataclass
class Result:
    status: str  # "optimal", "feasible", "infeasible", "cancelled"
    placements: list
    unplaced: list  # (unit id, lessons missing, reason)
    causes: list  # school-level causes found before solving
    soft_score: int = 0
    seconds: float = 0.0
    stats: dict = field(default_factory=dict)


# Causes are data (a code and its values) so the caller translates them in the user's language.
def cause(code, **values):
    return {"code": code, **values}


def precheck(problem):
    """Causes that make a school infeasible, found without a search: a unit without a teacher, a teacher
    or a class with more lessons than slots, a room kind nobody has."""
    causes = []
    unit_causes = defaultdict(list)
    slots = problem.days * problem.numbers
    kinds = defaultdict(int)
    for room in problem.rooms:
        kinds[room.kind] += 1
    teacher_load = defaultdict(int)
    class_load = defaultdict(int)
    for u in problem.units:
        if not u.teacher_ids or any(t is None for t in u.teacher_ids):
            unit_causes[u.id].append(cause("no_teacher", unit=u.label))
        if u.room_kind and kinds[u.room_kind] < len(u.subgroup_ids):
            unit_causes[u.id].append(cause("no_room_kind", unit=u.label, kind=u.room_kind))
        if u.hours > 2 * problem.days:
            unit_causes[u.id].append(
                cause("too_many_hours", unit=u.label, hours=u.hours, most=2 * problem.days)
            )
        for t in u.teacher_ids:
            if t is not None:
                teacher_load[t] += u.hours
        class_load[u.class_id] += u.hours
    for t, load in teacher_load.items():
        info = problem.teachers[t]
        free = (problem.days - len([d for d in info.days_off if d <= problem.days])) * problem.numbers
        if load > free:
            c = cause("teacher_overload", teacher=info.name, hours=load, slots=free)
            causes.append(c)
            for u in problem.units:
                if t in u.teacher_ids:
                    unit_causes[u.id].append(c)
    kind_load = defaultdict(int)
    for u in problem.units:
        if u.room_kind:
            kind_load[u.room_kind] += u.hours * len(u.subgroup_ids)
    for kind, load in kind_load.items():
        if kinds[kind] and load > kinds[kind] * slots:
            c = cause("room_kind_overload", kind=kind, hours=load, slots=kinds[kind] * slots)
            causes.append(c)
            for u in problem.units:
                if u.room_kind == kind:
                    unit_causes[u.id].append(c)
    for c_id, load in class_load.items():
        info = problem.classes[c_id]
        most = problem.days * min(info.max_daily, problem.numbers)
        if load > most:
            c = cause("class_overload", school_class=info.name, hours=load, slots=most)
            causes.append(c)
            for u in problem.units:
                if u.class_id == c_id:
                    unit_causes[u.id].append(c)
    for found in unit_causes.values():
        for c in found:
            if c not in causes:
                causes.append(c)
    if slots == 0:
        causes.append(cause("no_slots"))
    return causes, unit_causes


def solve(problem, time_limit=60.0, workers=2, should_stop=None, on_progress=None, seed=0, patience=None):
    """Place every lesson. First a strict search (every weekly hour placed); when that is proven
    impossible or finds nothing in its share of the time, a second search places as many lessons as
    it can and lists the rest with their cause. `should_stop()` is polled about once a second
    (cancel); `on_progress(fraction, note)` hears how far the search is; the search also stops when
    the score has not improved for `patience` seconds."""
    started = time.monotonic()
    causes, unit_causes = precheck(problem)
    blocked = {u.id for u in problem.units if any(c["code"] in BLOCKING for c in unit_causes[u.id])}
    solvable = [u for u in problem.units if u.id not in blocked]
    state = {"cancelled": False}
    outcome = None
    if not causes:
        outcome = _run(
            problem,
            solvable,
            True,
            time_limit * 0.75,
            workers,
            should_stop,
            on_progress,
            started,
            time_limit,
            seed,
            patience,
            state,
        )
    if not state["cancelled"] and (outcome is None or outcome["status"] not in ("optimal", "feasible")):
        remaining = max(2.0, time_limit - (time.monotonic() - started))
        outcome = _run(
            problem,
            solvable,
            False,
            remaining,
            workers,
            should_stop,
            on_progress,
            started,
            time_limit,
            seed,
            patience,
            state,
        )
    units_by_id = {u.id: u for u in solvable}
    unplaced = []
    if outcome["status"] in ("optimal", "feasible"):
        placements = assign_rooms(problem, units_by_id, outcome["chosen"])
        for uid, m in outcome["missing"].items():
            if m:
                unplaced.append((uid, m, explain(problem, units_by_id[uid], unit_causes[uid])))
    else:
        placements = []
        for u in solvable:
            unplaced.append((u.id, u.hours, explain(problem, u, unit_causes[u.id], timed_out=True)))
    for u in problem.units:
        if u.id in blocked:
            unplaced.append((u.id, u.hours, next(c for c in unit_causes[u.id] if c["code"] in BLOCKING)))
    return Result(
        status="cancelled" if state["cancelled"] else outcome["status"],
        placements=placements,
        unplaced=unplaced,
        causes=causes,
        soft_score=outcome.get("soft", 0),
        seconds=time.monotonic() - started,
        stats={"variables": outcome.get("variables", 0), "units": len(problem.units)},
    )


BLOCKING = ("no_teacher", "no_room_kind")


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(self):
        super().__init__()
        self.best = None
        self.improved_at = time.monotonic()

    def on_solution_callback(self):
        value = self.objective_value
        if self.best is None or value < self.best:
            self.best = value
            self.improved_at = time.monotonic()


def _run(
    problem, solvable, strict, limit, workers, should_stop, on_progress, started, total, seed, patience, state
):
    days = range(1, problem.days + 1)
    numbers = range(1, problem.numbers + 1)
    model = cp_model.CpModel()
    x = {}
    missing = {}
    for u in solvable:
        off = set()
        for t in u.teacher_ids:
            off |= set(problem.teachers[t].days_off)
        max_daily = problem.classes[u.class_id].max_daily
        for d in days:
            if d in off:
                continue
            for n in numbers:
                if n <= max_daily:
                    x[u.id, d, n] = model.new_bool_var(f"x{u.id}_{d}_{n}")
        missing[u.id] = model.new_int_var(0, 0 if strict else u.hours, f"m{u.id}")
    by_unit = defaultdict(list)
    by_unit_day = defaultdict(list)
    for (uid, d, _n), v in x.items():
        by_unit[uid].append(v)
        by_unit_day[uid, d].append(v)
    units_by_id = {u.id: u for u in solvable}
    for u in solvable:
        model.add(sum(by_unit[u.id]) + missing[u.id] == u.hours)
        for d in days:
            if by_unit_day[u.id, d]:
                model.add(sum(by_unit_day[u.id, d]) <= 2)
    for uid, d, n in problem.fixed:
        if (uid, d, n) in x:
            model.add(x[uid, d, n] == 1)
    # clashes: class, teacher, rooms by kind and in total
    class_slot = defaultdict(list)
    teacher_slot = defaultdict(list)
    kind_slot = defaultdict(list)
    room_slot = defaultdict(list)
    for (uid, d, n), v in x.items():
        u = units_by_id[uid]
        class_slot[u.class_id, d, n].append(v)
        for t in u.teacher_ids:
            teacher_slot[t, d, n].append(v)
        rooms_needed = len(u.subgroup_ids)
        if u.room_kind:
            kind_slot[u.room_kind, d, n].append((v, rooms_needed))
        room_slot[d, n].append((v, rooms_needed))
    kinds = defaultdict(int)
    for room in problem.rooms:
        kinds[room.kind] += 1
    for vars_ in class_slot.values():
        if len(vars_) > 1:
            model.add_at_most_one(vars_)
    for vars_ in teacher_slot.values():
        if len(vars_) > 1:
            model.add_at_most_one(vars_)
    for (kind, _d, _n), pairs in kind_slot.items():
        if sum(k for _v, k in pairs) > kinds[kind]:
            model.add(sum(v * k for v, k in pairs) <= kinds[kind])
    total_rooms = len(problem.rooms)
    for pairs in room_slot.values():
        if sum(k for _v, k in pairs) > total_rooms:
            model.add(sum(v * k for v, k in pairs) <= total_rooms)
    # the most lessons a day per class
    class_day = defaultdict(list)
    for (uid, d, _n), v in x.items():
        class_day[units_by_id[uid].class_id, d].append(v)
    for (c_id, _d), vars_ in class_day.items():
        most = problem.classes[c_id].max_daily
        if len(vars_) > most:
            model.add(sum(vars_) <= most)
    # soft: class gaps (each "rise" after lesson 1 starts a hole or a late start)
    penalties = []
    for c_id in problem.classes:
        for d in days:
            occ = []
            for n in numbers:
                vars_ = class_slot.get((c_id, d, n), [])
                occ.append(sum(vars_) if vars_ else 0)
            for i in range(1, len(occ)):
                if isinstance(occ[i], int):
                    continue
                g = model.new_bool_var("")
                model.add(g >= occ[i] - occ[i - 1])
                penalties.append((WEIGHT_CLASS_GAP, g))
    # soft: teacher gaps (blocks of lessons a day beyond the first)
    teacher_days = defaultdict(dict)
    for (t, d, n), vars_ in teacher_slot.items():
        teacher_days[t, d][n] = vars_
    for per_number in teacher_days.values():
        prev = 0
        starts = []
        for n in numbers:
            vars_ = per_number.get(n)
            cur = sum(vars_) if vars_ else 0
            if vars_:
                s = model.new_bool_var("")
                model.add(s >= cur - prev)
                starts.append(s)
            prev = cur
        if len(starts) > 1:
            extra = model.new_int_var(0, len(starts), "")
            model.add(extra >= sum(starts) - 1)
            penalties.append((WEIGHT_TEACHER_GAP, extra))
    # soft: a subject twice on one day; difficult subjects at the edges
    for (uid, _d), vars_ in by_unit_day.items():
        if len(vars_) > 1 and units_by_id[uid].hours <= problem.days:
            e = model.new_bool_var("")
            model.add(e >= sum(vars_) - 1)
            penalties.append((WEIGHT_SAME_DAY, e))
    for (uid, _d, n), v in x.items():
        u = units_by_id[uid]
        if u.difficulty >= DIFFICULT and (n == 1 or n >= problem.classes[u.class_id].max_daily):
            penalties.append((WEIGHT_DIFFICULT_EDGE, v))
    model.minimize(sum(WEIGHT_UNPLACED * m for m in missing.values()) + sum(w * v for w, v in penalties))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(1.0, float(limit))
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    watcher = _Watcher()
    last = {"poll": 0.0}

    def poll(_line=None):
        now = time.monotonic()
        if now - last["poll"] < 1.0:
            return
        last["poll"] = now
        if on_progress:
            on_progress(min(0.99, (now - started) / max(1.0, total)), "")
        if should_stop and should_stop():
            state["cancelled"] = True
            solver.stop_search()
        elif patience and watcher.best is not None and now - watcher.improved_at > patience:
            solver.stop_search()

    solver.parameters.log_search_progress = True
    solver.parameters.log_to_stdout = False
    solver.log_callback = poll
    status = solver.solve(model, watcher)
    out = {"variables": len(x)}
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = defaultdict(list)
        for (uid, d, n), v in x.items():
            if solver.boolean_value(v):
                chosen[d, n].append(uid)
        missed = {uid: solver.value(m) for uid, m in missing.items()}
        out.update(
            status="optimal" if status == cp_model.OPTIMAL else "feasible",
            chosen=chosen,
            missing=missed,
            soft=int(round(solver.objective_value)) - WEIGHT_UNPLACED * sum(missed.values()),
        )
    else:
        out["status"] = "infeasible" if status == cp_model.INFEASIBLE else "unknown"
    return out


def explain(problem, unit, found, timed_out=False):
    if found:
        return found[0]
    if timed_out:
        return cause("time_limit")
    return cause("no_common_slot", unit=unit.label)


def assign_rooms(problem, units_by_id, chosen):
    """Rooms per slot: needed kinds first, then the class's home room, then any free room (capacity
    that fits first). The solver's counts per kind and in total guarantee enough rooms."""
    placements = []
    for (d, n), uids in chosen.items():
        free = list(problem.rooms)
        taken = set()

        def take(pred, size, free=free, taken=taken):
            fitting = [r for r in free if r.id not in taken and pred(r)]
            if not fitting:
                return None
            fitting.sort(key=lambda r: (r.capacity < size, r.capacity))
            room = fitting[0]
            taken.add(room.id)
            return room.id

        ordered = sorted(
            uids, key=lambda uid: (not units_by_id[uid].room_kind, units_by_id[uid].home_room_id is None)
        )
        for uid in ordered:
            u = units_by_id[uid]
            room_ids = []
            for _sg in u.subgroup_ids:
                size = max(1, u.size // max(1, len(u.subgroup_ids)))
                if u.room_kind:
                    rid = take(lambda r, k=u.room_kind: r.kind == k, size)
                else:
                    rid = None
                    if u.home_room_id and not room_ids:
                        rid = take(lambda r, h=u.home_room_id: r.id == h, size)
                    rid = rid or take(lambda r: r.kind == "classroom", size) or take(lambda r: True, size)
                room_ids.append(rid)
            placements.append(Placement(uid, d, n, room_ids))
    return placements


def check(problem, placements):
    """Hard-constraint violations of a placement set, counted independently of the solver."""
    units = {u.id: u for u in problem.units}
    room_kind = {r.id: r.kind for r in problem.rooms}
    violations = []
    seen_teacher, seen_class, seen_room = {}, {}, {}
    per_class_day = defaultdict(int)
    per_unit = defaultdict(int)
    for p in placements:
        u = units[p.unit_id]
        per_unit[u.id] += 1
        per_class_day[u.class_id, p.day] += 1
        if not (1 <= p.day <= problem.days and 1 <= p.number <= problem.numbers):
            violations.append(("outside_grid", u.id))
        key = (u.class_id, p.day, p.number)
        if key in seen_class:
            violations.append(("class_clash", u.id))
        seen_class[key] = u.id
        for t in u.teacher_ids:
            if (t, p.day, p.number) in seen_teacher:
                violations.append(("teacher_clash", u.id))
            seen_teacher[t, p.day, p.number] = u.id
            if p.day in problem.teachers[t].days_off:
                violations.append(("day_off", u.id))
        for rid in p.room_ids:
            if rid is None:
                violations.append(("no_room", u.id))
                continue
            if (rid, p.day, p.number) in seen_room:
                violations.append(("room_clash", u.id))
            seen_room[rid, p.day, p.number] = u.id
            if u.room_kind and room_kind[rid] != u.room_kind:
                violations.append(("room_kind", u.id))
    for (c_id, _d), count in per_class_day.items():
        if count > problem.classes[c_id].max_daily:
            violations.append(("daily_maximum", c_id))
    for uid, count in per_unit.items():
        if count > units[uid].hours:
            violations.append(("too_many", uid))
    return violations


def gaps(problem, placements):
    """Holes in each class's and each teacher's days: a free lesson between two lessons."""
    units = {u.id: u for u in problem.units}
    class_days = defaultdict(set)
    teacher_days = defaultdict(set)
    for p in placements:
        u = units[p.unit_id]
        class_days[u.class_id, p.day].add(p.number)
        for t in u.teacher_ids:
            teacher_days[t, p.day].add(p.number)

    def holes(numbers):
        return max(numbers) - min(numbers) + 1 - len(numbers)

    per_class = defaultdict(int)
    per_teacher = defaultdict(int)
    for (c, _d), nums in class_days.items():
        per_class[c] += holes(nums)
    for (t, _d), nums in teacher_days.items():
        per_teacher[t] += holes(nums)
    return dict(per_class), dict(per_teacher)
