"""KSP/USP health assessment (Perdep 06/Per/Dep.6/IV/2016): bands, weights, predicates, published examples, errors.

Pure functions only: nothing here touches the database. Source ids (S5, S11, ...) are those of
docs/health-assessment.md.
"""

from __future__ import annotations

from dataclasses import fields, replace
from decimal import Decimal, localcontext

import pytest

from sinergi.cooperatives.health import (
    KSP_2016_06,
    KSP_2016_06_LINEAR,
    RULE_SETS,
    AnswerCountError,
    Band,
    Bands,
    Checklist,
    Evidence,
    Figures,
    HealthInputError,
    Interval,
    InvalidFigureError,
    ManagementAnswers,
    MissingInputError,
    NegativeDenominatorError,
    RatioRule,
    RuleSetError,
    Term,
    Unit,
    ZeroDenominatorError,
    component_score,
    health_score,
)

D = Decimal
HUNDRED = D(100)

# How to build figures whose ratio for a component is exactly x percent: x over 100, other terms zero.
_RATIO_FIGURES = {
    "1a": lambda *, x: Figures(own_capital=x, total_assets=HUNDRED),
    "1b": lambda *, x: Figures(own_capital=x, risky_loans=HUNDRED),
    "1c": lambda *, x: Figures(weighted_capital=x, risk_weighted_assets=HUNDRED),
    "2a": lambda *, x: Figures(member_loan_volume=x, loan_volume=HUNDRED),
    "2b": lambda *, x: Figures(substandard_loans=D(0), doubtful_loans=D(0), loss_loans=x, loans_outstanding=HUNDRED),
    "2c": lambda *, x: Figures(risk_reserve=x, substandard_loans=D(0), doubtful_loans=D(0), loss_loans=HUNDRED),
    "2d": lambda *, x: Figures(risky_loans=x, loans_outstanding=HUNDRED),
    "4a": lambda *, x: Figures(
        cost_of_services=x, operating_expenses=D(0), cooperative_expenses=D(0), gross_participation=HUNDRED
    ),
    "4b": lambda *, x: Figures(operating_expenses=x, shu_gross=HUNDRED),
    "4c": lambda *, x: Figures(staff_costs=x, loan_volume=HUNDRED),
    "5a": lambda *, x: Figures(cash=x, bank=D(0), current_liabilities=HUNDRED),
    "5b": lambda *, x: Figures(loans_outstanding=x, funds_received=HUNDRED),
    "6a": lambda *, x: Figures(shu_before_tax=x, total_assets=HUNDRED),
    "6b": lambda *, x: Figures(shu_members_share=x, own_capital=HUNDRED),
    "6c": lambda *, x: Figures(net_participation=x, operating_expenses=HUNDRED, cooperative_expenses=D(0)),
    "7a": lambda *, x: Figures(gross_participation=x, non_member_income=HUNDRED - x),
    "7b": lambda *, x: Figures(
        member_economic_benefit=x, shu_members_share=D(0), principal_savings=HUNDRED, mandatory_savings=D(0)
    ),
}

