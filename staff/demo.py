"""Demo staff for `seed_demo`: the demo logins' personal files and a realistic staff per school.

Idempotent: the files of the demo logins are found by person, the generated staff only once per school."""

import datetime
import itertools
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.models import Order, Person
from core.validators import iin_control_digit
from staff.models import AbsenceKind, Course, Education, Employee, EmployeeOrder, WorkRecord
from staff.models.employees import category_valid_until
from staff.services import ORDER_SUFFIX, absence_register, course_confirm, course_plan

D = datetime.date

# login -> (position, staff group, structural unit, class guidance allowed)
DEMO_FILES = {
    "director": ("Директор", "head", "Администрация", False),
    "deputy": ("Заместитель директора по учебной работе", "teaching", "Администрация", False),
    "hr": ("Инспектор отдела кадров", "support", "Администрация", False),
    "clerk": ("Делопроизводитель", "support", "Администрация", False),
    "admin": ("Системный администратор", "support", "Администрация", False),
    "teacher": ("Учитель", "teaching", "Методическое объединение", True),
}
GUIDANCE = {"a": 30, "b": 27}
# The classes of each demo school (contingent's demo: 12 parallels of 3 and 2 letters) and the weekly
# hours a class needs of each subject's teachers under the typical curricula planning's demo applies
# (averaged over parallels 0-11, language subgroups included). The staff is sized from them, about a
# fifth over the need, so the timetable finds its teachers in the staff and nobody is hired for it.
CLASSES = {"a": 36, "b": 24}
HOURS_PER_CLASS = {
    "начальных классов": 4.75,
    "математики": 4.0,
    "физической культуры": 3.0,
    "английского языка": 2.78,
    "казахского языка и литературы": 2.7,
    "русского языка и литературы": 2.67,
    "истории": 1.83,
    "информатики": 1.28,
    "биологии": 0.92,
    "географии": 0.92,
    "физики": 0.83,
    "химии": 0.75,
    "музыки": 0.5,
    "художественного труда": 0.5,
}
RATE_HOURS = 16  # a teacher's rate in hours a week (planning.rules.RATE_HOURS; staff sits below planning)
SUPPORT_SIZE = 6

LAST_F = [
    "Ахметова",
    "Сулейманова",
    "Абдрахманова",
    "Жумабаева",
    "Касымова",
    "Нурланова",
    "Омарова",
    "Садыкова",
    "Иванова",
    "Ким",
    "Бекова",
    "Алтаева",
    "Мусина",
    "Тулегенова",
    "Ержанова",
    "Әбілова",
    "Құсайынова",
]
LAST_M = [
    "Ахметов",
    "Серикбаев",
    "Абдрахманов",
    "Жумабеков",
    "Касымов",
    "Нурланов",
    "Оспанов",
    "Садыков",
    "Петров",
    "Ли",
    "Беков",
    "Алтаев",
    "Мусин",
    "Тулегенов",
    "Ержанов",
    "Әбілов",
    "Құсайынов",
]
FIRST_F = [
    "Айгерим",
    "Мариям",
    "Куралай",
    "Жанар",
    "Динара",
    "Асель",
    "Гульнар",
    "Сауле",
    "Мария",
    "Әсем",
    "Гүлнұр",
]
FIRST_M = ["Ерлан", "Куаныш", "Данияр", "Гани", "Балаби", "Нурлан", "Асхат", "Виктор", "Дәулет", "Ұлан"]
PATR_F = ["Ерлановна", "Маратовна", "Сериковна", "Болатовна", "Кайратовна", "Александровна"]
PATR_M = ["Ерланович", "Маратович", "Серикович", "Болатович", "Кайратович", "Александрович"]
SUPPORT = [
    ("Библиотекарь", "Библиотека"),
    ("Бухгалтер", "Бухгалтерия"),
    ("Лаборант", "Кабинет химии"),
    ("Завхоз", "Хозяйственная часть"),
    ("Медицинская сестра", "Медпункт"),
    ("Психолог", "Социально-психологическая служба"),
]
CATEGORIES = [
    "",
    "pedagogue",
    "moderator",
    "moderator",
    "expert",
    "expert",
    "researcher",
    "master",
    "highest",
    "first",
]


