"""The monthly targets of a purchase program, as rules (pure: reads nothing but its arguments).

A rule is for one civil servant, for a golongan, or for everyone; the most specific one applies. A rule sets a
minimum spend a month, a minimum number of purchases a month, or both; a civil servant meets the month's target
when every minimum the rule sets is reached. A civil servant no rule covers has no target."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sinergi.purchasing.models import rank_group


@dataclass(frozen=True, slots=True)
class Rule:
    rank_group: str = ""
    civil_servant_id: int | None = None
    min_amount: Decimal | None = None
    min_purchases: int | None = None


@dataclass(frozen=True, slots=True)
class Standing:
    """One civil servant's month against the rule that applies to them."""

    rule: Rule | None
    amount: Decimal
    purchases: int

    @property
    def has_target(self) -> bool:
        return self.rule is not None

    @property
    def short_amount(self) -> Decimal:
        """How much spend is missing to reach the target (0 when reached or none set)."""
        if self.rule is None or self.rule.min_amount is None:
            return Decimal("0")
        return max(Decimal("0"), self.rule.min_amount - self.amount)

    @property
    def short_purchases(self) -> int:
        if self.rule is None or self.rule.min_purchases is None:
            return 0
        return max(0, self.rule.min_purchases - self.purchases)

    @property
    def met(self) -> bool:
        return self.rule is None or (self.short_amount == 0 and self.short_purchases == 0)


def rule_for(rules: Iterable[Rule], *, civil_servant_id: int, rank: str) -> Rule | None:
    """The rule that applies to a civil servant: their own, else their golongan's, else the general one."""
    own = general = by_group = None
    group = rank_group(rank)
    for rule in rules:
        if rule.civil_servant_id is not None:
            if rule.civil_servant_id == civil_servant_id:
                own = rule
        elif rule.rank_group:
            if rule.rank_group == group:
                by_group = rule
        else:
            general = rule
    return own or by_group or general


def standing(rules: Iterable[Rule], *, civil_servant_id: int, rank: str, amount: Decimal, purchases: int) -> Standing:
    return Standing(
        rule=rule_for(rules, civil_servant_id=civil_servant_id, rank=rank), amount=amount, purchases=purchases
    )
