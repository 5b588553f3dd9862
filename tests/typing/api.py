"""The public API's signatures, pinned for mypy: this file is type-checked, never run.

Each ``_pin_*`` function calls public functions the way users do and states the
types they get back with ``assert_type``; a change of a public signature makes
``mypy --strict`` fail here. The functions are never called (pytest does not
collect this file: its name is not ``test_*.py``, and importing it only defines
functions), so nothing here needs a rule set or a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, assert_type

from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules import errors, limits, rulesets, testing
from danvan_rules.cli import main
from danvan_rules.model import Answer, Criterion


def _pin_facade(rs: dr.RuleSet, report: dr.UnitReport, data: dict[str, Any]) -> None:
    assert_type(dr.score(rs, report), dr.ScoreResult)
    assert_type(dr.score_many(rs, [report]), dr.Batch)
    assert_type(dr.apply_quota(rs, [dr.score(rs, report)]), dr.CohortResult)
    assert_type(dr.explain(dr.score(rs, report), "en"), str)
    assert_type(dr.reweight(rs, "so", {"I": 2}, normalize=True), dr.RuleSet)
    assert_type(dr.load_report("r.json"), dr.UnitReport)
    assert_type(dr.load_reports("r.json"), tuple[dr.UnitReport | dr.ReportError, ...])
    assert_type(dr.load_ruleset("rs.toml"), dr.RuleSet)
    assert_type(dr.report_from_data(data), dr.UnitReport)
    assert_type(dr.report_from_json("{}"), dr.UnitReport)
    assert_type(dr.report_to_data(report), dict[str, Any])
    assert_type(dr.report_to_json(report), str)
    assert_type(dr.result_to_data(dr.score(rs, report)), dict[str, Any])
    assert_type(dr.ruleset_from_data(data), dr.RuleSet)
    assert_type(dr.ruleset_to_data(rs), dict[str, Any])
    assert_type(dr.ruleset_to_toml(rs), str)
    assert_type(dr.check_ruleset(data), tuple[errors.Problem, ...])
    assert_type(dr.__version__, str)


def _pin_rulesets(rs: dr.RuleSet, report: dr.UnitReport) -> None:
    assert_type(rulesets.available(), tuple[str, ...])
    assert_type(rulesets.entries(), dict[str, rulesets.Entry])
    assert_type(rulesets.entries()["x"].load(), dr.RuleSet)
    assert_type(rulesets.get("example/dan-van-2024"), dr.RuleSet)
    assert_type(rulesets.load_all(), tuple[dr.RuleSet, ...])
    assert_type(rulesets.check_versions([rs]), tuple[errors.Problem, ...])
    assert_type(rulesets.for_year("example", 2024, among=[rs]), dr.RuleSet)
    assert_type(rulesets.for_report(report, among=(rs,)), dr.RuleSet)
    assert_type(rulesets.in_force("example", on=dt.date(2024, 1, 1)), dr.RuleSet)
    group: str = rulesets.ENTRY_POINT_GROUP
    switch: str = rulesets.NO_PLUGINS_ENV
    del group, switch


def _pin_testing(rs: dr.RuleSet, leaf: Criterion) -> None:
    cases = testing.load_cases("cases.toml")
    assert_type(cases, tuple[testing.Case, ...])
    case = cases[0]
    assert_type(case.run(), None)
    assert_type(case.kind, testing.Kind)
    assert_type(case.id, str)
    assert_type(testing.merged({}, {}), dict[str, Any])
    mismatches = testing.check_result(dr.score(rs, testing.report_at(rs, "so", Decimal(70))), {})
    assert_type(mismatches, Iterator[testing.Mismatch])
    assert_type(testing.CaseFailure([]).mismatches, tuple[testing.Mismatch, ...])
    assert_type(testing.check_ruleset(rs, max_examples=10), None)
    assert_type(testing.contract_failures(rs), tuple[str, ...])
    assert_type(testing.reports_for(rs, "so"), st.SearchStrategy[dr.UnitReport])
    assert_type(testing.answers_for(leaf), st.SearchStrategy[Answer])
    assert_type(testing.bound_targets(rs), list[Decimal])
    assert_type(testing.report_at(rs, "so", Decimal(70)), dr.UnitReport)


def _pin_errors(error: errors.DataError) -> None:
    problem = errors.Problem("m", "$.x", code="a.b", message_vi="v")
    assert_type(problem.render("vi"), str)
    assert_type(problem.to_data(), dict[str, str])
    assert_type(problem.message_en, str)
    found = errors.Collector()
    found.add("m", "$", code="a.b", vi="v")
    assert_type(found.problems, tuple[errors.Problem, ...])
    assert_type(error.render("en"), str)
    assert_type(error.problems, tuple[errors.Problem, ...])
    assert_type(errors.key_path("$", "I.1"), str)
    assert_type(errors.index_path("$", 0), str)
    assert_type(errors.field_path("$", "max"), str)
    assert_type(errors.safe_text("x"), str)
    assert_type(errors.InvalidValueError("m", code="a.b", vi="v").at("$"), errors.Problem)
    assert_type(errors.MissingExtraError("tomli_w", "toml", "writing").extra, str)
    assert_type(errors.ReportError([problem], unit_id="u").unit_id, str | None)


def _pin_limits() -> None:
    for limit in (
        limits.MAX_COUNT,
        limits.MAX_DATA_DEPTH,
        limits.MAX_DIGITS,
        limits.MAX_EXPONENT,
        limits.MAX_LIST_LENGTH,
        limits.MAX_NESTING,
        limits.MAX_PLACES,
        limits.MAX_PROBLEMS,
        limits.MAX_REPORT_FILE_BYTES,
        limits.MAX_RULESET_FILE_BYTES,
        limits.MAX_STRING_LENGTH,
        limits.MAX_TABLE_KEYS,
    ):
        assert_type(limit, int)


def _pin_cli() -> None:
    assert_type(main(["list"]), int)
    assert_type(main(None, out=None), int)
