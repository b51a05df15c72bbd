"""The user's language and the current school and academic year, set once per request."""

from django.utils import translation

from core.auth import current_year
from core.models import School
from core.permissions import district_ids, is_system_admin, member_school_ids, member_schools

SESSION_SCHOOL_KEY = "mektep_school_id"


class UserLanguageMiddleware:
    """A logged-in user's stored language wins over the browser's (ORG-6)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


def schools_for(user):
    if is_system_admin(user):
        return School.objects.all()
    ids = member_school_ids(user)
    if ids:
        return School.objects.filter(pk__in=ids)
    return School.objects.filter(district_id__in=district_ids(user))


class CurrentSchoolMiddleware:
    """The school the user works in now: chosen by the user among her schools, kept in the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.school = None
        request.academic_year = None
        user = request.user
        if user.is_authenticated:
            member_ids = member_school_ids(user)
            chosen = request.session.get(SESSION_SCHOOL_KEY)
            if chosen in member_ids or (chosen and is_system_admin(user)):
                school_id = chosen
            else:
                school_id = min(member_ids) if member_ids else None
            if school_id:
                # A member's school came with her role assignments; a system administrator may pick any.
                request.school = next((s for s in member_schools(user) if s.pk == school_id), None) or (
                    School.objects.select_related("district__region").filter(pk=school_id).first()
                )
                if request.school:
                    request.academic_year = current_year(user, request.school)
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    """A first password given by the administrator must be changed before anything else."""

    ALLOWED = ("/accounts/password/", "/accounts/logout/", "/language/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password and not request.path.startswith(self.ALLOWED):
            from django.shortcuts import redirect

            return redirect("password_change")
        return self.get_response(request)


class PrivateResponseMiddleware:
    """Pages, exports and scans seen by a logged-in user are personal: a shared school computer's
    browser or a proxy must not keep them (Cache-Control: private, no-store)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from django.utils.cache import patch_cache_control

            patch_cache_control(response, private=True, no_store=True)
        return response
