"""The field-sync tables: the server's operation log (syncs and their operations), the conflict queue, the waiting
and the refused operations; on a laptop its syncs and its outbox."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from sinergi.core.history import actor_name
from sinergi.core.tables import Column, Table, display
from sinergi.fieldsync.models import ConflictStatus, OpStatus
from sinergi.fieldsync.selectors import changed_labels
from sinergi.fieldsync.specs import SPECS

STATUS_BADGE = {
    OpStatus.APPLIED: "ok",
    OpStatus.REFUSED: "bad",
    OpStatus.CONFLICT: "warn",
    OpStatus.WAITING: " ",
    OpStatus.PENDING: " ",
}


def record_type(row: Any) -> str:
    spec = SPECS.get(row.model)
    return spec.label() if spec is not None else row.model


def _status_badge(row: Any) -> str:
    return STATUS_BADGE.get(OpStatus(row.status), " ")


_KIND = Column(gettext_lazy("Change"), lambda o: o.get_kind_display())
_TYPE = Column(gettext_lazy("Record type"), record_type)
_RECORD = Column(gettext_lazy("Record"), lambda o: o.object_repr or "—", css="name")
_FIELDS = Column(gettext_lazy("Fields changed"), changed_labels)
_STATUS = Column(gettext_lazy("Status"), lambda o: o.get_status_display(), badge=_status_badge, field="status")
_REASON = Column(gettext_lazy("Reason"), "reason", field="reason")
_SENT_BY = Column(gettext_lazy("Sent by"), lambda o: actor_name(o.user))

BATCHES = Table(
    columns=[
        Column(
            gettext_lazy("Received at"),
            "received_at",
            link=lambda b: reverse("field_batch_detail", args=[b.pk]),
            css="name",
        ),
        Column(gettext_lazy("Sent by"), lambda b: actor_name(b.user), note=lambda b: str(b.device)),
        Column(gettext_lazy("Sent"), "sent", css="num", field="sent"),
        Column(gettext_lazy("Already received"), "repeated", css="num"),
        Column(gettext_lazy("Applied"), "applied", css="num", field="applied"),
        Column(gettext_lazy("Refused"), "refused", css="num", field="refused"),
        Column(gettext_lazy("In conflict"), "conflicts", css="num", field="conflicts"),
        Column(gettext_lazy("Waiting"), "waiting", css="num", field="waiting"),
    ],
    sheet_title=gettext_lazy("Field syncs"),
)

OPERATIONS = Table(
    columns=[
        Column(gettext_lazy("No."), "seq", css="num"),
        _KIND,
        _TYPE,
        _RECORD,
        _FIELDS,
        _STATUS,
        _REASON,
    ],
    row_attrs=lambda o: {"data-seq": o.seq},
)


def _conflict_badge(c: Any) -> str:
    return "warn" if c.status == ConflictStatus.OPEN else "ok"


CONFLICTS = Table(
    columns=[
        Column(
            gettext_lazy("Record"),
            "object_repr",
            link=lambda c: reverse("field_conflict_detail", args=[c.pk]),
            css="name",
            note=record_type,
        ),
        Column(gettext_lazy("Conflict"), lambda c: c.get_kind_display()),
        Column(
            gettext_lazy("Changed on the device by"),
            lambda c: actor_name(c.device_actor),
            note=lambda c: _when(c.device_time),
        ),
        Column(
            gettext_lazy("Changed on the server by"),
            lambda c: actor_name(c.server_actor) if c.server_time else "",
            note=lambda c: _when(c.server_time),
        ),
        Column(gettext_lazy("Status"), lambda c: c.get_status_display(), badge=_conflict_badge, field="status"),
    ],
    row_attrs=lambda c: {"data-conflict": c.pk},
)


def _when(value: Any) -> str:
    return display(value) if value else ""


WAITING = Table(
    columns=[
        Column(gettext_lazy("Received at"), "received_at"),
        _SENT_BY,
        Column(
            gettext_lazy("No."),
            "seq",
            css="num",
            note=lambda o: gettext("waits for no. %(n)s") % {"n": o.device.next_seq},
        ),
        _KIND,
        _TYPE,
        _FIELDS,
    ],
    row_attrs=lambda o: {"data-seq": o.seq},
)

REFUSED = Table(
    columns=[
        Column(gettext_lazy("Received at"), "received_at"),
        _SENT_BY,
        _KIND,
        _TYPE,
        _RECORD,
        _REASON,
    ],
    row_attrs=lambda o: {"data-seq": o.seq},
)

RUNS = Table(
    columns=[
        Column(gettext_lazy("Started at"), "started_at", css="name"),
        Column(gettext_lazy("Sent"), "sent", css="num"),
        Column(gettext_lazy("Applied"), "applied", css="num"),
        Column(gettext_lazy("Refused"), "refused", css="num"),
        Column(gettext_lazy("In conflict"), "conflicts", css="num"),
        Column(gettext_lazy("Waiting"), "waiting", css="num"),
        Column(gettext_lazy("Received"), "received", css="num"),
        Column(gettext_lazy("Removed"), "removed", css="num"),
        Column(gettext_lazy("Error"), "error"),
    ]
)

OUTBOX = Table(
    columns=[
        Column(gettext_lazy("No."), "seq", css="num"),
        Column(gettext_lazy("Made at"), "made_at", note=lambda o: actor_name(o.actor)),
        _KIND,
        _TYPE,
        _RECORD,
        _FIELDS,
        _STATUS,
        _REASON,
    ],
    row_attrs=lambda o: {"data-seq": o.seq},
)
