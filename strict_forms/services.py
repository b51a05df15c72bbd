"""Operations on blanks and issued documents (BLK-1..BLK-6): each one transaction, rows locked with
select_for_update, refusals as translated OperationError (DESIGN rule 4). The blank's story is written
to the append-only BlankEvent ledger by these functions and nowhere else."""

import re

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from contingent.models import Student
from core.models import School
from core.permissions import Perm, has_permission
from core.services import OperationError
from staff.models import Employee
from strict_forms.models import (
    Blank,
    BlankEvent,
    BlankEventKind,
    BlankKind,
    BlankReceipt,
    BlankStatus,
    Correspondence,
    DocumentStatus,
    IssuedDocument,
    KindGroup,
    WriteOffAct,
)

MAX_RANGE = 1000
SHOWN_NUMBERS = 20
_RANGE = re.compile(r"^\s*([0-9]{1,12})\s*(?:[-–—]\s*([0-9]{1,12}))?\s*$")


def parse_numbers(text):
    """'025416' -> ['025416']; '025416-025500' -> every number of the range, leading zeros kept."""
    match = _RANGE.match(text or "")
    if not match:
        raise OperationError(_("Enter a blank number or a range such as 025416-025500 (digits only)."))
    first, last = match.group(1), match.group(2)
    if last is None or last == first:
        return [first]
    if len(first) != len(last):
        raise OperationError(_("Both ends of a range must have the same number of digits."))
    start, end = int(first), int(last)
    if end < start:
        raise OperationError(_("The end of a range must not be below its start."))
    if end - start + 1 > MAX_RANGE:
        raise OperationError(_("A range may hold at most %(max)s blanks.") % {"max": MAX_RANGE})
    return [str(n).zfill(len(first)) for n in range(start, end + 1)]


def _numbers_text(numbers):
    numbers = sorted(numbers)
    shown = ", ".join(numbers[:SHOWN_NUMBERS])
    if len(numbers) > SHOWN_NUMBERS:
        shown += " " + _("and %(count)s more") % {"count": len(numbers) - SHOWN_NUMBERS}
    return shown


def _check_may_manage(acting_user, school):
    if not has_permission(acting_user, Perm.BLANKS_MANAGE, school):
        raise OperationError(_("You may not manage blanks at this school."))


def _check_kind(kind, school):
    if not BlankKind.objects.available_at(school).filter(pk=kind.pk).exists():
        raise OperationError(_("This kind of blank is not used at this school."))


def _event(blank, kind, from_status, acting_user, **fields):
    return BlankEvent(
        blank=blank, kind=kind, from_status=from_status, to_status=blank.status, user=acting_user, **fields
    )


@transaction.atomic
def blanks_receive(*, acting_user, school, kind, numbers, series="", received_on=None, basis=""):
    """BLK-1: registers received blanks, one number or a whole range; a clash refuses the whole range."""
    _check_may_manage(acting_user, school)
    _check_kind(kind, school)
    numbers = parse_numbers(numbers) if isinstance(numbers, str) else list(numbers)
    series = (series or "").strip()
    clashing = list(
        Blank.objects.filter(kind=kind, series=series, number__in=numbers).values_list("number", flat=True)
    )
    if clashing:
        raise OperationError(_duplicate_message(numbers, clashing))
    receipt = BlankReceipt.objects.create(
        school=school,
        kind=kind,
        series=series,
        first_number=numbers[0],
        last_number=numbers[-1],
        count=len(numbers),
        received_on=received_on or timezone.localdate(),
        basis=basis,
        created_by=acting_user,
    )
    try:
        with transaction.atomic():
            blanks = Blank.objects.bulk_create(
                [Blank(school=school, kind=kind, series=series, number=n, receipt=receipt) for n in numbers]
            )
    except IntegrityError as error:  # another clerk registered one of them a moment ago
        clashing = Blank.objects.filter(kind=kind, series=series, number__in=numbers).values_list(
            "number", flat=True
        )
        raise OperationError(_duplicate_message(numbers, list(clashing))) from error
    BlankEvent.objects.bulk_create(
        [_event(b, BlankEventKind.RECEIVED, "", acting_user, note=basis) for b in blanks]
    )
    return receipt


