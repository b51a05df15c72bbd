from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")
    # (area, url name, label, permission): the navigation shows what the user may open.
    nav_items = [
        ("administration", "core:my_school", _("School card"), "school.view"),
        ("administration", "core:school_list", _("Registry of schools"), "district.registry"),
        ("administration", "core:year_list", _("Academic years and periods"), "school.view"),
        ("administration", "core:order_list", _("Order register"), "orders.view"),
        ("administration", "core:user_list", _("Users and roles"), "users.manage"),
        ("administration", "core:login_list", _("Logins"), "activity.view"),
        ("administration", "core:access_log", _("Access log"), "activity.view"),
        ("administration", "core:activity", _("User activity"), "activity.view"),
        ("administration", "core:district_activity", _("Activity of schools"), "district.registry"),
    ]

    def ready(self):
        from core import signals  # noqa: F401
