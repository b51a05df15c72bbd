from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    name = "admissions"
    verbose_name = _("Admissions")
    # Permissions by value (core.permissions.Perm): the app registry is not ready when this loads.
    nav_items = [
        ("admissions", "admissions:home", _("Admission to school"), "authenticated"),
        ("admissions", "admissions:application_list", _("Incoming applications"), "admissions.view"),
        ("admissions", "admissions:quotas", _("Quotas"), "admissions.view"),
        ("admissions", "admissions:address_register", _("Address register"), "admissions.view"),
        ("admissions", "admissions:transfer_list", _("Transfers between schools"), "admissions.view"),
        ("admissions", "admissions:dispatch_journal", _("Dispatch journal"), "admissions.view"),
        ("admissions", "admissions:departure_journal", _("Transfers out of the school"), "admissions.view"),
        (
            "admissions",
            "admissions:class_transfer_journal",
            _("Transfers between classes"),
            "admissions.view",
        ),
        (
            "admissions",
            "admissions:report_summary",
            _("Registration dynamics (summary)"),
            "admissions.reports",
        ),
        (
            "admissions",
            "admissions:report_extended",
            _("Registration dynamics (extended)"),
            "admissions.reports",
        ),
        ("admissions", "admissions:report_registered", _("Registered students"), "admissions.reports"),
        ("admissions", "admissions:my_transfers", _("Transfer to another school"), "contingent.children"),
    ]
