"""Demo data of the reports: olympiad results for the demo schools, and on request
(`seed_demo --large-district`) a large district of 50 schools of about 800 students each, with three
years of movements by order, the staff and a year of the journal (the last school year whole, the
current one up to today), for measuring the reports at scale (bench/reports.py).

Volume is made with bulk_create and INSERT ... SELECT, not services: the figures are read back from the same rows the
services would write (classes, students, movements made by orders, employees)."""

import datetime
import functools
import random

from django.contrib.auth import get_user_model

from contingent.models import Movement, MovementKind, SchoolClass, Student
from core.demo import analyze, set_demo_password
from core.history import bulk_create_tracked, insert_select_with_history, insert_triggers_ignored
from core.models import (
    AcademicYear,
    District,
    Order,
    OrderKind,
    Period,
    Person,
    Region,
    RoleAssignment,
    School,
)
from core.models.roles import Role
from reports.models import CompetitionResult
from staff.models import Education, Employee

LETTERS = ("А", "Б", "В")
LETTERS_KK = {"А": "А", "Б": "Ә", "В": "Б"}
LETTERS_EN = {"А": "A", "Б": "B", "В": "C"}
NAMES_M = ["Алихан", "Нурсултан", "Ерасыл", "Данияр", "Арман", "Тимур", "Санжар", "Максим"]
NAMES_F = ["Аружан", "Айгерим", "Дана", "Мадина", "Камила", "Томирис", "Алина", "Жанель"]
SURNAMES = ["Ахметов", "Серикбаев", "Жумабеков", "Омаров", "Нурланов", "Касымов", "Сулейменов", "Абенов"]
CATEGORIES = ["", "intern", "pedagogue", "moderator", "expert", "researcher", "master", "highest", "first"]
SPECIALITIES = [
    "математика",
    "физика",
    "русский язык",
    "казахский язык",
    "история",
    "биология",
    "начальные классы",
]
KINDS = ["school", "school", "school", "gymnasium", "lyceum", "basic", "primary", "small"]
OLYMPIADS = [
    ("Олимпиада по математике", "математика"),
    ("Олимпиада по физике", "физика"),
    ("Олимпиада по казахскому языку", "казахский язык"),
    ("Конкурс научных проектов", "биология"),
]
BATCH = 2000


def seed(context):
    """Olympiad results for the regular demo schools; the large district only when asked (its schools as
    steps of their own after the layers)."""
    for key, school in context["schools"].items():
        _competitions(random.Random(f"olymp-{key}"), school)
    if context.get("large_district"):
        # the district and its official here; each school afterwards in its own transaction (a step of
        # the command), so that an interrupted build keeps the schools done and shows its progress
        schools, students = context["large_district"]
        district, official = large_district()
        context["logins"].append(LARGE_LOGIN)
        context.setdefault("steps", []).extend(
            (
                f"large district, school {i + 1}/{schools}",
                functools.partial(seed_large_school, district, official, i, students),
            )
            for i in range(schools)
        )


def _competitions(rng, school):
    if CompetitionResult.objects.filter(school=school).exists():
        return
    year = AcademicYear.objects.filter(school=school, is_current=True).first()
    students = list(Student.objects.current().filter(school=school, parallel__gte=5).order_by("pk")[:40])
    teachers = list(Employee.objects.teaching().filter(school=school).order_by("pk")[:10])
    if not (year and students):
        return
    # the demo's students who log in (community's demo) see a result of the registry in their portfolio
    with_login = list(
        Student.objects.current()
        .filter(school=school, parallel__gte=2, person__user__isnull=False)
        .order_by("pk")[:3]
    )
    others = [s for s in students if s not in with_login]
    rows = []
    chosen = with_login + rng.sample(others, min(12 - len(with_login), len(others)))
    for i, student in enumerate(chosen):
        name, subject = OLYMPIADS[i % len(OLYMPIADS)]
        rows.append(
            CompetitionResult(
                school=school,
                academic_year=year,
                student=student,
                teacher=rng.choice(teachers) if teachers else None,
                name=name,
                subject=subject,
                level=rng.choice(["school", "district", "district", "region", "republic"]),
                place=rng.choice([1, 2, 3, 3, 4, 5]),
                date=datetime.date(2026, 10, rng.randint(1, 28)),
            )
        )
    CompetitionResult.objects.bulk_create(rows)


