"""Admission and transfer operations (DESIGN rule 4): one transaction each, rows locked, a translated
`OperationError` for every refusal. Views, the demo, the bench and the tests call them the same way."""

import contextlib
import datetime
import functools
import logging

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from admissions.models import (
    AdmissionRule,
    Application,
    ApplicationDocument,
    CatchmentRange,
    Category,
    Locality,
    Parity,
    Quota,
    RefusalReason,
    Status,
    StatusChange,
    Street,
    Transfer,
    TransferStatus,
    house_number,
)
from contingent.models import Consent, GuardianLink, LeaveReason, SchoolClass, Student, StudentStatus
from contingent.services import student_admit, student_expel
from core import prepared
from core.models import Order, OrderKind, Person
from core.permissions import Perm, has_permission
from core.services import OperationError

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- identity numbers (DOMAIN.md 1)


def birth_and_sex_from_id(number, country="KZ"):
    """Date of birth and sex read from a Kazakh IIN (YYMMDD + century/sex digit) or a Kyrgyz PIN
    (sex digit + DDMMYYYY); (None, None) when the digits do not make a date."""
    try:
        if country == "KG" and len(number) == 14:
            sex = {"1": "f", "2": "m"}.get(number[0])
            return datetime.date(int(number[5:9]), int(number[3:5]), int(number[1:3])), sex
        if len(number) == 12:
            digit = int(number[6])
            if digit not in range(1, 7):
                return None, None
            century = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}[digit]
            born = datetime.date(century + int(number[0:2]), int(number[2:4]), int(number[4:6]))
            return born, "m" if digit % 2 else "f"
    except ValueError:
        pass
    return None, None


# ---------------------------------------------------------------- flood limits


def rate_limited(key, limit, seconds=3600):
    """Counts one request of `key` in the current window (one upsert, shared by every server process);
    True once the window has seen more than `limit` requests. A limit of 0 switches it off.

    One statement, one round trip: it is its own transaction, and a counter lost in a crash costs
    nothing, so its commit does not wait for the disk (synchronous_commit off for this transaction
    only). Inside a caller's transaction the setting is left alone: it would cover the caller's
    writes too."""
    if not limit:
        return False
    name, sql = _RATE_SQL[connection.in_atomic_block]
    with connection.cursor() as cursor:
        # the counters are no one's history: no pghistory context (core.prepared)
        prepared.execute(cursor, name, sql, {"key": key[:100], "window": _window(seconds)}, history=False)
        (count,) = cursor.fetchone()
    return count > limit


def _window(seconds):
    return int(timezone.now().timestamp()) // seconds


def _rate_sql(lazy_commit):
    return (
        'INSERT INTO admissions_ratecounter (key, "window", count) '
        f"SELECT %(key)s, %(window)s, 1{lazy_commit} "
        'ON CONFLICT (key, "window") DO UPDATE SET count = admissions_ratecounter.count + 1 '
        "RETURNING count"
    )


# (name, statement) by "inside a caller's transaction"
_RATE_SQL = {
    False: ("adm_rate_hit", _rate_sql(" FROM (SELECT set_config('synchronous_commit', 'off', true)) s")),
    True: ("adm_rate_hit_in_transaction", _rate_sql("")),
}


# ---------------------------------------------------------------- e-mail to the parent


def _notify(email, subject, body, language):
    """Queued for the background worker once the transaction commits (admissions.tasks), through
    Django's e-mail backend there (the console in development): no mail server work in the request."""
    if not email:
        return

    def enqueue():
        from admissions.tasks import send_parent_mail

        try:
            send_parent_mail.enqueue(email, subject, body)
        except Exception:  # a queue that fails must not undo a decision already committed
            log.exception("admission e-mail to the parent could not be queued")

    transaction.on_commit(enqueue)


