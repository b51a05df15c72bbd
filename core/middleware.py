"""The user's language and the current school and academic year, set once per request."""

import functools

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the settings' policy built once per process. No page here changes
    the policy (no nonce, no csp_update, csp_replace or csp_exempt), and building the same header anew
    took about 0.1 ms of every request. A response that does change it, or a setting that excludes
    URL prefixes, goes through django-csp's own code."""

    PER_RESPONSE = (
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_exempt",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
        "_csp_exempt_ro",
    )

    @functools.cached_property
    def _headers(self):
        settings_of = [
            getattr(settings, name, None) or {}
            for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
        ]
        if any(s.get("EXCLUDE_URL_PREFIXES") for s in settings_of):
            return None
        policies = {HEADER: build_policy(), HEADER_REPORT_ONLY: build_policy(report_only=True)}
        return {header: policy for header, policy in policies.items() if policy}

    def process_response(self, request, response):
        headers = self._headers
        if (
            headers is None
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in self.PER_RESPONSE)
        ):
            return super().process_response(request, response)
        if response.status_code in (404, 500) and settings.DEBUG:
            return response
        for header, policy in headers.items():
            if header not in response:
                response[header] = policy
        # as django-csp: a nonce asked for after the header is written is an error, not a silent gap
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
