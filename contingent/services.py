"""Document operations of the contingent (DESIGN rule 4): each one transaction, rows locked, an order made.

Every movement of a student is a `Movement` row pointing at an `Order`; the book of movement, the
archive and the personal file read from these rows (DESIGN rule 5)."""

from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from contingent.models import (
    GuardianLink,
    LeaveReason,
    Movement,
    MovementKind,
    SchoolClass,
    Student,
    StudentStatus,
)
from core.models import Order, OrderKind, Person, Role
from core.permissions import Perm, has_permission
from core.services import OperationError


def _require(acting_user, perm, school):
    if not has_permission(acting_user, perm, school):
        raise OperationError(_("You may not do this at this school."))


def _order(*, school, acting_user, kind, number, date, content, scan=None, scan_required=False):
    """Registers the order of a movement; a duplicate number in the year is a clear message."""
    number = (number or "").strip()
    content = (content or "").strip()
    if not number:
        raise OperationError(_("Enter the order number."))
    if not date:
        raise OperationError(_("Enter the order date."))
    if not content:
        raise OperationError(_("Enter the short content of the order."))
    if scan_required and not scan:
        raise OperationError(_("Attach the scan of the order."))
    try:
        with transaction.atomic():
            return Order.objects.create(
                school=school,
                kind=kind,
                number=number,
                date=date,
                content=content,
                scan=scan or "",
                author=acting_user,
            )
    except IntegrityError as error:
        raise OperationError(_("An order with this number already exists in this year.")) from error


def _locked_student(student, expected_class_id):
    """Locks the student's row; refuses when someone moved him since the caller looked."""
    locked = Student.objects.select_for_update().get(pk=student.pk)
    if locked.status != StudentStatus.STUDYING:
        raise OperationError(_("The student is no longer studying at the school."))
    if locked.school_class_id != expected_class_id:
        raise OperationError(_("Someone else has just moved this student; open the personal file again."))
    return locked


def _check_target(school, to_class):
    to_class = SchoolClass.objects.select_for_update().get(pk=to_class.pk)
    if to_class.school_id != school.pk or not to_class.is_active:
        raise OperationError(_("Choose an active class of this school."))
    return to_class


# ---------------------------------------------------------------- personal files (CON-1, CON-5)


def _person_for_student(*, iin, residency, last_name, first_name, patronymic, birth_date, sex, email):
    if residency == "resident" and not iin:
        raise OperationError(_("Enter the IIN: it is required for residents."))
    if iin and Person.objects.filter(iin=iin).exists():
        raise OperationError(_("A person with this IIN is already registered."))
    try:
        with transaction.atomic():
            return Person.objects.create(
                iin=iin or None,
                last_name=last_name,
                first_name=first_name,
                patronymic=patronymic or "",
                birth_date=birth_date,
                sex=sex,
                email=email or "",
            )
    except IntegrityError as error:
        raise OperationError(_("A person with this IIN is already registered.")) from error


@transaction.atomic
def student_register(
    *,
    acting_user,
    school,
    parallel,
    residency,
    iin,
    last_name,
    first_name,
    patronymic="",
    birth_date,
    sex,
    email="",
    admitted_on,
):
    """CON-1: a new personal file; the student lands in "Without a class"."""
    _require(acting_user, Perm.CONTINGENT_MANAGE, school)
    person = _person_for_student(
        iin=iin,
        residency=residency,
        last_name=last_name,
        first_name=first_name,
        patronymic=patronymic,
        birth_date=birth_date,
        sex=sex,
        email=email,
    )
    return Student.objects.create(
        school=school, person=person, parallel=parallel, residency=residency, admitted_on=admitted_on
    )


@transaction.atomic
def student_update_file(*, acting_user, student, person_data, student_data):
    """CON-5: the personal file edited: the person and the student's record together; the class
    teacher only her class's students."""
    _require(acting_user, Perm.CONTINGENT_FILES, student.school)
    if not Student.objects.visible_to(acting_user).filter(pk=student.pk).exists():
        raise OperationError(_("You may only keep the files of your own class's students."))
    person = Person.objects.select_for_update().get(pk=student.person_id)
    for field, value in person_data.items():
        setattr(person, field, value)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:
        raise OperationError(_("A person with this IIN is already registered.")) from error
    student = Student.objects.select_for_update().get(pk=student.pk)
    for field, value in student_data.items():
        setattr(student, field, value)
    student.save()
    return student


