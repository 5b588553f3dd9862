"""The ``danvan-rules`` command: list, show, lint, score and explain from a shell.

Exit status: 0 on success, 1 when any input (rule set or report) is invalid —
each problem printed on its own line with its path —, 2 on usage errors
(unknown options, unknown rule-set codes, files that cannot be read).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, TextIO

from danvan_rules import rulesets
from danvan_rules._metadata import VERSION
from danvan_rules.codec import batch_to_data, ruleset_to_data
from danvan_rules.errors import DanvanError, DataError, Problem, ReportError, RuleSetError
from danvan_rules.io import load_reports, load_ruleset
from danvan_rules.model import Batch, RuleSet, ScoreResult, UnitReport
from danvan_rules.scoring import explain, score, score_many

__all__ = ["main"]

OK: Final = 0
INVALID: Final = 1
USAGE: Final = 2


class _UsageError(Exception):
    """A usage error detected after argument parsing (exit status 2)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="danvan-rules",
        description="Score units against Vietnam's dân vận chính quyền evaluation rule sets.",
    )
    parser.add_argument("--version", action="version", version=f"danvan-rules {VERSION}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_format(p: argparse.ArgumentParser) -> None:
        p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("list", help="list the available rule sets")
    with_format(p)

    p = sub.add_parser("show", help="show one rule set (by code or TOML file)")
    p.add_argument("ruleset", metavar="CODE|FILE")
    with_format(p)

    p = sub.add_parser("lint", help="check rule-set TOML files; every problem at once")
    p.add_argument("files", nargs="+", metavar="FILE")

    for name, text in (("score", "score reports"), ("explain", "explain reports' scores")):
        p = sub.add_parser(name, help=text)
        p.add_argument(
            "--ruleset",
            metavar="CODE|FILE",
            help="default: each report's province's rule set in force on 31 December of its year",
        )
        p.add_argument("reports", nargs="+", metavar="REPORT.json")
        with_format(p)
        if name == "explain":
            p.add_argument("--lang", choices=("vi", "en"), default="vi")
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status."""
    stdout = out if out is not None else sys.stdout
    args = _parser().parse_args(argv)
    try:
        handler = _COMMANDS[args.command]
        return handler(args, stdout)
    except DataError as exc:
        _print_problems(exc, stdout)
        return INVALID
    except (_UsageError, DanvanError) as exc:
        # unknown codes, duplicate codes, misconfiguration: the call, not the data
        print(f"danvan-rules: error: {exc}", file=sys.stderr)
        return USAGE
    except BrokenPipeError:
        # the reader (`| head`) went away: stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return OK


def _print_problems(exc: DataError, out: TextIO) -> None:
    print(f"{exc.subject}: {len(exc.problems)} problem(s)", file=out)
    for problem in exc.problems:
        print(f"  {problem}", file=out)


def _ruleset(spec: str) -> RuleSet:
    path = Path(spec)
    if spec.endswith(".toml") or path.is_file():
        try:
            return load_ruleset(path)
        except OSError as exc:
            raise _UsageError(f"cannot read rule set file {spec}: {exc.strerror}") from None
    return rulesets.get(spec)


def _write_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


# ---------------------------------------------------------------------- commands


def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    rows = [
        {
            "code": rs.code,
            "province": rs.province,
            "instrument": rs.instrument.number,
            "effective_from": rs.effective_from.isoformat(),
            "effective_until": None
            if rs.effective_until is None
            else rs.effective_until.isoformat(),
            "assumed_values": rs.assumed_values,
            "illustrative": rs.illustrative,
        }
        for rs in rulesets.load_all()
    ]
    if args.format == "json":
        _write_json(rows, out)
        return OK
    table = [
        [
            r["code"],
            r["province"],
            r["instrument"],
            f"{r['effective_from']} – {r['effective_until'] or '…'}",
            ("illustrative, " if r["illustrative"] else "")
            + (f"{r['assumed_values']} assumed" if r["assumed_values"] else "all sourced"),
        ]
        for r in rows
    ]
    _print_table(["code", "province", "instrument", "in force", "provenance"], table, out)
    return OK


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    rs = _ruleset(args.ruleset)
    if args.format == "json":
        _write_json(ruleset_to_data(rs), out)
        return OK
    until = rs.effective_until or "…"
    print(f"{rs.code}: {rs.title_vi}", file=out)
    print(f"  instrument {rs.instrument.number} ({rs.instrument.issuer})", file=out)
    print(f"  in force {rs.effective_from} – {until}; scale {rs.scale}", file=out)
    if rs.illustrative:
        print("  ILLUSTRATIVE: encodes no real instrument", file=out)
    print(f"  assumed values: {rs.assumed_values}", file=out)
    for category in rs.categories:
        print(
            f"  category {category.code}: {category.label_vi} (scorecard {category.scorecard})",
            file=out,
        )
    for card in rs.scorecards:
        print(f"  scorecard {card.code}: {card.title_vi}", file=out)
        index = rs.scorecard(card.code)
        for criterion in card.criteria:
            indent = "    " + "  " * index.depth[criterion.code]
            kind = criterion.measure.KIND if criterion.measure is not None else "group"
            flags = " appraiser-only" if criterion.appraiser_only else ""
            print(
                f"{indent}{criterion.code} {criterion.title_vi} [max {criterion.max}, {kind}{flags}]",
                file=out,
            )
    for band in reversed(rs.bands_ascending):
        upper = f" to below {band.below}" if band.below is not None else " and above"
        print(f"  band {band.code}: {band.label_vi}, from {band.min}{upper}", file=out)
    for rule in rs.conditions:
        print(f"  condition {rule.code}: {rule.label_vi}", file=out)
    for adj in rs.adjustments:
        print(f"  {adj.KIND} {adj.code}: {adj.label_vi}", file=out)
    if rs.quota is not None:
        q = rs.quota
        print(
            f"  quota: {q.band} at most {q.share} of units rated {q.base_band} ({q.base}), rounded {q.rounding}",
            file=out,
        )
    return OK


def _cmd_lint(args: argparse.Namespace, out: TextIO) -> int:
    status = OK
    for name in args.files:
        try:
            rs = load_ruleset(name)
        except OSError as exc:
            raise _UsageError(f"cannot read {name}: {exc.strerror}") from None
        except RuleSetError as exc:
            status = INVALID
            print(f"{name}: {len(exc.problems)} problem(s)", file=out)
            for problem in exc.problems:
                print(f"{name}: {problem}", file=out)
            continue
        print(f"{name}: ok ({rs.code}, {rs.assumed_values} assumed values)", file=out)
    return status


def _read_reports(paths: Sequence[str]) -> tuple[list[UnitReport | ReportError], list[str]]:
    """Every report of every file, and the file each came from (same order)."""
    reports: list[UnitReport | ReportError] = []
    sources: list[str] = []
    for name in paths:
        try:
            found: tuple[UnitReport | ReportError, ...] = load_reports(name)
        except OSError as exc:
            raise _UsageError(f"cannot read {name}: {exc.strerror}") from None
        except ReportError as exc:
            found = (exc,)
        reports.extend(found)
        # in a file of many reports, name the item too: unit ids may repeat
        many = len(found) > 1
        sources.extend(f"{name}, item {i}" if many else name for i in range(len(found)))
    return reports, sources


def _score_selected(
    report: UnitReport | ReportError, among: tuple[RuleSet, ...]
) -> ScoreResult | ReportError:
    """Score with the rule set chosen by province and year (or say why there is none)."""
    if isinstance(report, ReportError):
        return report
    try:
        return score(rulesets.for_report(report, among=among), report)
    except ReportError as exc:
        return exc
    except LookupError as exc:  # no rule set, or several, in force
        return ReportError([Problem(str(exc), "$.province")], unit_id=report.unit_id)


def _scored(args: argparse.Namespace) -> Batch:
    reports, sources = _read_reports(args.reports)
    if args.ruleset is not None:
        batch = score_many(_ruleset(args.ruleset), reports)
    else:
        found = rulesets.load_all()  # once: choosing per report must not rebuild them all
        batch = Batch(tuple(_score_selected(report, found) for report in reports))
    outcomes = [
        o
        if not isinstance(o, ReportError) or o.source
        else ReportError(o.problems, unit_id=o.unit_id, source=name)
        for o, name in zip(batch, sources, strict=True)
    ]
    return Batch(tuple(outcomes))


def _cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    batch = _scored(args)
    if args.format == "json":
        _write_json(batch_to_data(batch), out)
    else:
        rows = [_score_row(o) for o in batch if isinstance(o, ScoreResult)]
        if rows:
            _print_table(["unit", "total", "band", "status", "self total", "warnings"], rows, out)
        for _, error in batch.errors:
            _print_problems(error, out)
    return OK if batch.ok else INVALID


def _score_row(result: ScoreResult) -> list[str]:
    band = result.band.label_vi + f" ({result.band.code})" if result.band else "—"
    return [
        result.unit_id,
        str(result.total),
        band,
        result.status.value,
        str(result.self_total),
        ", ".join(n.code for n in result.warnings) or "-",
    ]


def _cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    batch = _scored(args)
    if args.format == "json":
        data = batch_to_data(batch)
        for item, outcome in zip(data, batch, strict=True):
            if isinstance(outcome, ScoreResult):
                item["explanation"] = explain(outcome, lang=args.lang)
        _write_json(data, out)
    else:
        first = True
        for outcome in batch:
            if not first:
                print(file=out)
            first = False
            if isinstance(outcome, ScoreResult):
                print(explain(outcome, lang=args.lang), file=out)
            else:
                _print_problems(outcome, out)
    return OK if batch.ok else INVALID


def _print_table(header: list[str], rows: Sequence[Sequence[object]], out: TextIO) -> None:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        print(
            "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip(),
            file=out,
        )


_COMMANDS: Final = {
    "list": _cmd_list,
    "show": _cmd_show,
    "lint": _cmd_lint,
    "score": _cmd_score,
    "explain": _cmd_explain,
}