# Written out by hand from the tables in docs/health-assessment.md, not derived from the rule data: every
# band edge, with the value on it and 0.01 either side (below 0 only where the numerator may be negative).
EXPECTED_SCORES: dict[str, list[tuple[str, int]]] = {
    "1a": [("-0.01", 0), ("0", 0), ("0.01", 25), ("19.99", 25), ("20", 25), ("20.01", 50), ("39.99", 50),
           ("40", 50), ("40.01", 100), ("59.99", 100), ("60", 100), ("60.01", 50), ("79.99", 50), ("80", 50),
           ("80.01", 25)],
    "1b": [("-5", 0), ("9.99", 0), ("10", 10), ("10.01", 10), ("19.99", 10), ("20", 20), ("20.01", 20),
           ("29.99", 20), ("30", 30), ("30.01", 30), ("39.99", 30), ("40", 40), ("40.01", 40), ("49.99", 40),
           ("50", 50), ("50.01", 50), ("59.99", 50), ("60", 60), ("60.01", 60), ("69.99", 60), ("70", 70),
           ("70.01", 70), ("79.99", 70), ("80", 80), ("80.01", 80), ("89.99", 80), ("90", 90), ("90.01", 90),
           ("99.99", 90), ("100", 100), ("100.01", 100)],
    "1c": [("3.99", 0), ("4", 50), ("4.01", 50), ("5.99", 50), ("6", 75), ("6.01", 75), ("7.99", 75), ("8", 100),
           ("8.01", 100)],
    "2a": [("24.99", 0), ("25", 0), ("25.01", 50), ("49.99", 50), ("50", 50), ("50.01", 75), ("74.99", 75),
           ("75", 75), ("75.01", 100)],
    "2b": [("0", 100), ("0.01", 80), ("9.99", 80), ("10", 80), ("10.01", 60), ("19.99", 60), ("20", 60),
           ("20.01", 40), ("29.99", 40), ("30", 40), ("30.01", 20), ("39.99", 20), ("40", 20), ("40.01", 10),
           ("44.99", 10), ("45", 10), ("45.01", 0)],
    "2c": [("0", 0), ("0.01", 10), ("9.99", 10), ("10", 10), ("10.01", 20), ("19.99", 20), ("20", 20),
           ("20.01", 30), ("29.99", 30), ("30", 30), ("30.01", 40), ("39.99", 40), ("40", 40), ("40.01", 50),
           ("49.99", 50), ("50", 50), ("50.01", 60), ("59.99", 60), ("60", 60), ("60.01", 70), ("69.99", 70),
           ("70", 70), ("70.01", 80), ("79.99", 80), ("80", 80), ("80.01", 90), ("89.99", 90), ("90", 90),
           ("90.01", 100), ("100", 100), ("250", 100)],
    "2d": [("20.99", 100), ("21", 75), ("21.01", 75), ("24.99", 75), ("25", 75), ("25.01", 50), ("29.99", 50),
           ("30", 50), ("30.01", 25)],
    "4a": [("89.99", 100), ("90", 75), ("90.01", 75), ("94.99", 75), ("95", 50), ("95.01", 50), ("99.99", 50),
           ("100", 25), ("100.01", 25)],
    "4b": [("39.99", 100), ("40", 100), ("40.01", 75), ("59.99", 75), ("60", 75), ("60.01", 50), ("79.99", 50),
           ("80", 50), ("80.01", 25)],
    "4c": [("4.99", 100), ("5", 100), ("5.01", 75), ("9.99", 75), ("10", 75), ("10.01", 50), ("14.99", 50),
           ("15", 50), ("15.01", 0)],
    "5a": [("9.99", 25), ("10", 25), ("10.01", 100), ("14.99", 100), ("15", 100), ("15.01", 50), ("19.99", 50),
           ("20", 50), ("20.01", 25)],
    "5b": [("59.99", 25), ("60", 50), ("60.01", 50), ("69.99", 50), ("70", 75), ("70.01", 75), ("79.99", 75),
           ("80", 100), ("80.01", 100), ("120", 100)],
    "6a": [("-3", 25), ("4.99", 25), ("5", 50), ("5.01", 50), ("7.49", 50), ("7.5", 75), ("7.51", 75),
           ("9.99", 75), ("10", 100), ("10.01", 100)],
    "6b": [("2.99", 25), ("3", 50), ("3.01", 50), ("3.99", 50), ("4", 75), ("4.01", 75), ("4.99", 75), ("5", 100),
           ("5.01", 100)],
    "6c": [("99.99", 0), ("100", 0), ("100.01", 100)],
    "7a": [("24.99", 25), ("25", 50), ("25.01", 50), ("49.99", 50), ("50", 75), ("50.01", 75), ("74.99", 75),
           ("75", 100), ("75.01", 100)],
    "7b": [("4.99", 0), ("5", 50), ("5.01", 50), ("7.49", 50), ("7.5", 75), ("7.51", 75), ("9.99", 75),
           ("10", 100), ("10.01", 100)],
}  # fmt: skip

_BOUNDARY_CASES = [(code, D(value), D(score)) for code, rows in EXPECTED_SCORES.items() for value, score in rows]


def _score(*, code, figures, rules=KSP_2016_06, answers=None):
    return component_score(component=rules.component(code=code), figures=figures, answers=answers)


@pytest.mark.parametrize(("code", "ratio", "score"), _BOUNDARY_CASES, ids=str)
def test_every_band_edge_of_every_component(code, ratio, score):
    result = _score(code=code, figures=_RATIO_FIGURES[code](x=ratio))
    assert result.value == ratio
    assert result.unit is Unit.PERCENT
    assert result.score == score
    assert result.band is not None
    assert result.band.interval.contains(value=ratio)
    assert result.contribution == score * KSP_2016_06.component(code=code).weight / 100


