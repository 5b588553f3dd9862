"""The input side of the columnar path: column keys, columns as arrays, and the rows' reports.

No NumPy is imported here: the functions that build arrays are given the module.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from danvan_rules.errors import InvalidValueError, Problem, ReportError, index_path
from danvan_rules.limits import MAX_STRING_LENGTH
from danvan_rules.model import RuleSet, UnitReport, evaluation_date

__all__ = [
    "APPRAISED",
    "BONUS",
    "FACT",
    "FIELDS",
    "REQUIRED",
    "ColumnRows",
    "GivenRows",
    "Rows",
    "arrays_of",
    "code_of",
    "ended",
    "guess",
    "plain_text",
    "table_of",
]

#: Key prefixes of ``score_columns`` (a key without one is a self-assessed criterion).
APPRAISED: Final = "appraised:"
FACT: Final = "fact:"
BONUS: Final = "bonus:"

#: Lists of text this short become NumPy text arrays (longer ones stay objects).
SHORT: Final = 64
FIELDS: Final = frozenset(attrs.fields_dict(UnitReport)) - {"_index"}
REQUIRED: Final = frozenset({"unit_id", "unit_name", "category", "year", "province", "self_scores"})


# ---------------------------------------------------------------------- rows


class Rows:
    """Where a row's report comes from: built from columns, or the report given."""

    def report(self, index: int) -> UnitReport:  # pragma: no cover - overridden
        raise NotImplementedError


@attrs.frozen
class ColumnRows(Rows):
    category: str
    year: int
    province: str
    #: (table, key, items) per column: table is self_scores, appraised_scores, facts or bonuses
    columns: tuple[tuple[str, str, Sequence[object]], ...]

    def report(self, index: int) -> UnitReport:
        tables: dict[str, dict[str, object]] = {
            "self_scores": {},
            "appraised_scores": {},
            "facts": {},
            "bonuses": {},
        }
        for table, key, items in self.columns:
            value = items[index]
            if value is not None:
                tables[table][key] = value
        name = str(index)
        return UnitReport(
            name,
            name,
            self.category,
            self.year,
            self.province,
            tables["self_scores"],
            appraised_scores=tables["appraised_scores"] or None,
            facts=tables["facts"],
            bonuses=tables["bonuses"],
        )


@attrs.frozen
class GivenRows(Rows):
    items: Sequence[object]

    def report(self, index: int) -> UnitReport:
        return _as_report(self.items[index], index)


def _as_report(item: object, index: int) -> UnitReport:
    if isinstance(item, UnitReport):
        return item
    if isinstance(item, Mapping):
        keys = set(item)
        unknown = sorted(map(str, keys - FIELDS))
        missing = sorted(REQUIRED - keys)
        if unknown or missing:
            what = "; ".join(
                part
                for part in (
                    f"unknown fields {', '.join(unknown)}" if unknown else "",
                    f"missing fields {', '.join(missing)}" if missing else "",
                )
                if part
            )
            what_vi = "; ".join(
                part
                for part in (
                    f"trường không có {', '.join(unknown)}" if unknown else "",
                    f"thiếu trường {', '.join(missing)}" if missing else "",
                )
                if part
            )
            raise ReportError(
                [
                    Problem(
                        f"a report dict must have the fields of a UnitReport: {what}",
                        index_path("$", index),
                        code="columns.report_fields",
                        message_vi=f"một báo cáo dạng dict phải có các trường của UnitReport: {what_vi}",
                    )
                ]
            )
        return UnitReport(**item)
    kind = type(item).__name__
    raise ReportError(
        [
            Problem(
                f"expected a UnitReport, not {kind}",
                index_path("$", index),
                code="batch.not_a_report",
                message_vi=f"cần một báo cáo (UnitReport), không phải {kind}",
            )
        ]
    )


def table_of(key: str) -> str:
    for prefix, table in ((APPRAISED, "appraised_scores"), (FACT, "facts"), (BONUS, "bonuses")):
        if key.startswith(prefix):
            return table
    return "self_scores"


def code_of(key: str) -> str:
    for prefix in (APPRAISED, FACT, BONUS):
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def _invalid(message: str, code: str, vi: str) -> InvalidValueError:
    return InvalidValueError(message, code=code, vi=vi)


def arrays_of(np: Any, columns: object) -> tuple[dict[str, Any], dict[str, Sequence[object]]]:
    """Each column as a 1-D NumPy array, and as the items its rows are built from."""
    if not isinstance(columns, Mapping):
        kind = type(columns).__name__
        raise _invalid(
            f"columns must be a mapping of keys to columns, not {kind}",
            "columns.not_a_mapping",
            f"các cột phải là một bảng khóa và cột, không phải {kind}",
        )
    arrays: dict[str, Any] = {}
    items: dict[str, Sequence[object]] = {}
    length = None
    for key, column in columns.items():
        if not isinstance(key, str):
            raise _invalid(
                f"a column key is text, not {key!r}",
                "columns.invalid_key",
                f"khóa của một cột phải là chuỗi ký tự, không phải {key!r}",
            )
        if isinstance(column, np.ndarray):
            array, rows = column, column
        else:
            rows = list(column)
            array = guess(np, rows)
        if array.ndim != 1:
            raise _invalid(
                f"column {key!r} has {array.ndim} dimensions: give one value per row",
                "columns.not_one_dimensional",
                f"cột {key!r} có {array.ndim} chiều: hãy cho một giá trị mỗi hàng",
            )
        if length is not None and len(array) != length:
            raise _invalid(
                f"column {key!r} has {len(array)} rows, the columns before it {length}",
                "columns.unequal_lengths",
                f"cột {key!r} có {len(array)} hàng, các cột trước có {length} hàng",
            )
        length = len(array)
        arrays[key], items[key] = array, rows
    return arrays, items


def guess(np: Any, rows: list[object]) -> Any:
    """A list as an array of its one plain type (bool, int, float), else of objects."""
    kinds = set(map(type, rows))
    if kinds == {bool}:
        return np.array(rows, dtype=np.bool_)
    if kinds == {float}:
        return np.array(rows, dtype=np.float64)
    if kinds == {int} and all(-(2**63) <= v < 2**63 for v in rows):  # type: ignore[operator]
        return np.array(rows, dtype=np.int64)
    if kinds == {str} and max(map(len, rows)) <= SHORT:  # type: ignore[arg-type]
        return np.array(rows, dtype=str)
    return np.fromiter(rows, dtype=object, count=len(rows))


def plain_text(value: object) -> bool:
    """Whether a report would keep ``value`` as it is, as a name: non-empty NFC text."""
    if not isinstance(value, str) or len(value) > MAX_STRING_LENGTH or not value.strip():
        return False
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return unicodedata.is_normalized("NFC", value)
    return True


def ended(ruleset: RuleSet, category: str, year: int) -> bool:
    until: dt.date | None = ruleset.category(category).until
    return until is not None and evaluation_date(year) > until
