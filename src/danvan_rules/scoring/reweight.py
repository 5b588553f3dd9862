"""Changing a category's weights: a new, validated rule set (for notebook users)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal, localcontext

import attrs

from danvan_rules.errors import Problem, RuleSetError
from danvan_rules.model import Provenance, RuleSet, Weight, parse_decimal
from danvan_rules.model._canonical import decimal_text

from ._context import EXACT, quantum

__all__ = ["reweight"]

_NORMALIZED_PLACES = 4


def reweight(
    ruleset: RuleSet,
    category: str,
    weights: Mapping[str, Decimal | int | str],
    *,
    normalize: bool = False,
) -> RuleSet:
    """A copy of ``ruleset`` in which ``category``'s top-level criteria carry new weights.

    Criteria not named keep their current weight. Without ``normalize`` the
    weights must add up to the scale; with it they are scaled proportionally to
    the scale (to 4 places, the remainder going to the largest weights). Each
    criterion's earned fraction is then scaled to its weight. The new weights
    are marked *assumed* and the change is recorded in ``modifications``, so
    every result from the new rule set says it is not the official rules.

    >>> from danvan_rules import rulesets
    >>> rs = rulesets.get("example/dan-van-2024")
    >>> new = reweight(rs, "so-nganh", {"I": 30, "II": 30}, normalize=True)
    >>> new.weights("so-nganh")["I"], sum(new.weights("so-nganh").values())
    (Decimal('24.0000'), Decimal('100.0000'))

    Raises:
        RuleSetError: unknown category or criterion, a weight that is not a
            non-negative exact number, or (without ``normalize``) weights that
            do not add up to the scale.
    """
    problems = []
    try:
        current = dict(ruleset.weights(category))
    except KeyError:
        raise RuleSetError(
            [Problem(f"unknown category {category!r}", "$.categories")],
            f"rule set {ruleset.code!r}",
        ) from None
    for code, value in weights.items():
        path = f'$.weights["{code}"]'
        if code not in current:
            roots = ", ".join(current)
            problems.append(Problem(f"{code!r} is not a top-level criterion ({roots})", path))
            continue
        try:
            number = parse_decimal(value)
        except ValueError as exc:
            problems.append(Problem(str(exc), path))
            continue
        if number < 0:
            problems.append(Problem(f"a weight cannot be negative: {number}", path))
        current[code] = number
    if problems:
        raise RuleSetError(problems, f"reweighting of {ruleset.code!r}")
    if normalize:
        current = _normalized(current, ruleset.scale)
    new_weights = tuple(Weight(code, w, Provenance.ASSUMED) for code, w in current.items())
    change = f"{category}: " + ", ".join(f"{c}={decimal_text(w)}" for c, w in current.items())
    categories = tuple(
        attrs.evolve(c, weights=new_weights) if c.code == category else c
        for c in ruleset.categories
    )
    return attrs.evolve(
        ruleset,
        categories=categories,
        modifications=(*ruleset.modifications, f"reweighted {change}"),
    )


def _normalized(weights: dict[str, Decimal], scale: Decimal) -> dict[str, Decimal]:
    total = sum(weights.values(), Decimal(0))
    if total == 0:
        raise RuleSetError(
            [Problem("cannot normalize weights that are all 0", "$.weights")], "reweighting"
        )
    step = quantum(_NORMALIZED_PLACES)
    with localcontext(EXACT):
        exact = {code: w * scale / total for code, w in weights.items()}
        out = {code: v.quantize(step, rounding=ROUND_DOWN) for code, v in exact.items()}
        remainder = scale - sum(out.values(), Decimal(0))
        # largest remainder first, ties in criterion order: deterministic
        order = sorted(exact, key=lambda code: exact[code] - out[code], reverse=True)
        index = 0
        while remainder > 0:
            out[order[index % len(order)]] += step
            remainder -= step
            index += 1
    return out
