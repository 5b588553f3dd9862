"""The round as data: decisions, groups, the rule-set choice, published facts, awards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from danvan_rules.model.rounds import (
    Award,
    AwardKind,
    AwardStream,
    BandCounts,
    Citation,
    CohortSize,
    Collective,
    Decision,
    FixedRuleSets,
    Group,
    Individual,
    NamedIneligible,
    NamedUnits,
    NoUnitInBand,
    PublishedError,
    Registry,
    Round,
    RoundError,
    RuleSetsByDate,
    Unit,
    UnitTotal,
)

from .round_strategies import EXAMPLE, unit

SRC = Citation("Báo ví dụ", dt.date(2025, 1, 20), url="https://example.org/a")


def test_a_round_records_its_decisions_groups_and_provenance() -> None:
    results = Decision(
        "1634/QĐ-UBND", dt.date(2021, 5, 17), "UBND tỉnh Đồng Nai", ["so-nganh"], "Kết quả"
    )
    r = Round(
        "example",
        2020,
        Registry([unit("so-1"), unit("xa-1", "ubnd-xa")]),
        FixedRuleSets({"so-nganh": EXAMPLE, "ubnd-xa": EXAMPLE}),
        appraisal=Decision("2689/QĐ-UBND", dt.date(2020, 11, 25), "UBND tỉnh"),
        results=results,
        groups=[Group("chung", "Sở và xã", ["so-nganh", "ubnd-xa"])],
        synthetic=True,
        reports_from="reports/",
    )
    assert r.results is not None
    assert r.results.citation == Citation(
        "1634/QĐ-UBND", dt.date(2021, 5, 17), "", "UBND tỉnh Đồng Nai"
    )
    assert r.group("chung").khoi == ("so-nganh", "ubnd-xa")
    with pytest.raises(KeyError):
        r.group("nope")
    assert r.synthetic
    assert r.khoi == ("so-nganh", "ubnd-xa")


def test_every_round_problem_is_reported_at_once_with_its_path() -> None:
    reg = Registry(
        [
            unit("so-1"),
            unit("xa-1", "ubnd-xa"),
            unit("xa-2", "ubnd-xa"),
            Unit("o", "O", "so-nganh", "dong-nai"),
        ]
    )
    with pytest.raises(RoundError) as caught:
        Round(
            "example",
            2024,
            reg,
            FixedRuleSets({"so-nganh": EXAMPLE}),
            appraisal=Decision("1/QĐ", dt.date(2023, 12, 1), "UBND", ["ubnd-huyen"]),
            groups=[
                Group("g", "G", ["so-nganh"]),
                Group("g", "G", ["x"]),
                Group("so-nganh", "S", []),
            ],
            published=[
                BandCounts("nope", {"tot": 1}, SRC),
                NamedUnits("tot", ["so-1", "ghost"], SRC),
                UnitTotal("ghost", 93, SRC),
                NamedIneligible(["ghost"], SRC),
            ],
            awards=[
                Award(
                    AwardKind.BANG_KHEN, AwardStream.DAN_VAN_KHEO, "UBND", Collective("ghost"), SRC
                )
            ],
        )
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("round.khoi_without_ruleset", "$.registry.units[1].khoi"),
        ("round.unit_other_province", "$.registry.units[3].province"),
        ("round.duplicate_group", "$.groups[1].code"),
        ("round.unknown_khoi", "$.groups[1].khoi[0]"),
        ("round.duplicate_group", "$.groups[2].code"),
        ("round.decision_before_year", "$.appraisal.date"),
        ("round.unknown_khoi", "$.appraisal.scope[0]"),
        ("published.unknown_scope", "$.published[0].scope"),
        ("published.unknown_unit", "$.published[1].units[1]"),
        ("published.unknown_unit", "$.published[2].unit"),
        ("published.unknown_unit", "$.published[3].units[0]"),
        ("award.unknown_unit", "$.awards[0].recipient.unit"),
    ]
    assert all(p.message_vi for p in caught.value.problems)
    assert caught.value.render("vi").startswith("12 lỗi trong đợt đánh giá:")


@pytest.mark.parametrize("year", [1899, 2201, True])
def test_an_implausible_year_is_refused(year: int) -> None:
    with pytest.raises(RoundError) as caught:
        Round("example", year, Registry([unit("a")]), RuleSetsByDate())
    assert [p.code for p in caught.value.problems] == ["round.implausible_year"]


def test_an_empty_province_is_refused() -> None:
    with pytest.raises(RoundError) as caught:
        Round(" ", 2024, Registry([unit("a")]), RuleSetsByDate())
    codes = [p.code for p in caught.value.problems]
    assert codes == ["text.empty", "round.unit_other_province"]


def test_by_date_needs_no_mapping_and_a_unit_outside_the_year_needs_no_rule_set() -> None:
    reg = Registry([unit("a"), unit("old", "huyen", valid_until=dt.date(2020, 1, 1))])
    assert Round("example", 2024, reg, RuleSetsByDate()).khoi == ("so-nganh",)
    r = Round("example", 2024, reg, FixedRuleSets({"so-nganh": EXAMPLE}))
    assert r.evaluation_date == dt.date(2024, 12, 31)


def test_published_facts_validate_their_own_shape() -> None:
    with pytest.raises(PublishedError) as caught:
        BandCounts("so-nganh", {}, SRC)
    assert caught.value.problems[0].code == "published.empty_counts"
    with pytest.raises(PublishedError) as caught:
        BandCounts("so-nganh", {"tot": -1, "kha": True}, SRC)
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("published.invalid_count", '$.counts["tot"]'),
        ("published.invalid_count", '$.counts["kha"]'),
    ]
    with pytest.raises(PublishedError) as caught:
        NamedUnits("tot", [], SRC)
    assert caught.value.problems[0].code == "published.no_units"
    with pytest.raises(PublishedError) as caught:
        NamedIneligible([], SRC)
    assert caught.value.problems[0].code == "published.no_units"
    with pytest.raises(PublishedError) as caught:
        CohortSize("so-nganh", -3, SRC)
    assert caught.value.problems[0].code == "published.invalid_count"
    assert UnitTotal("so-1", "93", SRC).total == Decimal(93)
    assert NoUnitInBand("khong-hoan-thanh", SRC).scope is None
    assert BandCounts("Kha\u0301", {"Kha\u0301": 1}, SRC).counts == {"Khá": 1}


def test_awards_validate_their_recipient_and_issuer() -> None:
    with pytest.raises(PublishedError) as caught:
        Award(AwardKind.GIAY_KHEN, AwardStream.QUY_CHE_DAN_CHU, " ", Individual(" "), SRC)
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("award.empty_issuer", "$.issuer"),
        ("award.unnamed_individual", "$.recipient.name"),
    ]
    with pytest.raises(PublishedError) as caught:
        Award(AwardKind.GIAY_KHEN, AwardStream.QUY_CHE_DAN_CHU, "UBND", Collective(), SRC)
    assert caught.value.problems[0].code == "award.unnamed_collective"
    person = Award(
        AwardKind.BANG_KHEN, AwardStream.DAN_VAN_KHEO, "UBND", Individual("A", "so-1"), SRC
    )
    assert person.recipient.unit == "so-1"
    assert Collective(name="Tập thể X").unit is None
