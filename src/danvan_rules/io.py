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

from danvan_rules.codec import parse_json_document, report_from_data, ruleset_from_toml
from danvan_rules.errors import DataError, Problem, ReportError, RuleSetError, index_path
from danvan_rules.limits import MAX_LIST_LENGTH, MAX_REPORT_FILE_BYTES, MAX_RULESET_FILE_BYTES
from danvan_rules.model import RuleSet, UnitReport

__all__ = ["load_report", "load_reports", "load_ruleset"]

StrPath = str | PathLike[str]


def _read(path: StrPath, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the file: enough to tell that it is too large.

    (``/dev/zero`` or a huge file is refused after ``limit`` bytes, not read
    until memory runs out.)
    """
    with Path(path).open("rb") as file:
        return file.read(limit + 1)


def load_ruleset(path: StrPath) -> RuleSet:
    """Read and validate a rule-set TOML file.

    At most :data:`~danvan_rules.limits.MAX_RULESET_FILE_BYTES` are read; a
    leading byte-order mark is ignored (see ``docs/limits.md``).

    Raises:
        RuleSetError: every problem of the file, each with its path.
        OSError: the file cannot be read.
    """
    try:
        return ruleset_from_toml(_read(path, MAX_RULESET_FILE_BYTES))
    except RuleSetError as exc:
        raise RuleSetError(exc.problems, f"{exc.subject} ({path})") from None


def _json_file(path: StrPath) -> Any:
    try:
        content = _read(path, MAX_REPORT_FILE_BYTES)
        return parse_json_document(content, limit=MAX_REPORT_FILE_BYTES)
    except DataError as exc:
        raise ReportError(exc.problems, source=str(path)) from None


def load_report(path: StrPath) -> UnitReport:
    """Read one report from a JSON file holding one report object.

    Raises:
        ReportError: every problem, naming the unit, the file and each path.
        OSError: the file cannot be read.
    """
    return _report(_json_file(path), path)


def _report(data: Any, path: StrPath) -> UnitReport:
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
            return (_report(data, path),)
        except ReportError as exc:
            return (exc,)
    if not isinstance(data, list):
        name = type(data).__name__
        raise ReportError(
            [
                Problem(
                    f"expected a report object or a list of them, not {name}",
                    code="data.expected_reports",
                    message_vi=f"cần một báo cáo hoặc một danh sách báo cáo, không phải {name}",
                )
            ],
            source=str(path),
        )
    if len(data) > MAX_LIST_LENGTH:
        raise ReportError(
            [
                Problem(
                    f"a file of {len(data)} reports is more than the limit of {MAX_LIST_LENGTH}",
                    code="document.list_too_long",
                    message_vi=(
                        f"tệp có {len(data)} báo cáo, vượt quá giới hạn {MAX_LIST_LENGTH} báo cáo"
                    ),
                )
            ],
            source=str(path),
        )
    outcomes: list[UnitReport | ReportError] = []
    for i, item in enumerate(data):
        try:
            outcomes.append(report_from_data(item))
        except ReportError as exc:
            problems = [p.under(index_path("$", i)) for p in exc.problems]
            outcomes.append(ReportError(problems, unit_id=exc.unit_id, source=str(path)))
    return tuple(outcomes)
