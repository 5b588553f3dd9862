"""Issue #10 §1: the semantic diff of two rule sets, its impact on a cohort, weight sweeps."""

from __future__ import annotations

import builtins
import datetime as dt
import importlib
import tomllib
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import danvan_rules as dr
import danvan_rules.scoring
from danvan_rules import rulesets
from danvan_rules.errors import (
    ConfigurationError,
    InvalidValueError,
    Problem,
    ReportError,
    RuleSetError,
)
from danvan_rules.model import (
    Bonus,
    Category,
    CountAtLeast,
    Criterion,
    Fact,
    Level,
    Levels,
    Points,
    Provenance,
    Quota,
    Reference,
    Rounding,
    RuleSet,
    Scorecard,
    UnitReport,
)
from danvan_rules.scoring.diff import (
    Change,
    Impact,
    RuleSetDiff,
    Sweep,
    VersionOutcome,
    diff,
    impact,
    sweep,
)
from danvan_rules.testing import reports_for

from .conftest import EXAMPLE_CODE, EXAMPLES, ROOT

diff_module = importlib.import_module("danvan_rules.scoring.diff")
DATA = ROOT / "src" / "danvan_rules" / "data"
_REF = Reference("test")
_ERROR = ReportError(
    [Problem("unreadable", code="data.invalid_value", message_vi="không đọc được")]
)
CHAIN = ("dong-thap/1002-2019", "dong-thap/1318-2021", "dong-thap/817-2023")
EXAMPLE_FILES = ("tot", "xuat-sac", "hoan-thanh", "khong-hoan-thanh", "veto", "khong-du-dieu-kien")


def _example() -> RuleSet:
    return rulesets.get(EXAMPLE_CODE)


def _cohort() -> list[UnitReport]:
    return [dr.load_report(EXAMPLES / f"{name}.json") for name in EXAMPLE_FILES]


def _edit_criterion(rs: RuleSet, code: str, **changes: Any) -> RuleSet:
    card = rs.scorecards[0]
    criteria = tuple(attrs.evolve(c, **changes) if c.code == code else c for c in card.criteria)
    return attrs.evolve(rs, scorecards=(attrs.evolve(card, criteria=criteria), *rs.scorecards[1:]))


def _move_band(rs: RuleSet, code: str, new_min: Decimal) -> RuleSet:
    ordered = rs.bands_ascending
    rank = rs.band_rank(code)
    below = ordered[rank - 1].code
    bands = tuple(
        attrs.evolve(b, min=new_min)
        if b.code == code
        else attrs.evolve(b, below=new_min)
        if b.code == below
        else b
        for b in rs.bands
    )
    return attrs.evolve(rs, bands=bands)


def _quota(rs: RuleSet) -> Quota:
    assert rs.quota is not None
    return rs.quota


def _edit_adjustment(rs: RuleSet, code: str, **changes: Any) -> RuleSet:
    return attrs.evolve(
        rs,
        adjustments=tuple(
            attrs.evolve(a, **changes) if a.code == code else a for a in rs.adjustments
        ),
    )


# ---------------------------------------------------------------------- diff


@pytest.mark.parametrize("code", rulesets.available())
def test_a_rule_set_against_itself_has_no_change(code: str) -> None:
    rs = rulesets.get(code)
    found = diff(rs, rs)
    assert not found
    assert len(found) == 0
    assert found.changes == ()
    assert repr(found) == f"<RuleSetDiff {code!r} → {code!r}: 0 changes>"


_WEIGHTS = st.lists(st.integers(0, 40), min_size=7, max_size=7).filter(lambda w: sum(w) > 0)


@given(raw=_WEIGHTS)
def test_a_reweighting_lists_exactly_the_changed_weights(raw: list[int]) -> None:
    rs = _example()
    roots = list(rs.weights("so-nganh"))
    new = danvan_rules.scoring.reweight(
        rs, "so-nganh", dict(zip(roots, raw, strict=True)), normalize=True
    )
    found = diff(rs, new)
    expected = {
        code: (rs.weights("so-nganh")[code], new.weights("so-nganh")[code])
        for code in roots
        if rs.weights("so-nganh")[code] != new.weights("so-nganh")[code]
    }
    assert {c.subject: (c.before, c.after) for c in found} == expected
    assert all(c.kind == "weight" and c.scope == "so-nganh" for c in found)
    assert [c.path for c in found] == [
        f'categories["so-nganh"].weights["{code}"]' for code in expected
    ]


