"""The department's public page and its tabs (DEP-1..DEP-8). Reading is public; writing needs a login;
managing needs the department's administrator (another department's official gets a 404)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from core.files import content_type_for
from core.models import District, School
from core.permissions import PUBLIC, Perm, has_permission
from core.search import search
from core.services import OperationError
from core.views.base import PermissionMixin
from district import forms, services
from district.models import (
    Document,
    FaqEntry,
    Feature,
    FeedbackMessage,
    Folder,
    Member,
    MemberCategory,
    NewsItem,
    Post,
    PostKind,
    Topic,
    Unit,
    WallPost,
)

TABS = [
    (None, "district:page", gettext_lazy("Page")),
    (Feature.STRUCTURE, "district:structure", gettext_lazy("Structure")),
    (Feature.PEOPLE, "district:people", gettext_lazy("People")),
    (Feature.DOCUMENTS, "district:documents", gettext_lazy("Documents")),
    (Feature.FORUM, "district:forum", gettext_lazy("Forum")),
    (Feature.FEEDBACK, "district:feedback", gettext_lazy("Feedback")),
    (Feature.ANNOUNCEMENTS, "district:announcements", gettext_lazy("Announcements")),
]


class DistrictMixin(PermissionMixin):
    """The department from the URL; its feature switch (DEP-8); its administrators for `manage`."""

    permission_required = PUBLIC
    feature = None
    manage = False
    tab = None

    def needs_school(self):
        return False

    def dispatch(self, request, *args, **kwargs):
        self.district = get_object_or_404(District.objects.select_related("region"), pk=kwargs["district"])
        self.page = services.page_of(self.district)
        if self.feature and not self.page.is_enabled(self.feature):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def check_permission(self, school=None):
        super().check_permission(school)
        if self.manage and not services.can_manage(self.request.user, self.district):
            raise Http404

    def redirect_back(self, url_name, *args):
        return HttpResponseRedirect(reverse(url_name, args=[self.district.pk, *args]))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(
            district=self.district,
            page=self.page,
            tab=self.tab,
            can_manage=services.can_manage(user, self.district),
            belongs=services.belongs_to(user, self.district),
            tabs=[
                {"url": reverse(name, args=[self.district.pk]), "label": label, "name": name}
                for feature, name, label in TABS
                if (feature is None or self.page.is_enabled(feature))
                and (feature != Feature.PEOPLE or services.can_see_people(user, self.district))
            ],
        )
        return ctx


class IndexView(PermissionMixin, TemplateView):
    """All departments' pages; the visitor's own first."""

    permission_required = PUBLIC
    template_name = "district/index.html"

    def needs_school(self):
        return False

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            districts=District.objects.select_related("region")
            .annotate(n_schools=Count("schools"))
            .order_by("name_ru"),
            title=_("District education departments"),
            **kwargs,
        )


class PageView(DistrictMixin, TemplateView):
    """DEP-1: description, contacts, news, the wall, leaders and administrators, documents."""

    template_name = "district/page.html"
    tab = "district:page"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = str(self.district)
        if self.page.is_enabled(Feature.NEWS):
            ctx["news"] = NewsItem.objects.of(self.district).published().filter(kind=PostKind.NEWS)[:5]
        if self.page.is_enabled(Feature.WALL):
            ctx["wall"] = (
                WallPost.objects.of(self.district)
                .filter(is_hidden=False)
                .select_related("author__person")[:20]
            )
            ctx["wall_form"] = forms.TextForm()
        rank = [MemberCategory.LEADER, MemberCategory.DEPUTY, MemberCategory.ADMINISTRATOR]
        ctx["leaders"] = sorted(
            Member.objects.of(self.district).filter(category__in=rank).select_related("person__user"),
            key=lambda m: rank.index(m.category),
        )
        if self.page.is_enabled(Feature.DOCUMENTS):
            ctx["folders"] = (
                Folder.objects.of(self.district).annotate(n=Count("documents")).order_by("position", "name")
            )
        return ctx


class StructureView(DistrictMixin, TemplateView):
    """DEP-2: units and subordinate schools, linked to the schools registry."""

    template_name = "district/structure.html"
    feature = Feature.STRUCTURE
    tab = "district:structure"

    def get_context_data(self, **kwargs):
        schools = School.objects.filter(district=self.district)
        return super().get_context_data(
            title=_("Structure"),
            units=Unit.objects.of(self.district).prefetch_related("members__person"),
            schools=schools,
            # a school's card is linked only for those who may open it (another school's is a 404)
            linked_schools=self.linked_schools(schools),
            **kwargs,
        )

    def linked_schools(self, schools):
        user = self.request.user
        if not user.is_authenticated:
            return set()
        visible = School.objects.visible_to(user).filter(district=self.district)
        return {s.pk for s in visible if has_permission(user, Perm.SCHOOL_VIEW, s)}


class PeopleView(DistrictMixin, TemplateView):
    """DEP-3: the department's staff only, by category, registered users highlighted, quick search."""

    permission_required = Perm.DISTRICT_PEOPLE
    template_name = "district/people.html"
    feature = Feature.PEOPLE
    tab = "district:people"

    def check_permission(self, school=None):
        super().check_permission(school)
        if not services.can_see_people(self.request.user, self.district):
            raise Http404

    def get_context_data(self, **kwargs):
        rows = Member.objects.of(self.district).select_related("person__user", "unit")
        category = self.request.GET.get("category", "")
        query = self.request.GET.get("q", "").strip()
        if category in MemberCategory.values:
            rows = rows.filter(category=category)
        rows = search(rows, query, person_paths=("person",))
        return super().get_context_data(
            title=_("People"),
            rows=rows,
            categories=MemberCategory.choices,
            category=category,
            q=query,
            **kwargs,
        )