def _iin(birth, sex, serial, used=None):
    """A valid Kazakh IIN not yet taken (`used`: the IINs known taken, read once by the caller)."""
    century_sex = {(19, "m"): 3, (19, "f"): 4, (20, "m"): 5, (20, "f"): 6}
    while True:
        body = f"{birth:%y%m%d}{century_sex[(birth.year // 100, sex)]}{serial % 10000:04d}"
        control = iin_control_digit(body)
        if control is not None:
            iin = f"{body}{control}"
            taken = iin in used if used is not None else Person.objects.filter(iin=iin).exists()
            if not taken:
                if used is not None:
                    used.add(iin)
                return iin
        serial += 1


def _link_demo_logins(key, school, hr_user):
    User = get_user_model()
    for login, (position, group, unit, guidance) in DEMO_FILES.items():
        user = User.objects.filter(username=f"{login}.{key}").select_related("person").first()
        if user is None or user.person is None:
            continue
        if Employee.objects.filter(school=school, person=user.person).exists():
            continue
        person = user.person
        if person.birth_date is None:  # a demo login's file shows a full personal section
            person.birth_date = D(1984 + len(login) % 7, 3 + len(login) % 9, 10 + ord(key) % 10)
            person.iin = person.iin or _iin(person.birth_date, person.sex or "f", ord(key) * 31 + len(login))
            person.save(update_fields=["birth_date", "iin"])
        employee = Employee.objects.create(
            school=school,
            person=user.person,
            position=position,
            staff_group=group,
            structural_unit=unit,
            class_guidance_allowed=guidance,
            hired_on=D(2012, 8, 25),
            contract_number=f"ТД-{login}",
            contract_date=D(2012, 8, 24),
            consent_given_on=D(2012, 8, 24),
            qualification_category="expert" if group != "support" else "",
            attested_on=D(2023, 5, 20) if group != "support" else None,
            category_valid_until=category_valid_until(group, D(2023, 5, 20)) if group != "support" else None,
            seniority_total=14,
            seniority_teaching=14 if group != "support" else 0,
            seniority_at_school=14,
        )
        WorkRecord.objects.create(
            employee=employee, position=position, structural_unit=unit, start=employee.hired_on
        )


KZ_NAMES = {
    "last": {"f": LAST_F, "m": LAST_M},
    "first": {"f": FIRST_F, "m": FIRST_M},
    "patronymic": {"f": PATR_F, "m": PATR_M},
    "nationality": ["казах", "казашка", "русский", "русская", "кореец"],
    "institutions": ["КазНПУ им. Абая", "КазНУ им. аль-Фараби", "ЕНУ им. Гумилёва", "Алматинский колледж"],
    "street": "ул. Абая",
    "phone": "+7 701",
}


def _kz_iin(used, key):
    return lambda birth, sex, i: _iin(birth, sex, (ord(key) * 1000 + i * 7) % 10000, used)


def teachers_for(classes):
    """(position, rate) of the teachers `classes` classes need: per subject enough rates for its hours
    and a fifth more, two at least (language subgroups need two teachers), two of three at a rate and
    a half. The subjects take turns, so class guidance goes to teachers of every subject."""
    by_subject = []
    for subject, hours in HOURS_PER_CLASS.items():
        rates = []
        while len(rates) < 2 or sum(rates) * RATE_HOURS < hours * classes * 1.2:
            rates.append(1 if len(rates) % 3 == 2 else 1.5)
        by_subject.append([(f"Учитель {subject}", rate) for rate in rates])
    turns = itertools.zip_longest(*by_subject)
    return [teacher for turn in turns for teacher in turn if teacher is not None]