_LEAVES = ("I.2", "II.1", "IV.1")


@given(
    which=st.sampled_from(("max", "band", "cap")),
    leaf=st.sampled_from(_LEAVES),
    raise_by=st.integers(1, 5),
    band_min=st.integers(51, 89).filter(lambda n: n != 70),
    cap=st.integers(1, 50).filter(lambda n: n != 5),
)
def test_one_random_change_is_named(
    which: str, leaf: str, raise_by: int, band_min: int, cap: int
) -> None:
    rs = _example()
    if which == "max":
        before = (
            rs.scorecards[0].criteria[[c.code for c in rs.scorecards[0].criteria].index(leaf)].max
        )
        after = before + raise_by
        changed = _edit_criterion(rs, leaf, max=after)
        path = f'scorecards["phu-luc-1"].criteria["{leaf}"].max'
        kind = "criterion.max"
    elif which == "band":
        before, after = rs.band("tot").min, Decimal(band_min)
        changed = _move_band(rs, "tot", after)
        path, kind = 'bands["tot"].min', "band.min"
    else:
        before = rs.bonuses["dvk-cap-tinh"].cap
        after = Decimal(cap)
        changed = _edit_adjustment(rs, "dvk-cap-tinh", cap=after)
        path, kind = 'adjustments["dvk-cap-tinh"].cap', "adjustment.changed"
    found = diff(rs, changed)
    assert [(c.kind, c.path, c.before, c.after) for c in found] == [(kind, path, before, after)]
    (change,) = found
    assert str(after) in change.en
    assert str(after) in change.vi


def test_the_records_and_their_texts() -> None:
    rs = _example()
    changed = _edit_criterion(rs, "I.2", max=Decimal(7), title_vi="Mới")
    found = diff(rs, changed)
    assert len(found) == 2
    assert list(iter(found)) == list(found.changes)
    assert dict(found.kinds()) == {"criterion.retitled": 1, "criterion.max": 1}
    assert repr(found) == (
        "<RuleSetDiff 'example/dan-van-2024' → 'example/dan-van-2024': "
        "2 changes: criterion.retitled 1, criterion.max 1>"
    )
    text = found.to_text("vi").splitlines()
    assert text[0] == "example/dan-van-2024 → example/dan-van-2024: 2 thay đổi"
    assert text[2] == "- tiêu chí I.2 (phu-luc-1), điểm tối đa: 5 → 7"
    assert found.to_text("en").splitlines()[2] == "- criterion I.2 of phu-luc-1, max points: 5 → 7"
    assert found.changes[1].text("en") == found.changes[1].en
    assert found.changes[1].text() == found.changes[1].vi
    with pytest.raises(ConfigurationError):
        found.to_text("fr")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError):
        found.changes[0].text("fr")  # type: ignore[arg-type]
    one = diff(rs, _edit_criterion(rs, "I.2", max=Decimal(7)))
    assert repr(one).endswith(": 1 change: criterion.max 1>")


