"""Reports in, outcomes out, one at a time: what ``score`` and ``explain`` read and stream.

Report files are read in the order given: a ``.json`` file (one report or a
list) whole, within its size limit; a filled ``.xlsx`` self-assessment form
(``docs/forms.md``) as one report; a ``.jsonl`` file, or ``-`` for standard
input, one line at a time (:func:`~danvan_rules.io.read_report_lines`), so
that a stream of any length is scored with bounded memory. With ``--format
jsonl`` each outcome is written, as one compact JSON line, as soon as it is
scored, and a progress bar shows on standard error when it is a terminal and
the run takes more than a second (the ``cli`` extra, tqdm; without it, or
when standard error is a pipe, nothing is shown there).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any, TextIO, TypeVar

from danvan_rules import rulesets
from danvan_rules.codec.results import error_to_data, result_to_data
from danvan_rules.errors import (
    AmbiguousRuleSetError,
    NoRuleSetInForceError,
    Problem,
    ReportError,
)
from danvan_rules.io import load_reports, read_report_lines
from danvan_rules.model import Evidence, RuleSet, ScoreResult, UnitReport
from danvan_rules.scoring import iter_scores

from ._common import UsageError, problems_data

__all__ = ["Outcome", "error_data", "inputs", "outcomes", "progress", "write_line"]

Outcome = ScoreResult | ReportError
_T = TypeVar("_T")
_Input = tuple[str, UnitReport | ReportError]


def _file_reports(name: str) -> list[_Input]:
    try:
        found: tuple[UnitReport | ReportError, ...] = load_reports(name)
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror}") from None
    except ReportError as exc:
        found = (exc,)
    # in a file of many reports, name the item too: unit ids may repeat
    many = len(found) > 1
    return [(f"{name}, item {i}" if many else name, r) for i, r in enumerate(found)]


def _form_report(name: str, ruleset: RuleSet | None) -> list[_Input]:
    """A filled self-assessment form (:func:`~danvan_rules.forms.read_form`): one report.

    With ``ruleset`` (``--ruleset``, a code or a file), the form is read with
    that rule set, which must be the one it names.
    """
    from danvan_rules.forms import read_form  # the excel extra, loaded only for a form

    try:
        return [(name, read_form(name, ruleset=ruleset))]
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror}") from None
    except ReportError as exc:
        return [(name, exc)]


def inputs(
    paths: Sequence[str],
    files: ExitStack,
    stdin: IO[bytes] | None = None,
    *,
    ruleset: RuleSet | None = None,
) -> Iterator[_Input]:
    """Every report of every file, with the file (or line) it came from, in order.

    Every file is opened (``.json`` files read) before the first report is
    given, so that a file that cannot be read is a usage error before any
    output; ``.jsonl`` files and ``-`` stay open in ``files`` and are read as
    the reports are taken.
    """
    parts: list[Iterable[_Input]] = []
    for name in paths:
        if name == "-":
            parts.append(read_report_lines(stdin or sys.stdin.buffer, "-"))
        elif name.endswith(".jsonl"):
            try:
                stream = files.enter_context(Path(name).open("rb"))  # noqa: SIM115 - files closes it
            except OSError as exc:
                raise UsageError(f"cannot read {name}: {exc.strerror}") from None
            parts.append(read_report_lines(stream, name))
        elif name.endswith(".xlsx"):
            parts.append(_form_report(name, ruleset))
        else:
            parts.append(_file_reports(name))
    return (item for part in parts for item in part)


def _not_selected(report: UnitReport, exc: LookupError) -> ReportError:
    on = report.evaluation_date
    if isinstance(exc, AmbiguousRuleSetError):
        code = "cli.ambiguous_ruleset"
        vi = f"có nhiều bộ quy tắc của tỉnh {report.province!r} cùng có hiệu lực vào ngày {on}"
    else:
        code = "cli.no_ruleset_in_force"
        vi = f"không có bộ quy tắc nào áp dụng cho tỉnh {report.province!r} vào ngày {on}"
    problem = Problem(str(exc), "$.province", code=code, message_vi=vi)
    return ReportError([problem], unit_id=report.unit_id)


def _selector() -> Callable[[UnitReport], RuleSet]:
    """Each report's rule set: its province's, in force on 31 December of its year."""
    found = rulesets.load_all()  # once: choosing per report must not rebuild them all

    def select(report: UnitReport) -> RuleSet:
        try:
            return rulesets.for_report(report, among=found)
        except (NoRuleSetInForceError, AmbiguousRuleSetError) as exc:
            raise _not_selected(report, exc) from None

    return select


def outcomes(
    reports: Iterable[_Input], ruleset: RuleSet | None, evidence: Evidence | None
) -> Iterator[tuple[str, Outcome]]:
    """Each report's outcome, in order, with its source; errors name their file or line."""
    chosen: RuleSet | Callable[[UnitReport], RuleSet] = ruleset or _selector()
    for source, report in reports:
        (outcome,) = iter_scores(chosen, (report,), evidence=evidence)
        if isinstance(outcome, ReportError) and not outcome.source:
            outcome = ReportError(outcome.problems, unit_id=outcome.unit_id, source=source)
        yield source, outcome


def error_data(error: ReportError) -> dict[str, Any]:
    """An error's JSON form: the file (or line) it came from, every problem with both messages."""
    return {**error_to_data(error), "source": error.source, "problems": problems_data(error)}


def write_line(outcome: Outcome, out: TextIO, extra: dict[str, Any] | None = None) -> None:
    """One outcome as one compact JSON line (Vietnamese as it is)."""
    data = result_to_data(outcome) if isinstance(outcome, ScoreResult) else error_data(outcome)
    if extra:
        data.update(extra)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, legal in JSON: written as an escape
        text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    out.write(text + "\n")


def progress(items: Iterator[_T], stderr: TextIO) -> Iterator[_T]:
    """``items`` with a progress bar on ``stderr`` when it is a terminal and tqdm is installed."""
    if not stderr.isatty():
        return items
    try:
        from tqdm import tqdm
    except ImportError:
        return items
    return iter(tqdm(items, file=stderr, unit=" reports", delay=1.0, leave=False))
