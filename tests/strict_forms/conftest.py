import pytest

from tests.factories import EmployeeFactory, StudentFactory
from tests.strict_forms.factories import ensure_national_kinds, kind


@pytest.fixture(autouse=True)
def national_kinds(request):
    if (
        "db" in request.fixturenames
        or "transactional_db" in request.fixturenames
        or "cast" in request.fixturenames
    ):
        request.getfixturevalue("cast" if "cast" in request.fixturenames else "db")
        ensure_national_kinds()


@pytest.fixture
def attestat_kind(db):
    return kind("attestat_general")


@pytest.fixture
def certificate_kind(db):
    return kind("certificate_basic")


@pytest.fixture
def letter_kind(db):
    return kind("commendation_letter")


@pytest.fixture
def employee(cast):
    return EmployeeFactory(school=cast.school_a, position="Классный руководитель 11 класса")


@pytest.fixture
def graduate(cast):
    return StudentFactory(school=cast.school_a, parallel=11, status="graduated")


@pytest.fixture
def pupil(cast):
    return StudentFactory(school=cast.school_a, parallel=5)
