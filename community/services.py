"""Operations of the school community (DESIGN rule 4): one transaction each, translated refusals."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import (
    HEAD_ROLES,
    Answer,
    Attempt,
    ClassPost,
    ClassPostKind,
    Conversation,
    Message,
    Participant,
    QuestionKind,
    _roles_by_school,
)
from contingent.models import GuardianLink, SchoolClass, Student
from core import prepared
from core.auth import forget_user_figure, user_figure
from core.permissions import district_ids, is_system_admin
from core.services import OperationError

UNREAD = "unread_messages"  # the navbar's figure read with the user (core.auth.add_user_figure)

STAFF_ROLES = {
    "director",
    "deputy_director",
    "hr_officer",
    "records_clerk",
    "secretary",
    "school_admin",
    "class_teacher",
    "teacher",
}


# --- KG-4: who may write to whom ---------------------------------------------------------------------


def recipients_for(user, school):
    """People the user may write to (KG-4): the people of his own school (staff write to everybody of
    the school, parents and students to its staff) and the officials of its district. A person of
    another school is reached only through the district: a district official writes to anybody of
    his district's schools."""
    User = get_user_model()
    users = User.objects.filter(is_active=True).exclude(pk=user.pk)
    if is_system_admin(user):
        return users
    own_districts = district_ids(user)
    if own_districts:
        return users.filter(
            Q(role_assignments__school__district_id__in=own_districts)
            | Q(role_assignments__district_id__in=own_districts)
        ).distinct()
    if school is None:
        return users.none()
    roles = _roles_by_school(user).get(school.pk, set())
    if not roles:
        return users.none()
    officials = Q(
        role_assignments__district_id=school.district_id, role_assignments__role="district_official"
    )
    if roles & STAFF_ROLES:
        same_school = Q(role_assignments__school=school)
    else:
        same_school = Q(role_assignments__school=school, role_assignments__role__in=STAFF_ROLES)
    return users.filter(same_school | officials).distinct()


def _notify(conversation, message):
    """New messages also go to e-mail, through Django's mail backend (KG-4)."""
    others = (
        Participant.objects.filter(conversation=conversation)
        .exclude(user=message.author)
        .select_related("user__person")
    )
    emails = [p.user.email or (p.user.person.email if p.user.person_id else "") for p in others]
    emails = [e for e in emails if e]
    if not emails:
        return
    author = message.author.person.full_name if message.author.person_id else message.author.username
    subject = _("New message: %(subject)s") % {"subject": conversation.subject}
    body = _("%(author)s wrote:") % {"author": author} + "\n\n" + message.body
    transaction.on_commit(lambda: send_mail(subject, body, None, emails, fail_silently=True))


@transaction.atomic
def conversation_start(*, acting_user, school, recipient, subject, body, student=None):
    if not recipients_for(acting_user, school).filter(pk=recipient.pk).exists():
        raise OperationError(
            _("You may write only to people of your school; other schools are reached through the district.")
        )
    if school is not None:
        district = school.district
    else:
        district_id = next(iter(district_ids(acting_user)), None)
        if district_id is None:
            raise OperationError(_("Choose a school first."))
        from core.models import District

        district = District.objects.get(pk=district_id)
    now = timezone.now()
    conversation = Conversation.objects.create(
        district=district,
        school=school,
        subject=subject,
        student=student,
        created_by=acting_user,
        last_message_at=now,
    )
    Participant.objects.create(conversation=conversation, user=acting_user, last_read_at=now)
    Participant.objects.create(conversation=conversation, user=recipient)
    message = Message.objects.create(conversation=conversation, author=acting_user, body=body)
    _notify(conversation, message)
    return conversation


@transaction.atomic
def message_send(*, acting_user, conversation, body):
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if not conversation.participants.filter(user=acting_user).exists():
        raise OperationError(_("You do not take part in this conversation."))
    message = Message.objects.create(conversation=conversation, author=acting_user, body=body)
    conversation.last_message_at = message.created_at
    conversation.save(update_fields=["last_message_at"])
    Participant.objects.filter(conversation=conversation, user=acting_user).update(
        last_read_at=message.created_at
    )
    forget_user_figure(acting_user, UNREAD)
    _notify(conversation, message)
    return message