def test_boundary_table_covers_every_edge_of_every_ratio_component():
    """Guards the table above: a band added to the rules without its edge cases fails here."""
    rules = {c.code: c.rule for c in KSP_2016_06.components if isinstance(c.rule, RatioRule)}
    assert set(rules) == set(EXPECTED_SCORES)
    signed = {f.name for f in fields(Figures) if f.metadata.get("signed", False)}
    for code, rule in rules.items():
        assert isinstance(rule.scale, Bands)
        tested = {D(value) for value, _score in EXPECTED_SCORES[code]}
        numerator_signed = any(t.figure in signed for t in rule.numerator)
        edges = {b.interval.upper for b in rule.scale.bands if b.interval.upper is not None}
        for edge in edges:
            assert {edge, edge + D("0.01")} <= tested, (code, edge)
            if edge > 0 or numerator_signed:
                assert edge - D("0.01") in tested, (code, edge)


def test_aspect_weights_are_the_regulations_and_sum_to_100():
    """Aspect weights of the 2016 rule (S3); component weights add up to their aspect's."""
    weights = {a.code: a.weight for a in KSP_2016_06.aspects}
    assert weights == {
        "permodalan": 15,
        "kualitas_aktiva_produktif": 25,
        "manajemen": 15,
        "efisiensi": 10,
        "likuiditas": 15,
        "kemandirian_pertumbuhan": 10,
        "jatidiri": 10,
    }
    assert sum(weights.values()) == 100
    for rules in RULE_SETS.values():
        for aspect in rules.aspects:
            assert sum(c.weight for c in aspect.components) == aspect.weight, aspect.code


def test_component_weights_are_the_regulations():
    assert {c.code: int(c.weight) for c in KSP_2016_06.components} == {
        "1a": 6, "1b": 6, "1c": 3, "2a": 10, "2b": 5, "2c": 5, "2d": 5, "3a": 3, "3b": 3, "3c": 3, "3d": 3,
        "3e": 3, "4a": 4, "4b": 4, "4c": 2, "5a": 10, "5b": 5, "6a": 3, "6b": 3, "6c": 4, "7a": 7, "7b": 3,
    }  # fmt: skip


def test_every_figure_and_questionnaire_a_rule_names_exists():
    figure_names = {f.name for f in fields(Figures)}
    answer_names = {f.name for f in fields(ManagementAnswers)}
    for rules in RULE_SETS.values():
        for component in rules.components:
            if isinstance(component.rule, Checklist):
                assert component.rule.answers in answer_names
            else:
                terms = component.rule.numerator + component.rule.denominator
                assert {t.figure for t in terms} <= figure_names, component.code
    assert all(f.metadata.get("label") for f in fields(Figures))


@pytest.mark.parametrize(
    ("total", "code"),
    [
        ("0", "DALAM_PENGAWASAN_KHUSUS"),
        ("50.99", "DALAM_PENGAWASAN_KHUSUS"),
        ("51", "DALAM_PENGAWASAN"),
        ("51.01", "DALAM_PENGAWASAN"),
        ("65.99", "DALAM_PENGAWASAN"),
        ("66", "CUKUP_SEHAT"),
        ("66.01", "CUKUP_SEHAT"),
        ("79.99", "CUKUP_SEHAT"),
        ("80", "SEHAT"),
        ("80.01", "SEHAT"),
        ("100", "SEHAT"),
    ],
)
def test_predicate_cut_offs(total, code):
    assert KSP_2016_06.predicate_for(score=D(total)).code == code


@pytest.mark.parametrize("total", ["-0.01", "100.01"])
def test_a_total_outside_0_to_100_has_no_predicate(total):
    with pytest.raises(RuleSetError, match="outside 0-100"):
        KSP_2016_06.predicate_for(score=D(total))


@pytest.mark.parametrize(
    ("total", "label"),
    [
        ("67.70", "Cukup Sehat"),  # KSP Mitra Sukses Lestari 2016 (S5)
        ("62.45", "Dalam Pengawasan"),  # 2017
        ("67.80", "Cukup Sehat"),  # 2018
        ("65.98", "Dalam Pengawasan"),  # the three years' mean, published as "dalam pengawasan"
        ("68.60", "Cukup Sehat"),  # KSP Cipta Mulia, Bondalem 2021 (S9)
        ("79.85", "Cukup Sehat"),  # KSP Usaha Beraya Bopeas
        ("53.65", "Dalam Pengawasan"),  # KSP Sapta Sedana Murti
    ],
)
def test_published_totals_get_their_published_predicates(total, label):
    """Totals and predicates as published by Zahra & Mulawarman (Universitas Brawijaya) for KSP Mitra Sukses
    Lestari Malang 2016-2018, and by the Undiksha JJA study of KSPs in Desa Bondalem 2021."""
    assert KSP_2016_06.predicate_for(score=D(total)).label == label


