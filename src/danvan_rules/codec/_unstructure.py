"""Model → data: the converter's unstructure hooks, the one writer of every data form.

Rule sets and reports are written in their canonical form: attrs objects as
tables of their fields (fields equal to their default left out, members of a
tagged union with their ``kind`` first), Decimals as their shortest exact text,
dates as ISO text, enums as their value, tuples as lists. The core hashes the
same form (``model/_canonical.py``, which may not import cattrs); a property
test pins that the two agree on every rule set and report.

Results are written in the documented JSON form of ``docs/cli.md``: a chosen
set of keys per class (:data:`RESULT_VIEWS`), every key always present.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from danvan_rules.model import (
    AdjustmentLine,
    AppliedCondition,
    Audit,
    CohortNote,
    CriterionLine,
    Gap,
    Headroom,
    Notice,
    ScoreResult,
)
from danvan_rules.model._canonical import decimal_text

if TYPE_CHECKING:
    import cattrs

__all__ = ["RESULT_VIEWS", "register_unstructure_hooks", "toml_number"]

#: The keys of each result class in the documented JSON form, in order.
RESULT_VIEWS: Final[Mapping[type, tuple[str, ...]]] = {
    CriterionLine: (
        "code",
        "title_vi",
        "depth",
        "awarded",
        "max",
        "weight",
        "weighted",
        "source",
        "self_points",
        "appraised_points",
        "reference",
        "assumed",
    ),
    AdjustmentLine: (
        "code",
        "kind",
        "label_vi",
        "claimed",
        "points",
        "note",
        "reference",
        "assumed",
    ),
    AppliedCondition: ("code", "label_vi", "effect", "band", "reference", "assumed"),
    Gap: ("next_band", "points_needed", "headroom", "blocking"),
    Headroom: ("code", "available"),
    Notice: ("code", "en", "vi"),
    Audit: ("ruleset_code", "ruleset_sha256", "library_version", "report_sha256"),
    CohortNote: ("rank", "cohort_size", "band_before_quota", "demoted"),
}


def _iso(day: dt.date) -> str:
    return day.isoformat()


def toml_number(number: Decimal) -> int | float | str:
    """A Decimal as TOML writes it: an integer, a float whose shortest text is exact, or text."""
    if number == number.to_integral_value():
        return int(number)
    as_float = float(number)
    # only when the float's shortest text is exactly the number; else text stays exact
    return as_float if Decimal(repr(as_float)) == number else decimal_text(number)


def _canonical_attrs(cl: type, converter: cattrs.Converter) -> Callable[[Any], dict[str, Any]]:
    kind = getattr(cl, "KIND", None)
    fields = [(f.name, f.alias or f.name, f.default) for f in attrs.fields(cl) if f.init]
    unstructure = converter.unstructure

    def write(value: Any) -> dict[str, Any]:
        data: dict[str, Any] = {} if kind is None else {"kind": kind}
        for name, key, default in fields:
            item = getattr(value, name)
            # Model classes use plain defaults (factories never equal a value).
            if default is attrs.NOTHING or item != default:
                data[key] = unstructure(item)
        return data

    return write


#: Values every converter writes as they are (the hooks below keep them).
_PLAIN: Final = frozenset({str, int, bool, type(None)})


def _view(
    keys: tuple[str, ...], converter: cattrs.Converter, decimal: Callable[[Decimal], Any]
) -> Callable[[Any], dict[str, Any]]:
    unstructure = converter.unstructure

    def write(value: Any) -> dict[str, Any]:
        data = {}
        for key in keys:  # plain values and Decimals without the converter's dispatch
            item = getattr(value, key)
            kind = type(item)
            data[key] = (
                item if kind in _PLAIN else decimal(item) if kind is Decimal else unstructure(item)
            )
        return data

    return write


def _result(converter: cattrs.Converter) -> Callable[[ScoreResult], dict[str, Any]]:
    unstructure = converter.unstructure

    def write(result: ScoreResult) -> dict[str, Any]:
        return {
            "unit_id": result.unit_id,
            "unit_name": result.unit_name,
            "category": result.category,
            "year": result.year,
            "province": result.province,
            "ruleset": result.audit.ruleset_code,
            "status": result.status.value,
            # as rounded by the rule set: "82.50" keeps its places
            "total": str(result.total),
            "self_total": str(result.self_total),
            "criteria_total": decimal_text(result.criteria_total),
            "band": result.band_code,
            "band_label_vi": None if result.band is None else result.band.label_vi,
            "band_by_score": result.band_by_score.code,
            "criteria": unstructure(result.lines),
            "adjustments": unstructure(result.adjustments),
            "applied_conditions": unstructure(result.applied_conditions),
            "gap": unstructure(result.gap),
            "warnings": unstructure(result.warnings),
            "audit": unstructure(result.audit),
            "cohort": unstructure(result.cohort),
            "derived": unstructure(result.derived),
        }

    return write


def _is_enum(type_: Any) -> bool:
    return isinstance(type_, type) and issubclass(type_, enum.Enum)


def _is_mapping(type_: Any) -> bool:
    return isinstance(type_, type) and issubclass(type_, Mapping)


def register_unstructure_hooks(
    converter: cattrs.Converter,
    *,
    decimal: Callable[[Decimal], Any] = decimal_text,
    date: Callable[[dt.date], Any] = _iso,
) -> cattrs.Converter:
    """Make ``converter`` write the data forms; ``decimal``/``date`` write those leaves.

    (The TOML writer keeps numbers and dates native; the shape is the same.)
    """
    unstructure = converter.unstructure
    converter.register_unstructure_hook(Decimal, decimal)
    converter.register_unstructure_hook(dt.date, date)
    converter.register_unstructure_hook_func(_is_enum, lambda value: value.value)
    converter.register_unstructure_hook_func(
        lambda t: t in (tuple, list), lambda items: [unstructure(item) for item in items]
    )
    converter.register_unstructure_hook_func(
        _is_mapping,
        lambda table: {str(key): unstructure(item) for key, item in table.items()},
    )
    converter.register_unstructure_hook_factory(
        attrs.has, lambda cl: _canonical_attrs(cl, converter)
    )
    for cl, keys in RESULT_VIEWS.items():
        converter.register_unstructure_hook(cl, _view(keys, converter, decimal))
    converter.register_unstructure_hook(ScoreResult, _result(converter))
    return converter
