"""The timetable solver on plain data: every generated timetable breaks no hard rule (Hypothesis), and an
infeasible school gets an answer naming its cause within the time limit."""

import time
from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planning.solver import (
    BLOCKING,
    ClassInfo,
    Placement,
    Problem,
    RoomInfo,
    TeacherInfo,
    Unit,
    assign_rooms,
    check,
    first_placement,
    gaps,
    precheck,
    solve,
    usable_fixed,
)


@st.composite
def schools(draw):
    days = draw(st.integers(3, 5))
    numbers = draw(st.integers(4, 6))
    n_classes = draw(st.integers(1, 4))
    n_teachers = draw(st.integers(2, 5))
    classes = {c: ClassInfo(c, f"{c + 5} А", draw(st.integers(3, numbers))) for c in range(n_classes)}
    teachers = {
        t: TeacherInfo(t, f"T{t}", frozenset(draw(st.sets(st.integers(1, days), max_size=1))))
        for t in range(n_teachers)
    }
    rooms = [RoomInfo(i, f"R{i}", "classroom") for i in range(draw(st.integers(1, n_classes + 1)))]
    if draw(st.booleans()):
        rooms.append(RoomInfo(99, "Lab", "laboratory"))
    units = []
    for c in range(n_classes):
        for _k in range(draw(st.integers(1, 4))):
            split = draw(st.booleans()) and n_teachers > 1
            ts = draw(
                st.lists(
                    st.integers(0, n_teachers - 1),
                    min_size=2 if split else 1,
                    max_size=2 if split else 1,
                    unique=True,
                )
            )
            kind = draw(st.sampled_from(["", "", "laboratory"]))
            uid = len(units)
            units.append(
                Unit(
                    uid,
                    c,
                    [uid * 10 + i for i in range(len(ts))],
                    ts,
                    draw(st.integers(1, 4)),
                    f"u{uid}",
                    kind,
                    draw(st.integers(1, 12)),
                )
            )
    bells = {}
    if draw(st.booleans()):  # two shifts, whose bells may interleave or overlap
        second = draw(st.sampled_from([480, 480 + 20, 480 + 55 * (numbers - 1) + 10, 840]))
        bells = {
            1: {n: (480 + 55 * (n - 1), 525 + 55 * (n - 1)) for n in range(1, numbers + 1)},
            2: {n: (second + 55 * (n - 1), second + 45 + 55 * (n - 1)) for n in range(1, numbers + 1)},
        }
        for c in classes.values():
            c.grid = draw(st.sampled_from([1, 2]))
    fixed = []
    if units and draw(st.booleans()):  # a lesson placed by hand
        u = draw(st.sampled_from(units))
        fixed.append((u.id, draw(st.integers(1, days)), draw(st.integers(1, numbers))))
    return Problem(days, numbers, classes, teachers, rooms, units, fixed=fixed, bells=bells)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schools())
def test_every_generated_timetable_breaks_no_hard_rule(problem):
    """covers PLN-8: no clash of teacher, class or room (at overlapping times of two shifts too), days
    off, room kinds, daily maximum, each class on its shift's bells; a lesson placed by hand kept or
    reported; every lesson either placed or listed with its cause"""
    result = solve(problem, time_limit=5, workers=1)
    assert check(problem, result.placements) == []
    at = {(p.unit_id, p.day, p.number) for p in result.placements}
    assert all(key in at or key in result.dropped for key in problem.fixed)
    placed = {}
    for p in result.placements:
        placed[p.unit_id] = placed.get(p.unit_id, 0) + 1
    missing = {uid: n for uid, n, _reason in result.unplaced}
    for u in problem.units:
        assert placed.get(u.id, 0) + missing.get(u.id, 0) == u.hours
    for _uid, _n, reason in result.unplaced:
        assert reason["code"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schools())
