"""Demo data of the reports: olympiad results for the demo schools, and on request
(`seed_demo --large-district`) a large district of 50 schools of about 800 students each, with three
years of movements by order and the staff, for measuring the reports at scale (bench/reports.py).

Volume is made with bulk_create, not services: the figures are read back from the same rows the
services would write (classes, students, movements made by orders, employees)."""

import datetime
import random

from django.contrib.auth import get_user_model

from contingent.models import Movement, MovementKind, SchoolClass, Student
from core.demo import set_demo_password
from core.models import AcademicYear, District, Order, OrderKind, Person, Region, RoleAssignment, School
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
    """Olympiad results for the regular demo schools; the large district only when asked."""
    for key, school in context["schools"].items():
        _competitions(random.Random(f"olymp-{key}"), school)
    if context.get("large_district"):
        schools, students = context["large_district"]
        login = seed_large_district(schools=schools, students_per_school=students)
        context["logins"].append((login, "District official — large demo district"))


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
        for c in SchoolClass.objects.bulk_create(objs, batch_size=BATCH):
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
        people = Person.objects.bulk_create(people, batch_size=BATCH)
        students = Student.objects.bulk_create(
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
    Movement.objects.bulk_create(movements, batch_size=BATCH)
    if staff_count:
        _staff(school, rng, staff_count, years[-1].start)
    return [c for (y, _p, _l), c in classes.items() if y == years[-1].pk]


def _staff(school, rng, count, today):
    people = Person.objects.bulk_create(
        [
            Person(
                last_name=rng.choice(SURNAMES) + ("а" if i % 4 else ""),
                first_name=rng.choice(NAMES_F if i % 4 else NAMES_M),
                birth_date=datetime.date(rng.randint(1960, 2002), rng.randint(1, 12), rng.randint(1, 28)),
                sex="f" if i % 4 else "m",
            )
            for i in range(count)
        ]
    )
    employees = Employee.objects.bulk_create(
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
        ]
    )
    Education.objects.bulk_create(
        [
            Education(
                employee=e, level="higher", institution="КазНПУ им. Абая", speciality=rng.choice(SPECIALITIES)
            )
            for e in employees
            if rng.random() < 0.9
        ]
    )


def seed_large_district(schools=50, students_per_school=800, journal_weeks=1):
    """A district of `schools` schools of about `students_per_school` students; idempotent."""
    User = get_user_model()
    region, _c = Region.objects.get_or_create(
        name_ru="Туркестанская область",
        defaults={"name_kk": "Түркістан облысы", "name_en": "Turkestan region"},
    )
    district, _c = District.objects.get_or_create(
        name_ru="Отдел образования Сайрамского района (крупный демо-район)",
        defaults={"region": region, "name_kk": "Сайрам ауданының білім бөлімі", "name_en": "Sairam district"},
    )
    login = "district.large"
    official, created = User.objects.get_or_create(username=login, defaults={"language": "ru"})
    if created:
        official.person = Person.objects.create(last_name="Сапарова", first_name="Гульнара", sex="f")
        set_demo_password(official)
        official.save()
        RoleAssignment.objects.create(user=official, role=Role.DISTRICT_OFFICIAL, district=district)
    per_class = max(1, round(students_per_school / 36))
    sizes = {(p, letter): per_class for p in range(12) for letter in LETTERS}
    for i in range(schools):
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
            continue
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
        classes = populate_school(school, years, official, sizes, rng, staff_count=60)
        populate_journal(school, years[-1], classes, official, rng, weeks=journal_weeks)
    return login


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


