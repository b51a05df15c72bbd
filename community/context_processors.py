"""The unread messages' count in the navbar (KG-4): read with the user (core.auth.add_user_figure), none
for anonymous visitors."""

from django.utils.functional import cached_property


class UnreadMessages:
    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self):
        from community.services import unread_count

        return unread_count(self.user)


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.must_change_password:
        return {}
    return {"unread_messages": UnreadMessages(user)}
