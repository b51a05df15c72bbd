"""The homework file, served to those who may read the lesson (the teacher) or the diary (parents)."""

from django.http import FileResponse, Http404
from django.views import View

from core.permissions import AUTHENTICATED
from core.views.base import PermissionMixin
from journal.diary import diary_lessons
from journal.models import Lesson


class HomeworkFileView(PermissionMixin, View):
    """Any logged-in user; the lesson must be visible to her as a journal or a diary lesson, or 404."""

    permission_required = AUTHENTICATED

    def needs_school(self):
        return False

    def get(self, request, pk):
        visible = Lesson.objects.visible_to(request.user).filter(pk=pk)
        lesson = visible.first() or diary_lessons(request.user).filter(pk=pk).first()
        if lesson is None or not lesson.homework_file:
            raise Http404
        return FileResponse(lesson.homework_file.open("rb"), as_attachment=True,
                            filename=lesson.homework_file.name.rsplit("/", 1)[-1])
