"""Reads of notifications: a user sees only their own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sinergi.notifications.models import Notification


def notifications_for(*, user: Any, unread: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first; only the unread ones with ``unread``."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient_id=user.pk)
    return qs.filter(read_at__isnull=True) if unread else qs


def unread_count(*, user: Any) -> int:
    return notifications_for(user=user, unread=True).count()


def notification_get(*, user: Any, pk: int) -> Notification:
    """One of the user's notifications; someone else's raises DoesNotExist, as a missing one does."""
    return notifications_for(user=user).get(pk=pk)
