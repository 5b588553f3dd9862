"""What every verb of the command line shares: output, problems, rule sets, tables."""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final, TextIO

from danvan_rules import campaigns, rulesets
from danvan_rules.codec.campaigns import campaign_from_toml
from danvan_rules.errors import DataError, Lang, safe_text
from danvan_rules.io import load_ruleset
from danvan_rules.limits import MAX_RULESET_FILE_BYTES
from danvan_rules.model import RuleSet
from danvan_rules.model.dvk import Campaign

__all__ = [
    "INVALID",
    "OK",
    "USAGE",
    "UsageError",
    "check_category",
    "emit",
    "lang_of",
    "print_problems",
    "print_table",
    "problems_data",
    "read_campaign",
    "read_ruleset",
    "tolerant",
    "write_csv",
    "write_json",
]

OK: Final = 0
INVALID: Final = 1
USAGE: Final = 2

# Every character outside ASCII the command prints on its own (text of the data aside).
_SAMPLE: Final = "Sở Tư pháp – … ≈ · → ≥"


class UsageError(Exception):
    """A usage error detected after argument parsing (exit status 2)."""


def tolerant(stream: TextIO) -> TextIO:
    r"""``stream``, made to write what it cannot encode as ``\u1edf`` escapes, not to fail.

    A terminal or a pipe set to ASCII (``PYTHONIOENCODING=ascii``, an old
    ``LANG=C``) cannot encode Vietnamese; the output stays readable and the
    exit status stays the command's.
    """
    encoding = getattr(stream, "encoding", None)
    if isinstance(stream, io.TextIOWrapper) and encoding is not None:
        try:
            _SAMPLE.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            stream.reconfigure(errors="backslashreplace")
    return stream


def emit(out: TextIO, text: str = "") -> None:
    """Print one line with its control characters escaped (no forged rows, no ANSI codes)."""
    out.write(safe_text(text) + "\n")


def lang_of(args: argparse.Namespace) -> Lang:
    """The language of messages asked for (``--lang``; Vietnamese by default)."""
    lang: Lang = getattr(args, "lang", "vi")
    return lang


def problems_data(exc: DataError) -> list[dict[str, str]]:
    """The JSON form of every problem: ``code``, ``path``, ``message_vi``, ``message_en``."""
    return [problem.to_data() for problem in exc.problems]


def print_problems(exc: DataError, out: TextIO, lang: Lang) -> None:
    """Every problem, one a line, in ``lang`` (:meth:`DataError.render`)."""
    out.write(exc.render(lang) + "\n")


def check_category(ruleset: RuleSet, code: str) -> None:
    """A usage error unless ``code`` is one of the rule set's categories."""
    covered = [category.code for category in ruleset.categories]
    if code not in covered:
        raise UsageError(
            f"unknown category {code!r}: rule set {ruleset.code} covers {', '.join(covered)}"
        )


def read_ruleset(spec: str) -> RuleSet:
    """A rule set by code, or from a TOML file (a path ending in ``.toml`` or an existing file)."""
    path = Path(spec)
    if spec.endswith(".toml") or path.is_file():
        try:
            return load_ruleset(path)
        except OSError as exc:
            raise UsageError(f"cannot read rule set file {spec}: {exc.strerror}") from None
    return rulesets.get(spec)


def read_campaign(spec: str) -> Campaign:
    """A campaign by code, or from a TOML file (a path ending in ``.toml`` or an existing file)."""
    path = Path(spec)
    if spec.endswith(".toml") or path.is_file():
        try:
            with path.open("rb") as file:
                # one byte past the limit is enough to refuse it (/dev/zero is never read whole)
                content = file.read(MAX_RULESET_FILE_BYTES + 1)
            return campaign_from_toml(content)
        except OSError as exc:
            raise UsageError(f"cannot read campaign file {spec}: {exc.strerror}") from None
    return campaigns.get(spec)


def write_json(data: Any, out: TextIO) -> None:
    r"""``data`` as indented JSON (Vietnamese as it is, not ``\u`` escapes).

    Text that is not Unicode scalar values (a lone surrogate, legal in JSON)
    cannot be written as UTF-8: then the whole document is written with
    ``\u`` escapes, which every JSON reader reads back the same.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(data, ensure_ascii=True, indent=2)
    out.write(text + "\n")


def print_table(header: list[str], rows: Sequence[Sequence[object]], out: TextIO) -> None:
    """Rows under a header, columns padded; every cell's control characters escaped."""
    cells = [[safe_text(str(cell)) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for row in [cells[0], ["-" * w for w in widths], *cells[1:]]:
        out.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        out.write("\n")


def _cell(value: object) -> str:
    """A CSV cell: control characters escaped, and text a spreadsheet would run kept inert."""
    text = safe_text("" if value is None else str(value))
    if text[:1] in {"=", "+", "-", "@"} and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    return text.lstrip("+-").replace(".", "", 1).isdigit()


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]], out: TextIO) -> None:
    """Rows under a header as CSV, every cell made safe (:func:`_cell`)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