def conversation_mark_read(*, acting_user, conversation):
    Participant.objects.filter(conversation=conversation, user=acting_user).update(
        last_read_at=timezone.now()
    )
    forget_user_figure(acting_user, UNREAD)


def unread_sql():
    """Messages of others newer than what the user has read: the navbar's badge, on every page, so
    read as a column of the user's own statement (core.auth.add_user_figure, CommunityConfig.ready)."""
    return (
        f"SELECT count(*) FROM {Message._meta.db_table} m"
        f" JOIN {Participant._meta.db_table} p ON p.conversation_id = m.conversation_id"
        " WHERE p.user_id = %(user)s AND m.author_id <> %(user)s"
        " AND (p.last_read_at IS NULL OR m.created_at > p.last_read_at)"
    )


def unread_count(user):
    return user_figure(user, UNREAD, _read_unread_count)


def _read_unread_count(user):
    with connection.cursor() as cursor:
        prepared.execute(cursor, "community_unread", unread_sql(), {"user": user.pk}, history=False)
        return cursor.fetchone()[0]


# --- KG-4: class announcements and parents' boards ------------------------------------------------


def board_classes(user):
    """Classes whose board the user reads: heads every class of the school, the class teacher her
    class, a parent his children's classes, a student her own class (announcements only)."""
    if is_system_admin(user):
        return SchoolClass.objects.filter(is_active=True)
    person_id = getattr(user, "person_id", None)
    condition = Q(pk__in=[])
    for school_id, roles in _roles_by_school(user).items():
        if roles & HEAD_ROLES:
            condition |= Q(school_id=school_id)
        if person_id and "class_teacher" in roles:
            condition |= Q(school_id=school_id, class_teacher__person_id=person_id)
        if person_id and "parent" in roles:
            children = GuardianLink.objects.filter(person_id=person_id).values("student_id")
            condition |= Q(school_id=school_id, students__pk__in=children)
        if person_id and "student" in roles:
            condition |= Q(school_id=school_id, students__person_id=person_id, students__status="studying")
    return SchoolClass.objects.filter(condition, is_active=True).distinct()


def board_role(user, school_class):
    """'moderator' (heads, the class teacher), 'parent', 'student' or None."""
    if is_system_admin(user):
        return "moderator"
    roles = _roles_by_school(user).get(school_class.school_id, set())
    person_id = getattr(user, "person_id", None)
    if roles & HEAD_ROLES:
        return "moderator"
    if (
        "class_teacher" in roles
        and person_id
        and school_class.class_teacher_id
        and school_class.class_teacher.person_id == person_id
    ):
        return "moderator"
    if "parent" in roles and person_id:
        children = GuardianLink.objects.filter(person_id=person_id).values("student_id")
        if Student.objects.filter(pk__in=children, school_class=school_class).exists():
            return "parent"
    if "student" in roles:
        return "student"
    return None


@transaction.atomic
def class_post_create(*, acting_user, school_class, kind, body, title=""):
    if kind not in ClassPostKind.values:
        raise OperationError(_("Unknown kind of post."))
    role = board_role(acting_user, school_class)
    if kind == ClassPostKind.ANNOUNCEMENT and role != "moderator":
        raise OperationError(
            _("Class announcements are written by the class teacher and the school's heads.")
        )
    if kind == ClassPostKind.BOARD and role not in ("moderator", "parent"):
        raise OperationError(_("The parents' board is for the class's parents."))
    return ClassPost.objects.create(
        school_class=school_class, kind=kind, author=acting_user, title=title, body=body
    )


@transaction.atomic
def class_post_moderate(*, acting_user, post, hide):
    if board_role(acting_user, post.school_class) != "moderator":
        raise OperationError(_("Only the class teacher and the school's heads moderate this board."))
    post = ClassPost.objects.select_for_update().get(pk=post.pk)
    post.is_hidden = hide
    post.hidden_by = acting_user if hide else None
    post.save(update_fields=["is_hidden", "hidden_by"])
    return post


# --- KG-2: tests --------------------------------------------------------------------------------------


def _as_decimal(value):
    try:
        return Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        return None


def _normalise(text):
    return " ".join(str(text).split()).casefold()


