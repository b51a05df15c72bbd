"""Catalogues: subjects (national and the school's own), rooms, bell schedules."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from core.filters import SearchFilterSet
from core.links import url_for_pk
from core.lists import ListPageView
from core.permissions import Perm
from core.tables import Column

from ..forms import BellForm, BellScheduleForm, RoomForm, SubjectForm
from ..models import Bell, BellSchedule, Room, Subject
from .base import PlanningMixin, PlanningPage, require_manage

CATALOGUES = [
    ("planning:subject_list", gettext_lazy("Subjects")),
    ("planning:room_list", gettext_lazy("Rooms")),
    ("planning:bell_list", gettext_lazy("Bell schedules")),
]


class SubjectFilter(SearchFilterSet):
    search_fields = ("name_ru", "name_kk", "name_en", "code")

    class Meta:
        model = Subject
        fields = ["q"]


class RoomFilter(SearchFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Room
        fields = ["q", "kind"]


class CatalogueList(PlanningMixin, ListPageView):
    template_name = "planning/catalogue.html"
    paginate_by = 100

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["reports"] = CATALOGUES
        return ctx


class SubjectListView(CatalogueList):
    title = gettext_lazy("Subjects")
    filterset_class = SubjectFilter
    columns = (
        Column(gettext_lazy("name (Kazakh)"), "name_kk"),
        Column(gettext_lazy("name (Russian)"), "name_ru"),
        Column(gettext_lazy("name (English)"), "name_en"),
        Column(gettext_lazy("code"), "code"),
        Column(gettext_lazy("difficulty"), "difficulty"),
        Column(gettext_lazy("room kind needed"), "room_kind"),
        Column(gettext_lazy("catalogue"), lambda s: _("the school's own") if s.school_id else _("national")),
    )

    def get_queryset(self):
        return Subject.objects.for_school(self.request.school).order_by("name_ru")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.can_manage():
            ctx["create_url"] = (reverse("planning:subject_create"), _("New subject"))
        return ctx


class RoomListView(CatalogueList):
    title = gettext_lazy("Rooms")
    filterset_class = RoomFilter
    columns = (
        Column(gettext_lazy("name"), "name", link=lambda r: url_for_pk("planning:room_edit", r.pk)),
        Column(gettext_lazy("kind"), "kind"),
        Column(gettext_lazy("capacity"), "capacity"),
        Column(gettext_lazy("active"), "is_active"),
    )

    def get_columns(self):
        # only the managers may open a room's form: the others get its name without a link
        if self.can_manage():
            return self.columns
        return (Column(gettext_lazy("name"), "name"), *self.columns[1:])

    def get_queryset(self):
        return Room.objects.filter(school=self.request.school).order_by("name")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.can_manage():
            ctx["create_url"] = (reverse("planning:room_create"), _("New room"))
        return ctx


class CatalogueFormView(PlanningMixin, FormView):
    template_name = "core/form_page.html"
    permission_required = Perm.PLANNING_MANAGE
    model = None
    list_url = ""

    def get_instance(self):
        return self.model(school=self.request.school)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_instance()
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title
        ctx["cancel_url"] = reverse(self.list_url)
        return ctx

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Saved."))
        return redirect(self.list_url)


class SubjectCreateView(CatalogueFormView):
    form_class = SubjectForm
    model = Subject
    list_url = "planning:subject_list"
    title = gettext_lazy("New subject")


class RoomCreateView(CatalogueFormView):
    form_class = RoomForm
    model = Room
    list_url = "planning:room_list"
    title = gettext_lazy("New room")


class RoomEditView(RoomCreateView):
    title = gettext_lazy("Room")

    def get_instance(self):
        return get_object_or_404(
            Room.objects.visible_to(self.request.user).for_school(self.request.school), pk=self.kwargs["pk"]
        )


class BellListView(PlanningPage):
    """The bell schedules of each shift (grade 1's variant beside) and a form to add a bell."""

    template_name = "planning/bells.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["schedules"] = BellSchedule.objects.filter(school=self.school).prefetch_related("bells")
        ctx["schedule_form"] = kwargs.get("schedule_form") or BellScheduleForm(
            instance=BellSchedule(school=self.school)
        )
        ctx["bell_form"] = kwargs.get("bell_form") or BellForm()
        ctx["reports"] = CATALOGUES
        return ctx

    def post(self, request, *args, **kwargs):
        require_manage(self)
        if "schedule" in request.POST:
            schedule = get_object_or_404(
                BellSchedule.objects.visible_to(request.user).for_school(self.school),
                pk=request.POST.get("schedule") or 0,
            )
            form = BellForm(request.POST, instance=Bell(schedule=schedule))
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(bell_form=form))
        else:
            form = BellScheduleForm(request.POST, instance=BellSchedule(school=self.school))
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(schedule_form=form))
        form.save()
        messages.success(request, _("Saved."))
        return redirect("planning:bell_list")