def _duplicate_message(numbers, clashing):
    if len(numbers) == 1 or not clashing:
        return _("A blank with this number of this kind already exists.")
    return _("A blank with this number of this kind already exists: %(numbers)s. Nothing was registered.") % {
        "numbers": _numbers_text(clashing)
    }


def _locked_blanks(school, kind, numbers, series=None):
    qs = Blank.objects.select_for_update().filter(school=school, kind=kind, number__in=numbers)
    if series is not None:
        qs = qs.filter(series=series)
    blanks = list(qs.order_by("number"))
    found = {b.number for b in blanks}
    numbers_seen = [b.number for b in blanks]
    if len(blanks) > len(found):
        # The same number in two series of one kind: the operation would not know which blank is meant.
        raise OperationError(
            _("Blanks of this kind with number %(numbers)s exist in several series and cannot be told apart.")
            % {
                "numbers": _numbers_text(
                    sorted({b.number for b in blanks if numbers_seen.count(b.number) > 1})
                )
            }
            + " "
            + _("Give the series.")
        )
    missing = [n for n in numbers if n not in found]
    if missing:
        raise OperationError(
            _("No blank of this kind with number %(numbers)s is registered at the school.")
            % {"numbers": _numbers_text(missing)}
        )
    return blanks


def _refuse_transition(blanks, status):
    wrong = [b for b in blanks if not b.can_become(status)]
    if wrong:
        raise OperationError(
            _("Blank No. %(numbers)s is %(status)s; it cannot become %(new)s.")
            % {
                "numbers": _numbers_text([b.number for b in wrong]),
                "status": wrong[0].get_status_display(),
                "new": BlankStatus(status).label,
            }
        )


def _series(series):
    """A typed series ("" = not given: any series, refused when a number exists in several)."""
    series = (series or "").strip()
    return series or None


@transaction.atomic
def blanks_hand_out(*, acting_user, school, employee, kind, numbers, purpose="", series=None):
    """BLK-2: hands new blanks (one number or a range, of one series when given) to an employee."""
    _check_may_manage(acting_user, school)
    if not Employee.objects.current().for_school(school).filter(pk=employee.pk).exists():
        raise OperationError(_("The recipient must be a current employee of this school."))
    numbers = parse_numbers(numbers) if isinstance(numbers, str) else list(numbers)
    blanks = _locked_blanks(school, kind, numbers, _series(series))
    _refuse_transition(blanks, BlankStatus.HANDED_OUT)
    events = []
    for blank in blanks:
        old = blank.status
        blank.status, blank.holder, blank.purpose = BlankStatus.HANDED_OUT, employee, purpose
        events.append(
            _event(blank, BlankEventKind.HANDED_OUT, old, acting_user, employee=employee, note=purpose)
        )
    Blank.objects.bulk_update(blanks, ["status", "holder", "purpose"])
    BlankEvent.objects.bulk_create(events)
    return blanks


@transaction.atomic
def blank_write_off(*, acting_user, school, kind, number, status, reason, date=None, series=None):
    """BLK-3: registers a spoiled or lost blank and draws up the write-off act."""
    _check_may_manage(acting_user, school)
    if status not in (BlankStatus.SPOILED, BlankStatus.LOST):
        raise OperationError(_("A blank is written off as spoiled or lost."))
    reason = (reason or "").strip()
    if not reason:
        raise OperationError(_("Give the reason of the spoilage or loss."))
    (blank,) = _locked_blanks(school, kind, parse_numbers(number), _series(series))
    _refuse_transition([blank], status)
    School.objects.select_for_update().filter(pk=school.pk).first()  # act numbers: one at a time
    last = WriteOffAct.objects.filter(school=school).aggregate(n=Max("number"))["n"] or 0
    act = WriteOffAct.objects.create(
        school=school,
        number=last + 1,
        date=date or timezone.localdate(),
        status=status,
        reason=reason,
        created_by=acting_user,
    )
    old = blank.status
    blank.status, blank.reason, blank.write_off_act = status, reason, act
    blank.save(update_fields=["status", "reason", "write_off_act"])
    kind_of_event = BlankEventKind.SPOILED if status == BlankStatus.SPOILED else BlankEventKind.LOST
    _event(blank, kind_of_event, old, acting_user, act=act, note=reason, employee=blank.holder).save()
    return act


