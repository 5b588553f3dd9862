# ruff: noqa: S101 - pytest is built on assert
"""The plug-in's own tests: every rule set it ships is found, lints clean, passes the contract.

Install the plug-in first (``pip install -e ".[test]"``), then run ``pytest``:
the tests read the *installed* package, as danvan_rules does. Copy this file
into your plug-in and change ``PACKAGE``.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest

import danvan_rules as dr
from danvan_rules import rulesets
from danvan_rules.errors import AmbiguousRuleSetError, NoRuleSetInForceError
from danvan_rules.testing import check_ruleset

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
    for name, cases in CASES.items():  # a kind this runner does not check would never fail
        assert set(cases) <= {"ruleset", "base", "cases", "criteria", "dates"}, name


# ---------------------------------------------------------------------- golden cases
# The cases files have the format of danvan_rules' own tests/rulesets/cases:
# `ruleset`, a `[base]` report, and entries of three kinds, each checked below.


def _entries(kind: str) -> list[Any]:
    """``(code, base, entry)`` for every entry of this kind in every cases file."""
    return [
        pytest.param(cases["ruleset"], cases.get("base", {}), entry, id=f"{name}:{kind}[{i}]")
        for name, cases in sorted(CASES.items())
        for i, entry in enumerate(cases.get(kind, []))
    ]


def _report(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The base report with the entry's fields over it; score tables merge key by key."""
    data = dict(base)
    for key, value in changes.items():
        if key not in {"name", "source", "published", "expect"}:
            old = data.get(key)
            data[key] = {**old, **value} if isinstance(old, Mapping) else value
    return data


@pytest.mark.parametrize(("code", "base", "case"), _entries("cases"))
def test_case(code: str, base: Mapping[str, Any], case: Mapping[str, Any]) -> None:
    """A report and what its result must be: total, band, status, warnings, or an error."""
    expect, report = case["expect"], _report(base, case)
    assert expect, "a case must expect something"
    assert set(expect) <= {"total", "band", "status", "warnings", "error"}, expect
    if "error" in expect:
        with pytest.raises(dr.ReportError, match=re.escape(expect["error"])):
            dr.score(rulesets.get(code), dr.report_from_data(report))
        return
    result = dr.score(rulesets.get(code), dr.report_from_data(report))
    if "total" in expect:
        assert result.total == Decimal(str(expect["total"])), f"total {result.total}"
    if "band" in expect:  # "" expects no band: an ineligible unit
        assert (result.band_code or "") == expect["band"], f"band {result.band_code}"
    if "status" in expect:
        assert result.status.value == expect["status"], f"status {result.status.value}"
    warnings = [warning.code for warning in result.warnings]
    assert set(expect.get("warnings", [])) <= set(warnings), f"warnings {warnings}"


@pytest.mark.parametrize(("code", "base", "entry"), _entries("criteria"))
def test_criterion(code: str, base: Mapping[str, Any], entry: Mapping[str, Any]) -> None:
    """One answer for one criterion, over the base report: the points its line shows."""
    table = "appraised_scores" if entry.get("appraised") else "self_scores"
    report = _report(base, {table: {entry["criterion"]: entry["answer"]}})
    line = dr.score(rulesets.get(code), dr.report_from_data(report)).line(entry["criterion"])
    assert line.awarded == Decimal(str(entry["points"])), f"{line.code}: {line.awarded} points"


@pytest.mark.parametrize(("code", "base", "entry"), _entries("dates"))
def test_date(code: str, base: Mapping[str, Any], entry: Mapping[str, Any]) -> None:
    """Which rule set of the province is in force on a date ("none" or "ambiguous")."""
    del code, base  # a date entry names its province; it needs no report
    errors = {"none": NoRuleSetInForceError, "ambiguous": AmbiguousRuleSetError}
    if entry["expect"] in errors:
        with pytest.raises(errors[entry["expect"]]):
            rulesets.in_force(entry["province"], on=entry["on"])
    else:
        got = rulesets.in_force(entry["province"], on=entry["on"]).code
        assert got == entry["expect"], f"in force on {entry['on']}: {got}"