def grade_answer(question, answer, choice_ids):
    """Points of an answer graded automatically, or None when the teacher grades it (open answers)."""
    if question.kind == QuestionKind.OPEN:
        return None
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        correct = {c.pk for c in question.choices.all() if c.is_correct}
        return Decimal(question.points) if set(choice_ids) == correct and correct else Decimal(0)
    if question.kind == QuestionKind.NUMBER:
        if answer.number is None or question.number_answer is None:
            return Decimal(0)
        ok = abs(answer.number - question.number_answer) <= question.tolerance
        return Decimal(question.points) if ok else Decimal(0)
    accepted = {_normalise(line) for line in question.text_answers.splitlines() if line.strip()}
    return Decimal(question.points) if _normalise(answer.text) in accepted else Decimal(0)


def _recount(attempt):
    answers = list(attempt.answers.all())
    attempt.score = sum((a.points or 0) for a in answers)
    attempt.needs_review = any(a.points is None for a in answers)
    attempt.save(update_fields=["score", "needs_review"])


@transaction.atomic
def test_submit(*, acting_user, test, student, responses):
    """A student's answers, graded at once where they can be (KG-2). `responses` maps a question id to
    a list of choice ids, a number or a text. Taken once, within the test's dates."""
    if student.person_id != acting_user.person_id:
        raise OperationError(_("Only the student himself takes the test."))
    now = timezone.now()
    if not test.is_open(now):
        raise OperationError(
            _("The test is open from %(opens)s to %(closes)s.")
            % {
                "opens": timezone.localtime(test.opens).strftime("%d.%m.%Y %H:%M"),
                "closes": timezone.localtime(test.closes).strftime("%d.%m.%Y %H:%M"),
            }
        )
    if student.school_class_id != test.course.school_class_id or student.status != "studying":
        raise OperationError(_("The test is assigned to another class."))
    if test.course.subgroup_id:
        from journal.roster import roster_ids

        if student.pk not in roster_ids(test.course.subgroup):
            raise OperationError(_("The test is assigned to another subgroup."))
    # Lock the student's row: two submissions at once cannot both pass the check below.
    Student.objects.select_for_update().get(pk=student.pk)
    if Attempt.objects.filter(test=test, student=student).exists():
        raise OperationError(_("The test has already been taken."))
    return record_attempt(test=test, student=student, responses=responses, at=now)


def record_attempt(*, test, student, responses, at):
    """Saves and grades the answers (the part of `test_submit` after its checks; the demo data
    records a class's attempts with it)."""
    questions = list(test.questions.prefetch_related("choices"))
    attempt = Attempt.objects.create(
        test=test, student=student, submitted_at=at, max_score=sum(q.points for q in questions)
    )
    for q in questions:
        value = responses.get(q.pk)
        answer = Answer(attempt=attempt, question=q)
        choice_ids = []
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            valid = {c.pk for c in q.choices.all()}
            choice_ids = [int(v) for v in (value or []) if str(v).isdigit() and int(v) in valid]
            if q.kind == QuestionKind.SINGLE:
                choice_ids = choice_ids[:1]
        elif q.kind == QuestionKind.NUMBER:
            answer.number = _as_decimal(value) if value not in (None, "") else None
        else:
            answer.text = (value or "").strip()
        answer.points = grade_answer(q, answer, choice_ids)
        answer.save()
        if choice_ids:
            answer.choices.set(choice_ids)
    _recount(attempt)
    return attempt


@transaction.atomic
def answer_grade(*, acting_user, answer, points):
    """The teacher grades an answer the machine could not (or corrects one)."""
    attempt = (
        Attempt.objects.select_for_update().select_related("test__course__teacher").get(pk=answer.attempt_id)
    )
    course = attempt.test.course
    roles = _roles_by_school(acting_user).get(course.school_id, set())
    if not (
        is_system_admin(acting_user)
        or roles & HEAD_ROLES
        or course.teacher.person_id == acting_user.person_id
    ):
        raise OperationError(_("Only the course's teacher grades its tests."))
    points = _as_decimal(points)
    if points is None or points < 0 or points > answer.question.points:
        raise OperationError(_("Give from 0 to %(max)s points.") % {"max": answer.question.points})
    answer.points = points
    answer.save(update_fields=["points"])
    _recount(attempt)
    return attempt