@transaction.atomic
def blank_delete(*, acting_user, blank):
    """BLK-4: only a new blank (a mistaken entry) can be deleted."""
    blank = Blank.objects.select_for_update().select_related("receipt").get(pk=blank.pk)
    _check_may_manage(acting_user, blank.school)
    if not blank.can_be_deleted():
        raise OperationError(
            _("Only a new blank can be deleted; blank No. %(number)s is %(status)s.")
            % {"number": blank.number, "status": blank.get_status_display()}
        )
    receipt = BlankReceipt.objects.select_for_update().get(pk=blank.receipt_id)
    blank.delete()
    if receipt.count <= 1:
        receipt.delete()
    else:
        receipt.count -= 1
        receipt.save(update_fields=["count"])


def _blank_for_issue(school, kind, number, group, series=None):
    """The blank a document is issued on: of a kind of the right group, handed out, not yet used."""
    numbers = parse_numbers(number)
    if len(numbers) != 1:
        raise OperationError(_("Enter one blank number."))
    number = numbers[0]
    if kind.group != group:
        raise OperationError(
            _("Blank No. %(number)s is of the kind «%(kind)s»; choose a blank of the right kind.")
            % {"number": number, "kind": kind}
        )
    candidates = Blank.objects.select_for_update().filter(school=school, kind=kind, number=number)
    if _series(series) is not None:
        candidates = candidates.filter(series=_series(series))
    found = list(candidates[:2])
    if len(found) > 1:
        raise OperationError(
            _("Blanks of this kind with number %(numbers)s exist in several series and cannot be told apart.")
            % {"numbers": number}
            + " "
            + _("Give the series.")
        )
    blank = found[0] if found else None
    if blank is None:
        other = Blank.objects.filter(school=school, number=number).select_related("kind").first()
        if other is not None and other.kind.group != group:
            raise OperationError(
                _("Blank No. %(number)s is of the kind «%(kind)s»; choose a blank of the right kind.")
                % {"number": number, "kind": other.kind}
            )
        raise OperationError(
            _("No blank of this kind with number %(numbers)s is registered at the school.")
            % {"numbers": number}
        )
    if blank.status == BlankStatus.NEW:
        raise OperationError(
            _(
                "Blank No. %(number)s has not been handed out to an employee yet; register the handing out first."
            )
            % {"number": number}
        )
    if blank.status != BlankStatus.HANDED_OUT:
        raise OperationError(
            _("Blank No. %(number)s is already used (%(status)s).")
            % {"number": number, "status": blank.get_status_display()}
        )
    return blank


def _refuse_second_valid_document(student, kind):
    """BLK-5: a student holds one valid attestat or certificate of a kind; a lost one gets a duplicate."""
    Student.objects.select_for_update().filter(pk=student.pk).first()  # one issue per student at a time
    existing = (
        IssuedDocument.objects.filter(student=student, blank__kind=kind, status=DocumentStatus.VALID)
        .select_related("blank__kind")
        .first()
    )
    if existing is not None:
        raise OperationError(
            _(
                "%(student)s already holds a valid document: %(document)s. Issue a duplicate from that record, "
                "or annul it first."
            )
            % {"student": student.person.full_name, "document": existing.blank}
        )