def populate_school(school, years, author, class_sizes, rng, staff_count=0):
    """Classes 0-11 of each year (letters as `class_sizes` says: {(parallel, letter): size}), students
    enrolled by order in the first year, promoted by order each following year (the 11th graduate),
    new pre-school classes enrolled each year; and `staff_count` employees. Returns the classes of
    the last year."""
    first, *later = years
    classes = {}
    letters = sorted({letter for _p, letter in class_sizes})
    full_grid = [(p, letter) for p in range(12) for letter in letters]
    for year in years:
        grid = list(class_sizes) if year is first else full_grid
        objs = [
            SchoolClass(
                school=school,
                academic_year=year,
                parallel=parallel,
                letter_ru=letter,
                letter_kk=LETTERS_KK.get(letter, letter),
                letter_en=LETTERS_EN.get(letter, letter),
                language="kk" if letter == "А" else ("ru" if letter == "Б" else "mixed"),
                shift=1 if parallel in (0, 1, 5, 9, 10, 11) else 2,
                is_active=year is years[-1],
            )
            for (parallel, letter) in grid
        ]
        for c in bulk_create_tracked(SchoolClass, objs, batch_size=BATCH):
            classes[(year.pk, c.parallel, c.letter_ru)] = c
    orders = {}
    for year in years:
        orders[year.pk] = Order.objects.create(
            school=school,
            kind=OrderKind.STUDENT_ENROLMENT,
            number=f"1-к/{year.start.year}",
            date=year.start,
            content="О комплектовании классов",
            author=author,
        )
    promotion_orders = {
        year.pk: Order.objects.create(
            school=school,
            kind=OrderKind.YEAR_PROMOTION,
            number=f"95-п/{year.start.year}",
            date=year.start.replace(month=5, day=29),
            content="О переводе учащихся",
            author=author,
        )
        for year in later
    }
    # students: the whole school in the first year, then the new pre-school classes of each later year
    cohorts = [(first, [(p, letter, n) for (p, letter), n in class_sizes.items()])]
    cohorts += [(y, [(0, letter, n) for (p, letter), n in class_sizes.items() if p == 0]) for y in later]
    movements, students_by_year = [], []
    for year, plan in cohorts:
        people, placed = [], []
        for parallel, letter, n in plan:
            for _ in range(n):
                sex = rng.choice("mf")
                people.append(
                    Person(
                        last_name=rng.choice(SURNAMES) + ("а" if sex == "f" else ""),
                        first_name=rng.choice(NAMES_F if sex == "f" else NAMES_M),
                        birth_date=datetime.date(
                            year.start.year - 6 - parallel, rng.randint(1, 12), rng.randint(1, 28)
                        ),
                        sex=sex,
                    )
                )
                placed.append(classes[(year.pk, parallel, letter)])
        people = bulk_create_tracked(Person, people, batch_size=BATCH)
        students = bulk_create_tracked(
            Student,
            [
                Student(
                    school=school,
                    person=p,
                    school_class=c,
                    parallel=c.parallel,
                    admitted_on=year.start,
                    special_needs=rng.random() < 0.02,
                )
                for p, c in zip(people, placed, strict=True)
            ],
            batch_size=BATCH,
        )
        movements += [
            Movement(
                school=school,
                student=s,
                kind=MovementKind.ENROLMENT,
                to_class=s.school_class,
                order=orders[year.pk],
                date=year.start,
            )
            for s in students
        ]
        students_by_year.append((year, students))
    # promotions year by year: everyone studying moves up, the 11th graduate
    studying = [s for _y, group in students_by_year[:1] for s in group]
    for i, year in enumerate(later):
        order = promotion_orders[year.pk]
        moved, graduated = [], []
        for s in studying:
            if s.school_class.parallel >= 11:
                movements.append(
                    Movement(
                        school=school,
                        student=s,
                        kind=MovementKind.GRADUATION,
                        from_class=s.school_class,
                        order=order,
                        date=order.date,
                    )
                )
                s.status, s.left_on, s.graduation_level = "graduated", order.date, "general"
                graduated.append(s)
                continue
            target = classes.get((year.pk, s.school_class.parallel + 1, s.school_class.letter_ru))
            movements.append(
                Movement(
                    school=school,
                    student=s,
                    kind=MovementKind.PROMOTION,
                    from_class=s.school_class,
                    to_class=target,
                    order=order,
                    date=order.date,
                )
            )
            s.school_class, s.parallel = target, target.parallel
            moved.append(s)
        Student.objects.bulk_update(
            moved + graduated,
            ["school_class", "parallel", "status", "left_on", "graduation_level"],
            batch_size=BATCH,
        )
        studying = moved + list(students_by_year[i + 1][1])
    bulk_create_tracked(Movement, movements, batch_size=BATCH)
    if staff_count:
        _staff(school, rng, staff_count, years[-1].start)
    return [c for (y, _p, _l), c in classes.items() if y == years[-1].pk]