def test_the_first_placement_breaks_no_hard_rule_either(problem):
    """covers PLN-8: the greedy placement that seeds the search, and answers when the search finds
    nothing in its time, keeps every hard rule and the hand placements"""
    _causes, unit_causes = precheck(problem)
    solvable = [u for u in problem.units if not any(c["code"] in BLOCKING for c in unit_causes[u.id])]
    kept, _dropped = usable_fixed(problem, solvable)
    first = first_placement(problem, solvable, kept)
    chosen = defaultdict(list)
    for uid, d, n in first:
        chosen[d, n].append(uid)
    placements = assign_rooms(problem, {u.id: u for u in solvable}, chosen, kept)
    assert check(problem, placements) == []
    assert set(kept) <= first


def test_an_overloaded_teacher_is_named_as_the_cause_within_the_time_limit():
    """covers PLN-8"""
    problem = Problem(
        days=5,
        numbers=6,
        classes={c: ClassInfo(c, f"5 {'АБВГ'[c]}", 6) for c in range(4)},
        teachers={0: TeacherInfo(0, "Иванова М.", frozenset()), 1: TeacherInfo(1, "Ким В.", frozenset())},
        rooms=[RoomInfo(r, str(100 + r), "classroom") for r in range(1, 5)],
        units=[Unit(c, c, [c], [0], 9, f"5 {'АБВГ'[c]} Математика") for c in range(4)],
    )
    started = time.monotonic()
    result = solve(problem, time_limit=5, workers=1)
    assert time.monotonic() - started < 15
    assert {"code": "teacher_overload", "teacher": "Иванова М.", "hours": 36, "slots": 30} in result.causes
    assert sum(n for _u, n, _r in result.unplaced) == 6
    assert all(r["code"] == "teacher_overload" for _u, _n, r in result.unplaced)
    assert check(problem, result.placements) == []


def test_a_subject_needing_a_room_kind_the_school_lacks_is_reported():
    """covers PLN-8"""
    problem = Problem(
        days=5,
        numbers=6,
        classes={0: ClassInfo(0, "7 А", 6)},
        teachers={0: TeacherInfo(0, "T", frozenset())},
        rooms=[RoomInfo(1, "101", "classroom")],
        units=[
            Unit(0, 0, [1], [0], 2, "7 А Информатика", room_kind="computer"),
            Unit(1, 0, [2], [0], 3, "7 А Алгебра"),
        ],
    )
    result = solve(problem, time_limit=5, workers=1)
    assert [(u, n, r["code"]) for u, n, r in result.unplaced] == [(0, 2, "no_room_kind")]
    assert len(result.placements) == 3


def test_a_feasible_school_gets_a_compact_timetable():
    """covers PLN-8: all lessons placed, no gaps in the classes' days"""
    problem = Problem(
        days=5,
        numbers=6,
        classes={0: ClassInfo(0, "5 А", 6), 1: ClassInfo(1, "5 Б", 6)},
        teachers={t: TeacherInfo(t, f"T{t}", frozenset({5}) if t == 0 else frozenset()) for t in range(4)},
        rooms=[
            RoomInfo(1, "101", "classroom"),
            RoomInfo(2, "102", "classroom"),
            RoomInfo(3, "103", "classroom"),
        ],
        units=[
            Unit(0, 0, [1], [0], 5, "5 А Математика", difficulty=10),
            Unit(1, 0, [2, 3], [1, 2], 3, "5 А Английский язык"),
            Unit(2, 1, [4], [0], 5, "5 Б Математика", difficulty=10),
            Unit(3, 1, [5], [3], 4, "5 Б Русский язык"),
        ],
    )
    result = solve(problem, time_limit=10, workers=1)
    assert result.unplaced == []
    assert check(problem, result.placements) == []
    class_gaps, _teacher_gaps = gaps(problem, result.placements)
    assert sum(class_gaps.values()) == 0
    assert all(p.day != 5 for p in result.placements if p.unit_id in (0, 2))


