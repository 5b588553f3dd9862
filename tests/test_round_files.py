"""Round files: the TOML codec (``codec.rounds``) and ``io.load_round``, every bad input typed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from danvan_rules import io as dio
from danvan_rules.codec.rounds import FACT_KINDS, round_from_data, round_from_toml, round_to_data
from danvan_rules.errors import ReportError
from danvan_rules.io import load_round
from danvan_rules.model.rounds import (
    BandCounts,
    FixedRuleSets,
    Individual,
    RoundError,
    RuleSetsByDate,
    UnitStatus,
)
from danvan_rules.scoring.rounds import reconcile

from .round_strategies import Generated, generated_rounds

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "rounds" / "vi-du-2024"
TOT = json.loads((ROOT / "examples" / "tot.json").read_text(encoding="utf-8"))


def _codes(exc: pytest.ExceptionInfo[RoundError]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in exc.value.problems]


def _base(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "province": "example",
        "year": 2024,
        "rulesets": {"fixed": {"so-nganh": "example/dan-van-2024"}},
        "units": [
            {"id": "so-tu-phap", "name_vi": "Sở Tư pháp", "khoi": "so-nganh"},
            {"id": "so-y-te", "name_vi": "Sở Y tế", "khoi": "so-nganh"},
        ],
    }
    data.update(changes)
    return data


# ------------------------------------------------------------------ the example


def test_the_bundled_example_loads_scores_and_reconciles() -> None:
    loaded = load_round(EXAMPLE / "round.toml")
    r = loaded.round
    assert (r.province, r.year, r.synthetic) == ("example", 2024, True)
    assert r.reports_from == "reports/"
    assert isinstance(r.rulesets, FixedRuleSets)
    assert len(r.registry) == 8
    assert loaded.sources[0] == "reports/so-cong-thuong.json"
    assert len(loaded.reports) == len(loaded.sources) == 7
    assert {k: v.code for k, v in loaded.rulesets.items()} == {
        "so-nganh": "example/dan-van-2024",
        "ubnd-xa": "example/dan-van-2024",
    }
    result = loaded.score()
    assert result.outcome("xa-phu-loi").status is UnitStatus.NOT_IN_YEAR
    assert result.tally("so-nganh").count("tot") == 3
    assert reconcile(result, r.published).ok
    assert len(r.awards) == 1


def test_the_example_round_trips_through_its_data_form() -> None:
    r = load_round(EXAMPLE / "round.toml").round
    data = round_to_data(r)
    assert {f["kind"] for f in data["published"]} <= set(FACT_KINDS)
    assert data["awards"][0]["recipient"] == {"kind": "collective", "unit": "so-noi-vu"}
    assert round_from_data(data) == r


def test_an_individual_recipient_round_trips() -> None:
    award = {
        "kind": "bang-khen",
        "stream": "dan-van-kheo",
        "issuer": "Chủ tịch UBND tỉnh",
        "recipient": {"kind": "individual", "name": "Nguyễn Văn A", "unit": "so-y-te"},
        "source": {"document": "Báo tỉnh"},
    }
    r = round_from_data(_base(awards=[award]))
    assert r.awards[0].recipient == Individual("Nguyễn Văn A", "so-y-te")
    assert round_from_data(round_to_data(r)) == r


@settings(max_examples=30, deadline=None)
@given(generated_rounds(max_units=6))
def test_generated_rounds_round_trip(generated: Generated) -> None:
    assert round_from_data(round_to_data(generated.round)) == generated.round


def test_rulesets_by_date_reads_and_writes() -> None:
    r = round_from_data(_base(rulesets={"by": "date"}))
    assert isinstance(r.rulesets, RuleSetsByDate)
    assert round_to_data(r)["rulesets"] == {"by": "date"}


def test_round_from_toml_reads_bytes() -> None:
    text = (
        'province = "example"\nyear = 2024\nrulesets = { by = "date" }\n'
        '[[units]]\nid = "so-a"\nname_vi = "Sở A"\nkhoi = "so-nganh"\n'
    )
    assert round_from_toml(text.encode()).registry.unit("so-a").province == "example"


def test_a_toml_syntax_error_is_a_round_error() -> None:
    with pytest.raises(RoundError) as exc:
        round_from_toml("province = ")
    assert exc.value.problems[0].code == "document.invalid_toml"


# ------------------------------------------------------------------ bad data


def test_every_type_problem_comes_at_once_with_its_path() -> None:
    units = [
        {"id": "a", "name_vi": "A", "khoi": "so-nganh"},
        {"id": "b", "name_vi": "B", "khoi": "so-nganh"},
        {"id": "c", "name_vi": "C", "khoi": "so-nganh"},
        {"id": "d", "name_vi": "D", "khoi": 7},
    ]
    with pytest.raises(RoundError) as exc:
        round_from_data(_base(units=units, year="2024", colour="red", synthetic="yes"))
    assert _codes(exc) == [
        ("data.expected_integer", "$.year"),
        ("data.expected_boolean", "$.synthetic"),
        ("data.expected_text", "$.units[3].khoi"),
        ("data.unknown_key", "$.colour"),
    ]
    assert all(p.message_vi for p in exc.value.problems)


def test_a_round_that_is_not_a_table() -> None:
    with pytest.raises(RoundError) as exc:
        round_from_data([])  # type: ignore[arg-type]
    assert _codes(exc) == [("data.expected_table", "$")]
    assert "không phải list" in exc.value.problems[0].message_vi


def test_units_that_are_not_a_list() -> None:
    with pytest.raises(RoundError) as exc:
        round_from_data(_base(units="so-a"))
    assert _codes(exc) == [("data.expected_list", "$.units")]


def test_a_unit_that_is_not_a_table_keeps_its_place() -> None:
    with pytest.raises(RoundError) as exc:
        round_from_data(_base(units=["so-a"]))
    assert _codes(exc) == [("data.expected_table", "$.units[0]")]


def test_a_registry_id_used_twice() -> None:
    unit = {"id": "so-a", "name_vi": "Sở A", "khoi": "so-nganh"}
    with pytest.raises(RoundError) as exc:
        round_from_data(_base(units=[unit, unit]))
    assert _codes(exc) == [("registry.duplicate_unit_id", "$.units[1].id")]


def test_a_rename_cycle() -> None:
    units = [
        {"id": "a", "name_vi": "A", "khoi": "so-nganh", "valid_until": "2024-12-31"},
        {"id": "b", "name_vi": "B", "khoi": "so-nganh"},
    ]
    successions = [
        {"kind": "rename", "old": ["a"], "new": ["b"], "date": "2025-01-01"},
        {"kind": "rename", "old": ["b"], "new": ["a"], "date": "2026-01-01"},
    ]
    with pytest.raises(RoundError) as exc:
        round_from_data(_base(units=units, successions=successions))
    assert ("registry.succession_cycle", "$.successions[0]") in _codes(exc)


def test_a_unit_validity_reversed_is_under_its_unit() -> None:
    unit = {
        "id": "a",
        "name_vi": "A",
        "khoi": "so-nganh",
        "valid_from": "2025-01-01",
        "valid_until": "2024-01-01",
    }
    with pytest.raises(RoundError) as exc:
        round_from_data(_base(units=[unit]))
    assert _codes(exc) == [("registry.unit_validity_reversed", "$.units[0].valid_until")]


def test_round_problems_about_inline_units_point_at_the_units() -> None:
    units = [{"id": "xa-a", "name_vi": "UBND xã A", "khoi": "ubnd-xa"}]
    groups = [{"code": "g", "label_vi": "Nhóm", "khoi": ["ubnd-huyen"]}]
    with pytest.raises(RoundError) as exc:
        round_from_data(_base(units=units, groups=groups))
    assert _codes(exc) == [
        ("round.khoi_without_ruleset", "$.units[0].khoi"),
        ("round.unknown_khoi", "$.groups[0].khoi[0]"),
    ]


def test_a_unit_of_another_province() -> None:
    units = [{"id": "a", "name_vi": "A", "khoi": "so-nganh", "province": "dong-thap"}]
    with pytest.raises(RoundError) as exc:
        round_from_data(_base(units=units))
    assert _codes(exc) == [("round.unit_other_province", "$.units[0].province")]


@pytest.mark.parametrize(
    ("rulesets", "expected"),
    [
        ({"by": "day"}, ("roundfile.unknown_ruleset_choice", "$.rulesets.by")),
        ({}, ("roundfile.ruleset_choice", "$.rulesets")),
        (
            {"by": "date", "fixed": {"so-nganh": "example/dan-van-2024"}},
            ("roundfile.ruleset_choice", "$.rulesets"),
        ),
        ({"by": 3}, ("data.expected_text", "$.rulesets.by")),
        ("date", ("data.expected_table", "$.rulesets")),
    ],
)
def test_the_rule_set_choice_is_one_of_two(rulesets: object, expected: tuple[str, str]) -> None:
    with pytest.raises(RoundError) as exc:
        round_from_data(_base(rulesets=rulesets))
    assert _codes(exc) == [expected]


def test_a_missing_rule_set_choice() -> None:
    data = _base()
    del data["rulesets"]
    with pytest.raises(RoundError) as exc:
        round_from_data(data)
    assert _codes(exc) == [("roundfile.ruleset_choice", "$.rulesets")]


def test_the_registry_given_twice_or_not_at_all_or_not_read() -> None:
    with pytest.raises(RoundError) as exc:
        round_from_data(_base(registry="units.toml"))
    assert _codes(exc) == [("roundfile.registry_twice", "$.registry")]
    data = _base(registry="units.toml")
    del data["units"]
    with pytest.raises(RoundError) as exc:
        round_from_data(data)
    assert _codes(exc) == [("roundfile.registry_not_read", "$.registry")]
    del data["registry"]
    with pytest.raises(RoundError) as exc:
        round_from_data(data)
    assert _codes(exc) == [("roundfile.no_registry", "$.units")]
    assert "danh sách đơn vị" in exc.value.problems[0].message_vi


def test_a_registry_given_as_data_is_used_and_its_problems_are_under_registry() -> None:
    data = _base(registry="units.toml")
    units = data.pop("units")
    r = round_from_data(data, registry={"units": units})
    assert r.registry.unit("so-y-te").province == "example"
    with pytest.raises(RoundError) as exc:
        round_from_data(data, registry={"units": [units[0], units[0]], "extra": 1})
    assert _codes(exc) == [("data.unknown_key", "$.registry.extra")]
    with pytest.raises(RoundError) as exc:
        round_from_data(data, registry={"units": [units[0], units[0]]})
    assert _codes(exc) == [("registry.duplicate_unit_id", "$.registry.units[1].id")]
    with pytest.raises(RoundError) as exc:
        round_from_data(data, registry={"units": [{**units[0], "khoi": "ubnd-xa"}]})
    assert _codes(exc) == [("round.khoi_without_ruleset", "$.registry.units[0].khoi")]
    assert round_from_data(data, registry={}).registry.units == ()


@pytest.mark.parametrize(
    ("fact", "expected"),
    [
        ({"kind": "rumour"}, ("roundfile.unknown_kind", "$.published[0]")),
        ({"scope": "so-nganh"}, ("roundfile.unknown_kind", "$.published[0]")),
        ("37", ("data.expected_table", "$.published[0]")),
        (
            {"kind": "band-counts", "scope": "so-nganh", "counts": {}, "source": {"document": "x"}},
            ("published.empty_counts", "$.published[0].counts"),
        ),
        (
            {"kind": "cohort-size", "scope": "so-nganh", "size": "5", "source": {"document": "x"}},
            ("data.expected_integer", "$.published[0].size"),
        ),
        (
            {"kind": "unit-total", "unit": "so-x", "total": 93, "source": {"document": "x"}},
            ("published.unknown_unit", "$.published[0].unit"),
        ),
    ],
)
def test_bad_published_facts(fact: object, expected: tuple[str, str]) -> None:
    with pytest.raises(RoundError) as exc:
        round_from_data(_base(published=[fact]))
    assert _codes(exc) == [expected]


def test_a_published_fact_reads_exactly() -> None:
    fact = {
        "kind": "band-counts",
        "scope": "so-nganh",
        "counts": {"tot": 2},
        "source": {"document": "QĐ 1", "date": "2025-01-15"},
    }
    r = round_from_data(_base(published=[fact]))
    assert isinstance(r.published[0], BandCounts)
    assert dict(r.published[0].counts) == {"tot": 2}


def test_a_recipient_of_an_unknown_kind() -> None:
    award = {
        "kind": "bang-khen",
        "stream": "dan-van-kheo",
        "issuer": "Chủ tịch UBND tỉnh",
        "recipient": {"kind": "team", "name": "x"},
        "source": {"document": "Báo tỉnh"},
    }
    with pytest.raises(RoundError) as exc:
        round_from_data(_base(awards=[award]))
    assert _codes(exc) == [("roundfile.unknown_kind", "$.awards[0].recipient")]
    assert "đối tượng được khen thưởng" in exc.value.problems[0].message_vi


# ------------------------------------------------------------------ files


def _write_round(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "round.toml"
    path.write_text(text, encoding="utf-8")
    return path


_HEAD = """province = "example"
year = 2024
rulesets = { fixed = { so-nganh = "example/dan-van-2024" } }
"""
_UNITS = """
[[units]]
id = "so-tu-phap"
name_vi = "Sở Tư pháp"
khoi = "so-nganh"