@pytest.mark.parametrize(
    ("percent", "label"),
    [("70", "Cukup Sehat"), ("61", "Dalam Pengawasan"), ("76.3", "Cukup Sehat"), ("25", "Dalam Pengawasan Khusus")],
)
def test_aspect_percentages_are_graded_like_totals(percent, label):
    """Koperasi Gurindam 2016-2018 (Agustina, Adel & Rikayana, 2020; S8): permodalan 70, KAP 61, manajemen 76.3,
    likuiditas 25, each graded on its own with the same cut-offs."""
    assert KSP_2016_06.predicate_for(score=D(percent)).label == label


# --- Worked examples with full inputs (docs/health-assessment-research.md, section 3.3) -----------------


@pytest.mark.parametrize(
    ("capital", "atmr", "published"),
    [
        ("1331473063", "1204854973", "110.51"),
        ("1489431862", "1397000401", "106.62"),
        ("1655585332", "1390135379", "119.10"),
    ],
)
def test_nagara_capital_adequacy(capital, atmr, published):
    """KPRI "Nagara" 2014-2016, tables 29-37 of the thesis chapter reproduced at text-id.123dok.com (S25):
    modal tertimbang / ATMR, published ratio, nilai 100, skor 3."""
    result = _score(code="1c", figures=Figures(weighted_capital=D(capital), risk_weighted_assets=D(atmr)))
    assert result.value.quantize(D("0.01")) == D(published)
    assert (result.score, result.contribution) == (100, 3)


@pytest.mark.parametrize(
    ("rpm", "loans", "published", "banded", "linear"),
    [
        ("49904008", "1190916827", "4.19", 80, 92),
        ("21631466", "1383269177", "1.56", 80, 96),
        ("9915000", "1376939305", "0.72", 80, 98),
    ],
)
def test_nagara_problem_loan_risk(rpm, loans, published, banded, linear):
    """KPRI "Nagara" 2014-2016 (S25) published nilai 92/96/98 (skor 4.6/4.8/4.9) for RPM / pinjaman diberikan:
    the linear reading. The article gives RPM only, so it is entered as pinjaman macet (counted in full)."""
    figures = Figures(substandard_loans=D(0), doubtful_loans=D(0), loss_loans=D(rpm), loans_outstanding=D(loans))
    banded_result = _score(code="2b", figures=figures)
    linear_result = _score(code="2b", figures=figures, rules=KSP_2016_06_LINEAR)
    assert banded_result.value.quantize(D("0.01")) == D(published)
    assert banded_result.score == banded
    assert linear_result.band is None
    assert (linear_result.score, linear_result.contribution) == (linear, D(linear) * 5 / 100)


@pytest.mark.parametrize(
    ("reserve", "rpm", "published", "banded", "linear", "skor"),
    [
        ("15591299", "49904008", "31.24", 40, 31, "1.55"),
        ("17500794", "21631466", "80.90", 90, 81, "4.05"),
        ("19543954", "9915000", "197.12", 100, 100, "5"),
    ],
)
def test_nagara_risk_reserve(reserve, rpm, published, banded, linear, skor):
    """KPRI "Nagara" 2014-2016 (S25): cadangan risiko / RPM, published nilai 31/81/100 and skor 1.55/4.05/5."""
    figures = Figures(risk_reserve=D(reserve), substandard_loans=D(0), doubtful_loans=D(0), loss_loans=D(rpm))
    assert _score(code="2c", figures=figures).value.quantize(D("0.01")) == D(published)
    assert _score(code="2c", figures=figures).score == banded
    linear_result = _score(code="2c", figures=figures, rules=KSP_2016_06_LINEAR)
    assert (linear_result.score, linear_result.contribution) == (linear, D(skor))


@pytest.mark.parametrize("volume", ["1190916827", "1383269177", "1376939305"])
def test_nagara_member_loans(volume):
    """KPRI "Nagara" 2014-2016 (S25): every loan went to members, 100 %, the top band."""
    result = _score(code="2a", figures=Figures(member_loan_volume=D(volume), loan_volume=D(volume)))
    assert (result.value, result.score, result.contribution) == (100, 100, 10)


