"""Writes of notifications: send one (in the app, and by email where the user has an address) at most once per
key, and mark one read. Other apps call ``notify``; the reminder jobs build their keys so a rerun sends nothing."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from sinergi.core.changelog import record_saved, snapshot
from sinergi.core.models import ChangeSource
from sinergi.notifications.models import Notification, Reminder

log = logging.getLogger(__name__)


def _local_url(url: str) -> str:
    """The link of a notification is a path on this site: a link elsewhere would make it a phishing vehicle."""
    url = url.strip()
    if url and not (url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)):
        raise ValidationError({"url": _("A notification links only to a page of this site.")})
    return url


def _send_email(*, address: str, text: str, url: str) -> None:
    """Mail one notification; a mail server that refuses is logged, not raised: the notification stands."""
    link = f"{settings.SINERGI_SITE_URL.rstrip('/')}{url}" if url and settings.SINERGI_SITE_URL else url
    body = f"{text}\n\n{link}\n" if link else f"{text}\n"
    try:
        send_mail(
            subject=f"Sinergi: {text[:70]}",
            message=body,
            from_email=None,
            recipient_list=[address],
        )
    except Exception:
        log.exception("notification email to %s failed", address)


def notify(
    *,
    user: Any,
    text: str,
    url: str = "",
    key: str,
    email: bool = True,
    source: str = ChangeSource.JOB,
) -> Notification | None:
    """Send ``text`` to ``user``: an in-app notification, and an email through Django's email backend (after the
    transaction commits) when ``email`` is on and the user has an address.

    ``key`` names this message for de-duplication: a key already used sends nothing and returns None. Include the
    recipient in the key when one event notifies several people. An empty key is a one-off message, never
    de-duplicated."""
    text = " ".join(str(text).split())[:500]
    if not text:
        raise ValidationError({"text": _("A notification needs a text.")})
    url = _local_url(url)
    with transaction.atomic():
        if key:
            try:
                with transaction.atomic():
                    reminder = Reminder.objects.create(key=key[:200])
            except IntegrityError:
                return None
        notification = Notification.objects.create(recipient=user, text=text, url=url)
        if key:
            reminder.notification = notification
            reminder.save(update_fields=["notification"])
        record_saved(actor=None, instance=notification, before=None, source=source)
        address = (getattr(user, "email", "") or "").strip()
        if email and address and getattr(user, "is_active", True):
            transaction.on_commit(lambda: _send_email(address=address, text=text, url=url))
    return notification


def key_used(*, key: str) -> bool:
    """Whether a message with this key has been sent already."""
    return Reminder.objects.filter(key=key).exists()


def mark_read(*, actor: Any, notification: Notification, source: str = ChangeSource.WEB) -> Notification:
    """Mark one notification read; only its recipient may. Marking it again changes nothing."""
    if notification.recipient_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("This notification is someone else's."))
    if notification.read_at is not None:
        return notification
    with transaction.atomic():
        before = snapshot(notification)
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        record_saved(actor=actor, instance=notification, before=before, source=source)
    return notification


def mark_all_read(*, actor: Any, source: str = ChangeSource.WEB) -> int:
    """Mark every unread notification of ``actor`` read; returns how many were."""
    count = 0
    with transaction.atomic():
        for notification in Notification.objects.filter(recipient=actor, read_at__isnull=True).select_for_update():
            mark_read(actor=actor, notification=notification, source=source)
            count += 1
    return count
