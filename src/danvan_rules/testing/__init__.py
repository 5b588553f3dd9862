"""The kit for rule-set authors: golden cases as data, and the property-test contract.

Two halves, one import:

- the **golden-case runner** (:func:`load_cases`, :class:`Case`,
  :class:`CaseFailure`): cases files checked without Hypothesis or pytest —
  the runner behind ``danvan-rules test`` and the pytest plug-in
  (:mod:`danvan_rules.testing.pytest_plugin`);
- the **contract** and its Hypothesis strategies (:func:`check_ruleset`,
  :func:`reports_for`, …), which need the ``testing`` extra
  (``pip install 'danvan_rules[testing]'``) and are loaded on first use:

>>> from danvan_rules import rulesets
>>> from danvan_rules.testing import check_ruleset, load_cases
>>> check_ruleset(rulesets.get("example/dan-van-2024"), max_examples=10)
>>> [case.run() for case in load_cases("tests/rulesets/cases/example/dan-van-2024.toml")][:1]
[None]

Nothing in the library imports this package (the CLI's ``check`` and ``test``
verbs load it when they run). Without Hypothesis, using a name of the
contract half raises :class:`~danvan_rules.errors.MissingExtraError` naming
the extra to install.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Final

from danvan_rules.errors import MissingExtraError

if TYPE_CHECKING:
    from ._cases import (
        EXPECTATIONS,
        KINDS,
        Case,
        CaseFailure,
        CasesError,
        Kind,
        Mismatch,
        check_result,
        load_cases,
        merged,
    )
    from ._kit import (
        answers_for,
        bound_targets,
        check_ruleset,
        contract_failures,
        report_at,
        reports_for,
    )

__all__ = [
    "EXPECTATIONS",
    "KINDS",
    "Case",
    "CaseFailure",
    "CasesError",
    "Kind",
    "Mismatch",
    "answers_for",
    "bound_targets",
    "check_result",
    "check_ruleset",
    "contract_failures",
    "load_cases",
    "merged",
    "report_at",
    "reports_for",
]

# Both halves load on first use: the pytest plug-in imports this package in every
# pytest run of a project that has danvan_rules installed, and must cost nothing there.
_KIT: Final = frozenset(
    {
        "answers_for",
        "bound_targets",
        "check_ruleset",
        "contract_failures",
        "report_at",
        "reports_for",
    }
)


def __getattr__(name: str) -> object:
    if name not in __all__:
        raise AttributeError(f"module 'danvan_rules.testing' has no attribute {name!r}")
    if name not in _KIT:
        return getattr(importlib.import_module("danvan_rules.testing._cases"), name)
    try:
        kit = importlib.import_module("danvan_rules.testing._kit")
    except ImportError as exc:
        if exc.name not in {"hypothesis", "tomli_w"}:
            raise
        raise MissingExtraError(exc.name, "testing", f"danvan_rules.testing.{name}") from None
    return getattr(kit, name)
