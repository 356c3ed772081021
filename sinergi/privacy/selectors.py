"""Reads of the personal-data app: the records that refer to a person (found through Django's app registry, so a
new app's link to Person is covered without listing it here), everything held about a person, the access log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from sinergi.accounts.access import managed_office_codes
from sinergi.accounts.models import User
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeLog
from sinergi.privacy.models import AccessRecord, CorrectionRequest, Erasure, RetentionPolicy
from sinergi.registry.models import AssociationMembership, Business, Person

# Kept on erasure unless an office says otherwise: aid applied for and received (audited by BPK and the
# inspectorate) and a cooperative's officers (its legal record of who governed it).
DEFAULT_KEPT = ("programs.application", "programs.enrollment", "cooperatives.cooperativeofficer")
# A business is the register's record, not the person's data: it stays, its owner becoming the pseudonym.
ALWAYS_KEPT = frozenset({"registry.business"})
# Handled by the erasure itself (its details are cleared, the request kept).
HANDLED = frozenset({"privacy.correctionrequest"})


@dataclass(frozen=True, slots=True)
class Relation:
    """A foreign key to Person on another model."""

    model: type[models.Model]
    field: str
    attname: str
    nullable: bool

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def always_kept(self) -> bool:
        return self.label in ALWAYS_KEPT

    def rows(self, person: Person) -> QuerySet[Any]:
        return self.model._default_manager.filter(**{self.field: person})


def person_relations() -> list[Relation]:
    """Every foreign key to Person in the installed apps, in a stable order."""
    found = []
    # include_hidden: most links to Person have no reverse accessor (related_name="+").
    for rel in Person._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and isinstance(rel, models.ForeignObjectRel)):
            continue
        field = rel.field
        if not (rel.one_to_many or rel.one_to_one) or not isinstance(field, models.ForeignKey):
            continue
        model = rel.related_model
        if not isinstance(model, type) or model._meta.label_lower in HANDLED:
            continue
        found.append(Relation(model=model, field=field.name, attname=field.attname, nullable=bool(field.null)))
    return sorted(found, key=lambda r: (r.label, r.field))


def default_kept() -> tuple[str, ...]:
    return tuple(getattr(settings, "SINERGI_PRIVACY_KEPT", DEFAULT_KEPT))


def office_policy(*, region_code: str) -> RetentionPolicy | None:
    """The retention policy governing a village: its kabupaten/kota office's, else its province's."""
    parts = region_code.split(".")
    codes = [".".join(parts[:2]), parts[0]]
    policies = {p.region_id: p for p in RetentionPolicy.objects.filter(region_id__in=codes)}
    return next((policies[c] for c in codes if c in policies), None)


def kept_labels_for(*, region_code: str) -> list[str]:
    policy = office_policy(region_code=region_code)
    return list(policy.kept) if policy is not None else list(default_kept())


# --- everything about a person ------------------------------------------------------------------------------


def _changes(rows: QuerySet[ChangeLog]) -> list[dict[str, Any]]:
    return [
        {
            "time": r.time.isoformat(),
            "record": r.content_type.model,
            "record_id": r.object_id,
            "action": r.action,
            "source": r.source,
            "by": r.actor.username if r.actor else None,
            "before": r.before,
            "after": r.after,
        }
        for r in rows.select_related("actor", "content_type").order_by("time", "id")
    ]


def personal_data(*, person: Person) -> dict[str, Any]:
    """What the system holds about a person, as one JSON-ready document (UU 27/2022 Pasal 7): the person row,
    every row that refers to it (businesses owned with their association memberships, program applications and
    enrollments, cooperative officer and member seats, board seats, …), the change log of those records, the
    access log, correction requests and erasures."""
    related: dict[str, list[dict[str, Any]]] = {}
    log_q = Q(content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk))
    for relation in person_relations():
        rows = list(relation.rows(person))
        if not rows:
            continue
        related[relation.label] = [snapshot(r) for r in rows]
        ctype = ContentType.objects.get_for_model(relation.model)
        log_q |= Q(content_type=ctype, object_id__in=[str(r.pk) for r in rows])
    businesses = Business.objects.filter(owner=person).values_list("pk", flat=True)
    memberships = list(AssociationMembership.objects.filter(business_id__in=list(businesses)))
    if memberships:
        related[AssociationMembership._meta.label_lower] = [snapshot(m) for m in memberships]
    corrections = list(CorrectionRequest.objects.filter(person=person).order_by("received_on", "id"))
    for c in corrections:
        log_q |= Q(content_type=ContentType.objects.get_for_model(CorrectionRequest), object_id=str(c.pk))
    accesses = AccessRecord.objects.filter(person_id=person.pk).select_related("actor").order_by("time", "id")
    return {
        "generated_at": timezone.now().isoformat(),
        "person": {"id": person.pk, **snapshot(person)},
        "related": related,
        "correction_requests": [
            {
                "id": c.pk,
                "received_on": c.received_on.isoformat(),
                "channel": c.channel,
                "details": c.details,
                "status": c.status,
                "outcome": c.outcome,
                "closed_at": c.closed_at.isoformat() if c.closed_at else None,
            }
            for c in corrections
        ],
        "change_log": _changes(ChangeLog.objects.filter(log_q)),
        "access_log": [
            {
                "time": a.time.isoformat(),
                "by": a.actor.username if a.actor else None,
                "fields": a.field_list,
                "purpose": a.purpose,
                "page": a.path,
            }
            for a in accesses
        ],
        "erasures": [
            {"time": e.time.isoformat(), "cleared": e.cleared, "removed": e.removed, "kept": e.kept}
            for e in Erasure.objects.filter(person_id=person.pk)
        ],
    }


def person_corrections(*, person: Person) -> QuerySet[CorrectionRequest]:
    return CorrectionRequest.objects.filter(person=person).select_related("created_by")


def correction_get(*, pk: int) -> CorrectionRequest:
    return CorrectionRequest.objects.select_related("person").get(pk=pk)


def person_erasure(*, person: Person) -> Erasure | None:
    return Erasure.objects.filter(person_id=person.pk).select_related("actor").first()


def relation_counts(*, person: Person) -> list[tuple[Relation, int, bool]]:
    """Each kind of record referring to the person, how many rows, and whether an erasure would keep them."""
    kept = set(kept_labels_for(region_code=person.desa_id))
    out = []
    for relation in person_relations():
        count = relation.rows(person).count()
        if count:
            out.append((relation, count, relation.always_kept or relation.label in kept))
    return out


# --- the access log -------------------------------------------------------------------------------------------


def access_log_codes(*, user: User) -> list[str] | None:
    """The regions whose access log the user may read: an administrator everything (None), a province or
    kabupaten/kota officer their own regions (the office they run), anyone else nothing ([])."""
    return managed_office_codes(user)


@dataclass(frozen=True, slots=True)
class AccessFilter:
    person: int | None = None
    actor: str = ""
    purpose: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def access_records(*, user: User, filters: AccessFilter = AccessFilter()) -> QuerySet[AccessRecord]:
    """The access log the user may read, newest first, filtered."""
    codes = access_log_codes(user=user)
    qs = AccessRecord.objects.select_related("actor").order_by("-time", "-id")
    if codes is not None:
        q = Q(pk__in=[])
        for code in codes:
            q |= Q(region_code__startswith=code)
        qs = qs.filter(q)
    if filters.person:
        qs = qs.filter(person_id=filters.person)
    if filters.actor:
        qs = qs.filter(actor__username__iexact=filters.actor.strip())
    if filters.purpose:
        qs = qs.filter(purpose=filters.purpose)
    if filters.date_from:
        qs = qs.filter(time__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(time__date__lte=filters.date_to)
    return qs
