"""Merging two records that are one person or one business, and undoing such a merge.

A merge re-points every row that refers to the duplicate (found from the models themselves, so a
relation added later by another app is carried along), fills the survivor's blank fields from the
duplicate, and deletes the duplicate. Where the survivor already has a row that a unique constraint
would clash with (the same year's figures, the same association), the survivor's row is kept and the
duplicate's is removed. All of it is written down in a ``Merge`` so that ``merge_undo`` can put back
exactly what was there, and every changed record gets its change-log row.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core.changelog import record_deleted, record_saved, save_logged, snapshot
from sinergi.core.models import ChangeSource
from sinergi.registry.models import Business, ExternalRefAlias, Merge, MergeKind, Person
from sinergi.registry.services._base import require_business_write
from sinergi.registry.services.businesses import _refresh_business

_MODELS: dict[str, type[Person] | type[Business]] = {MergeKind.PERSON: Person, MergeKind.BUSINESS: Business}
# Never copied from the duplicate: identity and import bookkeeping of the survivor.
_NOT_FILLED = frozenset({"id", "external_ref"})


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def _references(model: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
    """Every foreign key in the project that points at ``model``."""
    found = []
    for m in apps.get_models():
        for f in m._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model is model:
                found.append(f)
    return found


def _clash_keys(field: models.ForeignKey[Any, Any]) -> list[list[str]]:
    """The other columns of each unique constraint that includes ``field``: rows clash when they agree."""
    meta = field.model._meta
    keys = []
    for constraint in meta.total_unique_constraints:
        names = list(constraint.fields)
        if field.name in names:
            keys.append([n for n in names if n != field.name])
    if field.one_to_one:
        keys.append([])
    return keys


def _restore(model: type[models.Model], data: dict[str, Any]) -> models.Model:
    """A model instance from a snapshot (JSON values turned back into Python ones); not saved."""
    values = {}
    for f in model._meta.concrete_fields:
        if f.attname in data:
            raw = data[f.attname]
            values[f.attname] = f.to_python(raw) if raw is not None and not f.is_relation else raw
    return model(**values)


def _blank(value: Any) -> bool:
    return value is None or value == ""


@transaction.atomic
def records_merge(
    *, actor: User, kind: str, survivor_id: int, duplicate_id: int, source: str = ChangeSource.WEB
) -> Merge:
    """Fold the duplicate into the survivor; returns the Merge that can undo it."""
    model = _MODELS[kind]
    if survivor_id == duplicate_id:
        raise ValidationError(_("A record cannot be merged with itself."))
    rows = {r.pk: r for r in model.objects.select_for_update().filter(pk__in=[survivor_id, duplicate_id])}
    if len(rows) != 2:
        raise ValidationError(_("One of the two records no longer exists (perhaps merged already)."))
    survivor, duplicate = rows[survivor_id], rows[duplicate_id]
    for record in (survivor, duplicate):
        _require_write(actor, record)
    merged_snapshot = snapshot(duplicate)
    survivor_before = snapshot(survivor)
    moved: list[dict[str, Any]] = []
    removed: list[dict[str, Any]] = []
    for fk in _references(model):
        related = fk.model
        mine = related._default_manager.filter(**{fk.attname: duplicate.pk})
        clashing: list[int] = []
        for key in _clash_keys(fk):
            theirs = related._default_manager.filter(**{fk.attname: survivor.pk})
            taken = set(theirs.values_list(*key)) if key else ({()} if theirs.exists() else set())
            clashing += [row["pk"] for row in mine.values("pk", *key) if tuple(row[k] for k in key) in taken]
        if clashing:
            gone = list(related._default_manager.filter(pk__in=clashing))
            removed.append({"model": _label(related), "rows": [snapshot(r) for r in gone]})
            for r in gone:
                record_deleted(actor=actor, instance=r, source=source)
            related._default_manager.filter(pk__in=clashing).delete()
        ids = list(mine.values_list("pk", flat=True))
        if ids:
            moved.append({"model": _label(related), "field": fk.attname, "ids": ids})
            for r in related._default_manager.filter(pk__in=ids):
                before = snapshot(r)
                setattr(r, fk.attname, survivor.pk)
                record_saved(actor=actor, instance=r, before=before, source=source)
            related._default_manager.filter(pk__in=ids).update(**{fk.attname: survivor.pk})
    record_deleted(actor=actor, instance=duplicate, source=source, before=merged_snapshot)
    duplicate_ref = getattr(duplicate, "external_ref", None)
    duplicate.delete()
    for f in model._meta.concrete_fields:
        if f.editable and f.attname not in _NOT_FILLED and _blank(getattr(survivor, f.attname)):
            value = getattr(duplicate, f.attname)
            if not _blank(value):
                setattr(survivor, f.attname, value)
    if isinstance(survivor, Business) and duplicate_ref and not survivor.external_ref:
        survivor.external_ref = duplicate_ref
        duplicate_ref = None
    save_logged(actor=actor, instance=survivor, before=survivor_before, source=source)
    merge = Merge.objects.create(
        kind=kind,
        survivor_id=survivor.pk,
        merged_id=duplicate_id,
        region_code=survivor.desa_id,
        merged=merged_snapshot,
        survivor_before=survivor_before,
        moved=moved,
        removed=removed,
        created_by=actor,
    )
    record_saved(actor=actor, instance=merge, before=None, source=source)
    if isinstance(survivor, Business):
        if duplicate_ref:
            ExternalRefAlias.objects.create(ref=duplicate_ref, business=survivor, merge=merge)
        _refresh_business(business=survivor)
    return merge


def _require_write(actor: User, record: Person | Business) -> None:
    if isinstance(record, Business):
        require_business_write(actor, record)
    else:
        from sinergi.accounts.access import require_region_write

        require_region_write(actor, record.desa_id)


@transaction.atomic
def merge_undo(*, actor: User, merge: Merge, source: str = ChangeSource.WEB) -> None:
    """Put back the merged record, its rows and the survivor's fields as they were before the merge."""
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    model = _MODELS[merge.kind]
    survivor = model.objects.select_for_update().filter(pk=merge.survivor_id).first()
    if survivor is None:
        raise ValidationError(_("The kept record has since been deleted or merged; this merge cannot be undone."))
    _require_write(actor, survivor)
    restored = _restore(model, merge.merged)
    _require_write(actor, restored)  # type: ignore[arg-type]
    before = snapshot(survivor)
    back = _restore(model, merge.survivor_before)
    for f in model._meta.concrete_fields:
        if f.editable and not f.primary_key:
            setattr(survivor, f.attname, getattr(back, f.attname))
    ExternalRefAlias.objects.filter(merge=merge).delete()
    # The survivor gives back what it took (a NIK, an import key) before the merged record returns with it.
    save_logged(actor=actor, instance=survivor, before=before, source=source)
    restored.save(force_insert=True)
    record_saved(actor=actor, instance=restored, before=None, source=source)
    for item in merge.moved:
        related = apps.get_model(item["model"])
        rows = related._default_manager.filter(pk__in=item["ids"], **{item["field"]: survivor.pk})
        for r in rows:
            before_row = snapshot(r)
            setattr(r, item["field"], restored.pk)
            record_saved(actor=actor, instance=r, before=before_row, source=source)
        rows.update(**{item["field"]: restored.pk})
    for item in merge.removed:
        related = apps.get_model(item["model"])
        for data in item["rows"]:
            row = _restore(related, data)
            row.save(force_insert=True)
            record_saved(actor=actor, instance=row, before=None, source=source)
    before_merge = snapshot(merge)
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.save(update_fields=["undone_at", "undone_by"])
    record_saved(actor=actor, instance=merge, before=before_merge, source=source)
    if isinstance(survivor, Business) and isinstance(restored, Business):
        _refresh_business(business=survivor)
        _refresh_business(business=restored)
