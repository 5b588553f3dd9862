"""``danvan-rules schema``: the JSON Schema of a report (for a rule set and category) or a result."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, TextIO

from danvan_rules.codec.schema import report_schema, result_schema

from ._common import OK, check_category, read_ruleset, write_json

__all__ = ["add_parser", "schema_command"]


def add_parser(sub: Any, with_lang: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``schema report|result`` on the command's subparsers."""
    p = sub.add_parser("schema", help="print the JSON Schema of a report or of a result")
    kinds = p.add_subparsers(dest="schema_kind", required=True, metavar="KIND")
    q = kinds.add_parser("report", help="a report of one category of a rule set")
    q.add_argument("--ruleset", required=True, metavar="CODE|FILE")
    q.add_argument("--category", required=True, metavar="K")
    with_lang(q)
    q = kinds.add_parser("result", help="a scored report, as score --format json prints it")
    with_lang(q)


def schema_command(args: argparse.Namespace, out: TextIO) -> int:
    """``schema report|result``: the schema as JSON (indented, Vietnamese as it is)."""
    if args.schema_kind == "result":
        write_json(result_schema(), out)
        return OK
    ruleset = read_ruleset(args.ruleset)
    check_category(ruleset, args.category)
    write_json(report_schema(ruleset, args.category), out)
    return OK
