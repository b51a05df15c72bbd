"""Every login is recorded for activity reports (ORG-4). Recording, not domain logic."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from core.auth import load_user
from core.models import LoginEvent

# Set by the language switch before login; the account takes that language at the login.
LANGUAGE_CHOSEN_KEY = "mektep_language_chosen"


@receiver(user_logged_in, dispatch_uid="core.record_login")
def record_login(sender, request, user, **kwargs):
    from core.middleware import SESSION_SCHOOL_KEY
    from core.permissions import member_school_ids

    schools = member_school_ids(user)
    school_id = request.session.get(SESSION_SCHOOL_KEY) if request else None
    LoginEvent.objects.create(
        user=user,
        school_id=school_id if school_id in schools else (min(schools) if schools else None),
        ip_address=(request.META.get("REMOTE_ADDR") if request else None),
    )
    chosen = request.session.pop(LANGUAGE_CHOSEN_KEY, None) if request is not None else None
    if chosen and chosen != user.language:
        # The language the person picked on the login page is her choice from now on (ORG-6).
        user.language = chosen
        user.save(update_fields=["language"])
    if user.language and request is not None:
        request.session["_language"] = user.language
    # The first page after the login finds her assignments and years already read (core.auth).
    load_user(user.pk)
