"""Whether a cooperative is active: a pure function of the fiscal years for which it held its RAT.

Regions use different rules (DOMAIN.md: "RAT in 2 consecutive years", "within 3 years"), so the window and
the mode are settings (SINERGI_COOP_ACTIVE_YEARS, SINERGI_COOP_ACTIVE_MODE) and every result says which
rule it applied. The RAT of fiscal year Y is held in the first months of Y+1; until the deadline month
(SINERGI_COOP_RAT_DEADLINE_MONTH, default June) has passed, year Y is not yet counted. See
docs/cooperatives.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

EACH = "each"
ANY = "any"


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivityRule:
    """Active = RAT held for each (``mode="each"``) or any (``"any"``) of the last ``years`` fiscal years."""

    years: int
    mode: str

    def __post_init__(self) -> None:
        if self.years < 1 or self.mode not in (EACH, ANY):
            raise ValueError(
                f"activity rule: years must be ≥ 1 and mode 'each' or 'any', not {self.years}, {self.mode}"
            )

    def window(self, *, as_of_year: int) -> tuple[int, ...]:
        return tuple(range(as_of_year - self.years + 1, as_of_year + 1))

    def label(self) -> str:
        if self.years == 1:
            return _("RAT held for the last fiscal year")
        if self.mode == EACH:
            return _("RAT held for each of the last %(n)d fiscal years") % {"n": self.years}
        return _("RAT held for at least one of the last %(n)d fiscal years") % {"n": self.years}


def office_rule() -> ActivityRule:
    return ActivityRule(years=settings.SINERGI_COOP_ACTIVE_YEARS, mode=settings.SINERGI_COOP_ACTIVE_MODE)


def last_due_fiscal_year(*, today: dt.date) -> int:
    """The newest fiscal year whose RAT should have been held by ``today``."""
    return today.year - 1 if today.month > settings.SINERGI_COOP_RAT_DEADLINE_MONTH else today.year - 2


@dataclass(frozen=True, slots=True, kw_only=True)
class Activity:
    """The outcome, with the years looked at, those with a RAT and those without, and the reason in words."""

    active: bool
    rule: ActivityRule
    window: tuple[int, ...]
    held: tuple[int, ...]
    missing: tuple[int, ...]

    @property
    def reason(self) -> str:
        years = ", ".join(str(y) for y in self.window)
        if self.active and not self.missing:
            return _("Active: RAT held for fiscal years %(years)s (%(rule)s).") % {
                "years": years,
                "rule": self.rule.label(),
            }
        if self.active:
            return _("Active: RAT held for %(held)s; none for %(missing)s (%(rule)s).") % {
                "held": ", ".join(str(y) for y in self.held),
                "missing": ", ".join(str(y) for y in self.missing),
                "rule": self.rule.label(),
            }
        return _("Inactive: no RAT for fiscal years %(missing)s (%(rule)s).") % {
            "missing": ", ".join(str(y) for y in self.missing),
            "rule": self.rule.label(),
        }


def activity_status(*, rat_years: Iterable[int], as_of_year: int, rule: ActivityRule) -> Activity:
    window = rule.window(as_of_year=as_of_year)
    held_set = set(rat_years)
    held = tuple(y for y in window if y in held_set)
    missing = tuple(y for y in window if y not in held_set)
    active = not missing if rule.mode == EACH else bool(held)
    return Activity(active=active, rule=rule, window=window, held=held, missing=missing)
