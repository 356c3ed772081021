"""Test data for cooperatives: a cooperative through the service, a complete annual report's values, the
cooperative's own officer, and reading a value off a page by its data-* marks.

``report_data()`` balances (total assets = current + long-term liabilities + equity), its loan book adds up
(lancar + kurang lancar + diragukan + macet = loans outstanding), every denominator of the health assessment
is above zero and every management question is answered, so ``services.annual_report_save`` stores it and
scores it. It holds no RAT (its date depends on the fiscal year): add ``rat(year)`` when the test needs one.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from html import unescape
from typing import Any

from django.utils import timezone

from sinergi.accounts.models import Role, User
from sinergi.accounts.services import system_actor, user_create
from sinergi.cooperatives import services
from sinergi.cooperatives.models import Cooperative, CooperativeKind
from sinergi.cooperatives.services.reports import QUESTIONNAIRES
from sinergi.core.numbers import format_rupiah

D = Decimal


def cooperative_make(*, actor: User, region_code: str, **overrides: Any) -> Cooperative:
    """A savings-and-loan cooperative in ``region_code`` (a kabupaten or lower), any field overridden."""
    data: dict[str, Any] = {"name": "Koperasi Sejahtera Bersama", "kind": CooperativeKind.SIMPAN_PINJAM}
    data.update(overrides)
    data["region_id"] = region_code
    return services.cooperative_create(actor=actor, data=data)


def answers(*, yes: bool = True) -> dict[str, list[bool]]:
    """Every management questionnaire answered, all "ya" (or all "tidak")."""
    return {name: [yes] * size for name, size in QUESTIONNAIRES.items()}


def rat(fiscal_year: int) -> dict[str, Any]:
    """A RAT held in March after the fiscal year (or today, if that is still to come)."""
    return {"rat_held": True, "rat_date": min(date(fiscal_year + 1, 3, 15), timezone.localdate())}


def report_data(**overrides: Any) -> dict[str, Any]:
    """A complete, balanced, scorable annual report (amounts in rupiah as Decimal); any field overridden."""
    data: dict[str, Any] = {
        "rat_held": False,
        "members_end": 120,
        "members_male": 70,
        "members_female": 50,
        "rat_attendance": 90,
        "staff": 5,
        "members_with_voluntary_savings": 80,
        # Balance sheet: 1.000.000.000 = 300.000.000 + 200.000.000 + 500.000.000
        "total_assets": D("1000000000.00"),
        "current_assets": D("300000000.00"),
        "cash": D("50000000.00"),
        "bank": D("100000000.00"),
        "current_liabilities": D("300000000.00"),
        "long_term_liabilities": D("200000000.00"),
        "equity": D("500000000.00"),
        "own_capital": D("450000000.00"),
        "weighted_capital": D("80000000.00"),
        "risk_weighted_assets": D("900000000.00"),
        "funds_received": D("800000000.00"),
        "principal_savings": D("20000000.00"),
        "mandatory_savings": D("180000000.00"),
        "voluntary_savings": D("250000000.00"),
        # Loan book: 700.000.000 = 600.000.000 + 50.000.000 + 30.000.000 + 20.000.000
        "loan_volume": D("900000000.00"),
        "member_loan_volume": D("810000000.00"),
        "loans_outstanding": D("700000000.00"),
        "current_loans": D("600000000.00"),
        "substandard_loans": D("50000000.00"),
        "doubtful_loans": D("30000000.00"),
        "loss_loans": D("20000000.00"),
        "risky_loans": D("100000000.00"),
        "risk_reserve": D("60000000.00"),
        # Income statement
        "gross_participation": D("200000000.00"),
        "net_participation": D("90000000.00"),
        "non_member_income": D("10000000.00"),
        "cost_of_services": D("60000000.00"),
        "operating_expenses": D("70000000.00"),
        "cooperative_expenses": D("10000000.00"),
        "staff_costs": D("30000000.00"),
        "shu_gross": D("140000000.00"),
        "shu_before_tax": D("60000000.00"),
        "shu": D("55000000.00"),
        "shu_members_share": D("40000000.00"),
        "member_economic_benefit": D("25000000.00"),
        "management_answers": answers(),
    }
    data.update(overrides)
    return data


def report_form_data(data: dict[str, Any]) -> dict[str, str]:
    """``data`` (as from ``report_data``) as the annual-report page's form posts it: amounts the Indonesian
    way ("1.000.000.000,00"), ticked boxes as "on", a checklist's questions as ``<name>_<number>``."""
    form: dict[str, str] = {}
    for field, value in data.items():
        if field == "management_answers":
            for name, given in value.items():
                form[f"{name}_answered"] = "on"
                form.update({f"{name}_{n}": "on" for n, yes in enumerate(given, start=1) if yes})
        elif isinstance(value, bool):
            if value:
                form[field] = "on"
        elif isinstance(value, Decimal):
            form[field] = format_rupiah(value, decimals=2).replace("Rp ", "")
        elif isinstance(value, date):
            form[field] = value.isoformat()
        elif value is not None:
            form[field] = str(value)
    return form


def cooperative_officer_make(*, cooperative: Cooperative, username: str = "pengurus") -> User:
    """A cooperative's own officer (Role.COOPERATIVE): may read that cooperative and write its reports."""
    return user_create(
        actor=system_actor(),
        username=username,
        password="rahasia-uji-123",  # test-only password
        role=Role.COOPERATIVE,
        cooperative_id=cooperative.pk,
    )


def page_value(html: str, *, row: str, key: str, field: str) -> str:
    """On a cooperative page, the text of the element marked ``data-field=field`` inside the table row marked
    ``row=key`` (e.g. row="data-component", key="1a", field="score"), entities decoded."""
    found = re.search(rf'<tr {row}="{re.escape(key)}">(.*?)</tr>', html, re.S)
    assert found, (row, key)
    cell = re.search(rf'data-field="{field}"[^>]*>([^<]*)<', found.group(1))
    assert cell, (key, field)
    return unescape(cell.group(1).strip())
