from django.urls import path

from reports.views import competitions, district, drilldown, exports, school

app_name = "reports"

urlpatterns = [
    path("school/", school.SchoolStatisticsView.as_view(), name="school_statistics"),
    path("schools/<int:pk>/", school.SchoolReportView.as_view(), name="school_report"),
    path("drill/", drilldown.DrilldownView.as_view(), name="drilldown"),
    path("drill/<str:level>/<int:pk>/", drilldown.DrilldownView.as_view(), name="drilldown_level"),
    path("district/attestation/", district.AttestationView.as_view(), name="attestation"),
    path("district/registry/", district.RegistryView.as_view(), name="registry"),
    path("district/activity/", district.ActivityReportView.as_view(), name="activity"),
    path("district/movements.xlsx", exports.MovementRegisterExport.as_view(), name="movement_register"),
    path("nobd/", district.NobdView.as_view(), name="nobd"),
    path("competitions/", competitions.CompetitionListView.as_view(), name="competition_list"),
    path("competitions/new/", competitions.CompetitionCreateView.as_view(), name="competition_create"),
    path("competitions/<int:pk>/edit/", competitions.CompetitionEditView.as_view(), name="competition_edit"),
]