def generate_staff(school, teachers, guidance, hr_user, rng, make_iin, names=None, support=SUPPORT_SIZE):
    """Believable personal files for `school`: `teachers` ((position, rate) pairs), the first
    `guidance` of them allowed class guidance, then `support` support staff; each with its hiring
    order, work record and education, made in a few bulk inserts; a few are on leave, were ill or
    take a course (through the services, as the HR officer would record them).
    `make_iin(birth, sex, i)` gives an unused identity number."""
    names = names or KZ_NAMES
    today = timezone.localdate()
    rows = []
    for i in range(len(teachers) + support):
        sex = "f" if rng.random() < 0.78 else "m"
        birth = D(rng.randint(1962, 2000), rng.randint(1, 12), rng.randint(1, 28))
        teacher = i < len(teachers)
        if teacher:
            (position, rate), unit, group = teachers[i], "Методическое объединение", "teaching"
        else:
            (position, unit), group = SUPPORT[i % len(SUPPORT)], "support"
            rate = rng.choice([1, 1, 1, 0.5])
        # Believable careers: hired after the diploma (22 for a teacher, 19 for support staff), a
        # category only after two years of work, attested after the hiring, earlier work before it.
        start_age = 22 if teacher else 19
        hired = D(rng.randint(max(1995, birth.year + start_age), 2025), 8, 25)
        category = rng.choice(CATEGORIES) if teacher and hired.year <= 2023 else ""
        attested = (
            D(rng.randint(max(2017, hired.year + 2), 2025), rng.randint(1, 12), 15) if category else None
        )
        years = today.year - hired.year
        earlier = rng.randint(0, min(5, hired.year - birth.year - start_age))
        person = Person(
            last_name=rng.choice(names["last"][sex]),
            first_name=rng.choice(names["first"][sex]),
            patronymic=rng.choice(names["patronymic"][sex]),
            sex=sex,
            birth_date=birth,
            iin=make_iin(birth, sex, i),
            phone=f"{names['phone']} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            address=f"{names['street']}, {rng.randint(1, 200)}, кв. {rng.randint(1, 90)}",
        )
        employee = Employee(
            school=school,
            position=position,
            structural_unit=unit,
            staff_group=group,
            rate=rate,
            class_guidance_allowed=teacher and i < guidance,
            hired_on=hired,
            contract_number=f"ТД-{hired.year}-{i + 1}",
            contract_date=hired,
            marital_status=rng.choice(["married", "single", ""]),
            nationality=rng.choice(names["nationality"]),
            consent_given_on=hired if rng.random() < 0.9 else None,
            qualification_category=category,
            attested_on=attested,
            category_valid_until=category_valid_until(group, attested) if attested else None,
            seniority_total=years + earlier,
            seniority_teaching=years if teacher else 0,
            seniority_at_school=years,
        )
        education = Education(
            level="higher" if teacher else "vocational",
            institution=rng.choice(names["institutions"]),
            speciality=position.replace("Учитель ", "") if teacher else position,
            graduation_year=min(birth.year + start_age, hired.year),
            diploma_number=f"ЖБ-{rng.randint(100000, 999999)}",
        )
        rows.append((person, employee, education, teacher))
    people = Person.objects.bulk_create([r[0] for r in rows])
    orders = Order.objects.bulk_create(
        _hiring_orders(school, hr_user, [(p, r[1]) for p, r in zip(people, rows, strict=True)])
    )
    for person, order, (_p, employee, _ed, _t) in zip(people, orders, rows, strict=True):
        employee.person, employee.hiring_order = person, order
    employees = Employee.objects.bulk_create([r[1] for r in rows])
    EmployeeOrder.objects.bulk_create(EmployeeOrder(employee=e, order=e.hiring_order) for e in employees)
    WorkRecord.objects.bulk_create(
        WorkRecord(employee=e, position=e.position, structural_unit=e.structural_unit, start=e.hired_on)
        for e in employees
    )
    for employee, (_p, _e, education, _t) in zip(employees, rows, strict=True):
        education.employee = employee
    Education.objects.bulk_create([r[2] for r in rows])
    for i, (employee, (_p, _e, _ed, teacher)) in enumerate(zip(employees, rows, strict=True)):
        _events(i, employee, teacher, hr_user, rng, today)
    return employees


