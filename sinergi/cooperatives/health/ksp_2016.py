"""The KSP/USP rule sets as data: Peraturan Deputi Bidang Pengawasan Kemenkop UKM No. 06/Per/Dep.6/IV/2016,
in its banded reading and the linear reading published examples use. The types they are built from, and
the checks each rule set passes when built, are in ``rules.py``; docs/health-assessment.md cites each band.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sinergi.cooperatives.health.rules import (
    HUNDRED,
    Aspect,
    Band,
    Bands,
    Checklist,
    Component,
    Evidence,
    Interval,
    Linear,
    Predicate,
    RatioRule,
    RuleSet,
    Term,
)

# --- Peraturan Deputi Bidang Pengawasan Kemenkop UKM No. 06/Per/Dep.6/IV/2016 (KSP/USP) ----------------


def _bands(*rows: tuple[str, int]) -> Bands:
    """Bands from (interval, score) rows in ascending order."""
    return Bands(bands=tuple(Band(interval=Interval.parse(text=text), score=Decimal(score)) for text, score in rows))


def _terms(*, value: str | tuple[Term, ...]) -> tuple[Term, ...]:
    return (Term(figure=value),) if isinstance(value, str) else value


def _ratio(*, of: str | tuple[Term, ...], to: str | tuple[Term, ...], bands: Bands, to_name: str = "") -> RatioRule:
    """The regulation's "rasio <of> terhadap <to>": a figure's name, or terms for a sum."""
    return RatioRule(numerator=_terms(value=of), denominator=_terms(value=to), scale=bands, denominator_name=to_name)


def _checklist(*, answers: str, items: int, points_per_yes: str) -> Checklist:
    return Checklist(answers=answers, items=items, points_per_yes=Decimal(points_per_yes))


def _sum(*figures: str) -> tuple[Term, ...]:
    return tuple(Term(figure=figure) for figure in figures)


# Risiko pinjaman bermasalah (RPM): half of kurang lancar, three quarters of diragukan, all of macet (S12, S20).
RPM = (
    Term(figure="substandard_loans", coefficient=Decimal("0.5")),
    Term(figure="doubtful_loans", coefficient=Decimal("0.75")),
    Term(figure="loss_loans"),
)
RPM_NAME = "risiko pinjaman bermasalah (0.5 PKL + 0.75 PDR + PM)"
_D = Decimal
_R09 = Evidence.REGULATION_2009
_PR = Evidence.PRACTICE

# The layout below mirrors the regulation's tables, one (interval, score) pair per band; the formatter would
# spread each table over a dozen lines.
# fmt: off
_PERMODALAN = Aspect(code="permodalan", name="Permodalan", weight=_D(15), components=(
    Component(code="1a", name="Rasio modal sendiri terhadap total aset", weight=_D(6), evidence=_PR,
              source="S17, S19, S20", rule=_ratio(of="own_capital", to="total_assets", bands=_bands(
                  ("(-inf, 0]", 0), ("(0, 20]", 25), ("(20, 40]", 50), ("(40, 60]", 100), ("(60, 80]", 50),
                  ("(80, inf)", 25)))),
    Component(code="1b", name="Rasio modal sendiri terhadap pinjaman diberikan yang berisiko", weight=_D(6),
              evidence=_R09, source="S11 (table)", rule=_ratio(of="own_capital", to="risky_loans", bands=_bands(
                  ("(-inf, 10)", 0), ("[10, 20)", 10), ("[20, 30)", 20), ("[30, 40)", 30), ("[40, 50)", 40),
                  ("[50, 60)", 50), ("[60, 70)", 60), ("[70, 80)", 70), ("[80, 90)", 80), ("[90, 100)", 90),
                  ("[100, inf)", 100)))),
    Component(code="1c", name="Rasio kecukupan modal sendiri", weight=_D(3), evidence=_R09, source="S11",
              rule=_ratio(of="weighted_capital", to="risk_weighted_assets", bands=_bands(
                  ("(-inf, 4)", 0), ("[4, 6)", 50), ("[6, 8)", 75), ("[8, inf)", 100)))),
))

_KUALITAS_AKTIVA = Aspect(code="kualitas_aktiva_produktif", name="Kualitas Aktiva Produktif", weight=_D(25),
                          components=(
    Component(code="2a", name="Rasio volume pinjaman pada anggota terhadap volume pinjaman diberikan", weight=_D(10),
              evidence=_R09, source="S12", rule=_ratio(of="member_loan_volume", to="loan_volume", bands=_bands(
                  ("(-inf, 25]", 0), ("(25, 50]", 50), ("(50, 75]", 75), ("(75, inf)", 100)))),
    Component(code="2b", name="Rasio risiko pinjaman bermasalah terhadap pinjaman yang diberikan", weight=_D(5),
              evidence=_R09, source="S13 (table 2.4)", rule=_ratio(of=RPM, to="loans_outstanding", bands=_bands(
                  ("(-inf, 0]", 100), ("(0, 10]", 80), ("(10, 20]", 60), ("(20, 30]", 40), ("(30, 40]", 20),
                  ("(40, 45]", 10), ("(45, inf)", 0)))),
    Component(code="2c", name="Rasio cadangan risiko terhadap risiko pinjaman bermasalah", weight=_D(5),
              evidence=_R09, source="S13 (table 2.5)", rule=_ratio(of="risk_reserve", to=RPM, to_name=RPM_NAME,
                  bands=_bands(
                  ("(-inf, 0]", 0), ("(0, 10]", 10), ("(10, 20]", 20), ("(20, 30]", 30), ("(30, 40]", 40),
                  ("(40, 50]", 50), ("(50, 60]", 60), ("(60, 70]", 70), ("(70, 80]", 80), ("(80, 90]", 90),
                  ("(90, inf)", 100)))),
    Component(code="2d", name="Rasio pinjaman yang berisiko terhadap pinjaman yang diberikan", weight=_D(5),
              evidence=_PR, source="S17, S21", rule=_ratio(of="risky_loans", to="loans_outstanding", bands=_bands(
                  ("(-inf, 21)", 100), ("[21, 25]", 75), ("(25, 30]", 50), ("(30, inf)", 25)))),
))

_MANAJEMEN = Aspect(code="manajemen", name="Manajemen", weight=_D(15), components=(
    Component(code="3a", name="Manajemen umum", weight=_D(3), evidence=_R09, source="S13 (table 9), S17",
              rule=_checklist(answers="general", items=12, points_per_yes="0.25")),
    Component(code="3b", name="Kelembagaan", weight=_D(3), evidence=_R09, source="S13 (table 10), S17",
              rule=_checklist(answers="institutional", items=6, points_per_yes="0.5")),
    Component(code="3c", name="Manajemen permodalan", weight=_D(3), evidence=_R09, source="S13 (table 11), S17",
              rule=_checklist(answers="capital", items=5, points_per_yes="0.6")),
    Component(code="3d", name="Manajemen aktiva", weight=_D(3), evidence=_R09, source="S13 (table 12), S17",
              rule=_checklist(answers="assets", items=10, points_per_yes="0.3")),
    Component(code="3e", name="Manajemen likuiditas", weight=_D(3), evidence=_R09, source="S13 (table 13), S17",
              rule=_checklist(answers="liquidity", items=5, points_per_yes="0.6")),
))

_EFISIENSI = Aspect(code="efisiensi", name="Efisiensi", weight=_D(10), components=(
    Component(code="4a", name="Rasio beban operasi anggota terhadap partisipasi bruto", weight=_D(4), evidence=_PR,
              source="S22 (formula), S17 (bands)",
              rule=_ratio(of=_sum("cost_of_services", "operating_expenses", "cooperative_expenses"),
                          to="gross_participation", bands=_bands(
                  ("(-inf, 90)", 100), ("[90, 95)", 75), ("[95, 100)", 50), ("[100, inf)", 25)))),
    Component(code="4b", name="Rasio beban usaha terhadap SHU kotor", weight=_D(4), evidence=_PR, source="S17",
              rule=_ratio(of="operating_expenses", to="shu_gross", bands=_bands(
                  ("(-inf, 40]", 100), ("(40, 60]", 75), ("(60, 80]", 50), ("(80, inf)", 25)))),
    Component(code="4c", name="Rasio efisiensi pelayanan", weight=_D(2), evidence=_PR, source="S17",
              rule=_ratio(of="staff_costs", to="loan_volume", bands=_bands(
                  ("(-inf, 5]", 100), ("(5, 10]", 75), ("(10, 15]", 50), ("(15, inf)", 0)))),
))

_LIKUIDITAS = Aspect(code="likuiditas", name="Likuiditas", weight=_D(15), components=(
    Component(code="5a", name="Rasio kas", weight=_D(10), evidence=_R09, source="S36, S17",
              rule=_ratio(of=_sum("cash", "bank"), to="current_liabilities", bands=_bands(
                  ("(-inf, 10]", 25), ("(10, 15]", 100), ("(15, 20]", 50), ("(20, inf)", 25)))),
    Component(code="5b", name="Rasio pinjaman yang diberikan terhadap dana yang diterima", weight=_D(5),
              evidence=_R09, source="S14; 90 and above from S17",
              rule=_ratio(of="loans_outstanding", to="funds_received", bands=_bands(
                  ("(-inf, 60)", 25), ("[60, 70)", 50), ("[70, 80)", 75), ("[80, inf)", 100)))),
))

_KEMANDIRIAN = Aspect(code="kemandirian_pertumbuhan", name="Kemandirian dan Pertumbuhan", weight=_D(10), components=(
    Component(code="6a", name="Rentabilitas aset", weight=_D(3), evidence=_R09, source="S14",
              rule=_ratio(of="shu_before_tax", to="total_assets", bands=_bands(
                  ("(-inf, 5)", 25), ("[5, 7.5)", 50), ("[7.5, 10)", 75), ("[10, inf)", 100)))),
    Component(code="6b", name="Rentabilitas modal sendiri", weight=_D(3), evidence=_R09, source="S15",
              rule=_ratio(of="shu_members_share", to="own_capital", bands=_bands(
                  ("(-inf, 3)", 25), ("[3, 4)", 50), ("[4, 5)", 75), ("[5, inf)", 100)))),
    Component(code="6c", name="Kemandirian operasional pelayanan", weight=_D(4), evidence=_R09, source="S15, S17",
              rule=_ratio(of="net_participation", to=_sum("operating_expenses", "cooperative_expenses"),
                          to_name="beban usaha + beban perkoperasian", bands=_bands(
                  ("(-inf, 100]", 0), ("(100, inf)", 100)))),
))

_JATIDIRI = Aspect(code="jatidiri", name="Jatidiri Koperasi", weight=_D(10), components=(
    Component(code="7a", name="Rasio partisipasi bruto", weight=_D(7), evidence=_R09, source="S15, S23",
              rule=_ratio(of="gross_participation", to=_sum("gross_participation", "non_member_income"),
                          to_name="partisipasi bruto + pendapatan", bands=_bands(
                  ("(-inf, 25)", 25), ("[25, 50)", 50), ("[50, 75)", 75), ("[75, inf)", 100)))),
    Component(code="7b", name="Rasio promosi ekonomi anggota (PEA)", weight=_D(3), evidence=_PR, source="S23, S17",
              rule=_ratio(of=_sum("member_economic_benefit", "shu_members_share"),
                          to=_sum("principal_savings", "mandatory_savings"),
                          to_name="simpanan pokok + simpanan wajib", bands=_bands(
                  ("(-inf, 5)", 0), ("[5, 7.5)", 50), ("[7.5, 10)", 75), ("[10, inf)", 100)))),
))

PREDICATES = (
    Predicate(code="DALAM_PENGAWASAN_KHUSUS", label="Dalam Pengawasan Khusus", interval=Interval.parse(text="[0, 51)")),
    Predicate(code="DALAM_PENGAWASAN", label="Dalam Pengawasan", interval=Interval.parse(text="[51, 66)")),
    Predicate(code="CUKUP_SEHAT", label="Cukup Sehat", interval=Interval.parse(text="[66, 80)")),
    Predicate(code="SEHAT", label="Sehat", interval=Interval.parse(text="[80, 100]")),
)
# fmt: on

KSP_2016_06 = RuleSet(
    version="ksp-2016-06",
    title="Peraturan Deputi Bidang Pengawasan Kemenkop UKM No. 06/Per/Dep.6/IV/2016 (KSP/USP), pembacaan rentang",
    aspects=(_PERMODALAN, _KUALITAS_AKTIVA, _MANAJEMEN, _EFISIENSI, _LIKUIDITAS, _KEMANDIRIAN, _JATIDIRI),
    predicates=PREDICATES,
)


def _with_scales(
    *, rules: RuleSet, version: str, title: str, scales: dict[str, tuple[Linear, Evidence, str]]
) -> RuleSet:
    """``rules`` with the named ratio components scored another way: a variant is data derived from data."""

    def component(*, c: Component) -> Component:
        if c.code not in scales or not isinstance(c.rule, RatioRule):
            return c
        scale, evidence, source = scales[c.code]
        return replace(c, rule=replace(c.rule, scale=scale), evidence=evidence, source=source)

    aspects = tuple(replace(a, components=tuple(component(c=c) for c in a.components)) for a in rules.aspects)
    return replace(rules, version=version, title=title, aspects=aspects)


# The "linear" reading that published examples also use (S25): whole-percent ratios, then a line instead of
# bands for 1b, 2b and 2c. 2b follows the published numbers (100 - 2 x ratio), not the 2009 text.
KSP_2016_06_LINEAR = _with_scales(
    rules=KSP_2016_06,
    version="ksp-2016-06-linear",
    title="Peraturan Deputi Bidang Pengawasan Kemenkop UKM No. 06/Per/Dep.6/IV/2016 (KSP/USP), pembacaan linear",
    scales={
        "1b": (Linear(intercept=Decimal(0), slope=Decimal(1)), Evidence.REGULATION_2009, "S11 (text), S25"),
        "2b": (Linear(intercept=HUNDRED, slope=Decimal(-2)), Evidence.PRACTICE, "S25"),
        "2c": (Linear(intercept=Decimal(0), slope=Decimal(1)), Evidence.REGULATION_2009, "S13 (text), S25"),
    },
)

RULE_SETS: dict[str, RuleSet] = {rules.version: rules for rules in (KSP_2016_06, KSP_2016_06_LINEAR)}
