"""The ``dvk`` verbs: ``dvk show|check|review|tally`` of "Dân vận khéo" campaigns and registers.

Each verb names a campaign (a code of the registry or a campaign TOML file)
and reads the register of models from one file or several
(``--register``, as :func:`~danvan_rules.registers.load_register` reads
them). The register is checked against the campaign first
(:func:`~danvan_rules.model.dvk.check_records`): every problem is printed
with its path and the exit status is 1. A register may hold the models of
other campaigns as well: those are not problems here, and each verb counts
them apart (``skipped``, ``other``).

Exit status, as for ``score``: 0 when the verb ran; 1 when the input is
invalid, when ``check`` finds a bound unit that registered fewer models than
required, or when ``tally --published`` finds a count that does not match;
2 on usage errors (an unknown campaign code, a model that is not in the
register, a file that cannot be read).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping
from typing import Any, Final, TextIO, cast

from danvan_rules.io import load_units
from danvan_rules.model.dvk import (
    Campaign,
    Dimension,
    DvkError,
    DvkRecords,
    check_records,
)
from danvan_rules.model.rounds import Registry
from danvan_rules.registers import load_published, load_register
from danvan_rules.scoring.dvk import check_registrations, reconcile_dvk, review, tally, unit_history

from . import _dvk_output as output
from ._common import INVALID, OK, UsageError, lang_of, read_campaign

__all__ = ["add_parser", "dvk_command"]

_FORMATS: Final = ("table", "json", "csv")


def add_parser(sub: Any, with_lang: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``dvk show|check|review|tally`` on the command's subparsers."""
    p = sub.add_parser(
        "dvk", help='"Dân vận khéo": campaigns, registrations, reviews and tallies of models'
    )
    verbs = p.add_subparsers(dest="dvk_command", required=True, metavar="VERB")

    q = verbs.add_parser("show", help="show one campaign (by code or TOML file)")
    q.add_argument("campaign", metavar="CAMPAIGN")
    q.add_argument("--format", choices=("table", "json"), default="table")
    with_lang(q)

    q = verbs.add_parser("check", help="which units registered their models for a year")
    _common_options(q, with_lang)
    q.add_argument(
        "--units", required=True, metavar="UNITS.toml", help="the units ([[units]], as a round's)"
    )
    q.add_argument("--year", required=True, type=int, metavar="YEAR")

    q = verbs.add_parser("review", help="one model's review for a year, every requirement cited")
    _common_options(q, with_lang)
    q.add_argument("--model", required=True, metavar="ID", help="the model's id in the register")
    q.add_argument("--year", required=True, type=int, metavar="YEAR")
    q.add_argument(
        "--answers",
        metavar="JSON",
        help='the checklist answers, {"code": true, ...} (default: the register\'s review)',
    )

    q = verbs.add_parser("tally", help="models registered, reviewed and recognised, counted")
    _common_options(q, with_lang)
    q.add_argument(
        "--years", metavar="Y1,Y2", help="the years counted (default: the campaign's period)"
    )
    q.add_argument(
        "--by",
        metavar="D1,D2",
        help="the dimensions: " + ", ".join(d.value for d in Dimension) + " (default: all)",
    )
    q.add_argument(
        "--published", metavar="FACTS.toml", help="check these published counts against the tally"
    )
    q.add_argument(
        "--unit", metavar="ID", help="instead, one unit's models and their outcome each year"
    )


def _common_options(
    p: argparse.ArgumentParser, with_lang: Callable[[argparse.ArgumentParser], None]
) -> None:
    p.add_argument("campaign", metavar="CAMPAIGN", help="a campaign code, or a campaign TOML file")
    p.add_argument(
        "--register",
        nargs="+",
        required=True,
        metavar="FILE",
        help="the register of models (.json, .jsonl, .csv, .xlsx; several files are joined)",
    )
    p.add_argument("--format", choices=_FORMATS, default="table")
    with_lang(p)


def dvk_command(args: argparse.Namespace, out: TextIO) -> int:
    """``dvk VERB``: run the verb."""
    return _VERBS[args.dvk_command](args, out)


# --------------------------------------------------------------------- inputs