@pytest.mark.parametrize(
    ("code", "ratio", "score", "skor"),
    [
        ("2b", "0.58", 80, "4.00"),
        ("2b", "0.59", 80, "4.00"),
        ("2c", "46.94", 50, "2.50"),
        ("2c", "24.94", 30, "1.50"),
        ("2c", "97.85", 100, "5.00"),
        ("2d", "1.13", 100, "5.00"),
    ],
)
def test_roda_sejahtera_banded(code, ratio, score, skor):
    """KSP Roda Sejahtera Semarang 2009-2011 (thesis reproduced at text-id.123dok.com, S21), banded reading.
    The excerpt gives ratios only, so figures are the ratio over 100."""
    result = _score(code=code, figures=_RATIO_FIGURES[code](x=D(ratio)))
    assert (result.score, result.contribution) == (score, D(skor))


@pytest.mark.parametrize(
    ("capital", "risky", "published"),
    [
        ("3841123187", "3449120958", "111.37"),
        ("4117412734", "3784446709", "108.80"),
        ("4406019271", "3945895974", "111.66"),
    ],
)
def test_adi_dharma_capital_to_risky_loans(capital, risky, published):
    """KPRI "Adi Dharma" 2014-2016 (thesis tables 25-28 at 123dok.com, S19): nilai 100, skor 6."""
    result = _score(code="1b", figures=Figures(own_capital=D(capital), risky_loans=D(risky)))
    assert result.value.quantize(D("0.01")) == D(published)
    assert (result.score, result.contribution) == (100, 6)


@pytest.mark.parametrize(("ratio", "score"), [("69.498", 50), ("69.529", 50), ("80.985", 25)])
def test_adi_dharma_capital_to_assets(ratio, score):
    """KPRI "Adi Dharma" (S19) published nilai 50 for all three years; 80.985 % is above the 80 % edge of the
    bands we encode (S17), so it scores 25 here: the thesis and the bands disagree (docs, decision 4)."""
    assert _score(code="1a", figures=_RATIO_FIGURES["1a"](x=D(ratio))).score == score


def test_problem_loan_risk_counts_half_of_substandard_three_quarters_of_doubtful_and_all_of_loss():
    """RPM = 50 % PKL + 75 % PDR + 100 % PM (S12, S20): 50 + 75 + 100 of 1,000 lent = 22.5 % -> nilai 40."""
    figures = Figures(substandard_loans=HUNDRED, doubtful_loans=HUNDRED, loss_loans=HUNDRED, loans_outstanding=D(1000))
    result = _score(code="2b", figures=figures)
    assert (result.value, result.score) == (D("22.5"), 40)
    assert result.formula == (
        "(0.5 x substandard_loans + 0.75 x doubtful_loans + loss_loans) / loans_outstanding x 100"
    )


def test_ministry_example_member_loans():
    """The 2008/2009 guideline's own example (S12): 16,650,000 / 22,701,250 = 73.3 % -> nilai 75, skor 7.50."""
    result = _score(code="2a", figures=Figures(member_loan_volume=D(16_650_000), loan_volume=D(22_701_250)))
    assert result.value.quantize(D("0.1")) == D("73.3")
    assert (result.score, result.contribution) == (75, D("7.50"))


# --- A whole assessment (figures made up for this test; every expected value worked out by hand) ----------

M = D(1_000_000)
FIGURES = Figures(
    total_assets=1000 * M, own_capital=300 * M, risky_loans=400 * M, weighted_capital=90 * M,
    risk_weighted_assets=1000 * M, loan_volume=1200 * M, member_loan_volume=900 * M, loans_outstanding=800 * M,
    substandard_loans=40 * M, doubtful_loans=16 * M, loss_loans=12 * M, risk_reserve=22 * M, cash=50 * M,
    bank=70 * M, current_liabilities=1000 * M, funds_received=1000 * M, gross_participation=200 * M,
    net_participation=120 * M, cost_of_services=80 * M, operating_expenses=70 * M, cooperative_expenses=20 * M,
    staff_costs=60 * M, shu_gross=120 * M, shu_before_tax=40 * M, shu_members_share=12 * M,
    non_member_income=50 * M, member_economic_benefit=6 * M, principal_savings=20 * M, mandatory_savings=130 * M,
)  # fmt: skip


