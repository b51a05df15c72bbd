"""Demo district for `seed_demo`: two schools, their years and periods, directors and staff with roles.

Idempotent: the district is found by its name and everything is created only once. Later layers
(staff, contingent, blanks) add their own data through their `demo.py` modules."""

import datetime
import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from core.models import AcademicYear, District, Person, Region, RoleAssignment, School
from core.models.roles import Role

DEMO_PASSWORD = "demo-Mektep-2026"


@functools.cache
def demo_password_hash():
    """The demo password hashed once per run: every demo login shares the one published password, and
    hashing it anew for each (about a second of CPU per hash with the production hasher) was most of
    this module's time."""
    return make_password(DEMO_PASSWORD)


def analyze(*models):
    """Fresh planner statistics for the tables of `models`. The seed fills them in one transaction, and
    until then PostgreSQL plans them as empty: joins of sequential scans that run for minutes."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def set_demo_password(user):
    """Gives `user` the demo password (not saved)."""
    user.password = demo_password_hash()


SCHOOLS = [
    {
        "name_ru": "Средняя общеобразовательная школа №8 имени Абая",
        "name_kk": "Абай атындағы №8 жалпы орта білім беретін мектеп",
        "name_en": "Abai Secondary School No. 8",
        "kind": "school",
        "address": "ул. Абая, 15",
        "director_name": "Сарсенбаева Гульнар Ерлановна",
        "languages": "қазақ, орыс",
        "shifts": 2,
        "phone": "+7 727 255 12 34",
        "licence_number": "KZ12LAA00012345",
        "licence_date": datetime.date(2019, 6, 1),
        "accreditation_number": "АК-0457",
        "accreditation_date": datetime.date(2022, 5, 20),
        "design_capacity": 1200,
    },
    {
        "name_ru": "Гимназия №21",
        "name_kk": "№21 гимназия",
        "name_en": "Gymnasium No. 21",
        "kind": "gymnasium",
        "address": "мкр. Самал-2, 44",
        "director_name": "Ким Виктор Александрович",
        "languages": "орыс, қазақ, ағылшын",
        "shifts": 1,
        "phone": "+7 727 263 45 67",
        "licence_number": "KZ34LAA00067890",
        "licence_date": datetime.date(2018, 8, 15),
        "accreditation_number": "АК-0912",
        "accreditation_date": datetime.date(2023, 4, 11),
        "design_capacity": 900,
    },
]

# login -> (last name, first name, patronymic, sex, [roles]); the school key is the suffix a/b.
PEOPLE = {
    "a": [
        ("director", "Сарсенбаева", "Гульнар", "Ерлановна", "f", [Role.DIRECTOR]),
        ("deputy", "Нурланова", "Айжан", "Маратовна", "f", [Role.DEPUTY_DIRECTOR, Role.TEACHER]),
        ("hr", "Жумабекова", "Сауле", "Кайратовна", "f", [Role.HR_OFFICER, Role.SECRETARY]),
        ("clerk", "Омарова", "Динара", "Сериковна", "f", [Role.RECORDS_CLERK]),
        ("admin", "Ахметов", "Ерлан", "Болатович", "m", [Role.SCHOOL_ADMIN]),
        ("teacher", "Иванова", "Мария", "Петровна", "f", [Role.TEACHER, Role.CLASS_TEACHER]),
    ],
    "b": [
        ("director", "Ким", "Виктор", "Александрович", "m", [Role.DIRECTOR]),
        ("hr", "Исаева", "Асель", "Нурлановна", "f", [Role.HR_OFFICER, Role.SECRETARY, Role.RECORDS_CLERK]),
        ("teacher", "Серикбаев", "Данияр", "Асканович", "m", [Role.TEACHER]),
    ],
}


def _year(school, start_year, current):
    year, _created = AcademicYear.objects.get_or_create(
        school=school,
        name=f"{start_year}-{start_year + 1}",
        defaults={
            "start": datetime.date(start_year, 9, 1),
            "end": datetime.date(start_year + 1, 5, 31),
            "is_current": current,
        },
    )
    if not year.periods.exists():
        quarters = [
            ((9, 1), (10, 26)),
            ((11, 3), (12, 28)),
            ((1, 8), (3, 18)),
            ((3, 30), (5, 25)),
        ]
        for i, ((m1, d1), (m2, d2)) in enumerate(quarters, start=1):
            y1 = start_year if m1 >= 9 else start_year + 1
            y2 = start_year if m2 >= 9 else start_year + 1
            year.periods.create(
                kind="quarter",
                name=f"{i} четверть",
                start=datetime.date(y1, m1, d1),
                end=datetime.date(y2, m2, d2),
            )
    return year


@transaction.atomic
def seed(stdout=None):
    User = get_user_model()
    region, _created = Region.objects.get_or_create(
        name_ru="г. Алматы", defaults={"name_kk": "Алматы қ.", "name_en": "Almaty city", "country": "KZ"}
    )
    district, _created = District.objects.get_or_create(
        name_ru="Управление образования Бостандыкского района",
        defaults={
            "region": region,
            "name_kk": "Бостандық ауданының білім басқармасы",
            "name_en": "Bostandyk district education department",
            "phone": "+7 727 200 00 00",
            "address": "пр. Аль-Фараби, 7",
        },
    )
    schools = {}
    for key, data in zip("ab", SCHOOLS, strict=True):
        school, _created = School.objects.get_or_create(
            name_ru=data["name_ru"], district=district, defaults={**data, "settlement": "Алматы"}
        )
        schools[key] = school
        _year(school, 2025, current=False)
        _year(school, 2026, current=True)
    logins = []
    official, created = User.objects.get_or_create(username="district", defaults={"language": "ru"})
    if created:
        official.person = Person.objects.create(
            last_name="Бекова", first_name="Алия", patronymic="Сериковна", sex="f"
        )
        set_demo_password(official)
        official.save()
        RoleAssignment.objects.create(user=official, role=Role.DISTRICT_OFFICIAL, district=district)
    logins.append("district")
    for key, people in PEOPLE.items():
        for login, last, first, patronymic, sex, roles in people:
            username = f"{login}.{key}"
            user, created = User.objects.get_or_create(username=username, defaults={"language": "ru"})
            if created:
                user.person = Person.objects.create(
                    last_name=last, first_name=first, patronymic=patronymic, sex=sex
                )
                user.first_name, user.last_name = first, last
                set_demo_password(user)
                user.save()
                for role in roles:
                    RoleAssignment.objects.create(user=user, role=role, school=schools[key])
            logins.append(username)
    return {"district": district, "schools": schools, "logins": logins}


def login_label(username):
    """What seed_demo prints beside a demo login: its roles and where they hold, read from the database."""
    assignments = list(
        RoleAssignment.objects.filter(user__username=username)
        .select_related("school", "district")
        .order_by("pk")
    )
    if not assignments:
        return ""
    roles = ", ".join(str(Role(a.role).label) for a in assignments)
    place = assignments[0].school or assignments[0].district
    return f"{roles} — {place.name_ru}"
