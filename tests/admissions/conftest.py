"""The admission's world on top of the cast: an open campaign, the address register of both schools,
quotas, first-grade classes, and a helper that submits an application as a parent would."""

import datetime
import itertools
import uuid
from dataclasses import dataclass

import pytest
from django.utils import timezone

from admissions.models import AdmissionRule, CatchmentRange, Locality, Parity, Quota, Street
from admissions.services import application_submit
from tests.contingent.factories import make_class
from tests.factories import make_iin

_serial = itertools.count(100)
YEAR = 2026


def kid_iin(birth=datetime.date(2020, 5, 17), sex="m"):
    return make_iin(birth, sex, next(_serial))


def parent_iin(birth=datetime.date(1990, 3, 4), sex="f"):
    return make_iin(birth, sex, next(_serial))


@dataclass
class AdmWorld:
    rule: object
    abaya: object  # school A: houses 1-99; school B also claims the odd houses 91-121
    satpaeva: object  # school B: even houses 2-50
    class_1a: object
    class_1b_other: object  # a first-grade class of school B
    quota_residence: object
    quota_large: object


def build_adm(cast, places=2):
    if "_adm" in cast.__dict__:
        return cast.__dict__["_adm"]
    now = timezone.now()
    rule = AdmissionRule.objects.create(
        country="KZ",
        year=YEAR,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )
    town = Locality.objects.create(district=cast.district, name_ru="Алматы", name_kk="Алматы")
    abaya = Street.objects.create(locality=town, name_ru="ул. Абая", name_kk="Абай к-сі")
    satpaeva = Street.objects.create(locality=town, name_ru="ул. Сатпаева", name_kk="Сәтбаев к-сі")
    CatchmentRange.objects.create(school=cast.school_a, street=abaya, number_from=1, number_to=99)
    CatchmentRange.objects.create(
        school=cast.school_b, street=abaya, number_from=91, number_to=121, parity=Parity.ODD
    )
    CatchmentRange.objects.create(
        school=cast.school_b, street=satpaeva, number_from=2, number_to=50, parity=Parity.EVEN
    )
    q1 = Quota.objects.create(school=cast.school_a, year=YEAR, category="residence", places=places)
    q2 = Quota.objects.create(school=cast.school_a, year=YEAR, category="large_family", places=1)
    Quota.objects.create(school=cast.school_b, year=YEAR, category="residence", places=25)
    class_1a = make_class(cast.school_a, 1, "А", year=cast.year_a)
    class_1b = make_class(cast.school_b, 1, "А", year=cast.year_b)
    world = AdmWorld(rule, abaya, satpaeva, class_1a, class_1b, q1, q2)
    cast.__dict__["_adm"] = world
    return world


@pytest.fixture
def adm(cast):
    return build_adm(cast)


def application_data(world, **overrides):
    birth = overrides.pop("birth", datetime.date(2020, 5, 17))
    iin = overrides.pop("child_iin", None) or kid_iin(birth)
    data = {
        "category": "residence",
        "child_iin": iin,
        "child_last_name": "Сейткали",
        "child_first_name": "Алихан",
        "child_patronymic": "",
        "child_birth_date": birth,
        "child_sex": "m",
        "street": world.abaya,
        "house": "12",
        "flat": "",
        "parent_iin": parent_iin(),
        "parent_last_name": "Сейткали",
        "parent_first_name": "Айгерим",
        "parent_patronymic": "",
        "phone": "+77011234567",
        "email": "parent@example.kz",
        "consent_at": timezone.now(),
        "language": "kk",
    }
    data.update(overrides)
    return data


def submit(cast, world, school=None, request_id=None, **overrides):
    application, _created = application_submit(
        request_id=request_id or uuid.uuid4(),
        school=school or cast.school_a,
        data=application_data(world, **overrides),
    )
    return application


@pytest.fixture(autouse=True)
def english(settings):
    """The tests read the English msgids; the Kazakh, Russian and Kyrgyz pages have their own tests."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
