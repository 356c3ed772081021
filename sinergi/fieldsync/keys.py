"""The UUIDs records travel under (``RecordKey``), looked up and made many at a time."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sinergi.fieldsync.models import Device, RecordKey


def keys_for(model: str, object_ids: Iterable[object], *, make: bool = True) -> dict[str, str]:
    """object id → UUID for records of ``model``; a record without one gets one (``make``)."""
    ids = {str(i) for i in object_ids if i is not None}
    found = dict(RecordKey.objects.filter(model=model, object_id__in=ids).values_list("object_id", "uuid"))
    missing = ids - set(found)
    if missing and make:
        RecordKey.objects.bulk_create(
            [RecordKey(model=model, object_id=i, uuid=uuid.uuid4()) for i in sorted(missing)], ignore_conflicts=True
        )
        found.update(RecordKey.objects.filter(model=model, object_id__in=missing).values_list("object_id", "uuid"))
    return {k: str(v) for k, v in found.items()}


def key_for(model: str, object_id: object) -> str:
    return keys_for(model, [object_id])[str(object_id)]


def object_ids_for(model: str, uuids: Iterable[object]) -> dict[str, str]:
    """UUID → object id for the ``model`` records these UUIDs name (unknown UUIDs are left out)."""
    wanted = {str(u) for u in uuids if u}
    rows = RecordKey.objects.filter(model=model, uuid__in=wanted).values_list("uuid", "object_id")
    return {str(u): o for u, o in rows}


def bind(*, model: str, record: str, object_id: object, origin: Device | None = None) -> None:
    """Map a device's UUID to the record made for it here."""
    RecordKey.objects.create(model=model, uuid=str(record), object_id=str(object_id), origin=origin)
