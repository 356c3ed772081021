"""Writes to a program's money: budget lines by source of funds, and what is realised from them.

A budget line never spends more than its amount: each realisation locks its line, adds up what was
realised before it and refuses the amount that would pass the line's total, saying what is left.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeSource
from sinergi.core.numbers import format_rupiah
from sinergi.programs.choices import FundingSource, ProgramStatus
from sinergi.programs.models import BudgetLine, Program, Realisation
from sinergi.programs.services._base import (
    day,
    delete_logged,
    locked,
    money,
    pick_fields,
    require_program_write,
    save_logged,
    text,
)

BUDGET_FIELDS = ("source", "amount", "reference", "note")
REALISATION_FIELDS = ("amount", "spent_on", "description", "note")


def realised(line: BudgetLine) -> Decimal:
    """What has been spent from the line so far."""
    total = Realisation.objects.filter(budget_line=line).aggregate(s=Sum("amount"))["s"]
    return total if total is not None else Decimal("0.00")


def _locked_line(pk: int) -> BudgetLine:
    """The line, locked after its program (every program write locks the program first: no deadlocks)."""
    locked(Program(pk=BudgetLine.objects.values_list("program_id", flat=True).get(pk=pk)))
    return BudgetLine.objects.select_for_update(of=("self",)).select_related("program").get(pk=pk)


def _not_closed(program: Program) -> None:
    if program.status == ProgramStatus.CLOSED:
        raise ValidationError({"status": _("The program is closed; its budget cannot change.")})


def _clean_line(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if values.get("source") not in FundingSource.values:
        errors["source"] = _("Choose the source of funds (APBD kabupaten, APBD provinsi, APBN, DAK …).")
    values["amount"] = money(values.get("amount"), "amount", errors)
    values["reference"] = text(values, "reference")
    values["note"] = text(values, "note")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def budget_line_add(
    *, actor: User, program: Program, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> BudgetLine:
    program = locked(program)
    require_program_write(actor, program)
    _not_closed(program)
    line = BudgetLine(program=program, **_clean_line(pick_fields(data, BUDGET_FIELDS)))
    save_logged(actor=actor, instance=line, before=None, source=source)
    return line


@transaction.atomic
def budget_line_update(
    *, actor: User, line: BudgetLine, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> BudgetLine:
    """Change a line (e.g. after the P-APBD revision); never below what has been realised from it."""
    line = _locked_line(line.pk)
    require_program_write(actor, line.program)
    _not_closed(line.program)
    before = snapshot(line)
    values = _clean_line({**{f: getattr(line, f) for f in BUDGET_FIELDS}, **pick_fields(data, BUDGET_FIELDS)})
    spent = realised(line)
    if values["amount"] < spent:
        raise ValidationError(
            {
                "amount": _("%(spent)s has already been realised from this line; the amount cannot be less.")
                % {"spent": format_rupiah(spent, decimals=2)}
            }
        )
    for k, v in values.items():
        setattr(line, k, v)
    save_logged(actor=actor, instance=line, before=before, source=source)
    return line


@transaction.atomic
def budget_line_remove(*, actor: User, line: BudgetLine, source: str = ChangeSource.WEB) -> None:
    line = _locked_line(line.pk)
    require_program_write(actor, line.program)
    _not_closed(line.program)
    if line.realisations.exists():
        raise ValidationError({"amount": _("Money has been realised from this line; it cannot be removed.")})
    delete_logged(actor=actor, instance=line, source=source)


def spend(*, actor: User, line: BudgetLine, values: dict[str, Any], source: str) -> Realisation:
    """Record a realisation on a line the caller has locked, refusing an overspend. For services only."""
    errors: dict[str, str] = {}
    amount = money(values.get("amount"), "amount", errors)
    spent_on = day(values.get("spent_on"), "spent_on", errors, required=True)
    description = text(values, "description")
    if not description:
        errors["description"] = _("Say what the money was spent on.")
    if errors:
        raise ValidationError(errors)
    assert amount is not None
    assert spent_on is not None
    spent = realised(line)
    left = line.amount - spent
    if amount > left:
        raise ValidationError(
            {
                "amount": _(
                    "%(amount)s is more than the %(left)s left on the %(source)s line "
                    "(%(total)s allotted, %(spent)s already realised)."
                )
                % {
                    "amount": format_rupiah(amount, decimals=2),
                    "left": format_rupiah(left, decimals=2),
                    "source": line.get_source_display(),
                    "total": format_rupiah(line.amount, decimals=2),
                    "spent": format_rupiah(spent, decimals=2),
                }
            }
        )
    row = Realisation(
        budget_line=line, amount=amount, spent_on=spent_on, description=description, note=text(values, "note")
    )
    save_logged(actor=actor, instance=row, before=None, source=source)
    return row


@transaction.atomic
def realisation_record(
    *, actor: User, line: BudgetLine, data: Mapping[str, Any], source: str = ChangeSource.WEB
) -> Realisation:
    """Money spent from the line on one activity (amount, spent_on, description, note)."""
    line = _locked_line(line.pk)
    require_program_write(actor, line.program)
    _not_closed(line.program)
    return spend(actor=actor, line=line, values=pick_fields(data, REALISATION_FIELDS), source=source)


@transaction.atomic
def realisation_remove(*, actor: User, realisation: Realisation, source: str = ChangeSource.WEB) -> None:
    line = _locked_line(realisation.budget_line_id)
    require_program_write(actor, line.program)
    _not_closed(line.program)
    if hasattr(realisation, "disbursement"):
        raise ValidationError({"amount": _("This is an aid disbursement; remove the disbursement instead.")})
    delete_logged(actor=actor, instance=realisation, source=source)
