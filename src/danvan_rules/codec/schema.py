"""JSON Schema (draft 2020-12) of a report for one rule set and category, and of a result.

The report schema mirrors the codec and the scorer: it names every leaf
criterion of the category's scorecard (required under ``self_scores`` unless
appraiser-only; appraiser-only ones under ``appraised_scores``), gives each
answer the form its measure takes, lists the rule set's facts and bonuses, and
refuses unknown keys wherever the codec does. Every answer the scorer accepts
for a leaf was found by asking the scorer (:func:`_accepted`), so a level's
name is in the schema exactly when a report may give it. What JSON Schema
cannot say is left to the library (``docs/schema.md`` lists it): the range and
step of a number written as text, Unicode normalisation of keys, lone
surrogates, and whether a ``former_province`` was merged into ``province``.

>>> from danvan_rules import rulesets
>>> schema = report_schema(rulesets.get("example/dan-van-2024"), "so-nganh")
>>> levels = schema["properties"]["self_scores"]["properties"]["I.3"]["enum"]
>>> schema["$id"], "Khá" in levels, "Fair" in levels, "Rất tốt" in levels
('urn:danvan-rules:report:example/dan-van-2024:so-nganh', True, True, False)

Pure: no I/O; each call builds a new document (a ``dict`` of JSON values).
"""

from __future__ import annotations

import copy
import unicodedata
from decimal import Decimal
from typing import Any, Final

from danvan_rules import provinces
from danvan_rules.errors import ReportError
from danvan_rules.limits import MAX_COUNT, MAX_STRING_LENGTH
from danvan_rules.model import (
    Checklist,
    Criterion,
    Deductions,
    Levels,
    Points,
    RateTable,
    RuleSet,
    UnitReport,
)
from danvan_rules.model._canonical import decimal_text
from danvan_rules.model.result import Source, Status
from danvan_rules.scoring._measures import InvalidAnswerError, leaf_points

__all__ = ["DIALECT", "report_schema", "result_schema"]

#: The JSON Schema dialect of every schema here.
DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

_FIRST_YEAR: Final = 1900
_LAST_YEAR: Final = 2200

#: A number written as text, as the report reads one (``" 7.5 "``, ``"1e1"``), that is
#: not below 0 (a negative zero is 0).
_NON_NEGATIVE_TEXT: Final = (
    r"^\s*(\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)|-(0+(\.0*)?|\.0+))([eE][+-]?[0-9]+)?\s*$"
)
#: How a result writes a Decimal: its exact text, without exponent.
_DECIMAL_OUT: Final = r"^-?[0-9]+(\.[0-9]+)?$"


def _number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: an int when whole, else the float of its exact text."""
    if value == value.to_integral_value():
        return int(value)
    return float(decimal_text(value))


def _null_or(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [{"type": "null"}, schema]}


# ---------------------------------------------------------------------- answers


def _accepted(leaf: Criterion, answer: object) -> bool:
    """Whether a report may give ``answer`` for ``leaf``: the report and the scorer are asked."""
    try:
        report = UnitReport("x", "x", "x", 2000, "x", {leaf.code: answer})
        leaf_points(leaf, report.self_scores[leaf.code])
    except (ReportError, InvalidAnswerError):
        return False
    return True


def _text_number() -> dict[str, Any]:
    """A number given as text: its form is checked here, its value by the library."""
    return {"$ref": "#/$defs/number_text"}


def _count() -> dict[str, Any]:
    return {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}


def _levels(leaf: Criterion, measure: Levels) -> dict[str, Any]:
    """Each level's names (Vietnamese, English), composed and decomposed, as the scorer matches them."""
    texts: list[str] = []
    for level in measure.levels:
        for name in (level.name, level.name_en):
            for text in (name, unicodedata.normalize("NFD", name)):
                if text not in texts and _accepted(leaf, text):
                    texts.append(text)
    return {"enum": texts}


def _answer(leaf: Criterion) -> dict[str, Any]:
    """What a report may give for one leaf, by its measure."""
    measure = leaf.measure
    if isinstance(measure, Points):
        number: dict[str, Any] = {"type": "number", "minimum": 0, "maximum": _number(leaf.max)}
        if measure.step is not None:
            number["multipleOf"] = _number(measure.step)
        schema: dict[str, Any] = {"anyOf": [number, _text_number()]}
    elif isinstance(measure, Checklist):
        schema = {"type": "boolean"}
    elif isinstance(measure, Levels):
        schema = _levels(leaf, measure)
    elif isinstance(measure, RateTable) and measure.unit == "percent":
        schema = {"anyOf": [{"type": "number", "minimum": 0, "maximum": 100}, _text_number()]}
    else:
        assert isinstance(measure, RateTable | Deductions)  # noqa: S101 - leaves have a measure
        schema = {"anyOf": [_count(), _text_number()]}
    return {
        "title": leaf.title_vi,
        "description": _describe(leaf),
        **schema,
    }


