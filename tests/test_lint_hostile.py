"""The linter against hostile and careless rule sets (issue #6 §1, §2, §6).

Each example of the issue is a regression test here: the caller's decimal
context, levels that cannot be answered or are ambiguous, names in another
Unicode form, points that fall as performance rises, lone surrogates and
over-long text, unknown provinces; and every lint problem has a stable code and
a Vietnamese message.
"""

from __future__ import annotations

import copy
import decimal
import re
import unicodedata
from decimal import Decimal
from typing import Any, Literal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules import rulesets
from danvan_rules.errors import Problem, RuleSetError
from danvan_rules.limits import MAX_LIST_LENGTH, MAX_NESTING, MAX_PROBLEMS, MAX_STRING_LENGTH
from danvan_rules.model import (
    AllOf,
    Band,
    Bonus,
    CapBand,
    Category,
    Checklist,
    Condition,
    ConditionRule,
    CountAtLeast,
    Criterion,
    CriterionBelow,
    Deduction,
    Fact,
    Flag,
    Level,
    Levels,
    Measure,
    Not,
    PercentDeduction,
    Points,
    Rate,
    RateTable,
    Reference,
    RuleSet,
    Scorecard,
    Weight,
)
from danvan_rules.model._lint import lint, province_problems
from tests.test_lint import ALL_CASES, BROKEN, REF, SRC, edit, python_ruleset, read_toml

CODE = re.compile(r"[a-z]+\.[a-z0-9_]+")


def problems_of(**changes: Any) -> list[tuple[str, str]]:
    """(code, path) of every problem of ``python_ruleset(**changes)``; [] when it builds."""
    try:
        python_ruleset(**changes)
    except RuleSetError as exc:
        return [(p.code, p.path) for p in exc.problems]
    return []


def card(*criteria: Criterion) -> tuple[Scorecard, ...]:
    return (Scorecard("card", "Bảng", (Criterion("A", "Nhóm", 10, SRC, REF), *criteria)),)


def leaf(measure: Measure, code: str = "A.1", max_: int = 10) -> Criterion:
    return Criterion(code, "Lá", max_, SRC, REF, parent="A", measure=measure)


# ---------------------------------------------------------------------- §1 decimal context


THIRDS = (
    Weight("A", Decimal("33.33"), SRC),
    Weight("B", Decimal("33.33"), SRC),
    Weight("C", Decimal("33.33"), SRC),
)


def three_roots(weights: tuple[Weight, ...]) -> dict[str, Any]:
    roots = [Criterion(c, "Nhóm", 10, SRC, REF) for c in "ABC"]
    leaves = [leaf(Checklist(), f"{c}.1") for c in "ABC"]
    leaves = [attrs.evolve(x, parent=c) for x, c in zip(leaves, "ABC", strict=True)]
    return {
        "scale": 100,
        "scorecards": (Scorecard("card", "Bảng", (*roots, *leaves)),),
        "categories": (Category("cat", "Khối", "card", weights=weights),),
        "bands": (
            Band("low", "Thấp", 0, SRC, below=50, reference=REF),
            Band("high", "Cao", 50, SRC, reference=REF),
        ),
    }


def test_weights_summing_to_9999_are_refused_under_a_callers_prec_3() -> None:
    with decimal.localcontext(prec=3), pytest.raises(RuleSetError) as info:
        python_ruleset(**three_roots(THIRDS))
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == ("lint.weights_sum", "$.categories[0].weights")
    assert "carry 99.99 points in all, but the scale is 100" in problem.message
    assert "tổng cộng 99.99 điểm, nhưng thang điểm là 100" in problem.message_vi


def test_exact_weights_pass_under_a_callers_prec_3() -> None:
    weights = (*THIRDS[:2], Weight("C", Decimal("33.34"), SRC))
    with decimal.localcontext(prec=3):
        ruleset = python_ruleset(**three_roots(weights))
    assert ruleset.weights("cat")["C"] == Decimal("33.34")


