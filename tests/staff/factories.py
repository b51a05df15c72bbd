"""Factories of the staff app."""

import datetime

import factory
from django.core.files.base import ContentFile

from staff.models import Absence, AbsenceKind, Course, CourseStatus
from tests.factories import EmployeeFactory, PersonFactory, UserFactory, make_iin

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name="scan.pdf"):
    return ContentFile(PDF, name=name)


class StaffPersonFactory(PersonFactory):
    iin = factory.Sequence(lambda n: make_iin(datetime.date(1980, 5, 17), "f", 3000 + 10 * n))
    birth_date = datetime.date(1980, 5, 17)


class StaffEmployeeFactory(EmployeeFactory):
    person = factory.SubFactory(StaffPersonFactory)
    consent_given_on = datetime.date(2015, 8, 25)
    contract_number = factory.Sequence(lambda n: f"ТД-{n}")


class AbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Absence

    employee = factory.SubFactory(StaffEmployeeFactory)
    kind = AbsenceKind.LEAVE
    leave_type = "annual"
    start = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=30 * n))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(days=9))
    created_by = factory.SubFactory(UserFactory)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    employee = factory.SubFactory(StaffEmployeeFactory)
    status = CourseStatus.PLANNED
    name = "Алгебра и начало анализа для 10-11 классов"
    direction = "Математика"
    start = datetime.date(2026, 4, 14)
    end = datetime.date(2026, 4, 30)
    place = "Управление образованием"
    requested_by = factory.SubFactory(UserFactory)
