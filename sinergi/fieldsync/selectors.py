"""Reads of the field protocol (what a device pulls and checks out) and of the sync pages, all region-scoped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from sinergi.accounts.access import can_see_personal, region_q
from sinergi.accounts.models import User
from sinergi.core.models import ChangeAction, ChangeLog, Job
from sinergi.core.personal import PERSONAL_FIELDS, mask_value
from sinergi.core.tables import display
from sinergi.fieldsync import keys
from sinergi.fieldsync.models import (
    Checkout,
    Conflict,
    ConflictStatus,
    Operation,
    OpStatus,
    OutboxOp,
    SyncBatch,
    SyncRun,
)
from sinergi.fieldsync.specs import ORDER, SPECS, Spec, to_python, wire_values
from sinergi.regions.models import Region
from sinergi.registry.models import Cluster


def scoped(spec: Spec, user: User) -> QuerySet[Any]:
    """The records of ``spec`` the user works on: those of the user's regions."""
    return spec.model._default_manager.filter(region_q(user, spec.region_field.removesuffix("_id") + "__code"))


def records_out(spec: Spec, rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Records as they travel: {"model", "uuid", "fields"} with references as UUIDs (made on first send)."""
    rows = list(rows)
    own = keys.keys_for(spec.key, [r.pk for r in rows])
    ref_keys: dict[tuple[str, str], str] = {}
    for name, target in spec.refs.items():
        found = keys.keys_for(target, [getattr(r, name) for r in rows])
        ref_keys.update({(target, k): v for k, v in found.items()})
    return [
        {"model": spec.key, "uuid": own[str(r.pk)], "fields": wire_values(spec, r, spec.wire_fields, ref_keys)}
        for r in rows
    ]


def change_cursor() -> int:
    """Where a pull that starts now begins: the newest change-log row."""
    return int(ChangeLog.objects.aggregate(m=Max("id"))["m"] or 0)


def checkout_chunk(*, user: User, model: str, after: int, limit: int) -> tuple[list[dict[str, Any]], int | None]:
    """The user's records of ``model`` with a key above ``after``, in key order; and the key to continue from."""
    spec = SPECS[model]
    rows = list(scoped(spec, user).filter(pk__gt=after).order_by("pk")[:limit])
    return records_out(spec, rows), (rows[-1].pk if len(rows) == limit else None)


def reference_data(*, region_code: str) -> dict[str, Any]:
    """The region's reference data: the region, the ones above it and every one below it, and the clusters."""
    parts = region_code.split(".")
    above = [".".join(parts[: i + 1]) for i in range(len(parts))]
    regions = Region.objects.filter(Q(code__in=above) | Q(code__startswith=region_code + ".")).order_by("level", "code")
    return {
        "regions": list(
            regions.values(
                "code", "name", "level", "kind", "parent_id", "timezone", "postal_code", "bps_code", "source"
            )
        ),
        "clusters": list(Cluster.objects.order_by("pk").values("id", "slug", "name", "is_active")),
    }


def _horizon() -> dt.datetime:
    # A change written in a transaction that commits after a newer one would be skipped by a cursor that has
    # already passed it; a pull leaves out the last seconds, longer than any one service's transaction.
    return timezone.now() - dt.timedelta(seconds=settings.SINERGI_FIELD_PULL_HORIZON_SECONDS)


def changes_since(*, user: User, since: int, limit: int) -> dict[str, Any]:
    """The records changed after change-log row ``since``: each in-scope record once as it is now, and a tombstone
    for one deleted or moved out of the user's regions. ``next`` is the cursor to pass back; ``more`` whether to."""
    cts = {ContentType.objects.get_for_model(spec.model).pk: spec for spec in SPECS.values()}
    rows = list(
        ChangeLog.objects.filter(id__gt=since, content_type_id__in=cts, time__lt=_horizon())
        .order_by("id")
        .values_list("id", "content_type_id", "object_id", "action")[:limit]
    )
    touched: dict[str, dict[str, str]] = {key: {} for key in ORDER}
    for _id, ct, object_id, action in rows:
        touched[cts[ct].key][object_id] = action
    records: list[dict[str, Any]] = []
    tombstones: list[dict[str, Any]] = []
    for key in ORDER:
        ids = touched[key]
        if not ids:
            continue
        spec = SPECS[key]
        live = list(scoped(spec, user).filter(pk__in=[int(i) for i in ids]).order_by("pk"))
        records += records_out(spec, live)
        gone = set(ids) - {str(r.pk) for r in live}
        # Only records that ever travelled have a key; a tombstone names no more than that key.
        for object_id, uuid in sorted(keys.keys_for(key, gone, make=False).items()):
            tombstones.append({"model": key, "uuid": uuid, "deleted": ids[object_id] == ChangeAction.DELETE})
    last = rows[-1][0] if rows else since
    return {"records": records, "tombstones": tombstones, "next": last, "more": len(rows) == limit}


# --- the pages --------------------------------------------------------------------------------------------------


def batches_for(*, user: User) -> QuerySet[SyncBatch]:
    return SyncBatch.objects.filter(region_q(user, "region_code")).select_related("user", "device")


def batch_get(*, user: User, pk: int) -> SyncBatch:
    return batches_for(user=user).get(pk=pk)


def batch_operations(*, batch: SyncBatch) -> QuerySet[Operation]:
    return batch.operations.order_by("seq")


def conflicts_for(*, user: User, status: str | None = ConflictStatus.OPEN) -> QuerySet[Conflict]:
    qs = Conflict.objects.filter(region_q(user, "region_code")).select_related(
        "server_actor", "device_actor", "resolved_by", "operation"
    )
    return qs.filter(status=status) if status else qs


def conflict_get(*, user: User, pk: int) -> Conflict:
    return conflicts_for(user=user, status=None).get(pk=pk)


def waiting_for(*, user: User) -> QuerySet[Operation]:
    return (
        Operation.objects.filter(region_q(user, "region_code"), status=OpStatus.WAITING)
        .select_related("user", "device")
        .order_by("device", "seq")
    )


def outbox(*, status: str | None = None) -> QuerySet[OutboxOp]:
    """The laptop's outbox (the laptop is one office's copy: its outbox is the signed-in staff's to see)."""
    qs = OutboxOp.objects.select_related("actor", "run")
    return qs.filter(status=status) if status else qs


def sync_runs() -> QuerySet[SyncRun]:
    return SyncRun.objects.all()


def refused_for(*, user: User) -> QuerySet[Operation]:
    """The operations the server refused (quarantined, each alone), newest first, with their reasons."""
    return (
        Operation.objects.filter(region_q(user, "region_code"), status=OpStatus.REFUSED)
        .select_related("user", "device")
        .order_by("-received_at", "-id")
    )


def laptop_checkout() -> Checkout | None:
    return Checkout.objects.first()


def laptop_job() -> Job | None:
    """The laptop's newest checkout or sync job (the one its page shows)."""
    from sinergi.fieldsync.services import LAPTOP_JOBS

    return Job.objects.filter(kind__in=LAPTOP_JOBS).order_by("-created_at", "-id").first()


def outbox_counts() -> dict[str, int]:
    rows = OutboxOp.objects.values("status").annotate(n=Count("id")).values_list("status", "n")
    return {str(status): int(n) for status, n in rows}


def field_label(spec: Spec, name: str) -> str:
    try:
        field = spec.model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    text = str(getattr(field, "verbose_name", name))
    return text[:1].upper() + text[1:]


def wire_text(spec: Spec, name: str, value: Any, *, full_personal: bool) -> str:
    """A wire value as the office reads it: a reference by the record's name, a choice by its label, a date in
    the local format, personal data masked for a reader who may not see it."""
    if value is None or value == "":
        return "—"
    if spec.key == "person" and name in PERSONAL_FIELDS and not full_personal:
        return str(mask_value(name, value))
    if name in spec.refs:
        target = SPECS[spec.refs[name]]
        found = keys.object_ids_for(target.key, [value])
        record = target.model._default_manager.filter(pk=found.get(str(value), 0)).first() if found else None
        return str(record) if record is not None else str(value)[:8]
    try:
        field = spec.model._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))  # type: ignore[union-attr]
    if name.endswith("_id") and isinstance(value, str) and Region.objects.filter(pk=value).exists():
        return str(Region.objects.get(pk=value))
    try:
        parsed = to_python(spec, name, value)
    except ValidationError:
        return str(value)
    return display(parsed)


def conflict_rows(*, conflict: Conflict, user: User) -> list[dict[str, Any]]:
    """The fields in conflict, each with its label and the base, server and device values as shown."""
    spec = SPECS[conflict.model]
    full = can_see_personal(user, region_code=conflict.region_code)
    return [
        {
            "name": name,
            "label": field_label(spec, name),
            "base": wire_text(spec, name, parts.get("base"), full_personal=full),
            "server": wire_text(spec, name, parts.get("server"), full_personal=full),
            "device": wire_text(spec, name, parts.get("device"), full_personal=full),
            "is_ref": name in spec.refs,
        }
        for name, parts in conflict.fields.items()
    ]


def changed_labels(op: Operation | OutboxOp) -> str:
    """Which fields an operation changes, by their labels (never their values: they may be personal)."""
    spec = SPECS.get(op.model)
    if spec is None:
        return ""
    return ", ".join(field_label(spec, name) for name in op.changes)
