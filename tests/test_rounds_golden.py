"""The golden rounds of issue #7 §4: each reconciles; each perturbed copy fails on exactly what it breaks.

The rounds are data in :mod:`tests.golden_rounds`. A perturbation changes one or
two units of a round's plan; the facts it must break are computed from the
plans by :func:`~tests.golden_rounds.broken_facts` (which reads the plan, not the
scorer), and ``reconcile`` must find exactly those not matched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import pytest

from danvan_rules import rulesets
from danvan_rules.model import Provenance
from danvan_rules.model.rounds import (
    AwardKind,
    AwardStream,
    BandChange,
    BandCounts,
    CohortSize,
    NamedUnits,
    UnitStatus,
    UnitTotal,
    Verdict,
)
from danvan_rules.scoring.rounds import compare_rounds, reconcile, tally_awards
from danvan_rules.testing import check_ruleset

from .golden_rounds import (
    GOLDEN,
    HA_10_DIEM,
    NS_LOWERED,
    QN_PLACEHOLDER,
    Golden,
    Planned,
    broken_facts,
    dong_nai_2020,
    dong_thap,
    golden_rounds,
    ngan_son_2020,
    quang_nam_2023,
)

BY_NAME = {g.name: g for g in golden_rounds()}


def _checked(golden: Golden, plan: tuple[Planned, ...] | None = None) -> set[int]:
    """The indexes of the facts reconcile finds not matched (asserting none is uncheckable)."""
    checked = reconcile(golden.score(plan), golden.round.published)
    assert checked.synthetic
    assert not checked.with_verdict(Verdict.UNCHECKABLE)
    return {c.index for c in checked.with_verdict(Verdict.NOT_MATCHED)}


# ---------------------------------------------------------------------- the placeholder rule set


def test_the_quang_nam_placeholder_lints_clean_and_passes_the_contract() -> None:
    rs = rulesets.get(QN_PLACEHOLDER)  # a RuleSet is linted as it is built: get() would raise
    assert rs.code == QN_PLACEHOLDER
    check_ruleset(rs, max_examples=15)  # the contract, the linter included


def test_the_quang_nam_placeholder_says_it_is_one_and_assumes_every_value() -> None:
    rs = rulesets.get(QN_PLACEHOLDER)
    # a real province's placeholder, not an illustration: the title says what it is
    assert not rs.illustrative
    assert rs.province == "quang-nam"
    assert "giữ chỗ" in rs.title_vi
    assert "placeholder" in rs.title_en
    assert "PLACEHOLDER" in rs.notes
    assert {"effective_from", "effective_until", "scale", "rounding"} <= set(rs.assumed)
    assert {"instrument.number", "instrument.issuer"} <= set(rs.assumed)
    assert all(b.provenance is Provenance.ASSUMED for b in rs.bands)
    leaves = [c for card in rs.scorecards for c in card.criteria]
    assert leaves
    assert all(c.provenance is Provenance.ASSUMED for c in leaves)
    assert [b.code for b in rs.bands] == ["xuat-sac", "tot", "hoan-thanh", "khong-hoan-thanh"]
    # the published blocks show no quota (9 xuất sắc with 25 tốt; 9 with 9 tốt)
    assert rs.quota is None
    blocks = {c.code: c.until for c in rs.categories}
    assert blocks == {"co-quan-don-vi": None, "ubnd-huyen": dt.date(2025, 6, 30)}
    assert rulesets.in_force("quang-nam", on=dt.date(2023, 12, 31)) == rs


# ---------------------------------------------------------------------- every golden round


@pytest.mark.parametrize("name", GOLDEN)
def test_the_golden_round_reconciles_and_is_marked_synthetic(name: str) -> None:
    golden = BY_NAME[name]
    assert golden.round.synthetic
    assert golden.round.published
    for fact in golden.round.published:
        assert fact.source.document.strip()
        assert "docs/sources.md#" in fact.source.note
    assert broken_facts(golden, golden.plan) == set()
    result = golden.score()
    assert result.notices[0].code == "round-synthetic"
    checked = reconcile(result, golden.round.published)
    assert checked.ok, [c.notes for c in checked.checks]
    assert len(checked.checks) == len(golden.round.published)


@pytest.mark.parametrize("name", GOLDEN)
def test_the_scorer_agrees_with_the_plan_unit_by_unit(name: str) -> None:
    golden = BY_NAME[name]
    result = golden.score()
    assert [o.unit.id for o in result.outcomes] == [p.unit.id for p in golden.plan]
    assert not result.refused
    for outcome, p in zip(result.outcomes, golden.plan, strict=True):
        assert outcome.result is not None
        expected = UnitStatus.INELIGIBLE if p.ineligible else UnitStatus.RATED
        assert (outcome.status, outcome.band_code) == (expected, p.band), p.unit.id
        assert outcome.result.self_total == p.self_total, p.unit.id
        assert outcome.result.total == p.total, p.unit.id


def _set(golden: Golden, uid: str, **changes: Any) -> dict[str, Planned]:
    return {uid: attrs.evolve(golden.planned(uid), **changes)}


#: (round, what changes, how many facts it must break at least) — the exact set is computed.
PERTURBATIONS: list[tuple[str, str, Callable[[Golden], Mapping[str, Planned]], int]] = [
    (
        "dong-nai-2020",
        "Sở VHTTDL scores 89: tốt, not 93 xuất sắc",
        lambda g: _set(g, "so-vhttdl", self_total=Decimal(89), band="tot"),
        1,
    ),
    (
        "dong-nai-2020",
        "Sở VHTTDL scores 95: still xuất sắc, but not 93",
        lambda g: _set(g, "so-vhttdl", self_total=Decimal(95)),
        1,
    ),
    (
        "dong-nai-2020",
        "a synthetic unit changes: no published fact is about it",
        lambda g: _set(g, "so-gia-lap-2", self_total=Decimal(40), band="khong-hoan-thanh"),
        0,
    ),
    (
        "dong-thap-2021",
        "one more unit xuất sắc: 33",
        lambda g: _set(g, "huyen-03", self_total=Decimal(96), band="xuat-sac"),
        1,
    ),
    (
        "dong-thap-2022",
        "a xuất sắc district falls to không hoàn thành",
        lambda g: _set(g, "huyen-01", self_total=Decimal(40), band="khong-hoan-thanh"),
        2,
    ),
    (
        "dong-thap-2022",
        "a tốt district falls to không hoàn thành; another rises to xuất sắc",
        lambda g: {
            **_set(g, "huyen-12", self_total=Decimal(40), band="khong-hoan-thanh"),
            **_set(g, "huyen-11", self_total=Decimal(90), band="xuat-sac"),
        },
        2,
    ),
    (
        "quang-nam-2023",
        "a named xuất sắc district and an unnamed tốt one swap: the counts still hold",
        lambda g: {
            **_set(g, "que-son", self_total=Decimal(84), band="tot"),
            **_set(g, "huyen-khac-1", self_total=Decimal(93), band="xuat-sac"),
        },
        1,
    ),
    (
        "quang-nam-2023",
        "Sở Y tế is tốt, not hoàn thành",
        lambda g: _set(g, "so-y-te", self_total=Decimal(75), band="tot"),
        2,
    ),
    (
        "quang-nam-2023",
        "an unnamed tốt agency is hoàn thành too",
        lambda g: _set(g, "co-quan-khac-25", self_total=Decimal(55), band="hoan-thanh"),
        2,
    ),
    (
        "ngan-son-2020",
        "the lowered commune is appraised at 80: tốt",
        lambda g: _set(g, NS_LOWERED, appraised=Decimal(80), band="tot"),
        2,
    ),
    (
        "ngan-son-2020",
        "an agency is appraised at 78: khá",
        lambda g: _set(g, "co-quan-05", appraised=Decimal(78), band="kha"),
        1,
    ),
    (
        "ngan-son-2020",
        "xã Cốc Đán is rated (tốt) and a tốt commune becomes ineligible: the names break",
        lambda g: {
            **_set(g, "xa-coc-dan", ineligible=False, band="tot"),
            **_set(g, "xa-09", ineligible=True, band=None),
        },
        1,
    ),
    (
        "ngan-son-2020",
        "an agency rated tốt is ineligible too: its count and the complete list break",
        lambda g: _set(g, "co-quan-02", ineligible=True, band=None),
        2,
    ),
]


@pytest.mark.parametrize(
    ("name", "change"),
    [(name, change) for name, _, change, _ in PERTURBATIONS],
    ids=[what for _, what, _, _ in PERTURBATIONS],
)
def test_a_perturbed_copy_fails_on_exactly_the_facts_it_breaks(
    name: str, change: Callable[[Golden], Mapping[str, Planned]]
) -> None:
    golden = BY_NAME[name]
    plan = golden.perturbed(change(golden))
    assert plan != golden.plan
    assert _checked(golden, plan) == broken_facts(golden, plan)


@pytest.mark.parametrize(
    ("name", "change", "least"),
    [(name, change, least) for name, _, change, least in PERTURBATIONS],
    ids=[what for _, what, _, _ in PERTURBATIONS],
)
def test_the_perturbations_break_what_they_are_meant_to(
    name: str, change: Callable[[Golden], Mapping[str, Planned]], least: int
) -> None:
    golden = BY_NAME[name]
    broken = broken_facts(golden, golden.perturbed(change(golden)))
    assert len(broken) >= least
    if least == 0:
        assert broken == set()


def test_the_oracle_reads_every_kind_of_fact_and_can_fail() -> None:
    golden = quang_nam_2023()
    kinds = {type(f) for f in golden.round.published}
    assert kinds == {BandCounts, CohortSize, NamedUnits}
    # dropping a district breaks the district cohort, count and named list
    names = [f"{type(f).__name__}:{getattr(f, 'scope', '')}" for f in golden.round.published]
    plan = tuple(p for p in golden.plan if p.unit.id != "que-son")
    assert sorted(names[i] for i in broken_facts(golden, plan)) == [
        "BandCounts:ubnd-huyen",
        "CohortSize:ubnd-huyen",
        "NamedUnits:ubnd-huyen",
    ]


# ---------------------------------------------------------------------- round by round


def test_dong_nai_2020_one_decision_for_departments_and_public_service_units() -> None:
    golden = dong_nai_2020()
    results = golden.round.results
    assert results is not None
    assert (results.number, results.date) == ("1634/QĐ-UBND", dt.date(2021, 5, 17))
    assert (
        set(results.scope)
        == set(golden.round.khoi)
        == {
            "so-ban-nganh",
            "don-vi-su-nghiep-doanh-nghiep",
        }
    )
    (fact,) = golden.round.published
    assert isinstance(fact, UnitTotal)
    assert (fact.unit, fact.total, fact.band) == ("so-vhttdl", Decimal(93), "xuat-sac")
    assert str(fact.source) == "QĐ 1634/QĐ-UBND (2021-05-17)"
    outcome = golden.score().outcome("so-vhttdl")
    assert outcome.result is not None
    assert (outcome.result.total, outcome.band_code) == (Decimal("93.00"), "xuat-sac")


def test_dong_thap_xuat_sac_rose_from_32_to_37_in_the_one_tally() -> None:
    g21, g22 = dong_thap(2021), dong_thap(2022)
    earlier, later = g21.score(), g22.score()
    assert earlier.tally("so-nganh-va-huyen").count("xuat-sac") == 32
    assert later.tally("so-nganh-va-huyen").count("xuat-sac") == 37
    assert later.tally("so-nganh-va-huyen").count("khong-hoan-thanh") == 0
    assert later.tally("ubnd-huyen").size == 12
    comparison = compare_rounds(earlier, later)
    assert comparison.tally_change("so-nganh-va-huyen", "xuat-sac").delta == 5
    assert comparison.same_rulesets
    assert [n.code for n in comparison.notices] == ["compare-synthetic"]
    # per unit, computed from the two plans
    old = {p.unit.id: p.band for p in g21.plan}
    new = {p.unit.id: p.band for p in g22.plan}
    order = [b.code for b in rulesets.get("dong-thap/1318-2021").bands_ascending]
    up = {u for u in old if order.index(str(new[u])) > order.index(str(old[u]))}
    assert {c.earlier for c in comparison.units if c.change is BandChange.UP} == up
    assert len(up) == 5 + 2  # the five new xuất sắc, and the two hoàn thành of 2021 now tốt
    assert all(c.change is not BandChange.DOWN for c in comparison.units)


def test_dong_thap_2022_awards_10_collectives_and_15_individuals() -> None:
    awards = dong_thap(2022).round.awards
    tally = tally_awards(awards)
    assert tally.count(kind=AwardKind.BANG_KHEN, recipient="collective") == 10
    assert tally.count(kind=AwardKind.BANG_KHEN, recipient="individual") == 15
    assert tally.count(stream=AwardStream.DAN_VAN_CHINH_QUYEN) == 25
    assert tally.synthetic == 25  # the recipients' names were not published
    assert {a.issuer for a in awards} == {"Chủ tịch UBND tỉnh Đồng Tháp"}
    assert not dong_thap(2021).round.awards


def test_dong_thap_perturbed_2022_shows_in_the_comparison() -> None:
    g22 = dong_thap(2022)
    plan = g22.perturbed(_set(g22, "so-01", self_total=Decimal(80), band="tot"))
    comparison = compare_rounds(dong_thap(2021).score(), g22.score(plan))
    assert comparison.tally_change("so-nganh-va-huyen", "xuat-sac").delta == 4


def test_quang_nam_2023_says_its_rule_set_is_a_placeholder() -> None:
    golden = quang_nam_2023()
    assert "PLACEHOLDER" in golden.round.notes
    assert QN_PLACEHOLDER in golden.round.notes
    assert "giữ chỗ" in golden.round.title_vi
    result = golden.score()
    notices = {n.code: n for n in result.notices}
    assert QN_PLACEHOLDER in notices["round-assumed-values"].en
    assert "không chính thức" in notices["round-assumed-values"].vi
    (use,) = {(u.code, u.quota) for u in result.rulesets}
    assert use == (QN_PLACEHOLDER, None)
    huyen, cq = result.tally("ubnd-huyen"), result.tally("co-quan-don-vi")
    assert (huyen.size, huyen.count("xuat-sac"), huyen.count("tot")) == (18, 9, 9)
    assert (cq.size, cq.count("xuat-sac"), cq.count("tot"), cq.count("hoan-thanh")) == (
        37,
        9,
        25,
        3,
    )


def test_ngan_son_2020_records_the_sources_inconsistency_in_the_data() -> None:
    golden = ngan_son_2020()
    assert "87 − 78 = 9" in HA_10_DIEM
    assert HA_10_DIEM in golden.round.notes
    (lowered,) = [f for f in golden.round.published if isinstance(f, UnitTotal)]
    assert lowered.unit == NS_LOWERED
    assert HA_10_DIEM in lowered.source.note
    planned = golden.planned(NS_LOWERED)
    assert (planned.self_total, planned.total) == (Decimal(87), Decimal(78))
    assert planned.self_total - planned.total == 9  # not the "10 điểm" the source says


def test_ngan_son_2020_cohort_two_named_units_ineligible_all_self_80_and_above() -> None:
    golden = ngan_son_2020()
    result = golden.score()
    ineligible = [o.unit.name_vi for o in result.outcomes if o.status is UnitStatus.INELIGIBLE]
    assert ineligible == [
        "Phòng Nông nghiệp và Phát triển nông thôn huyện Ngân Sơn",
        "Xã Cốc Đán",
    ]
    assert all(o.result is not None and o.result.self_total >= 80 for o in result.outcomes)
    rated = [o for o in result.outcomes if o.status is UnitStatus.RATED]
    assert len(rated) == 13 + 9 + 1
    higher = [o for o in rated if o.result is not None and o.result.total > o.result.self_total]
    assert len(higher) > len(rated) / 2  # "mostly higher than the self-scores"
    assert result.tally("co-quan").ineligible == result.tally("xa").ineligible == 1
