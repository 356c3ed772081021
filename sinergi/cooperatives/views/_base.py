"""Shared by the cooperative pages (and the supervision pages beside them): record look-ups that answer 404,
permission probes, number display."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_office_staff
from sinergi.cooperatives import selectors
from sinergi.cooperatives.health import Interval, RuleSetError
from sinergi.cooperatives.models import Cooperative, HealthAssessment
from sinergi.core.views import found_or_404, opens_for

# The registry's request helpers serve these pages unchanged.
from sinergi.registry.views._base import _user as _user


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, and office staff (indicators, supervision): anyone else, a cooperative's own officer included,
    gets 403 before anything is read."""

    return cast(Callable[..., HttpResponse], opens_for(require_office_staff)(view))


def _cooperative_or_404(request: HttpRequest, pk: int) -> Cooperative:
    return found_or_404(lambda: selectors.cooperative_get(user=_user(request), pk=pk), _("No such cooperative."))


def _assessment_or_404(request: HttpRequest, pk: int) -> HealthAssessment:
    return found_or_404(lambda: selectors.assessment_get(user=_user(request), pk=pk), _("No such assessment."))


def number_id(value: Any, *, places: int = 2) -> str:
    """A number the way Indonesians write it, rounded half up: 1234.5 → "1.234,50" (whatever the page language).

    Only for display: the stored result keeps the unrounded value."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    text = f"{abs(amount):,.{places}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")
    return ("-" if amount < 0 else "") + text


def band_text(interval: str | None) -> str:
    """A stored band such as "(20, 40]" as "20 < x ≤ 40", with Indonesian decimal commas."""
    if not interval:
        return "—"
    try:
        band = Interval.parse(text=interval)
    except RuleSetError:
        return interval

    def edge(value: Decimal) -> str:
        return number_id(value, places=max(0, -int(value.normalize().as_tuple().exponent)))

    below = "≤" if band.lower_inclusive else "<"
    above = "≤" if band.upper_inclusive else "<"
    if band.lower is None and band.upper is None:
        return _("any value")
    if band.lower is None:
        return f"x {above} {edge(band.upper)}" if band.upper is not None else "x"
    if band.upper is None:
        return f"x {'≥' if band.lower_inclusive else '>'} {edge(band.lower)}"
    if band.lower == band.upper:
        return f"x = {edge(band.lower)}"
    return f"{edge(band.lower)} {below} x {above} {edge(band.upper)}"
