"""In-app notifications and the record of each reminder sent, so that none is sent twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message for one user, shown in the top bar until read; ``url`` is the page it is about (a local path)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.text[:80]


class Reminder(models.Model):
    """That the message named by ``key`` was sent. The key is unique, so a second send of it is refused by the
    database even when two workers try at once. A key names the thing, the deadline, the offset and the person,
    e.g. ``workprogram:12:submit:-3:user:7``."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    notification = models.OneToOneField(
        Notification, verbose_name=_("notification"), null=True, on_delete=models.SET_NULL, related_name="reminder"
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return self.key
