from django.apps import apps
from django.conf import settings
from django.urls import get_script_prefix, resolve, reverse
from django.utils.translation import get_language

from core.middleware import schools_for
from core.permissions import _assignments, has_permission, is_system_admin, member_schools

_URLS = {}


def _url(name):
    """reverse() of a menu entry, once per process (the names take no arguments)."""
    key = (name, get_script_prefix())
    if key not in _URLS:
        _URLS[key] = reverse(name)
    return _URLS[key]


def _needs_school(url):
    """Does the page behind `url` work only inside a current school (PermissionMixin.needs_school)?"""
    view_class = getattr(resolve(url).func, "view_class", None)
    needs_school = getattr(view_class, "needs_school", None)
    return bool(needs_school and needs_school(view_class()))


def _school_choices(user):
    """The schools the user may switch between: a member's were read with her role assignments, so
    the navbar costs no query for them; a system administrator's are every school."""
    if not is_system_admin(user):
        schools = member_schools(user)
        if schools:
            return schools
    return list(schools_for(user))


_MENUS_KEPT = 2048
_menus = {}


def _menu(user, school):
    """The areas and pages the user may open, as (key, label, items, the items' URLs): a function of her roles, the
    school and the language only, so it is built once per process for each such combination (the
    key is made of this request's own roles: a changed role is a new key, never a stale menu)."""
    roles = tuple(sorted((a.role, a.school_id or 0, a.district_id or 0) for a in _assignments(user)))
    key = (get_language(), get_script_prefix(), school.pk if school else None, roles)
    menu = _menus.get(key)
    if menu is None:
        items_by_area = {}
        for config in apps.get_app_configs():
            for area, url_name, label, perm in getattr(config, "nav_items", ()):
                if not has_permission(user, perm, school):
                    continue
                url = _url(url_name)
                if school is None and _needs_school(url):
                    # A district official has no current school: pages of one school would answer 403.
                    continue
                items_by_area.setdefault(area, []).append({"url": url, "label": str(label)})
        menu = tuple(
            (area, str(label), items, tuple(item["url"] for item in items))
            for area, label in settings.NAV_AREAS
            if (items := items_by_area.get(area))
        )
        if len(_menus) >= _MENUS_KEPT:
            _menus.clear()
        _menus[key] = menu
    return key, menu


def portal(request):
    """The navigation by area: only pages the user may open, of apps that have pages (no dead links)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if user.must_change_password:
        # Every page but the password change is closed until then: no menu leading to them.
        return {"nav_areas": [], "school_choices": []}
    school = getattr(request, "school", None)
    current_app = getattr(getattr(request, "resolver_match", None), "app_name", None)
    menu_key, menu = _menu(user, school)
    areas = [
        {
            "key": key,
            "label": label,
            "items": items,
            "active": key == current_app or request.path.startswith(urls),
        }
        for key, label, items, urls in menu
    ]
    district = None
    if school is None:
        district = next((a.district for a in _assignments(user) if a.district_id), None)
    return {
        "nav_areas": areas,
        "nav_menu_key": (menu_key, tuple(area["active"] for area in areas)),
        "school_choices": _school_choices(user) if school else [],
        "current_district": district,
    }
