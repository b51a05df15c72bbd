"""What every moderated piece of user text has (forum posts, class board posts): author, text, time,
and a moderator's hiding that keeps the text (DEP-5, KG-4)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ModeratedText(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("text"), max_length=8000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )

    class Meta:
        abstract = True
