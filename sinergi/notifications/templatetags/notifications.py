"""The unread count of the signed-in user, for the top bar (one COUNT per page)."""

from __future__ import annotations

from typing import Any

from django import template

from sinergi.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> int:
    return unread_count(user=user) if getattr(user, "is_authenticated", False) else 0
