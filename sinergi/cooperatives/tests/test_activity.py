"""The active/inactive rule: a pure function of the fiscal years with a RAT, and the deadline of a year's RAT."""

from __future__ import annotations

import datetime as dt

import pytest

from sinergi.cooperatives.activity import ANY, EACH, ActivityRule, activity_status, last_due_fiscal_year


@pytest.mark.parametrize(
    ("held", "active", "missing"),
    [
        ({2024, 2025}, True, ()),
        ({2023, 2024, 2025}, True, ()),
        ({2025}, False, (2024,)),
        ({2024}, False, (2025,)),
        (set(), False, (2024, 2025)),
        ({2022, 2023}, False, (2024, 2025)),  # RATs long ago do not count
    ],
)
def test_each_of_the_last_two_years(held, active, missing):
    result = activity_status(rat_years=held, as_of_year=2025, rule=ActivityRule(years=2, mode=EACH))
    assert result.window == (2024, 2025)
    assert result.active is active
    assert result.missing == missing


def test_any_of_the_last_three_years_as_blitar_counts():
    rule = ActivityRule(years=3, mode=ANY)
    assert activity_status(rat_years={2023}, as_of_year=2025, rule=rule).active
    assert not activity_status(rat_years={2022}, as_of_year=2025, rule=rule).active


def test_reason_names_the_years_and_the_rule():
    rule = ActivityRule(years=2, mode=EACH)
    inactive = activity_status(rat_years={2025}, as_of_year=2025, rule=rule)
    assert inactive.reason == "Inactive: no RAT for fiscal years 2024 (RAT held for each of the last 2 fiscal years)."
    active = activity_status(rat_years={2024, 2025}, as_of_year=2025, rule=rule)
    assert "2024, 2025" in active.reason
    assert active.reason.startswith("Active")
    partly = activity_status(rat_years={2025}, as_of_year=2025, rule=ActivityRule(years=2, mode=ANY))
    assert partly.reason == (
        "Active: RAT held for 2025; none for 2024 (RAT held for at least one of the last 2 fiscal years)."
    )


@pytest.mark.parametrize(("years", "mode"), [(0, EACH), (2, "most")])
def test_a_rule_that_makes_no_sense_is_refused(years, mode):
    with pytest.raises(ValueError, match="activity rule"):
        ActivityRule(years=years, mode=mode)


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (dt.date(2026, 6, 30), 2024),
        (dt.date(2026, 7, 1), 2025),
        (dt.date(2026, 12, 1), 2025),
        (dt.date(2026, 1, 5), 2024),
    ],
)
def test_a_years_rat_is_due_after_june_of_the_next_year(today, year):
    assert last_due_fiscal_year(today=today) == year
