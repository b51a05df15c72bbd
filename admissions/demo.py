"""Demo admission for `seed_demo`: the campaign rules (KZ 2026, KZ 2027, KG 2026), an address register
of both demo schools' areas with one house range claimed by both, quotas, applications in every
status (confirmed ones through the services: a personal file, a first-grade class and an order) and
transfers between the schools. Idempotent: a school that has applications is left alone."""

import datetime
import random
import uuid
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max

from admissions.models import (
    AdmissionRule,
    Application,
    CatchmentRange,
    Locality,
    Parity,
    Quota,
    StatusChange,
    Street,
    Transfer,
)
from admissions.services import (
    application_confirm,
    application_refuse,
    application_withdraw,
    first_grade_classes,
    transfer_accept,
    transfer_release,
    transfer_request,
)
from contingent.models import SchoolClass, Student
from core.services import OperationError
from core.validators import iin_control_digit

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
STREETS = {
    "a": [
        ("ул. Тимирязева", "Тимирязев к-сі", 1, 99, Parity.ALL),
        ("ул. Жандосова", "Жандосов к-сі", 1, 61, Parity.ODD),
        ("ул. Розыбакиева", "Розыбакиев к-сі", 100, 180, Parity.ALL),
    ],
    "b": [
        ("ул. Сатпаева", "Сәтбаев к-сі", 2, 90, Parity.EVEN),
        ("ул. Жандосова", "Жандосов к-сі", 2, 60, Parity.EVEN),
        ("ул. Розыбакиева", "Розыбакиев к-сі", 170, 240, Parity.ALL),
    ],  # 170-180 claimed by both: flagged
}
BOYS = ["Алихан", "Нурислам", "Ерасыл", "Айсултан", "Тимур", "Санжар", "Максим", "Ибрагим"]
GIRLS = ["Аружан", "Айлин", "Амина", "Томирис", "Медина", "Сафия", "Алия", "Раяна"]
LAST = ["Абенов", "Серикбаев", "Нурланов", "Жумабаев", "Касымов", "Оспанов", "Ким", "Исмаилов"]


def _feminine(surname):
    """The mother's or daughter's form of a family name: Абенов -> Абенова, Ким stays Ким."""
    return surname + "а" if surname.endswith(("ов", "ев", "ин")) else surname


