"""compare_rounds: units matched through the registries, tallies, rule-set versions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given

from danvan_rules import rulesets
from danvan_rules.model import CapBand, ForceBand, RuleSet
from danvan_rules.model.rounds import (
    BandChange,
    BandCounts,
    Citation,
    FixedRuleSets,
    Group,
    NoUnitInBand,
    PublishedFact,
    Registry,
    Round,
    RoundResult,
    Succession,
    SuccessionKind,
    Unit,
    UnitStatus,
    Verdict,
)
from danvan_rules.scoring.rounds import compare_rounds, reconcile, score_round
from danvan_rules.testing import report_at

from .round_strategies import EXAMPLE, Generated, example, generated_rounds, report, unit

JULY = dt.date(2025, 7, 1)


def _round(year: int, units: list[Unit], successions: list[Succession] | None = None) -> Round:
    khoi = sorted({u.khoi for u in units})
    return Round(
        "example",
        year,
        Registry(units, successions or []),
        FixedRuleSets(dict.fromkeys(khoi, EXAMPLE)),
        groups=[Group("tat-ca", "Tất cả", khoi)],
    )


def _score(r: Round, targets: dict[str, int | None]) -> RoundResult:
    reports = [
        report(uid, r.registry.unit(uid).khoi, Decimal(t), year=r.year)
        for uid, t in targets.items()
        if t is not None
    ]
    return score_round(r, reports, dict.fromkeys(r.khoi, example()))


def test_units_go_up_down_stay_appear_and_disappear() -> None:
    units = [
        unit("up"),
        unit("down"),
        unit("same"),
        unit("gone", valid_until=dt.date(2024, 12, 31)),
        unit("new", valid_from=dt.date(2025, 1, 1)),
        unit("silent"),
    ]
    earlier = _score(_round(2024, units), {"up": 60, "down": 85, "same": 85, "gone": 85})
    later = _score(_round(2025, units), {"up": 85, "down": 60, "same": 85, "new": 40})
    comparison = compare_rounds(earlier, later)
    assert [(c.earlier, c.later, c.change) for c in comparison.units] == [
        ("up", "up", BandChange.UP),
        ("down", "down", BandChange.DOWN),
        ("same", "same", BandChange.SAME),
        ("gone", None, BandChange.GONE),
        ("silent", "silent", BandChange.UNRATED),
        (None, "new", BandChange.NEW),
    ]
    assert comparison.unit_change("up")[0].via == ("same id",)
    assert comparison.tally_change("so-nganh", "tot").delta == -1
    assert comparison.tally_change("tat-ca", "khong-hoan-thanh").delta == 1
    assert comparison.tally_change("*", "no_report").delta == 0
    assert comparison.same_rulesets
    assert comparison.notices == ()
    assert (comparison.earlier_year, comparison.later_year) == (2024, 2025)
    with pytest.raises(KeyError):
        comparison.tally_change("so-nganh", "nope")


def test_mergers_link_every_old_unit_to_the_new_one() -> None:
    units = [
        unit("huyen-1", "ubnd-xa", valid_until=dt.date(2025, 6, 30)),
        unit("huyen-2", "ubnd-xa", valid_until=dt.date(2025, 6, 30)),
        unit("xa-tam", "ubnd-xa", valid_from=JULY, valid_until=JULY),
        unit("xa-moi", "ubnd-xa", valid_from=dt.date(2025, 7, 2)),
    ]
    merge = Succession(("huyen-1", "huyen-2"), ("xa-tam",), JULY, SuccessionKind.MERGE)
    rename = Succession(("xa-tam",), ("xa-moi",), dt.date(2025, 7, 2), SuccessionKind.RENAME)
    earlier = _score(_round(2024, units), {"huyen-1": 60, "huyen-2": 85})
    later = _score(_round(2025, units, [merge, rename]), {"xa-moi": 85})
    comparison = compare_rounds(earlier, later)
    assert [(c.earlier, c.later, c.change, c.via) for c in comparison.units] == [
        ("huyen-1", "xa-moi", BandChange.UP, ("merge", "rename")),
        ("huyen-2", "xa-moi", BandChange.SAME, ("merge", "rename")),
    ]
    assert len(comparison.unit_change("xa-moi")) == 2


def test_a_split_cycle_free_diamond_is_followed_once() -> None:
    units = [
        unit("a", valid_until=dt.date(2024, 12, 31)),
        unit("b", valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2025, 1, 1)),
        unit("c", valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2025, 1, 1)),
        unit("d", valid_from=dt.date(2025, 1, 2)),
    ]
    successions = [
        Succession(("a",), ("b", "c"), dt.date(2025, 1, 1), SuccessionKind.SPLIT),
        Succession(("b", "c"), ("d",), dt.date(2025, 1, 2), SuccessionKind.MERGE),
    ]
    earlier = _score(_round(2024, units), {"a": 85})
    later = _score(_round(2025, units, successions), {"d": 85})
    links = compare_rounds(earlier, later).units
    assert [(c.earlier, c.later, c.change, c.via) for c in links] == [
        ("a", "d", BandChange.SAME, ("split", "merge"))
    ]


def _with_bands(ruleset: RuleSet, renamed: dict[str, str]) -> RuleSet:
    bands = tuple(attrs.evolve(b, code=renamed.get(b.code, b.code)) for b in ruleset.bands)
    quota = ruleset.quota
    if quota is not None:
        quota = attrs.evolve(
            quota,
            band=renamed.get(quota.band, quota.band),
            base_band=renamed.get(quota.base_band, quota.base_band),
            demote_to=renamed.get(quota.demote_to, quota.demote_to),
        )
    conditions = tuple(
        attrs.evolve(c, effect=type(c.effect)(renamed.get(c.effect.band, c.effect.band)))
        if isinstance(c.effect, CapBand | ForceBand)
        else c
        for c in ruleset.conditions
    )
    return attrs.evolve(
        ruleset, code="example/khac", bands=bands, quota=quota, conditions=conditions
    )


def test_different_rule_sets_are_named_and_unordered_bands_are_incomparable() -> None:
    other = _with_bands(example(), {"tot": "gioi", "hoan-thanh": "kha"})
    units = [unit("a"), unit("b"), unit("c")]
    earlier = _score(_round(2024, units), {"a": 85, "b": 95, "c": 60})
    r = Round("example", 2025, Registry(units), FixedRuleSets({"so-nganh": "example/khac"}))
    reports = [
        report("a", "so-nganh", Decimal(85), year=2025),
        report("b", "so-nganh", Decimal(40), year=2025),
        report("c", "so-nganh", Decimal(85), year=2025),
    ]
    later = score_round(r, reports, {"so-nganh": other})
    comparison = compare_rounds(earlier, later)
    assert [c.change for c in comparison.units] == [
        BandChange.INCOMPARABLE,  # tot → gioi: no one rule set has both
        BandChange.DOWN,  # tot (quota-demoted 95) → khong-hoan-thanh, ordered by the earlier set
        BandChange.INCOMPARABLE,  # hoan-thanh → gioi
    ]
    assert not comparison.same_rulesets
    (change,) = comparison.rulesets
    assert (change.khoi, change.earlier, change.later) == ("so-nganh", EXAMPLE, "example/khac")
    assert comparison.notices[0].code == "compare-rulesets-differ"
    assert "example/khac" in comparison.notices[0].vi
    assert comparison.tally_change("so-nganh", "gioi").earlier is None
    assert comparison.tally_change("so-nganh", "gioi").delta is None
    assert comparison.tally_change("tat-ca", "tot").later is None


def test_a_khoi_only_in_one_round_is_a_rule_set_change() -> None:
    earlier = _score(_round(2024, [unit("a"), unit("x", "ubnd-xa")]), {"a": 85})
    later = _score(_round(2025, [unit("a")]), {"a": 85})
    comparison = compare_rounds(earlier, later)
    assert [(c.khoi, c.earlier, c.later) for c in comparison.rulesets] == [
        ("ubnd-xa", EXAMPLE, None)
    ]
    assert comparison.tally_change("ubnd-xa", "no_report").later is None
    reverse = compare_rounds(later, earlier)
    assert [(c.khoi, c.earlier, c.later) for c in reverse.rulesets] == [("ubnd-xa", None, EXAMPLE)]


DT_SOURCE = Citation(
    "the project's seed article on Đồng Tháp's 2022 results (publisher not recorded)",
    note="docs/sources.md#dong-thap-2022",
)


def _dong_thap(year: int, xuat_sac: int) -> tuple[Round, RoundResult]:
    """A synthetic Đồng Tháp round: 30 sở, ngành + 12 UBND cấp huyện, ``xuat_sac`` of them xuất sắc."""
    rs = rulesets.get("dong-thap/1318-2021")
    units = [Unit(f"so-{i}", f"Sở {i}", "co-quan-hanh-chinh", "dong-thap") for i in range(30)]
    units += [Unit(f"huyen-{i}", f"UBND huyện {i}", "ubnd-huyen", "dong-thap") for i in range(12)]
    group = Group(
        "so-nganh-va-huyen",
        "Các sở, ngành tỉnh và UBND cấp huyện",
        ["co-quan-hanh-chinh", "ubnd-huyen"],
    )
    facts: dict[int, list[PublishedFact]] = {
        2021: [BandCounts(group.code, {"xuat-sac": 32}, DT_SOURCE)],
        2022: [
            BandCounts(group.code, {"xuat-sac": 37}, DT_SOURCE),
            NoUnitInBand("khong-hoan-thanh", DT_SOURCE, scope=group.code),
        ],
    }
    r = Round(
        "dong-thap",
        year,
        Registry(units),
        FixedRuleSets({"co-quan-hanh-chinh": rs.code, "ubnd-huyen": rs.code}),
        groups=[group],
        published=facts[year],
        synthetic=True,
    )
    reports = [
        attrs.evolve(
            report_at(rs, u.khoi, Decimal(95 if i < xuat_sac else 80)), unit_id=u.id, year=year
        )
        for i, u in enumerate(units)
    ]
    return r, score_round(r, reports, dict.fromkeys(r.khoi, rs))


def test_dong_thap_xuat_sac_rose_from_32_to_37() -> None:
    r21, earlier = _dong_thap(2021, 32)
    r22, later = _dong_thap(2022, 37)
    assert reconcile(earlier, r21.published).ok
    assert reconcile(later, r22.published).ok
    comparison = compare_rounds(earlier, later)
    assert comparison.tally_change("so-nganh-va-huyen", "xuat-sac").delta == 5
    assert comparison.same_rulesets
    assert [n.code for n in comparison.notices] == ["compare-synthetic"]
    assert sum(c.change is BandChange.UP for c in comparison.units) == 5
    # a perturbed copy fails on exactly the fact it breaks
    _, perturbed = _dong_thap(2022, 36)
    checks = reconcile(perturbed, r22.published).checks
    assert [c.verdict for c in checks] == [Verdict.NOT_MATCHED, Verdict.MATCHED]


@given(generated_rounds(max_units=8))
def test_a_round_compared_with_itself_changes_nothing(g: Generated) -> None:
    result = score_round(g.round, g.reports, dict.fromkeys(g.round.khoi, example()))
    comparison = compare_rounds(result, result)
    in_year = [o for o in result.outcomes if o.status is not UnitStatus.NOT_IN_YEAR]
    assert [(c.earlier, c.later) for c in comparison.units] == [
        (o.unit.id, o.unit.id) for o in in_year
    ]
    assert all(
        c.change is (BandChange.SAME if o.band_code else BandChange.UNRATED)
        for c, o in zip(comparison.units, in_year, strict=True)
    )
    assert all(t.delta == 0 for t in comparison.tallies)
    assert comparison.same_rulesets