def test_a_fine_step_is_checked_exactly_under_a_callers_prec_2() -> None:
    big = [Criterion("A", "Nhóm", 1_000_000, SRC, REF)]
    fine = leaf(Points(step=Decimal("0.001")), max_=1_000_000)
    coarse = leaf(Points(step=Decimal("0.3")), max_=1_000_000)
    common = {"scale": 1_000_000, "categories": (Category("cat", "Khối", "card"),)}
    with decimal.localcontext(prec=2):
        good = lint(python_ruleset(scorecards=(Scorecard("card", "B", (*big, fine)),), **common))
        with pytest.raises(RuleSetError) as info:
            python_ruleset(scorecards=(Scorecard("card", "B", (*big, coarse)),), **common)
    assert good == ()
    assert [(p.code, p.path) for p in info.value.problems] == [
        ("lint.max_not_multiple_of_step", "$.scorecards[0].criteria[1].measure.step")
    ]


@given(
    prec=st.integers(min_value=1, max_value=28),
    rounding=st.sampled_from([decimal.ROUND_DOWN, decimal.ROUND_UP, decimal.ROUND_HALF_EVEN]),
)
def test_lint_does_not_depend_on_the_callers_context(prec: int, rounding: str) -> None:
    example = rulesets.get("example/dan-van-2024")
    data = read_toml(BROKEN)
    expected = dr.check_ruleset(data)
    with decimal.localcontext(prec=prec, rounding=rounding):
        assert lint(example) == ()
        assert dr.check_ruleset(data) == expected


# ---------------------------------------------------------------------- §2 levels


def levels(*items: tuple[str, int] | tuple[str, int, str]) -> tuple[Scorecard, ...]:
    built = tuple(Level(item[0], item[1], *item[2:]) for item in items)
    return card(leaf(Levels(built)))


LEVELS_PATH = "$.scorecards[0].criteria[1].measure.levels"


@pytest.mark.parametrize("name", ["5", "3", " 4.5 ", "5,5", "٥", "５", "-1", "1e2", ".5"])
def test_a_level_named_by_a_number_is_a_problem(name: str) -> None:
    found = problems_of(scorecards=levels(("Tốt", 10), (name, 0)))
    assert found == [("lint.level_name_numeric", f"{LEVELS_PATH}[1].name")]


def test_a_numeric_english_name_is_a_problem_too() -> None:
    found = problems_of(scorecards=levels(("Tốt", 10, "5"), ("Kém", 0, "Poor")))
    assert found == [("lint.level_name_numeric", f"{LEVELS_PATH}[0].name_en")]


def test_the_numeric_name_message_says_why_in_both_languages() -> None:
    with pytest.raises(RuleSetError) as info:
        python_ruleset(scorecards=levels(("5", 10), ("Chưa đạt", 0)))
    (problem,) = info.value.problems
    assert problem.message.startswith("level name '5' looks like a number")
    assert problem.message_vi.startswith("tên mức '5' trông giống một con số")


@pytest.mark.parametrize("name", ["Mức 5", "5 sao", "Loại A", "Tốt"])
def test_names_with_words_are_fine(name: str) -> None:
    assert problems_of(scorecards=levels((name, 10), ("Chưa đạt", 0))) == []


def test_a_name_en_equal_to_another_levels_name_is_ambiguous() -> None:
    found = problems_of(scorecards=levels(("Tốt", 10, "Khá"), ("Khá", 5, "Fair"), ("Kém", 0)))
    assert found == [("lint.level_name_ambiguous", f"{LEVELS_PATH}[1].name")]
    with pytest.raises(RuleSetError) as info:
        python_ruleset(scorecards=levels(("Tốt", 10, "Khá"), ("Khá", 5), ("Kém", 0)))
    assert info.value.problems[0].message == (
        "'Khá' names two levels ('Tốt' and 'Khá'): an answer 'Khá' would be ambiguous"
    )


