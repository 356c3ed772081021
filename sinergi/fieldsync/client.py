"""The laptop's side of a sync: the first copy (``checkout``), then ``sync``: send the outbox, receive the
server's changes. Each step commits with its own progress, so a dropped link resumes where it stopped: an
acknowledged operation is never sent again, a chunk already copied is never fetched again."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from http.client import HTTPException
from typing import Any
from urllib.parse import urlencode

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core.changelog import record_change, snapshot
from sinergi.core.models import ChangeAction, ChangeSource
from sinergi.fieldsync import keys
from sinergi.fieldsync.models import Checkout, OpStatus, OutboxOp, RecordKey, SyncRun
from sinergi.fieldsync.outbox import pulling
from sinergi.fieldsync.specs import ORDER, SPECS, Spec, to_python
from sinergi.regions.models import Region
from sinergi.registry.models import Cluster

Progress = Callable[[str], None]


class SyncError(Exception):
    """The server could not be reached or refused the whole call; the message is for the officer."""


class Server:
    """JSON over HTTP with the checkout's token. Counts the bytes sent and received (the benchmark reads them)."""

    def __init__(self, url: str, token: str, *, timeout: float = 120) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.sent_bytes = 0
        self.received_bytes = 0

    def call(self, method: str, path: str, *, query: Mapping[str, Any] | None = None, body: Any = None) -> Any:
        url = f"{self.url}/api/v1{path}" + (f"?{urlencode(query)}" if query else "")
        data = json.dumps(body, separators=(",", ":")).encode() if body is not None else None
        if not url.startswith(("http://", "https://")):
            raise SyncError(_("The server address must start with http:// or https://."))
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - checked just above
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
            self.sent_bytes += len(data)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - the office's URL
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            raise SyncError(
                _("The server answered %(status)s: %(detail)s") % {"status": exc.code, "detail": detail}
            ) from exc
        except (urllib.error.URLError, HTTPException, OSError) as exc:
            raise SyncError(
                _("The connection to the server was lost (%(error)s). Run the sync again.") % {"error": exc}
            ) from exc
        self.received_bytes += len(raw)
        return json.loads(raw)


def _server(checkout: Checkout) -> Server:
    return Server(checkout.server, checkout.token)


# --- writing what the server sends ------------------------------------------------------------------------------


