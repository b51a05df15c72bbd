from django.apps import apps
from django.conf import settings
from django.urls import reverse

from core.middleware import schools_for
from core.permissions import has_permission


def portal(request):
    """The navigation by area: only pages the user may open, of apps that have pages (no dead links)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    school = getattr(request, "school", None)
    items_by_area = {}
    for config in apps.get_app_configs():
        for area, url_name, label, perm in getattr(config, "nav_items", ()):
            if has_permission(user, perm, school):
                items_by_area.setdefault(area, []).append({"url": reverse(url_name), "label": label})
    current_app = getattr(getattr(request, "resolver_match", None), "app_name", None)
    areas = [
        {"key": key, "label": label, "items": items_by_area[key], "active": key == current_app}
        for key, label in settings.NAV_AREAS
        if key in items_by_area
    ]
    return {"nav_areas": areas, "school_choices": list(schools_for(user)) if school else []}