def test_two_equal_english_names_are_ambiguous() -> None:
    found = problems_of(scorecards=levels(("Tốt", 10, "Good"), ("Khá", 5, "Good"), ("Kém", 0)))
    assert found == [("lint.level_name_ambiguous", f"{LEVELS_PATH}[1].name_en")]


def test_a_level_may_share_its_own_two_names() -> None:
    assert problems_of(scorecards=levels(("OK", 10, "OK"), ("Kém", 0))) == []


def test_names_equal_after_nfc_are_duplicates() -> None:
    decomposed = unicodedata.normalize("NFD", "Khá")
    assert decomposed != "Khá"
    found = problems_of(scorecards=levels(("Tốt", 10), ("Khá", 5), (decomposed, 0)))
    assert found == [("lint.duplicate", LEVELS_PATH)]


# ---------------------------------------------------------------------- §3 NFC names


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_names_of_the_model_are_kept_in_nfc() -> None:
    level = Level(nfd("Khá"), 3, nfd("Khá (en)"))
    assert (level.name, level.name_en) == ("Khá", "Khá (en)")
    crit = Criterion(nfd("Ý.1"), "Lá", 1, SRC, parent=nfd("Ý"))
    assert (crit.code, crit.parent) == ("Ý.1", "Ý")
    assert Category(nfd("khối-ủy"), "Khối", "card").code == "khối-ủy"
    assert Fact(nfd("kỷ_luật"), "flag", "Kỷ luật").name == "kỷ_luật"
    assert Bonus(nfd("thưởng"), "Thưởng", 1, SRC).code == "thưởng"
    assert Flag(nfd("kỷ_luật")).fact == "kỷ_luật"
    assert CountAtLeast(nfd("vụ_việc"), 1).fact == "vụ_việc"
    assert CriterionBelow(nfd("Ý.1"), "0.5").criterion == "Ý.1"
    assert Weight(nfd("Ý"), 1, SRC).criterion == "Ý"
    assert Deduction("d", "Trừ", nfd("vụ_việc"), 1, SRC).fact == "vụ_việc"
    percent = PercentDeduction("p", "Trừ", nfd("vụ_việc"), nfd("Ý"), 10, SRC)
    assert (percent.fact, percent.criterion) == ("vụ_việc", "Ý")


def test_nfd_and_nfc_spellings_of_one_name_refer_to_each_other() -> None:
    ruleset = python_ruleset(
        scorecards=(
            Scorecard(
                "card",
                "Bảng",
                (
                    Criterion("Ý", "Nhóm", 10, SRC, REF),
                    Criterion(nfd("Ý.1"), "Lá", 10, SRC, REF, parent=nfd("Ý"), measure=Checklist()),
                ),
            ),
        ),
        categories=(Category("cat", "Khối", "card", weights=(Weight(nfd("Ý"), 10, SRC),)),),
        facts=(Fact("kỷ_luật", "flag", "Kỷ luật"),),
        conditions=(
            ConditionRule(
                "c", "Điều kiện", Flag(nfd("kỷ_luật")), CapBand("low"), SRC, reference=REF
            ),
        ),
    )
    assert ruleset.scorecard("card").children["Ý"] == ("Ý.1",)
    assert ruleset.fact_names == frozenset({"kỷ_luật"})


def test_the_nfc_converter_leaves_other_values_alone() -> None:
    from danvan_rules.model._text import nfc, optional_nfc

    number: Any = 7
    assert nfc(number) is number
    assert optional_nfc(None) is None
    assert optional_nfc(nfd("Ý")) == "Ý"


# ---------------------------------------------------------------------- §6 falling points


def test_levels_whose_points_rise_down_the_list_are_a_problem() -> None:
    found = problems_of(scorecards=levels(("Kém", 0), ("Khá", 5), ("Tốt", 10)))
    assert found == [
        ("lint.levels_not_descending", f"{LEVELS_PATH}[1].points"),
        ("lint.levels_not_descending", f"{LEVELS_PATH}[2].points"),
    ]


