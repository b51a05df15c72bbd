from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrictFormsConfig(AppConfig):
    name = "strict_forms"
    verbose_name = _("Blanks and records")
    nav_items = []