@transaction.atomic
def guardian_add(
    *,
    acting_user,
    student,
    relation,
    iin,
    last_name,
    first_name,
    patronymic="",
    birth_date,
    sex,
    email="",
    phone="",
):
    """CON-5: a parent or guardian; a person already known by IIN is linked, not duplicated
    (one parent, several children)."""
    _require(acting_user, Perm.CONTINGENT_FILES, student.school)
    if not Student.objects.visible_to(acting_user).filter(pk=student.pk).exists():
        raise OperationError(_("You may only keep the files of your own class's students."))
    person = Person.objects.select_for_update().filter(iin=iin).first() if iin else None
    if person is None:
        person = Person.objects.create(
            iin=iin or None,
            last_name=last_name,
            first_name=first_name,
            patronymic=patronymic or "",
            birth_date=birth_date,
            sex=sex,
            email=email or "",
            phone=phone or "",
        )
    elif person.last_name.casefold() != last_name.casefold():
        raise OperationError(
            _("A person with this IIN is registered under another last name; check the IIN.")
        )
    if person.pk == student.person_id:
        raise OperationError(_("A student cannot be his own parent or guardian."))
    try:
        with transaction.atomic():
            return GuardianLink.objects.create(student=student, person=person, relation=relation)
    except IntegrityError as error:
        raise OperationError(_("This person is already a parent or guardian of the student.")) from error


@transaction.atomic
def guardian_grant_login(*, acting_user, link):
    """A parent gets a login (role "parent" at the school) and then sees his children's cards."""
    from core.services import role_assign, user_create

    school = link.student.school
    _require(acting_user, Perm.USERS_MANAGE, school)
    person = Person.objects.select_for_update().get(pk=link.person_id)
    existing = getattr(person, "user", None) if hasattr(person, "user") else None
    if existing is not None:
        if existing.role_assignments.filter(school=school, role=Role.PARENT).exists():
            raise OperationError(
                _("This parent already has a login: %(username)s") % {"username": existing.username}
            )
        role_assign(acting_user=acting_user, user=existing, school=school, role=Role.PARENT)
        return existing, None
    if not person.iin:
        raise OperationError(_("Enter the parent's IIN first: the login is bound to the person by the IIN."))
    return user_create(
        acting_user=acting_user,
        school=school,
        last_name=person.last_name,
        first_name=person.first_name,
        patronymic=person.patronymic,
        iin=person.iin,
        email=person.email,
        roles=[Role.PARENT],
    )


# ---------------------------------------------------------------- movements (CON-2, 6, 7, 8, 9)


def _move(*, school, student, kind, from_class, to_class, order, date, reason="", period=None):
    return Movement(
        school=school,
        student=student,
        kind=kind,
        from_class=from_class,
        to_class=to_class,
        order=order,
        date=date,
        reason=reason,
        period=period,
    )


def check_parallel(parallel, to_class, reason):
    """CON-2, CON-8: a class of another parallel than the student's needs a stated reason."""
    if to_class.parallel != parallel and not (reason or "").strip():
        raise OperationError(
            _(
                "The student is in parallel %(parallel)s and %(class)s is of parallel %(other)s: choose a "
                "class of parallel %(parallel)s or give the reason for another parallel."
            )
            % {"parallel": parallel, "class": to_class.name, "other": to_class.parallel}
        )


def with_parallel_reason(content, parallel, to_class, reason):
    """The reason for another parallel goes into the order's content: the order is the record."""
    if to_class.parallel == parallel or not (reason or "").strip():
        return content
    return _("%(content)s. Class of another parallel: %(reason)s") % {
        "content": (content or "").rstrip(". "),
        "reason": reason.strip(),
    }


