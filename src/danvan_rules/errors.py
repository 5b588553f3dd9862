"""Every error the library raises, under one root: :class:`DanvanError`.

Each error also subclasses the builtin a caller would naturally catch
(``ValueError`` for bad data, ``LookupError`` for a rule set that is not there),
and data errors carry *every* problem found, each with the path of the offending
value, so a caller can fix all of them in one pass:

>>> from danvan_rules.errors import Problem, ReportError
>>> err = ReportError(
...     [Problem("27 is above the maximum of 25", '$.self_scores["I.2"]')],
...     unit_id="so-vhttdl",
... )
>>> print(err)
1 problem in report of unit 'so-vhttdl':
  27 is above the maximum of 25 @ $.self_scores["I.2"]
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "AmbiguousRuleSetError",
    "ConfigurationError",
    "DanvanError",
    "DataError",
    "DuplicateRuleSetError",
    "NoRuleSetInForceError",
    "Problem",
    "ReportError",
    "RuleSetError",
    "UnknownProvinceError",
    "UnknownRuleSetError",
]


@attrs.frozen
class Problem:
    """One thing wrong with a piece of data, and where it is.

    ``path`` is a JSONPath-like address into the data as written
    (``$.scorecards[0].criteria[3].max``, ``$.self_scores["I.2"]``).
    """

    message: str
    path: str = "$"

    def __str__(self) -> str:
        return f"{self.message} @ {self.path}"


class DanvanError(Exception):
    """The root of every error raised by danvan_rules."""


class DataError(DanvanError, ValueError):
    """Data that cannot be used, with every problem found in it.

    Attributes:
        problems: every problem, in the order found (never empty).
        subject: what the data is ("rule set 'x'", "report of unit 'y'").
    """

    subject: str = "data"

    def __init__(self, problems: Iterable[Problem], subject: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("a DataError needs at least one problem")
        if subject is not None:
            self.subject = subject
        super().__init__(self._render())

    def _render(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"{count} {noun} in {self.subject}:"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._render()


class RuleSetError(DataError):
    """A rule set (file, dict or object) that is malformed or inconsistent."""

    subject = "rule set"


class ReportError(DataError):
    """A unit report that cannot be scored against a rule set.

    Attributes:
        unit_id: the unit the report belongs to, or ``None`` when the report is
            too broken to tell.
        source: the file the report came from, if any.
    """

    subject = "report"

    def __init__(
        self,
        problems: Iterable[Problem],
        *,
        unit_id: str | None = None,
        source: str | None = None,
    ) -> None:
        self.unit_id = unit_id
        self.source = source
        subject = "report" if unit_id is None else f"report of unit {unit_id!r}"
        if source is not None:
            subject += f" ({source})"
        super().__init__(problems, subject)


class ConfigurationError(DanvanError, ValueError):
    """A setting (such as an environment variable) with a value the library does not accept."""


class UnknownRuleSetError(DanvanError, LookupError):
    """No rule set has the code asked for."""


class DuplicateRuleSetError(DanvanError, LookupError):
    """Two sources provide a rule set with the same code."""


class NoRuleSetInForceError(DanvanError, LookupError):
    """No rule set of a province is in force on the date asked for."""


class AmbiguousRuleSetError(DanvanError, LookupError):
    """More than one rule set of a province is in force on the date asked for."""


class UnknownProvinceError(DanvanError, LookupError):
    """No province, former or current, has the code asked for."""
