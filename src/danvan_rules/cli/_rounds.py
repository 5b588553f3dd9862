"""The ``round`` verbs: ``round score``, ``round reconcile`` and ``round compare`` of round files."""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Final, TextIO

from danvan_rules.errors import Lang, Problem
from danvan_rules.excel import write_comparison_workbook, write_round_workbook
from danvan_rules.io import LoadedRound, load_round
from danvan_rules.model.rounds import (
    NOT_RATED,
    AwardCheck,
    Eligibility,
    FactCheck,
    Reconciliation,
    RoundComparison,
    RoundResult,
    UnitOutcome,
    UnitStatus,
    UnitTotal,
    Verdict,
)
from danvan_rules.scoring.rounds import check_awards, compare_rounds, reconcile

from ._common import INVALID, OK, UsageError, emit, lang_of, print_table, write_csv, write_json

__all__ = ["add_parser", "round_command"]

_FORMATS: Final = ("table", "json", "csv")

#: Words of the output, (vi, en).
_WORDS: Final = {
    "round": ("Đợt đánh giá", "Round"),
    "synthetic": ("dữ liệu giả lập", "synthetic"),
    "results": ("Quyết định công nhận kết quả", "Results decision"),
    "appraisal": ("Quyết định thẩm định", "Appraisal decision"),
    "tallies": ("Tổng hợp kết quả xếp loại", "Tallies"),
    "scope": ("phạm vi", "scope"),
    "rated": ("được xếp loại", "rated"),
    "ineligible": ("không đủ điều kiện", "ineligible"),
    "invalid": ("báo cáo không hợp lệ", "invalid report"),
    "no_report": ("không có báo cáo", "no report"),
    "size": ("tổng số", "size"),
    "khoi": ("Khối", "Khối"),
    "stt": ("STT", "No."),
    "unit": ("đơn vị", "unit"),
    "self_total": ("tự chấm", "self total"),
    "appraised_total": ("thẩm định", "appraised total"),
    "band": ("xếp loại", "band"),
    "status": ("tình trạng", "status"),
    "reports": ("Báo cáo có lỗi", "Reports with problems"),
    "fact": ("kết quả công bố", "published fact"),
    "verdict": ("đối chiếu", "verdict"),
    "notes": ("ghi chú", "notes"),
    "source": ("nguồn", "source"),
    "earlier": ("năm trước", "earlier"),
    "later": ("năm sau", "later"),
    "change": ("thay đổi", "change"),
    "row": ("dòng", "row"),
    "delta": ("chênh lệch", "delta"),
    "units": ("Từng đơn vị", "Units"),
    "awards": (
        "Khen thưởng công tác dân vận chính quyền, đối chiếu với mức xếp loại",
        "Dân vận chính quyền awards, checked against the bands",
    ),
    "award": ("khen thưởng", "award"),
    "eligibility": ("điều kiện đề nghị", "eligibility"),
    "assumed": ("giả định", "assumed"),
}
_ELIGIBILITY_VI: Final = {
    Eligibility.ELIGIBLE: "đủ điều kiện",
    Eligibility.NOT_ELIGIBLE: "không đủ điều kiện",
    Eligibility.UNKNOWN: "không xác định",
}
_STATUS_VI: Final = {
    UnitStatus.RATED: "được xếp loại",
    UnitStatus.INELIGIBLE: "không đủ điều kiện xếp loại",
    UnitStatus.INVALID: "báo cáo không hợp lệ",
    UnitStatus.NO_REPORT: "không có báo cáo",
    UnitStatus.NOT_IN_YEAR: "không tồn tại trong năm",
}
_VERDICT_VI: Final = {
    Verdict.MATCHED: "khớp",
    Verdict.NOT_MATCHED: "không khớp",
    Verdict.UNCHECKABLE: "không kiểm tra được",
}


def _word(key: str, lang: Lang) -> str:
    vi, en = _WORDS[key]
    return vi if lang == "vi" else en


