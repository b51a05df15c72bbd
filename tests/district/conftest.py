"""The department's page filled in: a page, a unit, leaders (one registered), news, an announcement,
a folder with a document, a forum topic, an FAQ entry."""

import pytest

from district.models import (
    DepartmentPage,
    Document,
    FaqEntry,
    Folder,
    Member,
    NewsItem,
    Post,
    Topic,
    Unit,
)
from tests.contingent.factories import scan
from tests.factories import DistrictFactory, PersonFactory


@pytest.fixture
def dep(cast):
    d = cast.district
    page = DepartmentPage.objects.create(
        district=d, description="Отдел образования района", contacts="ул. Абая, 1; +7 727 000 00 00"
    )
    unit = Unit.objects.create(district=d, name="Отдел дошкольного образования", head="Касымова А.")
    registered = Member.objects.create(
        district=d,
        person=cast.district_official.person,
        category="leader",
        position="Руководитель",
        reception_hours="вторник 10:00–12:00",
    )
    unregistered = Member.objects.create(
        district=d,
        person=PersonFactory(last_name="Бекова", first_name="Салтанат"),
        category="specialist",
        position="Методист",
        unit=unit,
    )
    NewsItem.objects.create(
        district=d, title="Начало учебного года", body="1 сентября", author=cast.district_official
    )
    NewsItem.objects.create(
        district=d,
        kind="announcement",
        title="Совещание директоров",
        body="В пятницу",
        author=cast.district_official,
    )
    folder = Folder.objects.create(district=d, name="Приказы")
    document = Document.objects.create(
        folder=folder,
        title="Приказ о начале года",
        file=scan(),
        original_name="prikaz.pdf",
        uploaded_by=cast.district_official,
    )
    topic = Topic.objects.create(district=d, title="Подготовка к ЕНТ", author=cast.district_official)
    Post.objects.create(topic=topic, author=cast.district_official, body="Обсуждаем")
    FaqEntry.objects.create(district=d, question="Как записаться в 1 класс?", answer="Через портал")
    other = DistrictFactory()
    return {
        "page": page,
        "unit": unit,
        "registered": registered,
        "unregistered": unregistered,
        "folder": folder,
        "document": document,
        "topic": topic,
        "other_district": other,
    }


@pytest.fixture(autouse=True)
def english(cast):
    """Messages are asserted in English (the msgids); the catalogues are checked by test_i18n."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.update(language="en")
