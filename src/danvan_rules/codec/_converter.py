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
from typing import Any, Final, Literal, get_args, get_origin

import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, is_mapping, mapping_structure_factory

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


def _only(
    kinds: tuple[type, ...], what: str, hook: Callable[[Any, Any], Any]
) -> Callable[[Any, Any], Any]:
    """``hook``, after refusing values that are not ``kinds`` (no str → list coercion)."""

    def structure(value: Any, type_: Any) -> Any:
        if not isinstance(value, kinds):
            raise TypeError(f"expected {what}, not {value!r}")
        return hook(value, type_)

    return structure


def _is_tuple(type_: Any) -> bool:
    return get_origin(type_) is tuple


def _tuple_hook(type_: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    return _only((list, tuple), "a list", homogenous_tuple_structure_factory(type_, converter))


def _mapping_hook(type_: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    inner = mapping_structure_factory(type_, converter)
    return _only((Mapping,), "a table of names to values", inner)


def _make() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # cattrs would iterate a string into a tuple of characters, or a table into its
    # keys: a list is asked for, so only a list is taken (likewise for tables).
    converter.register_structure_hook_factory(_is_tuple, _tuple_hook)
    converter.register_structure_hook_factory(is_mapping, _mapping_hook)
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
