"""Writes to annual reports (RAT, balance sheet, income statement, savings, loan book), with the checks an
office applies before it accepts a report: the balance sheet balances, the loan book adds up, counts fit."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.cooperatives.health import KSP_2016_06
from sinergi.cooperatives.models import AnnualReport, Cooperative
from sinergi.cooperatives.services._base import (
    delete_logged,
    pick_fields,
    require_cooperative_write,
    require_report_write,
    save_logged,
)
from sinergi.cooperatives.services.assessments import (
    cooperative_assess,
    cooperative_health_refresh,
    questionnaire_sizes,
)
from sinergi.core.changelog import snapshot
from sinergi.core.models import ChangeSource
from sinergi.core.numbers import format_rupiah, parse_amount

# The report's money, in the sections of its form: the balance sheet,
BALANCE_FIELDS = (
    "total_assets",
    "current_assets",
    "cash",
    "bank",
    "current_liabilities",
    "long_term_liabilities",
    "equity",
    "own_capital",
    "weighted_capital",
    "risk_weighted_assets",
    "funds_received",
)
# the members' savings,
SAVINGS_FIELDS = (
    "principal_savings",
    "mandatory_savings",
    "voluntary_savings",
)
# the loan book by collectibility,
LOAN_FIELDS = (
    "loan_volume",
    "member_loan_volume",
    "loans_outstanding",
    "current_loans",
    "substandard_loans",
    "doubtful_loans",
    "loss_loans",
    "risky_loans",
    "risk_reserve",
)
# and the income statement.
INCOME_FIELDS = (
    "gross_participation",
    "net_participation",
    "non_member_income",
    "cost_of_services",
    "operating_expenses",
    "cooperative_expenses",
    "staff_costs",
    "shu_gross",
    "shu_before_tax",
    "shu",
    "shu_members_share",
    "member_economic_benefit",
)
MONEY_FIELDS = (*BALANCE_FIELDS, *SAVINGS_FIELDS, *LOAN_FIELDS, *INCOME_FIELDS)
# Equity, surpluses and the members' benefit can be below zero (losses); nothing else on the report can.
SIGNED_MONEY_FIELDS = frozenset(
    {
        "equity",
        "own_capital",
        "net_participation",
        "shu_gross",
        "shu_before_tax",
        "shu",
        "shu_members_share",
        "member_economic_benefit",
    }
)
COUNT_FIELDS = (
    "rat_attendance",
    "members_end",
    "members_male",
    "members_female",
    "staff",
    "members_with_voluntary_savings",
)
REPORT_FIELDS = (
    "rat_held",
    "rat_date",
    "management_answers",
    "external_ref",
    *COUNT_FIELDS,
    *MONEY_FIELDS,
)
# The management questionnaires and their number of questions (the same in every rule set so far).
QUESTIONNAIRES = questionnaire_sizes(KSP_2016_06)
FIRST_FISCAL_YEAR = 1945
MAX_MONEY = Decimal("9999999999999999.99")  # 18 digits, 2 decimals: the column


def _money(value: Any, field: str, errors: dict[str, str]) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool | float):
        errors[field] = _("Give the amount as a decimal number, not %(value)r.") % {"value": value}
        return None
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    else:
        try:
            amount = parse_amount(str(value))
        except ValidationError as exc:
            errors[field] = exc.messages[0]
            return None
    if not amount.is_finite():
        errors[field] = _("Give a finite amount.")
        return None
    if amount < 0 and field not in SIGNED_MONEY_FIELDS:
        errors[field] = _("This amount cannot be negative.")
        return None
    if abs(amount) > MAX_MONEY or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        errors[field] = _("At most 16 digits before the comma and 2 after it.")
        return None
    return amount


def _count(value: Any, field: str, errors: dict[str, str]) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(str(value).replace(".", "")) if not isinstance(value, int) else value
    except ValueError:
        errors[field] = _("Give a whole number.")
        return None
    if isinstance(value, bool) or number < 0:
        errors[field] = _("Give a whole number of 0 or more.")
        return None
    return number


def _answers(value: Any, errors: dict[str, str]) -> dict[str, list[bool]]:
    if not value:
        return {}
    if not isinstance(value, Mapping):
        errors["management_answers"] = _("The questionnaires are a mapping of questionnaire to answers.")
        return {}
    clean: dict[str, list[bool]] = {}
    for name, answers in value.items():
        if name not in QUESTIONNAIRES:
            errors["management_answers"] = _("Unknown questionnaire “%(name)s”.") % {"name": name}
            return {}
        if not isinstance(answers, list | tuple) or not all(isinstance(a, bool) for a in answers):
            errors["management_answers"] = _("Answer each question with yes or no.")
            return {}
        if len(answers) != QUESTIONNAIRES[name]:
            errors["management_answers"] = _(
                "The questionnaire “%(name)s” has %(n)d questions; %(given)d answers were given."
            ) % {"name": name, "n": QUESTIONNAIRES[name], "given": len(answers)}
            return {}
        clean[name] = list(answers)
    return clean


def _rat_errors(values: dict[str, Any], *, fiscal_year: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    held, when = bool(values.get("rat_held")), values.get("rat_date")
    if when is not None and not isinstance(when, date):
        return {"rat_date": _("Give a date.")}
    if held and when is None:
        errors["rat_date"] = _("Give the date the RAT was held.")
    if not held and when is not None:
        errors["rat_held"] = _("A RAT date is given: tick “RAT held”, or clear the date.")
    if when is not None and when.year < fiscal_year:
        errors["rat_date"] = _("The RAT for fiscal year %(year)d cannot be held before that year.") % {
            "year": fiscal_year
        }
    if when is not None and when > timezone.localdate():
        errors["rat_date"] = _("The RAT date cannot be in the future.")
    members, present = values.get("members_end"), values.get("rat_attendance")
    if members is not None and present is not None and present > members:
        errors["rat_attendance"] = _("More members present (%(present)d) than members (%(members)d).") % {
            "present": present,
            "members": members,
        }
    return errors


def _count_errors(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    members, male, female = values.get("members_end"), values.get("members_male"), values.get("members_female")
    if members is not None and male is not None and female is not None and male + female != members:
        errors["members_female"] = _("Male and female members (%(sum)d) do not add up to the members (%(n)d).") % {
            "sum": male + female,
            "n": members,
        }
    savers = values.get("members_with_voluntary_savings")
    if members is not None and savers is not None and savers > members:
        errors["members_with_voluntary_savings"] = _("More savers (%(savers)d) than members (%(n)d).") % {
            "savers": savers,
            "n": members,
        }
    return errors


def _sum(values: dict[str, Any], *fields: str) -> Decimal:
    return sum((values.get(f) or Decimal(0) for f in fields), Decimal(0))


def _balance_errors(values: dict[str, Any]) -> dict[str, str]:
    """The balance sheet balances; cash and bank fit in current assets; the loan book adds up."""
    errors: dict[str, str] = {}
    assets = values.get("total_assets")
    sides = ("current_liabilities", "long_term_liabilities", "equity")
    if assets is not None and any(values.get(f) is not None for f in sides):
        other = _sum(values, *sides)
        if other != assets:
            errors["total_assets"] = _(
                "The balance sheet does not balance: total assets %(assets)s, but liabilities and equity add up "
                "to %(other)s (a difference of %(diff)s)."
            ) % {
                "assets": format_rupiah(assets, decimals=2),
                "other": format_rupiah(other, decimals=2),
                "diff": format_rupiah(assets - other, decimals=2),
            }
    current = values.get("current_assets")
    if current is not None and assets is not None and current > assets:
        errors["current_assets"] = _("Current assets cannot be more than total assets.")
    if current is not None and _sum(values, "cash", "bank") > current:
        errors["cash"] = _("Cash and bank together cannot be more than current assets.")
    outstanding = values.get("loans_outstanding")
    grades = ("current_loans", "substandard_loans", "doubtful_loans", "loss_loans")
    if outstanding is not None and any(values.get(f) is not None for f in grades):
        graded = _sum(values, *grades)
        complete = all(values.get(f) is not None for f in grades)
        if graded > outstanding or (complete and graded != outstanding):
            errors["current_loans"] = _(
                "Loans by collectibility (lancar, kurang lancar, diragukan, macet) add up to %(graded)s, but "
                "loans outstanding are %(outstanding)s."
            ) % {"graded": format_rupiah(graded, decimals=2), "outstanding": format_rupiah(outstanding, decimals=2)}
    risky = values.get("risky_loans")
    if risky is not None and outstanding is not None and risky > outstanding:
        errors["risky_loans"] = _("Risky loans cannot be more than loans outstanding.")
    volume, to_members = values.get("loan_volume"), values.get("member_loan_volume")
    if volume is not None and to_members is not None and to_members > volume:
        errors["member_loan_volume"] = _("Loans to members cannot be more than all loans disbursed.")
    return errors


def clean_report(data: Mapping[str, Any], *, fiscal_year: int) -> dict[str, Any]:
    """The report's values checked and typed, or ValidationError with every field's problem at once."""
    errors: dict[str, str] = {}
    values = pick_fields(data, REPORT_FIELDS)
    if not isinstance(fiscal_year, int) or not FIRST_FISCAL_YEAR <= fiscal_year <= timezone.localdate().year:
        errors["fiscal_year"] = _("The fiscal year must be between %(first)d and this year.") % {
            "first": FIRST_FISCAL_YEAR
        }
    for field in MONEY_FIELDS:
        values[field] = _money(values.get(field), field, errors)
    for field in COUNT_FIELDS:
        values[field] = _count(values.get(field), field, errors)
    values["rat_held"] = bool(values.get("rat_held"))
    values["management_answers"] = _answers(values.get("management_answers"), errors)
    values["external_ref"] = values.get("external_ref") or None
    if not errors:
        errors.update(_rat_errors(values, fiscal_year=fiscal_year))
        errors.update(_count_errors(values))
        errors.update(_balance_errors(values))
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def annual_report_save(
    *,
    actor: User,
    cooperative: Cooperative,
    fiscal_year: int,
    data: Mapping[str, Any],
    replace: bool = False,
    source: str = ChangeSource.WEB,
) -> AnnualReport:
    """Create the cooperative's report for ``fiscal_year``, or update it if there is one: the fields given
    change, the others stay (``replace=True`` clears every field not given, as a full re-entry does).
    The report is then scored under the office's rule set (a report that cannot be scored yet keeps the
    reasons in its assessment)."""
    cooperative = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    require_report_write(actor, cooperative)
    report = AnnualReport.objects.filter(cooperative=cooperative, fiscal_year=fiscal_year).first()
    before = snapshot(report) if report is not None else None
    current = {} if report is None or replace else {f: getattr(report, f) for f in REPORT_FIELDS}
    values = clean_report({**current, **dict(data)}, fiscal_year=fiscal_year)
    if report is None:
        report = AnnualReport(cooperative=cooperative, fiscal_year=fiscal_year)
    for k, v in values.items():
        setattr(report, k, v)
    save_logged(actor=actor, instance=report, before=before, source=source)
    cooperative_assess(actor=actor, report=report, source=source)
    return report


@transaction.atomic
def annual_report_delete(*, actor: User, report: AnnualReport, source: str = ChangeSource.WEB) -> None:
    """Remove a report entered by mistake, with its assessments: the office's call, not the cooperative's."""
    require_cooperative_write(actor, report.cooperative)
    for assessment in report.assessments.all():
        delete_logged(actor=actor, instance=assessment, source=source)
    cooperative = report.cooperative
    delete_logged(actor=actor, instance=report, source=source)
    cooperative_health_refresh(cooperative=cooperative)