def _answers(*, yes: int, items: int) -> tuple[bool, ...]:
    return (True,) * yes + (False,) * (items - yes)


ANSWERS = ManagementAnswers(
    general=_answers(yes=9, items=12),
    institutional=_answers(yes=5, items=6),
    capital=_answers(yes=4, items=5),
    assets=_answers(yes=7, items=10),
    liquidity=_answers(yes=3, items=5),
)


def test_whole_assessment():
    """1a 30 % -> 50 (3.00), 1b 75 % -> 70 (4.20), 1c 9 % -> 100 (3.00): permodalan 10.20 = 68 %.
    2a 75 % -> 75 (7.50), 2b RPM 44 M / 800 M = 5.5 % -> 80 (4.00), 2c 22 / 44 = 50 % -> 50 (2.50),
    2d 50 % -> 25 (1.25): 15.25 = 61 %. Manajemen 9 x 0.25 + 5 x 0.5 + 4 x 0.6 + 7 x 0.3 + 3 x 0.6 = 11.05.
    4a 170 / 200 = 85 % -> 100 (4.00), 4b 70 / 120 = 58.3 % -> 75 (3.00), 4c 5 % -> 100 (2.00): 9.00.
    5a 12 % -> 100 (10.00), 5b 80 % -> 100 (5.00): 15.00. 6a 4 % -> 25 (0.75), 6b 4 % -> 75 (2.25),
    6c 133 % -> 100 (4.00): 7.00. 7a 80 % -> 100 (7.00), 7b 18 / 150 = 12 % -> 100 (3.00): 10.00.
    Total 77.50: cukup sehat."""
    result = health_score(rules=KSP_2016_06, figures=FIGURES, answers=ANSWERS)
    assert result.rule_set_version == "ksp-2016-06"
    assert {c.code: c.contribution for c in result.components} == {
        "1a": D("3"), "1b": D("4.2"), "1c": D("3"), "2a": D("7.5"), "2b": D("4"), "2c": D("2.5"), "2d": D("1.25"),
        "3a": D("2.25"), "3b": D("2.5"), "3c": D("2.4"), "3d": D("2.1"), "3e": D("1.8"), "4a": D("4"),
        "4b": D("3"), "4c": D("2"), "5a": D("10"), "5b": D("5"), "6a": D("0.75"), "6b": D("2.25"), "6c": D("4"),
        "7a": D("7"), "7b": D("3"),
    }  # fmt: skip
    aspects = {a.code: (a.subtotal, a.percent, a.predicate.code) for a in result.aspects}
    assert aspects == {
        "permodalan": (D("10.20"), D("68.00"), "CUKUP_SEHAT"),
        "kualitas_aktiva_produktif": (D("15.25"), D("61.00"), "DALAM_PENGAWASAN"),
        "manajemen": (D("11.05"), D("73.67"), "CUKUP_SEHAT"),
        "efisiensi": (D("9.00"), D("90.00"), "SEHAT"),
        "likuiditas": (D("15.00"), D("100.00"), "SEHAT"),
        "kemandirian_pertumbuhan": (D("7.00"), D("70.00"), "CUKUP_SEHAT"),
        "jatidiri": (D("10.00"), D("100.00"), "SEHAT"),
    }
    assert result.total == D("77.50")
    assert (result.predicate_code, result.predicate_label) == ("CUKUP_SEHAT", "Cukup Sehat")


def test_whole_assessment_linear_reading():
    """Same figures: 1b 75 -> 75 (4.50, +0.30), 2b 5.5 % rounds half up to 6 -> 100 - 12 = 88 (4.40, +0.40),
    2c 50 -> 50 (unchanged): total 78.20."""
    result = health_score(rules=KSP_2016_06_LINEAR, figures=FIGURES, answers=ANSWERS)
    assert result.rule_set_version == "ksp-2016-06-linear"
    assert {c.code: c.score for c in result.components if c.code in {"1b", "2b", "2c"}} == {
        "1b": 75,
        "2b": 88,
        "2c": 50,
    }
    assert result.total == D("78.20")
    assert result.predicate_code == "CUKUP_SEHAT"


