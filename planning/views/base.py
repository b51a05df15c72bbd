"""What planning's views share: the current school and year, scoped objects (operations: core's `run`)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.permissions import Perm, has_permission
from core.views.base import PermissionMixin


class PlanningMixin(PermissionMixin):
    """Pages of the current school and its current academic year."""

    permission_required = Perm.PLANNING_VIEW

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request, "school", None) is not None:
            if getattr(request, "academic_year", None) is None:
                raise PermissionDenied(_("The school has no current academic year."))
        return super().dispatch(request, *args, **kwargs)

    @property
    def school(self):
        return self.request.school

    @property
    def year(self):
        return self.request.academic_year

    def can_manage(self, school=None):
        return has_permission(self.request.user, Perm.PLANNING_MANAGE, school or self.school)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = self.can_manage()
        ctx["year"] = self.year
        return ctx


class PlanningPage(PlanningMixin, TemplateView):
    pass


def scoped(model, user, school, pk, queryset=None):
    """Another school's object is a 404 (visible_to, then confined to the current school)."""
    qs = queryset if queryset is not None else model.objects.all()
    obj = get_object_or_404(qs.visible_to(user).for_school(school), pk=pk)
    return obj


def require_manage(view):
    if not view.can_manage():
        raise PermissionDenied
