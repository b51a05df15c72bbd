from django.utils.translation import gettext as _

from core.permissions import Perm, has_permission
from core.services import OperationError


def require(acting_user, perm, school):
    if not has_permission(acting_user, perm, school):
        raise OperationError(_("You may not change the planning of this school."))


def require_manage(acting_user, school):
    require(acting_user, Perm.PLANNING_MANAGE, school)


def fmt_hours(value):
    """12.0 -> "12", 1.5 -> "1.5"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
