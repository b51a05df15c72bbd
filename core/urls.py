from django.urls import path

from core.views import activity, health, home, jobs, orders, schools, users, years

app_name = "core"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("language/", home.set_language, name="set_language"),
    path("school/choose/", home.choose_school, name="choose_school"),
    path("favicon.ico", home.favicon, name="favicon"),
    path("school/", home.MySchoolView.as_view(), name="my_school"),
    path("schools/", schools.SchoolListView.as_view(), name="school_list"),
    path("schools/<int:pk>/", schools.SchoolDetailView.as_view(), name="school_detail"),
    path("schools/<int:pk>/edit/", schools.SchoolEditView.as_view(), name="school_edit"),
    path("schools/<int:pk>/history/", schools.SchoolHistoryView.as_view(), name="school_history"),
    path("years/", years.YearListView.as_view(), name="year_list"),
    path("years/new/", years.YearCreateView.as_view(), name="year_create"),
    path("years/<int:pk>/edit/", years.YearEditView.as_view(), name="year_edit"),
    path("years/<int:year_pk>/periods/new/", years.PeriodCreateView.as_view(), name="period_create"),
    path("periods/<int:pk>/edit/", years.PeriodEditView.as_view(), name="period_edit"),
    path("periods/<int:pk>/delete/", years.PeriodDeleteView.as_view(), name="period_delete"),
    path("admin/users/", users.UserListView.as_view(), name="user_list"),
    path("admin/users/new/", users.UserCreateView.as_view(), name="user_create"),
    path("admin/users/<int:pk>/", users.UserRolesView.as_view(), name="user_roles"),
    path("admin/users/<int:pk>/password/", users.PasswordResetView.as_view(), name="user_password_reset"),
    path("admin/roles/<int:pk>/remove/", users.RoleRemoveView.as_view(), name="role_remove"),
    path("orders/", orders.OrderListView.as_view(), name="order_list"),
    path("orders/new/", orders.OrderCreateView.as_view(), name="order_create"),
    path("orders/<int:pk>/", orders.OrderDetailView.as_view(), name="order_detail"),
    path("orders/<int:pk>/scan/", orders.order_scan, name="order_scan"),
    path("orders/<int:pk>/scan/upload/", orders.OrderScanUploadView.as_view(), name="order_scan_upload"),
    path("admin/logins/", activity.LoginListView.as_view(), name="login_list"),
    path("admin/access-log/", activity.AccessLogListView.as_view(), name="access_log"),
    path("admin/activity/", activity.UserActivityView.as_view(), name="activity"),
    path("jobs/<uuid:pk>/", jobs.JobProgressView.as_view(), name="job_progress"),
    path("jobs/<uuid:pk>/result/", jobs.JobResultView.as_view(), name="job_result"),
    path("healthz", health.healthz, name="healthz"),
    path("district/activity/", activity.DistrictActivityView.as_view(), name="district_activity"),
]
