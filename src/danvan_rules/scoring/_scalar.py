"""The scalar plan: one (rule set, category) compiled for the scorer's fast path.

A plan holds, as flat tuples, what :func:`~danvan_rules.score` looks up for
every report: the leaves with their measures, the facts and their kinds, the
bonuses, the groups in the order they are added up, the top-level criteria
with their weight factors. It is made once per rule set and category and kept
with the rule set (:meth:`~danvan_rules.model.RuleSet.compiled`); it is
immutable, so threads may share it.

:func:`accept` is the fast accept path. It proves a report valid with plain
comparisons and returns its points, or returns ``None`` at the first thing it
cannot prove (an error, or an answer its shortcuts do not cover), and the
scorer then runs the full checker, which raises every problem with its path.
So the errors are exactly the full checker's, and a valid report gets the
same points either way (a property test compares the two on every built-in
rule set).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Final

import attrs

from danvan_rules.model import (
    Adjustment,
    Bonus,
    Checklist,
    Criterion,
    Deduction,
    Points,
    RuleSet,
    ScorecardIndex,
    UnitReport,
)

from ._check import Checked
from ._context import EXACT, ROUNDING_MODES, Exact, quantum, round_exact
from ._measures import InvalidAnswerError, leaf_points

__all__ = [
    "Factor",
    "ScalarPlan",
    "accept",
    "add",
    "awarded_points",
    "compile_scalar",
    "exact_sum",
    "maybe_plan_for",
    "plan_for",
    "times",
    "totals",
]

_ZERO: Final = Decimal(0)
_HUNDRED: Final = Decimal(100)

#: ``weight / max`` as an unreduced ``(numerator, denominator)`` pair of ints
Factor = tuple[int, int]

#: How a leaf's answer is accepted without the full measure: by range and step, as a
#: checklist's yes or no, or (neither) through the measure itself.
_POINTS: Final = 0
_CHECKLIST: Final = 1
_OTHER: Final = 2


@attrs.frozen
class _Leaf:
    """A leaf criterion as the fast path reads it."""

    code: str
    criterion: Criterion
    top: Decimal
    #: ``_POINTS``, ``_CHECKLIST`` or ``_OTHER``
    how: int
    step: Decimal | None


@attrs.frozen
class ScalarPlan:
    """What scoring a report of one category looks up, compiled once (see the module)."""

    card: ScorecardIndex
    #: the last day the category exists (None: it has not ended)
    until: dt.date | None
    #: leaves the unit scores itself, and leaves only the appraiser scores, in annex order
    regular: tuple[_Leaf, ...]
    appraiser_only: tuple[_Leaf, ...]
    leaves: Mapping[str, _Leaf]
    #: every declared fact: (name, whether it is a flag)
    facts: tuple[tuple[str, bool], ...]
    bonuses: Mapping[str, Bonus]
    #: each group (children before parents): its code, its children's codes, its max
    groups: tuple[tuple[str, tuple[str, ...], Decimal], ...]
    #: each top-level criterion with its ``weight / max`` (None where weight == max)
    roots: tuple[tuple[str, Factor | None], ...]
    factors: Mapping[str, Factor]
    #: the rule set's adjustments, in order
    adjustments: tuple[Adjustment, ...]
    #: the rounding of the total: places, mode name, quantum and decimal rounding
    places: int
    mode: str
    quantum: Decimal
    rounding: str
    #: the province whose former-province reports need no province check
    province: str


def compile_scalar(ruleset: RuleSet, category: str) -> ScalarPlan:
    """The plan of ``category``, a category of ``ruleset`` (``KeyError`` if it is not)."""
    card = ruleset.scorecard_for(category)
    weights = ruleset.weights(category)
    factors: dict[str, Factor] = {}
    for root in card.roots:
        weight, top = weights[root], card.by_code[root].max
        if weight != top:
            (a, b), (c, d) = weight.as_integer_ratio(), top.as_integer_ratio()
            factors[root] = (a * d, b * c)  # (a/b) / (c/d); max > 0, the linter checks it
    leaves = {leaf.code: _leaf(leaf) for leaf in card.leaves}
    return ScalarPlan(
        card=card,
        until=ruleset.category(category).until,
        regular=tuple(x for x in leaves.values() if not x.criterion.appraiser_only),
        appraiser_only=tuple(x for x in leaves.values() if x.criterion.appraiser_only),
        leaves=leaves,
        facts=tuple((fact.name, fact.kind == "flag") for fact in ruleset.facts),
        bonuses=ruleset.bonuses,
        groups=tuple(
            (c.code, card.children[c.code], c.max)
            for c in reversed(card.ordered)
            if c.measure is None
        ),
        roots=tuple((root, factors.get(root)) for root in card.roots),
        factors=factors,
        adjustments=tuple(ruleset.adjustments),
        places=ruleset.rounding.places,
        mode=ruleset.rounding.mode,
        quantum=quantum(ruleset.rounding.places),
        rounding=ROUNDING_MODES[ruleset.rounding.mode],
        province=ruleset.province,
    )


def _leaf(criterion: Criterion) -> _Leaf:
    measure = criterion.measure
    if type(measure) is Points:
        return _Leaf(criterion.code, criterion, criterion.max, _POINTS, measure.step)
    if type(measure) is Checklist:
        return _Leaf(criterion.code, criterion, criterion.max, _CHECKLIST, None)
    return _Leaf(criterion.code, criterion, criterion.max, _OTHER, None)


def plan_for(ruleset: RuleSet, category: str) -> ScalarPlan:
    """The kept plan of ``category`` (``KeyError`` when the rule set has no such category)."""
    return ruleset.compiled("scalar", category, lambda: compile_scalar(ruleset, category))


def maybe_plan_for(ruleset: RuleSet, category: str) -> ScalarPlan | None:
    """:func:`plan_for`, or None when the rule set has no such category."""
    try:
        return plan_for(ruleset, category)
    except KeyError:
        return None


def accept(plan: ScalarPlan, report: UnitReport) -> Checked | None:
    """The report's points if it is certainly valid, else None (the full checker decides)."""
    if not _facts_ok(plan, report.facts) or not _dates_ok(plan, report):
        return None
    claims = _claims(plan, report.bonuses)
    self_points = _self_points(plan, report.self_scores)
    if claims is None or self_points is None:
        return None
    given = report.appraised_scores
    if given is None:
        pending = frozenset(leaf.code for leaf in plan.appraiser_only)
        return Checked(plan.card, self_points, {}, pending, claims)
    appraised = _appraised(plan, given)
    if appraised is None:
        return None
    return Checked(plan.card, self_points, appraised, frozenset(), claims)


