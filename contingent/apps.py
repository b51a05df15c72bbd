from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContingentConfig(AppConfig):
    name = "contingent"
    verbose_name = _("Contingent")
    # Permissions by value (core.permissions.Perm): the app registry is not ready when this loads.
    nav_items = [
        ("contingent", "contingent:student_list", _("Students"), "contingent.view"),
        ("contingent", "contingent:class_list", _("Classes"), "contingent.view"),
        ("contingent", "contingent:student_create", _("Register a student"), "contingent.manage"),
        ("contingent", "contingent:import", _("Import from Excel"), "contingent.manage"),
        ("contingent", "contingent:promotion", _("Promote to the next year"), "contingent.move"),
        ("contingent", "contingent:consent_missing", _("Missing consents"), "contingent.view"),
        ("contingent", "contingent:movement_book", _("Book of student movement"), "contingent.reports"),
        ("contingent", "contingent:order_list", _("Orders on students"), "contingent.reports"),
        ("contingent", "contingent:graduate_list", _("Graduates"), "contingent.reports"),
        ("contingent", "contingent:meal_list", _("Free-meal applications"), "contingent.reports"),
        ("contingent", "contingent:meal_allowed", _("Students allowed free meals"), "contingent.reports"),
        ("contingent", "contingent:user_data", _("Export of user data"), "contingent.reports"),
        ("contingent", "contingent:nobd", _("Summary report on students (NOBD)"), "contingent.reports"),
        ("contingent", "contingent:my_children", _("My children"), "contingent.children"),
    ]
