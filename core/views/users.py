"""Administration > Users and roles (ORG-2): the director or the school administrator assigns roles."""

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import FormView

from core.filters import SearchFilterSet
from core.forms import ROLE_CHOICES, NewUserForm, RoleForm
from core.links import url_for_pk
from core.lists import ListPageView
from core.models import RoleAssignment
from core.permissions import grantable_roles
from core.services import (
    OperationError,
    check_may_act_on_person,
    check_may_grant,
    password_reset,
    permits,
    role_assign,
    role_remove,
    user_create,
)
from core.tables import Column
from core.views.base import OperationPostView, PermissionMixin

User = get_user_model()


class UserFilter(SearchFilterSet):
    search_fields = ("username", "person__last_name", "person__first_name", "person__iin")
    role = django_filters.ChoiceFilter(choices=ROLE_CHOICES, label=_("role"), method="filter_role")

    class Meta:
        model = User
        fields = ["q", "role"]

    def filter_role(self, queryset, name, value):
        return queryset.filter(
            role_assignments__role=value, role_assignments__school=self.request.school
        ).distinct()


def school_users(school):
    roles = RoleAssignment.objects.filter(school=school).order_by("role")
    return (
        User.objects.filter(role_assignments__school=school)
        .distinct()
        .select_related("person")
        .prefetch_related(Prefetch("role_assignments", queryset=roles, to_attr="school_roles"))
        .order_by("person__last_name", "person__first_name", "username")
    )


def _roles_text(user):
    return ", ".join(str(a.get_role_display()) for a in user.school_roles)


class UserListView(ListPageView):
    permission_required = "users.manage"
    filterset_class = UserFilter
    title = _("Users and roles")
    columns = (
        Column(_("name"), lambda u: str(u), link=lambda u: url_for_pk("core:user_roles", u.pk)),
        Column(pgettext_lazy("account name", "login"), "username"),
        Column(_("roles"), _roles_text),
        Column(_("active"), "is_active"),
        Column(_("last login"), "last_login"),
    )

    def get_queryset(self):
        return school_users(self.request.school)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["create_url"] = (reverse("core:user_create"), _("New user"))
        return ctx


def _grantable_choices(user, school):
    """ORG-2: a form offers only the roles the user may grant (core.permissions.ROLE_GRANTS)."""
    allowed = grantable_roles(user, school)
    return [(value, label) for value, label in ROLE_CHOICES if value in allowed]


def _password_page(request, target, password, title):
    """The login and first password, shown once: never kept by the browser's or a proxy's cache."""
    response = render(
        request, "core/password_issued.html", {"target": target, "password": password, "title": title}
    )
    add_never_cache_headers(response)
    return response


def _school_user(request, pk):
    """A user of the current school; anyone else is a 404."""
    return get_object_or_404(school_users(request.school), pk=pk)


class UserRolesView(PermissionMixin, FormView):
    permission_required = "users.manage"
    form_class = RoleForm
    template_name = "core/user_roles.html"

    def dispatch(self, request, *args, **kwargs):
        self.target = _school_user(request, kwargs["pk"]) if request.user.is_authenticated else None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "roles": _grantable_choices(self.request.user, self.request.school)
        }

    def form_valid(self, form):
        try:
            role_assign(
                acting_user=self.request.user,
                user=self.target,
                school=self.request.school,
                role=form.cleaned_data["role"],
                valid_from=form.cleaned_data["valid_from"],
                valid_to=form.cleaned_data["valid_to"],
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The role is assigned."))
        return redirect("core:user_roles", pk=self.target.pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["target"] = self.target
        user, school = self.request.user, self.request.school
        for a in self.target.school_roles:
            a.may_remove = permits(check_may_grant, user, school, a.role, self.target) and permits(
                check_may_act_on_person, user, self.target, school
            )
        ctx["may_reset"] = permits(check_may_act_on_person, user, self.target, school, password=True)
        ctx["title"] = str(self.target)
        ctx["breadcrumbs"] = [(_("Users and roles"), reverse("core:user_list")), (ctx["title"], None)]
        return ctx


class RoleRemoveView(OperationPostView):
    permission_required = "users.manage"
    success_message = _("The role is removed.")

    def get_queryset(self):
        return RoleAssignment.objects.filter(school=self.request.school)

    def perform(self):
        return role_remove(acting_user=self.request.user, assignment=self.get_object())

    def get_redirect_url(self, result):
        return reverse("core:user_roles", args=[self.object.user_id])


class PasswordResetView(OperationPostView):
    """The new first password is shown once; a refusal goes back to the user's roles."""

    permission_required = "users.manage"

    def get_queryset(self):
        return school_users(self.request.school)

    def perform(self):
        target = self.get_object()
        password = password_reset(acting_user=self.request.user, user=target, school=self.request.school)
        return _password_page(self.request, target, password, _("New first password"))

    def get_redirect_url(self, result):
        return reverse("core:user_roles", args=[self.object.pk])


class UserCreateView(PermissionMixin, FormView):
    permission_required = "users.manage"
    form_class = NewUserForm
    template_name = "core/form_page.html"
    extra_context = {
        "title": _("New user"),
        "cancel_url": reverse_lazy("core:user_list"),
        "breadcrumbs": [(_("Users and roles"), reverse_lazy("core:user_list")), (_("New user"), None)],
    }

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "roles": _grantable_choices(self.request.user, self.request.school)
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            user, password = user_create(
                acting_user=self.request.user,
                school=self.request.school,
                last_name=data["last_name"],
                first_name=data["first_name"],
                patronymic=data["patronymic"],
                iin=data["iin"] or None,
                email=data["email"],
                roles=data["roles"],
            )
        except OperationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return _password_page(self.request, user, password, _("The login is created"))
