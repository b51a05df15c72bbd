from django.urls import path

from .views import catalogue, curriculum, ktp, reports, schedule, timetable

app_name = "planning"

urlpatterns = [
    path("", curriculum.OverviewView.as_view(), name="overview"),
    path("class/<int:pk>/", curriculum.ClassCurriculumView.as_view(), name="class_rup"),
    path("class/<int:pk>/copy/", curriculum.CopyCurriculumView.as_view(), name="copy"),
    path("class/<int:pk>/paste/", curriculum.PasteCurriculumView.as_view(), name="paste"),
    path("class/<int:pk>/typical/", curriculum.TypicalApplyView.as_view(), name="typical_apply"),
    path("subject/<int:pk>/", curriculum.ClassSubjectView.as_view(), name="class_subject"),
    path("subject/<int:pk>/subgroups/", curriculum.SubgroupsView.as_view(), name="subgroups"),
    path(
        "subject/<int:pk>/delete/", curriculum.ClassSubjectDeleteView.as_view(), name="class_subject_delete"
    ),
    path("subgroup/<int:pk>/gup/", curriculum.WeekLoadView.as_view(), name="gup"),
    path("subgroup/<int:pk>/ktp/", ktp.KtpView.as_view(), name="ktp"),
    path("ktp/", ktp.KtpListView.as_view(), name="ktp_list"),
    path("catalogue/subjects/", catalogue.SubjectListView.as_view(), name="subject_list"),
    path("catalogue/subjects/new/", catalogue.SubjectCreateView.as_view(), name="subject_create"),
    path("catalogue/rooms/", catalogue.RoomListView.as_view(), name="room_list"),
    path("catalogue/rooms/new/", catalogue.RoomCreateView.as_view(), name="room_create"),
    path("catalogue/rooms/<int:pk>/", catalogue.RoomEditView.as_view(), name="room_edit"),
    path("catalogue/bells/", catalogue.BellListView.as_view(), name="bell_list"),
    path("timetable/", timetable.TimetableListView.as_view(), name="timetable_list"),
    path("timetable/<int:pk>/", timetable.TimetableDetailView.as_view(), name="timetable_detail"),
    path(
        "timetable/<int:pk>/progress/", timetable.TimetableProgressView.as_view(), name="timetable_progress"
    ),
    path(
        "timetable/<int:pk>/generate/",
        timetable.TimetableActionView.as_view(action="generate"),
        name="timetable_generate",
    ),
    path(
        "timetable/<int:pk>/cancel/",
        timetable.TimetableActionView.as_view(action="cancel"),
        name="timetable_cancel",
    ),
    path(
        "timetable/<int:pk>/publish/",
        timetable.TimetableActionView.as_view(action="publish"),
        name="timetable_publish",
    ),
    path("timetable/<int:pk>/lessons/add/", timetable.LessonAddView.as_view(), name="lesson_add"),
    path("lesson/<int:pk>/", timetable.LessonEditView.as_view(), name="lesson_edit"),
    path("lesson/<int:pk>/substitution/", schedule.SubstitutionSaveView.as_view(), name="substitution_save"),
    path("my/", schedule.MyScheduleView.as_view(), name="my_schedule"),
    path("teacher/<int:pk>/", schedule.TeacherScheduleView.as_view(), name="teacher_schedule"),
    path("absence/<int:pk>/lessons/", schedule.AbsenceLessonsView.as_view(), name="absence_lessons"),
    path("teacher/<int:pk>/lessons/", schedule.TeacherLessonsView.as_view(), name="teacher_lessons"),
    path("reports/rup/", reports.RupReportView.as_view(), name="report_rup"),
    path("reports/gup/", reports.GupReportView.as_view(), name="report_gup"),
    path("reports/load/", reports.TeachingLoadView.as_view(), name="report_load"),
    path("reports/load/summary/", reports.TeachingLoadSummaryView.as_view(), name="report_load_summary"),
    path("reports/rooms/", reports.RoomUsageView.as_view(), name="report_rooms"),
]
