"""The server's side of a sync: a batch of a device's operations, each applied once through the app's services
with the caller's permissions, answered one by one (applied, refused with its reason, in conflict, waiting).

Idempotence: (device, seq) is unique. An operation already received is answered with what was done the first
time. Order: a device's operations are applied in sequence order; one that arrives ahead of a missing earlier one
waits (``OpStatus.WAITING``) until the gap is filled or the office's window (``field_wait_days``) has passed, then
it is applied without it. A refused operation is refused alone: the ones after it are applied as usual.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import region_prefixes
from sinergi.accounts.models import User
from sinergi.accounts.selectors import office_settings_for
from sinergi.core.models import ChangeLog
from sinergi.fieldsync import keys
from sinergi.fieldsync.models import (
    Conflict,
    ConflictKind,
    Device,
    Operation,
    OpKind,
    OpStatus,
    SyncBatch,
)
from sinergi.fieldsync.specs import SPECS, Spec, same, to_python, wire_values


@dataclass(frozen=True)
class OpIn:
    """One operation as a device sends it (see ``schemas.OperationIn``)."""

    seq: int
    op_id: str
    kind: str
    model: str
    record: str
    base: Mapping[str, Any]
    changes: Mapping[str, Any]
    made_at: dt.datetime | None = None


class Refused(Exception):
    """An operation that cannot be applied; ``reason`` is what the device shows."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _reason_of(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, PermissionDenied):
        return str(exc) or _("You may not make this change.")
    if hasattr(exc, "error_dict"):
        return " ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items())
    return " ".join(exc.messages)


def _first_region(user: User) -> str:
    prefixes = region_prefixes(user)
    return prefixes[0] if prefixes else ""


def service_values(spec: Spec, wire: Mapping[str, Any]) -> dict[str, Any]:
    """A device's wire values as the service's input: references by this database's keys, values parsed."""
    unknown = sorted(set(wire) - set(spec.fields))
    if unknown:
        raise Refused(_("These fields cannot be changed from a field device: %(f)s.") % {"f": ", ".join(unknown)})
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in wire.items():
        if name in spec.refs:
            if not value:
                values[name] = None
                continue
            found = keys.object_ids_for(spec.refs[name], [value])
            if str(value) not in found:
                errors[name] = [_("It refers to a record the server does not have (not sent yet, or deleted).")]
                continue
            values[name] = int(found[str(value)])
            continue
        try:
            values[name] = to_python(spec, name, value)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return values


def _current(spec: Spec, instance: Model) -> dict[str, Any]:
    """The record's writable fields as the wire has them (references as UUIDs)."""
    ref_keys: dict[tuple[str, str], str] = {}
    for name, target in spec.refs.items():
        value = getattr(instance, name)
        if value is not None:
            ref_keys[(target, str(value))] = keys.key_for(target, value)
    return wire_values(spec, instance, spec.fields, ref_keys)


def _last_server_change(instance: Model, names: Iterable[str]) -> ChangeLog | None:
    """The newest change-log row of ``instance`` that touched one of ``names``."""
    wanted = set(names)
    rows = ChangeLog.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
    ).order_by("-time", "-id")[:50]
    for row in rows:
        if row.after is None or wanted & set(row.after) or not wanted:
            return row
    return None


def _conflict(
    *, op: Operation, spec: Spec, kind: str, instance: Model | None, object_id: str, fields: dict[str, Any]
) -> None:
    server = _last_server_change(instance, fields) if instance is not None else None
    if instance is None:
        ct = ContentType.objects.get_for_model(spec.model)
        server = ChangeLog.objects.filter(content_type=ct, object_id=object_id).order_by("-time", "-id").first()
    Conflict.objects.create(
        operation=op,
        kind=kind,
        model=spec.key,
        object_id=object_id,
        object_repr=(str(instance) if instance is not None else (server.object_repr if server else object_id))[:255],
        region_code=op.region_code,
        fields=fields,
        server_actor=server.actor if server else None,
        server_time=server.time if server else None,
        device_actor=op.user,
        device_time=op.made_at,
    )
    op.status = OpStatus.CONFLICT
    op.reason = str(ConflictKind(kind).label)


