"""Privacy on shared school computers and the access log of personal-data pages (ORG-3, ORG-7)."""

from django.urls import reverse

from core.models import AccessLog
from tests.staff.factories import StaffEmployeeFactory, pdf_file


def _private(response):
    cache = response["Cache-Control"]
    return "private" in cache and "no-store" in cache


def test_personal_pages_exports_and_scans_are_never_cached(cast, login):
    """covers ORG-3: Cache-Control private, no-store on pages, exports and scans of a logged-in user"""
    employee = StaffEmployeeFactory(school=cast.school_a, consent_scan=pdf_file())
    client = login(cast.director)
    for url in (
        employee.get_absolute_url(),
        reverse("staff:employee_list") + "?export=xlsx",
        reverse("staff:consent_scan", args=[employee.pk]),
        reverse("contingent:user_data"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _private(response), url


def test_the_user_data_report_page_and_the_staff_history_tab_write_the_access_log(cast, login):
    """covers ORG-7 DESIGN rule 8: HTML lists of personal data are logged like exports"""
    employee = StaffEmployeeFactory(school=cast.school_a)
    client = login(cast.director)
    assert client.get(reverse("contingent:user_data")).status_code == 200
    assert AccessLog.objects.filter(
        user=cast.director, action="view", description__contains="page 1"
    ).exists()
    assert client.get(reverse("staff:employee_history", args=[employee.pk])).status_code == 200
    assert AccessLog.objects.filter(
        user=cast.director, action="view", object_id=str(employee.pk), description="history"
    ).exists()
