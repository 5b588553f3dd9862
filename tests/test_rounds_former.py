"""Rounds after the 2025 reorganisation: units of a former province keep their former rules.

A merged province may keep applying its predecessors' rules to their former
territory until it issues its own (docs/sources.md#reorganisation-2025). Lâm
Đồng 2025 (← Lâm Đồng, Đắk Nông, Bình Thuận): by date, the former Lâm Đồng
units are scored by ``lam-dong/1030-2018`` and the former Đắk Nông ones by
``dak-nong/729-2018``. The rounds here are synthetic.
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from danvan_rules import rulesets
from danvan_rules.codec import report_to_data
from danvan_rules.codec.rounds import round_from_data, round_to_data
from danvan_rules.io import load_round
from danvan_rules.model import RuleSet, UnitReport
from danvan_rules.model.rounds import (
    FixedRuleSets,
    Registry,
    Round,
    RoundError,
    RuleSetsByDate,
    Unit,
    UnitStatus,
)
from danvan_rules.scoring.rounds import compare_rounds, score_round
from danvan_rules.testing import report_at

KHOI = "co-quan-nha-nuoc"
LAM_DONG = "lam-dong/1030-2018"
DAK_NONG = "dak-nong/729-2018"


@functools.cache
def _rs(code: str) -> RuleSet:
    return rulesets.get(code)


def _units() -> list[Unit]:
    """Three units of former Lâm Đồng (one without a former province), two of former Đắk Nông."""
    return [
        Unit("so-a", "Sở A (giả lập)", KHOI, "lam-dong"),
        Unit("so-b", "Sở B (giả lập)", KHOI, "lam-dong", former_province="lam-dong"),
        Unit("so-c", "Sở C (giả lập)", KHOI, "lam-dong", former_province="lam-dong"),
        Unit("dn-a", "Cơ quan Đắk Nông A (giả lập)", KHOI, "lam-dong", former_province="dak-nong"),
        Unit("dn-b", "Cơ quan Đắk Nông B (giả lập)", KHOI, "lam-dong", former_province="dak-nong"),
    ]


def _report(unit: Unit, code: str, target: int, year: int = 2025) -> UnitReport:
    base = report_at(_rs(code), KHOI, Decimal(target))
    return attrs.evolve(
        base,
        unit_id=unit.id,
        unit_name=unit.name_vi,
        year=year,
        province="lam-dong",
        former_province=unit.former_province,
    )


def _reports(units: list[Unit], year: int = 2025) -> list[UnitReport]:
    targets = [95, 85, 75, 92, 60]
    return [
        _report(u, DAK_NONG if u.former_province == "dak-nong" else LAM_DONG, t, year)
        for u, t in zip(units, targets, strict=True)
    ]


def _fixed() -> FixedRuleSets:
    return FixedRuleSets({KHOI: LAM_DONG}, former={"dak-nong": {KHOI: DAK_NONG}})


def test_each_unit_is_scored_by_its_former_provinces_rule_set() -> None:
    r = Round("lam-dong", 2025, Registry(_units()), _fixed())
    result = score_round(
        r, _reports(_units()), {KHOI: _rs(LAM_DONG)}, former={"dak-nong": {KHOI: _rs(DAK_NONG)}}
    )
    codes = {
        o.unit.id: o.result.audit.ruleset_code for o in result.outcomes if o.result is not None
    }
    assert codes == {
        "so-a": LAM_DONG,
        "so-b": LAM_DONG,
        "so-c": LAM_DONG,
        "dn-a": DAK_NONG,
        "dn-b": DAK_NONG,
    }
    assert [(u.khoi, u.former_province, u.code) for u in result.rulesets] == [
        (KHOI, None, LAM_DONG),
        (KHOI, "dak-nong", DAK_NONG),
    ]
    assert result.ruleset_of(_units()[3]).code == DAK_NONG
    assert result.ruleset_of(_units()[0]).code == LAM_DONG
    assert result.ruleset_for(KHOI, "binh-thuan").code == LAM_DONG  # no rule set of its own
    # one tally for the khối, over both rule sets' bands; every unit counted once
    tally = result.tally(KHOI)
    assert tally.size == 5
    assert tally.rated == 5
    assert set(tally.bands) == {b.code for code in (LAM_DONG, DAK_NONG) for b in _rs(code).bands}
    # ranks (and the quota) are within each rule set's own group of units
    ranks = {o.unit.id: o.rank for o in result.outcomes}
    assert (ranks["dn-a"], ranks["dn-b"]) == (1, 2)
    assert ranks["so-a"] == 1


def test_the_rule_sets_given_are_checked_against_the_choice() -> None:
    r = Round("lam-dong", 2025, Registry(_units()), _fixed())
    with pytest.raises(RoundError) as caught:
        score_round(
            r,
            [],
            {KHOI: _rs(LAM_DONG)},
            former={"dak-nong": {KHOI: _rs(LAM_DONG)}, "binh-thuan": {KHOI: _rs(LAM_DONG)}},
        )
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("round.ruleset_mismatch", '$.former["dak-nong"]["co-quan-nha-nuoc"]'),
        ("round.unknown_former_scope", '$.former["binh-thuan"]["co-quan-nha-nuoc"]'),
    ]
    with pytest.raises(RoundError) as caught:
        score_round(r, [], {KHOI: _rs(LAM_DONG)})  # the Đắk Nông units need their rule set
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("round.missing_ruleset", '$.former["dak-nong"]["co-quan-nha-nuoc"]')
    ]


def test_a_khoi_of_former_units_only_needs_no_rule_set_of_its_own() -> None:
    units = [u for u in _units() if u.former_province == "dak-nong"]
    r = Round(
        "lam-dong", 2025, Registry(units), FixedRuleSets({}, former={"dak-nong": {KHOI: DAK_NONG}})
    )
    result = score_round(r, _reports(_units())[3:], {}, former={"dak-nong": {KHOI: _rs(DAK_NONG)}})
    assert result.tally(KHOI).rated == 2
    assert result.tally(KHOI).label_vi == _rs(DAK_NONG).category(KHOI).label_vi
    with pytest.raises(RoundError) as caught:
        score_round(Round("lam-dong", 2025, Registry(_units()), _fixed()), [], {})
    assert "round.missing_ruleset" in [p.code for p in caught.value.problems]


def test_a_fixed_choice_names_former_provinces_and_khoi_of_the_registry() -> None:
    with pytest.raises(RoundError) as caught:
        Round(
            "lam-dong",
            2025,
            Registry(_units()),
            FixedRuleSets(
                {},
                former={"binh-thuan": {KHOI: LAM_DONG}, "dak-nong": {"don-vi-su-nghiep": DAK_NONG}},
            ),
        )
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("round.khoi_without_ruleset", "$.registry.units[0].khoi"),
        ("round.khoi_without_ruleset", "$.registry.units[1].khoi"),
        ("round.khoi_without_ruleset", "$.registry.units[3].khoi"),
        ("round.unknown_former_province", '$.rulesets.former["binh-thuan"]'),
        ("round.unknown_khoi", '$.rulesets.former["dak-nong"]["don-vi-su-nghiep"]'),
    ]
    assert _fixed().code_for(KHOI) == LAM_DONG
    assert _fixed().code_for("other", "dak-nong") is None


def test_a_report_naming_another_former_province_makes_the_unit_invalid() -> None:
    r = Round("lam-dong", 2025, Registry(_units()), _fixed())
    reports = _reports(_units())
    reports[3] = attrs.evolve(reports[3], former_province="binh-thuan")
    result = score_round(
        r, reports, {KHOI: _rs(LAM_DONG)}, former={"dak-nong": {KHOI: _rs(DAK_NONG)}}
    )
    outcome = result.outcome("dn-a")
    assert outcome.status is UnitStatus.INVALID
    assert [(p.code, p.path) for p in outcome.problems] == [
        ("round.former_province_mismatch", "$.reports[3].former_province")
    ]


def _write(folder: Path, rulesets_data: dict[str, object], year: int = 2025) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    r = Round("lam-dong", year, Registry(_units()), RuleSetsByDate(), synthetic=True)
    data = {**round_to_data(r), "rulesets": rulesets_data, "reports": "reports.jsonl"}
    import tomli_w

    (folder / "round.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    lines = [json.dumps(report_to_data(x), ensure_ascii=False) for x in _reports(_units(), year)]
    (folder / "reports.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "round.toml"


def test_by_date_a_round_file_chooses_as_for_report_does(tmp_path: Path) -> None:
    loaded = load_round(_write(tmp_path, {"by": "date"}))
    assert {k: rs.code for k, rs in loaded.rulesets.items()} == {KHOI: LAM_DONG}
    assert {p: {k: rs.code for k, rs in m.items()} for p, m in loaded.former.items()} == {
        "lam-dong": {KHOI: LAM_DONG},
        "dak-nong": {KHOI: DAK_NONG},
    }
    result = loaded.score()
    assert result.problems == ()
    for o in result.outcomes:
        assert o.result is not None
        expected = rulesets.for_report(loaded.reports[o.reports[0]])  # type: ignore[arg-type]
        assert o.result.audit.ruleset_code == expected.code


def test_a_fixed_round_file_with_former_provinces(tmp_path: Path) -> None:
    fixed = {"fixed": {KHOI: LAM_DONG}, "former": {"dak-nong": {KHOI: DAK_NONG}}}
    loaded = load_round(_write(tmp_path, fixed))
    assert loaded.round.rulesets == _fixed()
    assert round_from_data(round_to_data(loaded.round)) == loaded.round
    assert loaded.score().ruleset_for(KHOI, "dak-nong").code == DAK_NONG
    bad = {"fixed": {KHOI: LAM_DONG}, "former": {"dak-nong": {KHOI: "dak-nong/nope"}}}
    with pytest.raises(RoundError) as caught:
        load_round(_write(tmp_path / "bad", bad))
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("roundfile.unknown_ruleset", '$.rulesets.former["dak-nong"]["co-quan-nha-nuoc"]')
    ]
    with pytest.raises(RoundError) as caught:
        load_round(_write(tmp_path / "both", {"by": "date", "former": {"dak-nong": {}}}))
    assert [p.code for p in caught.value.problems] == ["roundfile.former_with_date"]


def test_a_former_province_without_rules_is_a_typed_error(tmp_path: Path) -> None:
    units = [
        *_units(),
        Unit(
            "bt-a", "Cơ quan Bình Thuận (giả lập)", KHOI, "lam-dong", former_province="binh-thuan"
        ),
    ]
    folder = tmp_path / "bt"
    folder.mkdir()
    r = Round("lam-dong", 2025, Registry(units), RuleSetsByDate())
    import tomli_w

    (folder / "round.toml").write_text(tomli_w.dumps(round_to_data(r)), encoding="utf-8")
    with pytest.raises(RoundError) as caught:
        load_round(folder / "round.toml")
    (problem,) = caught.value.problems
    assert (problem.code, problem.path) == ("roundfile.no_ruleset_in_force", "$.rulesets.by")
    assert "lam-dong (binh-thuan)" in problem.message_vi


def test_compare_says_which_former_provinces_rule_set_changed() -> None:
    units = _units()
    r24 = Round(
        "lam-dong",
        2025,
        Registry(units),
        FixedRuleSets({KHOI: LAM_DONG}, former={"dak-nong": {KHOI: LAM_DONG}}),
    )
    r25 = Round("lam-dong", 2025, Registry(units), _fixed())
    earlier = score_round(
        r24, [], {KHOI: _rs(LAM_DONG)}, former={"dak-nong": {KHOI: _rs(LAM_DONG)}}
    )
    later = score_round(r25, [], {KHOI: _rs(LAM_DONG)}, former={"dak-nong": {KHOI: _rs(DAK_NONG)}})
    comparison = compare_rounds(earlier, later)
    assert [(c.khoi, c.former_province, c.earlier, c.later) for c in comparison.rulesets] == [
        (KHOI, "dak-nong", LAM_DONG, DAK_NONG)
    ]
    (notice,) = [n for n in comparison.notices if n.code == "compare-rulesets-differ"]
    assert f"{KHOI} (dak-nong): {LAM_DONG} → {DAK_NONG}" in notice.en


def test_for_former_refuses_what_is_not_a_former_province() -> None:
    import datetime as dt

    from danvan_rules.errors import InvalidValueError, UnknownProvinceError

    day = dt.date(2025, 12, 31)
    assert rulesets.for_former("lam-dong", "dak-nong", on=day).code == DAK_NONG
    with pytest.raises(InvalidValueError) as caught:
        rulesets.for_former("lam-dong", "ha-noi", on=day)
    assert "not a former province of 'lam-dong'" in str(caught.value)
    with pytest.raises(InvalidValueError, match="predecessors: none"):
        rulesets.for_former("bac-kan", "ha-noi", on=day)  # a former province has none
    with pytest.raises(UnknownProvinceError):
        rulesets.for_former("lam-dong", "atlantis", on=day)


def test_a_khoi_without_former_rules_keeps_one_rule_set() -> None:
    units = [*_units(), Unit("dv-a", "Đơn vị sự nghiệp (giả lập)", "don-vi-su-nghiep", "lam-dong")]
    choice = FixedRuleSets(
        {KHOI: LAM_DONG, "don-vi-su-nghiep": LAM_DONG}, former={"dak-nong": {KHOI: DAK_NONG}}
    )
    r = Round("lam-dong", 2025, Registry(units), choice)
    result = score_round(
        r,
        [],
        {KHOI: _rs(LAM_DONG), "don-vi-su-nghiep": _rs(LAM_DONG)},
        former={"dak-nong": {KHOI: _rs(DAK_NONG)}},
    )
    assert [(u.khoi, u.former_province) for u in result.rulesets] == [
        (KHOI, None),
        (KHOI, "dak-nong"),
        ("don-vi-su-nghiep", None),
    ]
    assert result.tally("don-vi-su-nghiep").no_report == 1