def _apply_create(op: Operation, spec: Spec, device: Device) -> None:
    if keys.object_ids_for(spec.key, [op.record]):
        raise Refused(_("A record with this key already exists on the server."))
    instance = spec.create(op.user, service_values(spec, op.changes))
    keys.bind(model=spec.key, record=str(op.record), object_id=instance.pk, origin=device)
    op.region_code = spec.region_of(instance)
    op.object_repr = str(instance)[:255]
    op.status = OpStatus.APPLIED


def _target(op: Operation, spec: Spec) -> tuple[str, Model | None]:
    found = keys.object_ids_for(spec.key, [op.record])
    if str(op.record) not in found:
        raise Refused(_("The server does not know this record."))
    object_id = found[str(op.record)]
    return object_id, spec.model._default_manager.filter(pk=object_id).first()


def _apply_update(op: Operation, spec: Spec) -> None:
    object_id, instance = _target(op, spec)
    fixed = sorted(set(op.changes) & set(spec.fixed))
    if fixed:
        raise Refused(_("These fields cannot be changed once recorded: %(f)s.") % {"f": ", ".join(fixed)})
    if instance is None:
        fields = {
            name: {"base": op.base.get(name), "server": None, "device": value} for name, value in op.changes.items()
        }
        _conflict(op=op, spec=spec, kind=ConflictKind.EDIT_DELETE, instance=None, object_id=object_id, fields=fields)
        return
    op.region_code = spec.region_of(instance)
    op.object_repr = str(instance)[:255]
    current = _current(spec, instance)
    apply: dict[str, Any] = {}
    clashes: dict[str, Any] = {}
    for name, value in op.changes.items():
        if name not in current:
            raise Refused(_("These fields cannot be changed from a field device: %(f)s.") % {"f": name})
        server_value = current[name]
        if name not in op.base or same(spec, name, op.base[name], server_value):
            apply[name] = value  # only the device changed it
        elif not same(spec, name, value, server_value):
            clashes[name] = {"base": op.base[name], "server": server_value, "device": value}
    if apply:
        instance = spec.update(op.user, instance, service_values(spec, apply))
        op.region_code = spec.region_of(instance)
        op.object_repr = str(instance)[:255]
    if clashes:
        _conflict(op=op, spec=spec, kind=ConflictKind.FIELDS, instance=instance, object_id=object_id, fields=clashes)
    else:
        op.status = OpStatus.APPLIED


def _apply_delete(op: Operation, spec: Spec) -> None:
    if spec.delete is None:
        raise Refused(_("A %(what)s cannot be deleted from a field device.") % {"what": spec.label()})
    object_id, instance = _target(op, spec)
    if instance is None:
        op.status = OpStatus.APPLIED  # already gone: nothing is lost
        return
    op.region_code = spec.region_of(instance)
    op.object_repr = str(instance)[:255]
    current = _current(spec, instance)
    edited = {
        name: {"base": value, "server": current[name], "device": None}
        for name, value in op.base.items()
        if name in current and not same(spec, name, value, current[name])
    }
    if edited:
        _conflict(
            op=op, spec=spec, kind=ConflictKind.DELETE_EDIT, instance=instance, object_id=object_id, fields=edited
        )
        return
    spec.delete(op.user, instance)
    op.status = OpStatus.APPLIED


def _apply(op: Operation, device: Device) -> None:
    """Apply one stored operation in a savepoint of its own; a refusal rolls back only this operation."""
    spec = SPECS.get(op.model)
    try:
        with transaction.atomic():
            if spec is None:
                raise Refused(_("This kind of record does not travel to the field."))
            if op.kind == OpKind.CREATE:
                _apply_create(op, spec, device)
            elif op.kind == OpKind.UPDATE:
                _apply_update(op, spec)
            else:
                _apply_delete(op, spec)
    except Refused as exc:
        op.status, op.reason = OpStatus.REFUSED, exc.reason
    except (ValidationError, PermissionDenied) as exc:
        op.status, op.reason = OpStatus.REFUSED, _reason_of(exc)
    except DatabaseError:
        op.status, op.reason = OpStatus.REFUSED, _("The server could not store this change.")
    if op.status == OpStatus.WAITING:  # pragma: no cover - every branch above sets the outcome
        op.status = OpStatus.REFUSED
    op.region_code = op.region_code or _first_region(op.user)
    op.done_at = timezone.now()
    op.save()


