"""Exact numbers: what counts as a valid Decimal in a rule set or a report.

Rule data and report points are :class:`decimal.Decimal`. Ints and decimal
strings are accepted and converted exactly; floats are refused (``0.1`` is not
exactly one tenth), and so are NaN, infinities and absurd magnitudes.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

__all__ = [
    "MAX_DIGITS",
    "MAX_PLACES",
    "NumberError",
    "float_message",
    "parse_decimal",
    "to_decimal",
    "to_optional_decimal",
]

#: Numbers in this domain are points, shares and counts: twelve digits before and
#: after the point are far more than any rule needs, and bound the cost of
#: arithmetic on hostile input ("1e999999").
MAX_PLACES: Final = 12
MAX_DIGITS: Final = 12

_DECIMAL_TEXT: Final = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


class NumberError(ValueError):
    """A value that is not an acceptable exact number (the message says why)."""


def parse_decimal(value: object) -> Decimal:
    """Convert an int, a Decimal or a decimal string to a Decimal, exactly.

    >>> parse_decimal("7.25"), parse_decimal(3)
    (Decimal('7.25'), Decimal('3'))
    >>> parse_decimal(0.1)
    Traceback (most recent call last):
      ...
    danvan_rules.model._numbers.NumberError: 0.1 is a float, which is not exact; write it as Decimal('0.1') or the string '0.1'

    Raises:
        NumberError: for floats, booleans, other types, NaN, infinities, and
            numbers with more than 12 digits before or after the point.
    """
    if isinstance(value, bool):
        raise NumberError(f"{value!r} is a boolean, not a number")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        raise NumberError(float_message(value))
    elif isinstance(value, str):
        text = value.strip()
        if not _DECIMAL_TEXT.fullmatch(text):
            raise NumberError(f"{value!r} is not a decimal number")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid text
            raise NumberError(f"{value!r} is not a decimal number") from exc
    else:
        raise NumberError(f"{value!r} ({type(value).__name__}) is not a number")
    return _check_magnitude(number, value)


def float_message(value: float) -> str:
    """Why a float is refused, and what to write instead."""
    return (
        f"{value!r} is a float, which is not exact; "
        f"write it as Decimal('{value!r}') or the string '{value!r}'"
    )


def _check_magnitude(number: Decimal, original: object) -> Decimal:
    if not number.is_finite():
        raise NumberError(f"{original!r} is not a finite number")
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101 - finite numbers have int exponents
    if number and number.adjusted() >= MAX_DIGITS:
        raise NumberError(
            f"{original!r} is too large (at most {MAX_DIGITS} digits before the point)"
        )
    # Trailing zeros do not count as places ("1.500000000000000" is fine); this is
    # computed from the digits, not with the ambient decimal context.
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if number and exponent + trailing_zeros < -MAX_PLACES:
        raise NumberError(f"{original!r} has more than {MAX_PLACES} digits after the point")
    return number


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Attrs converter for Decimal fields of rule objects (see :func:`parse_decimal`)."""
    return parse_decimal(value)


def to_optional_decimal(value: Decimal | int | str | None) -> Decimal | None:
    """Like :func:`to_decimal`, letting ``None`` through."""
    return None if value is None else parse_decimal(value)
