"""The integer plan of the columnar path: a (rule set, category) pair as scaled-integer constants.

No NumPy here: the plan is plain Python integers, computed once per call of
:func:`~danvan_rules.scoring.columns.score_columns`. Every quantity the kernel
computes is an integer count of one *unit*, ``1 / denominator``:

- points are counted in ``1 / 10**places`` (``grid``): ``7.25`` is ``725`` on a
  2-place grid; an answer off the grid goes to the Decimal path;
- a top-level criterion's weighted points are ``awarded × weight / max``; with
  ``weight / max = a / b`` reduced and ``lcm`` the least common multiple of
  every ``b``, they are ``awarded × (a × lcm / b)`` in ``1 / (grid × lcm)``;
- a percentage deduction of ``p`` per cent (``p`` with ``pp`` places) multiplies
  by ``p × 10**pp`` and divides by ``100 × 10**pp``: a factor ``pct`` more.

So the denominator is ``grid × lcm × pct`` and every value is an exact integer.
The plan bounds every intermediate value from the rule set alone (counts are
clipped where clipping cannot change a result); if a bound does not fit in a
signed 64-bit integer the plan is *unsafe* and every row goes to the Decimal path.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Final

import attrs

from danvan_rules.model import (
    AllOf,
    AnyOf,
    Bonus,
    Condition,
    CountAtLeast,
    Criterion,
    CriterionBelow,
    Deduction,
    Deductions,
    Levels,
    Not,
    PercentDeduction,
    Points,
    RateTable,
    RuleSet,
    ScorecardIndex,
)

__all__ = [
    "LIMIT",
    "MIN_PLACES",
    "BonusStep",
    "DeductionStep",
    "Leaf",
    "PercentStep",
    "Plan",
    "below_constants",
    "compile_plan",
    "places_of",
]

#: Every intermediate value of the kernel stays below this (int64 holds 2**63 - 1).
LIMIT: Final = 2**62
#: The grid has at least this many places, so that 0.01-step answers stay on it.
MIN_PLACES: Final = 2
#: The grid has at most this many places (a report's numbers have at most 12).
MAX_GRID_PLACES: Final = 12


def places_of(value: Decimal) -> int:
    """Decimal places of ``value`` without trailing zeros (0 for a whole number).

    >>> places_of(Decimal("0.250")), places_of(Decimal("5")), places_of(Decimal("1E+2"))
    (2, 0, 0)
    """
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # noqa: S101 - rule-set numbers are finite
    return max(0, -exponent)


def _scaled(value: Decimal, places: int) -> int:
    """``value × 10**places`` as an int (exact: ``places`` holds ``value``)."""
    numerator, denominator = value.as_integer_ratio()
    return int(numerator * 10**places // denominator)


def _ceil_scaled(value: Decimal, places: int) -> int:
    """The least integer ``n`` with ``n / 10**places >= value``."""
    numerator, denominator = value.as_integer_ratio()
    return int(-(-numerator * 10**places // denominator))


@attrs.frozen
class Leaf:
    """A leaf criterion: its code, its measure's constants on the grid."""

    criterion: Criterion
    #: max on the grid
    top: int


@attrs.frozen
class BonusStep:
    """A bonus: ``min(claim × per, cap)`` (``per`` is None for claimed points)."""

    code: str
    bonus: Bonus
    #: cap in units
    cap: int
    #: points per item in units (None: the claim is the points)
    per: int | None
    #: claims (of items) are clipped here, which does not change ``min(..., cap)``
    clip: int


@attrs.frozen
class DeductionStep:
    """A deduction per occurrence of a counted fact, optionally capped."""

    fact: str
    per: int
    cap: int | None
    clip: int


@attrs.frozen
class PercentStep:
    """A percentage of a top-level criterion's weighted points per occurrence."""

    fact: str
    root: int
    #: per cent × 10**pp × 10**(pct places - pp): one occurrence takes share / pct_denominator
    share: int
    clip: int


Step = BonusStep | DeductionStep | PercentStep


@attrs.frozen
class Plan:
    """The constants the kernel needs for one (rule set, category); see the module docstring."""

    ruleset: RuleSet
    category: str
    card: ScorecardIndex
    places: int
    leaves: tuple[Leaf, ...]
    #: per top-level criterion: its index in ``card.ordered`` and its multiplier
    roots: tuple[tuple[int, int], ...]
    #: per group, children's indices in ``card.ordered`` (children before parents)
    groups: tuple[tuple[int, tuple[int, ...], int], ...]
    #: the unit's denominator over the grid: ``lcm × pct``
    lcm: int
    pct: int
    steps: tuple[Step, ...]
    #: ``10**rounding places`` and the denominator, reduced by their gcd
    round_up: int
    round_down: int
    #: the band bounds in 10**rounding places, ascending
    bounds: tuple[int, ...]
    #: bound on every intermediate value
    bound: int

    @property
    def safe(self) -> bool:
        """Whether every intermediate value fits in int64."""
        return self.bound < LIMIT

    @property
    def grid(self) -> int:
        """``10**places``."""
        return int(10**self.places)

    def index(self, code: str) -> int:
        """A criterion's index in ``card.ordered``."""
        return [c.code for c in self.card.ordered].index(code)


def _measure_numbers(criterion: Criterion) -> list[Decimal]:
    measure = criterion.measure
    numbers = [criterion.max]
    if isinstance(measure, Points) and measure.step is not None:
        numbers.append(measure.step)
    elif isinstance(measure, Levels):
        numbers.extend(level.points for level in measure.levels)
    elif isinstance(measure, RateTable):
        numbers.extend(n for rate in measure.rates for n in (rate.at_least, rate.points))
    elif isinstance(measure, Deductions):
        numbers.append(measure.per_occurrence)
    return numbers


