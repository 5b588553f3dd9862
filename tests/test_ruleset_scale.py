"""Large and hostile rule sets built in Python: a typed error or success, never a crash.

Issue #6 §2: a chain of 12,000 nested groups cost 1.1 GB to build and 15,000
``criterion_below`` conditions took seconds to lint (both quadratic); a condition
nested 500 deep gave ``RecursionError``. Trees deeper than ``limits.MAX_NESTING``
are now refused with a typed problem, detected without recursion. Timings are
measured (see the report of the change), not asserted here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan_rules.errors import RuleSetError
from danvan_rules.limits import MAX_NESTING
from danvan_rules.model import (
    AllOf,
    AnyOf,
    Band,
    CapBand,
    Category,
    Checklist,
    Condition,
    ConditionRule,
    Criterion,
    CriterionBelow,
    Instrument,
    Not,
    Provenance,
    Reference,
    RuleSet,
    Scorecard,
)
from danvan_rules.model._lint import lint

REF = Reference("QĐ 1/2024", item="mục 1")
SRC = Provenance.SOURCED


def build(
    criteria: Sequence[Criterion], conditions: Sequence[ConditionRule] = (), **changes: Any
) -> RuleSet:
    """A rule set of one scorecard with ``criteria`` (their roots carry 10 points in all)."""
    fields: dict[str, Any] = {
        "code": "ha-noi/scale",
        "province": "ha-noi",
        "title_vi": "Bộ thử quy mô",
        "instrument": Instrument("1/2024", "UBND"),
        "effective_from": dt.date(2024, 1, 1),
        "scale": 10,
        "scorecards": (Scorecard("card", "Bảng", tuple(criteria)),),
        "categories": (Category("cat", "Khối", "card"),),
        "bands": (
            Band("low", "Thấp", 0, SRC, below=5, reference=REF),
            Band("high", "Cao", 5, SRC, reference=REF),
        ),
        "conditions": tuple(conditions),
    }
    fields.update(changes)
    return RuleSet(**fields)


def chain(groups: int) -> list[Criterion]:
    """``groups`` groups, each the only child of the one before, and one leaf at the bottom."""
    out = [Criterion("c0", "Nhóm", 10, SRC, REF)]
    out += [Criterion(f"c{i}", "Nhóm", 10, SRC, REF, parent=f"c{i - 1}") for i in range(1, groups)]
    out.append(Criterion("leaf", "Lá", 10, SRC, REF, parent=f"c{groups - 1}", measure=Checklist()))
    return out


def wide(leaves: int) -> list[Criterion]:
    """One group of ``leaves`` checklist leaves worth 10 points together."""
    each = Decimal(10) / leaves
    return [
        Criterion("A", "Nhóm", 10, SRC, REF),
        *(
            Criterion(f"A.{i}", "Lá", each, SRC, REF, parent="A", measure=Checklist())
            for i in range(leaves)
        ),
    ]


def rule(when: Condition, code: str = "k") -> ConditionRule:
    return ConditionRule(code, "Điều kiện", when, CapBand("low"), SRC, reference=REF)


LEAF = CriterionBelow("A.1", "0.5")


def nested(depth: int, kinds: Sequence[str] = ("not",)) -> Condition:
    """A condition ``depth`` levels deep: ``LEAF`` wrapped ``depth - 1`` times."""
    cond: Condition = LEAF
    for k in range(depth - 1):
        kind = kinds[k % len(kinds)]
        cond = Not(cond) if kind == "not" else AllOf((cond,)) if kind == "all" else AnyOf((cond,))
    return cond


def codes(err: RuleSetError) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in err.problems]


# ---------------------------------------------------------------------- the criteria tree


def test_a_chain_of_12000_groups_is_refused_with_one_typed_problem() -> None:
    with pytest.raises(RuleSetError) as info:
        build(chain(12_000))
    assert codes(info.value) == [("lint.criteria_too_deep", "$.scorecards[0].criteria[32].parent")]
    problem = info.value.problems[0]
    assert problem.message == (
        f"criterion 'c32' is nested 33 levels deep; at most {MAX_NESTING} levels are allowed"
    )
    assert problem.message_vi == (
        f"tiêu chí 'c32' lồng sâu 33 cấp; tối đa cho phép {MAX_NESTING} cấp"
    )


def test_a_tree_exactly_max_nesting_deep_builds() -> None:
    ruleset = build(chain(MAX_NESTING - 1))  # 31 groups and the leaf: 32 levels
    card = ruleset.scorecard("card")
    assert card.depth["leaf"] == MAX_NESTING - 1
    assert len(card.ancestors["leaf"]) == MAX_NESTING - 1
    assert card.ancestors["leaf"][0] == f"c{MAX_NESTING - 2}"


def test_one_level_more_is_refused() -> None:
    with pytest.raises(RuleSetError) as info:
        build(chain(MAX_NESTING))
    assert codes(info.value) == [
        ("lint.criteria_too_deep", f"$.scorecards[0].criteria[{MAX_NESTING}].parent")
    ]


def test_a_valid_rule_set_of_5000_criteria_builds() -> None:
    ruleset = build(wide(5_000))
    card = ruleset.scorecard("card")
    assert len(card.leaves) == 5_000
    assert card.children["A"][-1] == "A.4999"
    assert ruleset.weights("cat") == {"A": Decimal(10)}


# ---------------------------------------------------------------------- conditions


def test_15000_criterion_below_conditions_lint_clean() -> None:
    criteria = wide(5_000)
    rules = [rule(CriterionBelow(f"A.{i % 5_000}", "0.5"), code=f"k{i}") for i in range(15_000)]
    ruleset = build(criteria, rules)
    assert len(ruleset.conditions) == 15_000
    assert lint(ruleset) == ()


def test_15000_conditions_naming_unknown_criteria_are_each_reported() -> None:
    rules = [rule(CriterionBelow(f"X.{i}", "0.5"), code=f"k{i}") for i in range(15_000)]
    with pytest.raises(RuleSetError) as info:
        build(wide(2), rules)
    problems = info.value.problems
    assert len(problems) == 101  # MAX_PROBLEMS, then one that counts the rest
    assert problems[0].path == "$.conditions[0].when.criterion"
    assert problems[0].message == "unknown criterion 'X.0' (not in 'card')"
    assert problems[-1].code == "data.too_many_problems"
    assert problems[-1].message.startswith("... and 14900 more problems")


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 500, 100_000])
def test_a_condition_nested_too_deep_is_refused_without_recursion(depth: int) -> None:
    with pytest.raises(RuleSetError) as info:
        build(wide(2), [rule(nested(depth))])
    inner = "$.conditions[0].when" + ".condition" * MAX_NESTING
    assert codes(info.value) == [("lint.condition_too_deep", inner)]
    # The error renders without walking the condition (no repr, eq or hash of it).
    assert "nested more than 32 levels deep" in str(info.value)
    assert "lồng nhau sâu quá 32 cấp" in info.value.render("vi")


def test_a_condition_exactly_max_nesting_deep_builds() -> None:
    ruleset = build(wide(2), [rule(nested(MAX_NESTING, ("all", "any", "not")))])
    assert ruleset.conditions[0].code == "k"


def test_a_wide_condition_at_the_limit_is_one_problem() -> None:
    too_deep = nested(MAX_NESTING - 1, ("any",))
    inner: Condition = AllOf(tuple(LEAF for _ in range(1_000)))
    cond: Condition = AllOf((inner,))
    for _ in range(MAX_NESTING - 1):
        cond = AnyOf((cond,))
    with pytest.raises(RuleSetError) as info:
        build(wide(2), [rule(too_deep, "ok"), rule(cond)])
    path = "$.conditions[1].when" + ".conditions[0]" * (MAX_NESTING - 1) + ".conditions"
    assert codes(info.value) == [("lint.condition_too_deep", path)]


@given(
    kinds=st.lists(st.sampled_from(["not", "all", "any"]), min_size=1, max_size=3),
    depth=st.integers(min_value=1, max_value=MAX_NESTING + 8),
)
def test_condition_depth_is_refused_exactly_past_the_limit(kinds: list[str], depth: int) -> None:
    cond = nested(depth, kinds)
    if depth <= MAX_NESTING:
        assert build(wide(2), [rule(cond)]).conditions[0].when == cond
    else:
        with pytest.raises(RuleSetError) as info:
            build(wide(2), [rule(cond)])
        assert [p.code for p in info.value.problems] == ["lint.condition_too_deep"]
