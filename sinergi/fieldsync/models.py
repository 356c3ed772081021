"""Offline field work: devices, the operations they send, conflicts for a person to decide (server side), and the
checkout, outbox and sync runs of a laptop (laptop side). Both sides run the same code; a database holds the
laptop-side rows only once ``field_checkout`` has run on it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OpKind(models.TextChoices):
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")


class OpStatus(models.TextChoices):
    PENDING = "pending", _("waiting to send")
    WAITING = "waiting", _("waiting for earlier operations")
    APPLIED = "applied", _("applied")
    REFUSED = "refused", _("refused")
    CONFLICT = "conflict", _("in conflict")


class RecordKey(models.Model):
    """The UUID a record travels under between the server and devices, mapped to its key in this database.

    A record created on a device keeps the device's UUID; ``origin`` names the device it came from (the
    per-device mapping of client keys to server keys). A server record gets a UUID the first time it is sent."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4)
    model = models.CharField(max_length=20)
    object_id = models.CharField(max_length=64)
    origin = models.ForeignKey("Device", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("record key")
        verbose_name_plural = _("record keys")
        constraints = [models.UniqueConstraint(fields=["model", "object_id"], name="fieldsync_recordkey_object")]

    def __str__(self) -> str:
        return f"{self.model}:{self.object_id}"


class Device(models.Model):
    """A laptop or phone that sends operations. ``next_seq`` is the sequence number the server applies next;
    operations arriving ahead of it wait (``OpStatus.WAITING``)."""

    uuid = models.UUIDField(_("device"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last user"), on_delete=models.PROTECT, related_name="+"
    )
    next_seq = models.PositiveBigIntegerField(default=1)
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")

    def __str__(self) -> str:
        return str(self.uuid)[:8]


class SyncBatch(models.Model):
    """One batch of operations received from a device: the operation log of a sync, server side."""

    device = models.ForeignKey(Device, verbose_name=_("device"), on_delete=models.CASCADE, related_name="batches")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField(_("region"), max_length=13, blank=True, db_index=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    sent = models.PositiveIntegerField(_("sent"), default=0)
    repeated = models.PositiveIntegerField(_("already received"), default=0)
    applied = models.PositiveIntegerField(_("applied"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    conflicts = models.PositiveIntegerField(_("in conflict"), default=0)
    waiting = models.PositiveIntegerField(_("waiting"), default=0)

    class Meta:
        verbose_name = _("sync")
        verbose_name_plural = _("syncs")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.device} {self.received_at:%Y-%m-%d %H:%M}"


class Operation(models.Model):
    """One operation as the server received it. (device, seq) is unique: a re-sent operation is answered with
    what was done the first time, never applied twice."""

    device = models.ForeignKey(Device, verbose_name=_("device"), on_delete=models.CASCADE, related_name="operations")
    seq = models.PositiveBigIntegerField(_("number"))
    op_id = models.UUIDField(unique=True)
    batch = models.ForeignKey(SyncBatch, verbose_name=_("sync"), on_delete=models.CASCADE, related_name="operations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField(_("region"), max_length=13, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=8, choices=OpKind.choices)
    model = models.CharField(_("record type"), max_length=20)
    record = models.UUIDField(_("record"))
    base = models.JSONField(default=dict, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    made_at = models.DateTimeField(_("made on the device at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=OpStatus.choices, db_index=True)
    reason = models.TextField(_("reason"), blank=True)
    object_repr = models.CharField(_("record"), max_length=255, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        ordering = ["device", "seq"]
        constraints = [models.UniqueConstraint(fields=["device", "seq"], name="fieldsync_operation_device_seq")]

    def __str__(self) -> str:
        return f"{self.device} #{self.seq} {self.kind} {self.model}"


class ConflictKind(models.TextChoices):
    FIELDS = "fields", _("both sides changed the same fields")
    DELETE_EDIT = "delete_edit", _("deleted on the device, changed on the server")
    EDIT_DELETE = "edit_delete", _("changed on the device, deleted on the server")


class ConflictStatus(models.TextChoices):
    OPEN = "open", _("to decide")
    RESOLVED = "resolved", _("decided")


class Conflict(models.Model):
    """An operation that met a different change on the server. The record kept the server's values; both sides
    wait here (``fields``: {field: {"base", "server", "device"}}) for the region's officer to pick or merge."""

    operation = models.OneToOneField(Operation, on_delete=models.CASCADE, related_name="conflict")
    kind = models.CharField(_("kind"), max_length=12, choices=ConflictKind.choices)
    model = models.CharField(_("record type"), max_length=20)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("record"), max_length=255)
    region_code = models.CharField(_("region"), max_length=13, db_index=True)
    fields = models.JSONField(_("fields"), default=dict)
    server_actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed on the server by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    server_time = models.DateTimeField(_("changed on the server at"), null=True, blank=True)
    device_actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed on the device by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    device_time = models.DateTimeField(_("changed on the device at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ConflictStatus.choices, default=ConflictStatus.OPEN, db_index=True
    )
    resolution = models.JSONField(_("decision"), default=dict, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("found at"), default=timezone.now)

    class Meta:
        verbose_name = _("sync conflict")
        verbose_name_plural = _("sync conflicts")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.object_repr


# --- laptop side ----------------------------------------------------------------------------------------------


class Checkout(models.Model):
    """The one working slice this laptop holds: which server, whose token, which region; where the first copy
    stopped (``progress``: {model: last key copied}) and where the next pull starts (``cursor``)."""

    server = models.URLField(_("server"))
    token = models.CharField(max_length=200)
    region_code = models.CharField(_("region"), max_length=13)
    username = models.CharField(_("user"), max_length=150)
    device = models.UUIDField(_("device"), default=uuid.uuid4, unique=True)
    next_seq = models.PositiveBigIntegerField(default=1)
    cursor = models.BigIntegerField(null=True, blank=True)
    progress = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("copied at"), null=True, blank=True)
    synced_at = models.DateTimeField(_("last synced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("checkout")
        verbose_name_plural = _("checkouts")

    def __str__(self) -> str:
        return f"{self.server} {self.region_code}"


class SyncRun(models.Model):
    """One ``field_sync`` on the laptop: what it sent and what came back (the laptop's operation log)."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    sent = models.PositiveIntegerField(_("sent"), default=0)
    applied = models.PositiveIntegerField(_("applied"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    conflicts = models.PositiveIntegerField(_("in conflict"), default=0)
    waiting = models.PositiveIntegerField(_("waiting"), default=0)
    received = models.PositiveIntegerField(_("received"), default=0)
    removed = models.PositiveIntegerField(_("removed"), default=0)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("field sync")
        verbose_name_plural = _("field syncs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class OutboxOp(models.Model):
    """A change made on this laptop, waiting to be sent or answered. Never deleted by a sign-out, another user
    or a sync: an acknowledged one keeps its status (a refused one its reason) until someone acts on it."""

    seq = models.PositiveBigIntegerField(_("number"), unique=True)
    op_id = models.UUIDField(unique=True, default=uuid.uuid4)
    kind = models.CharField(_("kind"), max_length=8, choices=OpKind.choices)
    model = models.CharField(_("record type"), max_length=20)
    record = models.UUIDField(_("record"))
    object_repr = models.CharField(_("record"), max_length=255, blank=True)
    base = models.JSONField(default=dict, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    made_at = models.DateTimeField(_("made at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OpStatus.choices, default=OpStatus.PENDING, db_index=True
    )
    reason = models.TextField(_("reason"), blank=True)
    run = models.ForeignKey(
        SyncRun, verbose_name=_("sync"), null=True, blank=True, on_delete=models.SET_NULL, related_name="ops"
    )
    acked_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox operation")
        verbose_name_plural = _("outbox")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.model}"
