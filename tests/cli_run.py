"""Running the command line in-process, as the CLI tests do: its exit status and its output."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from danvan_rules.cli import main

__all__ = ["run", "run_csv", "run_json"]


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI in-process; its exit status and what it wrote to ``out``."""
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def run_json(*argv: str) -> tuple[int, Any]:
    """:func:`run` with ``--format json``, the output read as JSON."""
    status, text = run(*argv, "--format", "json")
    return status, json.loads(text)


def run_csv(*argv: str) -> tuple[int, list[dict[str, str]]]:
    """:func:`run` with ``--format csv``, the output read as rows by header."""
    status, text = run(*argv, "--format", "csv")
    return status, list(csv.DictReader(io.StringIO(text)))
