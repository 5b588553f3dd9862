"""Reweighting: a new, validated, visibly modified rule set."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules.model import Provenance, Weight

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
    bad: dict[str, Any] = {"IX": 1, "I.1": 2, "II": -1, "III": float("nan"), "IV": "x"}
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
    codes = [p.code for p in info.value.problems]
    assert codes[:3] == [
        "reweight.unknown_criterion",
        "reweight.unknown_criterion",
        "reweight.negative_weight",
    ]
    assert all(code.startswith("number.") for code in codes[3:]), codes
    assert all(p.message_vi for p in info.value.problems)
    assert "trọng số không được âm" in info.value.problems[2].message_vi


def test_weight_paths_escape_quotes(example: dr.RuleSet) -> None:
    """A criterion code with a quote gives a path that still parses (key_path escapes)."""
    with pytest.raises(dr.RuleSetError) as info:
        dr.reweight(example, "so-nganh", {'I"x': 1})
    assert info.value.problems[0].path == '$.weights["I\\"x"]'


def test_unknown_category(example: dr.RuleSet) -> None:
    with pytest.raises(dr.RuleSetError, match="unknown category 'ubnd-huyen'") as info:
        dr.reweight(example, "ubnd-huyen", {})
    problem = info.value.problems[0]
    assert (problem.code, problem.path) == ("reweight.unknown_category", "$.categories")
    assert "so-nganh, ubnd-xa" in problem.message
    assert problem.message_vi.startswith("không có khối 'ubnd-huyen'")


def test_normalize_all_zero(example: dr.RuleSet) -> None:
    zeros = dict.fromkeys(example.weights("so-nganh"), 0)
    with pytest.raises(dr.RuleSetError, match="all 0") as info:
        dr.reweight(example, "so-nganh", zeros, normalize=True)
    assert info.value.problems[0].code == "reweight.all_zero"
    assert info.value.problems[0].message_vi == "không thể chuẩn hóa các trọng số đều bằng 0"


def test_normalize_ignores_the_callers_decimal_context(example: dr.RuleSet) -> None:
    """Regression (#6 §1): a caller's ``prec=3`` changed (or refused) a normalisation."""
    weights = {"I": 1234, "II": 5678}  # with the others: 6977 in all, 4 digits
    want = dr.reweight(example, "so-nganh", weights, normalize=True)
    with decimal.localcontext(prec=3):
        got = dr.reweight(example, "so-nganh", weights, normalize=True)
    assert got.weights("so-nganh") == want.weights("so-nganh")
    assert want.weights("so-nganh")["I"] == Decimal("17.6867")  # 1234 × 100 / 6977
    assert sum(want.weights("so-nganh").values(), Decimal(0)) == 100


def test_normalize_gives_the_remainder_to_the_largest_losses(example: dr.RuleSet) -> None:
    weights = dict.fromkeys(("I", "II", "III", "IV", "V", "VI", "VII"), 1)
    got = dr.reweight(example, "so-nganh", weights, normalize=True).weights("so-nganh")
    # 100/7 = 14.2857142…: all lose the same, the one unit left goes to I (criterion order)
    assert list(got.values()) == [Decimal("14.2858"), *[Decimal("14.2857")] * 6]


def test_normalize_keeps_the_places_of_a_finer_scale(example: dr.RuleSet) -> None:
    """A scale with more than 4 places: the weights keep its places and add up to it."""
    card = example.scorecard_for("so-nganh")
    roots = {code: card.by_code[code].max for code in card.roots}
    scale = Decimal("100.000001")
    fine = attrs.evolve(
        example,
        scale=scale,
        categories=tuple(
            attrs.evolve(
                c,
                weights=(
                    *(
                        Weight(code, top, Provenance.ASSUMED)
                        for code, top in roots.items()
                        if code != "I"
                    ),
                    Weight("I", roots["I"] + Decimal("0.000001"), Provenance.ASSUMED),
                ),
            )
            for c in example.categories
        ),
    )
    new = dr.reweight(fine, "so-nganh", {"I": 1, "II": 2}, normalize=True)
    got = new.weights("so-nganh")
    assert sum(got.values(), Decimal(0)) == scale
    assert all(w.as_tuple().exponent == -6 for w in got.values())


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
