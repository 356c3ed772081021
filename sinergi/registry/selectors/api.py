"""Reads the API needs beyond those in selectors.py, each built on a region-scoped selector there."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q, QuerySet
from django.utils import timezone

from sinergi.accounts.models import Role, User
from sinergi.registry import derived, selectors
from sinergi.registry.models import (
    Association,
    AssociationMembership,
    BoardMember,
    Business,
    Cluster,
    LegalDocument,
    Person,
)

_SEPARATORS = re.compile(r"[\s.\-/]")


def document_state(*, document: LegalDocument, today: dt.date | None = None) -> str:
    """The state of one document read on its own: "expired", "expiring" or "valid"."""
    return derived.document_state(expires_on=document.expires_on, today=today or timezone.localdate())


def person_list(*, user: User, q: str = "", region: str = "", nik: str = "") -> QuerySet[Person]:
    qs = selectors.persons_visible(user=user).select_related("desa")
    if region:
        qs = qs.filter(desa__code__startswith=region)
    if nik:
        qs = qs.filter(nik=_SEPARATORS.sub("", nik))
    for word in q.split()[:8]:
        qs = qs.filter(name__icontains=word)
    return qs


def document_list(
    *, user: User, business_id: int | None = None, kind: str | None = None, expiring: bool | None = None
) -> QuerySet[LegalDocument]:
    qs = selectors.documents_visible(user=user)
    if business_id is not None:
        qs = qs.filter(business_id=business_id)
    if kind:
        qs = qs.filter(kind=kind)
    if expiring is not None:
        start, end = derived.expiry_window(today=timezone.localdate())
        window = Q(expires_on__gte=start, expires_on__lte=end)
        qs = qs.filter(window) if expiring else qs.exclude(window)
    return qs


def association_list(*, user: User, q: str = "", region: str = "") -> QuerySet[Association]:
    qs = selectors.associations_visible(user=user)
    if region:
        qs = qs.filter(region__code__startswith=region)
    for word in q.split()[:8]:
        qs = qs.filter(name__icontains=word)
    return qs


def person_visible_get(*, user: User, pk: int) -> Person | None:
    """A person the user may see, to be referenced from another record (owner, board seat); None otherwise."""
    return selectors.persons_visible(user=user).filter(pk=pk).first()


def cluster_by_slug(*, slug: str) -> Cluster | None:
    return Cluster.objects.filter(slug=slug).first()


def business_for_membership(*, user: User, association: Association, pk: int) -> Business | None:
    """A business the user may add to the association.

    Staff reach the businesses they see; an association's own officer also reaches businesses in the
    association's region, which they cannot otherwise see until they are members (services allow it)."""
    visible = selectors.businesses_visible(user=user)
    business = visible.filter(pk=pk).first()
    if business is None and user.role == Role.ASSOCIATION and user.association_id == association.pk:
        code = association.region_id
        business = Business.objects.filter(Q(desa_id=code) | Q(desa__code__startswith=code + ".")).filter(pk=pk).first()
    return business


def board_seat_get(*, association: Association, pk: int) -> BoardMember:
    return association.board.select_related("association", "person").get(pk=pk)


def membership_get(*, user: User, association: Association, business_id: int) -> AssociationMembership:
    return (
        selectors.association_members(user=user, association=association)
        .select_related("association")
        .get(business_id=business_id)
    )
