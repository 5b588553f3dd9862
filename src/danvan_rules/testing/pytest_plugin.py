"""The pytest plug-in: every entry of a cases file is its own pytest item.

Installed with danvan_rules through the ``pytest11`` entry point, so it is on
wherever danvan_rules is installed. It is inert for every file but the cases
files you point it at, in one of two ways:

- name them on the command line: ``pytest cases/vi-du-2026.toml``;
- or list glob patterns in the ``danvan_cases`` setting, matched against the
  end of each collected path::

      [tool.pytest.ini_options]
      danvan_cases = ["src/*/cases/*.toml"]

A failing case prints what it expected and what it got, without a traceback;
a malformed cases file is a collection error listing every problem. Turn the
plug-in off with ``-p no:danvan_rules``. Importing it imports neither
Hypothesis nor the runner: the runner loads when a cases file is collected.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ._cases import Case

__all__ = ["CaseItem", "CasesFile", "pytest_addoption", "pytest_collect_file"]

_SETTING = "danvan_cases"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ``danvan_cases`` setting (glob patterns of cases files)."""
    parser.addini(
        _SETTING,
        "glob patterns of danvan_rules golden-cases TOML files to collect",
        type="linelist",
        default=[],
    )


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> CasesFile | None:
    """Collect a ``.toml`` file named on the command line or matching ``danvan_cases``."""
    if file_path.suffix != ".toml":
        return None
    patterns: list[str] = parent.config.getini(_SETTING)
    if parent.session.isinitpath(file_path) or any(file_path.match(p) for p in patterns):
        return CasesFile.from_parent(parent, path=file_path)
    return None


class CasesFile(pytest.File):
    """One cases file: its entries, in order by kind."""

    def collect(self) -> Iterator[CaseItem]:
        """One item per entry (a malformed file fails here, with every problem)."""
        from ._cases import load_cases  # the runner loads only when there are cases to run

        for case in load_cases(self.path):
            yield CaseItem.from_parent(self, name=case.name, case=case)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:  # type: ignore[override]
        """A malformed file prints its problems, not a traceback."""
        from ._cases import CasesError

        if isinstance(excinfo.value, CasesError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class CaseItem(pytest.Item):
    """One golden case."""

    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        """Run the case: :class:`~danvan_rules.testing.CaseFailure` when it does not hold."""
        self.case.run()

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        """Expected and actual for each mismatch, without a traceback."""
        from ._cases import CaseFailure

        if isinstance(excinfo.value, CaseFailure):
            return f"{self.case.ruleset}: {self.name}\n{excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Where the case is: its file, and the rule set and name."""
        return self.path, None, f"{self.case.ruleset}: {self.name}"
