"""The contingent's part of the home page (core.home): the secretary's and the class teacher's figures
and things to do."""

from django.urls import reverse
from django.utils.translation import gettext as _

from contingent.models import FreeMealApplication, MealStatus, SchoolClass, Student
from core.home import Card, Figure, Todo
from core.permissions import Perm, has_permission


def cards(request):
    user, school = request.user, request.school
    if not has_permission(user, Perm.CONTINGENT_VIEW, school):
        return []
    students = Student.objects.visible_to(user).for_school(school)
    current = students.current()
    classes = SchoolClass.objects.filter(school=school, is_active=True)
    if request.academic_year is not None:
        classes = classes.filter(academic_year=request.academic_year)
    list_url = reverse("contingent:student_list")
    card = Card(
        title=_("Students"),
        figures=[
            Figure(_("students"), current, list_url),
            Figure(_("classes"), classes, reverse("contingent:class_list")),
            Figure(_("in the archive"), students.archived(), reverse("contingent:student_archive")),
        ],
    )
    if has_permission(user, Perm.CONTINGENT_REPORTS, school):
        card.links.append((_("Book of student movement"), reverse("contingent:movement_book")))
    if has_permission(user, Perm.CONTINGENT_MOVE, school):
        card.todos.append(
            Todo(
                _("Students without a class"),
                students.without_class(),
                f"{list_url}?school_class=none",
                "without-class",
            )
        )
    card.todos.append(
        Todo(
            _("Students or parents without a written consent"),
            students.missing_consent(),
            reverse("contingent:consent_missing"),
            "consents",
        )
    )
    if has_permission(user, Perm.CONTINGENT_MANAGE, school):
        card.todos.append(
            Todo(
                _("Free-meal applications awaiting a decision"),
                FreeMealApplication.objects.filter(school=school, status=MealStatus.SUBMITTED),
                reverse("contingent:meal_list") + f"?status={MealStatus.SUBMITTED}",
                "meals",
            )
        )
    return [card]
