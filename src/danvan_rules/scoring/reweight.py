"""Changing a category's weights: a new, validated rule set (for notebook users)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal, localcontext
from fractions import Fraction

import attrs

from danvan_rules.errors import Collector, NumberError, Problem, RuleSetError, key_path
from danvan_rules.model import Provenance, RuleSet, Weight, parse_decimal
from danvan_rules.model._canonical import decimal_text

from ._context import EXACT

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
    the scale, exactly and whatever the caller's decimal context (to 4 places,
    or the scale's own if it has more; the units left over go to the weights
    that lost most in rounding down). Each criterion's earned fraction is then
    scaled to its weight, exactly (see ``docs/scoring.md``). The new weights
    are marked *assumed* and the change is recorded in ``modifications``, so
    every result from the new rule set says it is not the official rules.

    >>> from danvan_rules import rulesets
    >>> rs = rulesets.get("example/dan-van-2024")
    >>> new = reweight(rs, "so-nganh", {"I": 30, "II": 30}, normalize=True)
    >>> new.weights("so-nganh")["I"], sum(new.weights("so-nganh").values())
    (Decimal('24.0000'), Decimal('100.0000'))

    Raises:
        RuleSetError: unknown category (``reweight.unknown_category``) or
            criterion (``reweight.unknown_criterion``), a weight that is not a
            number (``number.*``) or is negative (``reweight.negative_weight``),
            weights that are all 0 with ``normalize`` (``reweight.all_zero``),
            or (without ``normalize``) weights that do not add up to the
            scale (the rule set's own check).
    """
    with localcontext(EXACT):  # the new rule set is checked in it too
        return _reweight(ruleset, category, weights, normalize=normalize)


def _reweight(
    ruleset: RuleSet,
    category: str,
    weights: Mapping[str, Decimal | int | str],
    *,
    normalize: bool,
) -> RuleSet:
    found = Collector()
    try:
        current = dict(ruleset.weights(category))
    except KeyError:
        known = ", ".join(c.code for c in ruleset.categories)
        found.add(
            f"unknown category {category!r} (categories: {known})",
            "$.categories",
            code="reweight.unknown_category",
            vi=f"không có khối {category!r} (các khối: {known})",
        )
        found.fail(RuleSetError, subject=f"rule set {ruleset.code!r}")
    for code, value in weights.items():
        path = key_path("$.weights", code)
        if code not in current:
            roots = ", ".join(current)
            found.add(
                f"{code!r} is not a top-level criterion ({roots})",
                path,
                code="reweight.unknown_criterion",
                vi=f"{code!r} không phải là tiêu chí cấp một ({roots})",
            )
            continue
        try:
            number = parse_decimal(value)
        except NumberError as exc:
            found.append(exc.at(path))
            continue
        if number < 0:
            found.add(
                f"a weight cannot be negative: {number}",
                path,
                code="reweight.negative_weight",
                vi=f"trọng số không được âm: {number}",
            )
        current[code] = number
    found.raise_if_any(RuleSetError, subject=f"reweighting of {ruleset.code!r}")
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
    """Weights scaled to add up to ``scale`` exactly, in integer arithmetic.

    Each weight is ``w × scale / Σw`` rounded down to the places of the result
    (4, or the scale's own if it has more); the units left over go one each to
    the weights that lost most, ties in criterion order. Nothing here uses a
    decimal context, so the caller's cannot change the result.
    """
    total = sum((Fraction(w) for w in weights.values()), Fraction(0))
    if total == 0:
        raise RuleSetError(
            [
                Problem(
                    "cannot normalize weights that are all 0",
                    "$.weights",
                    code="reweight.all_zero",
                    message_vi="không thể chuẩn hóa các trọng số đều bằng 0",
                )
            ],
            "reweighting",
        )
    places = max(_NORMALIZED_PLACES, -int(scale.as_tuple().exponent))
    unit = 10**places
    units = Fraction(scale) * unit  # an integer: scale has at most `places` places
    shares = {code: Fraction(w) * units / total for code, w in weights.items()}
    out = {code: math.floor(share) for code, share in shares.items()}
    left = int(units) - sum(out.values())  # 0 <= left < len(weights)
    # largest remainder first, ties in criterion order: deterministic
    order = sorted(shares, key=lambda code: shares[code] - out[code], reverse=True)
    for code in order[:left]:
        out[code] += 1
    return {code: Decimal(f"{n}E-{places}") for code, n in out.items()}
