"""Evaluation dates, abolished categories, national templates, partial assumptions."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest

import danvan_rules as dr
from danvan_rules.model import Provenance, evaluation_date

from .conftest import EXAMPLES


def data_of(rs: dr.RuleSet) -> dict[str, Any]:
    return json.loads(json.dumps(dr.ruleset_to_data(rs)))  # type: ignore[no-any-return]


def tot(**changes: Any) -> dr.UnitReport:
    return attrs.evolve(dr.load_report(EXAMPLES / "tot.json"), **changes)


def test_the_evaluation_date_is_the_31st_of_december() -> None:
    assert evaluation_date(2024) == dt.date(2024, 12, 31)
    assert tot(year=2025).evaluation_date == dt.date(2025, 12, 31)


def test_an_abolished_category_is_refused_after_its_last_day(example: dr.RuleSet) -> None:
    district = attrs.evolve(example.categories[1], until=dt.date(2025, 6, 30))
    rs = attrs.evolve(example, categories=(example.categories[0], district))
    commune = dr.load_report(EXAMPLES / "tham-dinh.json")
    assert dr.score(rs, commune).band_code == "tot"  # 2024: the category still exists
    with pytest.raises(dr.ReportError) as info:
        dr.score(rs, attrs.evolve(commune, year=2025))
    (problem,) = info.value.problems
    assert problem.path == "$.category"
    assert (
        "no longer exists on the evaluation date 2025-12-31: it ended on 2025-06-30"
        in problem.message
    )


def test_a_category_cannot_end_before_the_rule_set_starts(example: dr.RuleSet) -> None:
    data = data_of(example)
    data["categories"][1]["until"] = "2023-12-31"
    (problem,) = dr.check_ruleset(data)
    assert problem.path == "$.categories[1].until"


def test_national_templates_say_so(example: dr.RuleSet) -> None:
    national = attrs.evolve(example, national=True, province="national", code="national/vi-du")
    result = dr.score(national, tot(province="dong-nai"))
    codes = [w.code for w in result.warnings]
    assert "national-template" in codes
    assert "province-mismatch" not in codes


def test_former_province_rules_are_named(example: dr.RuleSet) -> None:
    result = dr.score(example, tot(province="thai-nguyen", former_province="example"))
    (notice,) = [w for w in result.warnings if w.code == "former-province-rules"]
    assert "'thai-nguyen' has no rule set of its own for 2024" in notice.en


def test_partial_assumptions_are_counted_and_checked(example: dr.RuleSet) -> None:
    assert example.quota is not None
    sourced_quota = attrs.evolve(
        example.quota, provenance=Provenance.SOURCED, assumed=("rounding", "ties")
    )
    rs = attrs.evolve(example, quota=sourced_quota, assumed=("effective_from", "instrument.signed"))
    assert rs.assumed_values == example.assumed_values - 1 + 2 + 2
    data = data_of(rs)
    data["quota"]["assumed"] = ["rounding", "colour"]
    data["assumed"] = ["effective_from", "weather"]
    data["bands"][0]["assumed"] = ["min"]  # the band is assumed as a whole already
    problems = {p.path: p.message for p in dr.check_ruleset(data)}
    assert "'weather' is not a rule-set value that can be assumed" in problems["$.assumed[1]"]
    assert "'colour' is not a field of this element" in problems["$.quota.assumed[1]"]
    assert "the whole element is assumed" in problems["$.bands[0].assumed"]
    assert len(problems) == 3


def test_replaces_names_another_version_of_the_same_province(example: dr.RuleSet) -> None:
    data = data_of(example)
    data["replaces"] = "dong-nai/old"
    (problem,) = dr.check_ruleset(data)
    assert problem.path == "$.replaces"
    data["replaces"] = "example/dan-van-2020"
    assert dr.check_ruleset(data) == ()
