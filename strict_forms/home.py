"""Blanks and records on the home page (core.home): the records clerk's figures and things to do."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.home import Card, Figure, Todo
from core.permissions import Perm, has_permission
from strict_forms.models import Assignment, Blank, BlankStatus


def cards(request):
    user, school = request.user, request.school
    result = []
    if has_permission(user, Perm.BLANKS_VIEW, school):
        blanks = Blank.objects.for_school(school)
        url = reverse("strict_forms:blank_list")
        result.append(
            Card(
                title=_("Strict-reporting blanks"),
                figures=[
                    Figure(
                        _("blanks in the safe"),
                        blanks.filter(status=BlankStatus.NEW),
                        f"{url}?status=new",
                    ),
                    Figure(_("issued"), blanks.filter(status=BlankStatus.ISSUED), f"{url}?status=issued"),
                ],
                todos=[
                    Todo(
                        _("Blanks handed out but not issued"),
                        blanks.filter(status=BlankStatus.HANDED_OUT),
                        f"{url}?status=handed_out",
                        "handed-out",
                    )
                ],
            )
        )
    if has_permission(user, Perm.RECORDS_VIEW, school):
        assignments = Assignment.objects.filter(school=school, status="in_progress")
        result.append(
            Card(
                title=_("Records management"),
                figures=[Figure(_("assignments in progress"), assignments)],
                todos=[
                    Todo(
                        _("Overdue assignments"),
                        assignments.filter(due_date__lt=timezone.localdate()),
                        reverse("strict_forms:assignment_list"),
                        "overdue",
                    )
                ],
                links=[(_("Assignments"), reverse("strict_forms:assignment_list"))],
            )
        )
    return result