def _records(args: argparse.Namespace, campaign: Campaign) -> DvkRecords:
    """The register, checked against the campaign (models of other campaigns are not problems)."""
    try:
        records = load_register(args.register)
    except OSError as exc:
        raise UsageError(f"cannot read register file {exc.filename}: {exc.strerror}") from None
    problems = [p for p in check_records(campaign, records) if p.code != "records.other_campaign"]
    if problems:
        shown = ", ".join(args.register)
        raise DvkError(
            problems,
            f"register of models ({shown})",
            subject_vi=f"sổ theo dõi mô hình ({shown})",
        )
    return records


def _units(path: str) -> Registry:
    try:
        return load_units(path)
    except OSError as exc:
        raise UsageError(f"cannot read units file {path}: {exc.strerror}") from None


def _listed(text: str | None, what: str) -> list[str] | None:
    if text is None:
        return None
    items = [item.strip() for item in text.split(",")]
    if not all(items):
        raise UsageError(f"{what} is a list separated by commas, not {text!r}")
    return items


def _years(text: str | None) -> list[int] | None:
    items = _listed(text, "--years")
    if items is None:
        return None
    try:
        return [int(item) for item in items]
    except ValueError:
        raise UsageError(f"--years is a list of years separated by commas, not {text!r}") from None


def _answers(text: str) -> Mapping[str, bool]:
    """The JSON object of ``--answers``; :func:`review` checks that each value is a boolean."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"--answers is not JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise UsageError(f"--answers is a JSON object of requirement codes, not {text!r}")
    return cast("Mapping[str, bool]", data)


# --------------------------------------------------------------------- verbs


def _sink(args: argparse.Namespace, out: TextIO) -> output.Sink:
    return output.Sink(args.format, lang_of(args), out)


def _show(args: argparse.Namespace, out: TextIO) -> int:
    campaign = read_campaign(args.campaign)
    output.show(campaign, _sink(args, out))
    return OK


def _check(args: argparse.Namespace, out: TextIO) -> int:
    campaign = read_campaign(args.campaign)
    units = _units(args.units)
    records = _records(args, campaign)
    report = check_registrations(campaign, units, records, args.year)
    output.check(campaign, report, records, _sink(args, out))
    return OK if report.ok else INVALID


def _review(args: argparse.Namespace, out: TextIO) -> int:
    given = None if args.answers is None else _answers(args.answers)
    campaign = read_campaign(args.campaign)
    records = _records(args, campaign)
    model = next((m for m in records.models if m.id == args.model), None)
    if model is None:
        msg = f"model {args.model!r} is not in the register ({', '.join(args.register)})"
        raise UsageError(msg)
    if given is not None:
        answers = given
    else:
        found = [r for r in records.reviews if r.model == model.id and r.year == args.year]
        if not found:
            msg = (
                f"the register holds no review of model {model.id!r} for {args.year}: "
                "give the answers with --answers '{\"code\": true, ...}'"
            )
            raise UsageError(msg)
        answers = found[0].answers
    outcome = review(campaign, model, answers, year=args.year)
    output.review(campaign, model, outcome, _sink(args, out))
    return OK


def _tally(args: argparse.Namespace, out: TextIO) -> int:
    campaign = read_campaign(args.campaign)
    years = _years(args.years)
    by = _listed(args.by, "--by")
    records = _records(args, campaign)
    if args.unit is not None:
        if args.published is not None or by is not None:
            raise UsageError("--unit shows one unit's history: it takes no --published or --by")
        period = range(campaign.period_from.year, campaign.period_until.year + 1)
        history = unit_history(campaign, records, args.unit, years or period)
        output.history(campaign, history, _sink(args, out))
        return OK
    counted = tally(campaign, records, years=years, **({} if by is None else {"by": by}))
    reconciliation = None
    if args.published is not None:
        try:
            facts = load_published(args.published)
        except OSError as exc:
            msg = f"cannot read published facts file {args.published}: {exc.strerror}"
            raise UsageError(msg) from None
        reconciliation = reconcile_dvk(records, facts, campaign=campaign)
    output.tally(campaign, counted, reconciliation, _sink(args, out))
    return INVALID if reconciliation is not None and not reconciliation.ok else OK


_VERBS: Final[Mapping[str, Callable[[argparse.Namespace, TextIO], int]]] = {
    "show": _show,
    "check": _check,
    "review": _review,
    "tally": _tally,
}