def _describe(leaf: Criterion) -> str:
    measure = leaf.measure
    kind = getattr(measure, "KIND", "")
    parts = [leaf.title_en] if leaf.title_en else []
    parts.append(f"{kind}, max {decimal_text(leaf.max)}")
    if isinstance(measure, Points) and measure.step is not None:
        parts.append(f"step {decimal_text(measure.step)}")
    if leaf.appraiser_only:
        parts.append("appraiser-only: scored by the higher level")
    return "; ".join(parts)


def _scores(leaves: list[Criterion], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {leaf.code: _answer(leaf) for leaf in leaves},
        "required": required,
        "additionalProperties": False,
    }


# ---------------------------------------------------------------------- facts and bonuses


def _facts(ruleset: RuleSet) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for fact in ruleset.facts:
        value: dict[str, Any] = {"type": "boolean"} if fact.kind == "flag" else _count()
        what = "true/false" if fact.kind == "flag" else "a whole count >= 0"
        description = "; ".join(filter(None, (fact.label_en, what)))
        properties[fact.name] = {"title": fact.label_vi, "description": description, **value}
    return {
        "type": "object",
        "properties": properties,
        "required": [fact.name for fact in ruleset.facts],
        "additionalProperties": False,
    }


def _bonuses(ruleset: RuleSet) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for code, bonus in ruleset.bonuses.items():
        if bonus.points is None:
            number = {"type": "number", "minimum": 0, "maximum": _number(bonus.cap)}
            what = f"points claimed, 0..{decimal_text(bonus.cap)}"
        else:
            number = _count()
            what = (
                f"items claimed, {decimal_text(bonus.points)} points each, "
                f"at most {decimal_text(bonus.cap)} points"
            )
        properties[code] = {
            "title": bonus.label_vi,
            "description": what,
            "anyOf": [number, _text_number()],
        }
    return {"type": "object", "properties": properties, "additionalProperties": False}


# ---------------------------------------------------------------------- the report


def _name() -> dict[str, Any]:
    return {"$ref": "#/$defs/name"}


def _last_year(ruleset: RuleSet, category: str) -> int:
    """The last evaluation year of the category (its reports are dated 31 December)."""
    until = ruleset.category(category).until
    if until is None:
        return _LAST_YEAR
    return until.year if (until.month, until.day) == (12, 31) else until.year - 1


def report_schema(ruleset: RuleSet, category: str) -> dict[str, Any]:
    """The JSON Schema of a report of ``category`` for ``ruleset`` (see ``docs/schema.md``).

    A report that :func:`~danvan_rules.codec.report_from_data` reads and
    :func:`~danvan_rules.score` scores validates against it.

    Raises:
        KeyError: ``category`` is not a category of ``ruleset``.
    """
    card = ruleset.scorecard_for(category)
    label = ruleset.category(category)
    own = [leaf for leaf in card.leaves if not leaf.appraiser_only]
    appraised = _scores(
        list(card.leaves), [leaf.code for leaf in card.leaves if leaf.appraiser_only]
    )
    required = ["unit_id", "unit_name", "category", "year", "province", "self_scores"]
    if ruleset.facts:
        required.append("facts")
    codes = {p.code for p in (*provinces.FORMER, *provinces.CURRENT)} | {ruleset.province}
    return {
        "$schema": DIALECT,
        "$id": f"urn:danvan-rules:report:{ruleset.code}:{category}",
        "title": (
            f"Báo cáo tự đánh giá: {ruleset.code}, {label.label_vi} / "
            f"Self-assessment report: {ruleset.code}, category {category}"
        ),
        "description": (
            f"Báo cáo của một đơn vị thuộc khối {label.label_vi} theo bộ quy tắc "
            f"{ruleset.code} ({ruleset.title_vi}). / A unit's report for the category "
            f"{category} of the rule set {ruleset.code}: every criterion, fact and bonus "
            "it names, with the answers the library accepts."
        ),
        "type": "object",
        "properties": {
            "unit_id": {**_name(), "title": "Mã đơn vị / unit id"},
            "unit_name": {**_name(), "title": "Tên đơn vị / unit name"},
            "category": {"const": category, "title": "Khối / category"},
            "year": {
                "type": "integer",
                "minimum": _FIRST_YEAR,
                "maximum": _last_year(ruleset, category),
                "title": "Năm đánh giá / evaluation year",
            },
            "province": {**_name(), "title": "Tỉnh, thành phố / province"},
            "former_province": {
                "anyOf": [{"type": "null"}, {"enum": sorted(codes)}],
                "title": "Tỉnh cũ trước sáp nhập / former province",
            },
            "self_scores": {
                **_scores(own, [leaf.code for leaf in own]),
                "title": "Điểm tự chấm / self-assessed scores",
            },
            "appraised_scores": {
                "anyOf": [{"type": "null"}, appraised],
                "title": "Điểm thẩm định / appraised scores",
            },
            "facts": {**_facts(ruleset), "title": "Dữ kiện / facts"},
            "bonuses": {**_bonuses(ruleset), "title": "Điểm thưởng đề nghị / bonus claims"},
        },
        "required": required,
        "additionalProperties": False,
        "$defs": {
            "name": {
                "type": "string",
                "minLength": 1,
                "maxLength": MAX_STRING_LENGTH,
                "pattern": r"\S",
                "description": "text that is not empty nor only spaces",
            },
            "number_text": {
                "type": "string",
                "pattern": _NON_NEGATIVE_TEXT,
                "description": (
                    "a number >= 0 written as text (' 7.5 ', '1e1'): JSON Schema checks its "
                    "form, the library its range and step"
                ),
            },
        },
    }


