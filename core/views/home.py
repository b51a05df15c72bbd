from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import RedirectView, TemplateView

from core.middleware import SESSION_SCHOOL_KEY, schools_for
from core.permissions import AUTHENTICATED, PUBLIC
from core.views.base import PermissionMixin


class HomeView(PermissionMixin, TemplateView):
    """The start page: the figures of the user's areas at the current school and the things waiting
    for her (core.home), then the areas' pages."""

    permission_required = AUTHENTICATED
    template_name = "core/home.html"

    def needs_school(self):
        return False

    def get_context_data(self, **kwargs):
        from core.home import cards_for, todos_of

        ctx = super().get_context_data(**kwargs)
        ctx["cards"] = cards_for(self.request)
        ctx["todos"] = todos_of(ctx["cards"])
        return ctx


def _safe_next(request, fallback="/"):
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ) or not target.startswith("/"):
        return fallback
    return target


@login_not_required
@require_POST
def set_language(request):
    """Language switch (ORG-6): kept on the user when logged in, in a cookie otherwise."""
    from django.conf import settings

    code = request.POST.get("language", "")
    response = HttpResponseRedirect(_safe_next(request))
    if code and check_for_language(code) and code in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            request.user.language = code
            request.user.save(update_fields=["language"])
        else:
            from core.signals import LANGUAGE_CHOSEN_KEY

            request.session[LANGUAGE_CHOSEN_KEY] = code
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
        )
    return response


set_language.permission_required = PUBLIC


@require_POST
def choose_school(request):
    """Switch the current school among the ones the user works in."""
    try:
        school_id = int(request.POST.get("school", ""))
    except ValueError:
        school_id = None
    if school_id and schools_for(request.user).filter(pk=school_id).exists():
        request.session[SESSION_SCHOOL_KEY] = school_id
    else:
        messages.error(request, _("Choose one of your schools."))
    return HttpResponseRedirect(_safe_next(request))


choose_school.permission_required = AUTHENTICATED


class MySchoolView(PermissionMixin, RedirectView):
    """ "My school" in the menu: the card of the current school."""

    permission_required = "school.view"

    def get_redirect_url(self, *args, **kwargs):
        return self.request.school.get_absolute_url()


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says."""
    from django.templatetags.static import static

    return HttpResponseRedirect(static("favicon.svg"))


favicon.permission_required = PUBLIC
