"""Sakura's portal sections (ADM-8): Main, Registers, Journals, Teachers, Reports, Administration.
Each entry leads to the real page; the user sees only the pages her roles open."""

from django.urls import NoReverseMatch, resolve, reverse
from django.utils.translation import gettext_lazy as _

from admissions.views.public import PublicView
from core.permissions import PUBLIC, has_permission

SECTIONS_TITLE = _("Admission to school")

# (section, [(url name or candidates, label)]): the first candidate that exists is used, so a page
# another app adds later (the journal's performance report) appears once it is there.
SECTIONS = [
    (
        _("Main"),
        [
            (("admissions:apply_start",), _("Apply to the first grade")),
            (("admissions:status",), _("Check an application")),
            (("admissions:search",), _("Find the school of an address")),
            (("admissions:application_list",), _("Incoming applications")),
        ],
    ),
    (
        _("Registers"),
        [
            (("core:my_school",), _("School")),
            (("contingent:student_list",), _("Students' personal files")),
            (("admissions:address_register",), _("Address register")),
            (("journal:performance", "journal:performance_report", "reports:performance"), _("Performance")),
            (("admissions:quotas",), _("Quotas")),
            (("contingent:nobd", "contingent:class_list"), _("Class summaries")),
        ],
    ),
    (
        _("Journals"),
        [
            (("admissions:dispatch_journal",), _("Dispatch journal")),
            (("admissions:departure_journal",), _("Transfers out of the school")),
            (("admissions:class_transfer_journal",), _("Transfers between classes")),
            (("admissions:transfer_list",), _("Transfers between schools")),
            (("admissions:my_transfers",), _("Transfer my child to another school")),
        ],
    ),
    (_("Teachers"), [(("staff:employee_list",), _("Teachers' personal files"))]),
    (
        _("Reports"),
        [
            (("admissions:report_summary",), _("Registration dynamics (summary)")),
            (("admissions:report_extended",), _("Registration dynamics (extended)")),
            (("admissions:report_registered",), _("Registered students")),
        ],
    ),
    (
        _("Administration"),
        [(("password_change",), _("My account")), (("core:my_school",), _("My school"))],
    ),
]


def _open_link(request, candidates):
    for name in candidates:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        func = resolve(url).func
        view_class = getattr(func, "view_class", None)
        perm = getattr(view_class, "permission_required", None) or getattr(func, "permission_required", None)
        needs_school = getattr(view_class, "needs_school", None)
        if perm != PUBLIC and not request.user.is_authenticated:
            return None
        if needs_school and needs_school(view_class()) and request.school is None and perm != PUBLIC:
            return None
        if perm in (None, PUBLIC) or has_permission(request.user, perm, request.school):
            return url
        return None
    return None


def sections_for(request):
    result = []
    for title, entries in SECTIONS:
        links = [(label, url) for names, label in entries if (url := _open_link(request, names))]
        if links:
            result.append((title, links))
    return result


class SectionsView(PublicView):
    """ADM-8: the admission portal's start page, public; staff see their sections too."""

    template_name = "admissions/sections.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=SECTIONS_TITLE, sections=sections_for(self.request))
        return ctx