def _into_class(
    student,
    *,
    acting_user,
    to_class,
    order_kind,
    movement_kind,
    order_number,
    order_date,
    content,
    scan,
    parallel=None,
    parallel_reason="",
    scan_required=True,
    from_class=None,
    fields=(),
):
    """The one shape of every movement into a class (enrolment, admission, transfer, reinstatement):
    an active class of the school (locked), a class of another `parallel` only with a reason (CON-2,
    CON-8) written into the order, the order, the movement in the book and the student's class and
    parallel, in the caller's transaction. `fields`: the student's other fields the caller changed."""
    to_class = _check_target(student.school, to_class)
    if parallel is not None:
        check_parallel(parallel, to_class, parallel_reason)
        content = with_parallel_reason(content, parallel, to_class, parallel_reason)
    order = _order(
        school=student.school,
        acting_user=acting_user,
        kind=order_kind,
        number=order_number,
        date=order_date,
        content=content,
        scan=scan,
        scan_required=scan_required,
    )
    _move(
        school=student.school,
        student=student,
        kind=movement_kind,
        from_class=from_class,
        to_class=to_class,
        order=order,
        date=order_date,
    ).save()
    student.school_class = to_class
    student.parallel = to_class.parallel
    student.save(update_fields=["school_class", "parallel", *fields])
    return order


@transaction.atomic
def student_enrol(
    *, acting_user, student, to_class, order_number, order_date, content, scan, parallel_reason=""
):
    """CON-2: a student of "Without a class" goes into a class by an order; a class of another
    parallel than the one he was registered in only with a reason, kept on the movement."""
    school = student.school
    _require(acting_user, Perm.CONTINGENT_MOVE, school)
    locked = _locked_student(student, None)
    _into_class(
        locked,
        acting_user=acting_user,
        to_class=to_class,
        order_kind=OrderKind.STUDENT_ENROLMENT,
        movement_kind=MovementKind.ENROLMENT,
        order_number=order_number,
        order_date=order_date,
        content=content,
        scan=scan,
        parallel=locked.parallel,
        parallel_reason=parallel_reason,
    )
    return locked


@transaction.atomic
def student_add_to_class(
    *, acting_user, school_class, person_data, admitted_on, residency, order_number, order_date, content, scan
):
    """CON-6: a new student straight into a class: his file and the enrolment order together."""
    student = student_register(
        acting_user=acting_user,
        school=school_class.school,
        parallel=school_class.parallel,
        residency=residency,
        admitted_on=admitted_on,
        **person_data,
    )
    return student_enrol(
        acting_user=acting_user,
        student=student,
        to_class=school_class,
        order_number=order_number,
        order_date=order_date,
        content=content,
        scan=scan,
    )


@transaction.atomic
def student_move(
    *, acting_user, student, to_class, order_number, order_date, content, scan, parallel_reason=""
):
    """CON-8: to another class by an order. Two secretaries at once: one movement, one order.
    A class of another parallel only with a reason (a repeated year), kept on the movement."""
    school = student.school
    _require(acting_user, Perm.CONTINGENT_MOVE, school)
    locked = _locked_student(student, student.school_class_id)
    if locked.school_class_id is None:
        raise OperationError(_("The student is not in a class yet: enrol him first."))
    if locked.school_class_id == to_class.pk:
        raise OperationError(_("The student is already in this class."))
    _into_class(
        locked,
        acting_user=acting_user,
        to_class=to_class,
        order_kind=OrderKind.STUDENT_TRANSFER,
        movement_kind=MovementKind.TRANSFER,
        order_number=order_number,
        order_date=order_date,
        content=content,
        scan=scan,
        parallel=locked.school_class.parallel,
        parallel_reason=parallel_reason,
        from_class=locked.school_class,
    )
    return locked


@transaction.atomic
def student_reinstate(
    *, acting_user, student, to_class, order_number, order_date, content, scan, parallel_reason=""
):
    """CON-7: a student who left comes back by an order (восстановление): into a class of this
    school's current year, as an arrival in the book of movement; his file and history are the ones
    he had. A graduate is not reinstated."""
    school = student.school
    _require(acting_user, Perm.CONTINGENT_MOVE, school)
    locked = Student.objects.select_for_update().get(pk=student.pk)
    if locked.status != StudentStatus.EXPELLED:
        raise OperationError(_("Only a student who left the school can be reinstated."))
    parallel = locked.parallel
    locked.status = StudentStatus.STUDYING
    locked.left_on = None
    _into_class(
        locked,
        acting_user=acting_user,
        to_class=to_class,
        order_kind=OrderKind.STUDENT_ADMISSION,
        movement_kind=MovementKind.ENROLMENT,
        order_number=order_number,
        order_date=order_date,
        content=content,
        scan=scan,
        parallel=parallel,
        parallel_reason=parallel_reason,
        fields=("status", "left_on"),
    )
    return locked


