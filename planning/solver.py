"""Timetable generation with OR-Tools CP-SAT (PLN-8), on plain data so it runs and is tested without
the database.

A *unit* is what takes one slot a week per hour: one subgroup, or a block of the split subgroups of a
subject that are taught at the same time by different teachers in different rooms.

Hard constraints: every unit's weekly hours (a lesson that cannot be placed is reported with its
cause, never placed wrongly); no clash of teacher, class or room; teachers' days off; the room kind a
subject needs; the most lessons a day per class; at most two lessons of one unit a day; a class's
lessons on its own shift's bells; the lessons placed by hand kept where they are.

Shifts: each class has a grid (its shift's bell schedule, `Problem.bells`: {grid: {number: (start
minute, end minute)}}); lesson n of one shift and lesson n of another are different times. Teachers and
rooms clash when the times of their lessons overlap: the constraints are written at each "time point"
(the start of any bell), which covers every overlap of intervals. Without bells every class shares one
grid and lesson n is lesson n.
Soft constraints (weighted, summed into the score; lower is better): gaps in a class's day (lessons
start at the first bell and run without holes), teachers' gaps, a subject twice on one day, a
difficult subject at the first or the last lesson.
"""

import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

WEIGHT_UNPLACED = 1000
WEIGHT_CLASS_GAP = 10
WEIGHT_TEACHER_GAP = 3
WEIGHT_SAME_DAY = 4
WEIGHT_DIFFICULT_EDGE = 1
OUTSIDE = 10**6  # minutes: the time given to a lesson number outside a class's bells
DIFFICULT = 8  # a subject of this difficulty or more avoids the first and the last lesson


@dataclass
class ClassInfo:
    id: int
    name: str
    max_daily: int
    grid: object = 1  # the key of its bells in Problem.bells (its shift)


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
    # Their rooms where chosen by hand: {(unit id, day, number): [room id or None per subgroup]}
    fixed_rooms: dict = field(default_factory=dict)
    # {grid: {number: (start minute, end minute)}}; empty: one shared grid of `numbers` lessons
    bells: dict = field(default_factory=dict)

    def numbers_of(self, class_id):
        """The lesson numbers a class may use: the first `max_daily` bells of its grid."""
        info = self.classes[class_id]
        grid = self._grid(info.grid)
        numbers = sorted(grid) if grid else list(range(1, self.numbers + 1))
        return numbers[: info.max_daily]

    def _grid(self, key):
        if not self.bells:
            return None
        return self.bells.get(key) or next(iter(self.bells.values()))

    def interval(self, class_id, number):
        """(start, end) of a lesson number of the class; without bells, one unit of time per number (a
        number outside the class's bells gets a time of its own, far from the day)."""
        grid = self._grid(self.classes[class_id].grid)
        if grid is None:
            return (number * 1000, number * 1000 + 1)
        return grid.get(number) or (OUTSIDE + number, OUTSIDE + number + 1)

    def points(self):
        """The start of every bell: at each, the lessons covering it are simultaneous."""
        if not self.bells:
            return [n * 1000 for n in range(1, self.numbers + 1)]
        return sorted({s for grid in self.bells.values() for s, _e in grid.values()})

    def covered(self, class_id, number, points=None):
        start, end = self.interval(class_id, number)
        if not self.bells or start >= OUTSIDE:
            return [start]
        return [p for p in (points or self.points()) if start <= p < end]


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
    # lessons placed by hand that could not be kept (a day off since, a number outside the grid, more
    # lessons than the weekly hours): (unit id, day, number)
    dropped: list = field(default_factory=list)


# Causes are data (a code and its values) so the caller translates them in the user's language.
def cause(code, **values):
    return {"code": code, **values}


