"""Snapshots and change-log rows, for services to call inside their transaction."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile

from sinergi.core.fastwrite import insert_values
from sinergi.core.models import ChangeAction, ChangeLog, ChangeSource

Snapshot = dict[str, Any]


@functools.cache
def _logged_fields(model: type[models.Model]) -> tuple[models.Field[Any, Any], ...]:
    """The fields a snapshot holds. Non-editable columns (timestamps, derived search text) are left out:
    they are not what a person changed."""
    return tuple(f for f in model._meta.concrete_fields if f.editable or f.primary_key)


def _json_ready(value: Any) -> Any:
    """``value`` as a JSON round trip through DjangoJSONEncoder gives it back; the common types directly."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool:
        return value
    if kind is Decimal:
        return str(value)  # what DjangoJSONEncoder writes
    if kind is date:
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name  # a stored file is logged by its path in storage
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(instance: models.Model) -> Snapshot:
    """The instance's stored fields as JSON-ready values (foreign keys by their key, money as text)."""
    return {f.attname: _json_ready(f.value_from_object(instance)) for f in _logged_fields(type(instance))}


def snapshot_values(model: type[models.Model], values: Mapping[str, Any]) -> Snapshot:
    """What snapshot() gives for an instance of ``model`` holding ``values`` (by attname, the pk included);
    a field not named holds its default, as fastwrite.insert_values stores it.

    Lets a batch writer log the records it inserts as plain values without building an instance of each."""
    return {
        f.attname: _json_ready(values[f.attname] if f.attname in values else f.get_default())
        for f in _logged_fields(model)
    }


def _changed_only(before: Snapshot, after: Snapshot) -> tuple[Snapshot, Snapshot] | None:
    """The fields that differ, before and after, in a stable order; None when none do."""
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    if not changed:
        return None
    return {k: before.get(k) for k in sorted(changed)}, {k: after.get(k) for k in sorted(changed)}


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
        changed = _changed_only(before, after)
        if changed is None:
            return None
        before, after = changed
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


def record_saved(
    *, actor: Any, instance: models.Model, before: Snapshot | None, source: str = ChangeSource.WEB
) -> ChangeLog | None:
    """The row for a record just written: created when there is no ``before``, else updated; its ``after`` is
    the record as it is now."""
    action = ChangeAction.CREATE if before is None else ChangeAction.UPDATE
    return record_change(
        actor=actor, instance=instance, action=action, before=before, after=snapshot(instance), source=source
    )


def record_deleted(
    *, actor: Any, instance: models.Model, source: str = ChangeSource.WEB, before: Snapshot | None = None
) -> ChangeLog | None:
    """The row for a record about to be deleted, ``before`` it as it is now unless given."""
    return record_change(
        actor=actor,
        instance=instance,
        action=ChangeAction.DELETE,
        before=snapshot(instance) if before is None else before,
        after=None,
        source=source,
    )


def save_logged(
    *,
    actor: Any,
    instance: models.Model,
    before: Snapshot | None,
    source: str = ChangeSource.WEB,
    validate: bool = False,
    exclude: Sequence[str] = (),
) -> None:
    """Save the record and write its row (see record_saved). The caller validates first; ``validate`` adds the
    model's own field checks (lengths, choices) before the save, leaving out ``exclude`` (derived fields). Unique
    fields and constraints are the service's to check, with a message that names the clash."""
    if validate:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    instance.save()
    record_saved(actor=actor, instance=instance, before=before, source=source)


def delete_logged(*, actor: Any, instance: models.Model, source: str = ChangeSource.WEB) -> None:
    """Log the record as it was, then delete it."""
    record_deleted(actor=actor, instance=instance, source=source)
    instance.delete()


class ChangeRows:
    """The change-log rows of one batch writer, kept as plain values and inserted in one go (``save``).

    Same rows as build_change would give, one per record created or changed, in the order they were
    added; all of one ``save`` share its time. Content types are looked up once per model."""

    columns = (
        "actor_id",
        "source",
        "action",
        "content_type_id",
        "object_id",
        "object_repr",
        "before",
        "after",
        "job_id",
    )

    def __init__(self, *, actor: Any, source: str, job: Any = None) -> None:
        self.actor_id = actor.pk if getattr(actor, "pk", None) else None
        self.source = str(source)
        self.job_id = job.pk if job is not None else None
        self.rows: list[tuple[Any, ...]] = []
        self._content_types: dict[type[models.Model], int] = {}

    def _content_type_id(self, model: type[models.Model]) -> int:
        if model not in self._content_types:
            self._content_types[model] = ContentType.objects.get_for_model(model, for_concrete_model=True).pk
        return self._content_types[model]

    def created(self, *, model: type[models.Model], pk: Any, label: str, after: Snapshot) -> None:
        """A record inserted with the values ``after`` (see snapshot_values); ``label`` is its str()."""
        self.rows.append(
            (
                self.actor_id,
                self.source,
                ChangeAction.CREATE.value,
                self._content_type_id(model),
                str(pk),
                label[:255],
                None,
                after,
                self.job_id,
            )
        )

    def changed(self, *, instance: models.Model, before: Snapshot) -> bool:
        """An update of ``instance`` since ``before`` (only the fields that changed); False, and no row, if none did."""
        changed = _changed_only(before, snapshot(instance))
        if changed is None:
            return False
        self.rows.append(
            (
                self.actor_id,
                self.source,
                ChangeAction.UPDATE.value,
                self._content_type_id(type(instance)),
                str(instance.pk),
                str(instance)[:255],
                *changed,
                self.job_id,
            )
        )
        return True

    def save(self) -> None:
        insert_values(ChangeLog, self.columns, self.rows)
        self.rows = []