def test_levels_of_equal_points_are_fine() -> None:
    assert problems_of(scorecards=levels(("Tốt", 10), ("Rất tốt", 10), ("Kém", 0))) == []


RATES_PATH = "$.scorecards[0].criteria[1].measure.rates"


Unit = Literal["percent", "count"]


def rates(*rows: tuple[int, int], unit: Unit = "percent") -> tuple[Scorecard, ...]:
    return card(leaf(RateTable(unit, tuple(Rate(a, p) for a, p in rows))))


@pytest.mark.parametrize("unit", ["percent", "count"])
def test_a_rate_row_with_fewer_points_than_the_row_before_is_a_problem(unit: Unit) -> None:
    found = problems_of(scorecards=rates((0, 0), (50, 10), (90, 4), unit=unit))
    assert found == [("lint.rates_falling", f"{RATES_PATH}[2].points")]
    with pytest.raises(RuleSetError) as info:
        python_ruleset(scorecards=rates((0, 0), (50, 10), (90, 4), unit=unit))
    assert info.value.problems[0].message == (
        "the row from 90 gives 4 points, fewer than the row before it (10): points must not "
        "fall as the value rises"
    )


def test_rate_rows_of_equal_points_are_fine() -> None:
    assert problems_of(scorecards=rates((0, 0), (50, 10), (90, 10))) == []


def test_rows_out_of_order_are_not_also_called_falling() -> None:
    found = problems_of(scorecards=rates((0, 0), (90, 10), (50, 4)))
    assert found == [("lint.rates_not_ascending", f"{RATES_PATH}[2].at_least")]


# ---------------------------------------------------------------------- §2 text


SURROGATE = "\ud800"


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"title_vi": f"Bộ {SURROGATE}"}, "$.title_vi"),
        ({"notes": SURROGATE}, "$.notes"),
        ({"assumed": ("scale", SURROGATE)}, "$.assumed[1]"),
        ({"modifications": (SURROGATE,)}, "$.modifications[0]"),
        ({"title_en": "x\udfff"}, "$.title_en"),
    ],
)
def test_a_lone_surrogate_is_a_problem_at_its_path(changes: dict[str, Any], path: str) -> None:
    found = problems_of(**changes)
    assert ("text.invalid_unicode", path) in found


def test_surrogates_deep_in_the_rule_set_are_found() -> None:
    ruleset = python_ruleset()
    criteria = ruleset.scorecards[0].criteria
    bad_ref = Reference("QĐ", note=f"ghi chú {SURROGATE}")
    bad = (
        criteria[0],
        attrs.evolve(
            criteria[1], reference=bad_ref, measure=Levels((Level("Đạt", 10, "o\udc00k"),))
        ),
    )
    cond: Condition = Flag("f")
    for _ in range(MAX_NESTING - 1):
        cond = AllOf((cond,))
    cond = AllOf((cond,))  # one level too deep: refused, its text not walked
    deep: Condition = Flag(f"f{SURROGATE}")
    for _ in range(MAX_NESTING - 1):
        deep = Not(deep)
    with pytest.raises(RuleSetError) as info:
        python_ruleset(
            instrument=attrs.evolve(ruleset.instrument, number=f"1{SURROGATE}/2024"),
            scorecards=(attrs.evolve(ruleset.scorecards[0], criteria=bad),),
            facts=(Fact("f", "flag", "Cờ"),),
            conditions=(
                ConditionRule("c", "Điều kiện", deep, CapBand("low"), SRC, reference=REF),
                ConditionRule("d", "Điều kiện", cond, CapBand("low"), SRC, reference=REF),
            ),
        )
    text = [p.path for p in info.value.problems if p.code == "text.invalid_unicode"]
    assert text == [
        "$.instrument.number",
        "$.scorecards[0].criteria[1].reference.note",
        "$.scorecards[0].criteria[1].measure.levels[0].name_en",
        "$.conditions[0].when" + ".condition" * (MAX_NESTING - 1) + ".fact",
    ]
    problem = info.value.problems[0]
    assert (
        problem.message
        == "text is not valid Unicode: it holds a lone surrogate (U+D800) at position 1"
    )
    assert "U+D800" in problem.message_vi
    # Rendering the error is safe: the surrogate never reaches the message.
    info.value.render("vi").encode("utf-8")
    assert (
        "lint.condition_too_deep",
        "$.conditions[1].when" + ".conditions[0]" * (MAX_NESTING - 1) + ".conditions",
    ) in [(p.code, p.path) for p in info.value.problems]


