"""Data ↔ model: rule sets and reports from dicts, TOML and JSON, and back.

Every reader collects *all* problems and raises them together, each message
ending in the path of the offending value:

>>> from danvan_rules.codec import report_from_data
>>> report_from_data({"unit_id": "x", "unit_name": "X", "category": "so-nganh",
...                   "year": "2024", "province": "example", "self_scores": {"I.1": []},
...                   "colour": "red"})
Traceback (most recent call last):
  ...
danvan_rules.errors.ReportError: 3 problems in report of unit 'x':
  expected a whole number, not '2024' @ $.year
  expected points, true/false or a level name, not [] @ $.self_scores["I.1"]
  unknown key 'colour' (known: unit_id, unit_name, category, year, province, self_scores, appraised_scores, facts, bonuses, former_province) @ $.colour
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from danvan_rules.errors import DataError, MissingExtraError, Problem, ReportError, RuleSetError
from danvan_rules.limits import MAX_REPORT_FILE_BYTES, MAX_RULESET_FILE_BYTES
from danvan_rules.model import RuleSet, UnitReport
from danvan_rules.model.report import report_problems

from . import _documents, _errors
from ._converter import CONVERTER, TOML_WRITER
from .results import batch_to_data, result_to_data
from .schema import report_schema, result_schema

__all__ = [
    "batch_to_data",
    "check_ruleset",
    "parse_json",
    "parse_json_document",
    "parse_toml",
    "report_from_data",
    "report_from_json",
    "report_schema",
    "report_to_data",
    "report_to_json",
    "result_schema",
    "result_to_data",
    "ruleset_from_data",
    "ruleset_from_toml",
    "ruleset_to_data",
    "ruleset_to_toml",
]


def _structure(data: Any, cls: type[Any]) -> Any:
    try:
        return CONVERTER.structure(data, cls)
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - cattrs groups every field error; we render them all
        return list(_errors.problems_of(exc))


def ruleset_from_data(data: Mapping[str, Any]) -> RuleSet:
    """Build a rule set from its data form (what the TOML file holds).

    Raises:
        RuleSetError: every type error of the data, or — once the types are
            right — every inconsistency the linter finds, each with its path.
    """
    if not isinstance(data, Mapping):
        raise RuleSetError(
            [_not_a_table("a rule set is a table", "bộ quy tắc phải là một bảng", data)]
        )
    return _ruleset(data, _documents.check_data(data, unicode=True))


def _not_a_table(what: str, what_vi: str, data: object) -> Problem:
    name = _documents.type_name(data)
    return Problem(
        f"{what}, not {name}",
        code="data.expected_table",
        message_vi=f"{what_vi}, không phải {name}",
    )


def _ruleset(data: Mapping[str, Any], problems: list[Problem]) -> RuleSet:
    code = data.get("code")
    subject = f"rule set {code!r}" if isinstance(code, str) and len(code) <= 200 else "rule set"
    if problems:
        raise RuleSetError(problems, subject)
    out = _structure(data, RuleSet)
    if isinstance(out, list):
        raise RuleSetError(out, subject)
    return out  # type: ignore[no-any-return]


def check_ruleset(data: Mapping[str, Any]) -> tuple[Problem, ...]:
    """Every problem of a rule set's data, without raising; ``()`` when it is sound.

    >>> [(p.code, p.path) for p in check_ruleset({"code": "x"})[:2]]
    [('data.missing_key', '$.province'), ('data.missing_key', '$.title_vi')]
    """
    try:
        ruleset_from_data(data)
    except RuleSetError as exc:
        return exc.problems
    return ()


def ruleset_to_data(ruleset: RuleSet) -> dict[str, Any]:
    """The data form of a rule set: JSON-shaped, defaults left out, Decimals as text."""
    return CONVERTER.unstructure(ruleset)  # type: ignore[no-any-return]


def parse_toml(text: str | bytes) -> dict[str, Any]:
    r"""Parse a TOML document exactly (floats as Decimals) and within the limits.

    The nesting depth is checked before parsing, and the sizes of strings,
    lists and tables and the digits of numbers after it (``docs/limits.md``);
    a leading byte-order mark is ignored. Bytes (a file's content) are read
    as UTF-8, at most :data:`~danvan_rules.limits.MAX_RULESET_FILE_BYTES` of them.

    >>> parse_toml('\ufeffshare = 0.2'), parse_toml(b'\xef\xbb\xbfx = 1')
    ({'share': Decimal('0.2')}, {'x': 1})

    Raises:
        RuleSetError: a TOML syntax error (duplicate keys included), text
            that is not UTF-8, or a limit.
    """
    try:
        if isinstance(text, bytes):
            text = _documents.decode(text, MAX_RULESET_FILE_BYTES)
        return _documents.load_toml(text)
    except DataError as exc:
        raise RuleSetError(exc.problems) from None


def ruleset_from_toml(text: str | bytes) -> RuleSet:
    """Parse a rule-set TOML document, text or a file's bytes (see ``docs/rulesets.md``).

    Raises:
        RuleSetError: a TOML syntax error (duplicate keys included), a limit,
            or any problem :func:`ruleset_from_data` finds.
    """
    return _ruleset(parse_toml(text), [])


def ruleset_to_toml(ruleset: RuleSet) -> str:
    """Write a rule set as TOML (needs the ``toml`` extra: ``pip install danvan_rules[toml]``).

    Reading the text back gives an equal rule set.

    Raises:
        MissingExtraError: ``tomli-w`` is not installed; the message names the extra.
    """
    try:
        import tomli_w
    except ImportError:
        raise MissingExtraError("tomli_w", "toml", "writing TOML") from None
    return tomli_w.dumps(TOML_WRITER.unstructure(ruleset))


def report_from_data(data: Mapping[str, Any]) -> UnitReport:
    """Build a unit report from its data form (what the JSON file holds).

    Raises:
        ReportError: every problem, each with its path, naming the unit when
            the data has a ``unit_id``.
    """
    if not isinstance(data, Mapping):
        raise ReportError(
            [_not_a_table("a report is an object", "báo cáo phải là một đối tượng", data)]
        )
    unit = data.get("unit_id")
    unit_id = unit if isinstance(unit, str) and unit and len(unit) <= 200 else None
    limits = _documents.check_data(data)
    if limits:
        raise ReportError(limits, unit_id=unit_id)
    try:
        out = _structure(data, UnitReport)
    except DataError as exc:
        raise ReportError(exc.problems, unit_id=unit_id) from None
    if isinstance(out, list):
        # value problems of the fields whose types were right, so all come at once
        seen = {problem.path for problem in out}
        out += [p for p in report_problems(data) if p.path not in seen]
        raise ReportError(out, unit_id=unit_id)
    return out  # type: ignore[no-any-return]


def report_to_data(report: UnitReport) -> dict[str, Any]:
    """The data form of a report: JSON-shaped, points as exact decimal text."""
    return CONVERTER.unstructure(report)  # type: ignore[no-any-return]


def parse_json(text: str) -> Any:
    """Parse JSON exactly and within the limits: numbers with a point become Decimals.

    NaN, Infinity and duplicate keys fail; the nesting depth is checked before
    parsing, and the sizes of strings, lists and tables and the digits of
    integers after it (``docs/limits.md``); a leading byte-order mark is ignored.

    >>> parse_json('{"a": 7.25, "b": 3}')
    {'a': Decimal('7.25'), 'b': 3}
    >>> parse_json("[" * 101 + "]" * 101)
    Traceback (most recent call last):
      ...
    danvan_rules.errors.DataError: 1 problem in data:
      the document nests lists and tables more than 100 deep (line 1) @ $

    Raises:
        DataError: (a ``ValueError``) for invalid JSON, duplicate keys, NaN or
            Infinity, or input past a limit; each problem has a code.
    """
    data = _documents.load_json(text)
    problems = _documents.check_data(data)
    if problems:
        raise DataError(problems)
    return data


def parse_json_document(content: str | bytes, *, limit: int = MAX_REPORT_FILE_BYTES) -> Any:
    r"""The JSON data of a report file's ``content``, its size and depth checked.

    Bytes are read as UTF-8 (a byte-order mark allowed), at most ``limit`` of
    them. Reports in it are checked against the other limits as they are read
    (:func:`report_from_data`), so a file of many reports gives one outcome each.

    >>> parse_json_document(b'\xef\xbb\xbf[{"a": 1}]')
    [{'a': 1}]

    Raises:
        DataError: more than ``limit`` bytes, not UTF-8, not valid JSON, or
            nested too deep.
    """
    if isinstance(content, bytes):
        content = _documents.decode(content, limit)
    return _documents.load_json(content)


def report_from_json(text: str) -> UnitReport:
    """Parse one report from JSON text (see ``docs/reports.md``)."""
    try:
        data = _documents.load_json(text)
    except DataError as exc:
        raise ReportError(exc.problems) from None
    return report_from_data(data)


def report_to_json(report: UnitReport) -> str:
    """Write a report as JSON; :func:`report_from_json` reads back an equal report."""
    return json.dumps(report_to_data(report), ensure_ascii=False, indent=2, sort_keys=True)
