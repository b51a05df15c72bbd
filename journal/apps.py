from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = _("Journal")
    nav_items = [
        ("journal", "journal:day", _("My lessons"), "journal.mark"),
        ("journal", "journal:journals", _("Journal pages"), "journal.mark"),
        ("journal", "journal:periods", _("Periods of the journal"), "journal.manage"),
        ("journal", "journal:extra_lessons", _("Lessons added by hand"), "journal.manage"),
        ("journal", "journal:exemptions", _("Exemptions"), "journal.manage"),
        ("journal", "journal:grading_rules", _("Grading rule"), "journal.manage"),
        ("journal", "journal:reports", _("Journal reports"), "journal.reports"),
        ("journal", "journal:diary", _("Diary"), "journal.diary"),
    ]
