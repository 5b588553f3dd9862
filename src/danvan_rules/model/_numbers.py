"""Exact numbers: what counts as a valid Decimal in a rule set or a report.

Rule data and report points are :class:`decimal.Decimal`. Ints, Decimals and
decimal strings (ASCII digits, a decimal *point*) are converted exactly. A
float is read from its shortest text (``0.1`` → ``Decimal('0.1')``), which is
what the person who typed it meant and what ``json.loads`` or a notebook hands
over; numpy scalars are read the same way, each at its own precision. NaN,
infinities, booleans, absurd magnitudes and huge exponents are refused — each
with a :class:`~danvan_rules.errors.NumberError` that has a stable ``code`` and
a Vietnamese message:

>>> parse_decimal("7.25"), parse_decimal(3), parse_decimal(0.1), parse_decimal("-0.00")
(Decimal('7.25'), Decimal('3'), Decimal('0.1'), Decimal('0'))
>>> try:
...     parse_decimal("0,5")
... except NumberError as exc:
...     print(exc.code, "|", exc, "|", exc.message_vi)
number.decimal_comma | '0,5' uses a decimal comma: write '0.5' | '0,5' dùng dấu phẩy thập phân: hãy viết '0.5'

Nothing here expands a number before it is checked: ``0e-999999999`` is
refused by its exponent (:data:`~danvan_rules.limits.MAX_EXPONENT`), not
written out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from decimal import Decimal, InvalidOperation
from typing import Final

from danvan_rules.errors import Lang, NumberError
from danvan_rules.limits import MAX_DIGITS, MAX_EXPONENT, MAX_PLACES

__all__ = [
    "MAX_DIGITS",
    "MAX_PLACES",
    "NumberError",
    "float_message",
    "numpy_plain",
    "parse_decimal",
    "shown",
    "to_decimal",
    "to_optional_decimal",
]

_DECIMAL_TEXT: Final = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?[0-9]+))?")
_COMMA_TEXT: Final = re.compile(r"[+-]?[0-9]+,[0-9]+")
#: Digits of a written exponent beyond which it cannot be within MAX_EXPONENT.
_EXPONENT_DIGITS: Final = len(str(MAX_EXPONENT)) + 1
#: Longest text or integer shown whole in a message.
_SHOWN: Final = 40
_ZERO: Final = Decimal(0)
#: Collections shown whole in a message: small, of plain values (no deep nesting).
_SHOWN_ITEMS: Final = 8
_SCALARS: Final = (str, int, float, Decimal, type(None))


def shown(value: object, lang: Lang = "en") -> str:
    """``repr(value)`` for a message in ``lang``, bounded: a huge string or int is not copied whole.

    >>> shown("abc"), shown("9" * 100)[-16:], shown(10**5000), shown(10**5000, "vi")
    ("'abc'", '(100 characters)', 'an integer of more than 40 digits', 'một số nguyên có hơn 40 chữ số')
    """
    if isinstance(value, str) and len(value) > _SHOWN:
        unit = "ký tự" if lang == "vi" else "characters"
        return f"{value[:_SHOWN]!r}… ({len(value)} {unit})"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**_SHOWN:
        if lang == "vi":
            return f"một số nguyên có hơn {_SHOWN} chữ số"
        return f"an integer of more than {_SHOWN} digits"
    if isinstance(value, list | tuple | set | frozenset | Mapping):
        return _shown_collection(value, lang)
    text = repr(value)
    return text if len(text) <= 2 * _SHOWN else f"{text[: 2 * _SHOWN]}…"


def _shown_collection(value: Collection[object], lang: Lang) -> str:
    items = value.values() if isinstance(value, Mapping) else value
    if len(value) <= _SHOWN_ITEMS and all(isinstance(item, _SCALARS) for item in items):
        text = repr(value)
        return text if len(text) <= 2 * _SHOWN else f"{text[: 2 * _SHOWN]}…"
    if lang == "vi":
        return f"một {type(value).__name__} có {len(value)} phần tử"
    noun = "item" if len(value) == 1 else "items"
    return f"a {type(value).__name__} of {len(value)} {noun}"


def numpy_plain(value: object) -> object:
    """A numpy bool or integer scalar as a Python bool or int; anything else unchanged.

    numpy is optional and never imported here: its scalars are recognised by
    their ``dtype``. (Floats keep their type: :func:`parse_decimal` reads each
    at its own precision.)

    >>> class Scalar:  # what numpy's scalars look like to this function
    ...     __module__ = "numpy"
    ...     shape = ()
    ...     def __init__(self, kind, value):
    ...         self.dtype = type("dtype", (), {"kind": kind})()
    ...         self.value = value
    ...     def __bool__(self): return bool(self.value)
    ...     def __index__(self): return self.value
    >>> numpy_plain(Scalar("b", 1)), numpy_plain(Scalar("i", 7)), numpy_plain("x")
    (True, 7, 'x')
    """
    kind = _numpy_kind(value)
    if kind == "b":
        return bool(value)
    if kind in {"i", "u"}:
        return int(value.__index__())  # type: ignore[attr-defined]
    return value


def _numpy_kind(value: object) -> str | None:
    if type(value).__module__ != "numpy" or getattr(value, "shape", None) != ():
        return None
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    return kind if isinstance(kind, str) else None


def parse_decimal(value: object) -> Decimal:
    """Convert an int, a Decimal, a float or a decimal string to a Decimal, exactly.

    >>> parse_decimal("7.25"), parse_decimal(3), parse_decimal(2.675)
    (Decimal('7.25'), Decimal('3'), Decimal('2.675'))
    >>> parse_decimal("٥")
    Traceback (most recent call last):
      ...
    danvan_rules.errors.NumberError: '٥' has digits other than 0-9: write '5'

    Every zero comes back as ``Decimal(0)`` (no sign, no exponent).

    Raises:
        NumberError: for booleans, other types, NaN, infinities, text that is
            not a decimal number in ASCII digits (a decimal comma is told what
            to write), numbers with more than 12 digits before or after the
            point, and exponents beyond 64 in magnitude (zero included).
    """
    kind = type(value)
    if kind is Decimal:  # the common cases first, without the numpy check
        return _checked(value, value)  # type: ignore[arg-type]
    plain = value if kind is int or kind is str else numpy_plain(value)
    if isinstance(plain, bool):
        raise NumberError(
            f"{value!r} is a boolean, not a number",
            code="number.boolean",
            vi=f"{value!r} là giá trị đúng/sai, không phải là số",
        )
    if isinstance(plain, Decimal):
        number = plain
    elif isinstance(plain, int):
        if abs(plain) >= 10**MAX_DIGITS:
            raise _too_large(value)
        number = Decimal(plain)
    elif isinstance(plain, float):
        # the shortest text that reads back as this float: what was typed
        return _checked(_from_text(float.__repr__(plain), value), value)
    elif isinstance(plain, str):
        number = _from_text(plain, value)
    elif _numpy_kind(plain) == "f":
        # str() of a numpy float is its shortest text at its own precision
        return _checked(_from_text(str(plain), value), value)
    else:
        raise NumberError(
            f"{shown(value)} ({type(value).__name__}) is not a number",
            code="number.wrong_type",
            vi=f"{shown(value, 'vi')} ({type(value).__name__}) không phải là số",
        )
    return _checked(number, value)


def float_message(value: float) -> str:
    """Why a float that is not a finite number is refused."""
    return f"{value!r} is not a finite number"


def _from_text(text: str, original: object) -> Decimal:
    stripped = text.strip()
    match = _DECIMAL_TEXT.fullmatch(stripped)
    if match is None:
        if stripped.lower().lstrip("+-") in {"nan", "inf", "infinity"} and not isinstance(
            original, str
        ):
            raise _not_finite(original)
        raise _not_decimal_text(stripped, original)
    exponent = match.group(3)
    if exponent is not None and len(exponent.lstrip("+-").lstrip("0")) > _EXPONENT_DIGITS:
        # far beyond every limit: say which one without building the number
        if not match.group(1).strip("0."):
            raise _huge_exponent(original)
        raise _too_many_places(original) if exponent[0] == "-" else _too_large(original)
    try:
        return Decimal(stripped)
    except (
        InvalidOperation
    ):  # pragma: no cover - the regex and the exponent check admit only valid text
        raise _not_decimal_text(stripped, original) from None


def _not_decimal_text(text: str, original: object) -> NumberError:
    if _COMMA_TEXT.fullmatch(text):
        hint = text.replace(",", ".")
        return NumberError(
            f"{shown(original)} uses a decimal comma: write {hint!r}",
            code="number.decimal_comma",
            vi=f"{shown(original, 'vi')} dùng dấu phẩy thập phân: hãy viết {hint!r}",
        )
    if any(char.isdecimal() and not "0" <= char <= "9" for char in text):
        ascii_text = "".join(
            str(unicodedata.decimal(char)) if char.isdecimal() else char for char in text
        )
        if _DECIMAL_TEXT.fullmatch(ascii_text):
            return NumberError(
                f"{shown(original)} has digits other than 0-9: write {ascii_text!r}",
                code="number.non_ascii_digits",
                vi=f"{shown(original, 'vi')} có chữ số không phải 0-9: hãy viết {ascii_text!r}",
            )
    return NumberError(
        f"{shown(original)} is not a decimal number",
        code="number.invalid_text",
        vi=f"{shown(original, 'vi')} không phải là một số thập phân",
    )


def _checked(number: Decimal, original: object) -> Decimal:
    """``number`` if it is within every limit (zeros as ``Decimal(0)``), else why not.

    Only the coefficient's digits and the exponent are looked at, never the
    ambient decimal context, and nothing is expanded.
    """
    if not number.is_finite():
        raise _not_finite(original)
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101 - finite numbers have int exponents
    if not any(digits):
        if abs(exponent) > MAX_EXPONENT:
            raise _huge_exponent(original)
        return _ZERO
    if number.adjusted() >= MAX_DIGITS:
        raise _too_large(original)
    if -MAX_PLACES <= exponent <= MAX_EXPONENT:
        return number  # within the places whatever its trailing zeros
    # Trailing zeros do not count as places ("1.500000000000000" is fine).
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if exponent + trailing_zeros < -MAX_PLACES:
        raise _too_many_places(original)
    if abs(exponent) > MAX_EXPONENT:
        raise _huge_exponent(original)
    return number


def _not_finite(original: object) -> NumberError:
    return NumberError(
        f"{shown(original)} is not a finite number",
        code="number.not_finite",
        vi=f"{shown(original, 'vi')} không phải là một số hữu hạn",
    )


def _too_large(original: object) -> NumberError:
    return NumberError(
        f"{shown(original)} is too large (at most {MAX_DIGITS} digits before the point)",
        code="number.too_large",
        vi=f"{shown(original, 'vi')} quá lớn (tối đa {MAX_DIGITS} chữ số trước dấu thập phân)",
    )


def _too_many_places(original: object) -> NumberError:
    return NumberError(
        f"{shown(original)} has more than {MAX_PLACES} digits after the point",
        code="number.too_many_places",
        vi=f"{shown(original, 'vi')} có quá {MAX_PLACES} chữ số sau dấu thập phân",
    )


def _huge_exponent(original: object) -> NumberError:
    return NumberError(
        f"{shown(original)} is out of range: its exponent (or its number of trailing zeros) "
        f"is above {MAX_EXPONENT}",
        code="number.exponent_too_large",
        vi=f"{shown(original, 'vi')} vượt quá phạm vi: số mũ (hoặc số chữ số 0 ở cuối) "
        f"lớn hơn {MAX_EXPONENT}",
    )


def to_decimal(value: Decimal | str | float) -> Decimal:
    """Attrs converter for Decimal fields of rule objects (see :func:`parse_decimal`).

    >>> to_decimal("2.50")
    Decimal('2.50')
    """
    return parse_decimal(value)


def to_optional_decimal(value: Decimal | str | float | None) -> Decimal | None:
    """Like :func:`to_decimal`, letting ``None`` through.

    >>> to_optional_decimal(None), to_optional_decimal(1)
    (None, Decimal('1'))
    """
    return None if value is None else parse_decimal(value)
