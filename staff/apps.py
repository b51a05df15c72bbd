from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Staff")
    nav_items = [
        ("staff", "staff:employee_list", _("Employees"), "staff.view"),
        ("staff", "staff:employee_archive", _("Former employees"), "staff.view"),
        ("staff", "staff:course_list", _("Qualification courses"), "staff.view"),
        ("staff", "staff:teaching_staff", _("Registry of teaching staff"), "staff.view"),
        ("staff", "staff:hiring_register", _("Output forms"), "staff.reports"),
        ("staff", "staff:seniority", _("Seniority on a new academic year"), "staff.manage"),
        ("staff", "staff:import", _("Import staff from Excel"), "staff.manage"),
        ("staff", "staff:my_file", _("My personal file"), "staff.course_request"),
    ]
