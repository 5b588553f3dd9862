"""The feed: answers a rule set derives from a unit's "Dân vận khéo" records (issue #8 §3)."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules import campaigns, explain, result_to_data, rulesets
from danvan_rules.model import (
    Derivation,
    DerivedRung,
    Evidence,
    Fact,
    Provenance,
    Reference,
    RuleSet,
    UnitReport,
)
from danvan_rules.model.dvk import (
    Campaign,
    DvkRecords,
    HolderKind,
    Model,
    ModelKind,
    Recognition,
    Review,
)
from danvan_rules.testing import report_at

A = Provenance.ASSUMED
EXAMPLE = "example/dan-van-2024"
CAMPAIGN = "example/dvk-2021-2025"  # in force 2021–2025, with the guideline's seven requirements
UNIT = "so-a"
DERIVED = ("VI.1", "VI.2")


@functools.cache
def _example() -> RuleSet:
    return rulesets.get(EXAMPLE)


@functools.cache
def _campaign() -> Campaign:
    return campaigns.get(CAMPAIGN)


def _report(year: int = 2024, **changes: Any) -> UnitReport:
    """A valid example report of ``UNIT`` whose DVK answers are left to the records."""
    base = report_at(_example(), "so-nganh", Decimal(80))
    scores = {k: v for k, v in base.self_scores.items() if k not in DERIVED}
    return attrs.evolve(base, unit_id=UNIT, year=year, self_scores=scores, bonuses={}, **changes)


def _model(i: int, *, unit: str = UNIT, years: tuple[int, int] = (2024, 2024), **kw: Any) -> Model:
    return Model(
        f"m{i}",
        f"Mô hình {i} (giả lập)",
        kw.pop("campaign", CAMPAIGN),
        unit,
        "kinh-te",
        ModelKind.MO_HINH,
        HolderKind.TAP_THE,
        dt.date(years[0], 2, 1),
        kw.pop("target", "co-so"),
        years[0],
        years[1],
        synthetic=True,
    )


def _recognition(
    model: str, level: str = "co-so", tier: str = "cong-nhan", year: int = 2024
) -> Recognition:
    return Recognition(
        model, year, level, tier, "Ban Chỉ đạo (giả lập)", "1/QĐ", dt.date(year, 12, 1)
    )


def _evidence(*records: Model | Recognition | Review, campaign: Campaign | None = None) -> Evidence:
    return Evidence(
        DvkRecords(
            models=[r for r in records if isinstance(r, Model)],
            reviews=[r for r in records if isinstance(r, Review)],
            recognitions=[r for r in records if isinstance(r, Recognition)],
        ),
        [campaign or _campaign()],
    )


def _values(result: dr.ScoreResult) -> dict[str, object]:
    return {d.target: d.value for d in result.derived}


# ---------------------------------------------------------------------- what is derived


def test_no_records_no_model_registered() -> None:
    result = dr.score(_example(), _report(), evidence=_evidence())
    assert _values(result) == {
        "criterion:VI.1": False,
        "criterion:VI.2": "Không có",
        "bonus:dvk-cap-tinh": 0,
    }
    assert result.line("VI.1").awarded == 0
    assert result.line("VI.2").awarded == 0


def test_a_first_model_registered_raises_the_score() -> None:
    before = dr.score(_example(), _report(), evidence=_evidence())
    after = dr.score(_example(), _report(), evidence=_evidence(_model(1)))
    assert _values(after)["criterion:VI.1"] is True
    assert _values(after)["criterion:VI.2"] == "Đang thực hiện"
    assert after.total - before.total == Decimal(4 + 2)  # VI.1 4 points, VI.2 "Đang thực hiện" 2
    (vi1,) = [d for d in after.derived if d.target == "criterion:VI.1"]
    assert (vi1.count, vi1.counted, vi1.records, vi1.campaign) == (
        "registered",
        1,
        ("m1",),
        CAMPAIGN,
    )
    assert vi1.reference is not None
    assert "1606" in vi1.reference.document
    assert vi1.assumed


def test_recognitions_climb_the_rungs_and_count_for_the_bonus() -> None:
    m1, m2 = _model(1), _model(2)
    recognised = dr.score(_example(), _report(), evidence=_evidence(m1, _recognition("m1")))
    assert _values(recognised)["criterion:VI.2"] == "Được công nhận"
    exemplary = _evidence(m1, m2, _recognition("m1", tier="tieu-bieu"), _recognition("m2", "tinh"))
    result = dr.score(_example(), _report(), evidence=exemplary)
    assert _values(result)["criterion:VI.2"] == "Tiêu biểu"
    assert _values(result)["bonus:dvk-cap-tinh"] == 1  # one recognition at provincial level
    (bonus,) = [a for a in result.adjustments if a.code == "dvk-cap-tinh"]
    assert bonus.points == 1


def test_only_the_units_models_of_the_campaign_and_year_count() -> None:
    others = _evidence(
        _model(1, unit="so-b"),
        _model(2, years=(2022, 2023)),
        _model(3, campaign="ba-ria-vung-tau/vung-tau-1606-2021"),
        _recognition("m2", year=2024),  # a recognition of a model that does not run in 2024
        _recognition("m9"),  # of no model of the unit
    )
    assert _values(dr.score(_example(), _report(), evidence=others))["criterion:VI.1"] is False


def test_a_model_running_over_several_years_counts_in_each() -> None:
    running = _evidence(_model(1, years=(2022, 2025)))
    for year in (2022, 2023, 2024, 2025):
        assert _values(dr.score(_example(), _report(year), evidence=running))["criterion:VI.1"]


def _with(extra_facts: tuple[Fact, ...], derived: tuple[Derivation, ...]) -> RuleSet:
    rs = _example()
    return attrs.evolve(rs, facts=(*rs.facts, *extra_facts), derived=(*rs.derived, *derived))


def test_facts_and_count_criteria_can_be_derived_too() -> None:
    rs = _with(
        (
            Fact("mo_hinh_dat", "count", "Số mô hình đạt yêu cầu"),
            Fact("du_hai_mo_hinh", "flag", "Có ít nhất hai mô hình"),
        ),
        (
            Derivation("fact:mo_hinh_dat", A, count="passed"),
            Derivation("fact:du_hai_mo_hinh", A, count="registered", at_least=2),
            Derivation("criterion:II.2", A, count="registered"),
        ),
    )
    every = {r.code: True for r in _campaign().requirements}
    one_fails = {**every, "ben-vung": False}
    evidence = _evidence(
        _model(1),
        _model(2),
        Review("m1", 2024, "Ban Chỉ đạo", every),
        Review("m2", 2024, "Ban Chỉ đạo", one_fails),
    )
    base = _report()
    report = attrs.evolve(
        base, self_scores={k: v for k, v in base.self_scores.items() if k != "II.2"}
    )
    values = _values(dr.score(rs, report, evidence=evidence))
    assert values["fact:mo_hinh_dat"] == 1
    assert values["fact:du_hai_mo_hinh"] is True
    assert values["criterion:II.2"] == 2


# ---------------------------------------------------------------------- typed by hand


def test_an_answer_typed_by_hand_that_agrees_is_kept() -> None:
    typed = attrs.evolve(
        _report(),
        self_scores={**_report().self_scores, "VI.1": True, "VI.2": "Đang thực hiện"},
        bonuses={"dvk-cap-tinh": 0},
    )
    evidence = _evidence(_model(1))
    with_records = dr.score(_example(), typed, evidence=evidence)
    without = dr.score(_example(), typed)
    assert attrs.evolve(with_records, derived=()) == without
    assert without.derived == ()


def test_an_answer_typed_by_hand_that_the_records_contradict_names_both_values() -> None:
    typed = attrs.evolve(
        _report(),
        self_scores={**_report().self_scores, "VI.1": True, "VI.2": "Tiêu biểu"},
        bonuses={"dvk-cap-tinh": 2},
        appraised_scores={"VII": Decimal(8), "VI.2": "Được công nhận"},
    )
    with pytest.raises(dr.ReportError) as caught:
        dr.score(_example(), typed, evidence=_evidence(_model(1)))
    found = [(p.code, p.path) for p in caught.value.problems]
    assert found == [
        ("report.derived_mismatch", '$.self_scores["VI.2"]'),
        ("report.derived_mismatch", '$.bonuses["dvk-cap-tinh"]'),
    ]
    assert caught.value.problems[0].message == (
        "VI.2: the report says 'Tiêu biểu', the Dân vận khéo records give 'Đang thực hiện' "
        "(registered: 1 under example/dvk-2021-2025)"
    )
    assert "hồ sơ Dân vận khéo cho 'Đang thực hiện'" in caught.value.problems[0].message_vi
    appraised = attrs.evolve(typed, self_scores=_report().self_scores, bonuses={})
    with pytest.raises(dr.ReportError) as caught:
        dr.score(_example(), appraised, evidence=_evidence(_model(1)))
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("report.derived_mismatch", '$.appraised_scores["VI.2"]')
    ]


def test_without_records_a_report_works_as_before() -> None:
    report = dr.load_report("examples/tot.json")
    assert dr.score(_example(), report).derived == ()
    plain = attrs.evolve(_example(), derived=())
    assert dr.score(plain, report, evidence=_evidence(_model(1))).derived == ()


# ---------------------------------------------------------------------- the campaign


def test_the_campaign_must_be_found_once() -> None:
    none = Evidence(DvkRecords(), [campaigns.get("ho-chi-minh/so-van-hoa-the-thao-2016")])
    with pytest.raises(dr.ReportError) as caught:
        dr.score(_example(), _report(), evidence=none)
    assert {p.code for p in caught.value.problems} == {"report.derived_campaign"}
    assert len(caught.value.problems) == 3  # one per derivation
    two = Evidence(DvkRecords(), [_campaign(), campaigns.get("bac-kan/dvk-2021-2025")])
    with pytest.raises(dr.ReportError, match="the evidence has 2 such"):
        dr.score(_example(), _report(), evidence=two)
    named = attrs.evolve(
        _example(),
        derived=tuple(
            attrs.evolve(d, campaign="bac-kan/dvk-2021-2025") for d in _example().derived
        ),
    )
    result = dr.score(named, _report(), evidence=two)
    assert {d.campaign for d in result.derived} == {"bac-kan/dvk-2021-2025"}
    with pytest.raises(dr.ReportError, match="need campaign bac-kan/dvk-2021-2025"):
        dr.score(named, _report(), evidence=_evidence())


def test_a_level_or_tier_the_campaign_lacks_is_a_typed_error() -> None:
    rs = attrs.evolve(
        _example(),
        derived=(
            Derivation("bonus:dvk-cap-tinh", A, count="recognised", recognition_level="trung-uong"),
            Derivation(
                "criterion:VI.2",
                A,
                rungs=(DerivedRung("Tiêu biểu", "recognised", tier="xuat-sac"),),
                otherwise="Không có",
            ),
        ),
    )
    with pytest.raises(dr.ReportError) as caught:
        dr.score(rs, _report(), evidence=_evidence())
    assert [p.message for p in caught.value.problems] == [
        "bonus:dvk-cap-tinh: campaign example/dvk-2021-2025 has no level 'trung-uong'",
        "criterion:VI.2: campaign example/dvk-2021-2025 has no tier 'xuat-sac'",
    ]


def test_an_unknown_category_is_the_scorers_usual_error() -> None:
    with pytest.raises(dr.ReportError) as caught:
        dr.score(_example(), _report(category="nope"), evidence=_evidence())
    assert [p.code for p in caught.value.problems][:1] == ["report.unknown_category"]


# ---------------------------------------------------------------------- what it shows


def test_explain_and_the_json_cite_both_the_criterion_and_the_campaign() -> None:
    result = dr.score(_example(), _report(), evidence=_evidence(_model(1)))
    text = explain(result, "en")
    (line,) = [ln for ln in text.splitlines() if ln.startswith("  VI.1: ")]
    assert line.startswith(
        "  VI.1: ✓ (1 models registered, campaign example/dvk-2021-2025; records: m1)"
    )
    assert "Công văn 1606/UBND-NV (2021), Vũng Tàu" in line  # the rule set's citation
    assert "[campaign's requirement: " in line
    assert "Lấy từ hồ sơ Dân vận khéo:" in explain(result, "vi")
    data = result_to_data(result)
    assert [d["target"] for d in data["derived"]] == [
        "criterion:VI.1",
        "criterion:VI.2",
        "bonus:dvk-cap-tinh",
    ]
    assert data["derived"][0]["records"] == ["m1"]


# ---------------------------------------------------------------------- properties


@st.composite
def _registers(draw: st.DrawFn) -> list[Model | Recognition]:
    n = draw(st.integers(0, 4))
    out: list[Model | Recognition] = [_model(i) for i in range(n)]
    for i in range(n):
        tier = draw(st.sampled_from([None, "cong-nhan", "tieu-bieu", "de-nghi-khen-thuong"]))
        if tier is not None:
            out.append(_recognition(f"m{i}", draw(st.sampled_from(["co-so", "tinh"])), tier))
    return out


@given(_registers(), _registers())
def test_more_records_never_lower_the_score(first: list[Any], more: list[Any]) -> None:
    renamed = [
        attrs.evolve(r, id=f"x{r.id}")
        if isinstance(r, Model)
        else attrs.evolve(r, model=f"x{r.model}")
        for r in more
    ]
    fewer = dr.score(_example(), _report(), evidence=_evidence(*first))
    bigger = dr.score(_example(), _report(), evidence=_evidence(*first, *renamed))
    assert bigger.total >= fewer.total
    registered = [r for r in first if isinstance(r, Model)]
    assert _values(fewer)["criterion:VI.1"] is bool(registered)


@given(_registers())
def test_typing_the_derived_answers_by_hand_gives_the_same_result(records: list[Any]) -> None:
    evidence = _evidence(*records)
    derived = dr.score(_example(), _report(), evidence=evidence)
    values = _values(derived)
    typed = attrs.evolve(
        _report(),
        self_scores={
            **_report().self_scores,
            "VI.1": values["criterion:VI.1"],
            "VI.2": values["criterion:VI.2"],
        },
        bonuses={"dvk-cap-tinh": values["bonus:dvk-cap-tinh"]},
    )
    assert dr.score(_example(), typed).total == derived.total
    assert dr.score(_example(), typed, evidence=evidence).total == derived.total


# ---------------------------------------------------------------------- lint


def _lint(*derived: Derivation) -> list[tuple[str, str]]:
    data = {**dr.ruleset_to_data(_example()), "derived": [_data(d) for d in derived]}
    return [(p.code, p.path) for p in dr.check_ruleset(data)]


def _data(d: Derivation) -> dict[str, Any]:
    from danvan_rules.codec._converter import CONVERTER

    data: dict[str, Any] = CONVERTER.unstructure(d)
    return data


REF = Reference("Phong trào thi đua Dân vận khéo")


@pytest.mark.parametrize(
    ("derivation", "expected"),
    [
        (Derivation("criterion:VI.1", A, count="registered"), []),
        (
            Derivation("oops", A, count="registered"),
            [("lint.derived_target", "$.derived[0].target")],
        ),
        (
            Derivation("criterion:IX", A, count="registered"),
            [("lint.derived_unknown_target", "$.derived[0].target")],
        ),
        (
            Derivation("bonus:nope", A, count="registered"),
            [("lint.derived_unknown_target", "$.derived[0].target")],
        ),
        (
            Derivation("fact:nope", A, count="registered"),
            [("lint.derived_unknown_target", "$.derived[0].target")],
        ),
        (
            Derivation("criterion:I.2", A, count="registered"),
            [("lint.derived_measure", "$.derived[0].target")],
        ),
        (Derivation("criterion:VI.1", A), [("lint.derived_shape", "$.derived[0]")]),
        (
            Derivation("criterion:VI.1", A, count="registered", otherwise="x"),
            [("lint.derived_shape", "$.derived[0]")],
        ),
        (
            Derivation("criterion:VI.2", A, count="registered"),
            [("lint.derived_shape", "$.derived[0]")],
        ),
        (
            Derivation(
                "criterion:VI.2",
                A,
                rungs=(DerivedRung("Giỏi", "registered", at_least=0),),
                otherwise="Kém",
            ),
            [
                ("lint.derived_at_least", "$.derived[0].rungs[0].at_least"),
                ("lint.derived_level", "$.derived[0].rungs[0].level"),
                ("lint.derived_level", "$.derived[0].otherwise"),
            ],
        ),
        (Derivation("fact:ky_luat", A), [("lint.derived_shape", "$.derived[0]")]),
        (Derivation("bonus:dvk-cap-tinh", A), [("lint.derived_shape", "$.derived[0]")]),
        (
            Derivation("criterion:VI.1", A, count="registered", tier="tieu-bieu", at_least=0),
            [
                ("lint.derived_at_least", "$.derived[0].at_least"),
                ("lint.derived_filter", "$.derived[0].tier"),
            ],
        ),
        (
            Derivation(
                "criterion:VI.2",
                A,
                rungs=(DerivedRung("Tiêu biểu", "passed", recognition_level="tinh"),),
                otherwise="Không có",
            ),
            [("lint.derived_filter", "$.derived[0].rungs[0].recognition_level")],
        ),
        (
            Derivation("criterion:VI.1", A, count="registered", campaign="Vũng Tàu"),
            [("lint.derived_campaign", "$.derived[0].campaign")],
        ),
        (
            Derivation("criterion:VI.1", Provenance.SOURCED, count="registered"),
            [("lint.missing_reference", "$.derived[0].reference")],
        ),
        (Derivation("criterion:VI.1", Provenance.SOURCED, count="registered", reference=REF), []),
    ],
)
def test_the_linter_checks_every_derivation(
    derivation: Derivation, expected: list[tuple[str, str]]
) -> None:
    assert _lint(derivation) == expected


def test_a_target_derived_twice_and_a_bonus_of_points() -> None:
    twice = Derivation("criterion:VI.1", A, count="registered")
    assert _lint(twice, twice) == [("lint.duplicate", "$.derived")]
    rs = _example()
    bonus = next(a for a in rs.adjustments if a.code == "dvk-cap-tinh")
    data = dr.ruleset_to_data(attrs.evolve(rs, derived=()))
    for adj in data["adjustments"]:
        if adj["code"] == bonus.code:
            del adj["points"]
    data["derived"] = [_data(Derivation("bonus:dvk-cap-tinh", A, count="recognised"))]
    assert [(p.code, p.path) for p in dr.check_ruleset(data)] == [
        ("lint.derived_measure", "$.derived[0].target")
    ]


def test_the_citations_fall_back_to_the_rule_and_the_campaign() -> None:
    rs = attrs.evolve(
        _example(), derived=tuple(attrs.evolve(d, reference=None) for d in _example().derived)
    )
    vung_tau = campaigns.get("ba-ria-vung-tau/vung-tau-1606-2021")
    model = _model(1, years=(2021, 2021), campaign=vung_tau.code)
    result = dr.score(rs, _report(2021), evidence=_evidence(model, campaign=vung_tau))
    by_target = {d.target: d for d in result.derived}
    bonus = next(a for a in rs.adjustments if a.code == "dvk-cap-tinh")
    assert by_target["bonus:dvk-cap-tinh"].reference == bonus.reference
    assert by_target["criterion:VI.1"].reference == _example().scorecards[0].criteria[-3].reference
    assert vung_tau.registration is not None
    assert by_target["criterion:VI.1"].requirement == vung_tau.registration.reference


# ---------------------------------------------------------------------- the command line


def _register_file(tmp_path: Any, *models: Model) -> str:
    import json

    from danvan_rules.codec.dvk import records_to_data

    path = tmp_path / "register.json"
    path.write_text(json.dumps(records_to_data(DvkRecords(models=models))), encoding="utf-8")
    return str(path)


def _cli(*argv: str) -> tuple[int, str]:
    import io

    from danvan_rules.cli import main

    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_score_and_explain_take_the_records_with_dvk(tmp_path: Any) -> None:
    import json

    from danvan_rules.codec import report_to_data

    report = tmp_path / "report.json"
    report.write_text(json.dumps(report_to_data(_report())), encoding="utf-8")
    register = _register_file(tmp_path, _model(1))
    status, text = _cli(
        "score", "--ruleset", EXAMPLE, str(report), "--dvk", register, "--format", "json"
    )
    assert status == 0
    (data,) = json.loads(text)
    assert [d["value"] for d in data["derived"]] == [True, "Đang thực hiện", 0]
    status, text = _cli("explain", str(report), "--dvk", register, "--campaign", CAMPAIGN)
    assert status == 0
    assert "Lấy từ hồ sơ Dân vận khéo:" in text
    campaign_file = tmp_path / "campaign.toml"
    import tomli_w

    from danvan_rules.codec.campaigns import campaign_to_data

    campaign_file.write_text(tomli_w.dumps(campaign_to_data(_campaign())), encoding="utf-8")
    status, _ = _cli("score", str(report), "--dvk", register, "--campaign", str(campaign_file))
    assert status == 0
    # without the records, the report lacks its DVK answers: invalid, as before
    status, text = _cli("score", str(report), "--lang", "en")
    assert status == 1
    assert "VI.1" in text


def test_dvk_usage_errors(tmp_path: Any) -> None:
    report = "examples/tot.json"
    assert _cli("score", report, "--campaign", CAMPAIGN)[0] == 2
    assert _cli("score", report, "--dvk", str(tmp_path / "missing.json"))[0] == 2
    register = _register_file(tmp_path, _model(1))
    assert _cli("score", report, "--dvk", register, "--campaign", str(tmp_path / "no.toml"))[0] == 2
    assert _cli("score", report, "--dvk", register, "--campaign", "example/nope")[0] == 2