def test_every_kind_of_element_is_compared() -> None:
    rs = _example()
    card = rs.scorecards[0]
    extra = Criterion("VIII", "Mới", 10, Provenance.ASSUMED, _REF, measure=Points())
    kept = [c for c in card.criteria if c.code != "VII"]
    criteria = (
        *(
            attrs.evolve(c, measure=Points(), parent=None, appraiser_only=True, title_en="x")
            if c.code == "V"
            else c
            for c in kept
        ),
        extra,
    )
    so_nganh = attrs.evolve(rs.categories[0], label_vi="Sở", until=dt.date(2030, 1, 1))
    new_card = Scorecard(
        "phu-luc-2",
        "Phụ lục 2",
        (Criterion("A", "A", 100, Provenance.ASSUMED, _REF, measure=Points()),),
    )
    moved = attrs.evolve(rs.categories[1], scorecard="phu-luc-2", weights=())
    bands = tuple(
        attrs.evolve(b, label_vi="Giỏi", label_en="Good", award_proposal=True)
        if b.code == "tot"
        else b
        for b in rs.bands
    )
    conditions = (
        attrs.evolve(rs.conditions[0], label_vi="Kỷ luật (mới)"),
        attrs.evolve(rs.conditions[1], when=CountAtLeast("khieu_nai_dong_nguoi", 3)),
    )
    adjustments = (
        Bonus(
            "dvk-cap-tinh", "Thưởng", 5, Provenance.ASSUMED, reference=_REF
        ),  # same type, points dropped
        Bonus(
            "khieu-nai-dong-nguoi", "Trừ điểm đổi loại", 2, Provenance.ASSUMED, reference=_REF
        ),  # a new type
    )
    facts = (*rs.facts[:3], Fact("moi", "flag", "Mới"), attrs.evolve(rs.facts[3], kind="flag"))
    new = attrs.evolve(
        rs,
        effective_from=dt.date(2024, 2, 1),
        effective_until=dt.date(2026, 1, 1),
        instrument=attrs.evolve(rs.instrument, number="1/QĐ", url="https://x"),
        rounding=Rounding(3, "down"),
        scorecards=(attrs.evolve(card, criteria=criteria), new_card),
        categories=(
            attrs.evolve(so_nganh, weights=()),
            moved,
            Category("moi", "Mới", "phu-luc-1"),
        ),
        bands=bands,
        conditions=conditions,
        adjustments=adjustments,
        facts=facts,
        quota=attrs.evolve(_quota(rs), share=Decimal("0.3")),
        derived=rs.derived[:2],
    )
    found = diff(rs, new)
    kinds = set(found.kinds())
    assert kinds >= {
        "dates",
        "instrument",
        "rounding",
        "scorecard.added",
        "criterion.removed",
        "criterion.added",
        "criterion.measure",
        "criterion.appraiser_only",
        "criterion.retitled",
        "category.added",
        "category.changed",
        "band.label",
        "band.award_proposal",
        "condition.relabelled",
        "condition.removed",
        "condition.changed",
        "adjustment.changed",
        "adjustment.removed",
        "fact.added",
        "fact.changed",
        "quota.changed",
        "derived.removed",
    }
    assert repr(found).endswith(", …>")
    paths = {c.path for c in found}
    assert 'scorecards["phu-luc-2"].criteria["A"]' in paths
    assert 'categories["ubnd-xa"].scorecard' in paths
    assert 'adjustments["khieu-nai-dong-nguoi"]' in paths
    assert 'adjustments["bao-cao-tre-han"]' in paths
    # and back: what was added is removed
    back = set(diff(new, rs).kinds())
    assert {"scorecard.removed", "category.removed", "fact.removed", "derived.added"} <= back
    assert {"condition.added", "adjustment.added"} <= back


def test_a_criterion_moved_to_another_group() -> None:
    a = Scorecard(
        "s",
        "S",
        (
            Criterion("I", "I", 5, Provenance.ASSUMED),
            Criterion("I.1", "x", 5, Provenance.ASSUMED, parent="I", measure=Points()),
        ),
    )
    b = attrs.evolve(a, criteria=(a.criteria[0], attrs.evolve(a.criteria[1], parent=None)))
    found = list(
        diff_module._scorecards(SimpleNamespace(scorecards=(a,)), SimpleNamespace(scorecards=(b,)))
    )
    assert [(c.kind, c.path, c.before, c.after) for c in found] == [
        ("criterion.moved", 'scorecards["s"].criteria["I.1"].parent', "I", None)
    ]
    assert found[0].vi == "tiêu chí I.1 (s), thuộc mục: I → —"


