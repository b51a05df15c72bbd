"""The district department's page (DEP-1..DEP-8)."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.services import OperationError
from district import services
from district.models import Document, FeedbackMessage, Post, Topic, WallPost
from tests.factories import RoleFactory, UserFactory


def url(name, cast, *args):
    return reverse(f"district:{name}", args=[cast.district.pk, *args])


def test_a_visitor_reads_the_page_without_logging_in(client, cast, dep):
    """covers DEP-1"""
    html = client.get(url("page", cast)).content.decode()
    for text in (
        "Отдел образования района",
        "ул. Абая, 1",
        "Начало учебного года",
        "Руководитель",
        "Приказы",
    ):
        assert text in html
    # the registered leader is highlighted; the announcement is not among the news
    assert 'text-success fw-semibold">' + cast.district_official.person.full_name in html
    assert "Совещание директоров" not in html


def test_people_of_the_department_and_its_schools_write_on_the_wall_others_cannot(client, cast, dep):
    """covers DEP-1"""
    client.force_login(cast.teacher)
    client.post(url("wall_post", cast), {"body": "<b>Здравствуйте</b>"})
    assert WallPost.objects.get().body == "<b>Здравствуйте</b>"
    html = client.get(url("page", cast)).content.decode()
    assert "&lt;b&gt;Здравствуйте&lt;/b&gt;" in html and "<b>Здравствуйте</b>" not in html
    stranger = UserFactory()
    RoleFactory(user=stranger, role="teacher", school=__import__("tests.factories").factories.SchoolFactory())
    client.force_login(stranger)
    client.post(url("wall_post", cast), {"body": "Чужой"})
    assert WallPost.objects.count() == 1


def test_structure_lists_units_and_only_this_districts_schools_linked_to_the_registry(client, cast, dep):
    """covers DEP-2"""
    html = client.get(url("structure", cast)).content.decode()
    assert "Отдел дошкольного образования" in html and "Бекова Салтанат" in html
    assert cast.school_a.name in html and cast.school_b.name in html
    # a visitor gets the names; the registry's cards are linked for those who may open them (ORG-3)
    assert reverse("core:school_detail", args=[cast.school_a.pk]) not in html
    client.force_login(cast.district_official)
    html = client.get(url("structure", cast)).content.decode()
    assert reverse("core:school_detail", args=[cast.school_a.pk]) in html
    assert reverse("core:school_detail", args=[cast.school_b.pk]) in html
    client.force_login(cast.director_b)
    html = client.get(url("structure", cast)).content.decode()
    assert reverse("core:school_detail", args=[cast.school_a.pk]) not in html


def test_people_by_category_registered_highlighted_quick_search_department_staff_only(
    client, cast, dep, count_queries
):
    """covers DEP-3"""
    client.force_login(cast.district_official)
    html = client.get(url("people", cast)).content.decode()
    assert html.count('data-testid="person-row"') == 2 and html.count('data-registered="1"') == 1
    html = client.get(url("people", cast) + "?category=specialist").content.decode()
    assert "Бекова" in html and cast.district_official.person.last_name not in html.split("<tbody>")[1]
    html = client.get(url("people", cast) + "?q=салт").content.decode()
    assert html.count('data-testid="person-row"') == 1
    client.force_login(cast.director)
    assert client.get(url("people", cast)).status_code == 403
    official_elsewhere = UserFactory()
    RoleFactory(
        user=official_elsewhere, role="district_official", school=None, district=dep["other_district"]
    )
    client.force_login(official_elsewhere)
    assert client.get(url("people", cast)).status_code == 404


def test_public_documents_in_folders_and_uploads_checked_by_content_and_size(client, cast, dep, settings):
    """covers DEP-4"""
    response = client.get(url("document_file", cast, dep["document"].pk))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    html = client.get(url("documents", cast) + f"?folder={dep['folder'].pk}").content.decode()
    assert "Приказ о начале года" in html
    client.force_login(cast.district_official)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        url("document_create", cast), {"folder": dep["folder"].pk, "title": "X", "file": fake}
    )
    assert "does not match its type" in response.content.decode()
    settings.UPLOAD_MAX_BYTES = 10
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * 100, content_type="application/pdf")
    response = client.post(
        url("document_create", cast), {"folder": dep["folder"].pk, "title": "X", "file": big}
    )
    assert "too large" in response.content.decode()
    assert Document.objects.count() == 1


def test_forum_topics_posts_as_text_and_moderation(client, cast, dep):
    """covers DEP-5"""
    client.force_login(cast.parent)
    response = client.post(
        url("topic_create", cast), {"title": "Школьная форма", "body": "<script>alert(1)</script>"}
    )
    topic = Topic.objects.get(title="Школьная форма")
    assert response.status_code == 302
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    client.post(topic.get_absolute_url(), {"body": "Ответ"})
    post = topic.posts.get(body="Ответ")
    client.force_login(cast.district_official)
    client.post(url("post_moderate", cast, post.pk), {"hide": "1"})
    client.post(url("topic_moderate", cast, topic.pk), {"closed": "1"})
    client.logout()
    assert "Ответ" not in client.get(topic.get_absolute_url()).content.decode()
    with pytest.raises(OperationError):
        services.post_reply(acting_user=cast.parent, topic=topic, body="ещё")
    assert Post.objects.filter(topic=topic).count() == 2  # hidden, not deleted


def test_a_teacher_cannot_moderate_and_another_districts_user_cannot_write(cast, dep):
    """covers DEP-5"""
    post = dep["topic"].posts.first()
    with pytest.raises(OperationError):
        services.post_moderate(acting_user=cast.teacher, post=post, hide=True)
    stranger = UserFactory()
    RoleFactory(user=stranger, role="district_official", school=None, district=dep["other_district"])
    with pytest.raises(OperationError):
        services.topic_create(acting_user=stranger, district=cast.district, title="x", body="y")


def test_forum_topic_page_queries_do_not_grow_with_posts(client, cast, dep, count_queries):
    """covers DEP-5"""
    topic = Topic.objects.create(district=cast.district, title="Счёт", author=cast.teacher)
    Post.objects.create(topic=topic, author=cast.teacher, body="1")
    client.force_login(cast.parent)
    one = count_queries(lambda: client.get(topic.get_absolute_url()))
    authors = [UserFactory() for _ in range(5)]
    Post.objects.bulk_create(Post(topic=topic, author=authors[i % 5], body=f"пост {i}") for i in range(49))
    fifty = count_queries(lambda: client.get(topic.get_absolute_url()))
    assert one == fifty
    forum_one = count_queries(lambda: client.get(url("forum", cast)))
    for i in range(49):
        Topic.objects.create(district=cast.district, title=f"Тема {i}", author=authors[i % 5])
    assert count_queries(lambda: client.get(url("forum", cast))) == forum_one


def test_feedback_contacts_reception_faq_and_a_form_whose_messages_are_answered_and_kept(
    client, cast, dep, django_capture_on_commit_callbacks
):
    """covers DEP-6"""
    html = client.get(url("feedback", cast)).content.decode()
    assert "вторник 10:00–12:00" in html and "Как записаться в 1 класс?" in html
    response = client.post(
        url("feedback", cast),
        {"name": "Ахметова Г.", "email": "g@example.kz", "subject": "Очередь", "body": "Когда запись?"},
    )
    assert response.status_code == 302
    message = FeedbackMessage.objects.get()
    client.force_login(cast.district_official)
    assert "Очередь" in client.get(url("feedback_inbox", cast)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("feedback_answer", cast, message.pk), {"answer": "С 1 апреля"})
    message.refresh_from_db()
    assert message.answer == "С 1 апреля" and message.answered_by == cast.district_official
    assert mail.outbox[-1].to == ["g@example.kz"] and "С 1 апреля" in mail.outbox[-1].body


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "email": "g@example.kz", "subject": "x", "body": "y"},
        {"name": "Г", "email": "not-an-email", "subject": "x", "body": "y"},
        {"name": "Г", "email": "g@example.kz", "subject": "   ", "body": "y"},
        {"name": "Г", "email": "g@example.kz", "subject": "x", "body": "a\x00b"},
    ],
)
def test_bad_feedback_gets_a_message_and_saves_nothing(client, cast, dep, data):
    """covers DEP-6"""
    response = client.post(url("feedback", cast), data)
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert not FeedbackMessage.objects.exists()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=200), subject=st.text(max_size=300), body=st.text(max_size=300))
def test_the_public_feedback_form_never_fails_on_any_input(cast, name, subject, body):
    """covers DEP-6"""
    from district.forms import FeedbackForm

    form = FeedbackForm(data={"name": name, "email": "a@example.kz", "subject": subject, "body": body})
    if form.is_valid():
        assert form.cleaned_data["subject"] == form.cleaned_data["subject"].strip()


def test_announcements_are_published_by_the_department(client, cast, dep):
    """covers DEP-7"""
    client.force_login(cast.district_official)
    client.post(url("announcement_create", cast), {"title": "Приём документов", "body": "До 1 июня"})
    client.logout()
    html = client.get(url("announcements", cast)).content.decode()
    assert "Приём документов" in html and "Совещание директоров" in html
    assert "Начало учебного года" not in html


def test_switching_a_feature_off_hides_it_and_loses_nothing(client, cast, dep):
    """covers DEP-8"""
    client.force_login(cast.district_official)
    features = ["news", "wall", "structure", "people", "documents", "feedback", "announcements"]
    client.post(url("settings", cast), {"description": "Новый текст", "features": features})
    client.logout()
    assert client.get(url("forum", cast)).status_code == 404
    assert client.get(dep["topic"].get_absolute_url()).status_code == 404
    assert url("forum", cast) not in client.get(url("page", cast)).content.decode()
    assert Topic.objects.filter(district=cast.district).count() == 1
    client.force_login(cast.district_official)
    client.post(url("settings", cast), {"description": "Новый текст", "features": [*features, "forum"]})
    assert "Подготовка к ЕНТ" in client.get(url("forum", cast)).content.decode()


def test_only_the_departments_administrators_switch_features(cast, dep):
    """covers DEP-8"""
    with pytest.raises(OperationError):
        services.feature_switch(
            acting_user=cast.director, district=cast.district, feature="forum", enabled=False
        )
