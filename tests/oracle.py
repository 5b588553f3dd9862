"""An independent oracle for totals and bands: plain ``Fraction`` arithmetic.

Written apart from ``danvan_rules.scoring`` (it imports nothing from it) and
kept deliberately naive: every quantity is a :class:`~fractions.Fraction`, the
measures are evaluated from their definitions, and the total is rounded once,
with Python's own integer arithmetic. A property test compares the scorer with
it on random reports (``tests/test_exact_oracle.py``).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from danvan_rules.model import (
    AllOf,
    AnyOf,
    Bonus,
    CapBand,
    Checklist,
    Condition,
    CountAtLeast,
    Criterion,
    CriterionBelow,
    Deduction,
    Deductions,
    Flag,
    ForceBand,
    Ineligible,
    Levels,
    Not,
    PercentDeduction,
    Points,
    RateTable,
    RuleSet,
    UnitReport,
)

__all__ = ["Expected", "expected", "round_fraction"]


@attrs.frozen
class Expected:
    """What the oracle says a report scores: exact totals, rounded totals, bands."""

    exact_total: Fraction
    exact_self_total: Fraction
    total: Fraction
    self_total: Fraction
    band_by_score: str
    band: str | None  # None: ineligible


def round_fraction(value: Fraction, places: int, mode: str) -> Fraction:
    """``value`` rounded to ``places`` decimals: half up (away from 0), half even, or down."""
    scaled = value * 10**places
    if mode == "half_even":
        whole = round(scaled)  # Python rounds a Fraction half to even, exactly
    elif mode == "half_up":
        magnitude = math.floor(abs(scaled) + Fraction(1, 2))
        whole = magnitude if scaled >= 0 else -magnitude
    elif mode == "down":
        whole = math.trunc(scaled)
    else:  # pragma: no cover - the model admits only the three modes
        raise ValueError(mode)
    return Fraction(whole, 10**places)


def _leaf(criterion: Criterion, answer: object) -> Fraction:
    measure, top = criterion.measure, Fraction(criterion.max)
    if isinstance(measure, Checklist):
        return top if answer is True else Fraction(0)
    if isinstance(measure, Levels):
        text = unicodedata.normalize("NFC", str(answer))
        for level in measure.levels:
            names = {unicodedata.normalize("NFC", n) for n in (level.name, level.name_en) if n}
            if text in names:
                return Fraction(level.points)
        raise AssertionError(f"no level {answer!r} in {criterion.code}")
    value = Fraction(Decimal(str(answer)))
    if isinstance(measure, Points):
        return value
    if isinstance(measure, RateTable):
        points = Fraction(0)
        for rate in measure.rates:
            if value >= Fraction(rate.at_least):
                points = Fraction(rate.points)
        return points
    assert isinstance(measure, Deductions), criterion.code
    return max(Fraction(0), top - value * Fraction(measure.per_occurrence))


def _criteria(ruleset: RuleSet, report: UnitReport, *, own: bool) -> dict[str, Fraction]:
    """Points per criterion code (groups capped); ``own``: the self-assessment alone."""
    card = ruleset.scorecard_for(report.category)
    appraised = {} if own else dict(report.appraised_scores or {})
    points: dict[str, Fraction] = {}
    for leaf in card.leaves:
        if leaf.code in appraised:
            points[leaf.code] = _leaf(leaf, appraised[leaf.code])
        elif leaf.appraiser_only:
            points[leaf.code] = Fraction(0)  # pending, or left out of the self-assessment
        else:
            points[leaf.code] = _leaf(leaf, report.self_scores[leaf.code])

    def node(code: str) -> Fraction:
        if code in points:
            return points[code]
        kids = card.children[code]
        value = min(sum((node(k) for k in kids), Fraction(0)), Fraction(card.by_code[code].max))
        points[code] = value
        return value

    for root in card.roots:
        node(root)
    return points


def _total(ruleset: RuleSet, report: UnitReport, points: Mapping[str, Fraction]) -> Fraction:
    card = ruleset.scorecard_for(report.category)
    weights = ruleset.weights(report.category)
    counted = {
        root: points[root] * Fraction(weights[root]) / Fraction(card.by_code[root].max)
        for root in card.roots
    }
    total = sum(counted.values(), Fraction(0))
    for adj in ruleset.adjustments:
        if isinstance(adj, Bonus):
            claimed = Fraction(report.bonuses.get(adj.code, Decimal(0)))
            if adj.points is not None:
                claimed *= Fraction(adj.points)
            total += min(claimed, Fraction(adj.cap))
            continue
        count = Fraction(int(report.facts[adj.fact]))
        if isinstance(adj, Deduction):
            off = count * Fraction(adj.points)
            if adj.cap is not None:
                off = min(off, Fraction(adj.cap))
        else:
            assert isinstance(adj, PercentDeduction)
            base = counted[adj.criterion]
            off = min(count * Fraction(adj.percent) / 100 * base, base)
        total -= min(off, total)  # never below 0
    return total


def _holds(
    condition: Condition, ruleset: RuleSet, report: UnitReport, points: Mapping[str, Fraction]
) -> bool:
    if isinstance(condition, Flag):
        return report.facts[condition.fact] is True
    if isinstance(condition, CountAtLeast):
        return int(report.facts[condition.fact]) >= condition.n
    if isinstance(condition, CriterionBelow):
        top = Fraction(ruleset.scorecard_for(report.category).by_code[condition.criterion].max)
        return points[condition.criterion] < Fraction(condition.share) * top
    if isinstance(condition, AllOf):
        return all(_holds(c, ruleset, report, points) for c in condition.conditions)
    if isinstance(condition, AnyOf):
        return any(_holds(c, ruleset, report, points) for c in condition.conditions)
    assert isinstance(condition, Not)
    return not _holds(condition.condition, ruleset, report, points)


def expected(ruleset: RuleSet, report: UnitReport) -> Expected:
    """The exact and rounded totals and the bands ``report`` should get."""
    places, mode = ruleset.rounding.places, ruleset.rounding.mode
    final = _criteria(ruleset, report, own=False)
    exact_total = _total(ruleset, report, final)
    exact_self = _total(ruleset, report, _criteria(ruleset, report, own=True))
    total = round_fraction(exact_total, places, mode)
    ranked = sorted(ruleset.bands, key=lambda b: Fraction(b.min))
    rank = max(i for i, b in enumerate(ranked) if Fraction(b.min) <= total)
    by_score = ranked[rank].code
    effects = [
        rule.effect for rule in ruleset.conditions if _holds(rule.when, ruleset, report, final)
    ]
    band: str | None
    if any(isinstance(e, Ineligible) for e in effects):
        band = None
    else:
        codes = [b.code for b in ranked]
        forced = [codes.index(e.band) for e in effects if isinstance(e, ForceBand)]
        if forced:
            rank = min(forced)
        caps = [codes.index(e.band) for e in effects if isinstance(e, CapBand)]
        rank = min([rank, *caps])
        band = codes[rank]
    return Expected(
        exact_total=exact_total,
        exact_self_total=exact_self,
        total=total,
        self_total=round_fraction(exact_self, places, mode),
        band_by_score=by_score,
        band=band,
    )
