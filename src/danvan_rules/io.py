"""Files: rule sets from TOML files, reports from JSON files.

Every reader names the file in its errors; a file of many reports gives one
outcome per report, so nothing in a batch is dropped:

>>> from danvan_rules import load_reports
>>> outcomes = load_reports("examples/cohort.json")
>>> len(outcomes), sum(isinstance(o, ReportError) for o in outcomes)
(8, 0)
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Any

from danvan_rules.codec import parse_json, report_from_data, ruleset_from_toml
from danvan_rules.errors import Problem, ReportError, RuleSetError
from danvan_rules.model import RuleSet, UnitReport

__all__ = ["load_report", "load_reports", "load_ruleset"]

StrPath = str | PathLike[str]


def load_ruleset(path: StrPath) -> RuleSet:
    """Read and validate a rule-set TOML file.

    Raises:
        RuleSetError: every problem of the file, each with its path.
        OSError: the file cannot be read.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RuleSetError([Problem(f"not UTF-8 text: {exc}")], f"rule set ({path})") from None
    try:
        return ruleset_from_toml(text)
    except RuleSetError as exc:
        raise RuleSetError(exc.problems, f"{exc.subject} ({path})") from None


def _json_file(path: StrPath) -> Any:
    try:
        return parse_json(Path(path).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ReportError([Problem(f"not valid JSON: {exc}")], source=str(path)) from None


def load_report(path: StrPath) -> UnitReport:
    """Read one report from a JSON file holding one report object.

    Raises:
        ReportError: every problem, naming the unit, the file and each path.
        OSError: the file cannot be read.
    """
    data = _json_file(path)
    try:
        return report_from_data(data)
    except ReportError as exc:
        raise ReportError(exc.problems, unit_id=exc.unit_id, source=str(path)) from None


def load_reports(path: StrPath) -> tuple[UnitReport | ReportError, ...]:
    """Read a JSON file of one report or a list of reports: one outcome per report.

    A report that cannot be read becomes its :class:`ReportError` (paths start
    at ``$[i]``) in its place, so :func:`~danvan_rules.score_many` can account
    for every input.

    A file holding one object gives one outcome, the report or its error.

    Raises:
        ReportError: the file is not JSON, or is neither an object nor a list.
        OSError: the file cannot be read.
    """
    data = _json_file(path)
    if isinstance(data, dict):
        try:
            return (load_report(path),)
        except ReportError as exc:
            return (exc,)
    if not isinstance(data, list):
        raise ReportError(
            [Problem(f"expected a report object or a list of them, not {type(data).__name__}")],
            source=str(path),
        )
    outcomes: list[UnitReport | ReportError] = []
    for i, item in enumerate(data):
        try:
            outcomes.append(report_from_data(item))
        except ReportError as exc:
            problems = [Problem(p.message, f"$[{i}]{p.path[1:]}") for p in exc.problems]
            outcomes.append(ReportError(problems, unit_id=exc.unit_id, source=str(path)))
    return tuple(outcomes)
