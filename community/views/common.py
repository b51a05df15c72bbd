"""What the community's views share: the object found through `visible_to` (another school's is a 404)."""

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404

from core.permissions import AUTHENTICATED
from core.views.base import PermissionMixin


class ScopedMixin(PermissionMixin):
    """A page about one object the user may see; `scope()` gives the queryset it is looked up in."""

    permission_required = AUTHENTICATED
    pk_kwarg = "pk"

    def needs_school(self):
        return False

    def scope(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.request = request
        self.object = get_object_or_404(self.scope(), pk=kwargs[self.pk_kwarg])
        return super().dispatch(request, *args, **kwargs)


def back(obj, suffix=""):
    return HttpResponseRedirect(obj.get_absolute_url() + suffix)