def precheck(problem):
    """Causes that make a school infeasible, found without a search: a unit without a teacher, a teacher
    or a class with more lessons than slots, a room kind nobody has."""
    causes = []
    unit_causes = defaultdict(list)
    slots = problem.days * len(problem.points())
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
    # a teacher may teach in every shift: at most one lesson at each time point
    per_day = len(problem.points())
    for t, load in teacher_load.items():
        info = problem.teachers[t]
        free = (problem.days - len([d for d in info.days_off if d <= problem.days])) * per_day
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
        most = problem.days * len(problem.numbers_of(c_id))
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
    kept, dropped = usable_fixed(problem, solvable)
    first = first_placement(problem, solvable, kept, seed=seed)
    state = {"cancelled": False, "fixed": kept, "first": first}
    # when the first placement already places every lesson, the strict search (seeded with it) only
    # improves the score and gets the whole time; a best-effort search would add nothing
    complete = len(first) == sum(u.hours for u in solvable)
    outcome = None
    if not causes:
        outcome = _run(
            problem,
            solvable,
            True,
            time_limit if complete else time_limit * 0.6,
            workers,
            should_stop,
            on_progress,
            started,
            time_limit,
            seed,
            patience,
            state,
        )
    found = outcome is not None and outcome["status"] in ("optimal", "feasible")
    if not state["cancelled"] and not found and not (complete and outcome is not None):
        # the best-effort search always has a share of the time: it answers at once (nothing placed)
        # and improves from there
        remaining = max(time_limit * 0.4, time_limit - (time.monotonic() - started))
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
    if outcome["status"] not in ("optimal", "feasible") and not state["cancelled"] and first:
        # The search found nothing in its time (a busy machine, a short limit): the first placement
        # breaks no hard rule either, so it is the answer; what it left out is listed.
        chosen = defaultdict(list)
        for uid, d, n in first:
            chosen[d, n].append(uid)
        count = defaultdict(int)
        for uid, _d, _n in first:
            count[uid] += 1
        outcome = {
            **outcome,
            "status": "feasible",
            "search": "greedy",
            "chosen": chosen,
            "missing": {u.id: u.hours - count[u.id] for u in solvable},
            "soft": soft_score(problem, solvable, first),
        }
    if outcome["status"] in ("optimal", "feasible"):
        placements = assign_rooms(problem, units_by_id, outcome["chosen"], kept)
        for uid, m in outcome["missing"].items():
            if m:
                timed_out = outcome.get("search") == "greedy"
                unplaced.append((uid, m, explain(problem, units_by_id[uid], unit_causes[uid], timed_out)))
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
        stats={
            "variables": outcome.get("variables", 0),
            "units": len(problem.units),
            "search": outcome.get("search", "cp-sat"),
        },
        dropped=dropped,
    )