@pytest.mark.parametrize(
    ("code", "field", "items", "points"),
    [
        ("3a", "general", 12, "0.25"),
        ("3b", "institutional", 6, "0.5"),
        ("3c", "capital", 5, "0.6"),
        ("3d", "assets", 10, "0.3"),
        ("3e", "liquidity", 5, "0.6"),
    ],
)
def test_each_questionnaire_earns_its_points_per_yes_up_to_3(code, field, items, points):
    """Permenkop 14/2009 tables 9-13 as reproduced in S13: 12, 6, 5, 10 and 5 questions worth 3 in all."""
    for yes in (0, 1, items):
        answers = ManagementAnswers(**{field: _answers(yes=yes, items=items)})
        result = _score(code=code, figures=Figures(), answers=answers)
        assert result.contribution == yes * D(points)
    assert result.contribution == 3
    assert result.score == 100


def test_questionnaire_component_reports_its_count_of_yes():
    result = _score(code="3a", figures=Figures(), answers=ANSWERS)
    assert (result.value, result.unit, result.band) == (9, Unit.YES_ANSWERS, None)
    assert (result.score, result.contribution) == (75, D("2.25"))


@pytest.mark.parametrize(
    ("code", "ratio", "score"),
    [
        ("1b", "-5", 0),
        ("1b", "49.49", 49),
        ("1b", "49.5", 50),
        ("1b", "250", 100),
        ("2b", "0", 100),
        ("2b", "0.49", 100),
        ("2b", "0.5", 98),
        ("2b", "49.5", 0),
        ("2b", "80", 0),
        ("2c", "0", 0),
        ("2c", "99.5", 100),
    ],
)
def test_linear_reading_rounds_the_ratio_half_up_and_stays_within_0_to_100(code, ratio, score):
    assert _score(code=code, figures=_RATIO_FIGURES[code](x=D(ratio)), rules=KSP_2016_06_LINEAR).score == score


def test_ratios_ignore_the_callers_decimal_context():
    with localcontext() as context:
        context.prec = 3
        figures = Figures(substandard_loans=D(0), doubtful_loans=D(0), loss_loans=D(1), loans_outstanding=D(3))
        result = _score(code="2b", figures=figures)
    assert result.value == D(100) / D(3)  # 28 significant digits, not 3
    assert str(result.value).startswith("33.333333333333333333333333")


def test_rule_sets_are_found_by_version():
    assert RULE_SETS["ksp-2016-06"] is KSP_2016_06
    assert RULE_SETS["ksp-2016-06-linear"] is KSP_2016_06_LINEAR
    assert KSP_2016_06.component(code="2b").evidence is Evidence.REGULATION_2009
    assert (KSP_2016_06_LINEAR.component(code="2b").evidence, KSP_2016_06_LINEAR.component(code="2b").source) == (
        Evidence.PRACTICE,
        "S25",
    )


# --- Errors ------------------------------------------------------------------------------------------------


def test_zero_denominator_names_the_component_and_the_figure():
    with pytest.raises(ZeroDenominatorError, match=r"1a .*total aset \(total_assets\) is 0") as caught:
        _score(code="1a", figures=Figures(own_capital=D(5), total_assets=D(0)))
    assert (caught.value.component, caught.value.figure) == ("1a", "total_assets")
    assert isinstance(caught.value, ValueError)


def test_no_problem_loans_leaves_the_reserve_ratio_undefined():
    figures = replace(FIGURES, substandard_loans=D(0), doubtful_loans=D(0), loss_loans=D(0))
    with pytest.raises(ZeroDenominatorError, match="risiko pinjaman bermasalah") as caught:
        health_score(rules=KSP_2016_06, figures=figures, answers=ANSWERS)
    assert (caught.value.component, caught.value.figure) == ("2c", "substandard_loans+doubtful_loans+loss_loans")


@pytest.mark.parametrize(
    ("code", "figures", "figure"),
    [
        ("6b", Figures(shu_members_share=D(5), own_capital=D(-100)), "own_capital"),
        ("4b", Figures(operating_expenses=D(5), shu_gross=D(-1)), "shu_gross"),
    ],
)
def test_negative_denominator_is_refused(code, figures, figure):
    with pytest.raises(NegativeDenominatorError, match="positive one only") as caught:
        _score(code=code, figures=figures)
    assert (caught.value.component, caught.value.figure) == (code, figure)


def test_missing_figure_names_it():
    with pytest.raises(MissingInputError, match=r"modal sendiri \(own_capital\) is missing") as caught:
        health_score(rules=KSP_2016_06, figures=replace(FIGURES, own_capital=None), answers=ANSWERS)
    assert (caught.value.component, caught.value.figure) == ("1a", "own_capital")


