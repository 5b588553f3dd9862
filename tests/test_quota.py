"""The cohort rule: ranks per category, the quota's limit, ties, demotion notes."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules.model import Quota, Status
from danvan_rules.scoring import quota_limit

from .conftest import EXAMPLES
from .strategies import ASSUMED


def cohort(example: dr.RuleSet) -> tuple[dr.ScoreResult, ...]:
    return dr.score_many(example, dr.load_reports(EXAMPLES / "cohort.json")).results


def test_example_cohort(example: dr.RuleSet) -> None:
    out = dr.apply_quota(example, cohort(example))
    (limit,) = out.limits
    assert (limit.base_count, limit.limit, limit.kept, limit.demoted) == (6, 1, 1, 1)
    demoted = [r for r in out.results if r.cohort is not None and r.cohort.demoted]
    assert [r.unit_id for r in demoted] == ["so-tai-chinh"]
    (unit,) = demoted
    assert unit.band_code == "tot"
    assert unit.cohort is not None
    assert unit.cohort.band_before_quota == "xuat-sac"
    assert unit.warnings[-1].code == "quota-demoted"
    assert unit.gap is not None
    assert unit.gap.blocking == ("quota",)
    assert [r.unit_id for r in out.results] == [r.unit_id for r in cohort(example)]
    ranks = sorted(r.cohort.rank for r in out.results if r.cohort and r.cohort.rank)
    assert ranks == list(range(1, 9))


def with_quota(example: dr.RuleSet, **changes: object) -> dr.RuleSet:
    assert example.quota is not None
    return attrs.evolve(example, quota=attrs.evolve(example.quota, **changes))  # type: ignore[arg-type]


def fake(
    example: dr.RuleSet, unit: str, total: str, band: str | None, category: str = "so-nganh"
) -> dr.ScoreResult:
    base = dr.score(example, dr.load_report(EXAMPLES / "tot.json"))
    return attrs.evolve(
        base,
        unit_id=unit,
        category=category,
        total=Decimal(total),
        band=None if band is None else example.band(band),
        status=Status.RATED if band else Status.INELIGIBLE,
    )


def restamped(rs: dr.RuleSet, results: list[dr.ScoreResult]) -> list[dr.ScoreResult]:
    audit = attrs.evolve(results[0].audit, ruleset_sha256=rs.sha256)
    return [attrs.evolve(r, audit=audit) for r in results]


def test_ties_at_the_cut(example: dr.RuleSet) -> None:
    results = [fake(example, f"t{i}", "80", "tot") for i in range(10)]  # limit 2
    results += [fake(example, "a", "95", "xuat-sac"), fake(example, "b", "93", "xuat-sac")]
    results += [fake(example, "c", "93", "xuat-sac"), fake(example, "x", "99", None)]
    demote = dr.apply_quota(example, results)
    assert {r.unit_id for r in demote.results if r.band_code == "xuat-sac"} == {"a"}
    keep_rs = with_quota(example, ties="keep")
    kept = dr.apply_quota(keep_rs, restamped(keep_rs, results))
    assert {r.unit_id for r in kept.results if r.band_code == "xuat-sac"} == {"a", "b", "c"}
    ranks = {r.unit_id: r.cohort.rank for r in demote.results if r.cohort}
    assert (ranks["a"], ranks["b"], ranks["c"], ranks["t0"], ranks["x"]) == (1, 2, 2, 4, None)


def test_base_band_and_above_and_rounding(example: dr.RuleSet) -> None:
    results = [fake(example, f"t{i}", "80", "tot") for i in range(4)]
    results += [fake(example, f"x{i}", f"9{i}", "xuat-sac") for i in range(3)]
    assert dr.apply_quota(example, results).limits[0].limit == 0  # 20% of 4, down
    above = with_quota(example, base="band_and_above", rounding="half_up")
    out = dr.apply_quota(above, restamped(above, results))
    assert (out.limits[0].base_count, out.limits[0].limit) == (7, 1)
    assert [r.unit_id for r in out.results if r.band_code == "xuat-sac"] == ["x2"]


def test_categories_are_separate_cohorts(example: dr.RuleSet) -> None:
    results = [
        fake(example, "a", "95", "xuat-sac"),
        fake(example, "a", "95", "xuat-sac", "ubnd-xa"),
    ]
    out = dr.apply_quota(example, results)
    assert [limit.category for limit in out.limits] == ["so-nganh", "ubnd-xa"]
    assert all(r.cohort is not None and r.cohort.cohort_size == 1 for r in out.results)


def test_no_quota_only_ranks(example: dr.RuleSet) -> None:
    plain = attrs.evolve(example, quota=None)
    results = restamped(
        plain, [fake(example, "a", "95", "xuat-sac"), fake(example, "b", "99", "xuat-sac")]
    )
    out = dr.apply_quota(plain, results)
    assert out.limits == ()
    assert [r.band_code for r in out.results] == ["xuat-sac", "xuat-sac"]
    assert [r.cohort.rank for r in out.results if r.cohort] == [2, 1]


def test_foreign_results_and_duplicates_are_refused(example: dr.RuleSet) -> None:
    other = with_quota(example, share=Decimal("0.5"))
    results = [fake(example, "a", "95", "xuat-sac"), fake(example, "a", "90", "xuat-sac")]
    with pytest.raises(dr.ReportError) as info:
        dr.apply_quota(other, results)
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 3
    assert "was scored with rule set example/dan-van-2024" in messages[0]
    assert "appears twice" in messages[2]


@given(st.integers(0, 500), st.sampled_from(["down", "half_up", "up"]), st.integers(1, 100))
def test_limit_rounding(base: int, rounding: str, percent: int) -> None:
    quota = Quota("a", "b", Decimal(percent) / 100, "b", ASSUMED, rounding=rounding)  # type: ignore[arg-type]
    exact = Decimal(percent) * base / 100
    limit = quota_limit(quota, base)
    if rounding == "down":
        assert limit <= exact < limit + 1
    elif rounding == "up":
        assert limit - 1 < exact <= limit
    else:
        assert abs(exact - limit) <= Decimal("0.5")


@given(st.lists(st.integers(70, 100), min_size=1, max_size=30), st.sampled_from(["demote", "keep"]))
def test_demote_never_exceeds_the_limit(totals: list[int], ties: str) -> None:
    rs = dr.rulesets.get("example/dan-van-2024")
    rs = with_quota(rs, ties=ties)
    results = restamped(
        rs,
        [fake(rs, f"u{i}", str(t), "xuat-sac" if t >= 90 else "tot") for i, t in enumerate(totals)],
    )
    out = dr.apply_quota(rs, results)
    (limit,) = out.limits
    kept = [r for r in out.results if r.band_code == "xuat-sac"]
    if ties == "demote":
        assert len(kept) <= limit.limit
    kept_totals = {r.total for r in kept}
    demoted_totals = {r.total for r in out.results if r.cohort and r.cohort.demoted}
    assert not kept_totals or not demoted_totals or min(kept_totals) > max(demoted_totals)
    assert limit.kept + limit.demoted == sum(t >= 90 for t in totals)
