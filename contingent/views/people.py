"""Parents and guardians (CON-5), their logins and children's cards, consents (ORG-5), free meals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from contingent.forms import FreeMealForm, GuardianForm, MealDecisionForm, StudentConsentForm
from contingent.models import Consent, FreeMealApplication, GuardianLink, MealStatus, Student
from contingent.services import free_meal_apply, free_meal_decide, guardian_add, guardian_grant_login
from contingent.views.common import OperationView, current_year
from core.lists import ListPageView
from core.permissions import Perm, has_permission
from core.services import OperationError
from core.tables import Column
from core.views.base import PermissionMixin
from core.views.orders import serve_private_file


class GuardianAddView(OperationView):
    """CON-5: a parent or guardian; one already known by IIN is linked to this child as well. The
    class teacher adds her class's parents."""

    permission_required = Perm.CONTINGENT_FILES
    model = Student
    form_class = GuardianForm
    title = _("Add a parent or guardian")
    submit_label = _("Create")
    success_message = _("The parent or guardian is added.")

    def get_queryset(self):
        return Student.objects.visible_to(self.request.user).select_related("person", "school")

    def perform(self, form):
        return guardian_add(acting_user=self.request.user, student=self.object, **form.guardian_data())


class GuardianLoginView(PermissionMixin, View):
    """A parent gets a login; after it he sees his children's cards, read-only."""

    permission_required = Perm.USERS_MANAGE
    http_method_names = ["post"]

    def needs_school(self):
        return False

    def check_permission(self, school=None):
        return None

    def post(self, request, pk):
        link = get_object_or_404(
            GuardianLink.objects.visible_to(request.user).select_related("student__school", "person"), pk=pk
        )
        if not has_permission(request.user, Perm.USERS_MANAGE, link.student.school):
            raise PermissionDenied
        try:
            user, password = guardian_grant_login(acting_user=request.user, link=link)
        except OperationError as error:
            messages.error(request, str(error))
            return redirect(link.student.get_absolute_url())
        if password is None:
            messages.success(
                request,
                _("The parent's existing login %(username)s now opens his children's cards.")
                % {"username": user.username},
            )
            return redirect(link.student.get_absolute_url())
        return render(
            request,
            "core/password_issued.html",
            {"title": _("Login of the parent"), "target": user, "password": password},
        )


class ConsentAddView(OperationView):
    """ORG-5: record a written consent: whose data, who signed, when, and the scan."""

    permission_required = Perm.CONTINGENT_MANAGE
    model = Student
    form_class = StudentConsentForm
    title = _("Record a consent to personal data processing")
    success_message = _("The consent is recorded.")

    def get_queryset(self):
        return Student.objects.visible_to(self.request.user).select_related("person", "school")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "student": self.object}

    def perform(self, form):
        form.instance.school = self.object.school
        form.instance.student = self.object
        form.instance.recorded_by = self.request.user
        return form.save()


def consent_document(request, pk):
    consent = get_object_or_404(Consent.objects.visible_to(request.user), pk=pk)
    if not has_permission(request.user, Perm.CONTINGENT_VIEW, consent.school):
        raise PermissionDenied
    if not Student.objects.visible_to(request.user).filter(pk=consent.student_id).exists():
        raise PermissionDenied
    return serve_private_file(request, consent.document, consent)


consent_document.permission_required = Perm.CONTINGENT_VIEW


class ConsentMissingView(ListPageView):
    """ORG-5: whose consent is missing: current students and their parents without a valid consent."""

    permission_required = Perm.CONTINGENT_VIEW
    title = _("Missing consents to personal data processing")
    filterset_class = None
    columns = (
        Column(_("student"), "person.full_name", link=lambda s: s.get_absolute_url()),
        Column(_("class"), "class_label"),
        Column(_("consent for the student"), lambda s: _("yes") if s.has_own else _("missing")),
        Column(_("parents without consent"), lambda s: ", ".join(s.parents_missing) or "—"),
    )

    def get_filterset_class(self):
        from contingent.filters import StudentFilter

        return StudentFilter

    def get_filterset_kwargs(self, filterset_class):
        from contingent.filters import current_class_choices

        return {
            **super().get_filterset_kwargs(filterset_class),
            "classes": current_class_choices(self.request),
        }

    def get_queryset(self):
        from django.db.models import Prefetch

        return (
            Student.objects.visible_to(self.request.user)
            .for_school(self.request.school)
            .missing_consent()
            .select_related("person", "school_class")
            .prefetch_related(
                Prefetch(
                    "guardians",
                    queryset=GuardianLink.objects.select_related("person").annotate(
                        consented=Exists(
                            Consent.objects.filter(
                                revoked_on__isnull=True,
                                student=OuterRef("student_id"),
                                subject=OuterRef("person_id"),
                            )
                        )
                    ),
                )
            )
            .order_by("person__last_name", "person__first_name", "pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for s in ctx["object_list"]:
            s.parents_missing = [g.person.full_name for g in s.guardians.all() if not g.consented]
        ctx["breadcrumbs"] = [(self.title, None)]
        return ctx

    def export(self, fmt, rows):
        rows = list(rows)
        for s in rows:
            s.parents_missing = [g.person.full_name for g in s.guardians.all() if not g.consented]
        return super().export(fmt, _RowList(rows))


class _RowList(list):
    def iterator(self, chunk_size=None):
        return iter(self)


class MyChildrenView(ListPageView):
    """A parent's own children, read-only (ORG-3)."""

    permission_required = Perm.CHILDREN_VIEW
    title = _("My children")
    export_formats = ()
    columns = (
        Column(_("full name"), "person.full_name", link=lambda s: s.get_absolute_url()),
        Column(_("date of birth"), "person.birth_date"),
        Column(_("class"), "class_label"),
        Column(_("status"), "status"),
    )

    def get_filterset_class(self):
        from contingent.filters import StudentFilter

        return StudentFilter

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "classes": []}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = None  # a parent's two or three children need no search form on his phone
        return ctx

    def get_queryset(self):
        person_id = self.request.user.person_id
        return (
            Student.objects.visible_to(self.request.user)
            .filter(guardians__person_id=person_id)
            .select_related("person", "school_class")
            .order_by("person__last_name", "pk")
        )


class FreeMealCreateView(OperationView):
    """CON-12: an application for free meals."""

    permission_required = Perm.CONTINGENT_MANAGE
    model = Student
    form_class = FreeMealForm
    title = _("Application for free meals")
    success_message = _("The application is registered.")

    def get_queryset(self):
        return Student.objects.visible_to(self.request.user).current().select_related("person", "school")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = FreeMealApplication(
            school=self.object.school, student=self.object, academic_year=current_year(self.object.school)
        )
        return kwargs

    def perform(self, form):
        return free_meal_apply(acting_user=self.request.user, application=form.instance)


class FreeMealDecideView(OperationView):
    permission_required = Perm.CONTINGENT_MANAGE
    model = FreeMealApplication
    form_class = MealDecisionForm
    title = _("Decision on the application")
    success_message = _("The decision is saved.")

    def get_queryset(self):
        return (
            FreeMealApplication.objects.visible_to(self.request.user)
            .filter(status=MealStatus.SUBMITTED)
            .select_related("student__person", "school")
        )

    def perform(self, form):
        return free_meal_decide(
            acting_user=self.request.user,
            application=self.object,
            status=form.cleaned_data["status"],
            decided_on=form.cleaned_data["decided_on"],
        )

    def get_success_url(self, result=None):
        return reverse("contingent:meal_list")

    def breadcrumbs(self):
        return [(_("Free-meal applications"), reverse("contingent:meal_list")), (self.title, None)]