@transaction.atomic
def student_expel(*, acting_user, student, reason, order_number, left_on, period=None, scan=None, content=""):
    """CON-7: the student leaves by an order and goes to the archive; nothing is deleted."""
    school = student.school
    _require(acting_user, Perm.CONTINGENT_MOVE, school)
    if not reason:
        raise OperationError(_("Choose the reason."))
    if not left_on:
        raise OperationError(_("Enter the date of leaving."))
    locked = _locked_student(student, student.school_class_id)
    order = _order(
        school=school,
        acting_user=acting_user,
        kind=OrderKind.STUDENT_EXPULSION,
        number=order_number,
        date=left_on,
        content=content
        or _("%(name)s leaves the school: %(reason)s")
        % {"name": locked.person.full_name, "reason": LeaveReason(reason).label},
        scan=scan,
    )
    if locked.school_class_id:
        _move(
            school=school,
            student=locked,
            kind=MovementKind.EXPULSION,
            from_class=locked.school_class,
            to_class=None,
            order=order,
            date=left_on,
            reason=reason,
            period=period,
        ).save()
    locked.status = StudentStatus.EXPELLED
    locked.left_on = left_on
    locked.save(update_fields=["status", "left_on"])
    return locked


@transaction.atomic
def class_disband(
    *, acting_user, school_class, assignments, order_number, order_date, content, reason="", scan=None
):
    """CON-9: every student gets a new class; the class is closed. All of it or nothing.

    `assignments` maps student pk -> target SchoolClass."""
    school = school_class.school
    _require(acting_user, Perm.CONTINGENT_MOVE, school)
    school_class = SchoolClass.objects.select_for_update().get(pk=school_class.pk)
    if not school_class.is_active:
        raise OperationError(_("This class has already been disbanded."))
    students = list(
        Student.objects.select_for_update().filter(school_class=school_class, status=StudentStatus.STUDYING)
    )
    if {s.pk for s in students} != set(assignments):
        raise OperationError(_("The list of students has changed meanwhile; open the page again."))
    order = _order(
        school=school,
        acting_user=acting_user,
        kind=OrderKind.CLASS_DISBANDING,
        number=order_number,
        date=order_date,
        content=content + (f" ({reason})" if reason else ""),
        scan=scan,
        scan_required=True,  # the seed's "Приказ*": the order's scan is required
    )
    targets = {}
    movements = []
    for student in students:
        target = assignments[student.pk]
        if target.pk == school_class.pk:
            raise OperationError(_("Choose another class for every student."))
        if target.pk not in targets:
            targets[target.pk] = _check_target(school, target)
        target = targets[target.pk]
        movements.append(
            _move(
                school=school,
                student=student,
                kind=MovementKind.DISBANDING,
                from_class=school_class,
                to_class=target,
                order=order,
                date=order_date,
            )
        )
        student.school_class = target
        student.parallel = target.parallel
    Movement.objects.bulk_create(movements)
    Student.objects.bulk_update(students, ["school_class", "parallel"])
    school_class.is_active = False
    school_class.save(update_fields=["is_active"])
    return order


# ---------------------------------------------------------------- promotion (CON-10)


class Decision:
    PROMOTE = "promote"
    REPEAT = "repeat"
    LEAVE = "leave"


def final_parallel(school):
    """The last grade: 11 in Kazakhstan, 12 in Kyrgyzstan (DOMAIN.md 8)."""
    return 12 if school.country == "KG" else 11


BASIC_SCHOOL_END = 9  # grade 9 completes basic secondary education (DOMAIN.md 4.1)


def next_year_of(year, create=False):
    from core.models import AcademicYear

    following = AcademicYear.objects.filter(school=year.school, start__gt=year.end).order_by("start").first()
    if following is None and create:
        start = year.start.replace(year=year.start.year + 1)
        end = year.end.replace(year=year.end.year + 1)
        following = AcademicYear.objects.create(
            school=year.school, name=f"{start.year}-{end.year}", start=start, end=end, is_current=False
        )
    return following