class DocumentsView(DistrictMixin, TemplateView):
    """DEP-4: public documents in folders."""

    template_name = "district/documents.html"
    feature = Feature.DOCUMENTS
    tab = "district:documents"

    def get_context_data(self, **kwargs):
        folders = list(Folder.objects.of(self.district))
        current = next((f for f in folders if str(f.pk) == self.request.GET.get("folder")), None)
        docs = Document.objects.of(self.district).select_related("folder")
        if current:
            docs = docs.filter(folder=current)
        return super().get_context_data(
            title=_("Documents"), folders=folders, current=current, documents=docs, **kwargs
        )


class DocumentFileView(DistrictMixin, View):
    feature = Feature.DOCUMENTS

    def get(self, request, district, pk):
        doc = get_object_or_404(Document.objects.of(self.district), pk=pk)
        name = doc.original_name or doc.file.name.rsplit("/", 1)[-1]
        return FileResponse(doc.file.open("rb"), filename=name, content_type=content_type_for(name))


class ForumView(DistrictMixin, TemplateView):
    """DEP-5: the forum's topics."""

    template_name = "district/forum.html"
    feature = Feature.FORUM
    tab = "district:forum"

    def get_context_data(self, **kwargs):
        topics = (
            Topic.objects.of(self.district)
            .select_related("author__person")
            .annotate(n_posts=Count("posts", filter=Q(posts__is_hidden=False)))
            .order_by("-is_pinned", "-created_at", "-pk")
        )
        page = Paginator(topics, 30).get_page(self.request.GET.get("page"))
        return super().get_context_data(title=_("Forum"), page_obj=page, form=forms.TopicForm(), **kwargs)