def _staff(school, rng, count, today):
    people = bulk_create_tracked(
        Person,
        [
            Person(
                last_name=rng.choice(SURNAMES) + ("а" if i % 4 else ""),
                first_name=rng.choice(NAMES_F if i % 4 else NAMES_M),
                birth_date=datetime.date(rng.randint(1960, 2002), rng.randint(1, 12), rng.randint(1, 28)),
                sex="f" if i % 4 else "m",
            )
            for i in range(count)
        ],
    )
    employees = bulk_create_tracked(
        Employee,
        [
            Employee(
                school=school,
                person=p,
                position="Директор" if i == 0 else ("Учитель" if i < count * 0.85 else "Лаборант"),
                staff_group="head" if i == 0 else ("teaching" if i < count * 0.85 else "support"),
                hired_on=datetime.date(rng.randint(1995, today.year - 1), rng.randint(1, 12), 1)
                if i
                else datetime.date(2010, 9, 1),
                qualification_category=rng.choice(CATEGORIES) if i < count * 0.85 else "",
                attested_on=datetime.date(rng.randint(2018, today.year - 1), 6, 1)
                if rng.random() < 0.8
                else None,
                seniority_teaching=rng.randint(0, 35),
                seniority_total=rng.randint(0, 40),
                rate=rng.choice([1, 1, 1, 1.5, 0.5]),
            )
            for i, p in enumerate(people)
        ],
    )
    bulk_create_tracked(
        Education,
        [
            Education(
                employee=e, level="higher", institution="КазНПУ им. Абая", speciality=rng.choice(SPECIALITIES)
            )
            for e in employees
            if rng.random() < 0.9
        ],
    )


LARGE_LOGIN = "district.large"


def seed_large_district(schools=50, students_per_school=800):
    """A district of `schools` schools of about `students_per_school` students, in the caller's
    transaction; idempotent. Returns the district official's login."""
    district, official = large_district()
    for i in range(schools):
        seed_large_school(district, official, i, students_per_school)
    return LARGE_LOGIN


def large_district():
    """The large district and its official (idempotent): (district, official user)."""
    User = get_user_model()
    region, _c = Region.objects.get_or_create(
        name_ru="Туркестанская область",
        defaults={"name_kk": "Түркістан облысы", "name_en": "Turkestan region"},
    )
    district, _c = District.objects.get_or_create(
        name_ru="Отдел образования Сайрамского района (крупный демо-район)",
        defaults={"region": region, "name_kk": "Сайрам ауданының білім бөлімі", "name_en": "Sairam district"},
    )
    official, created = User.objects.get_or_create(username=LARGE_LOGIN, defaults={"language": "ru"})
    if created:
        official.person = Person.objects.create(last_name="Сапарова", first_name="Гульнара", sex="f")
        set_demo_password(official)
        official.save()
        RoleAssignment.objects.create(user=official, role=Role.DISTRICT_OFFICIAL, district=district)
    return district, official