def promotion_plan(*, school, year, decisions=None):
    """Who moves where: [(student, decision, target parallel or None)] for the confirmation page."""
    decisions = decisions or {}
    last = final_parallel(school)
    plan = []
    students = (
        Student.objects.filter(school=school, status=StudentStatus.STUDYING, school_class__academic_year=year)
        .select_related("person", "school_class")
        .order_by(
            "school_class__parallel", "school_class__letter_ru", "person__last_name", "person__first_name"
        )
    )
    for student in students:
        parallel = student.school_class.parallel
        default = Decision.LEAVE if parallel >= last else Decision.PROMOTE
        decision = decisions.get(student.pk, default)
        if decision == Decision.PROMOTE and parallel >= last:
            decision = Decision.LEAVE
        target = {Decision.PROMOTE: parallel + 1, Decision.REPEAT: parallel, Decision.LEAVE: None}[decision]
        plan.append((student, decision, target))
    return plan


def promotion_opens_on(year):
    """The first day a school promoted INTO `year` may be promoted out of it: the start of the year's
    last period, or a month before its end when it has no periods. It keeps a second click on the
    promotion page, days after the first, from moving every student up twice."""
    import datetime

    last = year.periods.order_by("-start").first()
    return last.start if last else year.end - datetime.timedelta(days=30)


def promoted_into(year):
    return Movement.objects.filter(
        school_id=year.school_id,
        kind__in=[MovementKind.PROMOTION, MovementKind.REPETITION],
        to_class__academic_year=year,
    ).exists()


@transaction.atomic
def school_promote(*, acting_user, school, year, decisions, order_number, order_date, content, scan=None):
    """CON-10: every class of the year moves to the next year in one transaction.

    Graduates of the last grade become graduates; in grade 9 "leave" means basic secondary school is
    completed (graduate with a certificate), elsewhere the student leaves the school; "repeat" keeps the
    parallel. The next year's classes are created (or used when they exist); old classes are closed."""
    from core.models import AcademicYear

    _require(acting_user, Perm.CONTINGENT_MOVE, school)
    year = AcademicYear.objects.select_for_update().get(pk=year.pk)
    if order_date and promoted_into(year) and order_date < promotion_opens_on(year):
        raise OperationError(
            _(
                "The school was promoted into the %(year)s academic year already; "
                "its promotion to the next year is possible from %(date)s."
            )
            % {"year": year.name, "date": formats.date_format(promotion_opens_on(year), "SHORT_DATE_FORMAT")}
        )
    old_classes = list(
        SchoolClass.objects.select_for_update().filter(school=school, academic_year=year, is_active=True)
    )
    if not old_classes:
        raise OperationError(_("There are no classes to promote in this year."))
    following = next_year_of(year, create=True)
    order = _order(
        school=school,
        acting_user=acting_user,
        kind=OrderKind.YEAR_PROMOTION,
        number=order_number,
        date=order_date,
        content=content,
        scan=scan,
    )
    list(
        Student.objects.select_for_update().filter(
            school_class__in=old_classes, status=StudentStatus.STUDYING
        )
    )
    plan = promotion_plan(school=school, year=year, decisions=decisions)
    # Close the old classes first: a class teacher then leads her class into the next year.
    SchoolClass.objects.filter(pk__in=[c.pk for c in old_classes]).update(is_active=False)
    existing = {
        (c.parallel, c.letter_ru): c
        for c in SchoolClass.objects.select_for_update().filter(
            school=school, academic_year=following, is_active=True
        )
    }
    new_classes = []
    for c in old_classes:
        key = (c.parallel + 1, c.letter_ru)
        if c.parallel < final_parallel(school) and key not in existing:
            clone = SchoolClass(
                school=school,
                academic_year=following,
                parallel=c.parallel + 1,
                letter_ru=c.letter_ru,
                letter_kk=c.letter_kk,
                letter_en=c.letter_en,
                class_teacher=c.class_teacher,
                education_profile=c.education_profile,
                developmental_disorders=c.developmental_disorders,
                year_of_entry=c.year_of_entry,
                class_attribute=c.class_attribute,
                classroom=c.classroom,
                home_schooled=c.home_schooled,
                language=c.language,
                shift=c.shift,
            )
            new_classes.append(clone)
            existing[key] = clone
    # Repeaters go to a class of the same parallel and letter in the next year.
    for student, decision, _target in plan:
        c = student.school_class
        if decision == Decision.REPEAT and (c.parallel, c.letter_ru) not in existing:
            clone = SchoolClass(
                school=school,
                academic_year=following,
                parallel=c.parallel,
                letter_ru=c.letter_ru,
                letter_kk=c.letter_kk,
                letter_en=c.letter_en,
                language=c.language,
                shift=c.shift,
                year_of_entry=c.year_of_entry,
            )
            new_classes.append(clone)
            existing[(c.parallel, c.letter_ru)] = clone
    SchoolClass.objects.bulk_create(new_classes)
    movements, by_target, leaving = [], {}, {}
    for student, decision, _target in plan:
        c = student.school_class
        if decision == Decision.LEAVE:
            graduate = c.parallel >= final_parallel(school) or c.parallel == BASIC_SCHOOL_END
            kind = MovementKind.GRADUATION if graduate else MovementKind.EXPULSION
            movements.append(
                _move(
                    school=school,
                    student=student,
                    kind=kind,
                    from_class=c,
                    to_class=None,
                    order=order,
                    date=order_date,
                    reason="" if graduate else LeaveReason.END_OF_YEAR,
                )
            )
            level = ""
            if graduate:
                level = "general" if c.parallel >= final_parallel(school) else "basic"
            leaving.setdefault((graduate, level), []).append(student.pk)
            continue
        key = (c.parallel + 1 if decision == Decision.PROMOTE else c.parallel, c.letter_ru)
        target = existing[key]
        kind = MovementKind.PROMOTION if decision == Decision.PROMOTE else MovementKind.REPETITION
        movements.append(
            _move(
                school=school,
                student=student,
                kind=kind,
                from_class=c,
                to_class=target,
                order=order,
                date=order_date,
            )
        )
        by_target.setdefault(target.pk, []).append(student.pk)
    Movement.objects.bulk_create(movements, batch_size=1000)
    targets = {c.pk: c for c in existing.values()}
    for target_pk, pks in by_target.items():
        Student.objects.filter(pk__in=pks).update(
            school_class_id=target_pk, parallel=targets[target_pk].parallel
        )
    for (graduate, level), pks in leaving.items():
        Student.objects.filter(pk__in=pks).update(
            status=StudentStatus.GRADUATED if graduate else StudentStatus.EXPELLED,
            left_on=order_date,
            graduation_level=level,
        )
    AcademicYear.objects.filter(school=school, is_current=True).update(is_current=False)
    AcademicYear.objects.filter(pk=following.pk).update(is_current=True)
    following.is_current = True
    return following, order


