from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContingentConfig(AppConfig):
    name = "contingent"
    verbose_name = _("Contingent")
    nav_items = []
