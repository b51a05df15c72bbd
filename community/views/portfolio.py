"""KG-3: portfolios of students and teachers, read by the person, his class teacher or head, his parents."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from community.forms import PortfolioForm
from community.models import PortfolioEntry
from community.portfolio import portfolio_items
from community.services import portfolio_people
from community.views.common import ScopedMixin
from core.access import log_access
from core.files import content_type_for
from core.permissions import AUTHENTICATED
from core.search import search
from core.views.base import PermissionMixin


class PortfolioHomeView(PermissionMixin, TemplateView):
    """The user's own portfolio, and the list of the portfolios he may read."""

    permission_required = AUTHENTICATED
    template_name = "community/portfolio_home.html"

    def needs_school(self):
        return False

    def get(self, request, *args, **kwargs):
        people = portfolio_people(request.user).exclude(pk=request.user.person_id)
        if request.user.person_id and not people.exists():
            return HttpResponseRedirect(reverse("community:portfolio_person", args=[request.user.person_id]))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        people = portfolio_people(self.request.user).order_by("last_name", "first_name")
        people = search(people, query, person_paths=("",))
        return super().get_context_data(title=_("Portfolio"), people=people[:200], q=query, **kwargs)


class PersonMixin(ScopedMixin):
    def scope(self):
        return portfolio_people(self.request.user)


class PortfolioPersonView(PersonMixin, TemplateView):
    template_name = "community/portfolio.html"

    def get_context_data(self, **kwargs):
        entries = PortfolioEntry.objects.visible_to(self.request.user).filter(person=self.object)
        log_access(self.request, "view", self.object)
        return super().get_context_data(
            title=_("Portfolio: %(name)s") % {"name": self.object.full_name},
            person=self.object,
            items=portfolio_items(self.request, self.object, entries),
            **kwargs,
        )


class PortfolioEntryCreateView(PersonMixin, FormView):
    """Anybody who reads the portfolio adds to it: the person, the class teacher, a head, a parent."""

    form_class = PortfolioForm
    template_name = "core/form_page.html"

    def form_valid(self, form):
        school = self.request.school
        if school is None:
            raise Http404
        form.instance.school = school
        form.instance.person = self.object
        form.instance.added_by = self.request.user
        form.save()
        messages.success(self.request, _("The entry is added to the portfolio."))
        return HttpResponseRedirect(reverse("community:portfolio_person", args=[self.object.pk]))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("New portfolio entry: %(name)s") % {"name": self.object.full_name},
            cancel_url=reverse("community:portfolio_person", args=[self.object.pk]),
            **kwargs,
        )


class PortfolioScanView(ScopedMixin, View):
    def scope(self):
        return PortfolioEntry.objects.visible_to(self.request.user).exclude(scan="")

    def get(self, request, pk):
        entry = get_object_or_404(self.scope(), pk=pk)
        log_access(request, "export", entry)
        name = entry.scan.name.rsplit("/", 1)[-1]
        return FileResponse(entry.scan.open("rb"), filename=name, content_type=content_type_for(name))
