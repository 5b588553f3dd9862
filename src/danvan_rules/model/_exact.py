"""The decimal context of the model layer, independent of the caller's.

The linter adds and divides Decimals (weights against the scale, a max
against its step). It never uses the ambient, thread-local decimal context: a
notebook that set ``getcontext().prec = 3`` must not let weights that sum to
99.99 pass as 100. Numbers of a rule set have at most 12 digits before and
after the point and lists at most 100,000 items, so sums and remainders are
exact at this precision.

>>> from decimal import Decimal, localcontext
>>> with localcontext(EXACT):
...     sum([Decimal("33.33")] * 3, Decimal(0))
Decimal('99.99')
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, DivisionByZero, InvalidOperation, Overflow
from typing import Final

__all__ = ["EXACT"]

#: Installed with ``decimal.localcontext(EXACT)``, which works on a copy.
EXACT: Final = Context(
    prec=60,
    rounding=ROUND_HALF_UP,
    Emax=999_999,
    Emin=-999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
