"""Operations on the department's page (DESIGN rule 4): one transaction each, translated refusals."""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import Perm, district_ids, has_permission, is_system_admin, member_school_ids
from core.services import OperationError
from district.models import DepartmentPage, Feature, FeedbackMessage, Post, Topic


def page_of(district):
    page, _created = DepartmentPage.objects.get_or_create(district=district)
    return page


def can_manage(user, district):
    """The department's administrators: its officials (and the system administrator)."""
    if is_system_admin(user):
        return True
    return district.pk in district_ids(user) and has_permission(user, Perm.DISTRICT_PAGE_MANAGE)


def can_see_people(user, district):
    """DEP-3: the People tab is for the department's own staff only."""
    return is_system_admin(user) or district.pk in district_ids(user)


def belongs_to(user, district):
    """Who may write on the wall and in the forum: people of the department and of its schools."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_system_admin(user) or district.pk in district_ids(user):
        return True
    from core.models import School

    return School.objects.filter(pk__in=member_school_ids(user), district=district).exists()


def _check_manager(acting_user, district):
    if not can_manage(acting_user, district):
        raise OperationError(_("Only the department's administrators may do this."))


@transaction.atomic
def feature_switch(*, acting_user, district, feature, enabled):
    """DEP-8: switching a feature off hides it; nothing of it is deleted."""
    _check_manager(acting_user, district)
    if feature not in Feature.values:
        raise OperationError(_("Unknown feature."))
    page = DepartmentPage.objects.select_for_update().get(pk=page_of(district).pk)
    disabled = set(page.disabled_features)
    if enabled:
        disabled.discard(feature)
    else:
        disabled.add(feature)
    page.disabled_features = sorted(disabled)
    page.save(update_fields=["disabled_features"])
    return page


@transaction.atomic
def topic_create(*, acting_user, district, title, body):
    """A forum topic with its first post (DEP-5)."""
    if not belongs_to(acting_user, district):
        raise OperationError(_("Only people of the department and its schools write in this forum."))
    topic = Topic.objects.create(district=district, title=title, author=acting_user)
    Post.objects.create(topic=topic, author=acting_user, body=body)
    return topic


@transaction.atomic
def post_reply(*, acting_user, topic, body):
    if not belongs_to(acting_user, topic.district):
        raise OperationError(_("Only people of the department and its schools write in this forum."))
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if topic.is_closed:
        raise OperationError(_("The topic is closed for new posts."))
    return Post.objects.create(topic=topic, author=acting_user, body=body)


@transaction.atomic
def post_moderate(*, acting_user, post, hide):
    """DEP-5 moderation: a hidden post stays in the database and can be shown again."""
    _check_manager(acting_user, post.topic.district)
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.is_hidden = hide
    post.hidden_by = acting_user if hide else None
    post.save(update_fields=["is_hidden", "hidden_by"])
    return post


@transaction.atomic
def topic_moderate(*, acting_user, topic, closed=None, pinned=None):
    _check_manager(acting_user, topic.district)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if closed is not None:
        topic.is_closed = closed
    if pinned is not None:
        topic.is_pinned = pinned
    topic.save(update_fields=["is_closed", "is_pinned"])
    return topic


@transaction.atomic
def feedback_answer(*, acting_user, message, answer):
    """DEP-6: the answer is kept with the message and sent to the writer's e-mail."""
    _check_manager(acting_user, message.district)
    message = FeedbackMessage.objects.select_for_update().get(pk=message.pk)
    if not answer.strip():
        raise OperationError(_("Write the answer."))
    message.answer = answer
    message.answered_at = timezone.now()
    message.answered_by = acting_user
    message.save(update_fields=["answer", "answered_at", "answered_by"])
    subject = _("Answer: %(subject)s") % {"subject": message.subject}
    transaction.on_commit(lambda: send_mail(subject, answer, None, [message.email], fail_silently=True))
    return message
