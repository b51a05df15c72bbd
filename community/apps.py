from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("School community")
    # Permissions by value (core.permissions.Perm): the app registry is not ready when this loads.
    nav_items = [
        ("community", "community:calendar", _("School calendar"), "authenticated"),
        ("community", "community:course_list", _("Distance courses"), "authenticated"),
        ("community", "community:portfolio", _("Portfolio"), "authenticated"),
        ("community", "community:inbox", _("Messages"), "authenticated"),
        ("community", "community:boards", _("Class boards"), "authenticated"),
    ]

    def ready(self):
        from community.services import UNREAD, unread_sql
        from core.auth import add_user_figure

        add_user_figure(UNREAD, unread_sql())
