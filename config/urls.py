from django.urls import include, path

from core import auth_views

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

# Apps add their URLs here as their pages are built (an app without pages has no entry).
for app in (
    "staff",
    "contingent",
    "planning",
    "journal",
    "admissions",
    "strict_forms",
    "district",
    "community",
    "reports",
):
    try:
        urlpatterns.append(path(f"{app.replace('_', '-')}/", include(f"{app}.urls")))
    except ModuleNotFoundError as error:
        if error.name != f"{app}.urls":
            raise

# The core's pages come last: their include has no prefix, and Django tries every pattern of an include
# it enters (~80 µs for each page of the apps below, when it came first). No path of the core begins
# with an app's prefix but "district/activity/", which no pattern of the district app takes.
urlpatterns.append(path("", include("core.urls")))

handler403 = "core.views.errors.permission_denied"
handler404 = "core.views.errors.page_not_found"
