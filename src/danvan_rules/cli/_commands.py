"""The verbs that read and score: ``list``, ``show``, ``lint``, ``score``, ``explain``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any, TextIO

import attrs

from danvan_rules import rulesets
from danvan_rules.codec import batch_to_data, ruleset_to_data
from danvan_rules.errors import (
    Lang,
    ReportError,
    RuleSetError,
    safe_text,
)
from danvan_rules.io import load_ruleset
from danvan_rules.model import (
    Batch,
    Checklist,
    Criterion,
    Deductions,
    Evidence,
    Levels,
    Points,
    RateTable,
    RuleSet,
    ScoreResult,
)
from danvan_rules.registers import load_register
from danvan_rules.scoring import explain

from . import _stream
from ._common import (
    INVALID,
    OK,
    UsageError,
    emit,
    lang_of,
    print_problems,
    print_table,
    problems_data,
    read_campaign,
    read_ruleset,
    write_json,
)

__all__ = ["explain_command", "lint", "list_command", "score_command", "show"]


def list_command(args: argparse.Namespace, out: TextIO) -> int:
    """``list``: every rule set found, with its period and provenance."""
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
        write_json(rows, out)
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
    print_table(["code", "province", "instrument", "in force", "provenance"], table, out)
    return OK


# ---------------------------------------------------------------------- show


def measure_text(criterion: Criterion) -> str:
    """How a leaf turns its answer into points, as the annex would say it.

    >>> from danvan_rules import rulesets
    >>> card = rulesets.get("example/dan-van-2024").scorecard_for("so-nganh")
    >>> measure_text(card.by_code["I.3"])
    'levels: Tốt / Good = 5; Khá / Fair = 3; Trung bình / Average = 1; Chưa đạt / Not met = 0'
    """
    measure = criterion.measure
    if isinstance(measure, Points):
        step = f", step {measure.step}" if measure.step else ""
        return f"points from 0 to {criterion.max}{step}"
    if isinstance(measure, Checklist):
        return f"yes = {criterion.max}, no = 0"
    if isinstance(measure, Levels):
        named = (
            f"{level.name}"
            + (f" / {level.name_en}" if level.name_en else "")
            + f" = {level.points}"
            for level in measure.levels
        )
        return "levels: " + "; ".join(named)
    if isinstance(measure, RateTable):
        sign = "%" if measure.unit == "percent" else ""
        rows = (f"≥ {rate.at_least}{sign} → {rate.points}" for rate in measure.rates)
        return f"rates ({measure.unit}): " + "; ".join(rows)
    if isinstance(measure, Deductions):
        return f"{criterion.max} less {measure.per_occurrence} per occurrence, down to 0"
    return "group"


def _show_lines(rs: RuleSet) -> Iterator[str]:
    until = rs.effective_until or "…"
    yield f"{rs.code}: {rs.title_vi}"
    yield f"  instrument {rs.instrument.number} ({rs.instrument.issuer})"
    yield f"  in force {rs.effective_from} – {until}; scale {rs.scale}"
    if rs.illustrative:
        yield "  ILLUSTRATIVE: encodes no real instrument"
    yield f"  assumed values: {rs.assumed_values}"
    for category in rs.categories:
        yield f"  category {category.code}: {category.label_vi} (scorecard {category.scorecard})"
    for card in rs.scorecards:
        yield f"  scorecard {card.code}: {card.title_vi}"
        index = rs.scorecard(card.code)
        for criterion in card.criteria:
            indent = "    " + "  " * index.depth[criterion.code]
            kind = criterion.measure.KIND if criterion.measure is not None else "group"
            flags = " appraiser-only" if criterion.appraiser_only else ""
            yield f"{indent}{criterion.code} {criterion.title_vi} [max {criterion.max}, {kind}{flags}]"
            if criterion.measure is not None:
                yield f"{indent}  {measure_text(criterion)}"
    for band in reversed(rs.bands_ascending):
        upper = f" to below {band.below}" if band.below is not None else " and above"
        yield f"  band {band.code}: {band.label_vi}, from {band.min}{upper}"
    for rule in rs.conditions:
        yield f"  condition {rule.code}: {rule.label_vi}"
    for adj in rs.adjustments:
        yield f"  {adj.KIND} {adj.code}: {adj.label_vi}"
    if rs.quota is not None:
        q = rs.quota
        yield (
            f"  quota: {q.band} at most {q.share} of units rated {q.base_band} ({q.base}), "
            f"rounded {q.rounding}"
        )


def show(args: argparse.Namespace, out: TextIO) -> int:
    """``show``: one rule set, with every level's points, rate rows and steps."""
    rs = read_ruleset(args.ruleset)
    if args.format == "json":
        write_json(ruleset_to_data(rs), out)
        return OK
    for line in _show_lines(rs):
        emit(out, line)
    return OK


# ---------------------------------------------------------------------- lint


