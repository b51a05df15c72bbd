from django.urls import path

from contingent.views import classes, imports, movements, people, reports, students

app_name = "contingent"

urlpatterns = [
    path("students/", students.StudentListView.as_view(), name="student_list"),
    path("students/archive/", students.StudentArchiveView.as_view(), name="student_archive"),
    path("students/new/", students.StudentCreateView.as_view(), name="student_create"),
    path("students/import/", imports.ImportView.as_view(), name="import"),
    path("students/<int:pk>/", students.StudentDetailView.as_view(), name="student_detail"),
    path("students/<int:pk>/history/", students.StudentHistoryView.as_view(), name="student_history"),
    path("students/<int:pk>/edit/", students.StudentEditView.as_view(), name="student_edit"),
    path("students/<int:pk>/enrol/", movements.StudentEnrolView.as_view(), name="student_enrol"),
    path("students/<int:pk>/move/", movements.StudentMoveView.as_view(), name="student_move"),
    path("students/<int:pk>/reinstate/", movements.StudentReinstateView.as_view(), name="student_reinstate"),
    path("students/<int:pk>/expel/", movements.StudentExpelView.as_view(), name="student_expel"),
    path("students/<int:pk>/parents/new/", people.GuardianAddView.as_view(), name="guardian_add"),
    path("students/<int:pk>/consents/new/", people.ConsentAddView.as_view(), name="consent_add"),
    path("students/<int:pk>/free-meals/new/", people.FreeMealCreateView.as_view(), name="meal_create"),
    path("parents/<int:pk>/login/", people.GuardianLoginView.as_view(), name="guardian_login"),
    path("consents/<int:pk>/document/", people.consent_document, name="consent_document"),
    path("consents/missing/", people.ConsentMissingView.as_view(), name="consent_missing"),
    path("my-children/", people.MyChildrenView.as_view(), name="my_children"),
    path("classes/", classes.ClassListView.as_view(), name="class_list"),
    path("classes/new/", classes.ClassCreateView.as_view(), name="class_create"),
    path("classes/<int:pk>/", classes.ClassDetailView.as_view(), name="class_detail"),
    path("classes/<int:pk>/edit/", classes.ClassEditView.as_view(), name="class_edit"),
    path("classes/<int:pk>/add-student/", classes.ClassAddStudentView.as_view(), name="class_add_student"),
    path("classes/<int:pk>/disband/", movements.ClassDisbandView.as_view(), name="class_disband"),
    path("promotion/", movements.PromotionView.as_view(), name="promotion"),
    path("reports/movement-book/", reports.MovementBookView.as_view(), name="movement_book"),
    path("reports/nobd/", reports.NobdReportView.as_view(), name="nobd"),
    path("reports/orders/", reports.StudentOrderListView.as_view(), name="order_list"),
    path("reports/graduates/", reports.GraduateListView.as_view(), name="graduate_list"),
    path("reports/free-meals/", reports.MealListView.as_view(), name="meal_list"),
    path("reports/free-meals/allowed/", reports.MealAllowedListView.as_view(), name="meal_allowed"),
    path("free-meals/<int:pk>/decide/", people.FreeMealDecideView.as_view(), name="meal_decide"),
    path("reports/user-data/", reports.UserDataExportView.as_view(), name="user_data"),
]
