"""The public property-test kit: it passes sound rule sets and catches broken scorers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import Phase, given, settings

import danvan_rules as dr
import danvan_rules.testing as kit
import danvan_rules.testing._kit as kit_impl  # where the contract looks its helpers up
from danvan_rules.model import UnitReport


def test_every_available_rule_set_passes_the_contract() -> None:
    for code in dr.rulesets.available():
        kit.check_ruleset(dr.rulesets.get(code), max_examples=30)


@pytest.fixture
def fail_fast() -> Iterator[None]:
    """Failing properties without shrinking: the kit's reporting is under test, not Hypothesis."""
    settings.register_profile(
        "fail-fast", phases=[Phase.explicit, Phase.generate], database=None, deadline=None
    )
    settings.load_profile("fail-fast")
    yield
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.mark.usefixtures("fail_fast")
def test_a_scorer_that_breaks_every_property_is_caught(
    example: dr.RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = dr.score
    calls = {"n": 0}

    def broken(ruleset: dr.RuleSet, report: UnitReport) -> dr.ScoreResult:
        calls["n"] += 1
        result = real(ruleset, report)
        first_key = next(iter(report.self_scores))
        return attrs.evolve(result, total=Decimal(-calls["n"] - len(first_key)))

    monkeypatch.setattr(kit_impl, "score", broken)
    with pytest.raises(AssertionError) as info:
        kit.check_ruleset(example, max_examples=10)
    text = str(info.value)
    assert "totals in bounds" in text
    assert "monotone" in text
    assert "order-free and deterministic" in text
    assert text.startswith("rule set example/dan-van-2024 fails")


@pytest.mark.usefixtures("fail_fast")
def test_round_trip_failures_are_reported(
    example: dr.RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lossy(data: Any) -> dr.RuleSet:
        assert data["code"] == example.code
        return attrs.evolve(example, notes="changed")

    monkeypatch.setattr(kit_impl, "ruleset_from_data", lossy)
    monkeypatch.setattr(
        kit_impl,
        "lint",
        lambda _: (dr.errors.Problem("planted", "$.x", code="test.problem", message_vi="lỗi thử"),),
    )
    with pytest.raises(AssertionError) as info:
        kit.check_ruleset(example, max_examples=5)
    assert "rule-set round trip: AssertionError: rule set → data → rule set changed it" in str(
        info.value
    )
    assert "lint: planted @ $.x" in str(info.value)


@given(kit.reports_for(dr.rulesets.get("example/dan-van-2024"), "ubnd-xa"))
def test_reports_for_one_category(report: UnitReport) -> None:
    assert report.category == "ubnd-xa"
    dr.score(dr.rulesets.get("example/dan-van-2024"), report)


def test_reports_for_unknown_category(example: dr.RuleSet) -> None:
    with pytest.raises(KeyError):
        kit.reports_for(example, "ubnd-huyen")


def test_answers_for_a_group(example: dr.RuleSet) -> None:
    group = example.scorecard_for("so-nganh").by_code["I"]
    with pytest.raises(ValueError, match="criterion I is a group"):
        kit.answers_for(group)


def test_bound_targets(example: dr.RuleSet) -> None:
    assert kit.bound_targets(example) == [
        Decimal(t) for t in ("49.99", "50", "50.01", "69.99", "70", "70.01", "89.99", "90", "90.01")
    ]


def test_report_at_hits_bounds_from_below(example: dr.RuleSet) -> None:
    for target in kit.bound_targets(example):
        total = dr.score(example, kit.report_at(example, "so-nganh", target)).total
        assert target - Decimal("0.25") < total <= target
