"""Reweighting: a new, validated, visibly modified rule set."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import danvan_rules as dr

from .conftest import EXAMPLES


def test_reweight_changes_scores_and_says_so(example: dr.RuleSet) -> None:
    new = dr.reweight(example, "so-nganh", {"I": 5, "II": 30})
    assert new.weights("so-nganh")["II"] == 30
    assert new.weights("ubnd-xa") == example.weights("ubnd-xa")
    assert new.modifications == (
        "reweighted so-nganh: I=5, II=30, III=20, IV=15, V=10, VI=10, VII=10",
    )
    assert new.sha256 != example.sha256
    report = dr.load_report(EXAMPLES / "tot.json")
    result = dr.score(new, report)
    assert result.line("II").weighted == Decimal("15.5") * 30 / 20
    assert "modified" in {w.code for w in result.warnings}
    assert all(w.provenance.value == "assumed" for w in new.category("so-nganh").weights)


def test_weights_must_add_up_without_normalize(example: dr.RuleSet) -> None:
    with pytest.raises(dr.RuleSetError) as info:
        dr.reweight(example, "so-nganh", {"I": 50})
    assert "weights vs scale" in str(info.value)


def test_every_bad_weight_at_once(example: dr.RuleSet) -> None:
    bad: dict[str, Any] = {"IX": 1, "I.1": 2, "II": -1, "III": 0.5, "IV": "x"}
    with pytest.raises(dr.RuleSetError) as info:
        dr.reweight(example, "so-nganh", bad)
    paths = [p.path for p in info.value.problems]
    assert paths == [
        '$.weights["IX"]',
        '$.weights["I.1"]',
        '$.weights["II"]',
        '$.weights["III"]',
        '$.weights["IV"]',
    ]


def test_unknown_category(example: dr.RuleSet) -> None:
    with pytest.raises(dr.RuleSetError, match="unknown category 'ubnd-huyen'"):
        dr.reweight(example, "ubnd-huyen", {})


def test_normalize_all_zero(example: dr.RuleSet) -> None:
    zeros = dict.fromkeys(example.weights("so-nganh"), 0)
    with pytest.raises(dr.RuleSetError, match="all 0"):
        dr.reweight(example, "so-nganh", zeros, normalize=True)


@given(
    st.dictionaries(
        st.sampled_from(["I", "II", "III", "IV", "V", "VI", "VII"]),
        st.integers(0, 1000),
        min_size=1,
    )
)
def test_normalized_weights_sum_exactly_to_the_scale(weights: dict[str, int]) -> None:
    rs = dr.rulesets.get("example/dan-van-2024")
    merged: dict[str, Decimal] = {
        **rs.weights("so-nganh"),
        **{k: Decimal(v) for k, v in weights.items()},
    }
    total = sum(merged.values(), Decimal(0))
    if total == 0:
        return
    new = dr.reweight(rs, "so-nganh", weights, normalize=True)
    got = new.weights("so-nganh")
    assert sum(got.values(), Decimal(0)) == rs.scale
    for code, value in merged.items():
        assert abs(got[code] - Decimal(value) * rs.scale / total) < Decimal("0.001")