@given(st.sampled_from(["title_vi", "title_en", "notes"]), st.text(max_size=5), st.text(max_size=5))
def test_any_text_holding_a_surrogate_is_refused_never_crashes(
    field: str, before: str, after: str
) -> None:
    with pytest.raises(RuleSetError) as info:
        python_ruleset(**{field: before + SURROGATE + after})
    assert ("text.invalid_unicode", f"$.{field}") in [(p.code, p.path) for p in info.value.problems]


def test_text_longer_than_the_limit_is_a_problem() -> None:
    assert problems_of(notes="x" * MAX_STRING_LENGTH) == []
    with pytest.raises(RuleSetError) as info:
        python_ruleset(notes="x" * (MAX_STRING_LENGTH + 1))
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == ("text.too_long", "$.notes")
    assert problem.message == (
        f"text of {MAX_STRING_LENGTH + 1} characters is longer than the limit of "
        f"{MAX_STRING_LENGTH}"
    )


def test_a_list_longer_than_the_limit_is_a_problem_and_not_walked() -> None:
    items = ("x",) * (MAX_LIST_LENGTH + 1)
    with pytest.raises(RuleSetError) as info:
        python_ruleset(modifications=items)
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == ("data.list_too_long", "$.modifications")
    assert f"list of {MAX_LIST_LENGTH + 1} items" in problem.message
    assert problems_of(modifications=("x",) * MAX_LIST_LENGTH) == []


# ---------------------------------------------------------------------- §6 provinces


def with_province(province: str, **changes: Any) -> RuleSet:
    return python_ruleset(code=f"{province}/v1", province=province, **changes)


def refused(province: str, **changes: Any) -> tuple[Problem, ...]:
    """The problems of a rule set that lint refuses at build because of its province."""
    with pytest.raises(RuleSetError) as info:
        with_province(province, **changes)
    return info.value.problems


@pytest.mark.parametrize("province", ["dong-nai", "ha-giang", "ho-chi-minh", "binh-phuoc"])
def test_former_and_current_provinces_are_known(province: str) -> None:
    assert province_problems(with_province(province)) == ()


def test_an_unknown_province_is_a_problem_with_a_hint() -> None:
    (problem,) = refused("dong-na")
    assert (problem.code, problem.path) == ("lint.unknown_province", "$.province")
    assert problem.message.startswith("unknown province code 'dong-na'; did you mean: 'dong-nai'")
    assert problem.message_vi.startswith("mã tỉnh 'dong-na' không phải là mã của tỉnh")
    (far,) = refused("zzz")
    assert "did you mean" not in far.message
    assert "có phải là" not in far.message_vi


def test_illustrative_rule_sets_may_use_any_code() -> None:
    assert province_problems(with_province("vi-du", illustrative=True)) == ()


def test_national_templates_have_the_province_national() -> None:
    assert province_problems(with_province("national", national=True)) == ()
    (wrong,) = refused("dong-nai", national=True)
    (claimed,) = refused("national")
    assert wrong.code == claimed.code == "lint.national_province"
    assert wrong.path == "$.province"


def test_every_built_in_rule_set_names_a_real_province() -> None:
    assert [(rs.code, province_problems(rs)) for rs in rulesets.load_all()] == [
        (rs.code, ()) for rs in rulesets.load_all()
    ]


