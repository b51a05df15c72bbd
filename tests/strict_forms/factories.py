"""Factories of the blanks and records area."""

import datetime

import factory

from strict_forms.models import (
    Assignment,
    Blank,
    BlankKind,
    BlankReceipt,
    Correspondence,
    Document,
    DocumentFolder,
    IssuedDocument,
    Protocol,
    WriteOffAct,
)
from tests.factories import EmployeeFactory, SchoolFactory, StudentFactory, UserFactory


def ensure_national_kinds():
    """The data migration's kinds; a transactional test elsewhere may have flushed them from the test database."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("strict_forms.migrations.0002_national_blank_kinds")
    if BlankKind.objects.filter(school=None).count() < len(migration.KINDS):
        migration.add_kinds(apps, None)


def kind(code="attestat_general"):
    ensure_national_kinds()
    return BlankKind.objects.get(school=None, code=code)


class BlankReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlankReceipt

    school = factory.SubFactory(SchoolFactory)
    kind = factory.LazyFunction(kind)
    first_number = "000001"
    last_number = "000001"
    count = 1
    received_on = datetime.date(2026, 2, 10)
    created_by = factory.SubFactory(UserFactory)


class BlankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Blank

    school = factory.SubFactory(SchoolFactory)
    kind = factory.LazyFunction(kind)
    number = factory.Sequence(lambda n: f"{900000 + n:06d}")
    receipt = factory.SubFactory(
        BlankReceiptFactory,
        school=factory.SelfAttribute("..school"),
        kind=factory.SelfAttribute("..kind"),
        first_number=factory.SelfAttribute("..number"),
        last_number=factory.SelfAttribute("..number"),
    )


class HandedOutBlankFactory(BlankFactory):
    status = "handed_out"
    holder = factory.SubFactory(EmployeeFactory, school=factory.SelfAttribute("..school"))
    purpose = "Заполнение аттестатов"


class WriteOffActFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WriteOffAct
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    number = factory.Sequence(lambda n: n + 1)
    date = datetime.date(2026, 6, 20)
    status = "spoiled"
    reason = "ошибка при заполнении"
    created_by = factory.SubFactory(UserFactory)
    spoiled_blank = factory.RelatedFactory(
        BlankFactory,
        factory_related_name="write_off_act",
        school=factory.SelfAttribute("..school"),
        status="spoiled",
        reason="ошибка при заполнении",
    )


class IssuedDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuedDocument

    school = factory.SubFactory(SchoolFactory)
    blank = factory.SubFactory(
        HandedOutBlankFactory, school=factory.SelfAttribute("..school"), status="issued"
    )
    student = factory.SubFactory(
        StudentFactory, school=factory.SelfAttribute("..school"), parallel=11, status="graduated"
    )
    issued_on = datetime.date(2026, 6, 20)
    created_by = factory.SubFactory(UserFactory)


class LetterFactory(IssuedDocumentFactory):
    blank = factory.SubFactory(
        HandedOutBlankFactory,
        school=factory.SelfAttribute("..school"),
        status="issued",
        kind=factory.LazyFunction(lambda: kind("commendation_letter")),
    )
    student = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..school"), parallel=5)


class ProtocolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Protocol

    school = factory.SubFactory(SchoolFactory)
    kind = "pedagogical_council"
    number = factory.Sequence(lambda n: str(n + 1))
    date = datetime.date(2026, 8, 28)
    agenda = "Итоги года"


class FolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentFolder

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Папка {n}")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    school = factory.SubFactory(SchoolFactory)
    folder = factory.SubFactory(FolderFactory, school=factory.SelfAttribute("..school"))
    title = "Положение о школе"
    date = datetime.date(2026, 9, 1)
    file = ""


class CorrespondenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correspondence

    school = factory.SubFactory(SchoolFactory)
    direction = "incoming"
    reg_number = factory.Sequence(lambda n: str(n + 1))
    reg_date = datetime.date(2026, 9, 3)
    correspondent = "Управление образования"
    subject = "О сведениях"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    school = factory.SubFactory(SchoolFactory)
    title = "Подготовить сведения"
    executor = factory.SubFactory(EmployeeFactory, school=factory.SelfAttribute("..school"))
    due_date = datetime.date(2026, 9, 14)
    author = factory.SubFactory(UserFactory)
