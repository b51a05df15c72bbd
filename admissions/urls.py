from django.urls import path

from admissions.views import applications, public, register, reports, sections, transfers

app_name = "admissions"

urlpatterns = [
    path("", sections.SectionsView.as_view(), name="home"),
    # public, without login (ADM-1, ADM-2, ADM-3)
    path("search/", public.SchoolSearchView.as_view(), name="search"),
    path("apply/", public.ApplyView.as_view(), name="apply_start"),
    path("status/", public.StatusView.as_view(), name="status"),
    # the school's side (ADM-4, ADM-5)
    path("applications/", applications.ApplicationListView.as_view(), name="application_list"),
    path("applications/<int:pk>/", applications.ApplicationDetailView.as_view(), name="application_detail"),
    path(
        "applications/<int:pk>/confirm/",
        applications.ApplicationConfirmView.as_view(),
        name="application_confirm",
    ),
    path(
        "applications/<int:pk>/refuse/",
        applications.ApplicationRefuseView.as_view(),
        name="application_refuse",
    ),
    path("documents/<int:pk>/", applications.application_document, name="application_document"),
    path("quotas/", register.QuotaView.as_view(), name="quotas"),
    # the address register (ADM-2)
    path("addresses/", register.AddressRegisterView.as_view(), name="address_register"),
    path("addresses/import/", register.AddressImportView.as_view(), name="address_import"),
    path("addresses/<int:pk>/delete/", register.RangeDeleteView.as_view(), name="range_delete"),
    # transfers and journals (ADM-6)
    path("transfers/", transfers.TransferListView.as_view(), name="transfer_list"),
    path("transfers/my/", transfers.MyTransfersView.as_view(), name="my_transfers"),
    path("transfers/new/<int:pk>/", transfers.TransferRequestView.as_view(), name="transfer_request"),
    path("transfers/<int:pk>/", transfers.TransferDetailView.as_view(), name="transfer_detail"),
    path("transfers/<int:pk>/accept/", transfers.TransferAcceptView.as_view(), name="transfer_accept"),
    path("transfers/<int:pk>/refuse/", transfers.TransferRefuseView.as_view(), name="transfer_refuse"),
    path("transfers/<int:pk>/release/", transfers.TransferReleaseView.as_view(), name="transfer_release"),
    path("journals/dispatch/", transfers.DispatchJournalView.as_view(), name="dispatch_journal"),
    path("journals/departures/", transfers.DepartureJournalView.as_view(), name="departure_journal"),
    path("journals/classes/", transfers.ClassTransferJournalView.as_view(), name="class_transfer_journal"),
    # reports (ADM-7)
    path("reports/summary/", reports.DynamicsSummaryView.as_view(), name="report_summary"),
    path("reports/extended/", reports.DynamicsExtendedView.as_view(), name="report_extended"),
    path("reports/registered/", reports.RegisteredStudentsView.as_view(), name="report_registered"),
]
