"""Matching a partner's need (or offer) with businesses: a fixed table of components, each worth a set number of
points, each told in words. No learned weights: the same need and registry give the same ranking, and an officer
can see why a business stands where it does and what it lacks.

A component counts only when the need asks for it:

- cluster: the business's cluster is the need's cluster (product category);
- products: the business offers products of that category in the market catalogue;
- each required legal document (NIB, halal, PIRT, BPOM, SNI): the business holds one, unexpired;
- capacity: the business's workforce is at least the need's minimum (the registry holds no production capacity);
- region: the business is in the region the need names (a kecamatan, say);
- membership: the business is a member of the partner's association.

The facts are read by SQL for many businesses at once (``selectors.need_matches``) or in Python for one business
(``selectors.business_partner_matches``); the points and the words are this module's, for both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from sinergi.registry.models import DocumentKind

POINTS = {"cluster": 30, "products": 20, "document": 20, "capacity": 15, "region": 15, "membership": 10}


@dataclass(frozen=True, slots=True)
class Facts:
    """What the registry says of one business, as far as one need asks (None: the need does not ask)."""

    cluster: bool | None = None
    cluster_name: str = ""
    products: int | None = None
    documents: dict[str, bool] = field(default_factory=dict)
    workforce: int | None = None
    in_region: bool | None = None
    member: bool | None = None


@dataclass(frozen=True, slots=True)
class Component:
    """One scored part of a match: its points, the most it could give, and what it says."""

    key: str
    points: int
    most: int
    text: str

    @property
    def met(self) -> bool:
        return self.points == self.most


@dataclass(frozen=True, slots=True)
class Match:
    """A business (or a need) with its score out of the most the need could give, component by component."""

    subject: Any
    score: int
    most: int
    components: tuple[Component, ...]

    @property
    def reasons(self) -> list[str]:
        return [c.text for c in self.components if c.met]

    @property
    def missing(self) -> list[str]:
        return [c.text for c in self.components if not c.met]


def _kind_label(kind: str) -> str:
    try:
        return str(DocumentKind(kind).label)
    except ValueError:
        return kind


def explain(need: Any, facts: Facts, *, subject: Any = None) -> Match:
    """The score of one business for ``need`` (a PartnerNeed with its cluster, region and partner's association
    read), with every component the need asks for in words."""
    parts: list[Component] = []
    cluster = need.cluster.name if need.cluster_id else ""
    if need.cluster_id:
        most = POINTS["cluster"]
        if facts.cluster:
            parts.append(
                Component("cluster", most, most, _("Cluster is %(cluster)s, as asked.") % {"cluster": cluster})
            )
        elif facts.cluster_name:
            text = _("Cluster is %(has)s, not %(wanted)s.") % {"has": facts.cluster_name, "wanted": cluster}
            parts.append(Component("cluster", 0, most, text))
        else:
            text = _("No cluster recorded (%(wanted)s asked).") % {"wanted": cluster}
            parts.append(Component("cluster", 0, most, text))
        most = POINTS["products"]
        n = facts.products or 0
        if n:
            text = _("%(n)s product(s) of %(category)s in the catalogue.") % {"n": n, "category": cluster}
            parts.append(Component("products", most, most, text))
        else:
            text = _("No product of %(category)s in the catalogue.") % {"category": cluster}
            parts.append(Component("products", 0, most, text))
    for kind in need.required_documents or []:
        most, label = POINTS["document"], _kind_label(kind)
        if facts.documents.get(kind):
            parts.append(Component(f"document:{kind}", most, most, _("Holds a valid %(kind)s.") % {"kind": label}))
        else:
            parts.append(Component(f"document:{kind}", 0, most, _("No valid %(kind)s.") % {"kind": label}))
    if need.min_workforce:
        most, asked = POINTS["capacity"], need.min_workforce
        if facts.workforce is None:
            text = _("Workforce not recorded (at least %(asked)s asked).") % {"asked": asked}
            parts.append(Component("capacity", 0, most, text))
        elif facts.workforce >= asked:
            text = _("Workforce %(n)s, at least %(asked)s asked.") % {"n": facts.workforce, "asked": asked}
            parts.append(Component("capacity", most, most, text))
        else:
            text = _("Workforce %(n)s, below the %(asked)s asked.") % {"n": facts.workforce, "asked": asked}
            parts.append(Component("capacity", 0, most, text))
    if need.region_id:
        most, name = POINTS["region"], need.region.name
        if facts.in_region:
            parts.append(Component("region", most, most, _("In %(region)s.") % {"region": name}))
        else:
            parts.append(Component("region", 0, most, _("Outside %(region)s.") % {"region": name}))
    association = need.partner.association
    if association is not None:
        most = POINTS["membership"]
        if facts.member:
            text = _("Member of %(association)s.") % {"association": association.name}
            parts.append(Component("membership", most, most, text))
        else:
            text = _("Not a member of %(association)s.") % {"association": association.name}
            parts.append(Component("membership", 0, most, text))
    return Match(
        subject=subject,
        score=sum(c.points for c in parts),
        most=sum(c.most for c in parts),
        components=tuple(parts),
    )
