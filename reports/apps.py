from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
    # Permissions by value (core.permissions.Perm): the app registry is not ready when this loads.
    nav_items = [
        ("reports", "reports:school_statistics", _("School statistics"), "reports.view"),
        ("reports", "reports:drilldown", _("Statistics with drill-down"), "reports.view"),
        ("reports", "reports:competition_list", _("Olympiad and competition winners"), "reports.view"),
        ("reports", "reports:nobd", _("Summary report for the NOBD"), "reports.view"),
        ("reports", "reports:registry", _("Registry of schools"), "reports.district"),
        ("reports", "reports:attestation", _("Attestation of teaching staff"), "reports.district"),
        ("reports", "reports:activity", _("Activity report"), "reports.district"),
    ]