def _hiring_orders(school, author, hires):
    """The hiring orders of (person, employee) pairs, numbered "N-к" after the school's orders of each year."""
    taken = {}
    for year, number in Order.objects.filter(school=school, number__endswith=ORDER_SUFFIX).values_list(
        "date__year", "number"
    ):
        taken.setdefault(year, set()).add(number)
    orders = []
    for person, employee in hires:
        numbers = taken.setdefault(employee.hired_on.year, set())
        n = len(numbers) + 1
        while f"{n}{ORDER_SUFFIX}" in numbers:
            n += 1
        numbers.add(f"{n}{ORDER_SUFFIX}")
        orders.append(
            Order(
                school=school,
                kind="staff_hiring",
                number=f"{n}{ORDER_SUFFIX}",
                date=employee.hired_on,
                content=f"О приёме на работу: {person.full_name}, {employee.position}",
                author=author,
            )
        )
    return orders


def _events(i, employee, teacher, hr_user, rng, today):
    """Leave, sick leave and courses of some files, through the services."""
    if i % 9 == 0:  # on leave now
        absence_register(
            acting_user=hr_user,
            employee=employee,
            kind=AbsenceKind.LEAVE,
            leave_type="annual" if i % 18 else "maternity",
            start=today - datetime.timedelta(days=5),
            end=today + datetime.timedelta(days=20 if i % 18 else 120),
        )
    elif i % 7 == 0:
        absence_register(
            acting_user=hr_user,
            employee=employee,
            kind=AbsenceKind.SICK_LEAVE,
            start=today - datetime.timedelta(days=40),
            end=today - datetime.timedelta(days=34),
            illness="ОРВИ",
            diagnosis="J06.9",
        )
    direction = employee.position.replace("Учитель ", "").capitalize()
    if teacher and i % 4 == 0 and employee.hired_on.year < today.year - 1:  # a course after the hiring
        course = course_plan(
            acting_user=hr_user,
            employee=employee,
            data={
                "name": "Обновление содержания образования",
                "direction": direction,
                "start": D(today.year - 1, 4, 14),
                "end": D(today.year - 1, 4, 30),
                "place": "ЦПМ «Өрлеу»",
                "kind": "planned",
                "description": "",
            },
        )
        if i % 8 == 0:
            course_confirm(
                acting_user=hr_user,
                course=course,
                certificate_number=f"{rng.randint(1000, 9999)}",
                certificate_date=D(today.year - 1, 5, 2),
                category=employee.qualification_category or "pedagogue",
                issued_by="АО НЦПК «Өрлеу»",
                attestation_date=D(today.year - 1, 5, 20),
                conclusion="attested",
            )
    elif teacher and i % 5 == 0:
        Course.objects.create(
            employee=employee,
            status="planned",
            name="Критериальное оценивание",
            direction="Педагогика",
            start=today + datetime.timedelta(days=60),
            end=today + datetime.timedelta(days=70),
            place="ЦПМ «Өрлеу»",
            requested_by=hr_user,
        )


def seed(context):
    User = get_user_model()
    for key, school in context["schools"].items():
        hr_user = User.objects.get(username=f"hr.{key}")
        _link_demo_logins(key, school, hr_user)
        staff = Employee.objects.filter(school=school)
        if not staff.exclude(person__user__isnull=False).exists():  # only the demo logins' files yet
            used = set(Person.objects.exclude(iin=None).values_list("iin", flat=True))
            teachers = teachers_for(CLASSES[key])
            generate_staff(
                school,
                teachers,
                GUIDANCE[key] - staff.filter(class_guidance_allowed=True).count(),
                hr_user,
                random.Random(f"mektep-staff-{key}"),
                _kz_iin(used, key),
            )
