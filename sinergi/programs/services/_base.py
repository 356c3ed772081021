"""Shared by the program services: who may write, status checks, value cleaning and the registry's logged
save (one change-log row per record changed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sinergi.accounts.access import require_region_write
from sinergi.accounts.models import User
from sinergi.core.numbers import parse_amount
from sinergi.programs.choices import ProgramStatus
from sinergi.programs.models import Program
from sinergi.programs.selection import normalize_topics
from sinergi.registry.services._base import _check_lengths, _delete_logged, _pick, _save_logged

# The registry's logged save, delete and field picking serve the programs unchanged.
check_lengths = _check_lengths
delete_logged = _delete_logged
pick_fields = _pick
save_logged = _save_logged

MAX_MONEY = Decimal("9999999999999999.99")  # 18 digits, 2 decimals: the column


def require_program_write(actor: User, program: Program) -> None:
    """Office editors in the organiser's region run the program."""
    require_region_write(actor, program.region_id)


def locked(program: Program) -> Program:
    """The program row, locked for the rest of the transaction (status changes and budgets wait on it)."""
    return Program.objects.select_for_update().get(pk=program.pk)


def require_status(program: Program, allowed: AbstractSet[str], *, doing: str) -> None:
    if program.status not in allowed:
        raise ValidationError(
            {
                "status": _("%(doing)s is not possible while the program is %(status)s (only when %(allowed)s).")
                % {
                    "doing": doing,
                    "status": ProgramStatus(program.status).label.lower(),
                    "allowed": ", ".join(str(ProgramStatus(s).label).lower() for s in sorted(allowed)),
                }
            }
        )


def text(values: dict[str, Any], field: str) -> str:
    """A text field trimmed and single-spaced."""
    return " ".join(str(values.get(field) or "").split())


def money(value: Any, field: str, errors: dict[str, str]) -> Decimal | None:
    """A positive rupiah amount from a Decimal, an int or Indonesian text ("1.250.000,00")."""
    if value is None or value == "":
        errors[field] = _("Enter an amount.")
        return None
    if isinstance(value, bool | float):
        errors[field] = _("Give the amount as a decimal number, not %(value)r.") % {"value": value}
        return None
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
    else:
        try:
            amount = parse_amount(str(value))
        except ValidationError as exc:
            errors[field] = exc.messages[0]
            return None
    if not amount.is_finite() or amount <= 0:
        errors[field] = _("The amount must be more than zero.")
        return None
    if amount > MAX_MONEY or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        errors[field] = _("At most 16 digits before the comma and 2 after it.")
        return None
    return amount


def ref_id(value: Any) -> int:
    """A record id from a form or JSON (int or digits); 0, which matches nothing, for anything else."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    text_value = str(value or "").strip()
    return int(text_value) if text_value.isdigit() else 0


def day(value: Any, field: str, errors: dict[str, str], *, required: bool = False) -> dt.date | None:
    if value is None or value == "":
        if required:
            errors[field] = _("Give a date.")
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        errors[field] = _("Give a date.")
        return None
    return value


def topics(value: Any, field: str, errors: dict[str, str]) -> list[str]:
    """A list of short topic names, normalised as the selection compares them."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        errors[field] = _("Give the topics as a list of words or phrases.")
        return []
    out = normalize_topics(value)
    if any(len(t) > 80 for t in out) or len(out) > 50:
        errors[field] = _("At most 50 topics of at most 80 characters each.")
    return out