def _local_values(spec: Spec, fields: Mapping[str, Any], refs: Mapping[str, dict[str, str]]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in spec.wire_fields:
        if name not in fields:
            continue
        value = fields[name]
        if name in spec.refs:
            found = refs[spec.refs[name]].get(str(value)) if value else None
            values[name] = int(found) if found else None
        else:
            values[name] = to_python(spec, name, value)
    return values


def apply_records(records: Iterable[Mapping[str, Any]], *, notes: list[str]) -> int:
    """Write the server's records here as they are there (inside ``pulling``: they go to no outbox)."""
    by_model: dict[str, list[Mapping[str, Any]]] = {}
    for record in records:
        by_model.setdefault(str(record["model"]), []).append(record)
    written = 0
    for key in ORDER:
        rows = by_model.get(key, [])
        if not rows:
            continue
        spec = SPECS[key]
        own = keys.object_ids_for(key, [r["uuid"] for r in rows])
        refs = {
            target: keys.object_ids_for(target, [r["fields"].get(name) for r in rows])
            for name, target in spec.refs.items()
        }
        existing = spec.model._default_manager.in_bulk([int(i) for i in own.values()])
        for row in rows:
            uuid = str(row["uuid"])
            values = _local_values(spec, row["fields"], refs)
            instance = existing.get(int(own[uuid])) if uuid in own else None
            try:
                with transaction.atomic():
                    if instance is None:
                        instance = spec.model(**values)
                        instance.save()
                        if uuid in own:  # known before, gone here since: the same key, a new local record
                            RecordKey.objects.filter(uuid=uuid).update(object_id=str(instance.pk))
                        else:
                            keys.bind(model=key, record=uuid, object_id=instance.pk)
                        before = None
                    else:
                        before = snapshot(instance)
                        for name, value in values.items():
                            setattr(instance, name, value)
                        instance.save()
                    record_change(
                        actor=None,
                        instance=instance,
                        action=ChangeAction.CREATE if before is None else ChangeAction.UPDATE,
                        before=before,
                        after=snapshot(instance),
                        source=ChangeSource.COMMAND,
                    )
                written += 1
            except (IntegrityError, DatabaseError) as exc:
                notes.append(
                    _("Not written here: %(what)s %(name)s (%(error)s).")
                    % {"what": spec.label(), "name": row["fields"].get("name") or uuid, "error": exc}
                )
    return written


def remove_records(tombstones: Iterable[Mapping[str, Any]], *, notes: list[str]) -> int:
    """Remove what was deleted on the server or left the officer's regions, with a note of each."""
    removed = 0
    for stone in tombstones:
        spec = SPECS[str(stone["model"])]
        found = keys.object_ids_for(spec.key, [stone["uuid"]])
        if not found:
            continue
        instance = spec.model._default_manager.filter(pk=found[str(stone["uuid"])]).first()
        if instance is None:
            continue
        label = str(instance)
        try:
            with transaction.atomic():
                record_change(
                    actor=None,
                    instance=instance,
                    action=ChangeAction.DELETE,
                    before=snapshot(instance),
                    after=None,
                    source=ChangeSource.COMMAND,
                )
                instance.delete()
        except ProtectedError:
            notes.append(_("Kept: %(what)s %(name)s, still referred to here.") % {"what": spec.label(), "name": label})
            continue
        reason = _("deleted on the server") if stone.get("deleted") else _("no longer in your regions")
        notes.append(_("Removed: %(what)s %(name)s (%(why)s).") % {"what": spec.label(), "name": label, "why": reason})
        removed += 1
    return removed


# --- checkout ---------------------------------------------------------------------------------------------------


def _reference(server: Server, checkout: Checkout) -> None:
    data = server.call("GET", "/field/reference", query={"region": checkout.region_code})
    with transaction.atomic(), pulling():
        for row in data["region_data"]:
            values = dict(row)
            Region.objects.update_or_create(code=values.pop("code"), defaults=values)
        for row in data["clusters"]:
            values = dict(row)
            Cluster.objects.update_or_create(id=values.pop("id"), defaults=values)
        user, created = User.objects.get_or_create(username=data["username"], defaults={"role": data["role"]})
        if created:
            user.set_unusable_password()
        user.role = data["role"]
        user.save()
        user.regions.set(Region.objects.filter(code__in=data["regions"]))
        checkout.username = user.username
        checkout.save(update_fields=["username"])


def checkout(*, server_url: str, token: str, region: str, chunk: int = 500, progress: Progress = print) -> Checkout:
    """Copy the region's reference data and the token user's records of it here, chunk by chunk; run again after
    a dropped link to continue from the last chunk stored."""
    current = Checkout.objects.first()
    if current is not None and (current.server != server_url or current.region_code != region):
        if OutboxOp.objects.filter(status__in=(OpStatus.PENDING, OpStatus.WAITING)).exists():
            raise SyncError(
                _("This laptop holds changes not yet sent to %(server)s: sync them first.") % {"server": current.server}
            )
        current.delete()
        current = None
    if current is None:
        current = Checkout.objects.create(server=server_url, token=token, region_code=region, username="")
    elif current.token != token:
        current.token = token
        current.save(update_fields=["token"])
    server = Server(server_url, token)
    _reference(server, current)
    progress(_("Reference data copied."))
    for key in ORDER:
        after = current.progress.get(key, 0)
        while after is not None:
            page = server.call("GET", "/field/checkout", query={"model": key, "after": after, "limit": chunk})
            notes: list[str] = []
            with transaction.atomic(), pulling():
                written = apply_records(page["records"], notes=notes)
                if current.cursor is None:
                    current.cursor = page["cursor"]
                after = page["next"]
                current.progress = {**current.progress, key: after}
                current.save(update_fields=["cursor", "progress"])
            for note in notes:
                progress(note)
            progress(_("%(what)s: %(n)d copied.") % {"what": SPECS[key].label(), "n": written})
    current.finished_at = timezone.now()
    current.save(update_fields=["finished_at"])
    progress(_("Checkout finished."))
    return current


# --- sync -------------------------------------------------------------------------------------------------------


def _op_out(op: OutboxOp) -> dict[str, Any]:
    return {
        "seq": op.seq,
        "op_id": str(op.op_id),
        "kind": op.kind,
        "model": op.model,
        "record": str(op.record),
        "base": op.base,
        "changes": op.changes,
        "made_at": op.made_at.isoformat(),
    }


COUNTED = {OpStatus.APPLIED: "applied", OpStatus.REFUSED: "refused", OpStatus.CONFLICT: "conflicts"}


def push(server: Server, checkout: Checkout, run: SyncRun, *, batch: int, progress: Progress) -> None:
    after = 0  # operations still waiting on the server are asked about again once per sync, not in a loop
    while True:
        ops = list(
            OutboxOp.objects.filter(status__in=(OpStatus.PENDING, OpStatus.WAITING), seq__gt=after).order_by("seq")[
                :batch
            ]
        )
        if not ops:
            return
        answer = server.call(
            "POST",
            "/field/operations",
            body={"device_id": str(checkout.device), "operations": [_op_out(o) for o in ops]},
        )
        acks = {int(a["seq"]): a for a in answer["acks"]}
        now = timezone.now()
        with transaction.atomic():
            for op in ops:
                ack = acks.get(op.seq)
                if ack is None:
                    continue
                op.status, op.reason, op.acked_at, op.run = ack["status"], ack["reason"], now, run
                op.save(update_fields=["status", "reason", "acked_at", "run"])
                counter = COUNTED.get(OpStatus(op.status), "waiting")
                setattr(run, counter, getattr(run, counter) + 1)
            run.sent += len(ops)
            run.save()
        after = ops[-1].seq
        progress(
            _(
                "Sent %(sent)d: %(applied)d applied, %(refused)d refused, %(conflicts)d in conflict, "
                "%(waiting)d waiting."
            )
            % {
                "sent": run.sent,
                "applied": run.applied,
                "refused": run.refused,
                "conflicts": run.conflicts,
                "waiting": run.waiting,
            }
        )


def pull(server: Server, checkout: Checkout, run: SyncRun, *, batch: int, progress: Progress) -> None:
    more = True
    while more:
        page = server.call("GET", "/field/changes", query={"since": checkout.cursor or 0, "limit": batch})
        notes: list[str] = []
        with transaction.atomic(), pulling():
            run.received += apply_records(page["records"], notes=notes)
            run.removed += remove_records(page["tombstones"], notes=notes)
            run.notes = [*run.notes, *notes]
            run.save()
            checkout.cursor = page["next"]
            checkout.save(update_fields=["cursor"])
        for note in notes:
            progress(note)
        more = bool(page["more"])
        progress(_("Received %(n)d, removed %(r)d.") % {"n": run.received, "r": run.removed})


def sync(*, batch: int = 200, progress: Progress = print, server: Server | None = None) -> SyncRun:
    """Send the outbox, then receive the server's changes since the last sync."""
    current = Checkout.objects.first()
    if current is None or current.finished_at is None:
        raise SyncError(_("This laptop has no finished checkout: run field_checkout first."))
    server = server or _server(current)
    run = SyncRun.objects.create()
    try:
        push(server, current, run, batch=batch, progress=progress)
        pull(server, current, run, batch=batch * 5, progress=progress)
    except SyncError as exc:
        run.error = str(exc)
        run.finished_at = timezone.now()
        run.save(update_fields=["error", "finished_at"])
        raise
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    current.synced_at = run.finished_at
    current.save(update_fields=["synced_at"])
    return run
