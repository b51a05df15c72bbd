"""Demo blanks and records: a stock of blanks in several states at each school, last year's issued
attestats, certificates and commendation letters (to students that exist), protocols, correspondence
and assignments. Idempotent: a school that already has blanks is left as it is."""

import datetime

from django.contrib.auth import get_user_model

from contingent.models import Student, StudentStatus
from staff.models import Employee
from strict_forms import services
from strict_forms.models import (
    Assignment,
    BlankKind,
    BlankReceipt,
    Correspondence,
    Direction,
    DocumentFolder,
    KindGroup,
    Protocol,
    ProtocolKind,
)

# school key -> kind code -> (first, last) of the range received
STOCK = {
    "a": {
        "attestat_general": ("025401", "025430"),
        "attestat_general_honours": ("007101", "007105"),
        "certificate_basic": ("114201", "114230"),
        "commendation_letter": ("540101", "540120"),
    },
    "b": {
        "attestat_general": ("031501", "031525"),
        "certificate_basic": ("118801", "118825"),
        "commendation_letter": ("560101", "560110"),
    },
}
HANDED_OUT = 12  # of each range, to the first employees


def _ensure_national_kinds():
    """The national kinds come with a data migration; a database emptied since (tests that flush)
    gets them again here."""
    import importlib

    from django.apps import apps

    importlib.import_module("strict_forms.migrations.0002_national_blank_kinds").add_kinds(apps, None)


def seed(context):
    User = get_user_model()
    _ensure_national_kinds()
    for key, school in context["schools"].items():
        if BlankReceipt.objects.for_school(school).exists():
            continue
        director = User.objects.get(username=f"director.{key}")
        year_start = _current_year_start(school)
        last_june = datetime.date(year_start, 6, 20)
        employees = list(Employee.objects.current().for_school(school)[:2])
        for code, (first, last) in STOCK[key].items():
            kind = BlankKind.objects.get(school=None, code=code)
            services.blanks_receive(
                acting_user=director,
                school=school,
                kind=kind,
                numbers=f"{first}-{last}",
                received_on=datetime.date(year_start, 2, 10),
                basis="Накладная отдела образования",
            )
            if not employees:
                continue  # nobody to hand blanks to in this branch's data: they stay new
            handed = min(HANDED_OUT, int(last) - int(first))  # the last ones stay new
            end = str(int(first) + handed - 1).zfill(len(first))
            services.blanks_hand_out(
                acting_user=director,
                school=school,
                employee=employees[0],
                kind=kind,
                numbers=f"{first}-{end}",
                purpose="Заполнение документов выпускникам",
            )
            services.blank_write_off(
                acting_user=director,
                school=school,
                kind=kind,
                number=end,
                status="spoiled",
                reason="ошибка при заполнении",
                date=last_june,
            )
        _issue(director, school, last_june)
        lost_kind = BlankKind.objects.get(school=None, code="certificate_basic")
        services.blank_write_off(
            acting_user=director,
            school=school,
            kind=lost_kind,
            number=STOCK[key]["certificate_basic"][1],
            status="lost",
            reason="Утерян при перемещении сейфа",
            date=last_june,
        )
        _records(director, school, employees, last_june)


def _current_year_start(school):
    from core.models import AcademicYear

    year = AcademicYear.objects.filter(school=school, is_current=True).first()
    return year.start.year if year else datetime.date.today().year


def _issue(director, school, on):
    """Attestats to graduates or the 11th parallel, certificates to the 9th, letters to younger students."""
    from strict_forms.models import Blank, BlankStatus

    students = Student.objects.for_school(school).select_related("person")
    plans = [
        ("attestat_general", students.filter(status=StudentStatus.GRADUATED) | students.filter(parallel=11)),
        ("certificate_basic", students.filter(parallel=9)),
        ("commendation_letter", students.filter(status=StudentStatus.STUDYING, parallel__lte=8)),
    ]
    for code, candidates in plans:
        kind = BlankKind.objects.get(school=None, code=code)
        free = list(
            Blank.objects.for_school(school)
            .filter(kind=kind, status=BlankStatus.HANDED_OUT)
            .order_by("number")
        )
        group = KindGroup.COMMENDATION if code == "commendation_letter" else KindGroup.EDUCATION
        for blank, student in zip(free[:8], candidates.order_by("person__last_name")[:8], strict=False):
            services.document_issue(
                acting_user=director,
                school=school,
                student=student,
                kind=kind,
                number=blank.number,
                issued_on=on,
                group=group,
            )


def _records(director, school, employees, on):
    Protocol.objects.get_or_create(
        school=school,
        kind=ProtocolKind.PEDAGOGICAL_COUNCIL,
        number="1",
        date=datetime.date(on.year, 8, 28),
        defaults={
            "agenda": "Итоги прошлого учебного года. Утверждение плана работы школы на новый учебный год."
        },
    )
    Protocol.objects.get_or_create(
        school=school,
        kind=ProtocolKind.PEDAGOGICAL_COUNCIL,
        number="5",
        date=on,
        defaults={"agenda": "О выпуске учащихся 9 и 11 классов, выдаче аттестатов и свидетельств."},
    )
    for name in ("Нормативные документы", "Планы работы", "Отчёты"):
        DocumentFolder.objects.get_or_create(school=school, name=name)
    incoming, _created = Correspondence.objects.get_or_create(
        school=school,
        direction=Direction.INCOMING,
        reg_number="1",
        reg_date=datetime.date(on.year, 9, 3),
        defaults={
            "correspondent": "Управление образования района",
            "their_number": "04-12/1580",
            "subject": "О предоставлении сведений о выпускниках",
            "response_due": datetime.date(on.year, 9, 15),
        },
    )
    Correspondence.objects.get_or_create(
        school=school,
        direction=Direction.OUTGOING,
        reg_number="1",
        reg_date=datetime.date(on.year, 9, 12),
        defaults={"correspondent": "Управление образования района", "subject": "Сведения о выпускниках"},
    )
    if employees:
        Assignment.objects.get_or_create(
            school=school,
            title="Подготовить сведения о выпускниках",
            defaults={
                "executor": employees[0],
                "due_date": datetime.date(on.year, 9, 14),
                "status": "done",
                "done_on": datetime.date(on.year, 9, 12),
                "correspondence": incoming,
                "author": director,
            },
        )
        Assignment.objects.get_or_create(
            school=school,
            title="Сверить остаток бланков строгой отчётности",
            defaults={
                "executor": employees[-1],
                "due_date": datetime.date(on.year, 10, 1),
                "author": director,
            },
        )