def seed_large_school(district, official, i, students_per_school):
    """School `i` (from 0) of the large district with its students, staff and a year of the journal;
    nothing when it already has its students."""
    per_class = max(1, round(students_per_school / 36))
    sizes = {(p, letter): per_class for p in range(12) for letter in LETTERS}
    school, created = School.objects.get_or_create(
        district=district,
        name_ru=f"Школа № {i + 1} (крупный район)",
        defaults={
            "name_kk": f"№ {i + 1} мектеп",
            "name_en": f"School No. {i + 1}",
            "kind": KINDS[i % len(KINDS)],
            "address": f"ул. Школьная, {i + 1}",
            "settlement": "Аксукент",
            "design_capacity": 900 + (i % 5) * 100,
            "director_name": "Директор школы" if i % 3 else "",
            "phone": "+7 725 200 00 00",
        },
    )
    if not created and Student.objects.filter(school=school).exists():
        return
    years = [
        AcademicYear.objects.get_or_create(
            school=school,
            name=f"{y}-{y + 1}",
            defaults={
                "start": datetime.date(y, 9, 1),
                "end": datetime.date(y + 1, 5, 31),
                "is_current": y == 2026,
            },
        )[0]
        for y in (2024, 2025, 2026)
    ]
    rng = random.Random(f"large-{i}")
    populate_school(school, years, official, sizes, rng, staff_count=60)
    for year in years[-2:]:  # a year of marks: the last school year whole, the current one so far
        populate_journal(school, year, official, rng)


JOURNAL_SUBJECTS = (
    ("MAT", "Математика", "Математика", "Mathematics"),
    ("KAZ", "Казахский язык", "Қазақ тілі", "Kazakh"),
    ("RUS", "Русский язык", "Орыс тілі", "Russian"),
    ("ENG", "Английский язык", "Ағылшын тілі", "English"),
    ("HIS", "История Казахстана", "Қазақстан тарихы", "History of Kazakhstan"),
    ("NAT", "Естествознание", "Жаратылыстану", "Natural science"),
    ("PE", "Физическая культура", "Дене шынықтыру", "Physical education"),
    ("ART", "Художественный труд", "Көркем еңбек", "Art"),
)


QUARTERS = (  # (name, start, end) as (month, day) of the school year starting on 1 September
    ("1 четверть", (9, 1), (10, 26)),
    ("2 четверть", (11, 3), (12, 28)),
    ("3 четверть", (1, 8), (3, 18)),
    ("4 четверть", (3, 30), (5, 25)),
)


def _quarters(year):
    periods = []
    for name, (m1, d1), (m2, d2) in QUARTERS:
        y1 = year.start.year + (m1 < 9)
        y2 = year.start.year + (m2 < 9)
        periods.append(
            Period.objects.get_or_create(
                academic_year=year,
                name=name,
                defaults={
                    "kind": "quarter",
                    "start": datetime.date(y1, m1, d1),
                    "end": datetime.date(y2, m2, d2),
                },
            )[0]
        )
    return periods


# The class of each student in a year: the movements (enrolment, promotion) that placed him there.
_ROSTER = """
    roster AS (
        SELECT DISTINCT m.student_id, m.to_class_id AS class_id
          FROM contingent_movement m JOIN contingent_schoolclass c ON c.id = m.to_class_id
         WHERE m.school_id = %(school)s AND c.academic_year_id = %(year)s AND c.parallel >= 2
    )"""

