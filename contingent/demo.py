"""Demo contingent for `seed_demo`: each demo school gets classes 0-11 with 300-900 students and their
parents, a year of movements by order (2025-2026), the promotion to 2026-2027 with its graduates, and
the first months of the current year. Idempotent: a school that has students is left alone.

Class teachers come from the staff app's employees allowed class guidance; without them (the
contingent branch alone) classes have no class teacher. Volume is made with bulk_create; individual
movements go through the services, as a secretary would make them."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from contingent.models import (
    Consent,
    FreeMealApplication,
    GuardianLink,
    Movement,
    MovementKind,
    SchoolClass,
    Student,
)
from contingent.services import (
    Decision,
    guardian_grant_login,
    promotion_plan,
    school_promote,
    student_expel,
    student_move,
    student_register,
)
from core.demo import set_demo_password
from core.files import private_storage
from core.models import AcademicYear, Order, OrderKind, Person
from core.validators import iin_control_digit
from staff.models import Employee

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BOYS = [
    "Алихан",
    "Нурсултан",
    "Ерасыл",
    "Данияр",
    "Арман",
    "Тимур",
    "Санжар",
    "Александр",
    "Максим",
    "Әлихан",
    "Ілияс",
    "Бауыржан",
]
GIRLS = [
    "Аружан",
    "Айгерим",
    "Әсел",
    "Дана",
    "Мадина",
    "Камила",
    "Томирис",
    "Анастасия",
    "Алина",
    "Інжу",
    "Жанель",
    "Сабина",
]
SURNAMES = [
    "Ахметов",
    "Серикбаев",
    "Жумабеков",
    "Омаров",
    "Нурланов",
    "Касымов",
    "Сулейменов",
    "Иванов",
    "Ким",
    "Абенов",
    "Тулеуов",
    "Бекмуханов",
]
FATHERS = ["Ерлан", "Нурлан", "Марат", "Серик", "Кайрат", "Болат", "Асхат", "Сергей"]
LETTERS = {"a": ("А", "Б", "В"), "b": ("А", "Б")}
KK_LETTERS = {"А": "А", "Б": "Ә", "В": "Б"}
EN_LETTERS = {"А": "A", "Б": "B", "В": "C"}


def _surname(base, sex):
    if sex == "f" and base.endswith(("ов", "ев", "ин")):
        return base + "а"
    return base


class _Iins:
    def __init__(self, rng):
        self.used = set(Person.objects.exclude(iin=None).values_list("iin", flat=True))
        self.rng = rng

    def make(self, birth, sex):
        century = {19: 3, 20: 5}[birth.year // 100] + (1 if sex == "f" else 0)
        while True:
            body = f"{birth:%y%m%d}{century}{self.rng.randrange(7000, 9999):04d}"
            control = iin_control_digit(body)
            if control is not None and f"{body}{control}" not in self.used:
                iin = f"{body}{control}"
                self.used.add(iin)
                return iin


def _scan(name="scan.pdf"):
    return ContentFile(PDF, name=name)


def seed(context):
    User = get_user_model()
    for key, school in context["schools"].items():
        if Student.objects.filter(school=school).exists():
            continue
        secretary = User.objects.get(username=f"hr.{key}")
        director = User.objects.get(username=f"director.{key}")
        _seed_school(key, school, secretary, director, context)
    for key in context["schools"]:
        if User.objects.filter(username=f"parent.{key}").exists():
            context["logins"].append(f"parent.{key}")


def _seed_school(key, school, secretary, director, context):
    rng = random.Random(f"mektep-{key}")
    iins = _Iins(rng)
    prev = AcademicYear.objects.get(school=school, name="2025-2026")
    current = AcademicYear.objects.get(school=school, name="2026-2027")
    teachers = list(Employee.objects.class_guidance_allowed().filter(school=school).order_by("pk"))
    per_class = (20, 25) if key == "a" else (16, 21)

    classes = []
    for parallel in range(0, 12):
        for letter in LETTERS[key]:
            classes.append(
                SchoolClass(
                    school=school,
                    academic_year=prev,
                    parallel=parallel,
                    letter_ru=letter,
                    letter_kk=KK_LETTERS[letter],
                    letter_en=EN_LETTERS[letter],
                    class_teacher=teachers.pop(0) if teachers else None,
                    year_of_entry=2025 - parallel,
                    language="kk" if letter == "А" else "ru",
                    shift=1 if parallel in (0, 1, 5, 9, 10, 11) else 2,
                    classroom=f"{100 + parallel * 10 + len(classes) % 3}",
                )
            )
    SchoolClass.objects.bulk_create(classes)
    order = Order.objects.create(
        school=school,
        kind=OrderKind.STUDENT_ENROLMENT,
        number=f"1-к/{key}",
        date=datetime.date(2025, 9, 1),
        content="О комплектовании классов на 2025-2026 учебный год",
        author=secretary,
    )
    students = _students(rng, iins, school, [(c, rng.randint(*per_class)) for c in classes], 2025)
    Movement.objects.bulk_create(
        Movement(
            school=school,
            student=s,
            kind=MovementKind.ENROLMENT,
            to_class=s.school_class,
            order=order,
            date=order.date,
        )
        for s in students
    )
    _parents_and_consents(rng, iins, school, students, secretary)
    by_class = {}
    for s in students:
        by_class.setdefault(s.school_class_id, []).append(s)
    _year_of_movements(rng, school, secretary, classes, by_class, 2025)
    plan = promotion_plan(school=school, year=prev)
    decisions = {}
    for student, _decision, _target in plan:
        if student.school_class.parallel == 9 and rng.random() < 0.25:
            decisions[student.pk] = Decision.LEAVE
        elif student.school_class.parallel in (3, 6) and rng.random() < 0.03:
            decisions[student.pk] = Decision.REPEAT
    school_promote(
        acting_user=secretary,
        school=school,
        year=prev,
        decisions=decisions,
        order_number=f"95-п/{key}",
        order_date=datetime.date(2026, 5, 29),
        content="О переводе учащихся 0-10 классов и выпуске учащихся 11 классов",
    )
    # The new pre-school classes of the current year.
    zero = []
    for letter in LETTERS[key]:
        zero.append(
            SchoolClass(
                school=school,
                academic_year=current,
                parallel=0,
                letter_ru=letter,
                letter_kk=KK_LETTERS[letter],
                letter_en=EN_LETTERS[letter],
                year_of_entry=2026,
                language="kk" if letter == "А" else "ru",
                shift=1,
            )
        )
    SchoolClass.objects.bulk_create(zero)
    order = Order.objects.create(
        school=school,
        kind=OrderKind.STUDENT_ENROLMENT,
        number=f"2-к/{key}",
        date=datetime.date(2026, 9, 1),
        content="О зачислении в предшкольные классы",
        author=secretary,
    )
    newcomers = _students(rng, iins, school, [(c, rng.randint(*per_class)) for c in zero], 2026)
    Movement.objects.bulk_create(
        Movement(
            school=school,
            student=s,
            kind=MovementKind.ENROLMENT,
            to_class=s.school_class,
            order=order,
            date=order.date,
        )
        for s in newcomers
    )
    _parents_and_consents(rng, iins, school, newcomers, secretary)
    current_classes = list(SchoolClass.objects.filter(school=school, academic_year=current, is_active=True))
    by_class = {}
    for s in Student.objects.filter(school=school, status="studying", school_class__in=current_classes):
        by_class.setdefault(s.school_class_id, []).append(s)
    _year_of_movements(rng, school, secretary, current_classes, by_class, 2026, count=3)
    for i in range(4):
        sex = "fm"[i % 2]
        birth = datetime.date(2026 - 7 - (3 + i), 3 + i, 10)  # of the age of parallel 3 + i
        student_register(
            acting_user=secretary,
            school=school,
            parallel=3 + i,
            residency="resident",
            iin=iins.make(birth, sex),
            last_name=_surname(rng.choice(SURNAMES), sex),
            first_name=rng.choice(GIRLS if sex == "f" else BOYS),
            birth_date=birth,
            sex=sex,
            admitted_on=datetime.date(2026, 11, 2 + i),
        )
    _meals(rng, school, current)
    _parent_login(key, school, director)


def _students(rng, iins, school, plan, start_year):
    people, rows = [], []
    for school_class, n in plan:
        for _ in range(n):
            sex = rng.choice("mf")
            birth = datetime.date(
                start_year - 6 - school_class.parallel, rng.randint(1, 12), rng.randint(1, 28)
            )
            people.append(
                Person(
                    iin=iins.make(birth, sex),
                    last_name=_surname(rng.choice(SURNAMES), sex),
                    first_name=rng.choice(GIRLS if sex == "f" else BOYS),
                    patronymic=(rng.choice(FATHERS) + ("овна" if sex == "f" else "ович"))
                    if rng.random() < 0.6
                    else "",
                    birth_date=birth,
                    sex=sex,
                )
            )
            rows.append(school_class)
    people = Person.objects.bulk_create(people)
    return Student.objects.bulk_create(
        Student(
            school=school,
            person=p,
            school_class=c,
            parallel=c.parallel,
            admitted_on=datetime.date(start_year - c.parallel, 9, 1),
            special_needs=rng.random() < 0.02,
            scholarship="Дарын" if c.parallel >= 8 and rng.random() < 0.03 else "",
        )
        for p, c in zip(people, rows, strict=True)
    )


def _parents_and_consents(rng, iins, school, students, secretary):
    parents, links, previous = [], [], None
    for s in students:
        if previous is not None and rng.random() < 0.12:
            links.append((s, previous, "mother"))  # a sibling: the same mother
            continue
        birth = datetime.date(
            s.person.birth_date.year - rng.randint(24, 36), rng.randint(1, 12), rng.randint(1, 28)
        )
        parent = Person(
            iin=iins.make(birth, "f"),
            last_name=_surname(
                s.person.last_name.removesuffix("а") if s.person.sex == "f" else s.person.last_name, "f"
            ),
            first_name=rng.choice(GIRLS),
            birth_date=birth,
            sex="f",
            phone=f"+7 70{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        )
        parents.append(parent)
        links.append((s, parent, "mother"))
        previous = parent
    Person.objects.bulk_create(parents)
    GuardianLink.objects.bulk_create(GuardianLink(student=s, person=p, relation=r) for s, p, r in links)
    document = private_storage().save("consents/demo-consent.pdf", ContentFile(PDF))
    Consent.objects.bulk_create(
        Consent(
            school=school,
            student=s,
            subject=who,
            signed_by=p,
            given_on=s.admitted_on if s.admitted_on.year >= 2025 else datetime.date(2025, 9, 1),
            document=document,
            recorded_by=secretary,
        )
        for s, p, _r in links
        if rng.random() < 0.92
        for who in (s.person, p)
    )


def _year_of_movements(rng, school, secretary, classes, by_class, year, count=6):
    """Transfers between parallel classes and departures during the year, each by its own order."""
    days = [
        datetime.date(year, 10, 6),
        datetime.date(year, 11, 10),
        datetime.date(year + 1, 1, 15),
        datetime.date(year + 1, 2, 9),
        datetime.date(year + 1, 3, 2),
        datetime.date(year + 1, 4, 13),
    ]
    today = datetime.date.today()
    days = [d for d in days if d <= today][:count] or [datetime.date(year, 10, 1)]
    twins = {}
    for c in classes:
        twins.setdefault(c.parallel, []).append(c)
    number = 10
    for day in days:
        parallel = rng.choice([p for p, cs in twins.items() if len(cs) > 1])
        source, target = rng.sample(twins[parallel], 2)
        candidates = [
            s
            for s in by_class.get(source.pk, [])
            if s.status == "studying" and s.school_class_id == source.pk
        ]
        if candidates:
            student = rng.choice(candidates)
            number += 1
            student_move(
                acting_user=secretary,
                student=student,
                to_class=target,
                order_number=f"{number}-д",
                order_date=day,
                content=f"О переводе в {target.parallel} {target.letter_ru} класс",
                scan=_scan(),
            )
            student.school_class = target
            student.school_class_id = target.pk
        leaving = rng.choice([s for c in classes for s in by_class.get(c.pk, []) if s.status == "studying"])
        number += 1
        student_expel(
            acting_user=secretary,
            student=Student.objects.get(pk=leaving.pk),
            reason=rng.choice(["transfer_school", "moved_away", "abroad"]),
            order_number=f"{number}-в",
            left_on=day,
        )
        leaving.status = "expelled"


def _meals(rng, school, year):
    students = list(
        Student.objects.filter(school=school, status="studying", school_class__parallel__lte=4)[:12]
    )
    FreeMealApplication.objects.bulk_create(
        FreeMealApplication(
            school=school,
            student=s,
            academic_year=year,
            applied_on=datetime.date(2026, 9, 2),
            applicant=s.guardians.first().person.full_name if s.guardians.exists() else "—",
            basis=rng.choice(["low_income", "large_family", "orphan", "disability"]),
            status="allowed" if i % 3 else "submitted",
            decided_on=datetime.date(2026, 9, 10) if i % 3 else None,
        )
        for i, s in enumerate(students)
    )


def _parent_login(key, school, director):
    """One parent with several children gets the demo login parent.<key>."""
    from django.db.models import Count

    person = (
        Person.objects.filter(guarded__student__school=school, iin__isnull=False)
        .annotate(n=Count("guarded"))
        .filter(n__gte=2)
        .order_by("pk")
        .first()
    )
    if person is None:
        return
    link = GuardianLink.objects.filter(person=person).first()
    user, _password = guardian_grant_login(acting_user=director, link=link)
    user.username = f"parent.{key}"
    user.language = "ru"  # as every demo login of the two schools; a parent's own login follows the browser
    set_demo_password(user)
    user.must_change_password = False
    user.save()
