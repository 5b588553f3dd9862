"""The golden DVK tallies of issue #8 §2: each reconciles; each perturbed copy fails on exactly what it breaks.

The records are data in :mod:`tests.golden_dvk`. A perturbation changes a few
records; the facts it must break are computed from the records by
:func:`~tests.golden_dvk.broken_facts` (a direct count, not the code under
test), and ``reconcile_dvk`` must find exactly those not matched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest

from danvan_rules.model.dvk import (
    Dimension,
    DvkMeasure,
    DvkRecords,
    HolderKind,
    HonouredCount,
    RecognisedCount,
    RegisteredCount,
    SkipReason,
    YearStatus,
)
from danvan_rules.model.rounds import (
    Award,
    AwardKind,
    AwardStream,
    Collective,
    Individual,
    Verdict,
)
from danvan_rules.scoring.dvk import check_registrations, reconcile_dvk, tally, unit_history

from .golden_dvk import (
    BK_CITY_RECOGNISED,
    GOLDEN,
    NOTE,
    SEED_003_UNIT,
    SEED_003_YEARS,
    VP_REGISTERED,
    VT_2020,
    VT_MISSING,
    VT_OFFICES,
    VT_WARDS,
    VT_WARDS_AND_COMMUNES,
    GoldenDvk,
    bac_kan_2021_2025,
    bac_kan_city_2023,
    broken_facts,
    golden_tallies,
    seed_003,
    vinh_phu_2021_2023,
    vung_tau_2021,
)

BY_NAME = {g.name: g for g in golden_tallies()}


def _not_matched(golden: GoldenDvk, records: DvkRecords) -> set[int]:
    """The indexes of the facts reconcile finds not matched (asserting none is uncheckable)."""
    checked = reconcile_dvk(records, golden.published, campaign=golden.campaign)
    assert checked.synthetic
    assert not checked.with_verdict(Verdict.UNCHECKABLE), [c.notes for c in checked.checks]
    return {c.index for c in checked.with_verdict(Verdict.NOT_MATCHED)}


# ---------------------------------------------------------------------- every golden tally


@pytest.mark.parametrize("name", GOLDEN)
def test_the_golden_tally_reconciles_and_every_record_is_synthetic(name: str) -> None:
    golden = BY_NAME[name]
    records = golden.records
    flags = [
        *(m.synthetic for m in records.models),
        *(r.synthetic for r in records.reviews),
        *(r.synthetic for r in records.recognitions),
        *(a.synthetic for a in records.awards),
    ]
    assert flags
    assert all(flags)
    for fact in golden.published:
        assert fact.source.document.strip()
        assert NOTE in fact.source.note
    assert broken_facts(golden, records) == set()
    checked = reconcile_dvk(records, golden.published, campaign=golden.campaign)
    assert checked.ok, [c.notes for c in checked.checks]
    assert checked.synthetic
    assert len(checked.checks) == len(golden.published)
    # the same, from a tally over the campaign's period
    from_tally = reconcile_dvk(tally(golden.campaign, records), golden.published)
    assert from_tally.ok


def _evolve_model(records: DvkRecords, model_id: str, **changes: Any) -> DvkRecords:
    models = tuple(attrs.evolve(m, **changes) if m.id == model_id else m for m in records.models)
    return attrs.evolve(records, models=models)


def _drop_model(records: DvkRecords, model_id: str) -> DvkRecords:
    """The records without the model and its reviews (it has no recognition)."""
    return attrs.evolve(
        records,
        models=tuple(m for m in records.models if m.id != model_id),
        reviews=tuple(r for r in records.reviews if r.model != model_id),
    )


def _drop_recognition(records: DvkRecords, index: int) -> DvkRecords:
    kept = records.recognitions[:index] + records.recognitions[index + 1 :]
    return attrs.evolve(records, recognitions=kept)


def _recognised_model(golden: GoldenDvk, field: str, holder: HolderKind) -> str:
    fields = {m.id: (m.field, m.holder_kind) for m in golden.records.models}
    return next(r.model for r in golden.records.recognitions if fields[r.model] == (field, holder))


def _unrecognised_model(golden: GoldenDvk) -> str:
    recognised = {r.model for r in golden.records.recognitions}
    return next(m.id for m in golden.records.models if m.id not in recognised)


def _award_to(records: DvkRecords, index: int, **changes: Any) -> DvkRecords:
    awards = list(records.awards)
    awards[index] = attrs.evolve(awards[index], **changes)
    return attrs.evolve(records, awards=tuple(awards))


#: (golden, what changes, how many facts it must break at least) — the exact set is computed.
PERTURBATIONS: list[tuple[str, str, Callable[[GoldenDvk], DvkRecords], int]] = [
    (
        "bac-kan-city-2023",
        "one recognition fewer: 201",
        lambda g: _drop_recognition(g.records, 0),
        1,
    ),
    (
        "bac-kan-city-2023",
        "an unrecognised model is dropped: 278 registered",
        lambda g: _drop_model(g.records, _unrecognised_model(g)),
        1,
    ),
    (
        "bac-kan-city-2023",
        "a recognised model moves from nông thôn mới to bản sắc văn hóa",
        lambda g: _evolve_model(
            g.records,
            _recognised_model(g, "nong-thon-moi-do-thi-van-minh", HolderKind.TAP_THE),
            field="ban-sac-van-hoa-du-lich",
        ),
        1,
    ),
    (
        "bac-kan-city-2023",
        "a recognised tập thể becomes a cá nhân",
        lambda g: _evolve_model(
            g.records,
            _recognised_model(g, "cai-cach-hanh-chinh", HolderKind.TAP_THE),
            holder_kind=HolderKind.CA_NHAN,
            person="Cá nhân giả lập",
        ),
        1,
    ),
    (
        "bac-kan-city-2023",
        "an unrecognised model changes field: no published count is about it",
        lambda g: _evolve_model(g.records, _unrecognised_model(g), field="cai-cach-hanh-chinh"),
        0,
    ),
    (
        "bac-kan-city-2023",
        "a recognised model belongs to another campaign: both counts break",
        lambda g: _evolve_model(
            g.records,
            _recognised_model(g, "xay-dung-dang-chinh-quyen", HolderKind.TAP_THE),
            campaign="bac-kan/thanh-pho-2022",
        ),
        2,
    ),
    (
        "vinh-phu-2021-2023",
        "a model aiming at cơ sở aims at huyện",
        lambda g: _evolve_model(g.records, "mh-001", target_level="huyen"),
        1,
    ),
    (
        "vinh-phu-2021-2023",
        "a cơ sở certificate is a huyện one",
        lambda g: attrs.evolve(
            g.records,
            recognitions=(
                attrs.evolve(g.records.recognitions[0], level="huyen"),
                *g.records.recognitions[1:],
            ),
        ),
        1,
    ),
    (
        "vinh-phu-2021-2023",
        "a certificate of a model aiming at tỉnh is added at tỉnh: cơ sở still 42",
        lambda g: attrs.evolve(
            g.records,
            recognitions=(
                *g.records.recognitions,
                attrs.evolve(g.records.recognitions[0], model="mh-074", level="tinh"),
            ),
        ),
        0,
    ),
    (
        "bac-kan-2021-2025",
        "a collective honoured is an individual",
        lambda g: _award_to(g.records, 0, recipient=Individual("Cá nhân (tên không công bố)")),
        1,
    ),
    (
        "bac-kan-2021-2025",
        "an individual's award is for dân vận chính quyền",
        lambda g: _award_to(g.records, 46, stream=AwardStream.DAN_VAN_CHINH_QUYEN),
        1,
    ),
    (
        "bac-kan-2021-2025",
        "a dân vận chính quyền award is added: the DVK honours still hold",
        lambda g: attrs.evolve(
            g.records,
            awards=(
                *g.records.awards,
                attrs.evolve(g.records.awards[0], stream=AwardStream.DAN_VAN_CHINH_QUYEN),
            ),
        ),
        0,
    ),
]


@pytest.mark.parametrize(
    ("name", "change"),
    [(name, change) for name, _, change, _ in PERTURBATIONS],
    ids=[what for _, what, _, _ in PERTURBATIONS],
)
def test_a_perturbed_copy_fails_on_exactly_the_facts_it_breaks(
    name: str, change: Callable[[GoldenDvk], DvkRecords]
) -> None:
    golden = BY_NAME[name]
    records = golden.perturbed(change)
    assert _not_matched(golden, records) == broken_facts(golden, records)


@pytest.mark.parametrize(
    ("name", "change", "least"),
    [(name, change, least) for name, _, change, least in PERTURBATIONS],
    ids=[what for _, what, _, _ in PERTURBATIONS],
)
def test_the_perturbations_break_what_they_are_meant_to(
    name: str, change: Callable[[GoldenDvk], DvkRecords], least: int
) -> None:
    golden = BY_NAME[name]
    broken = broken_facts(golden, golden.perturbed(change))
    assert len(broken) >= least
    if least == 0:
        assert broken == set()


def test_the_oracle_reads_every_kind_of_fact_and_can_fail() -> None:
    kinds = {type(f) for g in golden_tallies() for f in g.published}
    assert kinds == {RegisteredCount, RecognisedCount, HonouredCount}
    golden = bac_kan_city_2023()
    empty = DvkRecords()
    assert broken_facts(golden, empty) == {0, 1}
    assert broken_facts(bac_kan_2021_2025(), empty) == {0}


# ---------------------------------------------------------------------- tally by tally


def test_bac_kan_city_2023_counts_recognitions_per_field_and_holder() -> None:
    golden = bac_kan_city_2023()
    counted = tally(golden.campaign, golden.records)
    assert counted.years == (2023,)
    assert counted.registered.total == 279
    recognised = counted.recognised
    assert recognised.total == 202
    assert dict(recognised.by[Dimension.FIELD]) == BK_CITY_RECOGNISED
    assert dict(recognised.by[Dimension.HOLDER_KIND]) == {"tap-the": 187, "ca-nhan": 15}
    # the city recognises at its own level (the campaign has no provincial level)
    assert dict(recognised.by[Dimension.LEVEL]) == {"co-so": 0, "huyen": 202}
    # register → review → recognise: every recognised model passed its review
    assert counted.reviewed.total == 279
    assert counted.passed.total == 202
    assert counted[DvkMeasure.RECOGNISED] is recognised


def test_vinh_phu_registered_by_target_level_and_certified_at_co_so() -> None:
    golden = vinh_phu_2021_2023()
    counted = tally(golden.campaign, golden.records)
    assert counted.years == (2021, 2022, 2023)
    assert dict(counted.registered.by[Dimension.LEVEL]) == VP_REGISTERED
    assert counted.recognised.count(Dimension.LEVEL, "co-so") == 42
    assert counted.recognised.total == 42
    per_year = counted.recognised.by[Dimension.YEAR]
    assert sum(per_year.values()) == 42
    assert all(per_year[y] > 0 for y in ("2021", "2022", "2023"))
    # one year alone: the fact over the whole period is uncheckable from it
    one = tally(golden.campaign, golden.records, years=[2022])
    checked = reconcile_dvk(one, golden.published)
    assert [c.verdict for c in checked.checks] == [Verdict.UNCHECKABLE] * 2


def test_bac_kan_2021_2025_honours_39_collectives_and_8_individuals() -> None:
    golden = bac_kan_2021_2025()
    honoured = tally(golden.campaign, golden.records).honoured
    assert dict(honoured.by[Dimension.HOLDER_KIND]) == {"tap-the": 39, "ca-nhan": 8}
    assert honoured.count(Dimension.AWARD_KIND, AwardKind.GIAY_KHEN.value) == 47
    assert all(a.stream is AwardStream.DAN_VAN_KHEO for a in golden.records.awards)
    assert sum(isinstance(a.recipient, Collective) for a in golden.records.awards) == 39


def test_seed_003_a_departments_models_reviewed_every_year_over_three_years() -> None:
    c, records = seed_003()
    history = unit_history(c, records, SEED_003_UNIT, SEED_003_YEARS)
    assert history.unit == SEED_003_UNIT
    assert history.years == SEED_003_YEARS
    assert [h.model.id for h in history.models] == ["mh-001", "mh-002", "mh-003"]
    assert history.synthetic
    statuses = {h.model.id: [y.status for y in h.years] for h in history.models}
    assert statuses == {
        "mh-001": [YearStatus.PASSED, YearStatus.FAILED, YearStatus.PASSED],
        "mh-002": [YearStatus.PASSED, YearStatus.PASSED, YearStatus.INCOMPLETE],
        "mh-003": [YearStatus.NOT_RUNNING, YearStatus.PASSED, YearStatus.PASSED],
    }
    # every running model-year was reviewed: "hằng năm, tổ chức đánh giá kết quả của các mô hình"
    running = [y for h in history.models for y in h.years if y.status is not YearStatus.NOT_RUNNING]
    assert all(y.review is not None for y in running)
    failed = history.model("mh-001").year(2022)
    assert failed.review is not None
    assert [r.code for r in failed.review.failing] == ["hieu-qua-lan-toa"]
    incomplete = history.model("mh-002").year(2023)
    assert incomplete.review is not None
    assert len(incomplete.review.unanswered) == 6
    assert history.model("mh-001").year(2021).levels == ("co-so",)
    assert history.model("mh-002").year(2022).tiers == ("tieu-bieu",)
    assert not history.model("mh-003").year(2023).recognised
    assert history.per_year()[2022] == {
        YearStatus.NOT_RUNNING: 0,
        YearStatus.NOT_REVIEWED: 0,
        YearStatus.PASSED: 2,
        YearStatus.FAILED: 1,
        YearStatus.INCOMPLETE: 0,
    }


def test_vung_tau_2021_lists_the_units_that_registered_nothing() -> None:
    c, registry, records = vung_tau_2021()
    report = check_registrations(c, registry, records, 2021)
    wards = [ch for ch in report.checks if ch.unit.khoi == VT_WARDS]
    assert len(wards) == VT_WARDS_AND_COMMUNES == 17
    assert {ch.unit.khoi for ch in report.checks} == {VT_OFFICES, VT_WARDS}
    # computed from the records directly: bound units with no model of this campaign for 2021
    expected = [
        u.id
        for u in registry
        if u.khoi in {VT_OFFICES, VT_WARDS}
        and not any(
            m.unit == u.id and m.campaign == c.code and m.period_from <= 2021 <= m.period_until
            for m in records.models
        )
    ]
    assert [u.id for u in report.missing] == expected == list(VT_MISSING)
    assert report.non_compliant == report.missing
    two = tuple(m.id for m in records.models if m.unit == "phong-noi-vu")
    assert len(two) == 2
    assert report.check("phong-noi-vu").registered == two
    assert report.required == 1
    reasons = {(s.unit, s.reason) for s in report.skipped}
    assert reasons == {
        ("mttq-thanh-pho", SkipReason.UNIT_NOT_CHECKED),
        ("phuong-xa-12", SkipReason.OTHER_CAMPAIGN),
    }
    assert next(m for m in records.models if m.unit == "phuong-xa-12").campaign == VT_2020
    assert report.registered_count + len(report.skipped) == len(records.models)


def test_vung_tau_2021_a_missing_unit_that_registers_leaves_the_list() -> None:
    c, registry, records = vung_tau_2021()
    first = records.models[0]
    added = attrs.evolve(first, id="mh-moi", unit="phuong-xa-05")
    report = check_registrations(c, registry, (*records.models, added), 2021)
    assert [u.id for u in report.missing] == ["phong-ban-07", "phuong-xa-12"]
    dropped = tuple(m for m in records.models if m.unit != "phuong-xa-03")
    report = check_registrations(c, registry, dropped, 2021)
    assert [u.id for u in report.missing] == [
        "phong-ban-07",
        "phuong-xa-03",
        "phuong-xa-05",
        "phuong-xa-12",
    ]


def test_awards_of_the_golden_are_rounds_awards() -> None:
    awards = bac_kan_2021_2025().records.awards
    assert all(isinstance(a, Award) for a in awards)
    assert {type(a.recipient) for a in awards} == {Collective, Individual}
