from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrictFormsConfig(AppConfig):
    name = "strict_forms"
    verbose_name = _("Blanks and records")
    # Figure 47's menu: documents (blanks, issued attestats and letters, orders, protocols, documents),
    # correspondence, assignments.
    nav_items = [
        ("strict_forms", "strict_forms:blank_list", _("Strict-reporting blanks"), "blanks.view"),
        ("strict_forms", "strict_forms:attestat_list", _("Issued attestats and certificates"), "blanks.view"),
        ("strict_forms", "strict_forms:letter_list", _("Issued commendation letters"), "blanks.view"),
        ("strict_forms", "strict_forms:book", _("Book of accounting and issue of attestats"), "blanks.view"),
        ("strict_forms", "strict_forms:act_list", _("Write-off acts"), "blanks.view"),
        ("strict_forms", "strict_forms:kind_list", _("Kinds of blanks"), "blanks.view"),
        ("strict_forms", "core:order_list", _("Orders of the organisation"), "orders.view"),
        ("strict_forms", "strict_forms:protocol_list", _("Protocols"), "records.view"),
        ("strict_forms", "strict_forms:folder_list", _("Documents"), "records.view"),
        ("strict_forms", "strict_forms:correspondence_list", _("Correspondence"), "records.view"),
        ("strict_forms", "strict_forms:assignment_list", _("Assignments"), "records.view"),
    ]
