"""The staff's part of the home page (core.home): the HR officer's figures and things to do."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.home import Card, Figure, Todo
from core.permissions import Perm, has_permission
from staff.models import Course, CourseStatus, Employee
from staff.services import current_absences, employees_without_consent


def cards(request):
    user, school = request.user, request.school
    if not has_permission(user, Perm.STAFF_VIEW, school):
        return []
    staff = Employee.objects.filter(school=school)
    list_url = reverse("staff:employee_list")
    card = Card(
        title=_("Staff"),
        figures=[
            Figure(_("employees"), staff.current(), list_url),
            Figure(_("teaching staff"), staff.teaching(), reverse("staff:teaching_staff")),
            Figure(_("absent today"), current_absences(school)),
        ],
    )
    if has_permission(user, Perm.STAFF_REPORTS, school):
        card.links.append((_("Staffing table"), reverse("staff:staffing_table")))
    if has_permission(user, Perm.STAFF_MANAGE, school):
        card.todos += [
            Todo(
                _("Employees without a written consent"),
                employees_without_consent(school),
                f"{list_url}?no_consent=true",
                "staff-consents",
            ),
            Todo(
                _("Qualification courses expiring: requalification due"),
                staff.needing_requalification(),
                reverse("staff:requalification"),
                "requalification",
            ),
            Todo(
                _("Course requests awaiting approval"),
                Course.objects.filter(employee__school=school, status=CourseStatus.REQUESTED),
                reverse("staff:course_list") + f"?status={CourseStatus.REQUESTED}",
                "course-requests",
            ),
        ]
    return [card]