[[units]]
id = "so-y-te"
name_vi = "Sở Y tế"
khoi = "so-nganh"

[[units]]
id = "so-cu"
name_vi = "Sở cũ"
khoi = "so-nganh"
valid_until = 2023-12-31
"""


def _report(**changes: Any) -> dict[str, Any]:
    return {**TOT, **changes}


def test_every_bad_report_is_accounted_for_through_the_file(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    files = {
        "a-stranger.json": _report(unit_id="so-khong-co"),
        "b-twice-1.json": _report(unit_id="so-y-te"),
        "b-twice-2.json": _report(unit_id="so-y-te"),
        "c-gone.json": _report(unit_id="so-cu"),
        "d-wrong.json": _report(year=2023, province="dong-thap"),
    }
    for name, data in files.items():
        (reports / name).write_text(json.dumps(data), encoding="utf-8")
    (reports / "notes.txt").write_text("not a report", encoding="utf-8")
    path = _write_round(tmp_path, _HEAD + 'reports = "reports"\n' + _UNITS)
    loaded = load_round(path)
    assert loaded.sources == tuple(f"reports/{name}" for name in files)
    result = loaded.score()
    codes = {(p.code, p.path) for p in result.problems}
    assert codes == {
        ("round.unknown_unit", "$.reports[0].unit_id"),
        ("round.duplicate_report", "$.reports[2]"),
        ("round.unit_not_in_year", "$.reports[3].unit_id"),
        ("round.year_mismatch", "$.reports[4].year"),
        ("round.province_mismatch", "$.reports[4].province"),
    }
    assert result.outcome("so-y-te").status is UnitStatus.INVALID
    assert result.outcome("so-tu-phap").status is UnitStatus.INVALID
    with pytest.raises(RoundError) as exc:
        result.check()
    assert len(exc.value.problems) == 5


def test_a_khoi_the_rule_set_does_not_cover_through_the_file(tmp_path: Path) -> None:
    text = (
        'province = "example"\nyear = 2024\n'
        'rulesets = { fixed = { ubnd-huyen = "example/dan-van-2024" } }\n'
        '[[units]]\nid = "h"\nname_vi = "UBND huyện H"\nkhoi = "ubnd-huyen"\n'
    )
    with pytest.raises(RoundError) as exc:
        load_round(_write_round(tmp_path, text))
    assert _codes(exc) == [("round.khoi_not_covered", "$.units[0].khoi")]
    assert str(tmp_path) in exc.value.subject


def test_an_unknown_rule_set_code(tmp_path: Path) -> None:
    text = _HEAD.replace("example/dan-van-2024", "example/none") + _UNITS
    with pytest.raises(RoundError) as exc:
        load_round(_write_round(tmp_path, text))
    assert _codes(exc) == [("roundfile.unknown_ruleset", '$.rulesets.fixed["so-nganh"]')]


def test_rule_sets_by_date(tmp_path: Path) -> None:
    text = _HEAD.replace('{ fixed = { so-nganh = "example/dan-van-2024" } }', '{ by = "date" }')
    loaded = load_round(_write_round(tmp_path, text + _UNITS))
    assert loaded.rulesets["so-nganh"].code == "example/dan-van-2024"
    assert loaded.score().outcome("so-y-te").status is UnitStatus.NO_REPORT
    with pytest.raises(RoundError) as exc:
        load_round(_write_round(tmp_path / "old", text.replace("2024", "2019") + _UNITS))
    assert _codes(exc) == [("roundfile.no_ruleset_in_force", "$.rulesets.by")]


def test_a_registry_file_beside_the_round(tmp_path: Path) -> None:
    (tmp_path / "units.toml").write_text(_UNITS + _UNITS, encoding="utf-8")
    path = _write_round(tmp_path, _HEAD + 'registry = "units.toml"\n')
    with pytest.raises(RoundError) as exc:
        load_round(path)
    assert ("registry.duplicate_unit_id", "$.registry.units[3].id") in _codes(exc)
    cycle = (
        _UNITS.replace("valid_until = 2023-12-31", "")
        + '[[successions]]\nkind = "rename"\nold = ["so-y-te"]\nnew = ["so-cu"]\ndate = 2024-01-01\n'
        + '[[successions]]\nkind = "rename"\nold = ["so-cu"]\nnew = ["so-y-te"]\ndate = 2025-01-01\n'
    )
    (tmp_path / "units.toml").write_text(cycle, encoding="utf-8")
    with pytest.raises(RoundError) as exc:
        load_round(path)
    assert ("registry.succession_cycle", "$.registry.successions[0]") in _codes(exc)
    (tmp_path / "units.toml").write_text("[[units]\n", encoding="utf-8")
    with pytest.raises(RoundError) as exc:
        load_round(path)
    assert exc.value.problems[0].path.startswith("$.registry")
    (tmp_path / "units.toml").unlink()
    with pytest.raises(RoundError) as exc:
        load_round(path)
    assert _codes(exc) == [("roundfile.unreadable_file", "$.registry")]


def test_a_round_file_that_is_not_toml_or_missing(tmp_path: Path) -> None:
    with pytest.raises(RoundError) as exc:
        load_round(_write_round(tmp_path, "year = = 3"))
    assert exc.value.problems[0].code == "document.invalid_toml"
    with pytest.raises(FileNotFoundError):
        load_round(tmp_path / "none.toml")
    with pytest.raises(RoundError) as exc:
        load_round(_write_round(tmp_path, _HEAD))
    assert str(tmp_path) in exc.value.subject


def test_json_lines_one_report_a_line_bad_lines_with_their_number(tmp_path: Path) -> None:
    lines = [
        json.dumps(_report()),
        "",
        "{not json",
        json.dumps(_report(unit_id="so-y-te", year="2024")),
    ]
    (tmp_path / "reports.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_round(_write_round(tmp_path, _HEAD + 'reports = "reports.jsonl"\n' + _UNITS))
    assert loaded.sources == ("reports.jsonl:1", "reports.jsonl:3", "reports.jsonl:4")
    bad = loaded.reports[1]
    assert isinstance(bad, ReportError)
    assert bad.source == "reports.jsonl:3"
    assert bad.unit_id is None
    named = loaded.reports[2]
    assert isinstance(named, ReportError)
    assert named.unit_id == "so-y-te"
    result = loaded.score()
    assert result.outcome("so-tu-phap").status is UnitStatus.RATED
    assert result.outcome("so-y-te").status is UnitStatus.INVALID
    assert result.refused[0].problems[0].code == "round.unreadable_report"


def test_one_json_file_of_reports(tmp_path: Path) -> None:
    many = [_report(), _report(unit_id="so-y-te")]
    (tmp_path / "all.json").write_text(json.dumps(many), encoding="utf-8")
    loaded = load_round(_write_round(tmp_path, _HEAD + 'reports = "all.json"\n' + _UNITS))
    assert loaded.sources == ("all.json[0]", "all.json[1]")
    (tmp_path / "all.json").write_text(json.dumps(_report()), encoding="utf-8")
    assert load_round(tmp_path / "round.toml").sources == ("all.json",)
    (tmp_path / "all.json").write_text("3", encoding="utf-8")
    loaded = load_round(tmp_path / "round.toml")
    assert isinstance(loaded.reports[0], ReportError)
    assert loaded.reports[0].problems[0].code == "data.expected_reports"


@pytest.mark.parametrize(
    ("reports", "code"),
    [
        ("missing.json", "roundfile.unreadable_file"),
        ("missing/", "roundfile.unreadable_file"),
        ("reports.txt", "roundfile.unknown_reports"),
    ],
)
def test_reports_that_cannot_be_found(tmp_path: Path, reports: str, code: str) -> None:
    text = _HEAD + f'reports = "{reports}"\n' + _UNITS
    with pytest.raises(RoundError) as exc:
        load_round(_write_round(tmp_path, text))
    assert _codes(exc) == [(code, "$.reports")]
    assert exc.value.problems[0].message_vi.startswith(("không đọc được", "reports phải"))


def test_too_many_reports_are_refused_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dio, "MAX_LIST_LENGTH", 1)
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("a.json", "b.json"):
        (folder / name).write_text(json.dumps(_report()), encoding="utf-8")
    (tmp_path / "r.jsonl").write_text("{}\n{}\n", encoding="utf-8")
    for reports in ("reports/", "r.jsonl"):
        text = _HEAD + f'reports = "{reports}"\n' + _UNITS
        with pytest.raises(RoundError) as exc:
            load_round(_write_round(tmp_path, text))
        assert _codes(exc) == [("roundfile.too_many_reports", "$.reports")]


def test_the_example_folder_copied_elsewhere_still_loads(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "copy")
    assert len(load_round(str(tmp_path / "copy" / "round.toml")).reports) == 7
