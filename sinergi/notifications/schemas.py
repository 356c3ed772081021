"""Request and response shapes of the notifications API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from sinergi.api.pagination import PageQuery


class NotificationOut(Schema):
    id: int
    text: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationQuery(PageQuery):
    unread: bool = Field(False, description="Only the unread ones.")