@transaction.atomic
def document_issue(
    *, acting_user, school, student, kind, number, issued_on, group, note="", duplicate_of=None, series=None
):
    """BLK-5, BLK-6: an attestat, certificate or commendation letter issued to a student on a blank."""
    _check_may_manage(acting_user, school)
    if student.school_id != school.pk:
        raise OperationError(_("The student must be of this school."))
    blank = _blank_for_issue(school, kind, number, group, series)
    if group == KindGroup.EDUCATION and duplicate_of is None:
        _refuse_second_valid_document(student, blank.kind)
    document = IssuedDocument.objects.create(
        school=school,
        blank=blank,
        student=student,
        issued_on=issued_on,
        note=note,
        duplicate_of=duplicate_of,
        created_by=acting_user,
    )
    old = blank.status
    blank.status = BlankStatus.ISSUED
    blank.save(update_fields=["status"])
    text = note
    if duplicate_of is not None:
        text = _("Duplicate of %(document)s") % {"document": duplicate_of.blank}
    _event(
        blank, BlankEventKind.ISSUED, old, acting_user, student=student, employee=blank.holder, note=text
    ).save()
    return document


@transaction.atomic
def document_issue_duplicate(*, acting_user, original, kind, number, issued_on, note="", series=None):
    """BLK-5: a duplicate for a lost document, on a new blank; both records and both blanks are linked."""
    original = IssuedDocument.objects.select_for_update().select_related("blank__kind").get(pk=original.pk)
    _check_may_manage(acting_user, original.school)
    if original.status != DocumentStatus.VALID:
        raise OperationError(
            _("A duplicate is issued for a valid document; this one is %(status)s.")
            % {"status": original.get_status_display()}
        )
    # the original stops being valid first: the database holds one valid document per student and kind
    original.status = DocumentStatus.DUPLICATE_ISSUED
    original.save(update_fields=["status"])
    duplicate = document_issue(
        acting_user=acting_user,
        school=original.school,
        student=Student.objects.get(pk=original.student_id),
        kind=kind,
        number=number,
        issued_on=issued_on,
        group=original.blank.kind.group,
        note=note,
        duplicate_of=original,
        series=series,
    )
    return duplicate


@transaction.atomic
def document_delete(*, acting_user, document):
    """BLK-6: a mistaken record is deleted; its blank goes back to the employee who held it."""
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    _check_may_manage(acting_user, document.school)
    if document.duplicate_of_id or IssuedDocument.objects.filter(duplicate_of=document).exists():
        raise OperationError(_("A record linked to a duplicate cannot be deleted."))
    blank = Blank.objects.select_for_update().get(pk=document.blank_id)
    student = document.student
    document.delete()
    blank.status = BlankStatus.HANDED_OUT if blank.holder_id else BlankStatus.NEW
    blank.save(update_fields=["status"])
    _event(
        blank,
        BlankEventKind.ISSUE_CANCELLED,
        BlankStatus.ISSUED,
        acting_user,
        student=student,
        employee=blank.holder,
    ).save()


# Records management (BLK-7): a registered record is archived, never deleted --------------------


def _check_may_manage_records(acting_user, school):
    if not has_permission(acting_user, Perm.RECORDS_MANAGE, school):
        raise OperationError(_("You may not manage the records of this school."))


@transaction.atomic
def record_archive(*, acting_user, record, reason):
    """BLK-7: a protocol, document, letter or assignment goes to the archive with the reason; its number
    stays taken and its history stays."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    _check_may_manage_records(acting_user, record.school)
    reason = (reason or "").strip()
    if not reason:
        raise OperationError(_("Give the reason for archiving."))
    if record.is_archived:
        raise OperationError(_("This record is already in the archive."))
    if isinstance(record, Correspondence):
        open_tasks = record.assignments.in_progress()
        if open_tasks.exists():
            raise OperationError(
                _(
                    "Assignments on this letter are still in progress: %(titles)s. Close or archive them first."
                )
                % {"titles": ", ".join(a.title for a in open_tasks[:5])}
            )
    record.archived_on, record.archive_reason, record.archived_by = timezone.localdate(), reason, acting_user
    record.save(update_fields=["archived_on", "archive_reason", "archived_by"])
    return record


@transaction.atomic
def record_restore(*, acting_user, record):
    """BLK-7: an archived record comes back into use."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    _check_may_manage_records(acting_user, record.school)
    if not record.is_archived:
        raise OperationError(_("This record is not in the archive."))
    record.archived_on, record.archive_reason, record.archived_by = None, "", None
    record.save(update_fields=["archived_on", "archive_reason", "archived_by"])
    return record
