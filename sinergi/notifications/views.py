"""The user's notifications: a list (the generic list page), opening one (marks it read, then goes to its page) and
marking all read."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sinergi.core.tables import Column, Table
from sinergi.core.views import ListPage, found_or_404
from sinergi.notifications import selectors, services
from sinergi.notifications.models import Notification


class NotificationFilter(forms.Form):
    unread = forms.BooleanField(label=gettext_lazy("Unread only"), required=False)

    def to_filter(self) -> bool:
        return bool(self.cleaned_data.get("unread")) if self.is_valid() else False


def _state(n: Notification) -> str:
    return str(_("read") if n.read_at else _("unread"))


TABLE = Table(
    columns=[
        Column(gettext_lazy("Time"), "created_at", field="created_at"),
        Column(gettext_lazy("Message"), "text", field="text"),
        Column(
            gettext_lazy("Status"),
            _state,
            badge=lambda n: "" if n.read_at else "warn",
            field="state",
        ),
        Column("", lambda n: "", template="notifications/_open.html"),
    ],
    row_attrs=lambda n: {"data-notification": n.pk, "data-unread": "0" if n.read_at else "1"},
)


class NotificationList(ListPage):
    title = gettext_lazy("Notifications")
    table = TABLE
    filter_form = NotificationFilter
    empty = gettext_lazy("No notifications.")
    template_name = "notifications/list.html"

    def queryset(self, *, filters: Any) -> QuerySet[Notification]:
        return selectors.notifications_for(user=self.user, unread=bool(filters))

    def extra_context(self) -> dict[str, Any]:
        return {"unread": selectors.unread_count(user=self.user)}


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to the page it is about (back to the list when it has none)."""
    notification = found_or_404(
        lambda: selectors.notification_get(user=request.user, pk=pk), _("No such notification.")
    )
    services.mark_read(actor=request.user, notification=notification)
    return redirect(notification.url or "notification_list")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.user)
    messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
    return redirect("notification_list")