def _dates_ok(plan: ScalarPlan, report: UnitReport) -> bool:
    """Whether the category still exists and the former province needs no look-up."""
    if plan.until is not None and report.evaluation_date > plan.until:
        return False
    former = report.former_province
    return former is None or former == plan.province


def _facts_ok(plan: ScalarPlan, facts: Mapping[str, bool | int]) -> bool:
    """Whether the facts are exactly the declared ones, each of its kind."""
    if len(facts) != len(plan.facts):
        return False
    for name, is_flag in plan.facts:
        if name not in facts or (type(facts[name]) is bool) is not is_flag:
            return False
    return True


def _self_points(plan: ScalarPlan, given: Mapping[str, object]) -> dict[str, Decimal] | None:
    """Points of every leaf the unit scores, if the self-assessment has exactly those."""
    if len(given) != len(plan.regular):
        return None  # a missing, an unknown or an appraiser-only criterion
    points: dict[str, Decimal] = {}
    for leaf in plan.regular:
        code = leaf.code
        answer = given.get(code)
        if leaf.how == _POINTS and type(answer) is Decimal:  # the usual answer, inline
            step = leaf.step
            if not (_ZERO <= answer <= leaf.top and (step is None or not answer % step)):
                return None
            points[code] = answer
        elif answer is None or not _take(leaf, answer, points):
            return None
    return points


def _appraised(plan: ScalarPlan, given: Mapping[str, object]) -> dict[str, Decimal] | None:
    """Points of the appraisal, if it scores known leaves and every appraiser-only one."""
    points: dict[str, Decimal] = {}
    found = 0
    for leaf in plan.leaves.values():  # annex order, as the full checker keeps them
        if leaf.code in given:
            found += 1
            if not _take(leaf, given[leaf.code], points):
                return None
        elif leaf.criterion.appraiser_only:
            return None  # a missing appraised score
    return points if found == len(given) else None  # else an unknown criterion, or a group


def _claims(plan: ScalarPlan, given: Mapping[str, Decimal]) -> dict[str, Decimal] | None:
    """The bonus claims if every one is valid, else None."""
    claims: dict[str, Decimal] = {}
    bonuses = plan.bonuses
    for code, claimed in given.items():
        bonus = bonuses.get(code)
        if bonus is None or claimed < 0:
            return None
        if bonus.points is None:
            if claimed > bonus.cap:
                return None
        elif claimed != claimed.to_integral_value():
            return None
        claims[code] = claimed
    return claims


def _take(leaf: _Leaf, answer: object, into: dict[str, Decimal]) -> bool:
    """Put ``answer``'s points into ``into``; False if it is not certainly valid."""
    if leaf.how == _POINTS and type(answer) is Decimal:
        # a report's numbers were checked and normalised when it was built: only the range
        # and the step are left to check
        step = leaf.step
        if _ZERO <= answer <= leaf.top and (step is None or not answer % step):
            into[leaf.code] = answer
            return True
        return False
    if leaf.how == _CHECKLIST and type(answer) is bool:
        into[leaf.code] = leaf.top if answer else _ZERO
        return True
    try:
        into[leaf.code] = leaf_points(leaf.criterion, answer)
    except InvalidAnswerError:
        return False
    return True


