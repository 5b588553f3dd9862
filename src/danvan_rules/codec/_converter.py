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

import attrs
import cattrs
from cattrs.cols import is_mapping
from cattrs.errors import IterableValidationError, IterableValidationNote

from danvan_rules.errors import InvalidValueError
from danvan_rules.limits import MAX_PROBLEMS
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

from ._errors import TooManyProblemsError
from ._unstructure import register_unstructure_hooks, toml_number

__all__ = ["CONVERTER", "TOML_WRITER"]

_WHAT_VI: Final = {
    "measure": "cách chấm",
    "condition": "điều kiện",
    "effect": "hệ quả",
    "adjustment": "điều chỉnh",
}


class _WrongTypeError(InvalidValueError):
    """A value of the wrong type (cattrs collects it like any ``ValueError``)."""


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _decimal(value: Any, _: object) -> Decimal:
    # Floats are refused (parse_decimal says why): the TOML and JSON readers of
    # this package parse non-integral numbers straight to Decimal, exactly.
    return parse_decimal(value)


def _str(value: Any, _: object) -> str:
    if not isinstance(value, str):
        raise _WrongTypeError(
            f"expected text, not {value!r}",
            code="data.expected_text",
            vi=f"cần một chuỗi ký tự, không phải {_shown(value)}",
        )
    return value