# Period marks of every student in every subject of the quarters that ended: mostly 4 and 3, a few
# н/а and exempt; the year mark is the rounded mean of the quarters' (exempt if exempt once).
_FINALS = """
    INSERT INTO journal_finalmark (status, value, reason, confirmed_at, class_subject_id, confirmed_by_id,
                                   period_id, school_id, student_id)
    SELECT CASE WHEN q.r < 0.01 THEN 'na' WHEN q.r < 0.02 THEN 'exempt' ELSE 'mark' END,
           CASE WHEN q.r < 0.02 THEN NULL WHEN q.v < 0.25 THEN 5 WHEN q.v < 0.65 THEN 4
                WHEN q.v < 0.95 THEN 3 ELSE 2 END,
           '', q.confirmed_at, q.cs_id, %(author)s, q.period_id, %(school)s, q.student_id
      FROM (SELECT cs.id AS cs_id, r.student_id, p.id AS period_id,
                   (p.end + time '15:00') AT TIME ZONE %(tz)s AS confirmed_at, random() AS r, random() AS v
              FROM planning_classsubject cs
              JOIN roster r ON r.class_id = cs.school_class_id
              JOIN core_period p ON p.academic_year_id = %(year)s AND p.end < %(through)s
             WHERE cs.academic_year_id = %(year)s) q
"""
_YEAR_FINALS = """
    INSERT INTO journal_finalmark (status, value, reason, confirmed_at, class_subject_id, confirmed_by_id,
                                   period_id, school_id, student_id)
    SELECT CASE WHEN bool_or(f.status = 'exempt') THEN 'exempt' WHEN COUNT(f.value) = 0 THEN 'na' ELSE 'mark' END,
           CASE WHEN bool_or(f.status = 'exempt') OR COUNT(f.value) = 0 THEN NULL ELSE ROUND(AVG(f.value)) END,
           '', MAX(f.confirmed_at), f.class_subject_id, %(author)s, NULL, %(school)s, f.student_id
      FROM journal_finalmark f JOIN planning_classsubject cs ON cs.id = f.class_subject_id
     WHERE f.school_id = %(school)s AND cs.academic_year_id = %(year)s AND f.period_id IS NOT NULL
  GROUP BY f.class_subject_id, f.student_id
"""
# Two lessons a week of every subject line on its own two weekdays, on the school days of the
# quarters up to `through`: a few cancelled or substituted, most with a topic and homework and the
# attendance taken the same day.
_LESSONS = """
    INSERT INTO journal_lesson (date, number, topic, homework, homework_file, is_substitute, is_cancelled,
                                attendance_taken_at, period_id, school_id, subgroup_id, teacher_id)
    SELECT q.day, 1 + q.sg_id %% 6,
           CASE WHEN random() < 0.9 THEN 'Тема урока' ELSE '' END,
           CASE WHEN random() < 0.7 THEN '§ 5' ELSE '' END, '',
           q.r >= 0.01 AND q.r < 0.04, q.r < 0.01,
           CASE WHEN q.r >= 0.01 AND random() < 0.95 THEN (q.day + time '14:00') AT TIME ZONE %(tz)s END,
           q.period_id, %(school)s, q.sg_id, q.teacher_id
      FROM (SELECT d::date AS day, sg.id AS sg_id, sg.teacher_id, p.id AS period_id, random() AS r
              FROM planning_subgroup sg
              JOIN planning_classsubject cs ON cs.id = sg.class_subject_id
              JOIN core_period p ON p.academic_year_id = %(year)s
              CROSS JOIN LATERAL generate_series(p.start, LEAST(p.end, %(through)s), interval '1 day') d
             WHERE cs.academic_year_id = %(year)s
               AND extract(isodow FROM d) IN (1 + sg.id %% 5, 1 + (sg.id + 2) %% 5)) q
"""
# Each lesson held with each of its class's students, and two random draws for the pair.
_LESSON_STUDENTS = """
      FROM (SELECT l.id AS lesson_id, l.date, r.student_id, random() AS pick, random() AS v
              FROM journal_lesson l
              JOIN planning_subgroup sg ON sg.id = l.subgroup_id
              JOIN planning_classsubject cs ON cs.id = sg.class_subject_id
              JOIN roster r ON r.class_id = cs.school_class_id
             WHERE l.school_id = %(school)s AND cs.academic_year_id = %(year)s AND NOT l.is_cancelled) q
"""
# About four current marks and one absence or lateness per lesson held, among the class's students.
_MARKS = (
    """
    INSERT INTO journal_mark (kind, slot, value, changed_at, lesson_id, student_id)
    SELECT 'current', 1, CASE WHEN q.v < 0.3 THEN 5 WHEN q.v < 0.7 THEN 4 WHEN q.v < 0.95 THEN 3 ELSE 2 END,
           (q.date + time '14:00') AT TIME ZONE %(tz)s, q.lesson_id, q.student_id
"""
    + _LESSON_STUDENTS
    + """     WHERE q.pick < 0.18
"""
)
_ATTENDANCE = (
    """
    INSERT INTO journal_attendance (status, reason, lesson_id, student_id)
    SELECT CASE WHEN q.pick < 0.045 THEN 'absent' ELSE 'late' END,
           CASE WHEN q.pick >= 0.045 THEN '' WHEN q.v < 0.4 THEN 'illness' WHEN q.v < 0.7 THEN 'excused'
                ELSE 'unexcused' END,
           q.lesson_id, q.student_id
"""
    + _LESSON_STUDENTS
    + """     WHERE q.pick < 0.055
"""
)


