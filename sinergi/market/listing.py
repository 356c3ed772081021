"""The listing rule: whether a product shows in the public catalogue today, and why not.

One pure function (``evaluate``) decides from plain facts; ``listed_q`` is the same rule as a database filter
for the catalogue, so a document that expires takes its products out of the catalogue on the day after its
expiry date (a document is valid through its ``expires_on``, as in the registry) with no nightly job.
Tests hold the two to the same answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext as _

from sinergi.market.models import ProductPermit
from sinergi.registry.models import DocumentKind, LegalDocument

DOCUMENT_LABELS = {DocumentKind.PIRT: "PIRT", DocumentKind.BPOM: "BPOM", DocumentKind.HALAL: "halal", "sni": "SNI"}


@dataclass(frozen=True)
class Rule:
    """What a product needs to be shown publicly."""

    requires_nib: bool = True
    food_categories: frozenset[str] = frozenset({"kuliner", "kopi", "herbal", "perikanan"})  # cluster slugs
    food_documents: frozenset[str] = frozenset({DocumentKind.PIRT, DocumentKind.BPOM})


DEFAULT_RULE = Rule()


@dataclass(frozen=True)
class Document:
    kind: str
    expires_on: dt.date | None
    verified: bool = True  # a business's own documents (the NIB) need no product check


@dataclass(frozen=True)
class Facts:
    """What the rule reads about one product."""

    category: str
    is_active: bool = True
    business_documents: Sequence[Document] = ()
    permits: Sequence[Document] = field(default_factory=tuple)


def _valid(doc: Document, today: dt.date) -> bool:
    return doc.expires_on is None or doc.expires_on >= today


def _label(kinds: Iterable[str]) -> str:
    return " / ".join(sorted(DOCUMENT_LABELS.get(k, k.upper()) for k in kinds))


def evaluate(rule: Rule, facts: Facts, *, today: dt.date) -> tuple[bool, list[str]]:
    """(listed, reasons it is not): every reason is a sentence the owner and the office can act on."""
    reasons: list[str] = []
    if not facts.is_active:
        reasons.append(_("The seller has taken the product out of the catalogue."))
    if rule.requires_nib:
        nibs = [d for d in facts.business_documents if d.kind == DocumentKind.NIB]
        if not nibs:
            reasons.append(_("The business has no NIB recorded."))
        elif not any(_valid(d, today) for d in nibs):
            reasons.append(_("The business's NIB has expired."))
    if facts.category in rule.food_categories:
        food = [p for p in facts.permits if p.kind in rule.food_documents]
        if not any(p.verified and _valid(p, today) for p in food):
            names = {"docs": _label(rule.food_documents)}
            expired = [p for p in food if not _valid(p, today)]
            if expired:
                last = max(p.expires_on for p in expired if p.expires_on)
                day = last.strftime("%d-%m-%Y")
                reasons.append(_("The product's %(docs)s expired on %(day)s.") % {**names, "day": day})
            elif food:
                reasons.append(_("The product's %(docs)s is not yet verified by the office.") % names)
            else:
                reasons.append(_("Food and drink need a %(docs)s linked to the product.") % names)
    return not reasons, reasons


def halal_shown(facts: Facts, *, today: dt.date) -> bool:
    """The halal badge: a verified, unexpired halal certificate on the product."""
    return any(p.kind == DocumentKind.HALAL and p.verified and _valid(p, today) for p in facts.permits)


# --- the same rule as a database filter on Product ---------------------------------------------------------


def _unexpired(prefix: str, today: dt.date) -> Q:
    return Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": today})


def verified_permit_q(kinds: Iterable[str], *, today: dt.date) -> Exists:
    """A product permit of one of ``kinds`` whose check still stands and whose document has not expired."""
    checked = Q(verified_expires_on=F("document__expires_on")) | Q(
        verified_expires_on__isnull=True, document__expires_on__isnull=True
    )
    return Exists(
        ProductPermit.objects.filter(
            checked,
            _unexpired("document__", today),
            product=OuterRef("pk"),
            document__kind__in=list(kinds),
            verified_at__isnull=False,
            verified_number=F("document__number"),
        )
    )


def rule_q(rule: Rule, *, today: dt.date) -> Q:
    q = Q(is_active=True)
    if rule.requires_nib:
        nib = LegalDocument.objects.filter(_unexpired("", today), business=OuterRef("business"), kind=DocumentKind.NIB)
        q &= Q(Exists(nib))
    if rule.food_categories:
        q &= ~Q(category__slug__in=sorted(rule.food_categories)) | Q(
            verified_permit_q(rule.food_documents, today=today)
        )
    return q


def listed_q(rules: dict[str, Rule], *, today: dt.date) -> Q:
    """Products listed today, each under the rule of the most specific office region that holds its business."""
    field_ = "business__desa__code__startswith"
    total = Q(pk__in=[])
    for code, rule in rules.items():
        inner = [c for c in rules if c != code and c.startswith(code + ".")]
        scope = Q(**{field_: code + "."})
        for c in inner:
            scope &= ~Q(**{field_: c + "."})
        total |= scope & rule_q(rule, today=today)
    outside = Q()
    for code in rules:
        outside &= ~Q(**{field_: code + "."})
    return total | (outside & rule_q(DEFAULT_RULE, today=today))


def rule_for(rules: dict[str, Rule], desa_code: str) -> Rule:
    """The rule a business in ``desa_code`` follows: its most specific office's, else the default."""
    matching = [c for c in rules if desa_code.startswith(c + ".")]
    return rules[max(matching, key=len)] if matching else DEFAULT_RULE