# ---------------------------------------------------------------------- codes, messages, bounds


def test_every_lint_problem_of_the_broken_example_has_a_code_and_vietnamese() -> None:
    problems = dr.check_ruleset(read_toml(BROKEN))
    assert len(problems) > 50
    for problem in problems:
        assert CODE.fullmatch(problem.code), problem
        assert problem.code != "data.invalid", problem
        assert problem.message_vi, problem
        assert problem.message_vi != problem.message, problem


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_every_focused_case_has_codes_and_vietnamese(
    small_ruleset_data: dict[str, Any], name: str
) -> None:
    changes, expected = ALL_CASES[name]
    data = copy.deepcopy(small_ruleset_data)
    for path, value in changes.items():
        edit(data, path, value)
    problems = dr.check_ruleset(data)
    assert len(problems) == len(expected)
    for problem in problems:
        if problem.code.startswith("lint."):
            assert problem.message_vi, problem
            assert problem.message_vi != problem.message, problem


def test_problems_past_the_limit_are_counted() -> None:
    bands = (
        *(Band(f"b{i}", "", i, SRC, below=i + 1, reference=REF) for i in range(MAX_PROBLEMS)),
        Band("top", "Cao", MAX_PROBLEMS, SRC, reference=REF),
    )
    with pytest.raises(RuleSetError) as info:
        python_ruleset(scale=MAX_PROBLEMS, bands=bands)
    problems = info.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].code == "data.too_many_problems"
    assert problems[-1].message.startswith("... and 1 more problems")


def test_long_lists_of_declared_names_are_cut_in_messages() -> None:
    facts = tuple(Fact(f"f{i:02}", "flag", "Cờ") for i in range(30))
    rule = ConditionRule("c", "Điều kiện", Flag("zz"), CapBand("low"), SRC, reference=REF)
    with pytest.raises(RuleSetError) as info:
        python_ruleset(facts=facts, conditions=(rule, attrs.evolve(rule, code="d")))
    first, second = info.value.problems
    listed = ", ".join(f"f{i:02}" for i in range(20))
    assert first.message == f"unknown fact 'zz' (facts: {listed}, … and 10 more)"
    assert first.message_vi == f"không có dữ kiện 'zz' (các dữ kiện: {listed}, … và 10 tên khác)"
    assert second.message == first.message


def test_a_fact_of_the_wrong_kind_is_named_in_vietnamese() -> None:
    rule = ConditionRule("c", "Điều kiện", Flag("n"), CapBand("low"), SRC, reference=REF)
    with pytest.raises(RuleSetError) as info:
        python_ruleset(facts=(Fact("n", "count", "Số vụ"),), conditions=(rule,))
    (problem,) = info.value.problems
    assert problem.code == "lint.fact_kind"
    assert problem.message_vi == "dữ kiện 'n' là số đếm, nhưng ở đây cần cờ (có/không)"


@given(st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=8))
def test_falling_rows_are_exactly_those_below_the_row_before(points: list[int]) -> None:
    rows = [(10 * k, p) for k, p in enumerate(points)]
    found = {
        path
        for code, path in problems_of(scorecards=rates(*rows))
        if code != "lint.max_unreachable"
    }
    assert found == {
        f"{RATES_PATH}[{k}].points" for k in range(1, len(points)) if points[k] < points[k - 1]
    }


@given(st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=8))
def test_rising_levels_are_exactly_those_above_the_level_before(points: list[int]) -> None:
    named = [(f"Mức {chr(65 + k)}", p) for k, p in enumerate(points)]
    found = {
        path
        for code, path in problems_of(scorecards=levels(*named))
        if code != "lint.max_unreachable"
    }
    assert found == {
        f"{LEVELS_PATH}[{k}].points" for k in range(1, len(points)) if points[k] > points[k - 1]
    }
