"""The scorer against an independent Fraction oracle: exact totals, rounded once.

Every built-in rule set, reweighted variants whose weights give factors such as
1/3, 2/3, 4/3 and 1/7, every rounding mode and ``places`` from 0 to 4: totals,
self totals and bands equal the oracle's (``tests/oracle.py``) on every example.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Literal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan_rules import load_report, rulesets
from danvan_rules.model import (
    Band,
    Category,
    Criterion,
    Instrument,
    Points,
    Provenance,
    Reference,
    Rounding,
    RuleSet,
    Scorecard,
    UnitReport,
    Weight,
)
from danvan_rules.scoring import reweight, score
from danvan_rules.testing import reports_for

from .conftest import EXAMPLES
from .oracle import expected, round_fraction
from .strategies import rulesets as random_rulesets

Mode = Literal["half_up", "half_even", "down"]
MODES: tuple[Mode, ...] = ("half_up", "half_even", "down")
#: factors a reweighted criterion may get, where its max allows a finite weight
FACTORS = tuple(Fraction(f) for f in ("1/3", "2/3", "4/3", "1/7", "1/2", "3/2", "1", "2"))
CODES = tuple(rulesets.available())
ASSUMED = Provenance.ASSUMED


def _finite(value: Fraction) -> Decimal | None:
    """``value`` as a Decimal of at most 4 places, or None when it has no such form."""
    scaled = value * 10**4
    if scaled.denominator != 1:
        return None
    return Decimal(scaled.numerator).scaleb(-4).normalize() + 0


@cache
def _variant(
    code: str, category: str, weights: tuple[tuple[str, Decimal], ...], *, normalize: bool
) -> RuleSet:
    base = rulesets.get(code)
    if not weights:
        return base
    return reweight(base, category, dict(weights), normalize=normalize)


@cache
def _rounded(ruleset: RuleSet, places: int, mode: Mode) -> RuleSet:
    return attrs.evolve(ruleset, rounding=Rounding(places, mode))  # validated again


@st.composite
def variants(draw: st.DrawFn) -> tuple[RuleSet, str]:
    """A built-in rule set, maybe reweighted, with any rounding; and a category of it."""
    code = draw(st.sampled_from(CODES))
    base = rulesets.get(code)
    category = draw(st.sampled_from([c.code for c in base.categories]))
    card = base.scorecard_for(category)
    roots = card.roots
    how = draw(st.sampled_from(["official", "factors", "normalized"]))
    weights: dict[str, Decimal] = {}
    normalize = False
    if how == "factors" and len(roots) > 1:
        # exact factors where the max allows; one criterion takes up the difference
        balance = draw(st.sampled_from(roots))
        for root in roots:
            if root == balance:
                continue
            top = Fraction(card.by_code[root].max)
            options = [w for f in FACTORS if (w := _finite(top * f)) is not None]
            weights[root] = draw(st.sampled_from(options))
        rest = base.scale - sum(weights.values(), Decimal(0))
        if rest >= 0:
            weights[balance] = rest
        else:
            normalize = True
    elif how == "normalized":
        raw = [draw(st.integers(0, 21)) for _ in roots]
        raw[0] = raw[0] or 1
        weights = {root: Decimal(n) for root, n in zip(roots, raw, strict=True)}
        normalize = True
    ruleset = _variant(code, category, tuple(weights.items()), normalize=normalize)
    places = draw(st.integers(0, 4))
    mode = draw(st.sampled_from(MODES))
    return _rounded(ruleset, places, mode), category


def _thirds_variants(code: str) -> list[tuple[RuleSet, str]]:
    """Variants in which every criterion whose max 3 divides weighs a third of it.

    The points they lose go to the first criterion. Sums of thirds are where a
    rounded quotient shows: 1/3 + 1/3 + 1/3 must be 1, not 0.999….
    """
    base = rulesets.get(code)
    out = []
    for category in base.categories:
        card = base.scorecard_for(category.code)
        tops = {root: card.by_code[root].max for root in card.roots}
        thirds = {
            root: top / 3 for root, top in tops.items() if not top % 3 and root != card.roots[0]
        }
        if len(thirds) < 2:
            continue
        first = card.roots[0]
        weights = {**thirds, first: tops[first] + sum(tops[r] - w for r, w in thirds.items())}
        out.append(
            (_variant(code, category.code, tuple(weights.items()), normalize=False), category.code)
        )
    return out


THIRDS = [variant for code in CODES for variant in _thirds_variants(code)]


def _check(ruleset: RuleSet, report_category: str, data: st.DataObject) -> None:
    report = data.draw(reports_for(ruleset, report_category), label="report")
    result = score(ruleset, report)
    want = expected(ruleset, report)
    places = ruleset.rounding.places
    assert Fraction(result.total) == want.total, (result.total, want.exact_total)
    assert Fraction(result.self_total) == want.self_total, (result.self_total, want)
    assert result.total.as_tuple().exponent == -places
    assert result.self_total.as_tuple().exponent == -places
    assert result.band_by_score.code == want.band_by_score
    assert result.band_code == want.band


@given(st.data())
def test_builtin_rulesets_and_variants_equal_the_oracle(data: st.DataObject) -> None:
    ruleset, category = data.draw(variants(), label="variant")
    _check(ruleset, category, data)


@given(st.data())
def test_sums_of_thirds_equal_the_oracle(data: st.DataObject) -> None:
    ruleset, category = data.draw(st.sampled_from(THIRDS), label="variant")
    places = data.draw(st.integers(0, 4))
    mode = data.draw(st.sampled_from(MODES))
    _check(_rounded(ruleset, places, mode), category, data)


@given(st.data())
def test_random_rulesets_equal_the_oracle(data: st.DataObject) -> None:
    ruleset = data.draw(random_rulesets(), label="ruleset")
    places = data.draw(st.integers(0, 4))
    mode = data.draw(st.sampled_from(MODES))
    ruleset = attrs.evolve(ruleset, rounding=Rounding(places, mode))
    _check(ruleset, data.draw(st.sampled_from([c.code for c in ruleset.categories])), data)


def test_every_builtin_ruleset_is_covered() -> None:
    """The property draws from every built-in rule set (none silently left out)."""
    assert len(CODES) >= 14
    assert "example/dan-van-2024" in CODES
    assert len(THIRDS) >= 10


# ---------------------------------------------------------------------- the oracle itself


@pytest.mark.parametrize(
    ("value", "places", "mode", "want"),
    [
        (Fraction(52975, 1000), 2, "half_up", Fraction(5298, 100)),
        (Fraction(52975, 1000), 2, "half_even", Fraction(5298, 100)),
        (Fraction(52965, 1000), 2, "half_even", Fraction(5296, 100)),
        (Fraction(52975, 1000), 2, "down", Fraction(5297, 100)),
        (Fraction(1, 3) * 3, 2, "down", Fraction(1)),
        (Fraction(5, 2), 0, "half_up", Fraction(3)),
        (Fraction(5, 2), 0, "half_even", Fraction(2)),
        (Fraction(-5, 2), 0, "half_up", Fraction(-3)),
        (Fraction(-5, 2), 0, "down", Fraction(-2)),
    ],
)
def test_oracle_rounding(value: Fraction, places: int, mode: str, want: Fraction) -> None:
    assert round_fraction(value, places, mode) == want


def test_oracle_agrees_with_decimal_rounding_on_finite_values() -> None:
    """On values a Decimal holds exactly, the oracle's rounding is Decimal's."""
    modes = {"half_up": decimal.ROUND_HALF_UP, "half_even": decimal.ROUND_HALF_EVEN}
    modes["down"] = decimal.ROUND_DOWN
    for text in ("0.125", "2.5", "3.5", "7.4449", "99.995", "0.005", "12.3456"):
        for places in range(4):
            for mode, rounding in modes.items():
                want = Decimal(text).quantize(Decimal(1).scaleb(-places), rounding=rounding)
                assert round_fraction(Fraction(Decimal(text)), places, mode) == Fraction(want)


# ---------------------------------------------------------------------- regressions (#6 §1)


def _ubnd_xa(scores: Mapping[str, object], late: int) -> UnitReport:
    """``examples/tot.json`` in category ``ubnd-xa``, with these scores and late reports."""
    base = load_report(EXAMPLES / "tot.json")
    return attrs.evolve(
        base,
        category="ubnd-xa",
        self_scores={**base.self_scores, **scores},
        facts={**base.facts, "bao_cao_tre_han": late},
    )


ISSUE_REPORT = {"I.2": Decimal(0), "II.1": Decimal("0.5"), "IV.1": Decimal("0.5"), "V": Decimal(0)}


def test_issue_example_rounds_the_exact_midpoint_up(example: RuleSet) -> None:
    """53 + 1/24 + 1 − 2 × 10% × 16/3 = 52.975 exactly, half up: 52.98 (was 52.97)."""
    report = _ubnd_xa(ISSUE_REPORT, late=2)
    result = score(example, report)
    assert expected(example, report).exact_total == Fraction(52975, 1000)
    assert result.total == Decimal("52.98")
    assert str(result.total) == "52.98"
    assert result.self_total == Decimal("44.98")  # without the appraised VII (8 points)
    # what is only shown is exact where a Decimal holds it, else 12 places half-even
    assert result.line("I").weighted == Decimal("5.333333333333")
    assert result.line("II").weighted == Decimal("9.375")
    deduction = next(a for a in result.adjustments if a.code == "bao-cao-tre-han")
    assert deduction.points == Decimal("-1.066666666667")
    assert result.criteria_total == Decimal("53.041666666667")


def test_an_exact_bound_stays_in_its_band_when_rounding_down(example: RuleSet) -> None:
    """Exact 50.00 with rounding ``down`` is 50.00, Hoàn thành (was 49.99, Không hoàn thành)."""
    down = attrs.evolve(example, rounding=Rounding(2, "down"))
    scores = {
        "I.2": Decimal(0),
        "I.3": "Chưa đạt",
        "II.1": Decimal(0),
        "II.2": Decimal(1),
        "III.1": Decimal(0),
        "IV.1": Decimal("3.5"),
        "V": Decimal(10),
        "VI.2": "Không có",
    }
    report = _ubnd_xa(scores, late=2)
    assert expected(down, report).exact_total == 50
    result = score(down, report)
    assert result.total == Decimal("50.00")
    assert result.band_by_score.code == "hoan-thanh"


def test_a_half_rounds_up_with_no_places(example: RuleSet) -> None:
    """Exact 58.5 with ``places = 0`` half up is 59 (was 58)."""
    whole = attrs.evolve(example, rounding=Rounding(0, "half_up"))
    scores = {"I.2": Decimal("4.5"), "II.1": Decimal(3), "IV.1": Decimal("0.5"), "V": Decimal(0)}
    report = _ubnd_xa(scores, late=2)
    assert expected(whole, report).exact_total == Fraction(117, 2)
    assert score(whole, report).total == Decimal(59)
    even = attrs.evolve(example, rounding=Rounding(0, "half_even"))
    assert score(even, report).total == Decimal(58)


def _thirds() -> RuleSet:
    """Three criteria of 3 points weighing 1 each (scale 3), bands from 0, 1 and 2, ``down``."""
    ref = Reference("thirds fixture")
    criteria = tuple(
        Criterion(code, f"Tiêu chí {code}", Decimal(3), ASSUMED, ref, measure=Points())
        for code in "ABC"
    )
    bands = (
        Band("b0", "Mức 0", Decimal(0), ASSUMED, below=Decimal(1), reference=ref),
        Band("b1", "Mức 1", Decimal(1), ASSUMED, below=Decimal(2), reference=ref),
        Band("b2", "Mức 2", Decimal(2), ASSUMED, reference=ref),
    )
    weights = tuple(Weight(code, Decimal(1), ASSUMED) for code in "ABC")
    return RuleSet(
        code="thirds/v1",
        province="thirds",
        illustrative=True,  # a made-up rule set: any province code will do
        title_vi="Ba phần ba",
        instrument=Instrument("THIRDS/1", "tests"),
        effective_from=dt.date(2024, 1, 1),
        scale=Decimal(3),
        scorecards=(Scorecard("card", "Phụ lục", criteria),),
        categories=(Category("k", "Khối", "card", weights=weights),),
        bands=bands,
        rounding=Rounding(2, "down"),
    )


def test_three_thirds_make_one() -> None:
    """A = B = C = 1 of 3, each weighing 1: total 1.00, band b1 (was 0.99, b0)."""
    ruleset = _thirds()
    report = UnitReport("u", "Đơn vị", "k", 2024, "thirds", {code: Decimal(1) for code in "ABC"})
    result = score(ruleset, report)
    assert result.total == Decimal("1.00")
    assert result.band_by_score.code == "b1"
    assert [line.weighted for line in result.lines] == [Decimal("0.333333333333")] * 3
    assert result.criteria_total == Decimal(1)  # exact: shown without rounding
    # each criterion can still add 2/3 of a point
    assert result.gap is not None
    assert [h.available for h in result.gap.headroom] == [Decimal("0.666666666667")] * 3


def test_totals_ignore_the_callers_decimal_context(example: RuleSet) -> None:
    report = _ubnd_xa(ISSUE_REPORT, late=2)
    want = score(example, report)
    for context in (
        decimal.Context(prec=3),
        decimal.Context(prec=5, rounding=decimal.ROUND_FLOOR),
        decimal.Context(traps=[decimal.Inexact]),
    ):
        with decimal.localcontext(context):
            assert score(example, report) == want
            assert reweight(example, "so-nganh", {"I": 1, "II": 2}, normalize=True) == reweight(
                example, "so-nganh", {"I": 1, "II": 2}, normalize=True
            )
