from django.urls import path

from journal.views import diary, files, finals, grid, lesson, manage, reports

app_name = "journal"

urlpatterns = [
    path("", lesson.DayView.as_view(), name="day"),
    path("lessons/<int:pk>/", lesson.LessonView.as_view(), name="lesson"),
    path(
        "lessons/<int:pk>/attendance/", lesson.LessonTapView.as_view(action="attendance"), name="attendance"
    ),
    path("lessons/<int:pk>/mark/", lesson.LessonTapView.as_view(action="mark"), name="mark"),
    path("lessons/<int:pk>/homework-file/", files.HomeworkFileView.as_view(), name="homework_file"),
    path("journals/", grid.JournalListView.as_view(), name="journals"),
    path("journals/<int:pk>/", grid.GridView.as_view(), name="grid"),
    path("journals/<int:pk>/cell/", grid.GridCellView.as_view(), name="grid_cell"),
    path(
        "lessons/<int:pk>/students/<int:student>/history/",
        grid.CellHistoryView.as_view(),
        name="cell_history",
    ),
    path("journals/<int:pk>/finals/", finals.FinalMarksView.as_view(), name="finals"),
    path("periods/", finals.PeriodListView.as_view(), name="periods"),
    path("periods/<int:pk>/close/", finals.PeriodCloseView.as_view(), name="period_close"),
    path("lessons/added/", manage.ExtraLessonView.as_view(), name="extra_lessons"),
    path("lessons/added/subgroups/", manage.extra_lesson_subgroups, name="extra_lesson_subgroups"),
    path(
        "lessons/added/<int:pk>/remove/", manage.ExtraLessonRemoveView.as_view(), name="extra_lesson_remove"
    ),
    path("exemptions/", manage.ExemptionView.as_view(), name="exemptions"),
    path("exemptions/students/", manage.exemption_student_search, name="exemption_student_search"),
    path("exemptions/<int:pk>/end/", manage.ExemptionEndView.as_view(), name="exemption_end"),
    path("grading-rule/", manage.GradingRuleView.as_view(), name="grading_rules"),
    path("diary/", diary.DiaryView.as_view(), name="diary"),
    path("reports/", reports.ReportIndexView.as_view(), name="reports"),
    path("reports/<slug:report>/", reports.ReportView.as_view(), name="report"),
]
