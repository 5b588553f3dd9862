"""The documented limits on input: past each, a typed error, never a crash.

Rule sets and reports are small documents: a scorecard has tens of criteria,
a report tens of answers. These limits are far above anything a real annex or
report needs, and they bound the time and memory that hostile input (a file of
``[[[[…]]]]``, ``/dev/zero``, ``0e-999999999``, a million junk items) can cost.
Each limit is enforced where the input arrives, and going past it is a
:class:`~danvan_rules.errors.DataError` whose problem names the limit
(``docs/limits.md`` lists them with what happens past each).

>>> from danvan_rules import limits
>>> limits.MAX_NESTING, limits.MAX_DIGITS, limits.MAX_PLACES
(32, 12, 12)
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "MAX_COUNT",
    "MAX_DATA_DEPTH",
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_LIST_LENGTH",
    "MAX_NESTING",
    "MAX_PLACES",
    "MAX_PROBLEMS",
    "MAX_REPORT_FILE_BYTES",
    "MAX_RULESET_FILE_BYTES",
    "MAX_STRING_LENGTH",
    "MAX_TABLE_KEYS",
    "MAX_XLSX_UNZIPPED_BYTES",
]

#: Digits before the decimal point of any number (points, weights, bounds).
MAX_DIGITS: Final = 12
#: Digits after the decimal point of any number (trailing zeros do not count).
MAX_PLACES: Final = 12
#: Largest exponent, in magnitude, of a number written with one (``1e-5``),
#: zero included: ``0e-999999999`` is refused, not expanded.
MAX_EXPONENT: Final = 64
#: A count (a fact, a number of occurrences or items) is below ``10**12``.
MAX_COUNT: Final = 10**12 - 1
#: Depth of nested lists and tables in a JSON or TOML document.
MAX_DATA_DEPTH: Final = 100
#: Depth of the criteria tree and of nested conditions (``all_of`` of
#: ``any_of`` of …) in a rule set.
MAX_NESTING: Final = 32
#: Characters in one string (a title, a name, a note, an answer).
MAX_STRING_LENGTH: Final = 100_000
#: Items in one list of a rule set or a report (criteria, conditions, levels).
MAX_LIST_LENGTH: Final = 100_000
#: Keys in one table (scores, facts, bonuses of a report).
MAX_TABLE_KEYS: Final = 100_000
#: Bytes of one rule-set file; larger files are not read past this.
MAX_RULESET_FILE_BYTES: Final = 16 * 1024 * 1024
#: Bytes of one report file (one report or a list of them); larger files are
#: not read past this.
MAX_REPORT_FILE_BYTES: Final = 256 * 1024 * 1024
#: Bytes an .xlsx workbook (a form, a register) may inflate to, as its zip
#: directory declares; a larger one is refused before it is unzipped.
MAX_XLSX_UNZIPPED_BYTES: Final = 64 * 1024 * 1024
#: Problems kept per error; past it one last problem counts the rest.
MAX_PROBLEMS: Final = 100
