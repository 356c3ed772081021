"""PP 7/2021 Pasal 35 boundaries: upper bounds are inclusive; sales decide when both are known."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sinergi.registry.scale import PP_7_2021, classify

M = Decimal(1_000_000_000)
CENT = Decimal("0.01")


@pytest.mark.parametrize(
    ("sales", "scale"),
    [
        (Decimal(0), "mikro"),
        (2 * M, "mikro"),
        (2 * M + CENT, "kecil"),
        (15 * M, "kecil"),
        (15 * M + CENT, "menengah"),
        (50 * M, "menengah"),
        (50 * M + CENT, "besar"),
    ],
)
def test_sales_bands(sales, scale):
    assert classify(modal_usaha=None, annual_sales=sales) == scale


@pytest.mark.parametrize(
    ("capital", "scale"),
    [
        (1 * M, "mikro"),
        (1 * M + CENT, "kecil"),
        (5 * M, "kecil"),
        (5 * M + CENT, "menengah"),
        (10 * M, "menengah"),
        (10 * M + CENT, "besar"),
    ],
)
def test_capital_bands(capital, scale):
    assert classify(modal_usaha=capital, annual_sales=None) == scale


def test_sales_decide_for_a_running_business():
    assert classify(modal_usaha=3 * M, annual_sales=1 * M) == "mikro"


def test_no_figures_no_scale():
    assert classify(modal_usaha=None, annual_sales=None) is None


def test_rule_is_named_after_the_regulation():
    assert PP_7_2021.code == "PP 7/2021 Pasal 35"