def test_scale_bands_and_quota_added_or_removed() -> None:
    rs = _example()
    scaled = attrs.evolve(rs, quota=None)
    found = list(
        diff_module._scalars(rs, SimpleNamespace(scale=Decimal(200), rounding=rs.rounding))
    )
    assert [(c.kind, c.before, c.after) for c in found] == [("scale", Decimal(100), Decimal(200))]
    assert found[0].en == "scale: 100 → 200"
    assert "quota.removed" in diff(rs, scaled).kinds()
    assert "quota.added" in diff(scaled, rs).kinds()
    assert not [c for c in diff(scaled, scaled) if c.kind.startswith("quota")]
    fewer = attrs.evolve(
        rs,
        bands=tuple(
            attrs.evolve(b, below=None) if b.code == "tot" else b
            for b in rs.bands
            if b.code != "xuat-sac"
        ),
        quota=None,
        conditions=(),
    )
    assert "band.removed" in diff(rs, fewer).kinds()
    added = diff(fewer, rs)
    assert "band.added" in added.kinds()
    assert any(c.vi.startswith("thêm mức xếp loại xuat-sac") for c in added)


def test_values_are_shown_plainly() -> None:
    assert diff_module._show(None) == "—"
    assert diff_module._show(Decimal("1.50")) == "1.5"
    assert diff_module._show(dt.date(2024, 1, 2)) == "2024-01-02"
    assert diff_module._show(("a", Decimal(1))) == "(a, 1)"
    assert diff_module._show(Levels(())) == "levels"
    assert diff_module._show(value=True) == "True"
    assert diff_module._about(object()) == ""


# ---------------------------------------------------------------------- the Đồng Tháp chain


def _toml(code: str) -> dict[str, Any]:
    name = code.replace("/", "-") + ".toml"
    with (DATA / name).open("rb") as f:
        return tomllib.load(f)


def test_the_dong_thap_chain() -> None:
    first, second, third = (rulesets.get(code) for code in CHAIN)
    # the published facts the files encode (docs/sources.md#dong-thap)
    assert second.replaces == CHAIN[0]
    assert third.replaces == CHAIN[1]
    assert second.instrument.effective == dt.date(2021, 9, 6)  # in force on signing
    assert third.instrument.effective == dt.date(2023, 8, 7)
    assert first.effective_until == dt.date(2021, 9, 5)  # the day before 1318 took effect
    one, two = diff(first, second), diff(second, third)
    for found, (a, b) in ((one, CHAIN[:2]), (two, CHAIN[1:])):
        old, new = _toml(a), _toml(b)
        numbers = [c for c in found if c.path == "instrument.number"]
        assert [(c.before, c.after) for c in numbers] == [
            (old["instrument"]["number"], new["instrument"]["number"])
        ]
        # criteria: as many as each file lists; every criterion the files share is compared
        crit_old = {c["code"]: c for c in old["scorecards"][0]["criteria"]}
        crit_new = {c["code"]: c for c in new["scorecards"][0]["criteria"]}
        assert sum(len(card.criteria) for card in rulesets.get(a).scorecards) == len(crit_old)
        retitled = {
            code
            for code in crit_old.keys() & crit_new.keys()
            if crit_old[code]["title_vi"] != crit_new[code]["title_vi"]
        }
        assert {c.subject for c in found if c.path.endswith(".title_vi")} == retitled
        cats_old = {c["code"] for c in old["categories"]}
        cats_new = {c["code"] for c in new["categories"]}
        assert {c.subject for c in found if c.kind == "category.added"} == cats_new - cats_old
        assert {c.subject for c in found if c.kind == "category.removed"} == cats_old - cats_new
        bands_old = {b["code"]: Decimal(str(b["min"])) for b in old["bands"]}
        bands_new = {b["code"]: Decimal(str(b["min"])) for b in new["bands"]}
        assert {c.subject for c in found if c.kind == "band.min"} == {
            code
            for code in bands_old.keys() & bands_new.keys()
            if bands_old[code] != bands_new[code]
        }
    assert len(first.scorecards[0].criteria) == 9
    assert {c.subject for c in one if c.kind == "category.added"} == {"ubnd-huyen"}
    assert {c.subject for c in two if c.kind == "category.removed"} == {"don-vi-su-nghiep"}
    assert {c.subject for c in two if c.kind == "criterion.retitled"} == {"III"}


