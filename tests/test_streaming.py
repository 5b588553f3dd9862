"""Streaming: ``iter_scores``, JSON Lines read a line at a time, and the CLI's ``--format jsonl``.

The stream gives exactly the outcomes of ``score_many``, in order, without
holding the input; the CLI writes each outcome as a line as it is scored.
"""

from __future__ import annotations

import decimal
import io
import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import danvan_rules.io as dr_io
from danvan_rules import load_report, rulesets
from danvan_rules.cli import INVALID, OK, USAGE, _stream
from danvan_rules.errors import Problem, ReportError
from danvan_rules.io import read_report_lines
from danvan_rules.model import RuleSet, ScoreResult, UnitReport
from danvan_rules.scoring.score import iter_scores, score_many
from danvan_rules.testing import reports_for

from .cli_run import run

if TYPE_CHECKING:
    import pytest

ROOT = Path(__file__).resolve().parent.parent
RS = rulesets.get("example/dan-van-2024")
TOT = load_report(ROOT / "examples" / "tot.json")
LINES = ROOT / "examples" / "rounds" / "dong-nai-2020" / "reports.jsonl"


def _mixed() -> st.SearchStrategy[list[object]]:
    """Reports of both categories, read errors and things that are not reports."""
    error = st.just(ReportError([Problem("x", code="data.expected_table", message_vi="x")]))
    items = st.one_of(
        reports_for(RS, "so-nganh"), reports_for(RS, "ubnd-xa"), error, st.none(), st.integers()
    )
    return st.lists(items, max_size=6)


def _key(outcome: ScoreResult | ReportError) -> object:
    """A result as it is; an error (compared by identity) by its problems."""
    if isinstance(outcome, ScoreResult):
        return outcome
    return [(p.code, p.path, p.message_en) for p in outcome.problems]


@settings(max_examples=25, deadline=None)
@given(_mixed())
def test_the_stream_gives_exactly_the_batch(reports: list[object]) -> None:
    expected = [_key(o) for o in score_many(RS, reports)]
    assert [_key(o) for o in iter_scores(RS, iter(reports))] == expected
    assert [_key(o) for o in iter_scores(lambda _: RS, reports)] == expected


def test_the_stream_is_lazy_and_leaves_the_decimal_context_alone() -> None:
    def endless() -> Iterator[UnitReport]:
        while True:
            yield TOT

    caller = decimal.Context(prec=3, rounding=decimal.ROUND_FLOOR)
    with decimal.localcontext(caller):
        stream = iter_scores(RS, endless())
        first = next(stream)
        assert decimal.getcontext().prec == 3
        rest = list(itertools.islice(stream, 2))
        assert decimal.getcontext().rounding == decimal.ROUND_FLOOR
    assert isinstance(first, ScoreResult)
    assert [getattr(r, "total", None) for r in rest] == [first.total] * 2


def test_a_selector_chooses_each_reports_rule_set_and_its_errors_are_outcomes() -> None:
    refused = ReportError([Problem("no", code="cli.no_ruleset_in_force", message_vi="không")])

    def choose(report: UnitReport) -> RuleSet:
        if report.unit_id == "refused":
            raise refused
        if report.unit_id == "broken":
            raise RuntimeError("the selector broke")
        return RS

    stream = list(
        iter_scores(
            choose,
            [TOT, attrs.evolve(TOT, unit_id="refused"), attrs.evolve(TOT, unit_id="broken")],
        )
    )
    assert isinstance(stream[0], ScoreResult)
    assert stream[1] is refused
    assert isinstance(stream[2], ReportError)
    assert stream[2].problems[0].code == "report.unscorable"
    assert "RuntimeError: the selector broke" in stream[2].problems[0].message_en


# ---------------------------------------------------------------------- JSON Lines


def test_report_lines_name_their_line_and_skip_blank_ones() -> None:
    text = LINES.read_bytes()
    stream = io.BytesIO(b"\n" + text.replace(b"\n", b"\n\n", 1) + b'{"unit_id": 3}\nnot json\n')
    read = list(read_report_lines(stream, "r.jsonl"))
    reports = [o for _, o in read if isinstance(o, UnitReport)]
    assert len(reports) == 6
    errors = [(s, o) for s, o in read if isinstance(o, ReportError)]
    assert [s for s, _ in errors] == ["r.jsonl:9", "r.jsonl:10"]
    assert all(o.source == s for s, o in errors)
    assert read[0][0] == "r.jsonl:2"


