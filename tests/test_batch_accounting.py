"""Batches account for every input (issue #6 §2): one outcome per input, in order, typed."""

from __future__ import annotations

import functools
import importlib
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules.errors import ReportError
from danvan_rules.model import ScoreResult

from .conftest import EXAMPLES

score_module = importlib.import_module("danvan_rules.scoring.score")  # the module, not the function


@pytest.fixture(scope="module")
def good() -> dr.UnitReport:
    return dr.load_report(EXAMPLES / "tot.json")


def test_a_non_report_entry_becomes_its_own_typed_error(
    example: dr.RuleSet, good: dr.UnitReport
) -> None:
    """Regression: ``score_many(rs, [report, None])`` raised AttributeError."""
    batch = dr.score_many(example, [good, None, "so-tu-phap", good])
    assert len(batch) == 4
    assert isinstance(batch.outcomes[0], ScoreResult)
    assert isinstance(batch.outcomes[3], ScoreResult)
    assert [i for i, _ in batch.errors] == [1, 2]
    for index, error in batch.errors:
        (problem,) = error.problems
        assert (problem.code, problem.path) == ("batch.not_a_report", f"$[{index}]")
        assert problem.message_vi.startswith("cần một báo cáo (UnitReport)")
    assert "not NoneType" in batch.errors[0][1].problems[0].message
    assert "not str" in batch.errors[1][1].problems[0].message


def test_score_refuses_a_non_report_with_a_typed_error(example: dr.RuleSet) -> None:
    with pytest.raises(ReportError) as info:
        dr.score(example, {"unit_id": "x"})  # type: ignore[arg-type]
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == ("report.not_a_report", "$")
    assert "not dict" in problem.message


