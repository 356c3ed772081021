"""The office's decision on a sync conflict: per field the server's value, the device's, or one typed in; for a
delete against an edit, keep or delete. The decision is applied through the record's service and logged."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import User
from sinergi.core.changelog import record_change, snapshot
from sinergi.core.models import ChangeAction, ChangeLog, ChangeSource
from sinergi.fieldsync.models import Conflict, ConflictKind, ConflictStatus, RecordKey
from sinergi.fieldsync.protocol import service_values
from sinergi.fieldsync.specs import SPECS

SERVER, DEVICE = "server", "device"


@transaction.atomic
def conflict_resolve(
    *,
    actor: User,
    conflict: Conflict,
    choices: Mapping[str, str],
    source: str = ChangeSource.WEB,
) -> Conflict:
    """``choices``: for a field conflict {field: "server" | "device"}; for a delete against an edit
    {"record": "server" | "device"} (the server's side: keep the record / restore it; the device's: delete it /
    leave it deleted)."""
    conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
    require_region_write(actor, conflict.region_code)
    if conflict.status != ConflictStatus.OPEN:
        raise ValidationError(_("This conflict has already been decided."))
    spec = SPECS[conflict.model]
    instance = spec.model._default_manager.filter(pk=conflict.object_id).first()
    before = snapshot(conflict)
    if conflict.kind == ConflictKind.FIELDS:
        missing = sorted(set(conflict.fields) - set(choices))
        if missing or any(v not in (SERVER, DEVICE) for v in choices.values()):
            raise ValidationError(_("Choose a value for every field."))
        chosen = {name: conflict.fields[name]["device"] for name, side in choices.items() if side == DEVICE}
        if chosen and instance is not None:
            spec.update(actor, instance, service_values(spec, chosen))
    else:
        side = choices.get("record")
        if side not in (SERVER, DEVICE):
            raise ValidationError(_("Choose what becomes of the record."))
        if conflict.kind == ConflictKind.DELETE_EDIT and side == DEVICE and instance is not None:
            if spec.delete is None:
                raise ValidationError(_("This record cannot be deleted here."))
            spec.delete(actor, instance)
        if conflict.kind == ConflictKind.EDIT_DELETE and side == SERVER:
            _restore(actor, conflict)
    conflict.status = ConflictStatus.RESOLVED
    conflict.resolution = dict(choices)
    conflict.resolved_by, conflict.resolved_at = actor, timezone.now()
    conflict.save()
    record_change(
        actor=actor,
        instance=conflict,
        action=ChangeAction.UPDATE,
        before=before,
        after=snapshot(conflict),
        source=source,
    )
    return conflict


def _restore(actor: User, conflict: Conflict) -> None:
    """Bring back a record deleted on the server, as it was, with the device's changes; same travelling key."""
    spec = SPECS[conflict.model]
    ct = ContentType.objects.get_for_model(spec.model)
    gone = (
        ChangeLog.objects.filter(content_type=ct, object_id=conflict.object_id, action=ChangeAction.DELETE)
        .order_by("-time", "-id")
        .first()
    )
    if gone is None or not gone.before:
        raise ValidationError(_("The deleted record's last values are not in the change log."))
    values = {k: v for k, v in gone.before.items() if k in spec.fields and k not in spec.refs}
    values.update({k: v for k, v in gone.before.items() if k in spec.refs})
    device = {name: parts["device"] for name, parts in conflict.fields.items()}
    parsed = service_values(spec, {k: v for k, v in device.items() if k in spec.fields})
    plain = service_values(spec, {k: v for k, v in values.items() if k not in spec.refs})
    restored = spec.create(actor, {**plain, **{k: values[k] for k in spec.refs if k in values}, **parsed})
    RecordKey.objects.filter(uuid=conflict.operation.record).update(object_id=str(restored.pk))
    conflict.object_id = str(restored.pk)


def conflict_choices_valid(conflict: Conflict) -> dict[str, Any]:
    """What the page offers: the fields in conflict, or the record as a whole."""
    return dict(conflict.fields) if conflict.kind == ConflictKind.FIELDS else {"record": None}