def usable_fixed(problem, solvable):
    """The lessons placed by hand that the search keeps, and those it cannot: a unit no longer placed,
    a teacher's day off, a number outside the class's bells, more than the weekly hours or the daily
    maximum, or a clash with another kept one."""
    units = {u.id: u for u in solvable}
    kept, dropped = [], []
    per_unit, per_unit_day, per_class_day = defaultdict(int), defaultdict(int), defaultdict(int)
    busy = set()
    points = problem.points()
    kinds = defaultdict(int)
    for room in problem.rooms:
        kinds[room.kind] += 1
    rooms_used = defaultdict(int)  # (kind or "", day, point): rooms taken; "" counts every room
    for key in dict.fromkeys(tuple(k) for k in problem.fixed):
        uid, d, n = key
        u = units.get(uid)
        ok = u is not None and 1 <= d <= problem.days and n in problem.numbers_of(u.class_id)
        if ok:
            off = set()
            for t in u.teacher_ids:
                off |= set(problem.teachers[t].days_off)
            taken = {("class", u.class_id, d, n)} | {
                ("teacher", t, d, p) for t in u.teacher_ids for p in problem.covered(u.class_id, n, points)
            }
            need = len(u.subgroup_ids)
            covered = problem.covered(u.class_id, n, points)
            ok = (
                d not in off
                and per_unit[uid] < u.hours
                and per_unit_day[uid, d] < 2
                and per_class_day[u.class_id, d] < problem.classes[u.class_id].max_daily
                and not taken & busy
                and all(rooms_used["", d, p] + need <= len(problem.rooms) for p in covered)
                and not (
                    u.room_kind
                    and any(rooms_used[u.room_kind, d, p] + need > kinds[u.room_kind] for p in covered)
                )
            )
        if not ok:
            dropped.append(key)
            continue
        kept.append(key)
        busy |= taken
        for p in covered:
            rooms_used["", d, p] += need
            if u.room_kind:
                rooms_used[u.room_kind, d, p] += need
        per_unit[uid] += 1
        per_unit_day[uid, d] += 1
        per_class_day[u.class_id, d] += 1
    return kept, dropped


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
    points = problem.points()
    model = cp_model.CpModel()
    x = {}
    missing = {}
    for u in solvable:
        off = set()
        for t in u.teacher_ids:
            off |= set(problem.teachers[t].days_off)
        numbers = problem.numbers_of(u.class_id)
        for d in days:
            if d in off:
                continue
            for n in numbers:
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
    for key in state["fixed"]:
        if key in x:
            model.add(x[key] == 1)
    # clashes: a class at its own numbers; teachers and rooms (by kind and in total) at each time point
    class_slot = defaultdict(list)
    teacher_point = defaultdict(list)
    kind_point = defaultdict(list)
    room_point = defaultdict(list)
    covers = {}
    for (uid, d, n), v in x.items():
        u = units_by_id[uid]
        class_slot[u.class_id, d, n].append(v)
        key = (u.class_id, n)
        if key not in covers:
            covers[key] = problem.covered(u.class_id, n, points)
        rooms_needed = len(u.subgroup_ids)
        for p in covers[key]:
            for t in u.teacher_ids:
                teacher_point[t, d, p].append(v)
            if u.room_kind:
                kind_point[u.room_kind, d, p].append((v, rooms_needed))
            room_point[d, p].append((v, rooms_needed))
    kinds = defaultdict(int)
    for room in problem.rooms:
        kinds[room.kind] += 1
    for vars_ in class_slot.values():
        if len(vars_) > 1:
            model.add_at_most_one(vars_)
    for vars_ in teacher_point.values():
        if len(vars_) > 1:
            model.add_at_most_one(vars_)
    for (kind, _d, _p), pairs in kind_point.items():
        if sum(k for _v, k in pairs) > kinds[kind]:
            model.add(sum(v * k for v, k in pairs) <= kinds[kind])
    total_rooms = len(problem.rooms)
    for pairs in room_point.values():
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
    # soft: class gaps (each "rise" after the first lesson of its grid starts a hole or a late start)
    penalties = []
    for c_id in problem.classes:
        numbers = problem.numbers_of(c_id)
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
    # soft: teacher gaps (blocks of busy time points a day beyond the first)
    teacher_days = defaultdict(dict)
    for (t, d, p), vars_ in teacher_point.items():
        teacher_days[t, d][p] = vars_
    for per_point in teacher_days.values():
        prev = 0
        starts = []
        for p in points:
            vars_ = per_point.get(p)
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
    edges = {}
    for c_id in problem.classes:
        numbers = problem.numbers_of(c_id)
        edges[c_id] = {numbers[0], numbers[-1]} if numbers else set()
    for (uid, _d, n), v in x.items():
        u = units_by_id[uid]
        if u.difficulty >= DIFFICULT and n in edges[u.class_id]:
            penalties.append((WEIGHT_DIFFICULT_EDGE, v))
    model.minimize(sum(WEIGHT_UNPLACED * m for m in missing.values()) + sum(w * v for w, v in penalties))
    # a greedy placement as the search's first guess: with it CP-SAT answers within seconds on a whole
    # school (the best-effort search starts from a solution) and improves from there
    hinted = state["first"]
    placed = defaultdict(int)
    for key, v in x.items():
        model.add_hint(v, key in hinted)
        placed[key[0]] += key in hinted
    if not strict:
        for uid, m in missing.items():
            model.add_hint(m, units_by_id[uid].hours - placed[uid])

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


def first_placement(problem, solvable, fixed=(), tries=12, seed=0):
    """The best of a few greedy placements (the most lessons placed, then the lowest soft score): the
    search's first guess, and the answer when the search finds nothing in its time (a busy machine)."""
    rng = random.Random(seed)
    best, best_key = set(), None
    for attempt in range(tries):
        chosen = greedy(problem, solvable, fixed, rng if attempt else None)
        key = (-len(chosen), soft_score(problem, solvable, chosen))
        if best_key is None or key < best_key:
            best, best_key = chosen, key
        if len(chosen) == sum(u.hours for u in solvable) and attempt >= 2:
            break
    return best


