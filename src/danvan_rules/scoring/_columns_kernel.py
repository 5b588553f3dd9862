"""The vectorised scorer: a plan and read columns in, totals, bands and statuses out.

It computes what ``score()`` computes — leaves, capped groups, weighted
top-level points, adjustments in rule-set order with their caps and the
floor at 0, one rounding, the band by score, then the conditions' effects —
as int64 arithmetic on the plan's units (see ``_columns_plan``), and says which
rows it holds (``ok``): the caller sends every other row to ``score()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import assert_never

import attrs
import numpy as np
import numpy.typing as npt

from danvan_rules.model import (
    AllOf,
    AnyOf,
    Condition,
    CountAtLeast,
    CriterionBelow,
    Flag,
    ForceBand,
    Ineligible,
    Not,
)

from ._columns_plan import BonusStep, DeductionStep, Plan, below_constants
from ._columns_values import Read

__all__ = ["Outcome", "Reads", "run"]

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

#: Up to this many bands, a total's band is found by comparisons, not a search.
_FEW_BANDS = 8


@attrs.frozen
class Outcome:
    """Per row: held by the integer path, total in 10**rounding places, band rank, status."""

    ok: Bools
    totals: Ints
    ranks: Ints
    statuses: npt.NDArray[np.int8]


def _leaf_points(
    plan: Plan, n: int, leaves: Mapping[str, tuple[Read | None, Read | None]], ok: Bools
) -> dict[int, Ints]:
    """Awarded points per criterion index (annex order): leaves as answered, groups capped."""
    where = {c.code: i for i, c in enumerate(plan.card.ordered)}
    awarded: dict[int, Ints] = {}
    appraised_any = np.zeros(n, dtype=np.bool_)
    for _, read in leaves.values():
        if read is not None:
            appraised_any |= read.present
    for leaf in plan.leaves:
        own, appraised = leaves.get(leaf.criterion.code, (None, None))
        if leaf.criterion.appraiser_only:
            value = _appraiser_only(n, own, appraised, appraised_any, ok)
        elif own is None:
            ok[:] = False
            value = np.zeros(n, dtype=np.int64)
        else:
            ok &= own.ok if own.complete else own.present & own.ok
            value = own.values
            if appraised is not None:
                ok &= ~appraised.present | appraised.ok
                value = np.where(appraised.present, appraised.values, value)
        awarded[where[leaf.criterion.code]] = value
    for index, children, top in plan.groups:
        total = awarded[children[0]].copy()
        for child in children[1:]:
            total += awarded[child]
        awarded[index] = np.minimum(total, top)
    return awarded


def _appraiser_only(
    n: int, own: Read | None, appraised: Read | None, appraised_any: Bools, ok: Bools
) -> Ints:
    """An appraiser-only leaf: never self-scored; appraised, or pending (0) in unappraised rows."""
    if own is not None:
        ok &= ~own.present
    if appraised is None:  # nobody appraised it: pending unless the row has an appraisal
        ok &= ~appraised_any
        return np.zeros(n, dtype=np.int64)
    ok &= (appraised.present & appraised.ok) | ~appraised_any
    return appraised.values


def _holds(
    condition: Condition, plan: Plan, awarded: Mapping[int, Ints], facts: Mapping[str, Ints]
) -> Bools:
    match condition:
        case Flag(fact=fact):
            flagged: Bools = facts[fact] == 1
            return flagged
        case CountAtLeast(fact=fact, n=at_least):
            reached: Bools = facts[fact] >= at_least
            return reached
        case CriterionBelow(criterion=code):
            left, right = below_constants(condition, plan.card, plan.places)
            below: Bools = awarded[plan.index(code)] * left < right
            return below
        case AllOf(conditions=inner):
            out = np.ones(len(awarded[0]), dtype=np.bool_)
            for part in inner:
                out &= _holds(part, plan, awarded, facts)
            return out
        case AnyOf(conditions=inner):
            out = np.zeros(len(awarded[0]), dtype=np.bool_)
            for part in inner:
                out |= _holds(part, plan, awarded, facts)
            return out
        case Not(condition=inner):
            negated: Bools = ~_holds(inner, plan, awarded, facts)
            return negated
        case _:  # pragma: no cover - the union is exhaustive
            assert_never(condition)


def _rounded(plan: Plan, raw: Ints) -> Ints:
    """The total, rounded once as the rule set says, in 10**rounding places."""
    if plan.round_down == 1:  # the units are whole 10**-places: nothing to round
        return raw * plan.round_up if plan.round_up > 1 else raw
    whole, rest = np.divmod(raw * plan.round_up, plan.round_down)
    mode = plan.ruleset.rounding.mode
    twice = 2 * rest
    if mode == "half_up":
        whole += twice >= plan.round_down
    elif mode == "half_even":
        whole += (twice > plan.round_down) | ((twice == plan.round_down) & (whole % 2 == 1))
    return whole


@attrs.frozen
class Reads:
    """The read columns: per leaf (self, appraised), per declared fact, per bonus given."""

    leaves: Mapping[str, tuple[Read | None, Read | None]]
    #: None: the fact has no column (every row misses it)
    facts: Mapping[str, Read | None]
    bonuses: Mapping[str, Read]


def _counts(n: int, reads: Reads, ok: Bools) -> dict[str, Ints]:
    """Fact values per row (flags 0/1), clearing ``ok`` where a fact is missing or invalid."""
    counts: dict[str, Ints] = {}
    for name, read in reads.facts.items():
        if read is None:
            ok[:] = False
            counts[name] = np.zeros(n, dtype=np.int64)
        else:
            ok &= read.ok if read.complete else read.present & read.ok
            counts[name] = read.values
    for bonus_read in reads.bonuses.values():
        ok &= ~bonus_read.present | bonus_read.ok
    return counts


def _adjusted(
    plan: Plan, weighted: Mapping[int, Ints], counts: Mapping[str, Ints], reads: Reads
) -> Ints:
    """The total after the adjustments, in rule-set order, never below 0 (in units)."""
    first, *rest = weighted.values()
    running = first.copy()
    for value in rest:
        running += value
    for step in plan.steps:
        if isinstance(step, BonusStep):
            read = reads.bonuses.get(step.code)
            if read is None:
                continue
            if step.per is None:  # a claim above the cap is refused, so none is held
                unit = plan.lcm * plan.pct
                points = read.values * unit if unit > 1 else read.values
            else:
                points = np.minimum(np.minimum(read.values, step.clip) * step.per, step.cap)
            running += points
            continue
        count = np.minimum(counts[step.fact], step.clip)
        if isinstance(step, DeductionStep):
            raw = count * step.per
            if step.cap is not None:
                raw = np.minimum(raw, step.cap)
        else:
            limit = weighted[step.root]
            raw = np.minimum(count * step.share * (limit // plan.pct), limit)
        running -= np.minimum(raw, running)
    return running


def _by_score(plan: Plan, totals: Ints) -> Ints:
    """The rank of the band each total lands in (a total on a bound is in the band above)."""
    if len(plan.bounds) > _FEW_BANDS:
        bounds = np.array(plan.bounds, dtype=np.int64)
        ranks: Ints = np.maximum(np.searchsorted(bounds, totals, side="right") - 1, 0)
        return ranks
    ranks = np.zeros(len(totals), dtype=np.int64)
    for bound in plan.bounds[1:]:  # below the lowest band's min is the lowest band too
        ranks += totals >= bound
    return ranks


def _final(
    plan: Plan, awarded: Mapping[int, Ints], counts: Mapping[str, Ints], totals: Ints
) -> tuple[Ints, npt.NDArray[np.int8]]:
    """Band ranks (-1: ineligible) and statuses after the conditions' effects."""
    n = len(totals)
    ranks = _by_score(plan, totals)
    ruleset = plan.ruleset
    ineligible = None
    top = len(plan.bounds)
    forced = None
    capped = None
    for rule in ruleset.conditions:
        holds = _holds(rule.when, plan, awarded, counts)
        effect = rule.effect
        if isinstance(effect, Ineligible):
            ineligible = holds if ineligible is None else ineligible | holds
            continue
        rank = np.where(holds, ruleset.band_rank(effect.band), top)
        if isinstance(effect, ForceBand):
            forced = rank if forced is None else np.minimum(forced, rank)
        else:
            capped = rank if capped is None else np.minimum(capped, rank)
    if forced is not None:
        ranks = np.where(forced < top, forced, ranks)
    if capped is not None:
        ranks = np.minimum(ranks, capped)
    if ineligible is None:
        return ranks, np.zeros(n, dtype=np.int8)
    return np.where(ineligible, -1, ranks), ineligible.astype(np.int8)


def run(plan: Plan, n: int, reads: Reads, ok: Bools) -> Outcome:
    """Score ``n`` rows; ``ok`` comes in with the rows the caller already refused cleared."""
    awarded = _leaf_points(plan, n, reads.leaves, ok)
    weighted = {
        index: awarded[index] if factor * plan.pct == 1 else awarded[index] * (factor * plan.pct)
        for index, factor in plan.roots
    }
    counts = _counts(n, reads, ok)
    totals = _rounded(plan, _adjusted(plan, weighted, counts, reads))
    ranks, statuses = _final(plan, awarded, counts, totals)
    return Outcome(ok, totals, ranks, statuses)