# --- KG-3: whose portfolio -----------------------------------------------------------------------------


def portfolio_people(user):
    """People whose portfolio the user reads: himself, his children, his class's students (class
    teacher), the students and staff of a school he heads (director, deputy)."""
    from core.models import Person

    if is_system_admin(user):
        return Person.objects.all()
    person_id = getattr(user, "person_id", None)
    condition = Q(pk=person_id) if person_id else Q(pk__in=[])
    for school_id, roles in _roles_by_school(user).items():
        if roles & HEAD_ROLES:
            condition |= Q(studies__school_id=school_id, studies__status="studying")
            condition |= Q(employments__school_id=school_id, employments__status="active")
        elif person_id and "class_teacher" in roles:
            condition |= Q(
                studies__school_id=school_id,
                studies__status="studying",
                studies__school_class__class_teacher__person_id=person_id,
            )
    if person_id:
        condition |= Q(studies__guardians__person_id=person_id)
    return Person.objects.filter(condition).distinct()


# --- KG-2: a result becomes a journal mark (through the journal's own service) ----------------------

# Percent of points -> the 5-point mark (the usual test bands of KG and pre-2016 KZ practice).
FIVE_POINT_BANDS = ((85, 5), (65, 4), (40, 3), (0, 2))


def mark_for(percent, kind, max_points=None):
    """The journal value of a test result: a 5-point or 10-point mark, or points of a СОР/СОЧ."""
    from journal.rules import DEFAULT_MAX_POINTS, SCALES

    if kind in SCALES and max(SCALES[kind]) == 5:
        return next(mark for floor, mark in FIVE_POINT_BANDS if percent >= floor), None
    if kind in SCALES:
        return max(1, min(10, round(percent / 10))), None
    max_points = int(max_points or DEFAULT_MAX_POINTS[kind])
    return round(percent * max_points / 100), max_points


def journal_lessons(course):
    """Dated journal lessons of the course's subgroup within the course's dates, newest first."""
    from journal.models import Lesson

    if course.subgroup_id is None:
        return Lesson.objects.none()
    return (
        Lesson.objects.filter(subgroup_id=course.subgroup_id, date__gte=course.starts, date__lte=course.ends)
        .filter(is_cancelled=False)
        .order_by("-date", "-number")
    )


@transaction.atomic
def attempt_to_journal(*, acting_user, attempt, lesson, kind, max_points=None):
    """Puts a graded attempt's result into the journal at one of the course's lessons, through
    journal.services.mark_set (its rules: the lesson's teacher, the scale, closed periods)."""
    from journal import services as journal_services
    from journal.models import Mark

    attempt = Attempt.objects.select_for_update().select_related("test__course", "student").get(pk=attempt.pk)
    course = attempt.test.course
    if attempt.needs_review:
        raise OperationError(_("Grade the open answers first."))
    if attempt.journal_mark_id:
        raise OperationError(_("This result is already in the journal."))
    if not journal_lessons(course).filter(pk=lesson.pk).exists():
        raise OperationError(_("Choose a lesson of the course's subject within the course's dates."))
    value, max_points = mark_for(attempt.percent, kind, max_points)
    used = set(
        Mark.objects.filter(lesson=lesson, student=attempt.student, kind=kind).values_list("slot", flat=True)
    )
    slot = next(n for n in range(1, 11) if n not in used)
    mark = journal_services.mark_set(
        acting_user=acting_user,
        lesson=lesson,
        student=attempt.student,
        kind=kind,
        value=value,
        slot=slot,
        max_points=max_points,
    )
    attempt.journal_mark = mark
    attempt.save(update_fields=["journal_mark"])
    return mark


def test_to_journal(*, acting_user, test, lesson, kind, max_points=None):
    """Every graded result of the test not yet in the journal; returns (sent, refusals)."""
    sent, refused = 0, []
    for attempt in test.attempts.filter(journal_mark__isnull=True).select_related("student__person"):
        try:
            attempt_to_journal(
                acting_user=acting_user, attempt=attempt, lesson=lesson, kind=kind, max_points=max_points
            )
            sent += 1
        except OperationError as error:
            refused.append(f"{attempt.student}: {error}")
    return sent, refused
