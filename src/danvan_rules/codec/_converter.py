"""The one cattrs converter: dicts (from TOML or JSON) to model objects, strictly.

Policy: a typo is an error (``forbid_extra_keys``), every error is collected
(``detailed_validation``), no value is coerced across types (``"5"`` is not a
bool, ``1`` is not a string), and numbers are exact.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final, Literal, get_args

import cattrs

from danvan_rules.model import Answer, parse_decimal
from danvan_rules.model.criteria import MEASURES, Measure
from danvan_rules.model.rules import (
    ADJUSTMENTS,
    CONDITIONS,
    EFFECTS,
    Adjustment,
    Condition,
    Effect,
)

__all__ = ["CONVERTER"]


def _decimal(value: Any, _: object) -> Decimal:
    # Floats are refused (parse_decimal says why): the TOML and JSON readers of
    # this package parse non-integral numbers straight to Decimal, exactly.
    return parse_decimal(value)


def _str(value: Any, _: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, not {value!r}")
    return value


def _int(value: Any, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, not {value!r}")
    return value


def _bool(value: Any, _: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, not {value!r}")
    return value


def _date(value: Any, _: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise TypeError(f"expected a date (YYYY-MM-DD), not a date-time {value!r}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"expected a date (YYYY-MM-DD), not {value!r}")


def _answer(value: Any, _: object) -> Answer:
    if isinstance(value, bool | str | Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return _decimal(value, None)  # raises, explaining why floats are refused
    raise TypeError(f"expected points, true/false or a level name, not {value!r}")


def _fact(value: Any, _: object) -> bool | int:
    if isinstance(value, bool | int):
        return value
    raise TypeError(f"expected true/false or a whole count, not {value!r}")


def _enum(cls: type[enum.Enum]) -> Callable[[Any, object], enum.Enum]:
    values = [member.value for member in cls]

    def structure(value: Any, _: object) -> enum.Enum:
        for member in cls:
            if member.value == value:
                return member
        raise ValueError(f"expected one of {', '.join(map(repr, values))}, not {value!r}")

    return structure


def _literal(value: Any, type_: Any) -> Any:
    allowed = get_args(type_)
    if isinstance(value, str) and value in allowed:
        return value
    raise ValueError(f"expected one of {', '.join(map(repr, allowed))}, not {value!r}")


def _tagged(
    converter: cattrs.Converter, members: tuple[type, ...], what: str
) -> Callable[[Any, object], Any]:
    by_kind: Final = {member.KIND: member for member in members}  # type: ignore[attr-defined]
    kinds = ", ".join(repr(kind) for kind in by_kind)

    def structure(value: Any, _: object) -> Any:
        if not isinstance(value, Mapping):
            raise TypeError(f"expected a table with a 'kind' ({kinds}), not {value!r}")
        kind = value.get("kind")
        member = by_kind.get(kind)
        if member is None:
            raise ValueError(f"unknown {what} kind {kind!r} (kinds: {kinds})")
        return converter.structure({k: v for k, v in value.items() if k != "kind"}, member)

    return structure


def _make() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_structure_hook(str, _str)
    converter.register_structure_hook(int, _int)
    converter.register_structure_hook(bool, _bool)
    converter.register_structure_hook(dt.date, _date)
    converter.register_structure_hook_func(
        lambda t: t == Answer,
        _answer,
    )
    converter.register_structure_hook_func(lambda t: t == (bool | int), _fact)
    converter.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum),
        lambda value, t: _enum(t)(value, t),
    )
    converter.register_structure_hook_func(
        lambda t: getattr(t, "__origin__", None) is Literal, _literal
    )
    for union, members, what in (
        (Measure, MEASURES, "measure"),
        (Condition, CONDITIONS, "condition"),
        (Effect, EFFECTS, "effect"),
        (Adjustment, ADJUSTMENTS, "adjustment"),
    ):
        converter.register_structure_hook_func(
            lambda t, union=union: t in (union, union | None),  # type: ignore[misc]
            _tagged(converter, members, what),
        )
    return converter


#: The library's one converter. Private by policy: use the functions of
#: :mod:`danvan_rules.codec`.
CONVERTER: Final = _make()