def soft_score(problem, solvable, chosen):
    """The soft part of the search's objective, evaluated on chosen (unit, day, number) lessons."""
    units = {u.id: u for u in solvable}
    points = problem.points()
    score = 0
    class_day, teacher_day, unit_day = defaultdict(set), defaultdict(set), defaultdict(int)
    for uid, d, n in chosen:
        u = units[uid]
        class_day[u.class_id, d].add(n)
        unit_day[uid, d] += 1
        for t in u.teacher_ids:
            teacher_day[t, d].update(problem.covered(u.class_id, n, points))
        numbers = problem.numbers_of(u.class_id)
        if u.difficulty >= DIFFICULT and numbers and n in (numbers[0], numbers[-1]):
            score += WEIGHT_DIFFICULT_EDGE
    for (c_id, _d), busy in class_day.items():
        occ = [n in busy for n in problem.numbers_of(c_id)]
        score += WEIGHT_CLASS_GAP * sum(1 for i in range(1, len(occ)) if occ[i] and not occ[i - 1])
    for busy in teacher_day.values():
        occ = [p in busy for p in points]
        starts = sum(1 for i in range(len(occ)) if occ[i] and (i == 0 or not occ[i - 1]))
        score += WEIGHT_TEACHER_GAP * max(0, starts - 1)
    for (uid, _d), count in unit_day.items():
        if count > 1 and units[uid].hours <= problem.days:
            score += WEIGHT_SAME_DAY
    return score


def greedy(problem, solvable, fixed=(), rng=None):
    """A placement that breaks no hard rule, found lesson by lesson: the lessons placed by hand, then
    the units hardest to place (a room kind, a busy teacher, many hours; `rng` shuffles among equals)
    at the earliest free number of the day where the unit has the fewest lessons. Some lessons may
    stay unplaced."""
    points = problem.points()
    kinds = defaultdict(int)
    for room in problem.rooms:
        kinds[room.kind] += 1
    total_rooms = len(problem.rooms)
    class_busy, teacher_busy = set(), set()
    kind_used, room_used = defaultdict(int), defaultdict(int)
    per_unit_day, per_class_day = defaultdict(int), defaultdict(int)
    chosen = set()
    covers = {}

    def covered(u, n):
        if (u.class_id, n) not in covers:
            covers[u.class_id, n] = problem.covered(u.class_id, n, points)
        return covers[u.class_id, n]

    def fits(u, d, n):
        if (u.class_id, d, n) in class_busy or per_unit_day[u.id, d] >= 2:
            return False
        if per_class_day[u.class_id, d] >= problem.classes[u.class_id].max_daily:
            return False
        need = len(u.subgroup_ids)
        for p in covered(u, n):
            if any((t, d, p) in teacher_busy for t in u.teacher_ids):
                return False
            if room_used[d, p] + need > total_rooms:
                return False
            if u.room_kind and kind_used[u.room_kind, d, p] + need > kinds[u.room_kind]:
                return False
        return True

    def place(u, d, n):
        chosen.add((u.id, d, n))
        class_busy.add((u.class_id, d, n))
        per_unit_day[u.id, d] += 1
        per_class_day[u.class_id, d] += 1
        for p in covered(u, n):
            for t in u.teacher_ids:
                teacher_busy.add((t, d, p))
            room_used[d, p] += len(u.subgroup_ids)
            if u.room_kind:
                kind_used[u.room_kind, d, p] += len(u.subgroup_ids)

    units = {u.id: u for u in solvable}
    left = {u.id: u.hours for u in solvable}
    for uid, d, n in fixed:
        if uid in units:
            place(units[uid], d, n)
            left[uid] -= 1
    load = defaultdict(int)
    for u in solvable:
        for t in u.teacher_ids:
            load[t] += u.hours
    order = sorted(
        solvable,
        key=lambda u: (
            -bool(u.room_kind),
            -max((load[t] for t in u.teacher_ids), default=0) + (rng.random() * 6 if rng else 0),
            -len(u.teacher_ids),
            -u.hours,
            rng.random() if rng else u.id,
        ),
    )
    for u in order:
        off = set()
        for t in u.teacher_ids:
            off |= set(problem.teachers[t].days_off)
        days = [d for d in range(1, problem.days + 1) if d not in off]
        numbers = problem.numbers_of(u.class_id)
        for _hour in range(left[u.id]):
            spot = None
            for d in sorted(days, key=lambda d: (per_unit_day[u.id, d], per_class_day[u.class_id, d], d)):
                spot = next(((d, n) for n in numbers if fits(u, d, n)), None)
                if spot:
                    break
            if spot is None:
                break
            place(u, *spot)
    return chosen