@settings(max_examples=10)
@given(data=st.data())
def test_the_chain_impact_on_a_cohort(data: st.DataObject) -> None:
    second, third = rulesets.get(CHAIN[1]), rulesets.get(CHAIN[2])
    cohort = data.draw(st.lists(reports_for(second), min_size=1, max_size=6))
    result = impact((second, third), cohort)
    for unit in result.changed:
        assert unit.before.status is not None
        if unit.category == "don-vi-su-nghiep":  # no such category in 817
            assert unit.after.error is not None
            assert "category.removed" in {c.kind for c in unit.why}


# ---------------------------------------------------------------------- impact


def _outcome(rs: RuleSet, item: object) -> tuple[object, ...]:
    if not isinstance(item, UnitReport):
        return (None, None, None)
    try:
        result = dr.score(rs, item)
    except ReportError:
        return (None, None, None)
    return (result.total, result.band_code, result.status)


@given(
    data=st.data(),
    which=st.sampled_from(("weights", "band", "max", "cap", "condition")),
)
def test_a_unit_is_listed_iff_it_scores_differently(data: st.DataObject, which: str) -> None:
    rs = _example()
    if which == "weights":
        new = danvan_rules.scoring.reweight(rs, "so-nganh", {"I": 5, "II": 30})
    elif which == "band":
        new = _move_band(rs, "tot", Decimal(data.draw(st.integers(60, 85), label="min")))
    elif which == "max":
        new = _edit_criterion(rs, "I.2", max=Decimal(8))
    elif which == "cap":
        new = _edit_adjustment(rs, "dvk-cap-tinh", cap=Decimal(1))
    else:
        new = attrs.evolve(
            rs,
            conditions=(
                *rs.conditions[:2],
                attrs.evolve(rs.conditions[2], when=CountAtLeast("khieu_nai_dong_nguoi", 1)),
            ),
        )
    drawn = data.draw(st.lists(reports_for(rs), max_size=5))
    cohort: list[object] = [*drawn, None, _ERROR]
    cohort += [attrs.evolve(drawn[0], category="nope")] if drawn else []
    result = impact(diff(rs, new), cohort)
    assert len(result.before) == len(result.after) == len(cohort)
    assert sum(result.transitions.values()) == len(cohort)
    listed = {u.index for u in result.changed}
    expected = {i for i, item in enumerate(cohort) if _outcome(rs, item) != _outcome(new, item)}
    assert listed == expected
    for unit in result.changed:
        assert unit.why, unit
        assert (unit.before.total, unit.before.band, unit.before.status) == _outcome(
            rs, cohort[unit.index]
        )
        assert (unit.after.total, unit.after.band, unit.after.status) == _outcome(
            new, cohort[unit.index]
        )


def test_impact_reasons_and_texts() -> None:
    rs = _example()
    cohort = _cohort()
    moved = _move_band(rs, "tot", Decimal(85))
    result = impact((rs, moved), cohort)
    assert isinstance(result, Impact)
    assert result
    assert len(result) == 1
    (unit,) = result.changed
    assert (unit.unit_id, unit.before.band, unit.after.band) == ("so-tu-phap", "tot", "hoan-thanh")
    assert [c.path for c in unit.why] == ['bands["tot"].min', 'bands["hoan-thanh"].below'][:1]
    assert result.transitions[("tot", "hoan-thanh")] == 1
    assert repr(result) == (
        "<Impact 'example/dan-van-2024' → 'example/dan-van-2024': 1 of 6 units changed>"
    )
    text = result.to_text("en")
    assert "so-tu-phap: 82.50 tot → 82.50 hoan-thanh" in text
    assert "  - band tot, from: 70 → 85" in text
    assert "tot → hoan-thanh: 1 đơn vị" in result.to_text()
    with pytest.raises(ConfigurationError):
        result.to_text("xx")  # type: ignore[arg-type]
    # a bound that moves across no total is no reason; the same rules change nothing
    assert not impact((rs, rs), cohort)
    labels = {
        VersionOutcome(None, None, None, _ERROR).label,
        VersionOutcome(Decimal(1), None, None).label,
    }
    assert labels == {"error", "ineligible"}


