"""Reads of the partnerships app, scoped by the office region of each record: a kabupaten officer sees their
office's partners and agreements, a province officer the province's and its kabupaten's. Only the office's staff
read them; anyone else gets nothing.

The two matching reads run a fixed number of queries whatever the number of businesses or needs (tests assert
the bound): ``need_matches`` one ranked query, ``business_partner_matches`` five."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from sinergi.accounts.access import is_office_staff, region_q
from sinergi.accounts.models import User
from sinergi.core.models import ChangeLog
from sinergi.market.models import Product
from sinergi.partnerships.matching import POINTS, Facts, Match, explain
from sinergi.partnerships.models import Partner, PartnerNeed, Partnership, PartnershipBusiness, PartnershipDocument
from sinergi.registry.models import AssociationMembership, Business, LegalDocument
from sinergi.registry.selectors import businesses_visible, record_history

MATCH_LIMIT = 50


def _staff(user: User) -> bool:
    return is_office_staff(user)


def in_region_q(field: str, code: str) -> Q:
    """``field`` (a region code path) is ``code`` or lies under it, by whole code segments."""
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


# --- partners and their needs -------------------------------------------------------------------------------


def partners_visible(*, user: User) -> QuerySet[Partner]:
    if not _staff(user):
        return Partner.objects.none()
    return Partner.objects.filter(region_q(user, "office__code"))


@dataclass(frozen=True, slots=True)
class PartnerFilter:
    q: str = ""
    kind: str = ""


def partner_list(*, user: User, filters: PartnerFilter | None = None) -> QuerySet[Partner]:
    f = filters or PartnerFilter()
    qs = partners_visible(user=user).select_related("office", "association")
    if f.q:
        qs = qs.filter(name__icontains=f.q)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    return qs.annotate(n_needs=Count("needs", filter=Q(needs__is_open=True))).order_by("name", "id")


def partner_get(*, user: User, pk: int) -> Partner:
    return partners_visible(user=user).select_related("office", "association").get(pk=pk)


def partner_needs(*, partner: Partner) -> QuerySet[PartnerNeed]:
    return partner.needs.select_related("cluster", "region").order_by("-is_open", "id")


def needs_visible(*, user: User) -> QuerySet[PartnerNeed]:
    return PartnerNeed.objects.filter(partner__in=partners_visible(user=user))


def need_get(*, user: User, pk: int) -> PartnerNeed:
    return (
        needs_visible(user=user)
        .select_related("partner__office", "partner__association", "cluster", "region")
        .get(pk=pk)
    )


def partner_history(*, partner: Partner) -> QuerySet[ChangeLog]:
    return record_history(instance=partner, related=list(partner.needs.all()))


# --- matching -----------------------------------------------------------------------------------------------


def _valid_document(kind: str, today: dt.date) -> Exists:
    return Exists(
        LegalDocument.objects.filter(business=OuterRef("pk"), kind=kind).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )
    )


def _flag(condition: Q | Exists) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _points(flag: str, key: str) -> Case:
    return Case(When(**{flag: True}, then=Value(POINTS[key])), default=Value(0), output_field=IntegerField())


def need_candidates(*, user: User, need: PartnerNeed) -> QuerySet[Business]:
    """The businesses a need may match: those the user may see in the partner's office region; with a cluster
    asked, those of that cluster or with a product of that category in the catalogue."""
    qs = businesses_visible(user=user).filter(in_region_q("desa__code", need.partner.office_id))
    if need.cluster_id:
        in_category = Product.objects.filter(business=OuterRef("pk"), category_id=need.cluster_id, is_active=True)
        qs = qs.filter(Q(cluster_id=need.cluster_id) | Exists(in_category))
    return qs


def need_matches(
    *, user: User, need: PartnerNeed, limit: int = MATCH_LIMIT, today: dt.date | None = None
) -> list[Match]:
    """The businesses that fit ``need`` best, ranked by score (then name), each with its components in words.
    One query: the facts and the score are computed by the database, the words here (``matching.explain``)."""
    day = today or timezone.localdate()
    qs = need_candidates(user=user, need=need).select_related("cluster", "desa")
    annotations: dict[str, Any] = {}
    score: list[Case] = []
    if need.cluster_id:
        annotations["m_cluster"] = _flag(Q(cluster_id=need.cluster_id))
        count = (
            Product.objects.filter(business=OuterRef("pk"), category_id=need.cluster_id, is_active=True)
            .order_by()
            .values("business")
            .annotate(n=Count("id"))
            .values("n")
        )
        annotations["m_products"] = Coalesce(Subquery(count, output_field=IntegerField()), Value(0))
        score += [_points("m_cluster", "cluster"), _product_points()]
    for kind in need.required_documents or []:
        annotations[f"m_doc_{kind}"] = _flag(_valid_document(kind, day))
        score.append(_points(f"m_doc_{kind}", "document"))
    if need.min_workforce:
        annotations["m_capacity"] = _flag(Q(workforce__gte=need.min_workforce))
        score.append(_points("m_capacity", "capacity"))
    if need.region_id:
        annotations["m_region"] = _flag(in_region_q("desa__code", need.region_id))
        score.append(_points("m_region", "region"))
    association_id = need.partner.association_id
    if association_id:
        member = AssociationMembership.objects.filter(business=OuterRef("pk"), association_id=association_id)
        annotations["m_member"] = _flag(Exists(member))
        score.append(_points("m_member", "membership"))
    qs = qs.annotate(**annotations)
    total: Any = Value(0, output_field=IntegerField())
    for part in score:
        total = total + part
    rows = qs.annotate(m_score=total).order_by("-m_score", "name", "id")[:limit]
    matches = []
    for b in rows:
        facts = Facts(
            cluster=getattr(b, "m_cluster", None),
            cluster_name=b.cluster.name if b.cluster is not None else "",
            products=getattr(b, "m_products", None),
            documents={k: bool(getattr(b, f"m_doc_{k}")) for k in need.required_documents or []},
            workforce=b.workforce,
            in_region=getattr(b, "m_region", None),
            member=getattr(b, "m_member", None),
        )
        matches.append(explain(need, facts, subject=b))
    return matches


def _product_points() -> Case:
    return Case(When(m_products__gt=0, then=Value(POINTS["products"])), default=Value(0), output_field=IntegerField())


def _office_codes(desa_code: str) -> list[str]:
    """The region codes above a village (its province, kabupaten …): the offices it falls under."""
    parts = desa_code.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts) + 1)]


def business_partner_matches(*, user: User, business: Business, today: dt.date | None = None) -> list[Match]:
    """The open needs and offers of the partners of the business's offices (those the user may see) that fit the
    business, ranked by score, each told as ``need_matches`` tells it. A need asking a cluster fits only a business
    of that cluster or with a product of that category. Five queries whatever the number of needs."""
    day = today or timezone.localdate()
    categories = dict(
        Product.objects.filter(business=business, is_active=True)
        .order_by()
        .values("category_id")
        .annotate(n=Count("id"))
        .values_list("category_id", "n")
    )
    valid = set(
        LegalDocument.objects.filter(business=business)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))
        .values_list("kind", flat=True)
    )
    associations = set(AssociationMembership.objects.filter(business=business).values_list("association_id", flat=True))
    needs = (
        needs_visible(user=user)
        .filter(is_open=True, partner__office_id__in=_office_codes(business.desa_id))
        .filter(Q(cluster__isnull=True) | Q(cluster_id=business.cluster_id) | Q(cluster_id__in=list(categories)))
        .select_related("partner__association", "partner__office", "cluster", "region")
        .order_by("id")
    )
    matches = []
    for need in needs:
        facts = Facts(
            cluster=business.cluster_id == need.cluster_id if need.cluster_id else None,
            cluster_name=business.cluster.name if business.cluster is not None else "",
            products=categories.get(need.cluster_id, 0) if need.cluster_id else None,
            documents={k: k in valid for k in need.required_documents or []},
            workforce=business.workforce,
            in_region=(
                business.desa_id == need.region_id or business.desa_id.startswith(need.region_id + ".")
                if need.region_id
                else None
            ),
            member=need.partner.association_id in associations if need.partner.association_id else None,
        )
        matches.append(explain(need, facts, subject=need))
    return sorted(matches, key=lambda m: (-m.score, m.subject.partner.name, m.subject.pk))


# --- partnerships -------------------------------------------------------------------------------------------


def partnerships_visible(*, user: User) -> QuerySet[Partnership]:
    if not _staff(user):
        return Partnership.objects.none()
    return Partnership.objects.filter(region_q(user, "office__code"))


@dataclass(frozen=True, slots=True)
class PartnershipFilter:
    q: str = ""
    status: str = ""
    partner: int | None = None


def partnership_list(*, user: User, filters: PartnershipFilter | None = None) -> QuerySet[Partnership]:
    f = filters or PartnershipFilter()
    qs = partnerships_visible(user=user).select_related("partner", "office")
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(partner__name__icontains=f.q) | Q(number__icontains=f.q))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.partner is not None:
        qs = qs.filter(partner_id=f.partner)
    return qs.annotate(n_businesses=Count("parties")).order_by("-created_at", "-id")


def partnership_get(*, user: User, pk: int) -> Partnership:
    return partnerships_visible(user=user).select_related("partner", "office", "need").get(pk=pk)


def partnership_parties(*, partnership: Partnership) -> QuerySet[PartnershipBusiness]:
    return partnership.parties.select_related("business", "business__desa").order_by("business__name", "id")


def partnership_documents(*, partnership: Partnership) -> QuerySet[PartnershipDocument]:
    return partnership.documents.select_related("uploaded_by").order_by("id")


def document_get(*, user: User, pk: int) -> PartnershipDocument:
    return PartnershipDocument.objects.select_related("partnership").get(
        pk=pk, partnership__in=partnerships_visible(user=user)
    )


def partnership_history(*, partnership: Partnership) -> QuerySet[ChangeLog]:
    related = [*partnership.parties.all(), *partnership.documents.all()]
    return record_history(instance=partnership, related=related)
