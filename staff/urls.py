from django.urls import path

from staff.views import courses, employees, imports, operations, reports

app_name = "staff"

urlpatterns = [
    path("", employees.EmployeeListView.as_view(), name="employee_list"),
    path("archive/", employees.EmployeeArchiveView.as_view(), name="employee_archive"),
    path("hire/", employees.HireView.as_view(), name="employee_hire"),
    path("hired/<int:pk>/", employees.HiredView.as_view(), name="hired"),
    path("me/", employees.MyFileView.as_view(), name="my_file"),
    path("<int:pk>/", employees.EmployeeDetailView.as_view(), name="employee_detail"),
    path("<int:pk>/history/", employees.EmployeeHistoryView.as_view(), name="employee_history"),
    path("<int:pk>/edit/<slug:section>/", employees.SectionEditView.as_view(), name="section_edit"),
    path("<int:pk>/<slug:kind>/new/", employees.RecordAddView.as_view(), name="record_add"),
    path("records/<slug:kind>/<int:pk>/", employees.RecordEditView.as_view(), name="record_edit"),
    path("<int:pk>/consent/scan/", employees.ConsentScanView.as_view(), name="consent_scan"),
    path("<int:pk>/certificate/", operations.CertificateView.as_view(), name="certificate"),
    path("<int:pk>/leave/", operations.LeaveView.as_view(), name="leave"),
    path("<int:pk>/time-off/", operations.TimeOffView.as_view(), name="time_off"),
    path("<int:pk>/sick-leave/", operations.SickLeaveView.as_view(), name="sick_leave"),
    path("absences/<int:pk>/recall/", operations.RecallView.as_view(), name="recall"),
    path("absences/<int:pk>/scan/", operations.AbsenceScanView.as_view(), name="absence_scan"),
    path("<int:pk>/dismiss/", operations.DismissView.as_view(), name="dismiss"),
    path("<int:pk>/delegate/", operations.DelegateView.as_view(), name="delegate"),
    path("courses/", courses.CourseListView.as_view(), name="course_list"),
    path("courses/requalification/", courses.RequalificationView.as_view(), name="requalification"),
    path("courses/new/", courses.CourseCreateView.as_view(), name="course_create"),
    path("courses/request/", courses.CourseRequestView.as_view(), name="course_request"),
    path("courses/<int:pk>/approve/", courses.CourseApproveView.as_view(), name="course_approve"),
    path("courses/<int:pk>/reject/", courses.CourseRejectView.as_view(), name="course_reject"),
    path("courses/<int:pk>/confirm/", courses.CourseConfirmView.as_view(), name="course_confirm"),
    path("teaching/", courses.TeachingStaffView.as_view(), name="teaching_staff"),
    path("seniority/", courses.SeniorityView.as_view(), name="seniority"),
    path("import/", imports.ImportView.as_view(), name="import"),
    path("forms/hiring-register/", reports.HiringRegisterView.as_view(), name="hiring_register"),
    path("forms/staffing-table/", reports.StaffingTableView.as_view(), name="staffing_table"),
    path("forms/personnel-book/", reports.PersonnelBookView.as_view(), name="personnel_book"),
    path("forms/leave-schedule/", reports.LeaveScheduleView.as_view(), name="leave_schedule"),
    path("forms/orders/", reports.StaffOrdersView.as_view(), name="staff_orders"),
    path("forms/courses/", reports.CourseReportView.as_view(), name="course_report"),
    path("forms/sickness/", reports.SicknessReportView.as_view(), name="sickness_report"),
]