def _status_mail(application):
    with translation.override(application.language or "ru"):
        subject = _("Application No. %(number)s: %(status)s") % {
            "number": application.number,
            "status": application.get_status_display(),
        }
        lines = [
            _("School: %(school)s") % {"school": application.school.name},
            _("Child: %(name)s") % {"name": application.child_full_name},
            _("Status: %(status)s") % {"status": application.get_status_display()},
        ]
        if application.status == Status.REFUSED:
            lines.append(_("Reason: %(reason)s") % {"reason": application.get_refusal_reason_display()})
            lines.append(application.refusal_text)
            lines.append(_("You may appeal to the education department of your place of residence."))
        if application.status == Status.CONFIRMED and application.student_id:
            lines.append(_("Class: %(cls)s") % {"cls": application.student.class_label})
        _notify(application.email, subject, "\n".join(lines), application.language)


def _record(application, status, note="", by=None):
    StatusChange.objects.create(application=application, status=status, note=note, by=by)


# ---------------------------------------------------------------- the school chosen for an address (ADM-2)


def schools_for_address(street, house):
    """Schools whose catchment area contains the house (more than one: the house is claimed twice)."""
    from core.models import School

    ranges = CatchmentRange.objects.covering(street, house_number(house))
    return list(School.objects.filter(pk__in=ranges.values("school_id")).order_by("name_ru"))


# ---------------------------------------------------------------- applications (ADM-1, ADM-3)

# The school a parent applies to, with its district's country, and the street of the address when it
# lies in the school's district (the filter of ApplicationForm's street choices), in one statement:
# the public form is read on every submission of opening day, and the ORM's compilation of the two
# queries cost more CPU than the rest of the form.
_PUBLIC_SCHOOL_SQL = """
SELECT s.id, s.name_kk, s.name_ru, s.name_en, s.address, s.district_id, d.region_id, g.country,
    st.id, st.name_ru, st.name_kk, st.locality_id, l.name_kk, l.name_ru, l.name_en
FROM core_school s
JOIN core_district d ON d.id = s.district_id
JOIN core_region g ON g.id = d.region_id
LEFT JOIN (admissions_street st JOIN admissions_locality l ON l.id = st.locality_id)
    ON st.id = %(street)s AND l.district_id = s.district_id
WHERE s.id = %(school)s
"""

# public_school_counted: the counter's upsert, and the school's row beside its count (a school of
# another id gives the count alone)
_COUNTED_SCHOOL_SQL = {
    inside: (
        f"{name}_school",
        f"WITH hit AS ({sql}) SELECT hit.count, q.* FROM hit LEFT JOIN ({_PUBLIC_SCHOOL_SQL}) q ON true",
    )
    for inside, (name, sql) in _RATE_SQL.items()
}


_SCHOOL_FIELDS = ("id", "name_kk", "name_ru", "name_en", "address", "district_id")


def _loaded(model, values):
    """An instance of the values read, as a queryset's .only() gives it: the other fields are
    deferred (read on access), never defaults a save() could write."""
    values = dict(values)
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db("default", names, [values[n] for n in names])


