"""The decimal context of the scorer, independent of the caller's.

The scorer never uses the ambient (thread-local) decimal context: a notebook
that set ``getcontext().prec = 3`` must not change a total. Every scoring entry
point runs under ``decimal.localcontext(EXACT)``, which installs a *copy* of
this context, so no state is shared between calls or threads. Points have at
most 12 digits before and after the point, so sums and products are exact at
this precision; only reweighting divides, and its quotients are rounded here
(half-up, 60 digits) long before the final rounding to the rule set's places.
"""

from __future__ import annotations

from decimal import (
    ROUND_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from typing import Final

__all__ = ["EXACT", "ROUNDING_MODES", "quantum"]

EXACT: Final = Context(
    prec=60, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow]
)

ROUNDING_MODES: Final = {
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "down": ROUND_DOWN,
}


def quantum(places: int) -> Decimal:
    """``Decimal('0.01')`` for 2 places, ``Decimal('1')`` for 0."""
    return Decimal(1).scaleb(-places)