class TopicCreateView(DistrictMixin, FormView):
    permission_required = "authenticated"
    form_class = forms.TopicForm
    template_name = "district/form.html"
    feature = Feature.FORUM
    tab = "district:forum"

    def form_valid(self, form):
        try:
            topic = services.topic_create(
                acting_user=self.request.user, district=self.district, **form.cleaned_data
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return HttpResponseRedirect(topic.get_absolute_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New topic"), **kwargs)


class TopicView(DistrictMixin, FormView):
    """A topic's posts (shown as text) and the reply form; the number of queries does not grow."""

    form_class = forms.TextForm
    template_name = "district/topic.html"
    feature = Feature.FORUM
    tab = "district:forum"

    def dispatch(self, request, *args, **kwargs):
        self.topic = get_object_or_404(Topic.objects.filter(district_id=kwargs["district"]), pk=kwargs["pk"])
        if request.method == "POST" and not request.user.is_authenticated:
            return HttpResponseRedirect(f"{reverse('login')}?next={request.path}")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.post_reply(
                acting_user=self.request.user, topic=self.topic, body=form.cleaned_data["body"]
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        last = (self.topic.posts.filter(is_hidden=False).count() - 1) // 50 + 1
        return HttpResponseRedirect(f"{self.topic.get_absolute_url()}?page={last}")

    def get_context_data(self, **kwargs):
        posts = self.topic.posts.select_related("author__person")
        if not services.can_manage(self.request.user, self.district):
            posts = posts.filter(is_hidden=False)
        page = Paginator(posts, 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(title=self.topic.title, topic=self.topic, page_obj=page, **kwargs)


class PostModerateView(DistrictMixin, View):
    """DEP-5 moderation: hide or show a post."""

    permission_required = Perm.DISTRICT_PAGE_MANAGE
    manage = True

    def post(self, request, district, pk):
        post = get_object_or_404(Post.objects.of(self.district).select_related("topic"), pk=pk)
        post = services.post_moderate(
            acting_user=request.user, post=post, hide=request.POST.get("hide") == "1"
        )
        messages.success(request, _("The post is hidden.") if post.is_hidden else _("The post is shown."))
        return HttpResponseRedirect(post.topic.get_absolute_url())


class TopicModerateView(DistrictMixin, View):
    permission_required = Perm.DISTRICT_PAGE_MANAGE
    manage = True

    def post(self, request, district, pk):
        topic = get_object_or_404(Topic.objects.of(self.district), pk=pk)
        flag = {"1": True, "0": False}
        services.topic_moderate(
            acting_user=request.user,
            topic=topic,
            closed=flag.get(request.POST.get("closed")),
            pinned=flag.get(request.POST.get("pinned")),
        )
        messages.success(request, _("The topic is saved."))
        return HttpResponseRedirect(topic.get_absolute_url())


class FeedbackView(DistrictMixin, FormView):
    """DEP-6: contacts, reception hours, the FAQ and the public feedback form."""

    form_class = forms.FeedbackForm
    template_name = "district/feedback.html"
    feature = Feature.FEEDBACK
    tab = "district:feedback"

    def form_valid(self, form):
        form.instance.district = self.district
        form.save()
        messages.success(
            self.request, _("Thank you. Your message is sent; the answer will come to your e-mail.")
        )
        return self.redirect_back("district:feedback")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Feedback"),
            faq=FaqEntry.objects.of(self.district),
            reception=Member.objects.of(self.district).exclude(reception_hours="").select_related("person"),
            **kwargs,
        )


class FeedbackInboxView(DistrictMixin, TemplateView):
    """The feedback messages, answered and waiting; all are kept."""

    permission_required = Perm.DISTRICT_PAGE_MANAGE
    manage = True
    template_name = "district/feedback_inbox.html"
    tab = "district:feedback"

    def get_context_data(self, **kwargs):
        rows = FeedbackMessage.objects.of(self.district).select_related("answered_by__person")
        page = Paginator(rows, 30).get_page(self.request.GET.get("page"))
        return super().get_context_data(title=_("Feedback messages"), page_obj=page, **kwargs)


class FeedbackAnswerView(DistrictMixin, FormView):
    permission_required = Perm.DISTRICT_PAGE_MANAGE
    manage = True
    form_class = forms.AnswerForm
    template_name = "district/feedback_answer.html"
    tab = "district:feedback"

    def dispatch(self, request, *args, **kwargs):
        self.message = get_object_or_404(
            FeedbackMessage.objects.filter(district_id=kwargs["district"]), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"answer": self.message.answer}

    def form_valid(self, form):
        services.feedback_answer(
            acting_user=self.request.user, message=self.message, answer=form.cleaned_data["answer"]
        )
        messages.success(self.request, _("The answer is saved and sent."))
        return self.redirect_back("district:feedback_inbox")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Answer"), message=self.message, **kwargs)


class AnnouncementsView(DistrictMixin, TemplateView):
    """DEP-7: the department's announcements."""

    template_name = "district/announcements.html"
    feature = Feature.ANNOUNCEMENTS
    tab = "district:announcements"

    def get_context_data(self, **kwargs):
        rows = NewsItem.objects.of(self.district).published().filter(kind=PostKind.ANNOUNCEMENT)
        page = Paginator(rows.select_related("author__person"), 20).get_page(self.request.GET.get("page"))
        return super().get_context_data(title=_("Announcements"), page_obj=page, **kwargs)


class WallPostView(DistrictMixin, View):
    """DEP-1: a logged-in person of the department or its schools writes on the wall."""

    permission_required = "authenticated"
    feature = Feature.WALL

    def post(self, request, district):
        form = forms.TextForm(request.POST)
        if not services.belongs_to(request.user, self.district):
            messages.error(request, _("Only people of the department and its schools write on this wall."))
        elif form.is_valid():
            WallPost.objects.create(
                district=self.district, author=request.user, body=form.cleaned_data["body"]
            )
            messages.success(request, _("The message is published."))
        else:
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return self.redirect_back("district:page")


class WallHideView(DistrictMixin, View):
    permission_required = Perm.DISTRICT_PAGE_MANAGE
    manage = True

    def post(self, request, district, pk):
        WallPost.objects.of(self.district).filter(pk=pk).update(is_hidden=True)
        messages.success(request, _("The message is hidden."))
        return self.redirect_back("district:page")


class SettingsView(DistrictMixin, FormView):
    """DEP-8: the page's texts and the feature switches."""

    permission_required = Perm.DISTRICT_PAGE_MANAGE
    manage = True
    form_class = forms.PageSettingsForm
    template_name = "district/form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.page}

    def form_valid(self, form):
        form.save()
        wanted = set(form.cleaned_data["features"])
        for feature in Feature.values:
            services.feature_switch(
                acting_user=self.request.user,
                district=self.district,
                feature=feature,
                enabled=feature in wanted,
            )
        messages.success(self.request, _("The page settings are saved."))
        return self.redirect_back("district:page")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Page settings"), **kwargs)


class ManageCreateView(DistrictMixin, FormView):
    """Adds a unit, an employee, an FAQ entry, a folder, a document, news or an announcement."""

    permission_required = Perm.DISTRICT_PAGE_MANAGE
    manage = True
    template_name = "district/form.html"
    title = ""
    success = "district:page"
    district_form = False
    extra = {}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.district_form:
            kwargs["district"] = self.district
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.instance.district = self.district
        for field, value in self.extra.items():
            setattr(form.instance, field, value)
        for field in ("author", "uploaded_by"):
            if hasattr(form.instance, f"{field}_id"):
                setattr(form.instance, field, self.request.user)
        return form

    def form_valid(self, form):
        if "file" in form.cleaned_data and hasattr(form.instance, "original_name"):
            form.instance.original_name = form.cleaned_data["file"].name[:255]
        form.save()
        messages.success(self.request, _("Saved."))
        return self.redirect_back(self.success)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)