def explain(problem, unit, found, timed_out=False):
    if found:
        return found[0]
    if timed_out:
        return cause("time_limit")
    return cause("no_common_slot", unit=unit.label)


def assign_rooms(problem, units_by_id, chosen, fixed=()):
    """Rooms for the chosen lessons, day by day in the order of their start: the rooms placed by hand
    first, then needed kinds, the class's home room, a classroom, any free room (capacity that fits
    first); a room is free when nothing it holds overlaps the lesson's time. Where this greedy order
    leaves a lesson without a room (bells of shifts that interleave), the day's rooms are assigned
    exactly by a small search; the solver's counts per kind and in total at each time point bound it."""
    placements = []
    by_day = defaultdict(list)
    for (d, n), uids in chosen.items():
        for uid in uids:
            by_day[d].append((uid, n))
    fixed = set(fixed)
    for d, lessons in sorted(by_day.items()):
        day = _rooms_greedy(problem, units_by_id, d, lessons, fixed)
        if any(rid is None for p in day for rid in p.room_ids):
            day = _rooms_exact(problem, units_by_id, d, lessons, fixed) or day
        placements.extend(day)
    return placements


def _hand_rooms(problem, key, unit):
    rooms = list(problem.fixed_rooms.get(key) or [])
    return (rooms + [None] * len(unit.subgroup_ids))[: len(unit.subgroup_ids)]


