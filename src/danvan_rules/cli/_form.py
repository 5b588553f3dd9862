"""``danvan-rules form``: the Excel self-assessment form of one unit (the ``excel`` extra)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, TextIO

from danvan_rules.forms import write_form

from ._common import OK, UsageError, check_category, emit, read_ruleset

__all__ = ["add_parser", "form_command"]


def add_parser(sub: Any, with_lang: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``form`` on the command's subparsers."""
    p = sub.add_parser("form", help="write the Excel self-assessment form of a unit")
    p.add_argument("--ruleset", required=True, metavar="CODE|FILE")
    p.add_argument("--category", required=True, metavar="K")
    p.add_argument("--unit", required=True, metavar="ID", help="the unit's id")
    p.add_argument("--name", default="", metavar="NAME", help="the unit's name")
    p.add_argument("--year", type=int, default=None, metavar="Y", help="the evaluation year")
    p.add_argument(
        "--province",
        default=None,
        metavar="P",
        help="the unit's province (default: the rule set's)",
    )
    p.add_argument("-o", "--out", required=True, metavar="FORM.xlsx")
    with_lang(p)


def form_command(args: argparse.Namespace, out: TextIO) -> int:
    """``form``: write the form, then say where it is."""
    ruleset = read_ruleset(args.ruleset)
    check_category(ruleset, args.category)
    if not args.out.lower().endswith(".xlsx"):
        raise UsageError(f"the form is an Excel workbook: name it FILE.xlsx, not {args.out!r}")
    try:
        write_form(
            args.out,
            ruleset,
            args.category,
            unit_id=args.unit,
            unit_name=args.name,
            year=args.year,
            province=args.province,
        )
    except OSError as exc:
        raise UsageError(f"cannot write {args.out}: {exc.strerror}") from None
    emit(out, f"{args.out}: {ruleset.code}, {args.category}, {args.unit}")
    return OK