def populate_journal(school, year, classes, author, rng, weeks=1):
    """The journal of the current year: a subject line per class and subject with its teacher, the
    first quarter's period marks of every student (5-point, a few н/а and exempt), and `weeks` weeks of
    lessons of the second quarter with current marks, absences and lateness (bulk_create)."""
    from core.models import Period
    from journal.models import Attendance, FinalMark, Lesson, Mark
    from planning.models import ClassSubject, Subgroup, Subject

    q1, _c = Period.objects.get_or_create(
        academic_year=year,
        name="1 четверть",
        defaults={"kind": "quarter", "start": year.start, "end": year.start.replace(month=10, day=26)},
    )
    q2, _c = Period.objects.get_or_create(
        academic_year=year,
        name="2 четверть",
        defaults={
            "kind": "quarter",
            "start": year.start.replace(month=11, day=3),
            "end": year.start.replace(month=12, day=28),
        },
    )
    subjects = [
        Subject.objects.get_or_create(
            school=None, name_ru=ru, defaults={"name_kk": kk, "name_en": en, "code": code}
        )[0]
        for code, ru, kk, en in JOURNAL_SUBJECTS
    ]
    teachers = list(Employee.objects.filter(school=school, staff_group="teaching").order_by("pk"))
    graded = [c for c in classes if c.parallel >= 2]
    lines = ClassSubject.objects.bulk_create(
        [
            ClassSubject(school_class=c, subject=subj, academic_year=year, weekly_hours=2)
            for c in graded
            for subj in subjects
        ],
        batch_size=BATCH,
    )
    subgroups = Subgroup.objects.bulk_create(
        [
            Subgroup(class_subject=cs, kind="main", teacher=rng.choice(teachers) if teachers else None)
            for cs in lines
        ],
        batch_size=BATCH,
    )
    roster = {}
    for pk, class_id in Student.objects.filter(
        school=school, status="studying", school_class__in=graded
    ).values_list("pk", "school_class_id"):
        roster.setdefault(class_id, []).append(pk)
    finals = []
    for cs in lines:
        for student_id in roster.get(cs.school_class_id, []):
            roll = rng.random()
            status, value = "mark", rng.choices([5, 4, 3, 2], weights=[25, 40, 30, 5])[0]
            if roll < 0.01:
                status, value = "na", None
            elif roll < 0.02:
                status, value = "exempt", None
            finals.append(
                FinalMark(
                    school=school,
                    class_subject=cs,
                    student_id=student_id,
                    period=q1,
                    status=status,
                    value=value,
                    confirmed_by=author,
                )
            )
    FinalMark.objects.bulk_create(finals, batch_size=BATCH)
    lessons = []
    day = q2.start
    days = []
    while len(days) < 5 * weeks:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    for sg in subgroups:
        for n, date in enumerate(rng.sample(days, min(len(days), 2 * weeks))):
            lessons.append(
                Lesson(
                    school=school,
                    period=q2,
                    subgroup=sg,
                    date=date,
                    number=1 + n % 6,
                    teacher=sg.teacher,
                    topic="Тема урока" if rng.random() < 0.9 else "",
                    homework="§ 5" if rng.random() < 0.7 else "",
                    is_cancelled=rng.random() < 0.01,
                    is_substitute=rng.random() < 0.03,
                )
            )
    lessons = Lesson.objects.bulk_create(lessons, batch_size=BATCH)
    class_of = {sg.pk: sg.class_subject.school_class_id for sg in subgroups}
    marks, absences = [], []
    for lesson in lessons:
        if lesson.is_cancelled:
            continue
        students = roster.get(class_of[lesson.subgroup_id], [])
        for student_id in rng.sample(students, min(len(students), 4)):
            marks.append(
                Mark(
                    lesson=lesson,
                    student_id=student_id,
                    kind="current",
                    value=rng.choices([5, 4, 3, 2], weights=[30, 40, 25, 5])[0],
                )
            )
        if students:
            absent = rng.choice(students)
            absences.append(
                Attendance(
                    lesson=lesson,
                    student_id=absent,
                    status="absent",
                    reason=rng.choice(["illness", "excused", "unexcused"]),
                )
            )
    Mark.objects.bulk_create(marks, batch_size=BATCH)
    Attendance.objects.bulk_create(absences, batch_size=BATCH)