def add_parser(sub: Any, with_lang: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``round score|reconcile|compare`` on the command's subparsers."""
    p = sub.add_parser("round", help="score, reconcile and compare evaluation rounds (round files)")
    verbs = p.add_subparsers(dest="round_command", required=True, metavar="VERB")
    for name, text in (
        ("score", "tallies and results per khối of a round"),
        ("reconcile", "check a round's published facts against its scored results"),
    ):
        q = verbs.add_parser(name, help=text)
        q.add_argument("round", metavar="ROUND.toml")
        _options(q, with_lang)
    q = verbs.add_parser("compare", help="two rounds, unit by unit and tally by tally")
    q.add_argument("earlier", metavar="EARLIER.toml")
    q.add_argument("later", metavar="LATER.toml")
    _options(q, with_lang)


def _options(
    p: argparse.ArgumentParser, with_lang: Callable[[argparse.ArgumentParser], None]
) -> None:
    p.add_argument("--format", choices=_FORMATS, default="table")
    p.add_argument(
        "--out",
        metavar="FILE",
        help="write the output to FILE (FILE.xlsx: an Excel workbook, needs the excel extra)",
    )
    with_lang(p)


def round_command(args: argparse.Namespace, out: TextIO) -> int:
    """``round VERB``: run the verb, writing to ``--out FILE`` when given."""
    target: str | None = args.out
    suffix = "" if target is None else Path(target).suffix.lower()
    if suffix in {".xlsm", ".xls"}:
        msg = (
            f"cannot write {target}: only .xlsx workbooks are written (not {suffix}); "
            "use --out FILE.xlsx, or --format csv (or json) with --out FILE.csv"
        )
        raise UsageError(msg)
    if target is not None and suffix == ".xlsx":
        return _excel(args, target)
    verb = _VERBS[args.round_command]
    if target is None:
        return verb(args, out)
    buffer = io.StringIO()
    status = verb(args, buffer)
    try:
        Path(target).write_text(buffer.getvalue(), encoding="utf-8")
    except OSError as exc:
        msg = f"cannot write {target}: {exc.strerror}"
        raise UsageError(msg) from None
    return status


def _excel(args: argparse.Namespace, target: str) -> int:
    """``--out FILE.xlsx``: the results workbook (score) or the year-over-year one (compare)."""
    if args.round_command == "reconcile":
        msg = f"cannot write {target}: round reconcile has no workbook; use --format csv or json"
        raise UsageError(msg)
    try:
        if args.round_command == "compare":
            write_comparison_workbook(target, _load(args.earlier), _load(args.later))
            return OK
        loaded = _load(args.round)
        result = loaded.score()
        write_round_workbook(target, loaded, result)
    except OSError as exc:
        msg = f"cannot write {target}: {exc.strerror}"
        raise UsageError(msg) from None
    return INVALID if result.problems else OK


def _load(path: str) -> LoadedRound:
    try:
        return load_round(path)
    except OSError as exc:
        msg = f"cannot read round file {path}: {exc.strerror}"
        raise UsageError(msg) from None


# --------------------------------------------------------------------- score


def _bands(result: RoundResult) -> list[str]:
    """Every band of the round's rule sets, lowest last as the tallies list them."""
    seen: dict[str, None] = {}
    for tally in result.tallies:
        seen.update(dict.fromkeys(tally.bands))
    return list(seen)


def _ordered(result: RoundResult, khoi: str) -> list[UnitOutcome]:
    """The khối's units as an annex lists them: by rank, then the units not rated."""
    members = [
        o for o in result.outcomes if o.unit.khoi == khoi and o.status is not UnitStatus.NOT_IN_YEAR
    ]
    position = {o.unit.id: i for i, o in enumerate(members)}
    return sorted(
        members,
        key=lambda o: (o.rank is None, o.rank or 0, position[o.unit.id]),
    )


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _status(outcome: UnitOutcome, lang: Lang) -> str:
    return _STATUS_VI[outcome.status] if lang == "vi" else outcome.status.value


def _score_data(loaded: LoadedRound, result: RoundResult) -> dict[str, Any]:
    the_round = result.round
    return {
        "round": {
            "province": the_round.province,
            "year": the_round.year,
            "title": the_round.title_vi,
            "synthetic": the_round.synthetic,
            "results": None
            if the_round.results is None
            else {
                "number": the_round.results.number,
                "date": the_round.results.date.isoformat(),
                "issuer": the_round.results.issuer,
            },
        },
        "notices": [
            {"code": n.code, "message_vi": n.vi, "message_en": n.en} for n in result.notices
        ],
        "rulesets": [
            {
                "khoi": u.khoi,
                "former_province": u.former_province,
                "code": u.code,
                "sha256": u.sha256,
            }
            for u in result.rulesets
        ],
        "tallies": [
            {
                "scope": t.scope,
                "kind": t.kind,
                "label_vi": t.label_vi,
                "bands": dict(t.bands),
                "ineligible": t.ineligible,
                "invalid": t.invalid,
                "no_report": t.no_report,
                "rated": t.rated,
                "size": t.size,
            }
            for t in result.tallies
        ],
        "results": {
            khoi: [
                {
                    "stt": i,
                    "unit_id": o.unit.id,
                    "unit_name": o.unit.name_vi,
                    "self_total": _text(o.self_total) or None,
                    "appraised_total": _text(o.total) or None,
                    "band": o.band_code,
                    "status": o.status.value,
                    "proposable": o.proposable,
                }
                for i, o in enumerate(_ordered(result, khoi), start=1)
            ]
            for khoi in the_round.khoi
        },
        "problems": _problems_data(loaded, result.problems),
    }


def _source_of(loaded: LoadedRound, problem: Problem) -> str | None:
    """The file (or line) of the report a problem is about, from its ``$.reports[i]`` path."""
    prefix = "$.reports["
    if not problem.path.startswith(prefix):
        return None
    index = problem.path[len(prefix) :].split("]", 1)[0]
    return loaded.sources[int(index)]


def _problems_data(loaded: LoadedRound, problems: Iterable[Problem]) -> list[dict[str, Any]]:
    return [{**p.to_data(), "source": _source_of(loaded, p)} for p in problems]


def _print_problems(
    loaded: LoadedRound, problems: Sequence[Problem], out: TextIO, lang: Lang
) -> None:
    if not problems:
        return
    emit(out)
    emit(out, f"{_word('reports', lang)} ({len(problems)}):")
    for problem in problems:
        source = _source_of(loaded, problem)
        where = f" [{source}]" if source is not None else ""
        emit(out, f"  {problem.render(lang)}{where}")


def _header(loaded: LoadedRound, result: RoundResult, out: TextIO, lang: Lang) -> None:
    the_round = result.round
    title = f" — {the_round.title_vi}" if the_round.title_vi else ""
    synthetic = f" ({_word('synthetic', lang)})" if the_round.synthetic else ""
    emit(out, f"{_word('round', lang)}: {the_round.province} {the_round.year}{title}{synthetic}")
    for key, decision in (("appraisal", the_round.appraisal), ("results", the_round.results)):
        if decision is not None:
            emit(
                out,
                f"{_word(key, lang)}: {decision.number} ({decision.date}), {decision.issuer}",
            )
    for use in result.rulesets:
        emit(out, f"{_word('khoi', lang)} {use.khoi}: {use.code}")
    for notice in result.notices:
        emit(out, f"! {notice.vi if lang == 'vi' else notice.en}")
    del loaded


def _score_table(loaded: LoadedRound, result: RoundResult, out: TextIO, lang: Lang) -> None:
    _header(loaded, result, out, lang)
    bands = _bands(result)
    kinds = [k.value for k in NOT_RATED]
    emit(out)
    emit(out, f"{_word('tallies', lang)}:")
    print_table(
        [
            _word("scope", lang),
            *bands,
            _word("rated", lang),
            *(_word(k, lang) for k in kinds),
            _word("size", lang),
        ],
        [
            [
                t.label_vi,
                *(t.count(b) for b in bands),
                t.rated,
                t.ineligible,
                t.invalid,
                t.no_report,
                t.size,
            ]
            for t in result.tallies
        ],
        out,
    )
    for khoi in result.round.khoi:
        emit(out)
        emit(out, f"{_word('khoi', lang)} {result.tally(khoi).label_vi} ({khoi}):")
        print_table(
            [
                _word(k, lang)
                for k in ("stt", "unit", "self_total", "appraised_total", "band", "status")
            ],
            [
                [
                    i,
                    f"{o.unit.name_vi} ({o.unit.id})",
                    _text(o.self_total) or "—",
                    _text(o.total) or "—",
                    result.ruleset_of(o.unit).band_label(o.band_code) or "—",
                    _status(o, lang),
                ]
                for i, o in enumerate(_ordered(result, khoi), start=1)
            ],
            out,
        )
    _print_problems(loaded, result.problems, out, lang)


def _score_csv(data: dict[str, Any], out: TextIO) -> None:
    rows: list[list[object]] = []
    for t in data["tallies"]:
        rows.extend(
            ["tally", t["scope"], band, "", "", "", "", "", "", n] for band, n in t["bands"].items()
        )
        rows.extend(
            ["tally", t["scope"], kind, "", "", "", "", "", "", t[kind]]
            for kind in ("ineligible", "invalid", "no_report")
        )
    for khoi, items in data["results"].items():
        rows.extend(
            [
                "result",
                khoi,
                r["stt"],
                r["unit_id"],
                r["unit_name"],
                r["self_total"],
                r["appraised_total"],
                r["band"],
                r["status"],
                "",
            ]
            for r in items
        )
    header = [
        "table",
        "scope",
        "row",
        "unit_id",
        "unit_name",
        "self_total",
        "appraised_total",
        "band",
        "status",
        "count",
    ]
    write_csv(header, rows, out)


def score_verb(args: argparse.Namespace, out: TextIO) -> int:
    """``round score``: the tallies and the results per khối; exit 1 when a report has problems."""
    loaded = _load(args.round)
    result = loaded.score()
    if args.format == "json":
        write_json(_score_data(loaded, result), out)
    elif args.format == "csv":
        _score_csv(_score_data(loaded, result), out)
    else:
        _score_table(loaded, result, out, lang_of(args))
    return INVALID if result.problems else OK


# ----------------------------------------------------------------- reconcile


def _fact_kind(check: FactCheck) -> str:
    return type(check.fact).__name__


def _fact_subject(check: FactCheck) -> str:
    fact = check.fact
    return fact.unit if isinstance(fact, UnitTotal) else (fact.scope or "*")


def _award_data(check: AwardCheck) -> dict[str, Any]:
    return {
        "index": check.index,
        "kind": check.award.kind.value,
        "decision": check.award.decision,
        "recipient": check.award.recipient.unit,
        "eligibility": check.eligibility.value,
        "assumed": check.assumed,
        "note": check.note,
        "note_vi": check.note_vi,
    }


def _print_awards(checks: Sequence[AwardCheck], out: TextIO, lang: Lang) -> None:
    emit(out)
    emit(out, _word("awards", lang))
    header = ["#", _word("award", lang), _word("eligibility", lang), _word("notes", lang)]
    rows = [
        [
            c.index,
            f"{c.award.kind.value} {c.award.decision}".strip(),
            (_ELIGIBILITY_VI[c.eligibility] if lang == "vi" else c.eligibility.value)
            + (f" ({_word('assumed', lang)})" if c.assumed else ""),
            c.note_vi if lang == "vi" else c.note,
        ]
        for c in checks
    ]
    print_table(header, rows, out)


def _reconcile_data(reconciliation: Reconciliation) -> dict[str, Any]:
    return {
        "ok": reconciliation.ok,
        "synthetic": reconciliation.synthetic,
        "checks": [
            {
                "index": c.index,
                "kind": _fact_kind(c),
                "subject": _fact_subject(c),
                "verdict": c.verdict.value,
                "notes": list(c.notes),
                "notes_vi": list(c.notes_vi),
                "source": str(c.fact.source),
            }
            for c in reconciliation.checks
        ],
    }


def reconcile_verb(args: argparse.Namespace, out: TextIO) -> int:
    """``round reconcile``: every published fact checked; exit 1 when any does not match."""
    loaded = _load(args.round)
    result = loaded.score()
    reconciliation = reconcile(result, result.round.published)
    lang = lang_of(args)
    data = _reconcile_data(reconciliation)
    awards = check_awards(result)
    if args.format == "json":
        write_json({**data, "awards": [_award_data(c) for c in awards]}, out)
    else:
        header = [
            "#",
            _word("fact", lang),
            _word("scope", lang),
            _word("verdict", lang),
            _word("notes", lang),
            _word("source", lang),
        ]
        rows = [
            [
                c.index,
                _fact_kind(c),
                _fact_subject(c),
                _VERDICT_VI[c.verdict] if lang == "vi" else c.verdict.value,
                "; ".join(c.notes_vi if lang == "vi" else c.notes) or "-",
                str(c.fact.source),
            ]
            for c in reconciliation.checks
        ]
        if args.format == "csv":
            write_csv(header, rows, out)
        else:
            _header(loaded, result, out, lang)
            emit(out)
            print_table(header, rows, out)
            if awards:
                _print_awards(awards, out, lang)
    return OK if not reconciliation.with_verdict(Verdict.NOT_MATCHED) else INVALID


# ------------------------------------------------------------------- compare


def _compare_data(comparison: RoundComparison) -> dict[str, Any]:
    return {
        "earlier_year": comparison.earlier_year,
        "later_year": comparison.later_year,
        "same_rulesets": comparison.same_rulesets,
        "rulesets": [
            {"khoi": c.khoi, "earlier": c.earlier, "later": c.later} for c in comparison.rulesets
        ],
        "units": [
            {
                "earlier": c.earlier,
                "later": c.later,
                "earlier_band": c.earlier_band,
                "later_band": c.later_band,
                "change": c.change.value,
                "via": list(c.via),
            }
            for c in comparison.units
        ],
        "tallies": [
            {
                "scope": c.scope,
                "row": c.row,
                "earlier": c.earlier,
                "later": c.later,
                "delta": c.delta,
            }
            for c in comparison.tallies
        ],
        "notices": [
            {"code": n.code, "message_vi": n.vi, "message_en": n.en} for n in comparison.notices
        ],
    }


def _signed(delta: int | None) -> str:
    return "—" if delta is None else f"{delta:+d}"


def compare_verb(args: argparse.Namespace, out: TextIO) -> int:
    """``round compare``: per unit up/down/same/new/gone, per tally the change."""
    earlier = _load(args.earlier).score()
    later = _load(args.later).score()
    comparison = compare_rounds(earlier, later)
    lang = lang_of(args)
    data = _compare_data(comparison)
    if args.format == "json":
        write_json(data, out)
        return OK
    if args.format == "csv":
        rows = [
            ["unit", c["earlier"], c["later"], c["earlier_band"], c["later_band"], c["change"], ""]
            for c in data["units"]
        ]
        rows += [
            ["tally", t["scope"], t["row"], t["earlier"], t["later"], "", t["delta"]]
            for t in data["tallies"]
        ]
        write_csv(["table", "a", "b", "earlier", "later", "change", "delta"], rows, out)
        return OK
    emit(out, f"{_word('round', lang)}: {comparison.earlier_year} → {comparison.later_year}")
    for notice in comparison.notices:
        emit(out, f"! {notice.vi if lang == 'vi' else notice.en}")
    emit(out)
    emit(out, f"{_word('units', lang)}:")
    print_table(
        [_word("earlier", lang), _word("later", lang), _word("band", lang), _word("change", lang)],
        [
            [
                c.earlier or "—",
                c.later or "—",
                f"{c.earlier_band or '—'} → {c.later_band or '—'}",
                c.change.value,
            ]
            for c in comparison.units
        ],
        out,
    )
    emit(out)
    emit(out, f"{_word('tallies', lang)}:")
    print_table(
        [
            _word("scope", lang),
            _word("row", lang),
            _word("earlier", lang),
            _word("later", lang),
            _word("delta", lang),
        ],
        [
            [c.scope, c.row, _text(c.earlier) or "—", _text(c.later) or "—", _signed(c.delta)]
            for c in comparison.tallies
        ],
        out,
    )
    return OK


_VERBS: Final[dict[str, Callable[[argparse.Namespace, TextIO], int]]] = {
    "score": score_verb,
    "reconcile": reconcile_verb,
    "compare": compare_verb,
}
