"""KG-2: distance courses with materials and tests; tests taken within their dates and graded."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from community import services
from community.forms import (
    CourseForm,
    GradeForm,
    MaterialForm,
    QuestionForm,
    TakeTestForm,
    TestForm,
    ToJournalForm,
)
from community.models import HEAD_ROLES, Answer, Attempt, Course, Material, Test, _roles_by_school
from community.views.common import ScopedMixin, back
from contingent.models import Student
from core.files import content_type_for
from core.permissions import AUTHENTICATED, Perm, has_permission
from core.services import OperationError
from core.views.base import OperationPostView, PermissionMixin, run
from staff.models import Employee


def is_course_teacher(user, course):
    """The course's own teacher, or a head of its school, edits it and grades its tests."""
    if course.teacher.person_id and course.teacher.person_id == user.person_id:
        return True
    return bool(_roles_by_school(user).get(course.school_id, set()) & HEAD_ROLES)


def own_student(user, school):
    """The user's own current student record at the school (a student taking tests)."""
    if not user.person_id:
        return None
    return (
        Student.objects.filter(school=school, person_id=user.person_id, status="studying")
        .select_related("school_class")
        .first()
    )


class CourseListView(PermissionMixin, TemplateView):
    permission_required = AUTHENTICATED
    template_name = "community/course_list.html"

    def get_context_data(self, **kwargs):
        school = self.request.school
        courses = (
            Course.objects.visible_to(self.request.user)
            .for_school(school)
            .select_related("school_class", "teacher__person")
            .annotate(n_tests=Count("tests", distinct=True), n_materials=Count("materials", distinct=True))
            .order_by("-starts", "title")
        )
        return super().get_context_data(
            title=_("Distance courses"),
            courses=courses,
            can_teach=has_permission(self.request.user, Perm.COURSES_TEACH, school),
            **kwargs,
        )


class CourseCreateView(PermissionMixin, FormView):
    permission_required = Perm.COURSES_TEACH
    form_class = CourseForm
    template_name = "core/form_page.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"school": self.request.school}

    def form_valid(self, form):
        teacher = (
            Employee.objects.current()
            .filter(school=self.request.school, person_id=self.request.user.person_id)
            .first()
        )
        if teacher is None:
            form.add_error(None, _("Only an employee of the school makes courses."))
            return self.form_invalid(form)
        form.instance.teacher = teacher
        course = form.save()
        messages.success(self.request, _("The course is created."))
        return back(course)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New distance course"), **kwargs)


class CourseMixin(ScopedMixin):
    """A course the user may see (404 otherwise); `teaching` pages need its teacher (403 otherwise)."""

    teaching = False
    pk_kwarg = "pk"

    def scope(self):
        return Course.objects.visible_to(self.request.user).select_related(
            "school_class", "teacher__person", "school"
        )

    def dispatch(self, request, *args, **kwargs):
        self.request = request
        self.course = get_object_or_404(self.scope(), pk=kwargs[self.pk_kwarg])
        self.object = self.course
        if self.teaching and not is_course_teacher(request.user, self.course):
            raise PermissionDenied
        return super(ScopedMixin, self).dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            course=self.course, is_teacher=is_course_teacher(self.request.user, self.course), **kwargs
        )


class CourseDetailView(CourseMixin, TemplateView):
    template_name = "community/course_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(title=self.course.title, **kwargs)
        tests = list(
            self.course.tests.annotate(
                n_questions=Count("questions", distinct=True), n_attempts=Count("attempts", distinct=True)
            ).order_by("opens", "pk")
        )
        student = own_student(self.request.user, self.course.school)
        if student:
            taken = {a.test_id: a for a in Attempt.objects.filter(student=student, test__in=tests)}
            for t in tests:
                t.my_attempt = taken.get(t.pk)
        ctx.update(materials=self.course.materials.all(), tests=tests, student=student, now=timezone.now())
        return ctx


class CourseEditView(CourseMixin, FormView):
    teaching = True
    form_class = CourseForm
    template_name = "core/form_page.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"school": self.course.school, "instance": self.course}

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The course is saved."))
        return back(self.course)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Edit the course"), cancel_url=self.course.get_absolute_url(), **kwargs
        )


class MaterialCreateView(CourseMixin, FormView):
    teaching = True
    form_class = MaterialForm
    template_name = "core/form_page.html"

    def form_valid(self, form):
        form.instance.course = self.course
        form.save()
        messages.success(self.request, _("The material is added."))
        return back(self.course)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("New material"), cancel_url=self.course.get_absolute_url(), **kwargs
        )


class MaterialFileView(ScopedMixin, View):
    def scope(self):
        return Material.objects.filter(course__in=Course.objects.visible_to(self.request.user)).exclude(
            file=""
        )

    def get(self, request, pk):
        name = self.object.file.name.rsplit("/", 1)[-1]
        return FileResponse(self.object.file.open("rb"), filename=name, content_type=content_type_for(name))


