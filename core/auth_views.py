"""Login, logout and password change: Django's views with the project's declarations."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator

from core.permissions import AUTHENTICATED, PUBLIC


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    permission_required = PUBLIC
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    permission_required = PUBLIC


class PasswordChangeView(auth_views.PasswordChangeView):
    permission_required = AUTHENTICATED

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.user.must_change_password:
            form.user.must_change_password = False
            form.user.save(update_fields=["must_change_password"])
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    permission_required = AUTHENTICATED