def test_impact_names_what_touches_each_unit() -> None:
    rs = _example()
    cohort = _cohort()
    condition = attrs.evolve(rs.conditions[2], when=CountAtLeast("khieu_nai_dong_nguoi", 1))
    new = attrs.evolve(
        _edit_adjustment(rs, "dvk-cap-tinh", cap=Decimal(1)),
        conditions=(*rs.conditions[:2], condition),
        rounding=Rounding(1, "down"),
        facts=(*rs.facts, Fact("moi", "flag", "Mới")),
        effective_until=dt.date(2030, 1, 1),
    )
    new = _edit_criterion(new, "I.2", max=Decimal(8), title_vi="Tên mới")
    result = impact((rs, new), cohort)
    assert result.changed
    for unit in result.changed:
        kinds = {c.kind for c in unit.why}
        assert "rounding" in kinds
        assert "fact.added" in kinds
        assert "dates" not in kinds
        assert "criterion.retitled" not in kinds  # a title scores nothing
        report = cohort[unit.index]
        assert isinstance(report, UnitReport)
        assert ("criterion.max" in kinds) == ("I.2" in report.self_scores)
    # a category the new rules lack: every unit of it is an error now, with the reason
    gone = attrs.evolve(rs, categories=rs.categories[:1])
    lost = impact((rs, gone), [*cohort, attrs.evolve(cohort[0], category="ubnd-xa")])
    assert lost.changed
    everyone = [*cohort, attrs.evolve(cohort[0], category="ubnd-xa")]
    assert [u.index for u in lost.changed] == [
        i for i, r in enumerate(everyone) if getattr(r, "category", None) == "ubnd-xa"
    ]
    assert "→ error" in lost.to_text("en")
    for unit in lost.changed:
        assert unit.after.error is not None
        assert [c.kind for c in unit.why] == ["category.removed"]
    # a criterion on another scorecard is no reason
    assert not diff_module._Touched.of(lost.diff, cohort[0], []).matters(
        Change("criterion.added", "", None, None, "", "", "Z", "other")
    )


# ---------------------------------------------------------------------- sweep


def _grid(draw: Callable[..., Any]) -> list[dict[str, Decimal]]:
    rs = _example()
    roots = list(rs.weights("so-nganh"))
    settings_: list[dict[str, Decimal]] = []
    for _ in range(draw(st.integers(1, 3))):
        raw = draw(_WEIGHTS)
        full = danvan_rules.scoring.reweight(
            rs, "so-nganh", dict(zip(roots, raw, strict=True)), normalize=True
        ).weights("so-nganh")
        settings_.append(dict(full))
    return settings_


def _check_sweep(result: Sweep, cohort: list[object], grid: list[dict[str, Decimal]]) -> None:
    rs = _example()
    assert len(result) == len(grid)
    for setting, weights in zip(result.settings, grid, strict=True):
        ruleset = danvan_rules.scoring.reweight(rs, "so-nganh", weights)
        assert dict(setting.weights) == dict(ruleset.weights("so-nganh"))
        expected = [_outcome(ruleset, item) for item in cohort]
        assert list(zip(setting.totals, setting.bands, setting.statuses, strict=True)) == expected
        counts = Counter("error" if s is None else b or "ineligible" for _, b, s in expected)
        assert dict(setting.counts) == dict(counts)


@settings(max_examples=15)
@given(data=st.data())
def test_sweep_equals_score_of_reweight_columnar(data: st.DataObject) -> None:
    cohort: list[object] = data.draw(st.lists(reports_for(_example()), min_size=1, max_size=4))
    cohort.append(None)
    grid = _grid(data.draw)
    result = sweep(_example(), "so-nganh", grid, cohort)
    assert result.columnar
    assert result.unit_ids[-1] is None
    _check_sweep(result, cohort, grid)


