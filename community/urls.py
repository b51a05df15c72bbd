from django.urls import path

from community.views import calendar, courses, messages, portfolio

app_name = "community"

urlpatterns = [
    # KG-1
    path("calendar/", calendar.CalendarView.as_view(), name="calendar"),
    path("calendar/calendar.ics", calendar.CalendarIcsView.as_view(), name="calendar_ics"),
    path("calendar/events/new/", calendar.EventCreateView.as_view(), name="event_create"),
    # KG-2
    path("courses/", courses.CourseListView.as_view(), name="course_list"),
    path("courses/new/", courses.CourseCreateView.as_view(), name="course_create"),
    path("courses/<int:pk>/", courses.CourseDetailView.as_view(), name="course_detail"),
    path("courses/<int:pk>/edit/", courses.CourseEditView.as_view(), name="course_edit"),
    path("courses/<int:pk>/materials/new/", courses.MaterialCreateView.as_view(), name="material_create"),
    path("courses/materials/<int:pk>/file/", courses.MaterialFileView.as_view(), name="material_file"),
    path("courses/<int:pk>/tests/new/", courses.TestCreateView.as_view(), name="test_create"),
    path("tests/<int:pk>/", courses.TestDetailView.as_view(), name="test_detail"),
    path("tests/<int:pk>/questions/new/", courses.QuestionCreateView.as_view(), name="question_create"),
    path("tests/<int:pk>/to-journal/", courses.TestToJournalView.as_view(), name="test_to_journal"),
    path("tests/<int:pk>/take/", courses.TestTakeView.as_view(), name="test_take"),
    path("attempts/<int:pk>/", courses.AttemptDetailView.as_view(), name="attempt_detail"),
    path("answers/<int:pk>/grade/", courses.AnswerGradeView.as_view(), name="answer_grade"),
    # KG-3
    path("portfolio/", portfolio.PortfolioHomeView.as_view(), name="portfolio"),
    path("portfolio/<int:pk>/", portfolio.PortfolioPersonView.as_view(), name="portfolio_person"),
    path("portfolio/<int:pk>/new/", portfolio.PortfolioEntryCreateView.as_view(), name="portfolio_add"),
    path("portfolio/entries/<int:pk>/scan/", portfolio.PortfolioScanView.as_view(), name="portfolio_scan"),
    # KG-4
    path("messages/", messages.InboxView.as_view(), name="inbox"),
    path("messages/new/", messages.ConversationCreateView.as_view(), name="conversation_create"),
    path("messages/<int:pk>/", messages.ConversationView.as_view(), name="conversation"),
    path("boards/", messages.BoardsView.as_view(), name="boards"),
    path("boards/<int:pk>/", messages.BoardView.as_view(), name="board"),
    path("boards/<int:pk>/<str:kind>/", messages.ClassPostCreateView.as_view(), name="class_post"),
    path(
        "boards/posts/<int:pk>/moderate/",
        messages.ClassPostModerateView.as_view(),
        name="class_post_moderate",
    ),
]