# ---------------------------------------------------------------------- the hot totals


def totals(
    plan: ScalarPlan,
    points: Mapping[str, Decimal],
    claims: Mapping[str, Decimal],
    facts: Mapping[str, bool | int],
) -> tuple[Mapping[str, Decimal], Mapping[str, Exact], Exact, Decimal]:
    """``(awarded, weighted, criteria total, rounded total)`` of the leaves' ``points``.

    The scorer's one hot function: groups are the capped sums of their
    children, top-level criteria count ``awarded × weight / max`` (a Fraction
    where the weight differs from the max), adjustments apply in rule-set
    order and never take the total below 0, and the total is rounded once.
    The explanation's adjustment lines (``scoring.score._adjust``) apply the
    same rules one line at a time; a property test holds the two equal.
    """
    awarded = awarded_points(plan, points)
    weighted: Mapping[str, Exact]
    criteria_total: Exact
    if plan.factors:
        weighted = {
            root: awarded[root] if factor is None else times(awarded[root], *factor)
            for root, factor in plan.roots
        }
        criteria_total = exact_sum(weighted.values())
    else:  # every top-level criterion counts its points as they are
        weighted = awarded
        criteria_total = _ZERO
        for root, _ in plan.roots:
            criteria_total += awarded[root]
    running = _adjusted(plan, claims, facts, weighted, criteria_total)
    return awarded, weighted, criteria_total, _rounded(plan, running)


def awarded_points(plan: ScalarPlan, points: Mapping[str, Decimal]) -> Mapping[str, Decimal]:
    """Points per criterion: leaves as given, groups as the capped sum of their children."""
    if not plan.groups:
        return points
    awarded = dict(points)
    for code, children, top in plan.groups:  # children before their parents
        total = _ZERO
        for kid in children:
            total += awarded[kid]
        awarded[code] = min(total, top)
    return awarded


def _adjusted(
    plan: ScalarPlan,
    claims: Mapping[str, Decimal],
    facts: Mapping[str, bool | int],
    weighted: Mapping[str, Exact],
    running: Exact,
) -> Exact:
    """The criteria total after every adjustment, in rule-set order, never below 0."""
    for adj in plan.adjustments:
        if isinstance(adj, Bonus):
            claimed = claims.get(adj.code, _ZERO)
            raw: Exact = claimed if adj.points is None else claimed * adj.points
            bonus = min(raw, adj.cap)
            if bonus:
                running = add(running, bonus)
            continue
        limit: Exact | None
        if isinstance(adj, Deduction):
            raw = Decimal(facts[adj.fact]) * adj.points
            limit = adj.cap
        else:
            share = Decimal(facts[adj.fact]) * adj.percent / _HUNDRED
            limit = weighted[adj.criterion]
            raw = (
                share * limit
                if isinstance(limit, Decimal)
                else times(share, limit.numerator, limit.denominator)
            )
        if limit is not None and raw > limit:
            raw = limit
        raw = min(raw, running)
        if raw:
            running = add(running, -raw)
    return running


def _rounded(plan: ScalarPlan, total: Exact) -> Decimal:
    """The total rounded once, exactly, to the rule set's places and mode."""
    if isinstance(total, Fraction):
        return round_exact(total, plan.places, plan.mode)
    return total.quantize(plan.quantum, rounding=plan.rounding, context=EXACT)


def times(value: Decimal, numerator: int, denominator: int) -> Fraction:
    """``value × numerator / denominator``, exactly (one Fraction built)."""
    a, b = value.as_integer_ratio()
    return Fraction(a * numerator, b * denominator)


def add(left: Exact, right: Exact) -> Exact:
    """``left + right``: a Decimal if both are, else a Fraction."""
    if isinstance(left, Decimal) and isinstance(right, Decimal):
        return left + right
    return (left if isinstance(left, Fraction) else Fraction(left)) + (
        right if isinstance(right, Fraction) else Fraction(right)
    )


def exact_sum(values: Iterable[Exact]) -> Fraction:
    """The exact sum, a Fraction: Decimals added as Decimals, then over a common denominator."""
    decimals = _ZERO
    fractions: list[Fraction] = []
    for value in values:
        if isinstance(value, Decimal):
            decimals += value
        else:
            fractions.append(value)
    numerator, denominator = decimals.as_integer_ratio()
    for value in fractions:  # integer arithmetic, one reduction at the end
        numerator = numerator * value.denominator + value.numerator * denominator
        denominator *= value.denominator
    return Fraction(numerator, denominator)
