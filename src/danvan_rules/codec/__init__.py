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
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from danvan_rules.errors import DataError, Problem, ReportError, RuleSetError
from danvan_rules.model import RuleSet, UnitReport
from danvan_rules.model._canonical import decimal_text, to_data
from danvan_rules.model.report import report_problems

from ._converter import CONVERTER
from ._errors import problems_of
from .results import batch_to_data, result_to_data

__all__ = [
    "batch_to_data",
    "check_ruleset",
    "parse_json",
    "report_from_data",
    "report_from_json",
    "report_to_data",
    "report_to_json",
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
        return list(problems_of(exc))


def ruleset_from_data(data: Mapping[str, Any]) -> RuleSet:
    """Build a rule set from its data form (what the TOML file holds).

    Raises:
        RuleSetError: every type error of the data, or — once the types are
            right — every inconsistency the linter finds, each with its path.
    """
    if not isinstance(data, Mapping):
        raise RuleSetError([Problem(f"a rule set is a table, not {type(data).__name__}")])
    out = _structure(data, RuleSet)
    if isinstance(out, list):
        code = data.get("code")
        raise RuleSetError(out, f"rule set {code!r}" if isinstance(code, str) else "rule set")
    return out  # type: ignore[no-any-return]


def check_ruleset(data: Mapping[str, Any]) -> tuple[Problem, ...]:
    """Every problem of a rule set's data, without raising; ``()`` when it is sound.

    >>> check_ruleset({"code": "x"})[:2]
    (Problem(message='required key missing', path='$.province'), Problem(message='required key missing', path='$.title_vi'))
    """
    try:
        ruleset_from_data(data)
    except RuleSetError as exc:
        return exc.problems
    return ()


def ruleset_to_data(ruleset: RuleSet) -> dict[str, Any]:
    """The data form of a rule set: JSON-shaped, defaults left out, Decimals as text."""
    return to_data(ruleset)  # type: ignore[no-any-return]


def ruleset_from_toml(text: str) -> RuleSet:
    """Parse a rule-set TOML document (see ``docs/rulesets.md``).

    Raises:
        RuleSetError: a TOML syntax error (duplicate keys included), or any
            problem :func:`ruleset_from_data` finds.
    """
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError([Problem(f"not valid TOML: {exc}")]) from None
    return ruleset_from_data(data)


def _toml_number(number: Decimal) -> int | float | str:
    if number == number.to_integral_value():
        return int(number)
    as_float = float(number)
    # only when the float's shortest text is exactly the number; else text stays exact
    return as_float if Decimal(repr(as_float)) == number else decimal_text(number)


def ruleset_to_toml(ruleset: RuleSet) -> str:
    """Write a rule set as TOML (needs the ``toml`` extra: ``pip install danvan_rules[toml]``).

    Reading the text back gives an equal rule set.
    """
    import tomli_w

    data = to_data(ruleset, decimal=_toml_number, date=lambda day: day)
    return tomli_w.dumps(data)


def report_from_data(data: Mapping[str, Any]) -> UnitReport:
    """Build a unit report from its data form (what the JSON file holds).

    Raises:
        ReportError: every problem, each with its path, naming the unit when
            the data has a ``unit_id``.
    """
    if not isinstance(data, Mapping):
        raise ReportError([Problem(f"a report is an object, not {type(data).__name__}")])
    unit = data.get("unit_id")
    unit_id = unit if isinstance(unit, str) and unit else None
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
    return to_data(report)  # type: ignore[no-any-return]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number here")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def parse_json(text: str) -> Any:
    """Parse JSON exactly: numbers with a point become Decimals; NaN and duplicate keys fail.

    >>> parse_json('{"a": 7.25, "b": 3}')
    {'a': Decimal('7.25'), 'b': 3}

    Raises:
        ValueError: for invalid JSON, duplicate keys, NaN or Infinity.
    """
    return json.loads(
        text,
        parse_float=Decimal,
        parse_constant=_reject_constant,
        object_pairs_hook=_no_duplicates,
    )


def report_from_json(text: str) -> UnitReport:
    """Parse one report from JSON text (see ``docs/reports.md``)."""
    try:
        data = parse_json(text)
    except ValueError as exc:
        raise ReportError([Problem(f"not valid JSON: {exc}")]) from None
    return report_from_data(data)


def report_to_json(report: UnitReport) -> str:
    """Write a report as JSON; :func:`report_from_json` reads back an equal report."""
    return json.dumps(report_to_data(report), ensure_ascii=False, indent=2, sort_keys=True)