def _int(value: Any, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _WrongTypeError(
            f"expected a whole number, not {value!r}",
            code="data.expected_integer",
            vi=f"cần một số nguyên, không phải {_shown(value)}",
        )
    return value


def _bool(value: Any, _: object) -> bool:
    if not isinstance(value, bool):
        raise _WrongTypeError(
            f"expected true or false, not {value!r}",
            code="data.expected_boolean",
            vi=f"cần giá trị true hoặc false, không phải {_shown(value)}",
        )
    return value


def _date(value: Any, _: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _WrongTypeError(
            f"expected a date (YYYY-MM-DD), not a date-time {value!r}",
            code="data.expected_date",
            vi=f"cần một ngày (YYYY-MM-DD), không phải ngày giờ {_shown(value)}",
        )
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _WrongTypeError(
        f"expected a date (YYYY-MM-DD), not {value!r}",
        code="data.expected_date",
        vi=f"cần một ngày (YYYY-MM-DD), không phải {_shown(value)}",
    )


def _answer(value: Any, _: object) -> Answer:
    if isinstance(value, bool | str | Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return _decimal(value, None)  # raises, explaining why floats are refused
    raise _WrongTypeError(
        f"expected points, true/false or a level name, not {value!r}",
        code="data.expected_answer",
        vi=f"cần số điểm, true/false hoặc tên mức, không phải {_shown(value)}",
    )


def _fact(value: Any, _: object) -> bool | int:
    if isinstance(value, bool | int):
        return value
    raise _WrongTypeError(
        f"expected true/false or a whole count, not {value!r}",
        code="data.expected_fact",
        vi=f"cần true/false hoặc một số đếm nguyên, không phải {_shown(value)}",
    )


def _enum(cls: type[enum.Enum]) -> Callable[[Any, object], enum.Enum]:
    values = [member.value for member in cls]

    def structure(value: Any, _: object) -> enum.Enum:
        for member in cls:
            if member.value == value:
                return member
        listed = ", ".join(map(repr, values))
        raise _WrongTypeError(
            f"expected one of {listed}, not {value!r}",
            code="data.unknown_choice",
            vi=f"cần một trong các giá trị {listed}, không phải {_shown(value)}",
        )

    return structure


def _literal(value: Any, type_: Any) -> Any:
    allowed = get_args(type_)
    if isinstance(value, str) and value in allowed:
        return value
    listed = ", ".join(map(repr, allowed))
    raise _WrongTypeError(
        f"expected one of {listed}, not {value!r}",
        code="data.unknown_choice",
        vi=f"cần một trong các giá trị {listed}, không phải {_shown(value)}",
    )


def _tagged(
    converter: cattrs.Converter, members: tuple[type, ...], what: str
) -> Callable[[Any, object], Any]:
    by_kind: Final = {member.KIND: member for member in members}  # type: ignore[attr-defined]
    kinds = ", ".join(repr(kind) for kind in by_kind)

    def structure(value: Any, _: object) -> Any:
        if not isinstance(value, Mapping):
            raise _WrongTypeError(
                f"expected a table with a 'kind' ({kinds}), not {value!r}",
                code="data.expected_table",
                vi=f"cần một bảng có khóa 'kind' ({kinds}), không phải {_shown(value)}",
            )
        kind = value.get("kind")
        member = by_kind.get(kind)
        if member is None:
            raise _WrongTypeError(
                f"unknown {what} kind {kind!r} (kinds: {kinds})",
                code="data.unknown_kind",
                vi=f"loại {_WHAT_VI[what]} {_shown(kind)} không được biết đến (các loại: {kinds})",
            )
        return converter.structure({k: v for k, v in value.items() if k != "kind"}, member)

    return structure


def _refuse(value: Any, kinds: tuple[type, ...], what: str, code: str, what_vi: str) -> None:
    # cattrs would iterate a string into a tuple of characters, or a table into its
    # keys: a list is asked for, so only a list is taken (likewise for tables).
    if not isinstance(value, kinds):
        raise _WrongTypeError(
            f"expected {what}, not {value!r}",
            code=code,
            vi=f"cần {what_vi}, không phải {_shown(value)}",
        )


class _Errors:
    """The errors of one list or table: at most MAX_PROBLEMS kept, the rest counted.

    cattrs keeps one exception per bad item; a list of a million junk items
    would hold a million exceptions (and their tracebacks) at once.
    """

    def __init__(self) -> None:
        self.kept: list[Exception] = []
        self.extra = 0

    def add(self, exc: Exception, note: IterableValidationNote) -> None:
        if len(self.kept) < MAX_PROBLEMS:
            exc.__notes__ = [*getattr(exc, "__notes__", []), note]
            self.kept.append(exc)
        else:
            self.extra += 1

    def raise_if_any(self, type_: Any) -> None:
        if self.extra:
            self.kept.append(TooManyProblemsError(self.extra))
        if self.kept:
            raise IterableValidationError(f"While structuring {type_!r}", self.kept, type_)


def _is_tuple(type_: Any) -> bool:
    return get_origin(type_) is tuple


def _tuple_hook(type_: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    elem = get_args(type_)[0]
    handler = converter.get_structure_hook(elem)

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        _refuse(value, (list, tuple), "a list", "data.expected_list", "một danh sách")
        out = []
        errors = _Errors()
        for index, item in enumerate(value):
            try:
                out.append(handler(item, elem))
            except Exception as exc:  # noqa: BLE001 - collected, like cattrs does
                errors.add(exc, IterableValidationNote(f"index {index}", index, elem))
        errors.raise_if_any(type_)
        return tuple(out)

    return structure


def _mapping_hook(type_: Any, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    key_type, value_type = get_args(type_)
    keys = converter.get_structure_hook(key_type)
    values = converter.get_structure_hook(value_type)

    def structure(value: Any, _: Any) -> dict[Any, Any]:
        _refuse(value, (Mapping,), "a table of names to values", "data.expected_table", "một bảng")
        out = {}
        errors = _Errors()
        for key, item in value.items():
            note = IterableValidationNote(f"key {key!r}", key, value_type)
            try:
                out[keys(key, key_type)] = values(item, value_type)
            except Exception as exc:  # noqa: BLE001 - collected, like cattrs does
                errors.add(exc, note)
        errors.raise_if_any(type_)
        return out

    return structure


def _attrs_hook(cl: type, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    inner: Callable[[Any, Any], Any] = converter.gen_structure_attrs_fromdict(cl)

    def structure(value: Any, type_: Any) -> Any:
        # cattrs would look keys up in whatever it is given ("argument of type
        # 'int' is not iterable"): a table is asked for, so say so.
        _refuse(value, (Mapping,), "a table", "data.expected_table", "một bảng")
        return inner(value, type_)

    return structure


def _make() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook_factory(attrs.has, _attrs_hook)
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


#: The library's one converter, both directions: data to model strictly, and
#: model to the canonical data form. Private by policy: use the functions of
#: :mod:`danvan_rules.codec`.
CONVERTER: Final = register_unstructure_hooks(_make())

#: The same data form for TOML, which keeps numbers and dates native.
TOML_WRITER: Final = register_unstructure_hooks(
    cattrs.Converter(), decimal=toml_number, date=lambda day: day
)
