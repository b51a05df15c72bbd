"""KG-4: conversations teacher <-> parent (and with the district), class announcements, parents' boards.
Only participants read a conversation; another school's user gets a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from community import services
from community.forms import ClassPostForm, ConversationForm, TextForm
from community.models import ClassPost, ClassPostKind, Conversation, Message, Participant
from community.views.common import ScopedMixin, back
from core.permissions import AUTHENTICATED
from core.services import OperationError
from core.views.base import OperationPostView, PermissionMixin


class InboxView(PermissionMixin, TemplateView):
    permission_required = AUTHENTICATED
    template_name = "community/inbox.html"

    def needs_school(self):
        return False

    def get_context_data(self, **kwargs):
        user = self.request.user
        mine = Participant.objects.filter(conversation=OuterRef("pk"), user=user)
        conversations = (
            Conversation.objects.visible_to(user)
            .annotate(my_read=Subquery(mine.values("last_read_at")[:1]))
            .annotate(
                unread=Count(
                    "messages",
                    filter=~Q(messages__author=user)
                    & (Q(my_read__isnull=True) | Q(messages__created_at__gt=F("my_read"))),
                )
            )
            .prefetch_related(
                Prefetch("participants", queryset=Participant.objects.select_related("user__person"))
            )
            .order_by("-last_message_at", "-pk")
        )
        rows = []
        for c in conversations[:100]:
            others = [p.user for p in c.participants.all() if p.user_id != user.pk]
            rows.append({"conversation": c, "others": others, "unread": c.unread})
        return super().get_context_data(title=_("Messages"), rows=rows, **kwargs)


class ConversationCreateView(PermissionMixin, FormView):
    permission_required = AUTHENTICATED
    form_class = ConversationForm
    template_name = "core/form_page.html"

    def needs_school(self):
        return False

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"user": self.request.user, "school": self.request.school}

    def get_initial(self):
        to = self.request.GET.get("to", "")
        return {"recipient": to} if to.isdigit() else {}

    def form_valid(self, form):
        d = form.cleaned_data
        try:
            conversation = services.conversation_start(
                acting_user=self.request.user,
                school=self.request.school,
                recipient=d["recipient"],
                subject=d["subject"],
                body=d["body"],
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The message is sent."))
        return back(conversation)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("New message"), submit_label=_("Send"), cancel_url=reverse("community:inbox"), **kwargs
        )


class ConversationView(ScopedMixin, FormView):
    """The messages, oldest first, shown as text; reading marks them read."""

    form_class = TextForm
    template_name = "community/conversation.html"

    def scope(self):
        return Conversation.objects.visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        services.conversation_mark_read(acting_user=request.user, conversation=self.object)
        return response

    def form_valid(self, form):
        try:
            services.message_send(
                acting_user=self.request.user, conversation=self.object, body=form.cleaned_data["body"]
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return back(self.object, "#last")

    def get_context_data(self, **kwargs):
        msgs = Message.objects.filter(conversation=self.object).select_related("author__person")
        participants = Participant.objects.filter(conversation=self.object).select_related("user__person")
        return super().get_context_data(
            title=self.object.subject,
            conversation=self.object,
            chat=msgs,
            participants=participants,
            **kwargs,
        )


class BoardsView(PermissionMixin, TemplateView):
    permission_required = AUTHENTICATED
    template_name = "community/boards.html"

    def needs_school(self):
        return False

    def get_context_data(self, **kwargs):
        classes = services.board_classes(self.request.user).select_related("school", "class_teacher__person")
        return super().get_context_data(title=_("Class boards"), classes=classes, **kwargs)


class BoardView(ScopedMixin, TemplateView):
    """A class's announcements and its parents' board (parents and moderators only), with moderation."""

    template_name = "community/board.html"

    def scope(self):
        return services.board_classes(self.request.user).select_related("school", "class_teacher__person")

    def get_context_data(self, **kwargs):
        role = services.board_role(self.request.user, self.object)
        posts = ClassPost.objects.filter(school_class=self.object).select_related("author__person")
        if role != "moderator":
            posts = posts.filter(is_hidden=False)
        announcements = [p for p in posts if p.kind == ClassPostKind.ANNOUNCEMENT]
        board = (
            [p for p in posts if p.kind == ClassPostKind.BOARD] if role in ("moderator", "parent") else None
        )
        return super().get_context_data(
            title=_("Class %(name)s") % {"name": self.object.name},
            school_class=self.object,
            role=role,
            announcements=announcements[:30],
            board=board,
            form=ClassPostForm(),
            **kwargs,
        )


class ClassPostCreateView(ScopedMixin, OperationPostView):
    def scope(self):
        return services.board_classes(self.request.user)

    def perform(self):
        form = ClassPostForm(self.request.POST)
        if not form.is_valid():
            raise OperationError(" ".join(e for errs in form.errors.values() for e in errs))
        return services.class_post_create(
            acting_user=self.request.user,
            school_class=self.object,
            kind=self.kwargs["kind"],
            **form.cleaned_data,
        )

    def get_success_message(self, result):
        return _("Published.")

    def get_redirect_url(self, result):
        return reverse("community:board", args=[self.object.pk])


class ClassPostModerateView(ScopedMixin, OperationPostView):
    def scope(self):
        return ClassPost.objects.filter(
            school_class__in=services.board_classes(self.request.user)
        ).select_related("school_class__class_teacher")

    def perform(self):
        if services.board_role(self.request.user, self.object.school_class) != "moderator":
            raise PermissionDenied
        return services.class_post_moderate(
            acting_user=self.request.user, post=self.object, hide=self.request.POST.get("hide") == "1"
        )

    def get_success_message(self, post):
        return _("The post is hidden.") if post.is_hidden else _("The post is shown.")

    def get_redirect_url(self, result):
        return reverse("community:board", args=[self.object.school_class_id])
