"""score_round: every unit accounted for, every report used or refused, typed errors with paths."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given

from danvan_rules import rulesets
from danvan_rules.errors import Problem, ReportError
from danvan_rules.model import (
    Band,
    Category,
    Criterion,
    Instrument,
    Points,
    Provenance,
    Reference,
    RuleSet,
    Scorecard,
)
from danvan_rules.model.rounds import (
    FixedRuleSets,
    Group,
    Registry,
    Round,
    RoundError,
    RoundResult,
    RuleSetsByDate,
    UnitStatus,
)
from danvan_rules.scoring.rounds import score_round

from .round_strategies import (
    EXAMPLE,
    Generated,
    example,
    example_round,
    generated_rounds,
    ineligible,
    report,
    unit,
    unscorable,
)

SOURCED = Provenance.SOURCED


def _score(r: Round, reports: list[object]) -> RoundResult:
    return score_round(r, reports, dict.fromkeys(r.khoi, example()))


@given(generated_rounds())
def test_every_unit_and_every_report_is_accounted_for(g: Generated) -> None:
    result = score_round(g.round, g.reports, dict.fromkeys(g.round.khoi, example()))
    ids = [o.unit.id for o in result.outcomes]
    assert ids == [u.id for u in g.round.registry]  # each registry unit exactly once, in order
    assert {o.unit.id: o.status for o in result.outcomes} == g.expected
    counts = result.counts()
    assert sum(counts.values()) == len(g.round.registry)
    refused = [r.index for r in result.refused]
    assert len(refused) == g.refused
    assert sorted([*result.used, *refused]) == list(range(len(g.reports)))
    assert result.report_count == len(g.reports)
    # the tallies add up: per khối, per group and overall
    overall = result.tally("*")
    in_year = len(g.round.registry) - counts[UnitStatus.NOT_IN_YEAR]
    assert overall.size == in_year
    assert overall.rated == counts[UnitStatus.RATED]
    assert overall.ineligible == counts[UnitStatus.INELIGIBLE]
    assert overall.invalid == counts[UnitStatus.INVALID]
    assert overall.no_report == counts[UnitStatus.NO_REPORT]
    assert sum(result.tally(k).size for k in g.round.khoi) == in_year
    assert result.tally("tat-ca").bands == overall.bands
    # every invalid unit and every refused report says why, with a path under its report
    for outcome in result.outcomes:
        assert bool(outcome.problems) == (outcome.status is UnitStatus.INVALID)
        assert (outcome.result is not None) == (
            outcome.status in {UnitStatus.RATED, UnitStatus.INELIGIBLE}
        )
    assert all(p.path.startswith("$.reports[") for p in result.problems)
    assert all(p.code != "data.invalid" and p.message_vi for p in result.problems)


def test_a_tiny_round_scores_ranks_and_applies_the_quota() -> None:
    units = [unit(f"so-{i}") for i in range(7)] + [unit("xa-1", "ubnd-xa")]
    reports: list[object] = [
        report("so-0", "so-nganh", Decimal(90), appraised_scores={"VII": 5}),  # 95
        report("so-1", "so-nganh", Decimal(90), appraised_scores={"VII": 2}),  # 92
        *(report(f"so-{i}", "so-nganh", Decimal(85)) for i in range(2, 7)),
    ]
    result = _score(example_round(units), reports)
    assert [o.band_code for o in result.outcomes[:7]] == ["xuat-sac"] + ["tot"] * 6
    assert result.outcome("so-1").result.cohort.demoted  # type: ignore[union-attr]
    use = result.ruleset_for("so-nganh")
    assert use.quota is not None
    assert (use.quota.base_count, use.quota.limit) == (5, 1)
    assert [o.rank for o in result.outcomes[:7]] == [1, 2, 3, 3, 3, 3, 3]
    assert result.outcome("xa-1").status is UnitStatus.NO_REPORT
    assert result.ruleset_for("ubnd-xa").quota is None  # no unit scored, no quota row
    assert result.tally("so-nganh").count("xuat-sac") == 1
    assert result.tally("so-nganh").count("tot") == 6
    assert result.tally("so-nganh").count("nope") == 0
    assert result.outcome("so-0").total == Decimal("95.00")
    assert result.outcome("so-0").self_total is not None
    assert result.outcome("xa-1").total is None
    assert result.outcome("xa-1").self_total is None
    assert result.outcome("xa-1").rank is None
    with pytest.raises(KeyError):
        result.outcome("nope")
    with pytest.raises(KeyError):
        result.tally("nope")
    with pytest.raises(KeyError):
        result.ruleset_for("nope")
    codes = [n.code for n in result.notices]
    assert codes == ["round-illustrative-ruleset", "round-assumed-values"]
    result.check()  # nothing wrong with the input


def test_a_synthetic_round_says_so() -> None:
    result = _score(example_round([unit("so-1")], synthetic=True), [report("so-1", "so-nganh")])
    assert result.synthetic
    assert result.notices[0].code == "round-synthetic"
    assert "giả lập" in result.notices[0].vi


def test_bad_reports_are_typed_problems_with_paths_all_at_once() -> None:
    units = [
        unit("so-1"),
        unit("so-2"),
        unit("so-3"),
        unit("so-4"),
        unit("so-cu", valid_until=dt.date(2023, 12, 31)),
        unit("xa-1", "ubnd-xa"),
    ]
    reports: list[object] = [
        report("la", "so-nganh"),  # 0: not in the registry
        report("so-1", "so-nganh"),  # 1 and 2: twice
        report("so-1", "so-nganh"),
        report("so-2", "so-nganh", year=2023),  # 3: other year
        report("so-3", "so-nganh", province="dong-nai"),  # 4: other province
        report("so-4", "ubnd-xa"),  # 5: other khối
        report("so-cu", "so-nganh"),  # 6: unit gone before the year
        None,  # 7: not a report
        ReportError([Problem("bad JSON", code="io.invalid_json", message_vi="JSON hỏng")]),  # 8
        unscorable("xa-1", "ubnd-xa"),  # 9
    ]
    result = _score(example_round(units), reports)
    found = {(p.code, p.path) for p in result.problems}
    assert found >= {
        ("round.unknown_unit", "$.reports[0].unit_id"),
        ("round.duplicate_report", "$.reports[2]"),
        ("round.year_mismatch", "$.reports[3].year"),
        ("round.province_mismatch", "$.reports[4].province"),
        ("round.category_mismatch", "$.reports[5].category"),
        ("round.unit_not_in_year", "$.reports[6].unit_id"),
        ("round.not_a_report", "$.reports[7]"),
        ("round.unreadable_report", "$.reports[8]"),
        ("io.invalid_json", "$.reports[8]"),
        ("report.missing_score", '$.reports[9].self_scores["I.2"]'),
    }
    assert [r.index for r in result.refused] == [0, 6, 7, 8]
    assert result.used == (1, 2, 3, 4, 5, 9)
    assert result.outcome("so-1").reports == (1, 2)
    assert result.outcome("so-cu").status is UnitStatus.NOT_IN_YEAR
    with pytest.raises(RoundError) as caught:
        result.check()
    text = caught.value.render("vi")
    assert text.startswith(f"{len(result.problems)} lỗi trong đợt đánh giá:")
    assert "không có trong danh sách đơn vị" in text


def test_an_unreadable_report_of_a_known_unit_makes_it_invalid() -> None:
    bad = ReportError(
        [Problem("bad JSON", code="io.invalid_json", message_vi="JSON hỏng")], unit_id="so-1"
    )
    result = _score(example_round([unit("so-1")]), [bad])
    outcome = result.outcome("so-1")
    assert outcome.status is UnitStatus.INVALID
    assert [p.code for p in outcome.problems] == ["io.invalid_json"]
    assert outcome.problems[0].path == "$.reports[0]"


def test_an_ineligible_unit_is_counted_apart() -> None:
    result = _score(example_round([unit("so-1")]), [ineligible("so-1", "so-nganh")])
    assert result.outcome("so-1").status is UnitStatus.INELIGIBLE
    tally = result.tally("so-nganh")
    assert (tally.rated, tally.ineligible, tally.size) == (0, 1, 1)


def test_rule_set_problems_are_raised_together() -> None:
    r = example_round([unit("so-1"), unit("xa-1", "ubnd-xa")])
    other = rulesets.get("dong-nai/3225-2018")
    with pytest.raises(RoundError) as caught:
        score_round(r, [], {"so-nganh": other})
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("round.khoi_not_covered", '$.rulesets["so-nganh"]'),
        ("round.ruleset_mismatch", '$.rulesets["so-nganh"]'),
        ("round.missing_ruleset", '$.rulesets["ubnd-xa"]'),
    ]
    assert all(p.message_vi for p in caught.value.problems)


def test_rule_sets_chosen_by_date_must_be_in_force() -> None:
    reg = Registry([unit("so-1")])
    in_2024 = Round("example", 2024, reg, RuleSetsByDate())
    assert score_round(in_2024, [], {"so-nganh": example()}).tally().no_report == 1
    in_2023 = Round("example", 2023, reg, RuleSetsByDate())
    with pytest.raises(RoundError) as caught:
        score_round(in_2023, [], {"so-nganh": example()})
    assert caught.value.problems[0].code == "round.ruleset_not_in_force"
    assert "2023-12-31" in caught.value.problems[0].message


def test_a_group_over_a_khoi_absent_this_year_is_empty() -> None:
    units = [unit("so-1"), unit("huyen-1", "ubnd-huyen", valid_until=dt.date(2023, 12, 31))]
    r = Round(
        "example",
        2024,
        Registry(units),
        FixedRuleSets({"so-nganh": EXAMPLE}),
        groups=[Group("huyen", "UBND cấp huyện", ["ubnd-huyen"])],
    )
    result = score_round(r, [report("so-1", "so-nganh")], {"so-nganh": example()})
    assert result.tally("huyen").size == 0
    assert dict(result.tally("huyen").bands) == {}
    assert r.khoi == ("so-nganh",)


def test_reports_are_consumed_once_from_an_iterator() -> None:
    r = example_round([unit("so-1")])
    result = score_round(r, iter([report("so-1", "so-nganh")]), {"so-nganh": example()})
    assert result.used == (0,)
    assert result.outcome("so-1").status is UnitStatus.RATED
    assert attrs.has(type(result))


def _sourced() -> RuleSet:
    """A tiny rule set with nothing assumed and nothing illustrative (a fixture, not a real one)."""
    ref = Reference("QĐ kiểm thử", item="Phụ lục, mục 1")
    card = Scorecard(
        "pl", "Phụ lục", (Criterion("1", "Tiêu chí 1", 100, SOURCED, ref, measure=Points()),)
    )
    return RuleSet(
        code="ha-noi/kiem-thu-2024",
        province="ha-noi",
        title_vi="Bộ tiêu chí kiểm thử",
        instrument=Instrument("1/QĐ-UBND", "UBND tỉnh", signed=dt.date(2024, 1, 1)),
        effective_from=dt.date(2024, 1, 1),
        scale=100,
        scorecards=(card,),
        categories=(Category("so-nganh", "Sở, ngành", "pl"),),
        bands=(
            Band("dat", "Đạt", 50, SOURCED, reference=ref),
            Band("khong-dat", "Không đạt", 0, SOURCED, below=50, reference=ref),
        ),
    )


def test_a_fully_sourced_rule_set_adds_no_notice() -> None:
    rs = _sourced()
    assert rs.assumed_values == 0
    r = Round(
        "ha-noi",
        2024,
        Registry([attrs.evolve(unit("so-1"), province="ha-noi")]),
        FixedRuleSets({"so-nganh": rs.code}),
    )
    rep = attrs.evolve(
        report("so-1", "so-nganh"),
        province="ha-noi",
        self_scores={"1": 60},
        appraised_scores=None,
        facts={},
        bonuses={},
    )
    result = score_round(r, [rep], {"so-nganh": rs})
    assert result.notices == ()
    assert result.outcome("so-1").band_code == "dat"
    assert dict(result.tally().bands) == {"dat": 1, "khong-dat": 0}
