"""The ``danvan-rules`` command: list, show, lint, score, explain, round, dvk, schema, form, serve, test, check.

``test`` and ``check`` are for contributors who add a province.

Exit status: 0 on success; 1 when any input (rule set, report, cases file) is
invalid, a golden case fails or the contract does not hold — each problem
printed on its own line with its path —; 2 on usage errors (unknown options,
unknown rule-set codes, files that cannot be read, a missing optional
dependency). Problems are printed in Vietnamese (``--lang vi``, the default)
or English (``--lang en``); ``--format json`` gives each problem's ``code``,
``path``, ``message_vi`` and ``message_en``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Final, TextIO

from danvan_rules._metadata import VERSION
from danvan_rules.errors import DanvanError, DataError

from . import _commands, _common, _contrib, _dvk, _form, _rounds, _schema, _serve
from ._common import INVALID, OK, USAGE

__all__ = ["INVALID", "OK", "USAGE", "main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="danvan-rules",
        description="Score units against Vietnam's dân vận chính quyền evaluation rule sets.",
    )
    parser.add_argument("--version", action="version", version=f"danvan-rules {VERSION}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_format(p: argparse.ArgumentParser) -> None:
        p.add_argument("--format", choices=("table", "json"), default="table")

    def with_lang(p: argparse.ArgumentParser, what: str = "problems") -> None:
        p.add_argument(
            "--lang", choices=("vi", "en"), default="vi", help=f"language of {what} (default: vi)"
        )

    p = sub.add_parser("list", help="list the available rule sets")
    with_format(p)
    with_lang(p)

    p = sub.add_parser("show", help="show one rule set (by code or TOML file)")
    p.add_argument("ruleset", metavar="CODE|FILE")
    with_format(p)
    with_lang(p)

    p = sub.add_parser("lint", help="check rule-set TOML files; every problem at once")
    p.add_argument("files", nargs="+", metavar="FILE")
    with_format(p)
    with_lang(p)

    for name, text in (("score", "score reports"), ("explain", "explain reports' scores")):
        p = sub.add_parser(name, help=text)
        p.add_argument(
            "--ruleset",
            metavar="CODE|FILE",
            help="default: each report's province's rule set in force on 31 December of its year",
        )
        p.add_argument(
            "reports",
            nargs="+",
            metavar="REPORT.json",
            help="report files: .json (one report or a list), .jsonl (one a line), - for stdin",
        )
        p.add_argument(
            "--dvk",
            action="append",
            default=[],
            metavar="REGISTER",
            help="the units' Dân vận khéo records (.json, .jsonl, .csv, .xlsx; repeatable): "
            "answers the rule set derives from them are taken from the records",
        )
        p.add_argument(
            "--campaign",
            action="append",
            default=[],
            metavar="CODE|FILE",
            help="the records' campaign(s) (default: those the records' models name)",
        )
        p.add_argument(
            "--format",
            choices=("table", "json", "jsonl"),
            default="table",
            help="jsonl: one compact JSON line per report, written as each is scored",
        )
        with_lang(p, "problems" if name == "score" else "explanations and problems")

    _rounds.add_parser(sub, with_lang)
    _dvk.add_parser(sub, with_lang)
    _schema.add_parser(sub, with_lang)
    _form.add_parser(sub, with_lang)
    _serve.add_parser(sub, with_lang)

    p = sub.add_parser("test", help="run golden cases files (no pytest needed)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="cases TOML files, or folders of them")
    p.add_argument("-v", "--verbose", action="store_true", help="also list the cases that pass")
    with_lang(p)

    p = sub.add_parser("check", help="run the contract kit on a rule set (needs the testing extra)")
    p.add_argument("ruleset", metavar="CODE|FILE")
    p.add_argument("--max-examples", type=int, default=None, metavar="N")
    with_lang(p)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status.

    >>> main(["lint", "src/danvan_rules/data/example-dan-van-2024.toml"])
    src/danvan_rules/data/example-dan-van-2024.toml: ok (example/dan-van-2024, 39 assumed values)
    0
    """
    stdout = _common.tolerant(out if out is not None else sys.stdout)
    _common.tolerant(sys.stderr)
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args, stdout)
    except DataError as exc:
        if getattr(args, "format", "table") == "json":
            problems = _common.problems_data(exc)
            _common.write_json(
                {"subject": exc.subject, "status": "invalid", "problems": problems}, stdout
            )
        else:
            _common.print_problems(exc, stdout, _common.lang_of(args))
        return INVALID
    except (_common.UsageError, DanvanError) as exc:
        # unknown codes, duplicate codes, misconfiguration, a missing extra: the call, not the data
        sys.stderr.write(f"danvan-rules: error: {exc}\n")
        return USAGE
    except BrokenPipeError:
        # the reader (`| head`) went away: stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return OK


_COMMANDS: Final[dict[str, Callable[[argparse.Namespace, TextIO], int]]] = {
    "list": _commands.list_command,
    "show": _commands.show,
    "lint": _commands.lint,
    "score": _commands.score_command,
    "explain": _commands.explain_command,
    "round": _rounds.round_command,
    "dvk": _dvk.dvk_command,
    "schema": _schema.schema_command,
    "form": _form.form_command,
    "serve": _serve.serve_command,
    "test": _contrib.test,
    "check": _contrib.check,
}
