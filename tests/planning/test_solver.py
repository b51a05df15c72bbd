"""The timetable solver on plain data: every generated timetable breaks no hard rule (Hypothesis), and an
infeasible school gets an answer naming its cause within the time limit."""

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planning.solver import ClassInfo, Problem, RoomInfo, TeacherInfo, Unit, check, gaps, solve


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
    return Problem(days, numbers, classes, teachers, rooms, units)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schools())
def test_every_generated_timetable_breaks_no_hard_rule(problem):
    """covers PLN-8: no clash of teacher, class or room, days off, room kinds, daily maximum; every
    lesson either placed or listed with its cause"""
    result = solve(problem, time_limit=5, workers=1)
    assert check(problem, result.placements) == []
    placed = {}
    for p in result.placements:
        placed[p.unit_id] = placed.get(p.unit_id, 0) + 1
    missing = {uid: n for uid, n, _reason in result.unplaced}
    for u in problem.units:
        assert placed.get(u.id, 0) + missing.get(u.id, 0) == u.hours
    for _uid, _n, reason in result.unplaced:
        assert reason["code"]


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