# --- free meals (CON-12) ----------------------------------------------------------------------------


@transaction.atomic
def free_meal_apply(*, acting_user, application):
    """Registers an application for free meals; one open application per student and year."""
    _require(acting_user, Perm.CONTINGENT_MANAGE, application.school)
    if application.academic_year_id is None:
        raise OperationError(_("The school has no current academic year."))
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise OperationError(_("The student already has an application for this year.")) from error
    return application


@transaction.atomic
def free_meal_decide(*, acting_user, application, status, decided_on):
    """The decision on a submitted application; a decided one is not decided again."""
    from contingent.models import FreeMealApplication, MealStatus

    _require(acting_user, Perm.CONTINGENT_MANAGE, application.school)
    application = FreeMealApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != MealStatus.SUBMITTED:
        raise OperationError(_("This application is already decided."))
    if decided_on < application.applied_on:
        raise OperationError(_("The decision cannot be dated before the application."))
    application.status = status
    application.decided_on = decided_on
    application.save(update_fields=["status", "decided_on"])
    return application


# ---------------------------------------------------------------- admission and transfer in (ADM-4, ADM-6)


@transaction.atomic
def student_admit(
    *,
    acting_user,
    person,
    to_class,
    residency,
    admitted_on,
    order_kind,
    order_number,
    order_date,
    content,
    scan=None,
):
    """A known person (an admitted child, a student coming from another school) gets a personal file
    at the class's school and a place in the class by one order; the order's scan may follow later."""
    school = to_class.school
    _require(acting_user, Perm.CONTINGENT_MOVE, school)
    to_class = _check_target(school, to_class)
    if Student.objects.filter(school=school, person=person, status=StudentStatus.STUDYING).exists():
        raise OperationError(_("This person already studies at this school."))
    student = Student.objects.create(
        school=school, person=person, parallel=to_class.parallel, residency=residency, admitted_on=admitted_on
    )
    order = _into_class(
        student,
        acting_user=acting_user,
        to_class=to_class,
        order_kind=order_kind,
        movement_kind=MovementKind.ENROLMENT,
        order_number=order_number,
        order_date=order_date,
        content=content,
        scan=scan,
        scan_required=False,
    )
    return student, order
