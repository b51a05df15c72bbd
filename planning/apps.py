from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Planning")
    # Permissions by value (core.permissions.Perm): the app registry is not ready when this loads.
    nav_items = [
        ("planning", "planning:overview", _("Curricula"), "planning.view"),
        ("planning", "planning:timetable_list", _("Timetable"), "planning.view"),
        ("planning", "planning:report_load", _("Reports"), "planning.view"),
        ("planning", "planning:subject_list", _("Catalogues"), "planning.view"),
        ("planning", "planning:my_schedule", _("My schedule"), "planning.own"),
        ("planning", "planning:ktp_list", _("Calendar-thematic plans"), "planning.own"),
    ]
