"""Record linkage: the runs over a region's records, the pairs they found, and officers' verdicts on pairs.

The tables were created by the import app (``ingest``) and taken over by this app with their rows
(migrations 0001 and 0002 here, ``ingest`` 0002).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.ingest.models import ImportBatch
from sinergi.registry.models import Merge, MergeKind


class LinkageRun(models.Model):
    """One run of record linkage over a region's persons or businesses, reproducible from what it stores.

    ``model`` is the exact Splink model (settings with trained m/u values) and ``threshold`` the match
    probability used, so ``link_records(model=run.model, threshold=run.threshold)`` on the same records
    gives the same pairs.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=MergeKind.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    job = models.OneToOneField("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    model = models.JSONField(_("model"), default=dict, blank=True)
    threshold = models.FloatField(_("threshold"), null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    timings = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.region_id} #{self.pk}"


class CandidateStatus(models.TextChoices):
    OPEN = "open", _("to review")
    MERGED = "merged", _("merged")
    DISTINCT = "distinct", _("different")
    STALE = "stale", _("no longer applies")


class MatchCandidate(models.Model):
    """Two records the model takes for one, with its probability and the evidence per field, to review."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="candidates")
    kind = models.CharField(_("kind"), max_length=10, choices=MergeKind.choices)
    left_id = models.BigIntegerField()
    right_id = models.BigIntegerField()
    left_region = models.CharField(max_length=13)
    right_region = models.CharField(max_length=13)
    probability = models.FloatField(_("match probability"))
    weight = models.FloatField(_("match weight"))
    evidence = models.JSONField(_("evidence"))
    cluster = models.BigIntegerField(_("group"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.OPEN, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    merge = models.ForeignKey(Merge, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-probability", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "left_id", "right_id"], name="candidate_pair_once")]
        indexes = [models.Index(fields=["kind", "status", "-probability"], name="candidate_queue_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.left_id}~{self.right_id} ({self.probability:.3f})"


class PairDecision(models.Model):
    """An officer's verdict on a pair, remembered so the same pair is not put to anyone again."""

    class Verdict(models.TextChoices):
        SAME = "same", _("same")
        DISTINCT = "distinct", _("different")

    kind = models.CharField(_("kind"), max_length=10, choices=MergeKind.choices)
    left_id = models.BigIntegerField()
    right_id = models.BigIntegerField()
    verdict = models.CharField(_("decision"), max_length=10, choices=Verdict.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("pair decision")
        verbose_name_plural = _("pair decisions")
        constraints = [models.UniqueConstraint(fields=["kind", "left_id", "right_id"], name="pair_decision_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.left_id}~{self.right_id}: {self.verdict}"