class TestCreateView(CourseMixin, FormView):
    teaching = True
    form_class = TestForm
    template_name = "core/form_page.html"

    def form_valid(self, form):
        form.instance.course = self.course
        test = form.save()
        messages.success(self.request, _("The test is created; add its questions."))
        return back(test)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("New test"), cancel_url=self.course.get_absolute_url(), **kwargs
        )


class TestMixin(CourseMixin):
    def dispatch(self, request, *args, **kwargs):
        self.request = request
        courses = Course.objects.visible_to(request.user)
        self.test = get_object_or_404(
            Test.objects.filter(course__in=courses).select_related("course"), pk=kwargs["pk"]
        )
        kwargs["course_pk"] = self.test.course_id
        self.pk_kwarg = "course_pk"
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(test=self.test, **kwargs)


class TestDetailView(TestMixin, TemplateView):
    """The teacher sees the questions and the class's results; a student his own result or the start."""

    template_name = "community/test_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(title=self.test.title, **kwargs)
        if ctx["is_teacher"]:
            ctx["questions"] = self.test.questions.prefetch_related("choices")
            ctx["attempts"] = self.test.attempts.select_related("student__person")
        student = own_student(self.request.user, self.course.school)
        ctx["student"] = student
        ctx["my_attempt"] = (
            Attempt.objects.filter(test=self.test, student=student).first() if student else None
        )
        ctx["is_open"] = self.test.is_open(timezone.now())
        return ctx


class QuestionCreateView(TestMixin, FormView):
    teaching = True
    form_class = QuestionForm
    template_name = "core/form_page.html"

    def form_valid(self, form):
        form.instance.test = self.test
        form.save()
        messages.success(self.request, _("The question is added."))
        return back(self.test)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("New question"), cancel_url=self.test.get_absolute_url(), **kwargs
        )


class TestTakeView(TestMixin, FormView):
    """A student takes the test (phone-sized page); answers are graded at once where they can be."""

    permission_required = Perm.COURSES_TAKE
    template_name = "community/test_take.html"
    form_class = TakeTestForm

    def check_permission(self, school=None):
        super().check_permission(self.course.school)

    def get_form_kwargs(self):
        questions = list(self.test.questions.prefetch_related("choices"))
        return super().get_form_kwargs() | {"questions": questions}

    def form_valid(self, form):
        student = own_student(self.request.user, self.course.school)
        if student is None:
            messages.error(self.request, _("The test is assigned to another class."))
            return back(self.test)
        return run(
            self.request,
            services.test_submit,
            _("Your answers are saved."),
            lambda attempt: attempt,  # its page
            refused_to=self.test,
            test=self.test,
            student=student,
            responses=form.responses(),
        )[1]

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.test.title, **kwargs)


class AttemptDetailView(ScopedMixin, TemplateView):
    template_name = "community/attempt_detail.html"

    def scope(self):
        return Attempt.objects.visible_to(self.request.user).select_related(
            "test__course__teacher", "student__person"
        )

    def get_context_data(self, **kwargs):
        answers = self.object.answers.select_related("question").prefetch_related(
            Prefetch("choices"), Prefetch("question__choices")
        )
        course = self.object.test.course
        return super().get_context_data(
            title=self.object.test.title,
            attempt=self.object,
            answers=answers,
            is_teacher=is_course_teacher(self.request.user, course),
            grade_form=GradeForm(),
            **kwargs,
        )


class AnswerGradeView(ScopedMixin, OperationPostView):
    """The teacher grades an open answer; the attempt's points are counted again."""

    permission_required = Perm.COURSES_TEACH

    def scope(self):
        return Answer.objects.filter(
            attempt__in=Attempt.objects.visible_to(self.request.user)
        ).select_related("question", "attempt__test__course")

    def check_permission(self, school=None):
        super().check_permission(self.object.attempt.test.course.school)

    def perform(self):
        form = GradeForm(self.request.POST)
        if not form.is_valid():
            raise OperationError(" ".join(e for errs in form.errors.values() for e in errs))
        return services.answer_grade(
            acting_user=self.request.user, answer=self.object, points=form.cleaned_data["points"]
        )

    def get_success_message(self, result):
        return _("The answer is graded.")

    def get_redirect_url(self, result):
        return self.object.attempt.get_absolute_url()


class TestToJournalView(TestMixin, FormView):
    """The test's graded results become journal marks, through the journal's service (KG-2)."""

    teaching = True
    form_class = ToJournalForm
    template_name = "core/form_page.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"course": self.course}

    def form_valid(self, form):
        d = form.cleaned_data
        sent, refused = services.test_to_journal(
            acting_user=self.request.user,
            test=self.test,
            lesson=d["lesson"],
            kind=d["kind"],
            max_points=d["max_points"],
        )
        messages.success(self.request, _("Results sent to the journal: %(n)s.") % {"n": sent})
        for line in refused:
            messages.warning(self.request, line)
        return back(self.test)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Results to the journal: %(test)s") % {"test": self.test.title},
            submit_label=_("Send to the journal"),
            cancel_url=self.test.get_absolute_url(),
            **kwargs,
        )
