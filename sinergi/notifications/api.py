"""The caller's own notifications: list them and mark one read. Thin: selectors and services do the work."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Query, Router

from sinergi.api.auth import actor_of
from sinergi.api.errors import responses
from sinergi.api.pagination import BY_NEWEST, Page, paginate
from sinergi.core.models import ChangeSource
from sinergi.notifications import selectors, services
from sinergi.notifications.schemas import NotificationOut, NotificationQuery

PathId = Annotated[int, Path(ge=1, le=2**63 - 1)]

router = Router(tags=["notifications"])


@router.get(
    "/notifications",
    response=responses({200: Page[NotificationOut]}),
    description="The caller's notifications, newest first (`unread=true`: only those not read yet).",
)
def notification_list(request: HttpRequest, filters: Query[NotificationQuery]) -> Any:
    qs = selectors.notifications_for(user=actor_of(request), unread=filters.unread).order_by("-id")
    return paginate(qs, keyset=BY_NEWEST, page=filters)


@router.get("/notifications/{notification_id}", response=responses({200: NotificationOut}))
def notification_get(request: HttpRequest, notification_id: PathId) -> Any:
    """One of the caller's notifications (someone else's answers 404)."""
    return selectors.notification_get(user=actor_of(request), pk=notification_id)


@router.post("/notifications/{notification_id}/read", response=responses({200: NotificationOut}))
def notification_read(request: HttpRequest, notification_id: PathId) -> Any:
    """Mark one of the caller's notifications read (someone else's answers 404)."""
    user = actor_of(request)
    notification = selectors.notification_get(user=user, pk=notification_id)
    return services.mark_read(actor=user, notification=notification, source=ChangeSource.API)