def _drain(device: Device) -> None:
    """Apply the device's waiting operations from ``next_seq`` on while there is no gap."""
    while True:
        op = Operation.objects.filter(device=device, seq=device.next_seq, status=OpStatus.WAITING).first()
        if op is None:
            return
        _apply(op, device)
        device.next_seq += 1
        device.save(update_fields=["next_seq"])


def _count(batch: SyncBatch, status: str) -> None:
    field = {
        OpStatus.APPLIED: "applied",
        OpStatus.REFUSED: "refused",
        OpStatus.CONFLICT: "conflicts",
        OpStatus.WAITING: "waiting",
    }[OpStatus(status)]
    setattr(batch, field, getattr(batch, field) + 1)


@transaction.atomic
def operations_receive(*, actor: User, device_id: str, ops: Sequence[OpIn]) -> tuple[SyncBatch, list[Operation]]:
    """Store, apply and answer a device's batch; the answer has one stored operation per operation sent."""
    now = timezone.now()
    device, _new = Device.objects.select_for_update().get_or_create(uuid=device_id, defaults={"user": actor})
    device.user, device.last_seen = actor, now
    device.save(update_fields=["user", "last_seen"])
    batch = SyncBatch.objects.create(device=device, user=actor, region_code=_first_region(actor), sent=len(ops))
    fresh: list[Operation] = []
    answers: dict[int, Operation] = {}
    for item in sorted(ops, key=lambda o: o.seq):
        old = Operation.objects.filter(device=device, seq=item.seq).first()
        if old is None:
            old = Operation.objects.filter(op_id=item.op_id).first()
        if old is not None:
            batch.repeated += 1
            answers[item.seq] = old
            continue
        op = Operation.objects.create(
            device=device,
            seq=item.seq,
            op_id=item.op_id,
            batch=batch,
            user=actor,
            kind=item.kind,
            model=item.model,
            record=item.record,
            base=dict(item.base),
            changes=dict(item.changes),
            made_at=item.made_at,
            status=OpStatus.WAITING,
            region_code=_first_region(actor),
        )
        fresh.append(op)
        answers[item.seq] = op
    for op in fresh:
        if op.seq < device.next_seq:
            _apply(op, device)  # late, after its window let later ones through: applied on arrival
    _drain(device)
    _release_expired(device, now=now)
    for op in fresh:
        op.refresh_from_db()
        _count(batch, op.status)
    batch.save()
    return batch, [answers[item.seq] for item in ops]


def _release_expired(device: Device, *, now: dt.datetime) -> None:
    """Operations that waited longer than the office's window are applied without the missing earlier ones."""
    while True:
        oldest = Operation.objects.filter(device=device, status=OpStatus.WAITING).order_by("seq").first()
        if oldest is None:
            return
        days = office_settings_for(oldest.region_code or None).field_wait_days
        if oldest.received_at > now - dt.timedelta(days=days):
            return
        device.next_seq = oldest.seq
        device.save(update_fields=["next_seq"])
        _drain(device)


@transaction.atomic
def waiting_release_expired(*, now: dt.datetime | None = None) -> int:
    """For every device: apply what has waited past its office's window (run daily). How many devices moved."""
    moved = 0
    now = now or timezone.now()
    for device_pk in Operation.objects.filter(status=OpStatus.WAITING).values_list("device", flat=True).distinct():
        device = Device.objects.select_for_update().get(pk=device_pk)
        before = device.next_seq
        _release_expired(device, now=now)
        moved += int(device.next_seq != before)
    return moved
