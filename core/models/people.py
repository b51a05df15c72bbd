"""One Person per human, at most one user account (DESIGN "People and time")."""

import pghistory
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.search import name_text
from core.validators import plausible_date_constraint, validate_name


class Sex(models.TextChoices):
    MALE = "m", _("male")
    FEMALE = "f", _("female")


@pghistory.track()
class Person(models.Model):
    iin = models.CharField(_("IIN"), max_length=14, null=True, blank=True, unique=True)
    last_name = models.CharField(_("last name"), max_length=100, validators=[validate_name])
    first_name = models.CharField(_("first name"), max_length=100, validators=[validate_name])
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True, validators=[validate_name])
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "patronymic"]
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            # The one full-name search of every list (core.search): words in any order, folded letters.
            GinIndex(OpClass(name_text(), name="gin_trgm_ops"), name="person_fullname_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(iin=""),
                name="person_iin_null_not_empty",
                violation_error_message=_("Leave the IIN empty or enter it in full."),
            ),
            plausible_date_constraint("birth_date", "person_birth_date_plausible"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def short_name(self):
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip()


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent("account.active_changed", condition=pghistory.AnyChange("is_active")),
    pghistory.UpdateEvent("account.password_changed", condition=pghistory.AnyChange("password")),
    pghistory.UpdateEvent("account.renamed", condition=pghistory.AnyChange("username")),
    pghistory.DeleteEvent(),
    # never the password hash: the history says that it changed, not what it is
    fields=["username", "person", "is_active", "must_change_password", "is_superuser"],
    model_name="UserEvent",
)
class User(AbstractUser):
    """A login. Its human is `person`; roles are held per organisation (RoleAssignment)."""

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="user", verbose_name=_("person")
    )
    language = models.CharField(_("interface language"), max_length=5, blank=True)
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.person.full_name if self.person_id else self.get_username()