# ---------------------------------------------------------------------- the result


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def result_schema() -> dict[str, Any]:
    """The JSON Schema of a result as :func:`~danvan_rules.codec.result_to_data` writes it.

    Every key is always present; numbers are exact decimal text (``"82.50"``).

    >>> sorted(result_schema()["properties"])[:4]
    ['adjustments', 'applied_conditions', 'audit', 'band']
    """
    text = {"type": "string"}
    decimal = {"$ref": "#/$defs/decimal"}
    reference = {"$ref": "#/$defs/reference"}
    sha256 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
    line = _object(
        {
            "code": text,
            "title_vi": text,
            "depth": {"type": "integer", "minimum": 0},
            "awarded": decimal,
            "max": decimal,
            "weight": _null_or(decimal),
            "weighted": _null_or(decimal),
            "source": {"enum": [source.value for source in Source]},
            "self_points": _null_or(decimal),
            "appraised_points": _null_or(decimal),
            "reference": reference,
            "assumed": {"type": "boolean"},
        }
    )
    adjustment = _object(
        {
            "code": text,
            "kind": {"enum": ["bonus", "deduction", "percent_deduction"]},
            "label_vi": text,
            "claimed": decimal,
            "points": decimal,
            "note": text,
            "reference": reference,
            "assumed": {"type": "boolean"},
        }
    )
    condition = _object(
        {
            "code": text,
            "label_vi": text,
            "effect": {"enum": ["cap", "force", "ineligible"]},
            "band": _null_or(text),
            "reference": reference,
            "assumed": {"type": "boolean"},
        }
    )
    gap = _object(
        {
            "next_band": text,
            "points_needed": decimal,
            "headroom": {
                "type": "array",
                "items": _object({"code": text, "available": decimal}),
            },
            "blocking": {"type": "array", "items": text},
        }
    )
    cohort = _object(
        {
            "rank": _null_or({"type": "integer", "minimum": 1}),
            "cohort_size": {"type": "integer", "minimum": 0},
            "band_before_quota": _null_or(text),
            "demoted": {"type": "boolean"},
        }
    )
    derived = _object(
        {
            "target": text,
            "value": {"type": ["boolean", "integer", "string"]},
            "count": {"enum": ["registered", "passed", "recognised"]},
            "counted": {"type": "integer", "minimum": 0},
            "campaign": text,
            "records": {"type": "array", "items": text},
            "reference": reference,
            "requirement": reference,
            "assumed": {"type": "boolean"},
        }
    )
    schema = {
        "$schema": DIALECT,
        "$id": "urn:danvan-rules:result",
        "title": "Kết quả chấm điểm của một đơn vị / A unit's scoring result",
        "description": (
            "Kết quả chấm điểm một báo cáo, như lệnh danvan-rules score --format json in ra. "
            "/ The JSON form of one scored report (result_to_data, "
            "danvan-rules score --format json): numbers as exact decimal text."
        ),
        **_object(
            {
                "unit_id": text,
                "unit_name": text,
                "category": text,
                "year": {"type": "integer"},
                "province": text,
                "ruleset": text,
                "status": {"enum": [status.value for status in Status]},
                "total": decimal,
                "self_total": decimal,
                "criteria_total": decimal,
                "band": _null_or(text),
                "band_label_vi": _null_or(text),
                "band_by_score": text,
                "criteria": {"type": "array", "items": line},
                "adjustments": {"type": "array", "items": adjustment},
                "applied_conditions": {"type": "array", "items": condition},
                "gap": _null_or(gap),
                "warnings": {
                    "type": "array",
                    "items": _object({"code": text, "en": text, "vi": text}),
                },
                "audit": _object(
                    {
                        "ruleset_code": text,
                        "ruleset_sha256": sha256,
                        "library_version": text,
                        "report_sha256": sha256,
                    }
                ),
                "cohort": _null_or(cohort),
                "derived": {"type": "array", "items": derived},
            }
        ),
        "$defs": {
            "decimal": {"type": "string", "pattern": _DECIMAL_OUT},
            "reference": _null_or(
                {
                    "type": "object",
                    "properties": {
                        "document": {"type": "string", "minLength": 1},
                        "item": text,
                        "url": text,
                        "note": text,
                    },
                    "required": ["document"],
                    "additionalProperties": False,
                }
            ),
        },
    }
    # the pieces above are shared within the document: each caller gets its own copy
    return copy.deepcopy(schema)
