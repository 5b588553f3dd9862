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
from danvan_rules import campaigns, errors, limits, rulesets, testing
from danvan_rules.cli import main
from danvan_rules.codec.dvk import published_from_data
from danvan_rules.io import LoadedRound, load_round, load_units
from danvan_rules.model import Answer, Criterion, dvk
from danvan_rules.model.rounds import (
    AwardCheck,
    Reconciliation,
    Registry,
    Round,
    RoundComparison,
    RoundResult,
    Unit,
)
from danvan_rules.registers import load_published
from danvan_rules.scoring import dvk as dvk_scoring
from danvan_rules.scoring.columns import ColumnRow, ColumnScores, from_reports, score_columns
from danvan_rules.scoring.rounds import check_awards, compare_rounds, reconcile, score_round


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
        limits.MAX_XLSX_UNZIPPED_BYTES,
    ):
        assert_type(limit, int)


def _pin_cli() -> None:
    assert_type(main(["list"]), int)
    assert_type(main(None, out=None), int)


def _pin_rounds(the_round: Round, rs: dr.RuleSet, report: dr.UnitReport) -> None:
    result = score_round(the_round, [report], {"so": rs}, former={"p": {"so": rs}})
    assert_type(result, RoundResult)
    assert_type(dr.score_round(the_round, [report], {"so": rs}), RoundResult)
    assert_type(reconcile(result, the_round.published), Reconciliation)
    assert_type(compare_rounds(result, result), RoundComparison)
    assert_type(check_awards(result), tuple[AwardCheck, ...])
    assert_type(load_round("round.toml"), LoadedRound)
    assert_type(load_round("round.toml").score(), RoundResult)
    assert_type(load_units("units.toml", province="p"), Registry)


def _pin_dvk(campaign: dvk.Campaign, model: dvk.Model, unit: Unit) -> None:
    records = dr.load_register(["models.csv", "reviews.csv"], kind="model")
    assert_type(records, dvk.DvkRecords)
    assert_type(campaigns.get("x/y"), dvk.Campaign)
    assert_type(campaigns.available(), tuple[str, ...])
    assert_type(campaigns.by_issuer(level="tinh", province="p"), tuple[dvk.Campaign, ...])
    assert_type(campaigns.in_force(on=dt.date(2021, 1, 1)), tuple[dvk.Campaign, ...])
    assert_type(campaigns.for_year("p", 2021), tuple[dvk.Campaign, ...])
    assert_type(dvk.check_records(campaign, records), tuple[errors.Problem, ...])
    report = dvk_scoring.check_registrations(campaign, [unit], records, 2021)
    assert_type(report, dvk.RegistrationReport)
    assert_type(report.missing, tuple[Unit, ...])
    outcome = dvk_scoring.review(campaign, model, {"ten-dia-chi": True}, year=2021)
    assert_type(outcome, dvk.ReviewOutcome)
    assert_type(outcome.explain("en"), str)
    counted = dvk_scoring.tally(campaign, records, years=[2021], by="field")
    assert_type(counted, dvk.DvkTally)
    assert_type(counted.registered.count(dvk.Dimension.FIELD, "kinh-te"), int)
    history = dvk_scoring.unit_history(campaign, records, unit, [2021])
    assert_type(history, dvk.UnitDvkHistory)
    facts = load_published("published.toml")
    assert_type(facts, tuple[dvk.DvkFact, ...])
    assert_type(published_from_data({"published": []}), tuple[dvk.DvkFact, ...])
    checked = dvk_scoring.reconcile_dvk(records, facts, campaign=campaign)
    assert_type(checked, dvk.DvkReconciliation)
    assert_type(checked.ok, bool)


def _pin_columns(rs: dr.RuleSet, report: dr.UnitReport) -> None:
    scored = score_columns(rs, "so", {"I.1": [True]}, year=2024, province="p")
    assert_type(scored, ColumnScores)
    assert_type(from_reports(rs, [report]), ColumnScores)
    assert_type(len(scored), int)
    assert_type(scored.row(0), ColumnRow)
    assert_type(scored.result(0), dr.ScoreResult)
