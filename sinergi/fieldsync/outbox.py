"""The laptop's outbox, filled from the change log: every change-log row a local service writes for a travelling
record also becomes an operation to send (``OutboxOp``), once the laptop holds a checkout.

A hook on the change-log row rather than a call in every service: the services stay as they are, and whatever
writes a change (a page, a command, an import) is sent. Changes the sync itself writes (``pulling``) are not."""

from __future__ import annotations

import contextlib
import contextvars
import uuid
from collections.abc import Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.dispatch import receiver

from sinergi.core.models import ChangeAction, ChangeLog
from sinergi.fieldsync import keys
from sinergi.fieldsync.models import Checkout, OpKind, OutboxOp
from sinergi.fieldsync.specs import MODEL_KEYS, SPECS, Spec

_pulling: contextvars.ContextVar[bool] = contextvars.ContextVar("fieldsync_pulling", default=False)


@contextlib.contextmanager
def pulling() -> Iterator[None]:
    """Writes made inside are the server's own changes arriving: they are not sent back."""
    token = _pulling.set(True)
    try:
        yield
    finally:
        _pulling.reset(token)


def _wire(spec: Spec, values: dict[str, Any] | None) -> dict[str, Any]:
    """A change-log snapshot's writable fields, references as UUIDs."""
    out: dict[str, Any] = {}
    for name, value in (values or {}).items():
        if name not in spec.fields:
            continue
        if name in spec.refs:
            out[name] = keys.key_for(spec.refs[name], value) if value is not None else None
        else:
            out[name] = value
    return out


@receiver(post_save, sender=ChangeLog, dispatch_uid="fieldsync_outbox")
def _to_outbox(sender: type[ChangeLog], instance: ChangeLog, created: bool, **kwargs: Any) -> None:
    if not created or _pulling.get():
        return
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    key = MODEL_KEYS.get(model) if model is not None else None
    if key is None:
        return
    with transaction.atomic():
        _queue(key, instance)


def _queue(key: str, instance: ChangeLog) -> None:
    checkout = Checkout.objects.select_for_update().first()
    if checkout is None:
        return  # not a field laptop
    spec = SPECS[key]
    if instance.action == ChangeAction.CREATE:
        kind, base, changes = OpKind.CREATE, {}, _wire(spec, instance.after)
        record_uuid = str(uuid.uuid4())
        keys.bind(model=key, record=record_uuid, object_id=instance.object_id)
    else:
        record_uuid = keys.key_for(key, instance.object_id)
        base = _wire(spec, instance.before)
        changes = _wire(spec, instance.after) if instance.action == ChangeAction.UPDATE else {}
        kind = OpKind.UPDATE if instance.action == ChangeAction.UPDATE else OpKind.DELETE
        if kind == OpKind.UPDATE and not changes:
            return  # only derived columns changed: nothing the server would accept
    seq = checkout.next_seq
    Checkout.objects.filter(pk=checkout.pk).update(next_seq=F("next_seq") + 1)
    OutboxOp.objects.create(
        seq=seq,
        kind=kind,
        model=key,
        record=record_uuid,
        object_repr=instance.object_repr,
        base=base,
        changes=changes,
        made_at=instance.time,
        actor_id=instance.actor_id,
    )