def populate_journal(school, year, author, rng, through=None):
    """The journal of a school year up to `through` (its end at the latest): a subject line per graded
    class and subject with its teacher, the four quarters, the period marks of the quarters that
    ended (and the year marks once the year has), and the lessons of every school week with current
    marks, absences and lateness. Set-based: one INSERT ... SELECT per table, so a year of 50 schools
    takes minutes, not hours."""
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from planning.models import ClassSubject, Subgroup, Subject

    through = min(through or timezone.localdate(), year.end)
    _quarters(year)
    subjects = [
        Subject.objects.get_or_create(
            school=None, name_ru=ru, defaults={"name_kk": kk, "name_en": en, "code": code}
        )[0]
        for code, ru, kk, en in JOURNAL_SUBJECTS
    ]
    teachers = list(Employee.objects.filter(school=school, staff_group="teaching").order_by("pk"))
    graded = SchoolClass.objects.filter(school=school, academic_year=year, parallel__gte=2).order_by("pk")
    lines = bulk_create_tracked(
        ClassSubject,
        [
            ClassSubject(school_class=c, subject=subj, academic_year=year, weekly_hours=2)
            for c in graded
            for subj in subjects
        ],
        batch_size=BATCH,
    )
    bulk_create_tracked(
        Subgroup,
        [
            Subgroup(class_subject=cs, kind="main", teacher=rng.choice(teachers) if teachers else None)
            for cs in lines
        ],
        batch_size=BATCH,
    )
    params = {
        "school": school.pk,
        "year": year.pk,
        "author": author.pk,
        "through": through,
        "tz": settings.TIME_ZONE,
    }
    from journal.models import Attendance, FinalMark, Lesson, Mark
    from planning.models import ClassSubject, Subgroup

    # (model, insert, reads the roster, models to analyse first): the planner reads fresh statistics of
    # the rows just written (without them it joins a year of lessons to the roster by nested loops:
    # minutes); each table is analysed once, before the first statement that reads what it gained
    steps = [(FinalMark, _FINALS, True, (Movement, SchoolClass, ClassSubject, Subgroup, Period))]
    if through >= year.end:
        steps.append((FinalMark, _YEAR_FINALS, False, (FinalMark,)))
    steps += [
        (Lesson, _LESSONS, False, ()),
        (Mark, _MARKS, True, (Lesson,)),
        (Attendance, _ATTENDANCE, True, ()),
    ]
    with connection.cursor() as cursor, insert_triggers_ignored(cursor, FinalMark, Lesson, Mark, Attendance):
        cursor.execute("SELECT setseed(%s)", [rng.random() * 2 - 1])  # the same demo on every build
        for model, insert, with_roster, analyse in steps:
            analyze(*analyse)
            ctes = (_ROSTER + ",") if with_roster else ""
            cursor.execute(f"WITH {ctes} {insert_select_with_history(model, insert)}", params)
