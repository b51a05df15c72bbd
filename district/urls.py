from django.contrib.auth.decorators import login_not_required
from django.urls import path

from district import forms, views
from district.models import PostKind

app_name = "district"


def public(view_class, **kwargs):
    """Pages anybody may read without logging in (the public allow-list of tests/district/url_matrix.py)."""
    return login_not_required(view_class.as_view(**kwargs))


def manage(form_class, title, success, district_form=False, **extra):
    return views.ManageCreateView.as_view(
        form_class=form_class, title=title, success=success, district_form=district_form, extra=extra
    )


urlpatterns = [
    path("", public(views.IndexView), name="index"),
    path("<int:district>/", public(views.PageView), name="page"),
    path("<int:district>/structure/", public(views.StructureView), name="structure"),
    path("<int:district>/people/", views.PeopleView.as_view(), name="people"),
    path("<int:district>/documents/", public(views.DocumentsView), name="documents"),
    path("<int:district>/documents/<int:pk>/file/", public(views.DocumentFileView), name="document_file"),
    path("<int:district>/forum/", public(views.ForumView), name="forum"),
    path("<int:district>/forum/new/", views.TopicCreateView.as_view(), name="topic_create"),
    path("<int:district>/forum/<int:pk>/", public(views.TopicView), name="topic"),
    path("<int:district>/forum/<int:pk>/moderate/", views.TopicModerateView.as_view(), name="topic_moderate"),
    path(
        "<int:district>/forum/posts/<int:pk>/moderate/",
        views.PostModerateView.as_view(),
        name="post_moderate",
    ),
    path("<int:district>/feedback/", public(views.FeedbackView), name="feedback"),
    path("<int:district>/feedback/inbox/", views.FeedbackInboxView.as_view(), name="feedback_inbox"),
    path(
        "<int:district>/feedback/<int:pk>/answer/", views.FeedbackAnswerView.as_view(), name="feedback_answer"
    ),
    path("<int:district>/announcements/", public(views.AnnouncementsView), name="announcements"),
    path("<int:district>/wall/", views.WallPostView.as_view(), name="wall_post"),
    path("<int:district>/wall/<int:pk>/hide/", views.WallHideView.as_view(), name="wall_hide"),
    path("<int:district>/settings/", views.SettingsView.as_view(), name="settings"),
    path(
        "<int:district>/news/new/",
        manage(forms.NewsForm, views.gettext_lazy("Add news"), "district:page", kind=PostKind.NEWS),
        name="news_create",
    ),
    path(
        "<int:district>/announcements/new/",
        manage(
            forms.NewsForm,
            views.gettext_lazy("Add an announcement"),
            "district:announcements",
            kind=PostKind.ANNOUNCEMENT,
        ),
        name="announcement_create",
    ),
    path(
        "<int:district>/units/new/",
        manage(forms.UnitForm, views.gettext_lazy("Add a unit"), "district:structure"),
        name="unit_create",
    ),
    path(
        "<int:district>/people/new/",
        manage(
            forms.MemberForm, views.gettext_lazy("Add an employee"), "district:people", district_form=True
        ),
        name="member_create",
    ),
    path(
        "<int:district>/faq/new/",
        manage(forms.FaqForm, views.gettext_lazy("Add a question and answer"), "district:feedback"),
        name="faq_create",
    ),
    path(
        "<int:district>/folders/new/",
        manage(forms.FolderForm, views.gettext_lazy("Add a folder"), "district:documents"),
        name="folder_create",
    ),
    path(
        "<int:district>/documents/new/",
        manage(
            forms.DocumentForm,
            views.gettext_lazy("Upload a document"),
            "district:documents",
            district_form=True,
        ),
        name="document_create",
    ),
]
