"""Factories for the shared kernel; each app adds its own in tests/<app>/factories.py."""

import datetime
import functools

import factory
from django.contrib.auth import get_user_model

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
from core.validators import iin_control_digit


@functools.cache
def _serials_with_a_control_digit(prefix):
    return [s for s in range(10000) if iin_control_digit(f"{prefix}{s:04d}") is not None]


def make_iin(birth: datetime.date, sex: str, serial: int) -> str:
    """A checksum-valid IIN for a birth date, sex and serial (DOMAIN.md 1.1); distinct serials give
    distinct numbers (serials without a control digit are skipped, not shifted onto the next one)."""
    century_sex = {(18, "m"): 1, (18, "f"): 2, (19, "m"): 3, (19, "f"): 4, (20, "m"): 5, (20, "f"): 6}
    prefix = f"{birth:%y%m%d}{century_sex[(birth.year // 100, sex)]}"
    valid = _serials_with_a_control_digit(prefix)
    body = f"{prefix}{valid[serial % len(valid)]:04d}"
    return f"{body}{iin_control_digit(body)}"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name_kk = factory.Sequence(lambda n: f"Облыс {n}")
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    region = factory.SubFactory(RegionFactory)
    name_kk = factory.Sequence(lambda n: f"Аудан {n} білім бөлімі")
    name_ru = factory.Sequence(lambda n: f"Отдел образования района {n}")
    name_en = factory.Sequence(lambda n: f"District {n} education department")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    district = factory.SubFactory(DistrictFactory)
    name_kk = factory.Sequence(lambda n: f"№{n} жалпы орта білім беретін мектеп")
    name_ru = factory.Sequence(lambda n: f"Средняя общеобразовательная школа №{n}")
    name_en = factory.Sequence(lambda n: f"Secondary school No. {n}")
    address = "ул. Абая, 1"
    settlement = "Алматы"


class AcademicYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademicYear

    school = factory.SubFactory(SchoolFactory)
    name = "2026-2027"
    start = datetime.date(2026, 9, 1)
    end = datetime.date(2027, 5, 31)
    is_current = True


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period

    academic_year = factory.SubFactory(AcademicYearFactory)
    name = "1 четверть"
    start = datetime.date(2026, 9, 1)
    end = datetime.date(2026, 10, 25)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    last_name = factory.Iterator(["Ахметова", "Серикбаев", "Иванова", "Жумабеков", "Ким", "Омарова"])
    first_name = factory.Iterator(["Айгерим", "Ерлан", "Мария", "Данияр", "Виктор", "Асель"])
    patronymic = ""
    birth_date = datetime.date(1985, 3, 14)
    sex = "f"
    iin = factory.Sequence(lambda n: make_iin(datetime.date(1985, 3, 14), "f", 10 * n))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    person = factory.SubFactory(PersonFactory)
    password = factory.PostGenerationMethodCall("set_password", "pass-Word-123")
    language = "ru"

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = "teacher"
    school = factory.SubFactory(SchoolFactory)


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    school = factory.SubFactory(SchoolFactory)
    kind = OrderKind.GENERAL
    number = factory.Sequence(lambda n: f"{n + 1}-о")
    date = datetime.date(2026, 9, 1)
    content = "Об организации учебного года"
    author = factory.SubFactory(UserFactory)


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "staff.Employee"

    school = factory.SubFactory(SchoolFactory)
    person = factory.SubFactory(PersonFactory)
    position = "Учитель"
    hired_on = datetime.date(2015, 8, 25)


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contingent.SchoolClass"

    school = factory.SubFactory(SchoolFactory)
    academic_year = factory.LazyAttribute(
        lambda o: (
            AcademicYear.objects.filter(school=o.school, is_current=True).first()
            or AcademicYearFactory(school=o.school)
        )
    )
    parallel = 5
    letter_ru = factory.Sequence(lambda n: "АБВГДЕЖЗИК"[n % 10])
    letter_kk = factory.LazyAttribute(lambda o: o.letter_ru)
    letter_en = factory.Sequence(lambda n: "ABCDEFGHIK"[n % 10])


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contingent.Student"

    school = factory.SubFactory(SchoolFactory)
    person = factory.SubFactory(
        PersonFactory,
        birth_date=datetime.date(2015, 9, 1),
        iin=factory.Sequence(lambda n: make_iin(datetime.date(2015, 9, 1), "f", 10 * n)),
    )
    school_class = None
    parallel = factory.LazyAttribute(lambda o: o.school_class.parallel if o.school_class else 5)
    admitted_on = datetime.date(2021, 9, 1)


# Shared, idempotent ways for the builders of the apps (tests/<app>/conftest.py, url_matrix.py,
# factories.py) to reach the cast's common objects: the URL matrix builds every app's objects on one
# cast, so a builder asks for the teacher's file or the next period here instead of making its own.


def employee_of(person, school, factory=None, **kwargs):
    """The active personal file of `person` at `school`, made once however many builders ask for it
    (one active file per person and school is a database rule). A right asked for by a later builder
    (class_guidance_allowed) is granted to the file that exists."""
    from staff.models import Employee

    existing = Employee.objects.filter(person=person, school=school, status="active").first()
    if existing is None:
        return (factory or EmployeeFactory)(person=person, school=school, **kwargs)
    if kwargs.get("class_guidance_allowed") and not existing.class_guidance_allowed:
        existing.class_guidance_allowed = True
        existing.save(update_fields=["class_guidance_allowed"])
    return existing


def next_period(year, name, start=None, end=None, days=1):
    """A new period of `year` after its last one (periods of a year do not overlap: a database rule):
    from `start` or the day after the last period ends, whichever is later; to `end`, else `days`
    long, and never before it starts."""
    last = year.periods.order_by("-end").first()
    start = max(d for d in (start, year.start, last and last.end + datetime.timedelta(days=1)) if d)
    end = max(end or start + datetime.timedelta(days=days), start)
    return PeriodFactory(academic_year=year, name=name, start=start, end=end)