def _two_shifts(second_start):
    """Three lessons of 45 minutes in each shift; the second shift's first bell at `second_start`."""
    first = {n: (480 + 55 * (n - 1), 525 + 55 * (n - 1)) for n in (1, 2, 3)}
    second = {n: (second_start + 55 * (n - 1), second_start + 45 + 55 * (n - 1)) for n in (1, 2, 3)}
    return {1: first, 2: second}


def _teacher_in_both_shifts(bells):
    return Problem(
        days=1,
        numbers=3,
        classes={0: ClassInfo(0, "5 А", 3, grid=1), 1: ClassInfo(1, "7 А", 3, grid=2)},
        teachers={0: TeacherInfo(0, "Иванова М.")},
        rooms=[RoomInfo(1, "101", "classroom")],
        units=[
            Unit(0, 0, [10], [0], 2, "5 А Математика"),
            Unit(1, 0, [11], [0], 1, "5 А Геометрия"),
            Unit(2, 1, [12], [0], 2, "7 А Алгебра"),
            Unit(3, 1, [13], [0], 1, "7 А Геометрия"),
        ],
        bells=bells,
    )


def test_each_shift_has_its_own_bells_and_one_teacher_and_room_serve_both():
    """covers PLN-8: a class of the second shift gets its lessons on its shift's bells; lesson 1 of the
    first shift and lesson 1 of the second are different times, so one teacher and one room serve six
    lessons a day in two shifts of three"""
    problem = _teacher_in_both_shifts(_two_shifts(14 * 60))
    result = solve(problem, time_limit=10, workers=1)
    assert result.unplaced == [] and check(problem, result.placements) == []
    assert sorted((p.day, p.number) for p in result.placements) == [
        (1, 1),
        (1, 1),
        (1, 2),
        (1, 2),
        (1, 3),
        (1, 3),
    ]
    # one grid for both shifts: three slots, the teacher cannot give six lessons
    shared = _teacher_in_both_shifts({})
    assert sum(n for _u, n, _r in solve(shared, time_limit=10, workers=1).unplaced) == 3


def test_overlapping_bells_of_two_shifts_are_a_clash():
    """covers PLN-8: the second shift starts before the first one's last lesson ends; the teacher cannot
    give both, and the independent check names a placement that does"""
    bells = _two_shifts(480 + 55 * 2 + 20)  # 2nd shift's lesson 1 overlaps the 1st shift's lesson 3
    problem = _teacher_in_both_shifts(bells)
    result = solve(problem, time_limit=10, workers=1)
    assert check(problem, result.placements) == []
    assert sum(n for _u, n, _r in result.unplaced) == 1
    wrong = [Placement(0, 1, 3, [1]), Placement(2, 1, 1, [1])]
    assert {v[0] for v in check(problem, wrong)} == {"teacher_clash", "room_clash"}


def test_lessons_placed_by_hand_are_kept_and_the_impossible_ones_reported():
    """covers PLN-8: the deputy's hand placements are fixed inputs of the next generation (with their
    room); one on the teacher's day off cannot be kept and is reported"""
    problem = Problem(
        days=5,
        numbers=6,
        classes={0: ClassInfo(0, "5 А", 6)},
        teachers={0: TeacherInfo(0, "T0", frozenset({5})), 1: TeacherInfo(1, "T1")},
        rooms=[RoomInfo(1, "101", "classroom"), RoomInfo(2, "102", "classroom")],
        units=[Unit(0, 0, [1], [0], 4, "5 А Математика"), Unit(1, 0, [2], [1], 3, "5 А Русский язык")],
        fixed=[(0, 2, 6), (1, 3, 4), (0, 5, 1)],
        fixed_rooms={(0, 2, 6): [2], (1, 3, 4): [None]},
    )
    result = solve(problem, time_limit=10, workers=1)
    assert check(problem, result.placements) == [] and result.unplaced == []
    placed = {(p.unit_id, p.day, p.number): p.room_ids for p in result.placements}
    assert placed[0, 2, 6] == [2] and (1, 3, 4) in placed
    assert result.dropped == [(0, 5, 1)]
    assert len([p for p in result.placements if p.unit_id == 0]) == 4