def lint(args: argparse.Namespace, out: TextIO) -> int:
    """``lint``: every problem of every file, each on its own line prefixed by the file."""
    lang = lang_of(args)
    status = OK
    found: list[dict[str, Any]] = []
    for name in args.files:
        try:
            rs = load_ruleset(name)
        except OSError as exc:
            raise UsageError(f"cannot read {name}: {exc.strerror}") from None
        except RuleSetError as exc:
            status = INVALID
            found.append({"file": name, "status": "invalid", "problems": problems_data(exc)})
            if args.format == "table":
                noun = "lỗi" if lang == "vi" else "problem(s)"
                emit(out, f"{name}: {len(exc.problems)} {noun}")
                out.writelines(f"{safe_text(name)}: {p.render(lang)}\n" for p in exc.problems)
            continue
        found.append(
            {"file": name, "status": "ok", "code": rs.code, "assumed_values": rs.assumed_values}
        )
        if args.format == "table":
            emit(out, f"{name}: ok ({rs.code}, {rs.assumed_values} assumed values)")
    if args.format == "json":
        write_json(found, out)
    return status


# ---------------------------------------------------------------------- score and explain


def _evidence(args: argparse.Namespace) -> Evidence | None:
    """The Dân vận khéo records of ``--dvk`` and their campaigns, or ``None`` without records."""
    if not args.dvk:
        if args.campaign:
            raise UsageError("--campaign needs the records: give them with --dvk REGISTER")
        return None
    try:
        records = load_register(args.dvk)
    except OSError as exc:
        raise UsageError(f"cannot read register {exc.filename}: {exc.strerror}") from None
    codes = args.campaign or sorted({m.campaign for m in records.models})
    return Evidence(records, [read_campaign(code) for code in codes])


def _batch_data(batch: Batch) -> list[dict[str, Any]]:
    """The batch's JSON form, every problem with its code and both messages."""
    data = batch_to_data(batch)
    for i, outcome in enumerate(batch):
        if isinstance(outcome, ReportError):
            data[i] = _stream.error_data(outcome)
    return data


def _outcomes(args: argparse.Namespace, files: ExitStack) -> Iterator[_stream.Outcome]:
    """Every report's outcome, in input order, as it is scored."""
    ruleset = None if args.ruleset is None else read_ruleset(args.ruleset)
    reports = _stream.inputs(args.reports, files, ruleset=ruleset)
    evidence = _evidence(args)
    scored = _stream.outcomes(reports, ruleset, evidence)
    return (outcome for _, outcome in _stream.progress(scored, sys.stderr))


def score_command(args: argparse.Namespace, out: TextIO) -> int:
    """``score``: a table (or JSON, or JSON Lines) of results; invalid reports with every problem."""
    with ExitStack() as files:
        outcomes = _outcomes(args, files)
        if args.format == "jsonl":
            ok = True
            for outcome in outcomes:
                _stream.write_line(outcome, out)
                ok = ok and isinstance(outcome, ScoreResult)
            return OK if ok else INVALID
        batch = Batch(tuple(outcomes))
    if args.format == "json":
        write_json(_batch_data(batch), out)
    else:
        rows = [_score_row(o) for o in batch if isinstance(o, ScoreResult)]
        if rows:
            print_table(["unit", "total", "band", "status", "self total", "warnings"], rows, out)
        for _, error in batch.errors:
            print_problems(error, out, lang_of(args))
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


def _explained(result: ScoreResult, lang: Lang) -> str:
    """The explanation, with the report's own text escaped before it is laid out in lines."""
    shown = attrs.evolve(
        result, unit_id=safe_text(result.unit_id), unit_name=safe_text(result.unit_name)
    )
    return "\n".join(safe_text(line) for line in explain(shown, lang=lang).split("\n"))


def explain_command(args: argparse.Namespace, out: TextIO) -> int:
    """``explain``: each result's explanation, in ``--lang``; invalid reports in their place."""
    lang = lang_of(args)
    with ExitStack() as files:
        outcomes = _outcomes(args, files)
        if args.format == "jsonl":
            ok = True
            for outcome in outcomes:
                if isinstance(outcome, ScoreResult):
                    _stream.write_line(outcome, out, {"explanation": explain(outcome, lang=lang)})
                else:
                    _stream.write_line(outcome, out)
                    ok = False
            return OK if ok else INVALID
        batch = Batch(tuple(outcomes))
    if args.format == "json":
        data = _batch_data(batch)
        for item, outcome in zip(data, batch, strict=True):
            if isinstance(outcome, ScoreResult):
                item["explanation"] = explain(outcome, lang=lang)
        write_json(data, out)
        return OK if batch.ok else INVALID
    for i, outcome in enumerate(batch):
        if i:
            out.write("\n")
        if isinstance(outcome, ScoreResult):
            out.write(_explained(outcome, lang) + "\n")
        else:
            print_problems(outcome, out, lang)
    return OK if batch.ok else INVALID
