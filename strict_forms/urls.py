from django.urls import path

from strict_forms.views import archive, blanks, documents, records

app_name = "strict_forms"

urlpatterns = [
    # BLK-1..BLK-4: the registry and its operations
    path("", blanks.BlankListView.as_view(), name="blank_list"),
    path("blanks/receive/", blanks.BlankReceiveView.as_view(), name="blank_receive"),
    path("blanks/hand-out/", blanks.BlankHandOutView.as_view(), name="blank_hand_out"),
    path("blanks/write-off/", blanks.BlankWriteOffView.as_view(), name="blank_write_off"),
    path("blanks/employees/", blanks.employee_search, name="employee_search"),
    path("blanks/students/", blanks.student_search, name="student_search"),
    path("blanks/<int:pk>/", blanks.BlankDetailView.as_view(), name="blank_detail"),
    path("blanks/<int:pk>/delete/", blanks.BlankDeleteView.as_view(), name="blank_delete"),
    path("acts/", blanks.WriteOffActListView.as_view(), name="act_list"),
    path("acts/<int:pk>/pdf/", blanks.WriteOffActPdfView.as_view(), name="act_pdf"),
    path("kinds/", blanks.BlankKindListView.as_view(), name="kind_list"),
    path("kinds/new/", blanks.BlankKindCreateView.as_view(), name="kind_create"),
    path("kinds/<int:pk>/edit/", blanks.BlankKindEditView.as_view(), name="kind_edit"),
    # BLK-5: attestats and certificates
    path("attestats/", documents.DocumentListView.as_view(), name="attestat_list"),
    path("attestats/new/", documents.DocumentIssueView.as_view(), name="attestat_create"),
    path("attestats/<int:pk>/", documents.AttestatDetailView.as_view(), name="attestat_detail"),
    path("attestats/<int:pk>/edit/", documents.IssuedDocumentEditView.as_view(), name="attestat_edit"),
    path(
        "attestats/<int:pk>/duplicate/", documents.AttestatDuplicateView.as_view(), name="attestat_duplicate"
    ),
    path(
        "attestats/<int:pk>/export/<str:fmt>/", documents.AttestatExportView.as_view(), name="attestat_export"
    ),
    # BLK-6: commendation letters
    path("letters/", documents.LetterListView.as_view(), name="letter_list"),
    path("letters/new/", documents.LetterIssueView.as_view(), name="letter_create"),
    path("letters/<int:pk>/edit/", documents.LetterEditView.as_view(), name="letter_edit"),
    path("letters/<int:pk>/delete/", documents.LetterDeleteView.as_view(), name="letter_delete"),
    path("letters/<int:pk>/pdf/", documents.LetterPdfView.as_view(), name="letter_pdf"),
    path("book/", documents.BookView.as_view(), name="book"),
    # BLK-7: records management
    path("protocols/", records.ProtocolListView.as_view(), name="protocol_list"),
    path("protocols/new/", records.ProtocolCreateView.as_view(), name="protocol_create"),
    path("protocols/<int:pk>/edit/", records.ProtocolEditView.as_view(), name="protocol_edit"),
    path("protocols/<int:pk>/file/", records.ProtocolFileView.as_view(), name="protocol_file"),
    path("documents/", records.FolderListView.as_view(), name="folder_list"),
    path("documents/folders/new/", records.FolderCreateView.as_view(), name="folder_create"),
    path("documents/folders/<int:pk>/", records.FolderDetailView.as_view(), name="folder_detail"),
    path("documents/new/", records.DocumentCreateView.as_view(), name="document_create"),
    path("documents/<int:pk>/edit/", records.DocumentEditView.as_view(), name="document_edit"),
    path("documents/<int:pk>/file/", records.DocumentFileView.as_view(), name="document_file"),
    path("correspondence/", records.CorrespondenceListView.as_view(), name="correspondence_list"),
    path("correspondence/new/", records.CorrespondenceCreateView.as_view(), name="correspondence_create"),
    path(
        "correspondence/<int:pk>/edit/", records.CorrespondenceEditView.as_view(), name="correspondence_edit"
    ),
    path(
        "correspondence/<int:pk>/file/", records.CorrespondenceFileView.as_view(), name="correspondence_file"
    ),
    path("assignments/", records.AssignmentListView.as_view(), name="assignment_list"),
    path("assignments/new/", records.AssignmentCreateView.as_view(), name="assignment_create"),
    path("assignments/<int:pk>/edit/", records.AssignmentEditView.as_view(), name="assignment_edit"),
    path("assignments/<int:pk>/done/", records.AssignmentDoneView.as_view(), name="assignment_done"),
    path("records/<str:kind>/<int:pk>/archive/", archive.RecordArchiveView.as_view(), name="record_archive"),
    path("records/<str:kind>/<int:pk>/restore/", archive.RecordRestoreView.as_view(), name="record_restore"),
]