def test_an_unexpected_exception_is_caught_per_report(
    example: dr.RuleSet, good: dr.UnitReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any exception scoring one report (as the audit hash's was) becomes that report's error."""
    real = score_module.notices

    def notices(ruleset: dr.RuleSet, report: dr.UnitReport, **kw: Any) -> Any:
        if report.unit_id == "bad":
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")
        return real(ruleset, report, **kw)

    monkeypatch.setattr(score_module, "notices", notices)
    bad = attrs.evolve(good, unit_id="bad")
    batch = dr.score_many(example, [good, bad, good])
    assert [type(o).__name__ for o in batch] == ["ScoreResult", "ReportError", "ScoreResult"]
    ((index, error),) = batch.errors
    assert index == 1
    assert error.unit_id == "bad"
    (problem,) = error.problems
    assert problem.code == "report.unscorable"
    assert "UnicodeEncodeError" in problem.message
    assert "UnicodeEncodeError" in problem.message_vi
    assert problem.message_vi.startswith("không chấm được điểm báo cáo")


def test_an_unexpected_exception_text_is_bounded(
    example: dr.RuleSet, good: dr.UnitReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: object, **__: object) -> None:
        raise ValueError("x" * 10_000)

    monkeypatch.setattr(score_module, "notices", boom)
    (outcome,) = dr.score_many(example, [good])
    assert isinstance(outcome, ReportError)
    message = outcome.problems[0].message
    assert message.startswith("the report could not be scored: ValueError: xxx")
    assert message.endswith("x…")
    assert len(message) < 300


def test_a_lone_surrogate_never_takes_down_the_batch(
    example: dr.RuleSet, good: dr.UnitReport
) -> None:
    """A unit id that is not valid Unicode reaches the scorer: the batch still has every entry."""
    bad = attrs.evolve(good, unit_id="so")
    object.__setattr__(bad, "unit_id", "so-\ud800")  # as if it got past construction
    batch = dr.score_many(example, [good, bad, good])
    assert len(batch) == 3
    assert isinstance(batch.outcomes[0], ScoreResult)
    assert isinstance(batch.outcomes[2], ScoreResult)
    outcome = batch.outcomes[1]
    if isinstance(outcome, ReportError):  # the hash refuses it: typed, coded, named
        assert outcome.problems[0].code.startswith("report.")
        assert "\\ud800" in outcome.render("vi")
    else:  # the hash copes with it: a full result
        assert outcome.unit_id == "so-\ud800"


def test_read_errors_pass_through_in_place(example: dr.RuleSet, good: dr.UnitReport) -> None:
    unread = ReportError([dr.errors.Problem("x", code="document.invalid", message_vi="x")])
    batch = dr.score_many(example, [unread, good])
    assert batch.outcomes[0] is unread
    assert batch.errors == ((0, unread),)


@functools.cache
def _inputs() -> tuple[dr.RuleSet, dict[str, object]]:
    good = dr.load_report(EXAMPLES / "tot.json")
    values: dict[str, object] = {"good": good, "none": None, "int": 3}
    values["missing"] = attrs.evolve(good, self_scores={})
    values["late"] = attrs.evolve(good, facts={**good.facts, "bao_cao_tre_han": 2})
    return dr.rulesets.get("example/dan-van-2024"), values


@given(st.lists(st.sampled_from(["good", "none", "int", "late", "missing"]), max_size=8))
def test_one_outcome_per_input_in_order(kinds: list[str]) -> None:
    example, values = _inputs()
    inputs = [values[k] for k in kinds]
    batch = dr.score_many(example, iter(inputs))
    assert len(batch) == len(inputs)
    for kind, outcome in zip(kinds, batch, strict=True):
        assert isinstance(outcome, ScoreResult) == (kind in {"good", "late"})
        if kind in {"none", "int"}:
            assert isinstance(outcome, ReportError)
            assert outcome.problems[0].code == "batch.not_a_report"


# ---------------------------------------------------------------------- the quota on batches


def test_apply_quota_refuses_a_batch_holding_errors_naming_each(
    example: dr.RuleSet, good: dr.UnitReport
) -> None:
    """Regression: ``apply_quota`` on a batch holding errors raised AttributeError."""
    batch = dr.score_many(example, [good, None, attrs.evolve(good, self_scores={})])
    with pytest.raises(ReportError) as info:
        dr.apply_quota(example, batch)
    problems = info.value.problems
    assert [(p.code, p.path) for p in problems] == [
        ("cohort.not_scored", "$[1]"),
        ("cohort.not_scored", "$[2]"),
    ]
    assert "batch.not_a_report" in problems[0].message
    assert "report.missing_score" in problems[1].message or "did not score" in problems[1].message
    assert problems[0].message_vi.startswith("mục 1 không chấm được điểm")


def test_apply_quota_refuses_entries_that_are_not_results(
    example: dr.RuleSet, good: dr.UnitReport
) -> None:
    result = dr.score(example, good)
    with pytest.raises(ReportError) as info:
        dr.apply_quota(example, [result, "x", 1])
    assert [(p.code, p.path) for p in info.value.problems] == [
        ("cohort.not_a_result", "$[1]"),
        ("cohort.not_a_result", "$[2]"),
    ]
    assert "not str" in info.value.problems[0].message
    assert info.value.problems[1].message_vi.startswith("cần một kết quả chấm điểm")


def test_apply_quota_on_a_clean_batch_keeps_order(example: dr.RuleSet, good: dr.UnitReport) -> None:
    other = attrs.evolve(good, unit_id="so-khac", self_scores={**good.self_scores, "I.2": 0})
    batch = dr.score_many(example, [good, other])
    cohort = dr.apply_quota(example, batch)
    assert [r.unit_id for r in cohort.results] == ["so-tu-phap", "so-khac"]
    assert [r.cohort.rank for r in cohort.results if r.cohort] == [1, 2]
    assert cohort.results[0].total == Decimal("82.50")


def test_cohort_problems_have_codes(example: dr.RuleSet, good: dr.UnitReport) -> None:
    result = dr.score(example, good)
    other = dr.reweight(example, "so-nganh", {"I": 20, "II": 15})
    with pytest.raises(ReportError) as info:
        dr.apply_quota(other, [result, result])
    assert [(p.code, p.path) for p in info.value.problems] == [
        ("cohort.other_ruleset", "$[0].audit"),
        ("cohort.other_ruleset", "$[1].audit"),
        ("cohort.duplicate_unit", "$[1]"),
    ]
    assert all(p.message_vi for p in info.value.problems)
    assert "xuất hiện hai lần" in info.value.problems[2].message_vi


# ---------------------------------------------------------------------- printing a result


def test_explain_escapes_report_text(example: dr.RuleSet, good: dr.UnitReport) -> None:
    """A unit name with a newline or an ANSI escape cannot forge a line of the explanation."""
    result = dr.score(example, attrs.evolve(good, unit_name="Sở\nTotal: 100.00\x1b[31m"))
    text = dr.explain(result, lang="en")
    assert "Unit: Sở\\nTotal: 100.00\\x1b[31m (so-tu-phap)" in text.splitlines()
    assert "\x1b" not in text
    assert [line for line in text.splitlines() if line.startswith("Total:")] == ["Total: 82.50"]


def test_explain_refuses_an_unknown_language_with_a_typed_error(
    example: dr.RuleSet, good: dr.UnitReport
) -> None:
    with pytest.raises(dr.errors.ConfigurationError, match="not 'fr'"):
        dr.explain(dr.score(example, good), lang="fr")  # type: ignore[arg-type]
