"""Exact arithmetic for the scorer, independent of the caller's decimal context.

The scorer never uses the ambient (thread-local) decimal context: a notebook
that set ``getcontext().prec = 3`` must not change a total. Every scoring entry
point runs under ``decimal.localcontext(STRICT)``, which installs a *copy* of
a context, so no state is shared between calls or threads.

Points have at most 12 digits before and after the point, so the sums and
products the scorer makes of them are exact at 60 digits; ``STRICT`` traps
``Inexact`` so that an arithmetic step that would round raises instead of
losing a digit silently. The one step a Decimal cannot hold — a criterion
whose weight differs from its max, ``awarded × weight / max`` — is computed as
a :class:`~fractions.Fraction`, and so is everything downstream of it (the
criteria total, a percentage deduction of that criterion, the total). The
total is rounded **once**, at the end, by :func:`round_exact`: integer
arithmetic on the exact value, never a rounded intermediate.

Values that are only shown (a reweighted criterion's ``weighted`` points, a
headroom, a percentage deduction of a reweighted criterion) are made Decimals
by :func:`shown`: exact when at most 12 places hold them, otherwise rounded
half-even to 12 places. They never drive a total or a band.
"""

from __future__ import annotations

from decimal import (
    ROUND_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
)
from fractions import Fraction
from typing import Final

from danvan_rules.errors import Problem, RuleSetError

__all__ = [
    "EXACT",
    "ROUNDING_MODES",
    "SHOWN_PLACES",
    "STRICT",
    "Exact",
    "quantum",
    "round_exact",
    "shown",
    "shown_ratio",
]

#: The working context: 60 digits, rounding allowed (explanations, quotas).
EXACT: Final = Context(
    prec=60, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow]
)
#: The scoring context: as ``EXACT``, and a step that would round raises ``Inexact``.
STRICT: Final = Context(
    prec=60,
    rounding=ROUND_HALF_UP,
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact],
)

ROUNDING_MODES: Final = {
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "down": ROUND_DOWN,
}

#: Places of the Decimals that only show an exact value no Decimal holds.
SHOWN_PLACES: Final = 12

#: An exact quantity of the scorer: a Decimal when one holds it, else a Fraction.
Exact = Decimal | Fraction


def quantum(places: int) -> Decimal:
    """``Decimal('0.01')`` for 2 places, ``Decimal('1')`` for 0.

    >>> quantum(2), quantum(0)
    (Decimal('0.01'), Decimal('1'))
    """
    return Decimal(f"1E-{places}")


def _decimal(whole: int, places: int) -> Decimal:
    """``whole × 10**-places`` as a Decimal with exactly ``places`` places (no context)."""
    return Decimal(f"{whole}E-{places}")


def round_exact(value: Fraction, places: int, mode: str) -> Decimal:
    """``value`` rounded once to ``places`` places, exactly, as a Decimal with that many places.

    ``half_up`` rounds a half away from zero, ``half_even`` to the even
    neighbour, ``down`` towards zero, as :mod:`decimal` does:

    >>> round_exact(Fraction(52975, 1000), 2, "half_up"), round_exact(Fraction(1), 2, "down")
    (Decimal('52.98'), Decimal('1.00'))
    >>> round_exact(Fraction(5, 2), 0, "half_even"), round_exact(Fraction(-1, 3), 1, "down")
    (Decimal('2'), Decimal('-0.3'))
    >>> round_exact(Fraction(1, 3), 2, "up")
    Traceback (most recent call last):
      ...
    danvan_rules.errors.RuleSetError: 1 problem in rule set:
      unknown rounding mode 'up' (half_up, half_even, down) @ $.rounding.mode
    """
    if mode not in ROUNDING_MODES:
        modes = ", ".join(ROUNDING_MODES)
        raise RuleSetError(
            [
                Problem(
                    f"unknown rounding mode {mode!r} ({modes})",
                    "$.rounding.mode",
                    code="rounding.unknown_mode",
                    message_vi=f"không có cách làm tròn {mode!r} ({modes})",
                )
            ]
        )
    whole, rest = divmod(abs(value.numerator) * 10**places, value.denominator)
    twice = 2 * rest
    if (mode == "half_up" and twice >= value.denominator) or (
        mode == "half_even"
        and (twice > value.denominator or (twice == value.denominator and whole % 2))
    ):
        whole += 1
    return _decimal(-whole if value < 0 else whole, places)


def shown(value: Exact) -> Decimal:
    """A Decimal to show an exact value: itself, or 12 places rounded half-even.

    A Decimal is returned as it is; a Fraction that at most 12 places hold
    exactly is written without trailing zeros; any other is rounded half-even
    to 12 places:

    >>> shown(Decimal("2.50")), shown(Fraction(75, 8)), shown(Fraction(16, 3))
    (Decimal('2.50'), Decimal('9.375'), Decimal('5.333333333333'))
    >>> shown(Fraction(-16, 15)), shown(Fraction(10))
    (Decimal('-1.066666666667'), Decimal('10'))
    """
    if isinstance(value, Decimal):
        return value
    return shown_ratio(value.numerator, value.denominator)


def shown_ratio(numerator: int, denominator: int) -> Decimal:
    """:func:`shown` of ``numerator / denominator`` (``denominator > 0``), without a Fraction.

    >>> shown_ratio(32, 6), shown_ratio(-3, 4), shown_ratio(0, 7)
    (Decimal('5.333333333333'), Decimal('-0.75'), Decimal('0'))
    """
    whole, rest = divmod(abs(numerator) * 10**SHOWN_PLACES, denominator)
    places = SHOWN_PLACES
    if rest:
        twice = 2 * rest
        if twice > denominator or (twice == denominator and whole % 2):
            whole += 1
    else:
        while places and whole % 10 == 0:
            whole //= 10
            places -= 1
    return _decimal(-whole if numerator < 0 and whole else whole, places)