def _iin(rng, birth, sex):
    digit = {19: 3, 20: 5}[birth.year // 100] + (sex == "f")  # the century and sex digit of the IIN
    while True:
        body = f"{birth:%y%m%d}{digit}{rng.randint(0, 9999):04d}"
        control = iin_control_digit(body)
        if control is not None:
            return body + str(control)


def _rules():
    def at(y, m, d, h=0, mi=0):
        return datetime.datetime(y, m, d, h, mi, tzinfo=TZ)

    for year in (2026, 2027):
        AdmissionRule.objects.get_or_create(
            country="KZ",
            year=year,
            defaults={"opens_at": at(year, 4, 1), "closes_at": at(year, 8, 31, 23, 59), "class_size": 25},
        )
    AdmissionRule.objects.get_or_create(
        country="KG",
        year=2026,
        defaults={
            "opens_at": at(2026, 4, 1, 10),
            "closes_at": at(2026, 9, 30, 23, 59),
            "any_school_from": at(2026, 6, 1, 10),
            "oldest_age": 7,
            "max_cancellations": 3,
            "class_size": 36,
        },
    )


def _register(context):
    town, _created = Locality.objects.get_or_create(
        district=context["district"], name_ru="Алматы", defaults={"name_kk": "Алматы", "name_en": "Almaty"}
    )
    streets = {}
    for key, rows in STREETS.items():
        school = context["schools"][key]
        for name_ru, name_kk, lo, hi, parity in rows:
            street, _created = Street.objects.get_or_create(
                locality=town, name_ru=name_ru, defaults={"name_kk": name_kk}
            )
            streets[(key, name_ru)] = street
            CatchmentRange.objects.get_or_create(
                school=school, street=street, number_from=lo, number_to=hi, parity=parity
            )
    return streets


def _application(rng, school, street, house, category, day, status_note=""):
    sex = rng.choice("mf")
    # Six on the 1st of September of the admission year (a few already seven), as first-graders are.
    if rng.random() < 0.3:
        birth = datetime.date(2019, rng.randint(1, 12), rng.randint(1, 28))
    else:
        birth = datetime.date(2020, rng.randint(1, 8), rng.randint(1, 28))
    family = rng.choice(LAST)
    last = _feminine(family) if sex == "f" else family
    parent_birth = datetime.date(rng.randint(1982, 1995), rng.randint(1, 12), rng.randint(1, 28))
    submitted = datetime.datetime(2026, 4, day, rng.randint(8, 20), rng.randint(0, 59), tzinfo=TZ)
    a = Application.objects.create(
        request_id=uuid.uuid4(),
        school=school,
        year=2026,
        category=category,
        in_catchment=CatchmentRange.objects.covering(street, int(house)).filter(school=school).exists(),
        child_iin=_iin(rng, birth, sex),
        child_last_name=last,
        child_first_name=rng.choice(BOYS if sex == "m" else GIRLS),
        child_birth_date=birth,
        child_sex=sex,
        street=street,
        house=house,
        parent_iin=_iin(rng, parent_birth, "f"),
        parent_last_name=_feminine(family),
        parent_first_name=rng.choice(["Айгерим", "Гульнара", "Динара", "Жанар", "Асель"]),
        phone=f"+7701{rng.randint(1000000, 9999999)}",
        email=f"parent{rng.randint(100, 999)}@example.kz",
        consent_at=submitted,
        language=rng.choice(["kk", "ru"]),
    )
    Application.objects.filter(pk=a.pk).update(submitted_at=submitted)
    StatusChange.objects.create(application=a, status="submitted")
    StatusChange.objects.filter(application=a).update(at=submitted)
    return a


def _seed_school(key, school, streets, director):
    rng = random.Random(f"admissions-{key}")
    Quota.objects.get_or_create(school=school, year=2026, category="residence", defaults={"places": 50})
    Quota.objects.get_or_create(school=school, year=2026, category="large_family", defaults={"places": 4})
    Quota.objects.get_or_create(school=school, year=2026, category="disability", defaults={"places": 2})
    Quota.objects.get_or_create(school=school, year=2027, category="residence", defaults={"places": 50})
    own = [s for (k, _n), s in streets.items() if k == key]
    foreign = [s for (k, _n), s in streets.items() if k != key]
    classes = list(first_grade_classes(school).order_by("letter_ru"))
    made = []
    for i in range(24):
        street = rng.choice(own if i % 4 else foreign)
        ranges = CatchmentRange.objects.filter(street=street).order_by("pk").first()
        house = str((ranges.number_from or 1) + 2 * rng.randint(0, 10))
        category = "large_family" if i % 11 == 5 else ("disability" if i == 7 else "residence")
        made.append(_application(rng, school, street, house, category, 1 + i % 20))
    number = (Application.objects.filter(school=school).aggregate(m=Max("id"))["m"] or 0) * 10
    for i, a in enumerate(made[:10]):
        if not classes:
            break
        try:
            application_confirm(
                acting_user=director,
                application=a,
                to_class=classes[i % len(classes)],
                order_number=f"{number + i}-П",
                order_date=datetime.date(2026, 4, 15 + i % 10),
            )
        except OperationError:
            continue
    for a in made[10:13]:
        reason = "no_places" if not a.in_catchment else "incomplete_docs"
        application_refuse(
            acting_user=director,
            application=a,
            reason=reason,
            text="Не приложена медицинская справка формы 065/у"
            if reason == "incomplete_docs"
            else "Свободных мест нет",
        )
    application_withdraw(application=made[13])


def _transfers(context):
    """A parent of school A asks school B to take one child: one done, one waiting for the school."""
    User = get_user_model()
    parent = User.objects.filter(username="parent.a").select_related("person").first()
    if parent is None or Transfer.objects.exists():
        return
    children = list(
        Student.objects.current()
        .filter(guardians__person=parent.person, school=context["schools"]["a"], school_class__isnull=False)
        .select_related("school", "school_class")
        .order_by("pk")
    )
    b = context["schools"]["b"]
    director_b = User.objects.get(username="director.b")
    secretary_a = User.objects.get(username="hr.a")
    for i, child in enumerate(children[:2]):
        target = SchoolClass.objects.filter(school=b, parallel=child.parallel, is_active=True).first()
        if target is None:
            continue
        t = transfer_request(
            acting_user=parent, student=child, to_school=b, reason="Переезд в другой микрорайон"
        )
        if i == 0:
            transfer_accept(
                acting_user=director_b,
                transfer=t,
                to_class=target,
                order_number="ПР-1",
                order_date=datetime.date(2026, 10, 12),
            )
            transfer_release(
                acting_user=secretary_a,
                transfer=t,
                order_number="ВБ-1",
                order_date=datetime.date(2026, 10, 12),
            )


def seed(context):
    _rules()
    streets = _register(context)
    User = get_user_model()
    for key, school in context["schools"].items():
        if Application.objects.filter(school=school).exists():
            continue
        _seed_school(key, school, streets, User.objects.get(username=f"director.{key}"))
    _transfers(context)
