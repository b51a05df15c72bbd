from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictConfig(AppConfig):
    name = "district"
    verbose_name = _("District department's page")
    # Permissions by value (core.permissions): the app registry is not ready when this loads.
    nav_items = [
        ("district", "district:index", _("Department pages"), "authenticated"),
    ]
