"""Demo staff for `seed_demo`: the demo logins' personal files and a realistic staff per school.

Idempotent: the files of the demo logins are found by person, the generated staff only once per school."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.models import Person
from core.validators import iin_control_digit
from staff.models import AbsenceKind, Course, Education, Employee, WorkRecord
from staff.models.employees import category_valid_until
from staff.services import absence_register, course_confirm, course_plan, make_order

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
STAFF_SIZE = {"a": 60, "b": 40}
GUIDANCE = {"a": 30, "b": 27}

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
SUBJECTS = [
    "математики",
    "русского языка и литературы",
    "казахского языка и литературы",
    "английского языка",
    "физики",
    "химии",
    "биологии",
    "истории",
    "географии",
    "информатики",
    "начальных классов",
    "физической культуры",
    "музыки",
    "художественного труда",
]
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


def _iin(birth, sex, serial):
    century_sex = {(19, "m"): 3, (19, "f"): 4, (20, "m"): 5, (20, "f"): 6}
    while True:
        body = f"{birth:%y%m%d}{century_sex[(birth.year // 100, sex)]}{serial % 10000:04d}"
        control = iin_control_digit(body)
        if control is not None and not Person.objects.filter(iin=f"{body}{control}").exists():
            return f"{body}{control}"
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


def _generate(key, school, hr_user, rng):
    size = STAFF_SIZE[key] - Employee.objects.filter(school=school).count()
    guidance_left = (
        GUIDANCE[key] - Employee.objects.filter(school=school, class_guidance_allowed=True).count()
    )
    today = timezone.localdate()
    for i in range(max(size, 0)):
        sex = "f" if rng.random() < 0.78 else "m"
        birth = D(rng.randint(1962, 2000), rng.randint(1, 12), rng.randint(1, 28))
        person = Person.objects.create(
            last_name=rng.choice(LAST_F if sex == "f" else LAST_M),
            first_name=rng.choice(FIRST_F if sex == "f" else FIRST_M),
            patronymic=rng.choice(PATR_F if sex == "f" else PATR_M),
            sex=sex,
            birth_date=birth,
            iin=_iin(birth, sex, (ord(key) * 1000 + i * 7) % 10000),
            phone=f"+7 701 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            address=f"ул. Абая, {rng.randint(1, 200)}, кв. {rng.randint(1, 90)}",
        )
        teacher = i < STAFF_SIZE[key] - 8
        if teacher:
            position, unit, group = (
                f"Учитель {SUBJECTS[i % len(SUBJECTS)]}",
                "Методическое объединение",
                "teaching",
            )
        else:
            position, unit = SUPPORT[i % len(SUPPORT)]
            group = "support"
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
        employee = Employee.objects.create(
            school=school,
            person=person,
            position=position,
            structural_unit=unit,
            staff_group=group,
            rate=rng.choice([1, 1, 1, 1.5, 0.5]),
            class_guidance_allowed=teacher and guidance_left > 0,
            hired_on=hired,
            contract_number=f"ТД-{hired.year}-{i + 1}",
            contract_date=hired,
            marital_status=rng.choice(["married", "single", ""]),
            nationality=rng.choice(["казах", "казашка", "русский", "русская", "кореец"]),
            consent_given_on=hired if rng.random() < 0.9 else None,
            qualification_category=category,
            attested_on=attested,
            category_valid_until=category_valid_until(group, attested) if attested else None,
            seniority_total=years + earlier,
            seniority_teaching=years if teacher else 0,
            seniority_at_school=years,
        )
        if teacher and guidance_left > 0:
            guidance_left -= 1
        employee.hiring_order = make_order(
            school=school,
            kind="staff_hiring",
            date=hired,
            content=f"О приёме на работу: {person.full_name}, {position}",
            author=hr_user,
            employees=[employee],
        )
        employee.save(update_fields=["hiring_order"])
        WorkRecord.objects.create(employee=employee, position=position, structural_unit=unit, start=hired)
        Education.objects.create(
            employee=employee,
            level="higher" if teacher else "vocational",
            institution=rng.choice(
                ["КазНПУ им. Абая", "КазНУ им. аль-Фараби", "ЕНУ им. Гумилёва", "Алматинский колледж"]
            ),
            speciality=position.replace("Учитель ", "") if teacher else position,
            graduation_year=min(birth.year + start_age, hired.year),
            diploma_number=f"ЖБ-{rng.randint(100000, 999999)}",
        )
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
        if teacher and i % 4 == 0 and hired.year < today.year - 1:  # a course after the hiring
            course = course_plan(
                acting_user=hr_user,
                employee=employee,
                data={
                    "name": "Обновление содержания образования",
                    "direction": position.replace("Учитель ", "").capitalize(),
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
                    category=category or "pedagogue",
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
        if Employee.objects.filter(school=school).count() < STAFF_SIZE[key]:
            _generate(key, school, hr_user, random.Random(f"mektep-staff-{key}"))
