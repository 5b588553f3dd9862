"""The scorer on the bundled example: published behaviour, every error, every warning."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import danvan_rules as dr
from danvan_rules.model import Bonus, Source, Status, UnitReport

from .conftest import EXAMPLES

# What docs/examples.md states for each example report.
EXPECTED = {
    "xuat-sac.json": ("100.75", "xuat-sac"),
    "tot.json": ("82.50", "tot"),
    "hoan-thanh.json": ("53.60", "hoan-thanh"),
    "khong-hoan-thanh.json": ("23.92", "khong-hoan-thanh"),
    "khong-du-dieu-kien.json": ("73.00", None),
    "tham-dinh.json": ("82.92", "tot"),
    "veto.json": ("81.50", "khong-hoan-thanh"),
}


def load(name: str) -> UnitReport:
    return dr.load_report(EXAMPLES / name)


def valid_report(**changes: object) -> UnitReport:
    return attrs.evolve(load("tot.json"), **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "expected"), sorted(EXPECTED.items()))
def test_example_reports_give_the_documented_band(
    example: dr.RuleSet, name: str, expected: tuple[str, str | None]
) -> None:
    result = dr.score(example, load(name))
    assert (str(result.total), result.band_code) == expected


def test_every_example_is_pinned() -> None:
    names = {p.name for p in Path(EXAMPLES).glob("*.json")}
    assert names - set(EXPECTED) == {"malformed.json", "cohort.json"}


def test_appraisal_replaces_self_points_per_criterion(example: dr.RuleSet) -> None:
    result = dr.score(example, load("tham-dinh.json"))
    line = result.line("II.1")
    assert (line.source, line.self_points, line.appraised_points) == (
        Source.APPRAISED,
        Decimal("9.75"),
        Decimal(7),
    )
    assert result.line("I.1").source is Source.SELF
    assert result.self_total > result.total
    with pytest.raises(KeyError):
        result.line("nope")


def test_ineligible_unit(example: dr.RuleSet) -> None:
    result = dr.score(example, load("khong-du-dieu-kien.json"))
    assert result.status is Status.INELIGIBLE
    assert result.band is None
    assert result.band_by_score.code == "tot"
    assert result.gap is not None
    assert result.gap.blocking == ("moi-thanh-lap",)
    assert result.applied_conditions[0].reference is not None


def test_veto_blocks_and_is_cited(example: dr.RuleSet) -> None:
    result = dr.score(example, load("veto.json"))
    (applied,) = result.applied_conditions
    assert (applied.code, applied.effect, applied.band) == ("ky-luat", "force", "khong-hoan-thanh")
    assert result.gap is not None
    assert result.gap.points_needed == 0
    assert result.gap.blocking == ("ky-luat",)


def test_cap_condition_and_gap_headroom(example: dr.RuleSet) -> None:
    low_democracy = valid_report(self_scores={**load("tot.json").self_scores, "II.1": 0, "II.2": 2})
    result = dr.score(example, low_democracy)
    assert result.band_by_score.code == "tot"
    assert result.band_code == "hoan-thanh"
    assert result.gap is not None
    assert result.gap.blocking == ("dan-chu-yeu",)
    rooms = {h.code: h.available for h in result.gap.headroom}
    assert rooms["II.1"] == 10
    assert list(rooms.values()) == sorted(rooms.values(), reverse=True)


def test_top_band_has_no_gap(example: dr.RuleSet) -> None:
    assert dr.score(example, load("xuat-sac.json")).gap is None


def test_pending_appraisal_is_provisional(example: dr.RuleSet) -> None:
    result = dr.score(example, valid_report(appraised_scores=None))
    assert result.line("VII").source is Source.PENDING
    assert result.line("VII").self_points is None
    assert any(w.code == "pending-appraisal" for w in result.warnings)
    assert result.total == result.self_total


def test_adjustments_cap_and_floor(example: dr.RuleSet) -> None:
    facts = {**load("tot.json").facts, "khieu_nai_dong_nguoi": 9, "bao_cao_tre_han": 30}
    result = dr.score(example, valid_report(bonuses={"dvk-cap-tinh": 8}, facts=facts))
    lines = {a.code: a for a in result.adjustments}
    assert (lines["dvk-cap-tinh"].points, lines["dvk-cap-tinh"].note) == (Decimal(5), "capped at 5")
    assert (lines["khieu-nai-dong-nguoi"].points, lines["khieu-nai-dong-nguoi"].note) == (
        Decimal(-10),
        "capped at 10",
    )
    assert lines["bao-cao-tre-han"].points == -result.line("I").weighted  # type: ignore[operator]
    assert result.total >= 0


def test_total_never_falls_below_zero(example: dr.RuleSet) -> None:
    nothing = {
        "I.1": False, "I.2": 0, "I.3": "Chưa đạt", "II.1": 0, "II.2": 0, "III.1": 0,
        "III.2": 9, "IV.1": 0, "IV.2": 0, "V": 0, "VI.1": False, "VI.2": "Không có",
    }  # fmt: skip
    facts = {**load("tot.json").facts, "khieu_nai_dong_nguoi": 3}
    report = valid_report(self_scores=nothing, facts=facts, bonuses={}, appraised_scores={"VII": 1})
    result = dr.score(example, report)
    (limited,) = [a for a in result.adjustments if a.code == "khieu-nai-dong-nguoi"]
    assert (limited.points, limited.note) == (Decimal(-1), "limited: the total cannot fall below 0")
    assert result.total == 0
    assert str(limited.points) == "-1"
    zero = next(a for a in result.adjustments if a.code == "bao-cao-tre-han")
    assert str(zero.points) == "0"  # never "-0"


def test_every_report_problem_at_once(example: dr.RuleSet) -> None:
    with pytest.raises(dr.ReportError) as info:
        dr.score(example, dr.load_report(EXAMPLES / "malformed.json"))
    err = info.value
    assert err.unit_id == "so-van-hoa"
    assert [p.path for p in err.problems] == [
        '$.facts["moi_thanh_lap"]',
        '$.self_scores["I.2"]',
        '$.self_scores["I.3"]',
        '$.self_scores["III.1"]',
        '$.self_scores["IV.1"]',
        '$.self_scores["VII"]',
        '$.self_scores["IX.1"]',
    ]
    assert "not a multiple of the step 0.5" in err.problems[1].message


@pytest.mark.parametrize(
    ("changes", "path", "fragment"),
    [
        ({"category": "ubnd-huyen"}, "$.category", "unknown category 'ubnd-huyen'"),
        ({"self_scores": {"I.1": True}}, '$.self_scores["I.2"]', "missing score for criterion I.2"),
        ({"appraised_scores": {}}, '$.appraised_scores["VII"]', "missing appraised score"),
        ({"appraised_scores": {"VII": 8, "I": 3}}, '$.appraised_scores["I"]', "is a group"),
        ({"facts": {"ky_luat": 1}}, '$.facts["ky_luat"]', "is a flag"),
        (
            {"facts": {"khieu_nai_dong_nguoi": True}},
            '$.facts["khieu_nai_dong_nguoi"]',
            "is a count",
        ),
        ({"facts": {"mua": True}}, '$.facts["mua"]', "unknown fact 'mua'"),
        ({"bonuses": {"khac": 1}}, '$.bonuses["khac"]', "unknown bonus 'khac'"),
        ({"bonuses": {"dvk-cap-tinh": -1}}, '$.bonuses["dvk-cap-tinh"]', "cannot be negative"),
        ({"bonuses": {"dvk-cap-tinh": "1.5"}}, '$.bonuses["dvk-cap-tinh"]', "whole number"),
    ],
)
def test_report_problems_name_the_path(
    example: dr.RuleSet, changes: dict[str, object], path: str, fragment: str
) -> None:
    with pytest.raises(dr.ReportError) as info:
        dr.score(example, valid_report(**changes))
    assert any(p.path == path and fragment in p.message for p in info.value.problems), info.value


def test_unknown_category_still_reports_other_problems(example: dr.RuleSet) -> None:
    with pytest.raises(dr.ReportError) as info:
        dr.score(example, valid_report(category="x", facts={}))
    assert len(info.value.problems) == 5  # the category and the four missing facts


@pytest.mark.parametrize(
    ("code", "answer", "fragment"),
    [
        ("I.1", Decimal(5), "answer true or false"),
        ("I.2", True, "expects points"),
        ("I.2", "nhiều", "expects points"),
        ("I.2", Decimal("NaN"), "not a finite number"),
        ("I.2", Decimal(-1), "outside 0..5"),
        ("II.2", Decimal("1.5"), "whole number"),
        ("III.1", Decimal(-3), "not a percentage"),
        ("III.2", Decimal(-1), "whole number >= 0"),
        ("I.3", "", "is not a level"),
    ],
)
def test_answers_that_do_not_fit(
    example: dr.RuleSet, code: str, answer: object, fragment: str
) -> None:
    with pytest.raises(dr.ReportError) as info:
        # a Decimal that is not finite is refused when the report is built
        dr.score(example, valid_report(self_scores={**load("tot.json").self_scores, code: answer}))
    (problem,) = info.value.problems
    assert fragment in problem.message
    assert problem.path == f'$.self_scores["{code}"]'


def test_levels_accept_english_names(example: dr.RuleSet) -> None:
    english = valid_report(self_scores={**load("tot.json").self_scores, "I.3": "Fair"})
    assert dr.score(example, english).total == dr.score(example, load("tot.json")).total


def test_direct_points_bonus(example: dr.RuleSet) -> None:
    bonus = example.adjustments[0]
    assert isinstance(bonus, Bonus)
    rs = attrs.evolve(
        example,
        adjustments=(attrs.evolve(bonus, points=None), *example.adjustments[1:]),
        # a bonus of points, not items, cannot be counted from the records
        derived=tuple(d for d in example.derived if d.target != "bonus:dvk-cap-tinh"),
    )
    assert dr.score(rs, valid_report(bonuses={"dvk-cap-tinh": "2.5"})).total == Decimal("84.00")
    with pytest.raises(dr.ReportError, match="above its maximum of 5"):
        dr.score(rs, valid_report(bonuses={"dvk-cap-tinh": 6}))


@pytest.mark.parametrize(
    ("year", "code"),
    [(2023, "outside-effective-period"), (2024, None), (2030, None)],
)
def test_effective_period_warnings(example: dr.RuleSet, year: int, code: str | None) -> None:
    result = dr.score(example, valid_report(year=year))
    codes = {w.code for w in result.warnings}
    assert ("outside-effective-period" in codes) == (code is not None)


def test_partly_effective_and_ended_rule_sets(example: dr.RuleSet) -> None:
    mid = attrs.evolve(
        example, effective_from=dt.date(2024, 3, 1), effective_until=dt.date(2025, 6, 30)
    )

    def warnings(year: int) -> set[str]:
        return {w.code for w in dr.score(mid, valid_report(year=year)).warnings}

    assert "partly-effective" in warnings(2024)  # in force on 31 Dec 2024, from 1 March
    assert "outside-effective-period" in warnings(2025)  # ended before 31 Dec 2025
    assert "outside-effective-period" in warnings(2023)


def test_province_mismatch_and_former_province(example: dr.RuleSet) -> None:
    other = {w.code for w in dr.score(example, valid_report(province="dong-nai")).warnings}
    assert "province-mismatch" in other
    merged = valid_report(province="dong-nai", former_province="example")
    assert "province-mismatch" not in {w.code for w in dr.score(example, merged).warnings}


def test_sourced_rule_set_has_no_assumed_warning(example: dr.RuleSet) -> None:
    data = {**dr.ruleset_to_data(example), "illustrative": False}
    text = json.dumps({**data, "province": "ha-noi", "code": "ha-noi/vi-du"})
    clean = dr.ruleset_from_data(json.loads(text.replace('"assumed"', '"sourced"')))
    result = dr.score(clean, attrs.evolve(load("tot.json"), province="ha-noi"))
    assert clean.assumed_values == 0
    assert not result.warnings


def test_score_many_keeps_every_input_in_order(example: dr.RuleSet) -> None:
    good, bad = load("tot.json"), valid_report(unit_id="bad", category="x")
    unreadable = dr.ReportError(
        [dr.errors.Problem("not valid JSON", code="test.problem", message_vi="lỗi thử")]
    )
    batch = dr.score_many(example, [good, bad, unreadable, good])
    assert len(batch) == 4
    assert [type(o).__name__ for o in batch] == [
        "ScoreResult",
        "ReportError",
        "ReportError",
        "ScoreResult",
    ]
    assert [i for i, _ in batch.errors] == [1, 2]
    assert len(batch.results) == 2
    assert not batch.ok
    assert dr.score_many(example, [good]).ok
