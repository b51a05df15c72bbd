"""Every district-page URL x every role (covers ORG-3 for DEP-1..DEP-8). The page, its structure,
documents, forum, feedback and announcements are on the public allow-list: anonymous gets 200."""

from django.contrib.auth import get_user_model

from district.models import Document, FeedbackMessage, Folder, Post, Topic
from tests.contingent.factories import scan
from tests.url_matrix import Case, everyone

OFFICIAL = {"district_official": 200}


def d(cast):
    return {"district": cast.district.pk}


def public():
    return Case(kwargs=d, expect=everyone(200), anonymous=200)


def manage(status=200, method="get", data=None):
    return Case(kwargs=d, expect={"district_official": status}, method=method, data=data)


def _topic(cast):
    if "_topic" not in cast.__dict__:
        topic = Topic.objects.create(district=cast.district, title="Тема", author=cast.district_official)
        Post.objects.create(topic=topic, author=cast.district_official, body="Первое сообщение")
        cast.__dict__["_topic"] = topic
    return cast.__dict__["_topic"]


def _document(cast):
    if "_document" not in cast.__dict__:
        folder = Folder.objects.create(district=cast.district, name="Приказы")
        cast.__dict__["_document"] = Document.objects.create(
            folder=folder, title="Приказ №1", file=scan(), uploaded_by=cast.district_official
        )
    return cast.__dict__["_document"]


def _feedback(cast):
    return FeedbackMessage.objects.create(
        district=cast.district, name="Иванов", email="ivanov@example.kz", subject="Вопрос", body="Текст"
    )


URL_CASES = {
    "district:index": Case(expect=everyone(200), anonymous=200),
    "district:page": public(),
    "district:structure": public(),
    "district:people": manage(),
    "district:documents": public(),
    "district:document_file": Case(
        kwargs=lambda cast: d(cast) | {"pk": _document(cast).pk}, expect=everyone(200), anonymous=200
    ),
    "district:forum": public(),
    "district:topic_create": Case(kwargs=d, expect=everyone(200)),
    "district:topic": Case(
        kwargs=lambda cast: d(cast) | {"pk": _topic(cast).pk}, expect=everyone(200), anonymous=200
    ),
    "district:topic_moderate": Case(
        kwargs=lambda cast: d(cast) | {"pk": _topic(cast).pk},
        method="post",
        data=lambda cast: {"closed": "1"},
        expect={"district_official": 302},
    ),
    "district:post_moderate": Case(
        kwargs=lambda cast: d(cast) | {"pk": _topic(cast).posts.first().pk},
        method="post",
        data=lambda cast: {"hide": "1"},
        expect={"district_official": 302},
    ),
    "district:feedback": public(),
    "district:feedback_inbox": manage(),
    "district:feedback_answer": Case(
        kwargs=lambda cast: d(cast) | {"pk": _feedback(cast).pk}, expect=OFFICIAL
    ),
    "district:announcements": public(),
    "district:wall_post": Case(
        kwargs=d, method="post", data=lambda cast: {"body": "Привет"}, expect=everyone(302)
    ),
    "district:wall_hide": Case(
        kwargs=lambda cast: d(cast) | {"pk": 1}, method="post", expect={"district_official": 302}
    ),
    "district:settings": manage(),
    "district:news_create": manage(),
    "district:announcement_create": manage(),
    "district:unit_create": manage(),
    "district:member_create": manage(),
    "district:faq_create": manage(),
    "district:folder_create": manage(),
    "district:document_create": manage(),
}

__all__ = ["URL_CASES", "get_user_model"]