def _row_id(value):
    """A primary key typed in a form or a URL (plain ASCII digits), or None."""
    value = str(value if value is not None else "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return int(value) or None


def public_school(school_id, street_id=None):
    """(school, street) for the public application: the school (its names, address, district and
    country, nothing else) or None, and the street of that id when it is in the school's district,
    else None. One statement; the instances are built from its row."""
    school_id, street_id = _row_id(school_id), _row_id(street_id)
    if school_id is None:
        return None, None
    with connection.cursor() as cursor:
        prepared.execute(
            cursor,
            "adm_public_school",
            _PUBLIC_SCHOOL_SQL,
            {"school": school_id, "street": street_id},
            history=False,
        )
        row = cursor.fetchone()
    return _public_school_row(row)


def public_school_counted(school_id, street_id, key, limit, seconds=3600):
    """(school, street, flooded): public_school and rate_limited(key, limit) in one statement, for
    the submission of opening day, which reads its school and counts against its address's limit
    before anything else: one round trip instead of two. A school id that is not a number reads
    and counts nothing; a number of no school gives (None, None, flooded), its request counted."""
    school_id, street_id = _row_id(school_id), _row_id(street_id)
    if school_id is None:
        return None, None, False
    if not limit:
        return *public_school(school_id, street_id), False
    name, sql = _COUNTED_SCHOOL_SQL[connection.in_atomic_block]
    params = {"school": school_id, "street": street_id, "key": key[:100], "window": _window(seconds)}
    with connection.cursor() as cursor:
        prepared.execute(cursor, name, sql, params, history=False)
        row = cursor.fetchone()
    school, street = _public_school_row(row[1:] if row[1] is not None else None)
    return school, street, row[0] > limit


def _public_school_row(row):
    from core.models import District, Region, School

    if row is None:
        return None, None
    school = _loaded(School, zip(_SCHOOL_FIELDS, row[0:6], strict=True))
    school.district = _loaded(District, {"id": row[5], "region_id": row[6]})
    school.district.region = _loaded(Region, {"id": row[6], "country": row[7]})
    if row[8] is None:
        return school, None
    found = _loaded(Street, {"id": row[8], "name_ru": row[9], "name_kk": row[10], "locality_id": row[11]})
    found.locality = _loaded(
        Locality,
        {"id": row[11], "name_kk": row[12], "name_ru": row[13], "name_en": row[14], "district_id": row[5]},
    )
    return school, found


def _require(acting_user, perm, school):
    if not has_permission(acting_user, perm, school):
        raise OperationError(_("You may not do this at this school."))


_RULE_FIELDS = (
    "id",
    "country",
    "year",
    "opens_at",
    "closes_at",
    "any_school_from",
    "youngest_age",
    "oldest_age",
    "max_cancellations",
    "class_size",
)
# The rule open now, with the catchment test of CatchmentQuerySet.covering (the street's ranges
# that contain the house number, all numbers or the number's parity) and the quota's places. Raw
# SQL: the ORM's compilation of this query cost more CPU than everything else of a submission.
_RULE_SQL = f"""
SELECT {", ".join("r." + f for f in _RULE_FIELDS)},
    %(house)s::integer IS NOT NULL AND EXISTS (
        SELECT 1 FROM admissions_catchmentrange c
        WHERE c.school_id = %(school)s AND c.street_id = %(street)s
          AND (c.number_from IS NULL OR c.number_from <= %(house)s)
          AND (c.number_to IS NULL OR c.number_to >= %(house)s)
          AND c.parity IN ('all', %(parity)s)
    ),
    EXISTS (
        SELECT 1 FROM admissions_quota q
        WHERE q.school_id = %(school)s AND q.year = r.year AND q.category = %(category)s AND q.places > 0
    )
FROM admissions_admissionrule r
WHERE r.country = %(country)s AND r.opens_at <= %(now)s AND r.closes_at >= %(now)s
ORDER BY r.year DESC
LIMIT 1
"""


def application_check(*, school, category, child_birth_date, street, house, now):
    """The country's rule for this school now: window, age, Kyrgyz stage I; returns (rule, in_catchment).

    One statement (`_RULE_SQL`): the open rule with two flags beside it, whether the house is in
    the school's catchment area and whether the school has places of the category."""
    number = house_number(house)
    with connection.cursor() as cursor:
        prepared.execute(
            cursor,
            "adm_rule_now",
            _RULE_SQL,
            {
                "country": school.country,
                "now": now,
                "school": school.pk,
                "street": street.pk,
                "house": number,
                "parity": (Parity.ODD.value if number % 2 else Parity.EVEN.value)
                if number is not None
                else None,
                "category": category,
            },
            history=False,
        )
        row = cursor.fetchone()
    rule = None
    if row is not None:
        *values, in_catchment, has_quota = row
        rule = AdmissionRule(**dict(zip(_RULE_FIELDS, values, strict=True)))
    if rule is None:
        upcoming = AdmissionRule.next_for(school.country, now)
        if upcoming:
            raise OperationError(
                _("Applications are accepted from %(date)s.")
                % {"date": timezone.localtime(upcoming.opens_at).strftime("%d.%m.%Y %H:%M")}
            )
        raise OperationError(_("Applications to the first grade are not being accepted now."))
    if not rule.age_allows(child_birth_date):
        if child_birth_date.year > rule.year - rule.youngest_age:
            raise OperationError(
                _(
                    "The child is too young: in %(year)s only children born in %(born)s or earlier are admitted."
                )
                % {"year": rule.year, "born": rule.year - rule.youngest_age}
            )
        raise OperationError(
            _(
                "Children born before %(born)s are admitted only by decision of the commission on minors' affairs."
            )
            % {"born": rule.year - rule.oldest_age}
        )
    if street.locality.district_id != school.district_id:
        raise OperationError(_("The address is in another district than the school."))
    if rule.catchment_only(now) and not in_catchment:
        raise OperationError(
            _(
                "Until %(date)s only children living in the school's catchment area may apply; "
                "other schools accept applications from that day."
            )
            % {"date": timezone.localtime(rule.any_school_from).strftime("%d.%m.%Y %H:%M")}
        )
    if category != Category.RESIDENCE and not has_quota:
        raise OperationError(_("The school has no places of this quota category."))
    return rule, in_catchment


@functools.cache
def _insert_sql():
    """INSERT of an application and of its first change of status in one statement. A request id
    already stored inserts nothing (ON CONFLICT DO NOTHING) and returns no row."""
    qn = connection.ops.quote_name
    fields = [f for f in Application._meta.concrete_fields if not f.primary_key]
    change = StatusChange._meta
    sql = (
        f"WITH app AS (INSERT INTO {qn(Application._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
        f"VALUES ({', '.join(f'%(v{i})s' for i in range(len(fields)))}) "
        f"ON CONFLICT ({qn(Application._meta.get_field('request_id').column)}) DO NOTHING "
        f"RETURNING {qn(Application._meta.pk.column)}, {qn(Application._meta.get_field('submitted_at').column)}) "
        f"INSERT INTO {qn(change.db_table)} "
        f"({', '.join(qn(change.get_field(n).column) for n in ('application', 'status', 'at', 'note', 'by'))}) "
        f"SELECT app.{qn(Application._meta.pk.column)}, %(status)s, "
        f"app.{qn(Application._meta.get_field('submitted_at').column)}, '', NULL FROM app "
        f"RETURNING {qn(change.get_field('application').column)}"
    )
    return sql, fields


def _insert(application):
    """Stores the application with its first change of status; returns False when its request id
    is already stored (a double click or a retry)."""
    sql, fields = _insert_sql()
    values = [f.get_db_prep_save(f.pre_save(application, add=True), connection) for f in fields]
    with connection.cursor() as cursor:
        prepared.execute(
            cursor,
            "adm_application_insert",
            sql,
            {**{f"v{i}": v for i, v in enumerate(values)}, "status": Status.SUBMITTED},
        )
        row = cursor.fetchone()
    if row is None:
        return False
    application.pk = row[0]
    application._state.adding = False
    return True


def _stored(request_id):
    return Application.objects.filter(request_id=request_id).select_related("school").first()


def application_submit(*, request_id, school, data, documents=(), now=None):
    """ADM-1: a parent's application. The same request id returns the same application (a double
    click or a retry); one active application per child and year is kept by the database.

    Opening day asks for few round trips: one query checks the window, the age's rule, the
    catchment area and the quota; one statement stores the application and its first change of
    status, or nothing when the request id is already stored (INSERT ... ON CONFLICT); only then is
    the stored one read. The scans, when there are any, are stored in the same transaction, and
    their files removed again if it fails.

    Returns (application, created)."""
    now = now or timezone.now()
    try:
        rule, in_catchment = application_check(
            school=school,
            category=data["category"],
            child_birth_date=data["child_birth_date"],
            street=data["street"],
            house=data["house"],
            now=now,
        )
    except OperationError:
        # A retry of an application stored before the window closed still gets its number.
        existing = _stored(request_id)
        if existing is not None:
            return existing, False
        raise
    application = Application(
        request_id=request_id, school=school, year=rule.year, in_catchment=in_catchment, **data
    )
    saved = []
    # One statement is a transaction of its own. The scans join it in one; inside a caller's
    # transaction a savepoint keeps a refused insert from spoiling the caller's work.
    atomic = transaction.atomic() if documents or connection.in_atomic_block else contextlib.nullcontext()
    try:
        with atomic:
            created = _insert(application)
            if created and documents:
                rows = [
                    ApplicationDocument(application=application, kind=kind, file=upload, size=upload.size)
                    for kind, upload in documents
                ]
                saved = rows
                ApplicationDocument.objects.bulk_create(rows)
    except IntegrityError as error:
        _remove_files(saved)
        again = _stored(request_id)
        if again is not None:
            return again, False
        raise OperationError(
            _("This child already has an active application this year; check its status or cancel it first.")
        ) from error
    except BaseException:
        _remove_files(saved)
        raise
    if not created:
        return _stored(request_id), False
    return application, True


def _remove_files(documents):
    for document in documents:
        if document.file and getattr(document.file, "_committed", False) and document.file.name:
            try:
                document.file.storage.delete(document.file.name)
            except OSError:
                log.exception("an uploaded scan of a failed application could not be removed")


def application_lookup(number, child_iin):
    """ADM-3: the application with this number AND this child's IIN, or None: a wrong pair and a
    missing number look the same."""
    number = (number or "").strip()
    child_iin = (child_iin or "").strip()
    if not number.isdigit() or not child_iin.isdigit():
        return None
    return (
        Application.objects.filter(number=number, child_iin=child_iin)
        .select_related("school", "street__locality")
        .first()
    )


@transaction.atomic
def application_withdraw(*, application, now=None):
    """The parent cancels a waiting application; in Kyrgyzstan at most N times a year (DOMAIN 3.5)."""
    application = Application.objects.select_for_update().select_related("school").get(pk=application.pk)
    if application.status != Status.SUBMITTED:
        raise OperationError(_("Only an application waiting for the school can be cancelled."))
    rule = AdmissionRule.objects.filter(country=application.school.country, year=application.year).first()
    if rule and rule.max_cancellations is not None:
        done = Application.objects.filter(
            child_iin=application.child_iin, year=application.year, status=Status.WITHDRAWN
        ).count()
        if done >= rule.max_cancellations:
            raise OperationError(
                _("An application can be cancelled at most %(n)s times a year.")
                % {"n": rule.max_cancellations}
            )
    application.status = Status.WITHDRAWN
    application.decided_at = now or timezone.now()
    application.save(update_fields=["status", "decided_at"])
    _record(application, Status.WITHDRAWN)
    _status_mail(application)
    return application


# ---------------------------------------------------------------- the school's decision (ADM-4, ADM-5)


def places_left(school, year, category):
    quota = Quota.objects.filter(school=school, year=year, category=category).first()
    taken = Application.objects.filter(
        school=school, year=year, category=category, status=Status.CONFIRMED
    ).count()
    return (quota.places if quota else 0) - taken


def first_grade_classes(school):
    return SchoolClass.objects.filter(school=school, parallel=1, is_active=True).select_related(
        "academic_year"
    )


def _person(iin, last_name, first_name, patronymic, birth_date, sex, email="", phone=""):
    person = Person.objects.select_for_update().filter(iin=iin).first()
    if person is None:
        person = Person.objects.create(
            iin=iin,
            last_name=last_name,
            first_name=first_name,
            patronymic=patronymic,
            birth_date=birth_date,
            sex=sex or "",
            email=email,
            phone=phone,
        )
    return person


@transaction.atomic
def application_confirm(*, acting_user, application, to_class, order_number, order_date):
    """ADM-4: the child is admitted: a personal file, a place in a first-grade class and the order.

    The category's quota row is locked, so two secretaries confirming at once never pass the places;
    a child of the catchment area applying by residence is admitted even when they are taken
    (DOMAIN 3.2)."""
    school = application.school
    _require(acting_user, Perm.ADMISSIONS_DECIDE, school)
    quota = (
        Quota.objects.select_for_update()
        .filter(school=school, year=application.year, category=application.category)
        .first()
    )
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.SUBMITTED:
        raise OperationError(_("The application has already been decided."))
    priority = application.category == Category.RESIDENCE and application.in_catchment
    if not priority:
        taken = Application.objects.filter(
            school=school, year=application.year, category=application.category, status=Status.CONFIRMED
        ).count()
        if quota is None or taken >= quota.places:
            raise OperationError(
                _("No free places are left in this category (%(taken)s of %(places)s are taken).")
                % {"taken": taken, "places": quota.places if quota else 0}
            )
    if to_class is None or to_class.school_id != school.pk or to_class.parallel != 1:
        raise OperationError(_("Choose a first-grade class of this school."))
    rule = AdmissionRule.objects.filter(country=school.country, year=application.year).first()
    size = rule.class_size if rule else 25
    if Student.objects.filter(school_class=to_class, status=StudentStatus.STUDYING).count() >= size:
        raise OperationError(
            _("The class already has %(n)s pupils; choose or open another first-grade class.") % {"n": size}
        )
    child = _person(
        application.child_iin,
        application.child_last_name,
        application.child_first_name,
        application.child_patronymic,
        application.child_birth_date,
        application.child_sex,
    )
    parent_born, parent_sex = birth_and_sex_from_id(application.parent_iin, school.country)
    parent = _person(
        application.parent_iin,
        application.parent_last_name,
        application.parent_first_name,
        application.parent_patronymic,
        parent_born,
        parent_sex,
        email=application.email,
        phone=application.phone,
    )
    if parent.pk == child.pk:
        raise OperationError(_("The parent's IIN is the child's IIN."))
    student, order = student_admit(
        acting_user=acting_user,
        person=child,
        to_class=to_class,
        residency="resident",
        admitted_on=order_date,
        order_kind=OrderKind.STUDENT_ADMISSION,
        order_number=order_number,
        order_date=order_date,
        content=_("Admission to the first grade: %(name)s (application No. %(number)s)")
        % {"name": child.full_name, "number": application.number},
    )
    relation = {"f": "mother", "m": "father"}.get(parent_sex or "", "guardian")
    GuardianLink.objects.get_or_create(student=student, person=parent, defaults={"relation": relation})
    application.status = Status.CONFIRMED
    application.student = student
    application.order = order
    application.decided_at = timezone.now()
    application.decided_by = acting_user
    application.save(update_fields=["status", "student", "order", "decided_at", "decided_by"])
    _record(application, Status.CONFIRMED, note=str(to_class), by=acting_user)
    _status_mail(application)
    return application


@transaction.atomic
def application_refuse(*, acting_user, application, reason, text):
    """ADM-4: a motivated refusal; a catchment child is never refused for lack of places."""
    _require(acting_user, Perm.ADMISSIONS_DECIDE, application.school)
    application = Application.objects.select_for_update().select_related("school").get(pk=application.pk)
    if application.status != Status.SUBMITTED:
        raise OperationError(_("The application has already been decided."))
    if reason not in RefusalReason.values:
        raise OperationError(_("Choose the reason of the refusal."))
    text = (text or "").strip()
    if not text:
        raise OperationError(_("Write the motivation of the refusal."))
    if (
        reason == RefusalReason.NO_PLACES
        and application.category == Category.RESIDENCE
        and application.in_catchment
    ):
        raise OperationError(
            _("A child living in the school's catchment area cannot be refused for lack of places.")
        )
    application.status = Status.REFUSED
    application.refusal_reason = reason
    application.refusal_text = text
    application.decided_at = timezone.now()
    application.decided_by = acting_user
    application.save(update_fields=["status", "refusal_reason", "refusal_text", "decided_at", "decided_by"])
    _record(application, Status.REFUSED, note=f"{RefusalReason(reason).label}: {text}", by=acting_user)
    _status_mail(application)
    return application


@transaction.atomic
def quota_set(*, acting_user, school, year, category, places):
    """ADM-5: the places of a category; never fewer than the children already admitted in it."""
    _require(acting_user, Perm.ADMISSIONS_MANAGE, school)
    quota, _created = Quota.objects.select_for_update().get_or_create(
        school=school, year=year, category=category, defaults={"places": places}
    )
    taken = Application.objects.filter(
        school=school, year=year, category=category, status=Status.CONFIRMED
    ).count()
    if places < taken:
        raise OperationError(
            _("%(taken)s children are already admitted in this category; the quota cannot be smaller.")
            % {"taken": taken}
        )
    quota.places = places
    quota.save(update_fields=["places"])
    return quota


def quota_summary(school, year):
    """Places, admitted and waiting per category, in two queries."""
    quotas = {q.category: q.places for q in Quota.objects.filter(school=school, year=year)}
    counts = {
        row["category"]: row
        for row in Application.objects.filter(school=school, year=year)
        .values("category")
        .annotate(
            confirmed=Count("id", filter=Q(status=Status.CONFIRMED)),
            waiting=Count("id", filter=Q(status=Status.SUBMITTED)),
        )
    }
    rows = []
    for value, label in Category.choices:
        places = quotas.get(value)
        c = counts.get(value, {})
        if places is None and not c:
            continue
        confirmed = c.get("confirmed", 0)
        rows.append(
            {
                "category": value,
                "label": label,
                "places": places or 0,
                "confirmed": confirmed,
                "waiting": c.get("waiting", 0),
                "free": max((places or 0) - confirmed, 0),
            }
        )
    return rows


# ---------------------------------------------------------------- transfers between schools (ADM-6)


@transaction.atomic
def transfer_request(*, acting_user, student, to_school, reason):
    """A parent asks the receiving school to take his child."""
    if not has_permission(acting_user, Perm.CHILDREN_VIEW, student.school) or not (
        acting_user.person_id
        and GuardianLink.objects.filter(student=student, person_id=acting_user.person_id).exists()
    ):
        raise OperationError(_("Only the child's parent may ask for a transfer."))
    if student.status != StudentStatus.STUDYING:
        raise OperationError(_("The student is no longer studying at the school."))
    if to_school.pk == student.school_id:
        raise OperationError(_("Choose another school than the current one."))
    reason = (reason or "").strip()
    if not reason:
        raise OperationError(_("Write the reason of the transfer."))
    try:
        with transaction.atomic():
            return Transfer.objects.create(
                student=student,
                from_school=student.school,
                to_school=to_school,
                parallel=student.parallel,
                reason=reason,
                requested_by_id=acting_user.person_id,
            )
    except IntegrityError as error:
        raise OperationError(_("The student already has an open transfer request.")) from error


def _locked_transfer(transfer, status):
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != status:
        raise OperationError(_("The transfer has already been decided; open it again."))
    return transfer


@transaction.atomic
def transfer_accept(*, acting_user, transfer, to_class, order_number, order_date):
    """The receiving school confirms: the class and its enrolment order are chosen now."""
    _require(acting_user, Perm.ADMISSIONS_DECIDE, transfer.to_school)
    transfer = _locked_transfer(transfer, TransferStatus.REQUESTED)
    if to_class is None or to_class.school_id != transfer.to_school_id or not to_class.is_active:
        raise OperationError(_("Choose an active class of this school."))
    if not (order_number or "").strip() or not order_date:
        raise OperationError(_("Enter the number and date of the enrolment order."))
    transfer.status = TransferStatus.ACCEPTED
    transfer.to_class = to_class
    transfer.accepted_at = timezone.now()
    transfer.accepted_by = acting_user
    transfer.order_in_number = order_number.strip()
    transfer.order_in_date = order_date
    transfer.save()
    return transfer


@transaction.atomic
def transfer_refuse(*, acting_user, transfer, text):
    _require(acting_user, Perm.ADMISSIONS_DECIDE, transfer.to_school)
    transfer = _locked_transfer(transfer, TransferStatus.REQUESTED)
    text = (text or "").strip()
    if not text:
        raise OperationError(_("Write the motivation of the refusal."))
    transfer.status = TransferStatus.REFUSED
    transfer.refusal_text = text
    transfer.save(update_fields=["status", "refusal_text"])
    return transfer


@transaction.atomic
def transfer_release(*, acting_user, transfer, order_number, order_date):
    """The sending school releases the student: his file leaves this school by an order and opens at
    the receiving one by its order, with his parents and consents, in one transaction."""
    _require(acting_user, Perm.ADMISSIONS_DECIDE, transfer.from_school)
    transfer = _locked_transfer(transfer, TransferStatus.ACCEPTED)
    old = transfer.student
    left = student_expel(
        acting_user=acting_user,
        student=old,
        reason=LeaveReason.TRANSFER_SCHOOL,
        order_number=order_number,
        left_on=order_date,
        content=_("%(name)s moves to %(school)s")
        % {"name": old.person.full_name, "school": transfer.to_school.name},
    )
    # The leaving order just made (numbers are unique per school and year).
    order_out = Order.objects.filter(
        school=transfer.from_school, number=order_number.strip(), date__year=left.left_on.year
    ).get()
    new, order_in = student_admit(
        acting_user=transfer.accepted_by,
        person=old.person,
        to_class=transfer.to_class,
        residency=old.residency,
        admitted_on=transfer.order_in_date,
        order_kind=OrderKind.STUDENT_ADMISSION,
        order_number=transfer.order_in_number,
        order_date=transfer.order_in_date,
        content=_("%(name)s comes from %(school)s")
        % {"name": old.person.full_name, "school": transfer.from_school.name},
    )
    new.special_needs = old.special_needs
    new.home_schooled = old.home_schooled
    new.save(update_fields=["special_needs", "home_schooled"])
    GuardianLink.objects.bulk_create(
        [GuardianLink(student=new, person_id=g.person_id, relation=g.relation) for g in old.guardians.all()]
    )
    Consent.objects.bulk_create(
        [
            Consent(
                school=transfer.to_school,
                student=new,
                subject_id=c.subject_id,
                signed_by_id=c.signed_by_id,
                given_on=c.given_on,
                document=c.document.name,
                recorded_by=c.recorded_by,
            )
            for c in old.consents.valid()
        ]
    )
    transfer.status = TransferStatus.COMPLETED
    transfer.completed_at = timezone.now()
    transfer.new_student = new
    transfer.order_out = order_out
    transfer.order_in = order_in
    transfer.save()
    return transfer


@transaction.atomic
def transfer_cancel(*, acting_user, transfer):
    """The parent withdraws a request the receiving school has not decided yet."""
    if not (acting_user.person_id and transfer.requested_by_id == acting_user.person_id):
        raise OperationError(_("Only the parent who asked may cancel the request."))
    transfer = _locked_transfer(transfer, TransferStatus.REQUESTED)
    transfer.status = TransferStatus.CANCELLED
    transfer.save(update_fields=["status"])
    return transfer