def test_a_line_too_long_is_refused_without_holding_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dr_io, "MAX_REPORT_FILE_BYTES", 64)
    good = json.dumps({"a": 1}).encode()
    stream = io.BytesIO(b"x" * 500 + b"\n" + good + b"\n" + b"y" * 65)
    read = list(read_report_lines(stream, "big.jsonl"))
    assert [s for s, _ in read] == ["big.jsonl:1", "big.jsonl:2", "big.jsonl:3"]
    first, second, third = (o for _, o in read)
    assert isinstance(first, ReportError)
    assert first.problems[0].code == "document.too_large"
    assert isinstance(second, ReportError)
    assert second.problems[0].code != "document.too_large"  # an object, but not a report
    assert isinstance(third, ReportError)
    assert third.problems[0].code == "document.too_large"


# ---------------------------------------------------------------------- the CLI


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_score_jsonl_writes_one_compact_line_per_report() -> None:
    status, text = run(
        "score", "--format", "jsonl", str(LINES), str(ROOT / "examples" / "tot.json")
    )
    assert status == OK
    lines = text.splitlines()
    assert len(lines) == 7
    assert all(": " not in line.split('"unit_name"')[0] for line in lines)  # compact
    data = [json.loads(line) for line in lines]
    assert [d["unit_id"] for d in data[-1:]] == ["so-tu-phap"]
    assert data[0]["band"] == "xuat-sac"


def test_standard_input_and_bad_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = LINES.read_bytes() + b"[1]\n"
    monkeypatch.setattr(sys, "stdin", _Stdin(stdin))
    status, text = run("score", "--format", "jsonl", "-")
    assert status == INVALID
    last = json.loads(text.splitlines()[-1])
    assert last["status"] == "invalid"
    assert last["source"] == "-:7"
    assert last["problems"][0].keys() == {"code", "path", "message_vi", "message_en"}
    monkeypatch.setattr(sys, "stdin", _Stdin(LINES.read_bytes()))
    status, text = run("score", "-")
    assert status == OK
    assert text.splitlines()[2].startswith("so-vhttdl")


def test_explain_jsonl_carries_the_explanation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b'{"unit_id": "x"}\n'))
    argv = ["explain", "--format", "jsonl", "--lang", "en", str(ROOT / "examples" / "tot.json")]
    status, text = run(*argv, "-")
    assert status == INVALID
    first, second = (json.loads(line) for line in text.splitlines())
    assert first["explanation"].startswith("Unit: Sở Tư pháp (so-tu-phap)")
    assert "explanation" not in second
    assert second["source"] == "-:1"
    status, text = run("explain", "--format", "jsonl", str(LINES))
    assert status == OK
    assert len(text.splitlines()) == 6


def test_an_unreadable_file_stops_before_any_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, text = run("score", "--format", "jsonl", str(LINES), str(tmp_path / "none.jsonl"))
    assert status == USAGE
    assert text == ""
    assert "cannot read" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _items() -> Iterator[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = [("a", 1), ("b", 2)]
    return iter(pairs)


def test_a_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = io.StringIO()
    items = _items()
    assert _stream.progress(items, piped) is items
    terminal = _Terminal()
    shown = _stream.progress(_items(), terminal)
    assert list(shown) == [("a", 1), ("b", 2)]
    assert type(shown).__name__ != "list_iterator"
    monkeypatch.setitem(sys.modules, "tqdm", None)  # the cli extra not installed
    items = _items()
    assert _stream.progress(items, terminal) is items


def test_a_lone_surrogate_is_written_as_an_escape() -> None:
    out = io.StringIO()
    error = ReportError(
        [Problem("x", code="data.expected_table", message_vi="x")], unit_id="\ud800"
    )
    _stream.write_line(error, out)
    assert json.loads(out.getvalue())["unit_id"] == "\ud800"
    assert "\\ud800" in out.getvalue()
