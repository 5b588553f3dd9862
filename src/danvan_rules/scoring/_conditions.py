"""Evaluating the condition algebra against a scored report."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import assert_never

from danvan_rules.model import (
    AllOf,
    AnyOf,
    Condition,
    CountAtLeast,
    CriterionBelow,
    Flag,
    Not,
    ScorecardIndex,
)

__all__ = ["holds"]


def holds(
    condition: Condition,
    awarded: Mapping[str, Decimal],
    card: ScorecardIndex,
    facts: Mapping[str, bool | int],
) -> bool:
    """Whether ``condition`` is true for a report with these points and facts."""
    match condition:
        case Flag(fact=fact):
            return facts[fact] is True
        case CountAtLeast(fact=fact, n=n):
            return facts[fact] >= n
        case CriterionBelow(criterion=code, share=share):
            return awarded[code] < share * card.by_code[code].max
        case AllOf(conditions=inner):
            return all(holds(c, awarded, card, facts) for c in inner)
        case AnyOf(conditions=inner):
            return any(holds(c, awarded, card, facts) for c in inner)
        case Not(condition=inner):
            return not holds(inner, awarded, card, facts)
        case _:  # pragma: no cover - the union is exhaustive
            assert_never(condition)