@pytest.mark.parametrize(
    "value",
    [D(-1), D("NaN"), D("Infinity"), 50.0],
)
def test_invalid_figures_are_refused(value):
    with pytest.raises(InvalidFigureError) as caught:
        _score(code="5a", figures=Figures(cash=value, bank=D(0), current_liabilities=HUNDRED))
    assert (caught.value.component, caught.value.figure) == ("5a", "cash")


@pytest.mark.parametrize(
    ("answers", "error"),
    [
        (replace(ANSWERS, assets=None), MissingInputError),
        (replace(ANSWERS, assets=_answers(yes=7, items=9)), AnswerCountError),
        (replace(ANSWERS, assets=(1,) * 10), InvalidFigureError),  # type: ignore[arg-type]
    ],
)
def test_questionnaire_errors(answers, error):
    with pytest.raises(error) as caught:
        health_score(rules=KSP_2016_06, figures=FIGURES, answers=answers)
    assert (caught.value.component, caught.value.figure) == ("3d", "assets")
    assert isinstance(caught.value, HealthInputError)


# --- Rule sets check themselves -------------------------------------------------------------------------------


def _band(*, text: str, score: int) -> Band:
    return Band(interval=Interval.parse(text=text), score=D(score))


@pytest.mark.parametrize(
    ("bands", "problem"),
    [
        ((_band(text="(-inf, 10)", score=0), _band(text="(10, inf)", score=100)), "belongs to neither"),
        ((_band(text="(-inf, 10]", score=0), _band(text="[10, inf)", score=100)), "belongs to both"),
        ((_band(text="(-inf, 10]", score=0), _band(text="(20, inf)", score=100)), "gap or overlap"),
        ((_band(text="[0, 10]", score=0), _band(text="(10, inf)", score=100)), "does not start"),
        ((_band(text="(-inf, 10]", score=0), _band(text="(10, 20]", score=100)), "does not end"),
        ((_band(text="(-inf, 10]", score=0), _band(text="(10, inf)", score=101)), "outside 0-100"),
    ],
)
def test_bands_that_do_not_tile_every_number_are_refused(bands, problem):
    with pytest.raises(RuleSetError, match=problem):
        Bands(bands=bands)


@pytest.mark.parametrize("text", ["[-inf, 0]", "(0, inf]", "(5, 5]", "(5, 4)", "5 to 10", "[a, 1)"])
def test_malformed_intervals_are_refused(text):
    with pytest.raises(RuleSetError):
        Interval.parse(text=text)


@pytest.mark.parametrize("text", ["(-inf, 0]", "(20, 40]", "[7.5, 10)", "[100, inf)", "[0, 0]"])
def test_intervals_read_back_as_written(text):
    assert str(Interval.parse(text=text)) == text


def test_weights_that_do_not_add_up_are_refused():
    permodalan = KSP_2016_06.aspects[0]
    with pytest.raises(RuleSetError, match="add up to 12, not 15"):
        replace(permodalan, components=permodalan.components[:2])
    with pytest.raises(RuleSetError, match="aspect weights add up to 85, not 100"):
        replace(KSP_2016_06, aspects=KSP_2016_06.aspects[1:])
    with pytest.raises(RuleSetError, match=r"12 questions x 0\.3 != weight"):
        replace(KSP_2016_06.component(code="3a"), rule=Checklist(answers="general", items=12, points_per_yes=D("0.3")))


def test_predicates_must_cover_0_to_100():
    with pytest.raises(RuleSetError, match="predicates"):
        replace(KSP_2016_06, predicates=KSP_2016_06.predicates[:-1])


def test_component_codes_are_unique():
    first = KSP_2016_06.aspects[0]
    copy = replace(first, code="copy", weight=D(6), components=(first.components[0],))
    with pytest.raises(RuleSetError, match="codes repeat"):
        replace(KSP_2016_06, aspects=(*KSP_2016_06.aspects, copy))


def test_weights_must_be_positive():
    with pytest.raises(RuleSetError, match="weight must be positive"):
        replace(KSP_2016_06.component(code="1a"), weight=D(0))


def test_a_rule_naming_an_unknown_figure_is_a_rule_set_error_not_an_input_error():
    component = KSP_2016_06.component(code="1a")
    assert isinstance(component.rule, RatioRule)
    broken = replace(component, rule=replace(component.rule, denominator=(Term(figure="total_asets"),)))
    with pytest.raises(RuleSetError, match="total_asets"):
        component_score(component=broken, figures=FIGURES)
