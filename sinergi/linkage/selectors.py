"""Reads for the duplicate review: the queue of pairs the user may decide, the two records side by side."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sinergi.accounts.access import region_prefixes
from sinergi.accounts.models import User
from sinergi.core.formatting import format_date
from sinergi.linkage.labels import field_label, level_label
from sinergi.linkage.models import CandidateStatus, LinkageRun, MatchCandidate
from sinergi.regions.models import Region
from sinergi.registry.models import Business, DocumentKind, LegalDocument, Merge, MergeKind, Person
from sinergi.registry.personal import PersonalFacts, PersonalView, facts_for


def _both_in_scope(user: User) -> Q:
    prefixes = region_prefixes(user)
    if prefixes is None:
        return Q()
    left, right = Q(pk__in=[]), Q(pk__in=[])
    for code in prefixes:
        left |= Q(left_region__startswith=code)
        right |= Q(right_region__startswith=code)
    return left & right


def candidates_visible(*, user: User, kind: str = "", status: str = CandidateStatus.OPEN) -> QuerySet[MatchCandidate]:
    """Pairs whose two records both lie in the user's regions."""
    qs = MatchCandidate.objects.filter(_both_in_scope(user))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-probability", "id")


def candidate_get(*, user: User, pk: int) -> MatchCandidate:
    return MatchCandidate.objects.filter(_both_in_scope(user)).get(pk=pk)


def merges_visible(*, user: User) -> QuerySet[Merge]:
    prefixes = region_prefixes(user)
    qs = Merge.objects.select_related("created_by", "undone_by")
    if prefixes is None:
        return qs
    q = Q(pk__in=[])
    for code in prefixes:
        q |= Q(region_code__startswith=code)
    return qs.filter(q)


def merge_get(*, user: User, pk: int) -> Merge:
    return merges_visible(user=user).get(pk=pk)


def runs_visible(*, user: User) -> QuerySet[LinkageRun]:
    prefixes = region_prefixes(user)
    qs = LinkageRun.objects.select_related("region", "job", "created_by")
    if prefixes is None:
        return qs
    q = Q(pk__in=[])
    for code in prefixes:
        q |= Q(region__code__startswith=code)
    return qs.filter(q)


@dataclass(frozen=True)
class RecordCard:
    """One side of a pair as the reviewer reads it: labelled values, and where the record lives."""

    pk: int
    title: str
    facts: list[tuple[str, str]]
    village: str
    exists: bool


def _born(value: dt.date | str | None) -> str:
    if isinstance(value, dt.date):
        return format_date(value)
    return value or "—"


def record_cards(*, kind: str, ids: set[int], personal: PersonalView | None = None) -> dict[int, RecordCard]:
    """The records of a page of pairs, fetched in two or three queries whatever the page size.

    NIK, phone, address and birth date of persons (and owners) are masked unless ``personal`` (the request's
    reader) lets the user see them in full; it then remembers them for the access log."""
    villages: dict[str, str] = {}
    cards: dict[int, RecordCard] = {}

    def shown(person: Person) -> PersonalFacts:
        return personal.facts(person) if personal is not None else facts_for(person, full=False)

    if kind == MergeKind.PERSON:
        persons = list(Person.objects.filter(pk__in=ids))
        villages = _village_names({p.desa_id for p in persons})
        for p in persons:
            f = shown(p)
            facts = [
                (_("NIK"), f.nik or "—"),
                (_("sex"), p.get_sex_display() or "—"),
                (_("birth date"), _born(f.birth_date)),
                (_("phone"), f.phone or "—"),
                (_("address"), f.address or "—"),
            ]
            cards[p.pk] = RecordCard(p.pk, p.name, facts, villages.get(p.desa_id, p.desa_id), True)
    else:
        businesses = list(Business.objects.filter(pk__in=ids).select_related("owner", "cluster"))
        villages = _village_names({b.desa_id for b in businesses})
        nibs = dict(
            LegalDocument.objects.filter(business_id__in=ids, kind=DocumentKind.NIB).values_list(
                "business_id", "number"
            )
        )
        for b in businesses:
            facts = [
                (_("owner"), b.owner.name if b.owner else "—"),
                (_("owner's NIK"), (shown(b.owner).nik or "—") if b.owner else "—"),
                (_("phone"), (shown(b.owner).phone or "—") if b.owner else "—"),
                (_("address"), b.address or "—"),
                (_("NIB"), nibs.get(b.pk, "—")),
                (_("cluster"), b.cluster.name if b.cluster else "—"),
            ]
            cards[b.pk] = RecordCard(b.pk, b.name, facts, villages.get(b.desa_id, b.desa_id), True)
    for missing in ids - set(cards):
        cards[missing] = RecordCard(missing, _("(record no longer exists)"), [], "", False)
    return cards


def _village_names(codes: set[str]) -> dict[str, str]:
    return {r.code: f"{r.name} ({r.code})" for r in Region.objects.filter(pk__in=codes)}


class EvidenceRow(NamedTuple):
    field: str  # the model's comparison name (nik, name_norm …), for machines
    label: str  # what the page calls it, in the officer's language
    level: str
    weight: float


def evidence_rows(evidence: dict[str, Any]) -> list[EvidenceRow]:
    """One row per comparison, worded for the officer, the field that weighed most first."""
    rows = [
        EvidenceRow(
            field=name,
            label=field_label(name),
            level=level_label(str(e.get("level", ""))),
            weight=float(e.get("weight") or 0.0),
        )
        for name, e in evidence.items()
    ]
    return sorted(rows, key=lambda r: -abs(r.weight))