def _grid_places(ruleset: RuleSet, card: ScorecardIndex) -> int:
    numbers = [n for c in card.ordered for n in _measure_numbers(c)]
    for adj in ruleset.adjustments:
        if isinstance(adj, Bonus):
            numbers.extend(n for n in (adj.cap, adj.points) if n is not None)
        elif isinstance(adj, Deduction):
            numbers.extend(n for n in (adj.points, adj.cap) if n is not None)
    return min(MAX_GRID_PLACES, max(MIN_PLACES, *(places_of(n) for n in numbers)))


def compile_plan(ruleset: RuleSet, category: str) -> Plan:
    """The integer plan of ``category`` (a category of ``ruleset``: the caller checks)."""
    card = ruleset.scorecard_for(category)
    places = _grid_places(ruleset, card)
    grid = 10**places
    ordered = [c.code for c in card.ordered]
    where = {code: i for i, code in enumerate(ordered)}
    weights = ruleset.weights(category)
    ratios = {
        root: Fraction(weights[root]) / Fraction(card.by_code[root].max) for root in card.roots
    }
    lcm = math.lcm(*(r.denominator for r in ratios.values()))
    percents = [a for a in ruleset.adjustments if isinstance(a, PercentDeduction)]
    pct_places = max((places_of(a.percent) for a in percents), default=0)
    pct = 100 * 10**pct_places if percents else 1
    unit = lcm * pct  # units per grid step
    multipliers = {root: r.numerator * lcm // r.denominator for root, r in ratios.items()}
    tops = {c.code: _scaled(c.max, places) for c in card.ordered}
    # the largest criteria total, in units, and the largest running total
    criteria_max = sum(tops[root] * multipliers[root] * pct for root in card.roots)
    group_max = max((sum(tops[k] for k in card.children[c.code]) for c in card.ordered), default=0)
    bounds = [criteria_max, group_max]
    running = criteria_max
    steps: list[Step] = []
    for adj in ruleset.adjustments:
        if isinstance(adj, Bonus):
            cap = _scaled(adj.cap, places) * unit
            per = None if adj.points is None else _scaled(adj.points, places) * unit
            clip = (cap // per + 1) if per else 0
            bounds.append(cap if per is None else clip * per)
            steps.append(BonusStep(adj.code, adj, cap, per, clip))
            running += cap
        elif isinstance(adj, Deduction):
            per = _scaled(adj.points, places) * unit
            cap_units = None if adj.cap is None else _scaled(adj.cap, places) * unit
            clip = (running // per + 1) if per else 0
            bounds.append(clip * per)
            steps.append(DeductionStep(adj.fact, per, cap_units, clip))
        else:
            share = _scaled(adj.percent, pct_places)
            clip = (pct // share + 1) if share else 0
            root = where[adj.criterion]
            bounds.append(clip * share * tops[adj.criterion] * multipliers[adj.criterion])
            steps.append(PercentStep(adj.fact, root, share, clip))
        bounds.append(running)
    rounding_places = ruleset.rounding.places
    denominator = grid * unit
    common = math.gcd(10**rounding_places, denominator)
    round_up, round_down = 10**rounding_places // common, denominator // common
    bounds.append(running * round_up)
    bounds.append(2 * round_down)
    bands = tuple(_ceil_scaled(b.min, rounding_places) for b in ruleset.bands_ascending)
    groups = tuple(
        (where[c.code], tuple(where[k] for k in card.children[c.code]), tops[c.code])
        for c in reversed(card.ordered)
        if c.measure is None
    )
    leaves = tuple(Leaf(leaf, tops[leaf.code]) for leaf in card.leaves)
    bounds.extend(_condition_bounds(ruleset, card, places))
    return Plan(
        ruleset=ruleset,
        category=category,
        card=card,
        places=places,
        leaves=leaves,
        roots=tuple((where[root], multipliers[root]) for root in card.roots),
        groups=groups,
        lcm=lcm,
        pct=pct,
        steps=tuple(steps),
        round_up=round_up,
        round_down=round_down,
        bounds=bands,
        bound=max(bounds),
    )


def below_constants(
    condition: CriterionBelow, card: ScorecardIndex, places: int
) -> tuple[int, int]:
    """``(left, right)`` with ``awarded < share × max`` iff ``awarded_on_grid × left < right``."""
    share_places = places_of(condition.share)
    top = _scaled(card.by_code[condition.criterion].max, places)
    return 10**share_places, _scaled(condition.share, share_places) * top


def _conditions(condition: Condition) -> list[Condition]:
    match condition:
        case AllOf(conditions=inner) | AnyOf(conditions=inner):
            return [condition, *(c for part in inner for c in _conditions(part))]
        case Not(condition=inner):
            return [condition, *_conditions(inner)]
        case _:
            return [condition]


def _condition_bounds(ruleset: RuleSet, card: ScorecardIndex, places: int) -> list[int]:
    out: list[int] = []
    for rule in ruleset.conditions:
        for part in _conditions(rule.when):
            if isinstance(part, CriterionBelow):
                left, right = below_constants(part, card, places)
                top = _scaled(card.by_code[part.criterion].max, places)
                group = sum(
                    _scaled(card.by_code[k].max, places) for k in card.children[part.criterion]
                )
                out.extend((max(top, group) * left, right))
            elif isinstance(part, CountAtLeast):
                out.append(part.n)
    return out