def _rooms_greedy(problem, units_by_id, d, lessons, fixed):
    held = defaultdict(list)  # room id: [(start, end)]
    kind_of = {r.id: r.kind for r in problem.rooms}

    def free(room_id, start, end):
        return all(e <= start or end <= s for s, e in held[room_id])

    def span(uid, n):
        return problem.interval(units_by_id[uid].class_id, n)

    placements = {}
    # the rooms chosen by hand are held first
    for uid, n in lessons:
        if (uid, d, n) in fixed:
            u = units_by_id[uid]
            rooms = [
                rid if rid in kind_of and (not u.room_kind or kind_of[rid] == u.room_kind) else None
                for rid in _hand_rooms(problem, (uid, d, n), u)
            ]
            start, end = span(uid, n)
            for i, rid in enumerate(rooms):
                if rid is not None and free(rid, start, end):
                    held[rid].append((start, end))
                else:
                    rooms[i] = None
            placements[uid, n] = rooms
    ordered = sorted(
        lessons,
        key=lambda item: (
            span(*item)[0],
            not units_by_id[item[0]].room_kind,
            units_by_id[item[0]].home_room_id is None,
        ),
    )
    special = {u.room_kind for u in units_by_id.values() if u.room_kind}
    for uid, n in ordered:
        u = units_by_id[uid]
        start, end = span(uid, n)
        rooms = placements.get((uid, n)) or [None] * len(u.subgroup_ids)
        size = max(1, u.size // max(1, len(u.subgroup_ids)))

        def take(pred, start=start, end=end, size=size, rooms=rooms):
            fitting = [r for r in problem.rooms if r.id not in rooms and pred(r) and free(r.id, start, end)]
            if not fitting:
                return None
            fitting.sort(key=lambda r: (r.capacity < size, r.capacity))
            room = fitting[0]
            held[room.id].append((start, end))
            return room.id

        for i, rid in enumerate(rooms):
            if rid is not None:
                continue
            if u.room_kind:
                rid = take(lambda r, k=u.room_kind: r.kind == k)
            else:
                if u.home_room_id is not None and i == 0:
                    rid = take(lambda r, h=u.home_room_id: r.id == h)
                if rid is None:
                    rid = take(lambda r: r.kind == "classroom")
                if rid is None:
                    rid = take(lambda r: r.kind not in special)
                if rid is None:
                    rid = take(lambda r: True)
            rooms[i] = rid
        placements[uid, n] = rooms
    return [Placement(uid, d, n, placements[uid, n]) for uid, n in lessons]


def _rooms_exact(problem, units_by_id, d, lessons, fixed):
    """One day's rooms by CP-SAT: each lesson gets as many rooms as subgroups (of its kind when it needs
    one), no room twice at a time point; home rooms and rooms chosen by hand preferred."""
    points = problem.points()
    model = cp_model.CpModel()
    y = {}
    at_point = defaultdict(list)
    prefer = []
    for uid, n in lessons:
        u = units_by_id[uid]
        hand = set(_hand_rooms(problem, (uid, d, n), u)) if (uid, d, n) in fixed else set()
        options = [r for r in problem.rooms if not u.room_kind or r.kind == u.room_kind]
        for r in options:
            v = y[uid, n, r.id] = model.new_bool_var("")
            for p in problem.covered(u.class_id, n, points):
                at_point[r.id, p].append(v)
            if r.id in hand or r.id == u.home_room_id:
                prefer.append(v)
        model.add(sum(y[uid, n, r.id] for r in options) == len(u.subgroup_ids))
    for vars_ in at_point.values():
        if len(vars_) > 1:
            model.add_at_most_one(vars_)
    model.maximize(sum(prefer))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 10.0
    solver.parameters.num_workers = 1
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    rooms = defaultdict(list)
    for (uid, n, rid), v in y.items():
        if solver.boolean_value(v):
            rooms[uid, n].append(rid)
    return [Placement(uid, d, n, rooms[uid, n]) for uid, n in lessons]


def check(problem, placements):
    """Hard-constraint violations of a placement set, counted independently of the solver: teachers
    and rooms clash wherever the times of two lessons overlap (any shift), a class only at its numbers."""
    units = {u.id: u for u in problem.units}
    room_kind = {r.id: r.kind for r in problem.rooms}
    points = problem.points()
    violations = []
    seen_teacher, seen_class, seen_room = {}, {}, {}
    per_class_day = defaultdict(int)
    per_unit = defaultdict(int)
    for p in placements:
        u = units[p.unit_id]
        per_unit[u.id] += 1
        per_class_day[u.class_id, p.day] += 1
        if not (1 <= p.day <= problem.days and p.number in problem.numbers_of(u.class_id)):
            violations.append(("outside_grid", u.id))
        key = (u.class_id, p.day, p.number)
        if key in seen_class:
            violations.append(("class_clash", u.id))
        seen_class[key] = u.id
        covered = problem.covered(u.class_id, p.number, points)
        for t in u.teacher_ids:
            if any((t, p.day, q) in seen_teacher for q in covered):
                violations.append(("teacher_clash", u.id))
            for q in covered:
                seen_teacher[t, p.day, q] = u.id
            if p.day in problem.teachers[t].days_off:
                violations.append(("day_off", u.id))
        if len(set(p.room_ids)) != len(p.room_ids):
            violations.append(("room_clash", u.id))
        for rid in p.room_ids:
            if rid is None:
                violations.append(("no_room", u.id))
                continue
            if any((rid, p.day, q) in seen_room for q in covered):
                violations.append(("room_clash", u.id))
            for q in covered:
                seen_room[rid, p.day, q] = u.id
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
    """Holes in each class's and each teacher's days: a free lesson of the class's bells between two of
    its lessons; for a teacher (who may teach in both shifts), a bell's start between her first and her
    last lesson of the day at which she is free."""
    units = {u.id: u for u in problem.units}
    points = problem.points()
    class_days = defaultdict(set)
    teacher_days = defaultdict(set)
    for p in placements:
        u = units[p.unit_id]
        class_days[u.class_id, p.day].add(p.number)
        for t in u.teacher_ids:
            teacher_days[t, p.day].add((u.class_id, p.number))

    per_class = defaultdict(int)
    per_teacher = defaultdict(int)
    for (c, _d), nums in class_days.items():
        grid = problem.numbers_of(c)
        inside = [n for n in grid if min(nums) <= n <= max(nums)]
        per_class[c] += len([n for n in inside if n not in nums])
    for (t, _d), lessons in teacher_days.items():
        spans = [problem.interval(c, n) for c, n in lessons]
        first, last = min(s for s, _e in spans), max(s for s, _e in spans)
        per_teacher[t] += len(
            [q for q in points if first < q < last and not any(s <= q < e for s, e in spans)]
        )
    return dict(per_class), dict(per_teacher)
