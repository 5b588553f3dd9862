"""The SHA-256 of model objects in their canonical data form (the audit stamp's hashes).

The canonical form is plain JSON-shaped data: attrs objects become dicts of
their fields (fields equal to their default are left out; members of a tagged
union carry their ``kind``), Decimals become their shortest exact text
(``Decimal("20.50")`` → ``"20.5"``), dates ISO text, enums their value.

Writing data out is the codec's job (its converter's unstructure hooks); the
core may not import cattrs, so it keeps this one small walk for hashing, and
a property test (``tests/test_converter_both_ways.py``) pins that the codec's
unstructured form hashes to the same digest: the audit stamp's hashes are the
hashes of what ``danvan-rules`` would write out.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

__all__ = ["decimal_text", "digest", "report_data", "report_digest", "to_data"]


def decimal_text(number: Decimal) -> str:
    """The shortest exact text of a Decimal, without exponent.

    >>> decimal_text(Decimal("20.50")), decimal_text(Decimal("1E+2")), decimal_text(Decimal("-0"))
    ('20.5', '100', '0')

    Zero is ``"0"`` whatever its exponent (``0e-999999999`` is not expanded
    into a billion zeros).
    """
    if number.is_zero():
        return "0"
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def to_data(value: Any) -> Any:
    """The canonical JSON-shaped form of a model object, as hashed (see the module doc).

    >>> from danvan_rules.model import Reference
    >>> to_data(Reference("QĐ 1", item="mục 2")), to_data((Decimal("2.50"), dt.date(2024, 1, 2)))
    ({'document': 'QĐ 1', 'item': 'mục 2'}, ['2.5', '2024-01-02'])
    """
    if attrs.has(type(value)):
        out: Any = _attrs_to_data(value)
    elif isinstance(value, Decimal):
        out = decimal_text(value)
    elif isinstance(value, enum.Enum):
        out = value.value
    elif isinstance(value, dt.date):
        out = value.isoformat()
    elif isinstance(value, tuple | list):
        out = [to_data(item) for item in value]
    elif isinstance(value, Mapping):
        out = {str(key): to_data(item) for key, item in value.items()}
    else:
        out = value
    return out


def _attrs_to_data(value: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    kind = getattr(type(value), "KIND", None)
    if kind is not None:
        data["kind"] = kind
    for field in attrs.fields(type(value)):
        if not field.init:
            continue
        item = getattr(value, field.name)
        # Model classes use plain defaults (no factories), so equality is enough.
        if field.default is not attrs.NOTHING and item == field.default:
            continue
        data[field.alias or field.name] = to_data(item)
    return data


def _answer_data(value: object) -> object:
    return decimal_text(value) if type(value) is Decimal else value


def report_data(report: Any) -> dict[str, Any]:
    """:func:`to_data` of a UnitReport, spelled out for the hash's speed (a test pins the equality).

    The scorer hashes every report it scores, and the generic walk costs about
    a fifth of scoring; this is the hash's input, not a writer (the codec writes).
    """
    data: dict[str, Any] = {
        "unit_id": report.unit_id,
        "unit_name": report.unit_name,
        "category": report.category,
        "year": report.year,
        "province": report.province,
        "self_scores": {k: _answer_data(v) for k, v in report.self_scores.items()},
        "facts": dict(report.facts),
        "bonuses": {k: decimal_text(v) for k, v in report.bonuses.items()},
    }
    if report.appraised_scores is not None:
        data["appraised_scores"] = {k: _answer_data(v) for k, v in report.appraised_scores.items()}
    if report.former_province is not None:
        data["former_province"] = report.former_province
    return data


def _sha256(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # surrogatepass: a lone surrogate (legal in JSON text) must not crash the
    # hash; valid text encodes exactly as plain UTF-8, so no digest changes.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def report_digest(report: Any) -> str:
    """SHA-256 of a report's canonical JSON text (equal to ``digest(report)``)."""
    return _sha256(report_data(report))


def digest(value: Any) -> str:
    """SHA-256 (hex) of the canonical JSON text of ``value``: sorted keys, no spaces, UTF-8."""
    return _sha256(to_data(value))