@settings(max_examples=15)
@given(data=st.data())
def test_sweep_equals_score_of_reweight_without_numpy(data: st.DataObject) -> None:
    cohort: list[object] = data.draw(st.lists(reports_for(_example()), min_size=1, max_size=4))
    cohort.append(_ERROR)
    grid = _grid(data.draw)
    with pytest.MonkeyPatch.context() as patch:
        _hide_numpy(patch)
        result = sweep(_example(), "so-nganh", grid, cohort)
    assert not result.columnar
    _check_sweep(result, cohort, grid)


def _hide_numpy(patch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def fake(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "numpy" or name.startswith("numpy."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    patch.setattr(builtins, "__import__", fake)


def test_sweep_texts_bounds_and_bad_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    rs = _example()
    cohort = _cohort()
    result = sweep(rs, "so-nganh", [{}, {"I": 5, "II": 30}], cohort)
    assert repr(result).startswith("<Sweep 'so-nganh': 2 settings × 6 units")
    with pytest.MonkeyPatch.context() as patch:
        _hide_numpy(patch)
        assert (
            repr(sweep(rs, "so-nganh", [{}], cohort)) == "<Sweep 'so-nganh': 1 settings × 6 units>"
        )
    monkeypatch.setattr(diff_module, "MAX_SWEEP_CELLS", 12)
    assert len(sweep(rs, "so-nganh", [{}, {}], cohort)) == 2
    with pytest.raises(InvalidValueError) as caught:
        sweep(rs, "so-nganh", iter([{}, {}, {}]), cohort)
    assert caught.value.code == "sweep.too_large"
    assert len(sweep(rs, "so-nganh", [{}] * 12, [])) == 12
    with pytest.raises(RuleSetError):
        sweep(rs, "so-nganh", [{"I": 99}], cohort)


def test_the_names_are_exported_lazily() -> None:
    for name in ("diff", "impact", "sweep", "RuleSetDiff", "Change", "Impact", "Sweep"):
        assert name in danvan_rules.scoring.__all__
        assert getattr(danvan_rules.scoring, name) is getattr(diff_module, name) or name == "diff"
    assert danvan_rules.scoring.diff is diff
    assert isinstance(diff(_example(), _example()), RuleSetDiff)


_STEPS = st.sampled_from(["0.25", "0.5", "1", "2"]).map(Decimal)


@given(old=_STEPS, new=_STEPS)
def test_a_measure_change_says_what_changed_in_it(old: Decimal, new: Decimal) -> None:
    rs = _edit_criterion(_example(), "II.1", measure=Points(step=old))
    found = diff(rs, _edit_criterion(rs, "II.1", measure=Points(step=new)))
    if old == new:
        assert not found
        return
    (change,) = found.changes
    assert change.kind == "criterion.measure"
    assert change.en.endswith(f"measure: points(step={old}) → points(step={new})")
    assert change.vi.endswith(f"cách chấm: points(step={old}) → points(step={new})")


def test_levels_rates_deductions_and_a_leaf_made_a_parent_are_shown_with_their_values() -> None:
    rs = _example()
    measures: dict[str, Levels | Points] = {
        "I.3": Levels((Level("Tốt", 5), Level("Chưa đạt", 0))),
        "II.2": Points(step=Decimal(1)),
        "III.2": Points(),
    }
    texts = {
        code: diff(rs, _edit_criterion(rs, code, measure=measure)).changes[-1].en
        for code, measure in measures.items()
    }
    card = rs.scorecards[0]
    leaf = tuple(
        attrs.evolve(c, measure=Points()) if c.code == "II" else c
        for c in card.criteria
        if c.parent != "II"
    )
    flat = attrs.evolve(rs, scorecards=(attrs.evolve(card, criteria=leaf), *rs.scorecards[1:]))
    (made_leaf,) = [c for c in diff(rs, flat).changes if c.kind == "criterion.measure"]
    assert made_leaf.en.endswith("measure: — → points()")
    assert texts["I.3"].endswith(
        "levels(Tốt=5, Khá=3, Trung bình=1, Chưa đạt=0) → levels(Tốt=5, Chưa đạt=0)"
    )
    assert texts["II.2"].endswith("rates(count; ≥0: 0, ≥1: 4, ≥2: 7, ≥4: 10) → points(step=1)")
    assert texts["III.2"].endswith("deductions(per_occurrence=2) → points()")
