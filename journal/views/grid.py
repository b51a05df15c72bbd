"""Journal pages (JRN-3), the grid with keyboard entry, and the history of a cell (JRN-7)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from core.permissions import Perm, has_permission
from core.services import OperationError
from core.views.base import PermissionMixin
from journal import grid, services
from journal.models import AttendanceStatus, MarkKind
from journal.pages import mark_label, rule_of
from journal.querysets import subgroup_condition
from journal.views.common import get_lesson, get_student, require_journal_role, school_of
from planning.models import Subgroup

SUBGROUP_RELATED = (
    "class_subject__subject",
    "class_subject__school_class__school__district__region",
    "class_subject__school_class__class_teacher",
    "teacher__person",
)


class JournalMixin(PermissionMixin):
    """A journal page is a subgroup visible to the user; another school's is a 404."""

    permission_required = Perm.JOURNAL_MARK

    def needs_school(self):
        return False

    def check_permission(self, school=None):
        return None

    def get_subgroup(self, pk):
        require_journal_role(self.request.user)
        # Its school comes from the user's role assignments (as a lesson's does).
        subgroup = grid.load_subgroup(self.request.user, pk)
        if subgroup is None:
            raise Http404
        school_class = subgroup.class_subject.school_class
        school_class.school = school_of(self.request.user, school_class.school_id)
        school = school_class.school
        if not (
            has_permission(self.request.user, Perm.JOURNAL_MARK, school)
            or has_permission(self.request.user, Perm.JOURNAL_VIEW, school)
        ):
            raise PermissionDenied
        return subgroup


class JournalListView(JournalMixin, View):
    """Every class or subgroup, subject and teacher that planning defines has its journal page."""

    def needs_school(self):
        return True

    def check_permission(self, school=None):
        school = self.request.school
        if not (
            has_permission(self.request.user, Perm.JOURNAL_MARK, school)
            or has_permission(self.request.user, Perm.JOURNAL_VIEW, school)
        ):
            raise PermissionDenied

    def get(self, request):
        year = request.academic_year
        subgroups = (
            Subgroup.objects.filter(subgroup_condition(request.user))
            .filter(class_subject__school_class__school=request.school, class_subject__academic_year=year)
            .select_related(*SUBGROUP_RELATED)
            .order_by(
                "class_subject__school_class__parallel",
                "class_subject__school_class__letter_ru",
                "class_subject__subject__name_ru",
                "position",
            )
        )
        return render(request, "journal/journals.html", {"title": _("Journal pages"), "subgroups": subgroups})


class GridView(JournalMixin, View):
    def get(self, request, pk):
        subgroup = self.get_subgroup(pk)
        periods = grid.periods_of(subgroup)
        if not periods:
            raise PermissionDenied(_("The academic year has no periods."))
        chosen = request.GET.get("period")
        period = next((p for p in periods if str(p.pk) == chosen), None)
        if period is None:
            from django.utils import timezone

            today = timezone.localdate()
            period = next((p for p in periods if p.start <= today <= p.end), periods[-1])
        school = subgroup.class_subject.school_class.school
        rule = grid.rule_of_subgroup(subgroup)
        may_keep = has_permission(request.user, Perm.JOURNAL_MANAGE, school) or (
            has_permission(request.user, Perm.JOURNAL_MARK, school)
            and subgroup.teacher_id
            and subgroup.teacher.person_id == request.user.person_id
        )
        closed = period.closed
        editable = bool(may_keep) and (
            not closed or has_permission(request.user, Perm.JOURNAL_MANAGE, school)
        )
        table = grid.build(subgroup, period, rule, editable)
        return render(
            request,
            "journal/grid.html",
            {
                "title": f"{subgroup.class_subject.display_name}, {subgroup.label}",
                "subgroup": subgroup,
                "periods": periods,
                "period": period,
                "closed": closed,
                "editable": editable,
                "table": table,
                "help": grid.cell_help(),
                "may_keep": may_keep,
            },
        )


class GridCellView(JournalMixin, View):
    """Keyboard entry of one cell: JSON {text} or {error} with a translated message; nothing saved on error.
    A refusal is an answer, not a failure of the request (200), so the browser logs no error."""

    def post(self, request, pk):
        subgroup = self.get_subgroup(pk)
        lesson = get_lesson(request, request.POST.get("lesson") or 0)
        if lesson.subgroup_id != subgroup.pk:
            return JsonResponse({"error": _("The lesson is not in this journal.")})
        student = get_student(lesson, request.POST.get("student"))
        rule = rule_of(lesson)
        try:
            status, marks = grid.parse_cell(request.POST.get("text", ""), rule)
            services.cell_set(
                acting_user=request.user,
                lesson=lesson,
                student=student,
                status=status,
                marks=marks,
                change_reason=request.POST.get("change_reason", ""),
            )
        except ValueError as error:
            return JsonResponse({"error": _("Not understood: %(token)s") % {"token": str(error)}})
        except OperationError as error:
            return JsonResponse({"error": str(error)})
        return JsonResponse({"text": grid.cell_text(_cell_entries(lesson, student))})


def _cell_entries(lesson, student):
    return [e[2:] for e in grid.cells_of([lesson.pk]) if e[1] == student.pk]


class CellHistoryView(JournalMixin, View):
    """JRN-7: every change of a student's marks and attendance at a lesson: who, when, old, new."""

    def get(self, request, pk, student):
        lesson = get_lesson(request, pk)
        subgroup = lesson.subgroup
        student = get_student(lesson, student)
        rows = cell_history(lesson, student)
        return render(
            request,
            "journal/cell_history.html",
            {
                "title": _("History of the cell"),
                "subgroup": subgroup,
                "lesson": lesson,
                "student": student,
                "rows": rows,
            },
        )


def _describe(model, data):
    if data is None:
        return "—"
    if model == "attendance":
        text = str(AttendanceStatus(data["status"]).label)
        return f"{text} ({data['reason']})" if data.get("reason") else text
    return mark_label(data["kind"], data["value"], data["max_points"])


def cell_history(lesson, student):
    events = []
    for model in ("attendance", "mark"):
        event_model = apps.get_model("journal", f"{model.capitalize()}Event")
        previous = {}
        for e in (
            event_model.objects.filter(lesson_id=lesson.pk, student_id=student.pk)
            .select_related("pgh_context")
            .order_by("pgh_created_at", "pgh_id")
        ):
            data = {
                "status": getattr(e, "status", None),
                "reason": getattr(e, "reason", ""),
                "kind": getattr(e, "kind", None),
                "value": getattr(e, "value", None),
                "max_points": getattr(e, "max_points", None),
            }
            meta = e.pgh_context.metadata if e.pgh_context_id and e.pgh_context else {}
            old = previous.get(e.pgh_obj_id)
            new = None if e.pgh_label == "delete" else data
            what = _("attendance") if model == "attendance" else (f"{MarkKind(data['kind']).label} №{e.slot}")
            events.append(
                {
                    "at": e.pgh_created_at,
                    "user_id": meta.get("user"),
                    "reason": meta.get("reason", ""),
                    "what": what,
                    "old": _describe(model, old),
                    "new": _describe(model, new),
                    "label": e.pgh_label,
                }
            )
            previous[e.pgh_obj_id] = new
    users = (
        get_user_model()
        .objects.select_related("person")
        .in_bulk({e["user_id"] for e in events if e["user_id"]})
    )
    for e in events:
        e["user"] = users.get(e["user_id"])
    return sorted(events, key=lambda e: e["at"], reverse=True)
