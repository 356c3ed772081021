"""Snapshots and change-log rows, for services to call inside their transaction."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile

from sinergi.core.models import ChangeAction, ChangeLog, ChangeSource

Snapshot = dict[str, Any]


def snapshot(instance: models.Model) -> Snapshot:
    """The instance's stored fields as JSON-ready values (foreign keys by their key, money as text).

    Non-editable columns (timestamps, derived search text) are left out: they are not what a person changed."""
    data = {
        f.attname: f.value_from_object(instance) for f in instance._meta.concrete_fields if f.editable or f.primary_key
    }
    for key, value in data.items():
        if isinstance(value, FieldFile):
            data[key] = value.name  # a stored file is logged by its path in storage
    result: Snapshot = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return result


def build_change(
    *,
    actor: Any,
    instance: models.Model,
    action: str,
    before: Snapshot | None,
    after: Snapshot | None,
    source: str = ChangeSource.WEB,
    job: Any = None,
) -> ChangeLog | None:
    """The change-log row for one change, unsaved (bulk writers save many at once); for an update only the
    fields that changed are kept. No change, no row."""
    if action == ChangeAction.UPDATE and before is not None and after is not None:
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        if not changed:
            return None
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after.get(k) for k in sorted(changed)}
    return ChangeLog(
        actor=actor if getattr(actor, "pk", None) else None,
        source=source,
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        before=before,
        after=after,
        job=job,
    )


def record_change(
    *,
    actor: Any,
    instance: models.Model,
    action: str,
    before: Snapshot | None,
    after: Snapshot | None,
    source: str = ChangeSource.WEB,
) -> ChangeLog | None:
    """Write one change-log row (see build_change)."""
    row = build_change(actor=actor, instance=instance, action=action, before=before, after=after, source=source)
    if row is not None:
        row.save()
    return row
