# ruff: noqa: S101 - pytest is built on assert
"""The plug-in's own tests: every rule set it ships is found, lints clean, passes the contract.

Install the plug-in first (``pip install -e ".[test]"``), then run ``pytest``:
the tests read the *installed* package, as danvan_rules does. Copy this file
into your plug-in and change ``PACKAGE``.

The golden cases are run by the runner danvan_rules ships
(:func:`danvan_rules.testing.load_cases`): one pytest item per entry, every
kind of entry danvan_rules' own cases use. Without pytest, the same cases run
with ``danvan-rules test src/danvan_vi_du/cases``.
"""

from __future__ import annotations

import importlib.util
import tomllib
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import danvan_rules as dr
from danvan_rules import rulesets
from danvan_rules.testing import Case, check_ruleset, load_cases

PACKAGE = "danvan_vi_du"

if importlib.util.find_spec(PACKAGE) is None:
    pytest.fail(
        f"{PACKAGE} is not installed: run `python -m pip install -e '.[test]'`", pytrace=False
    )


def _toml_files(folder: str) -> dict[str, dict[str, Any]]:
    """The TOML files of one folder of the installed package, by file name."""
    root = resources.files(PACKAGE) / folder
    return {
        item.name: tomllib.loads(item.read_text(encoding="utf-8"), parse_float=Decimal)
        for item in root.iterdir()
        if item.name.endswith(".toml")
    }


RULESETS = _toml_files("rulesets")  # what the entry point ships
CASES = _toml_files("cases")  # golden cases, one file per rule set
CODES = sorted(data["code"] for data in RULESETS.values())


@pytest.fixture(autouse=True)
def _plugins_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests find the rule sets through the registry: plug-ins must be on."""
    monkeypatch.delenv(rulesets.NO_PLUGINS_ENV, raising=False)


# ---------------------------------------------------------------------- every rule set


@pytest.mark.parametrize("name", sorted(RULESETS))
def test_lints_clean(name: str) -> None:
    """What ``danvan-rules lint FILE`` checks: no problem at all."""
    assert dr.check_ruleset(RULESETS[name]) == ()


@pytest.mark.parametrize("code", CODES)
def test_found_by_the_registry(code: str) -> None:
    assert code in rulesets.available()
    assert f"{PACKAGE}.rulesets/" in rulesets.entries()[code].source


@pytest.mark.parametrize("code", CODES)
def test_contract(code: str) -> None:
    check_ruleset(rulesets.get(code))


def test_every_rule_set_has_golden_cases() -> None:
    assert sorted(cases["ruleset"] for cases in CASES.values()) == CODES


# ---------------------------------------------------------------------- golden cases
# The cases files have the format of danvan_rules' own tests/rulesets/cases (docs/testing.md
# of danvan_rules); the shipped runner reads and checks them, every kind of entry included.


def _cases() -> list[Any]:
    """Every entry of every cases file of the installed package, as a pytest parameter."""
    root = resources.files(PACKAGE) / "cases"
    return [
        pytest.param(case, id=f"{item.name}:{case.name}")
        for item in sorted(root.iterdir(), key=lambda item: item.name)
        if item.name.endswith(".toml")
        for case in load_cases(Path(str(item)))
    ]


@pytest.mark.parametrize("case", _cases())
def test_golden_case(case: Case) -> None:
    """One entry: a report's result, a criterion's points, a cohort's bands or a date."""
    case.run()
