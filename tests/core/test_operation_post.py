"""The one-button operation (core.views.base.OperationPostView and `run`): a POST calls a service and
comes back with a message in the user's language; a refusal saves nothing (DESIGN rule 6)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from core.models import RoleAssignment
from core.services import OperationError, role_remove


def _messages(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_a_refusal_is_the_services_message_in_the_users_language_and_nothing_is_saved(cast, login):
    """covers ORG-2 ORG-6"""
    cast.director.language = "kk"
    cast.director.save(update_fields=["language"])
    own = RoleAssignment.objects.get(user=cast.director, role="director")
    response = login(cast.director).post(reverse("core:role_remove", args=[own.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:user_roles", args=[cast.director.pk])
    with translation.override("kk"), pytest.raises(OperationError) as refused:
        role_remove(acting_user=cast.director, assignment=own)
    with translation.override("en"), pytest.raises(OperationError) as refused_en:
        role_remove(acting_user=cast.director, assignment=own)
    assert str(refused.value) != str(refused_en.value)  # the message exists in Kazakh
    assert _messages(response) == [("error", str(refused.value))]
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_a_success_gives_the_message_and_the_redirect(cast, login):
    """covers ORG-2"""
    assignment = RoleAssignment.objects.get(user=cast.records_clerk, role="records_clerk")
    response = login(cast.director).post(reverse("core:role_remove", args=[assignment.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:user_roles", args=[cast.records_clerk.pk])
    with translation.override(cast.director.language):
        assert _messages(response) == [("success", translation.gettext("The role is removed."))]
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_a_get_is_405_and_changes_nothing(cast, login):
    """covers ORG-2"""
    assignment = RoleAssignment.objects.get(user=cast.records_clerk, role="records_clerk")
    response = login(cast.director).get(reverse("core:role_remove", args=[assignment.pk]))
    assert response.status_code == 405
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_another_schools_object_is_a_404_and_changes_nothing(cast, login):
    """covers ORG-2"""
    theirs = RoleAssignment.objects.get(user=cast.users["director_b"], role="director")
    response = login(cast.director).post(reverse("core:role_remove", args=[theirs.pk]))
    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=theirs.pk).exists()


def test_an_operation_may_answer_with_a_page_of_its_own(cast, login):
    """covers ORG-2: the new first password is shown once, never kept by a cache."""
    response = login(cast.director).post(reverse("core:user_password_reset", args=[cast.teacher.pk]))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert response.context["target"] == cast.teacher
