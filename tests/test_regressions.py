"""One test per bug fixed; each fails without its fix."""

from __future__ import annotations

import io
import json
import os
import sys
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import danvan_rules as dr
from danvan_rules import _toml_sources, cli, rulesets
from danvan_rules.errors import ConfigurationError, DuplicateRuleSetError

from .conftest import EXAMPLE_TOML, EXAMPLES


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    return cli.main(argv, out=out), out.getvalue()


def test_show_a_rule_set_with_an_unused_scorecard(tmp_path: Path) -> None:
    text = EXAMPLE_TOML.read_text(encoding="utf-8")
    spare = '\n[[scorecards]]\ncode = "spare"\ntitle_vi = "Dự phòng"\n\n[[scorecards.criteria]]\ncode = "Z"\ntitle_vi = "Z"\nmax = 1\nmeasure = { kind = "checklist" }\nprovenance = "assumed"\nreference = { document = "x" }\n'
    path = tmp_path / "spare.toml"
    path.write_text(text + spare, encoding="utf-8")
    status, output = run(["show", str(path)])
    assert status == 0
    assert "scorecard spare: Dự phòng" in output
    assert "Z Z [max 1, checklist]" in output


def test_rule_set_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes("title_vi = 'Bộ'".encode("utf-16"))
    with pytest.raises(dr.RuleSetError, match="not UTF-8 text"):
        dr.load_ruleset(path)
    status, output = run(["lint", "--lang", "en", str(path)])
    assert status == 1
    assert "not UTF-8 text" in output


def test_duplicate_codes_are_a_clean_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def duplicate() -> dict[str, rulesets.Entry]:
        raise DuplicateRuleSetError("rule set code 'x/y' is provided twice: by A and by B")

    monkeypatch.setattr(rulesets, "entries", duplicate)
    status, _ = run(["list"])
    assert status == 2
    assert "provided twice: by A and by B" in capsys.readouterr().err


def test_plugin_that_fails_to_import(monkeypatch: pytest.MonkeyPatch) -> None:
    class Point:
        name, value, dist = "broken", "no_such_module.data", None

        def load(self) -> Any:
            raise ModuleNotFoundError("No module named 'no_such_module'")

    monkeypatch.delenv("DANVAN_RULES_NO_PLUGINS")
    monkeypatch.setattr(_toml_sources, "entry_points", lambda **_: [Point()])
    with pytest.raises(dr.RuleSetError) as info:
        rulesets.available()
    assert "cannot be loaded: ModuleNotFoundError" in str(info.value)
    assert "plug-in 'broken'" in str(info.value)


@pytest.mark.parametrize(
    ("value", "disabled"),
    [("1", True), ("TRUE", True), ("on", True), ("", False), ("off", False), ("no", False)],
)
def test_plugin_switch_values(monkeypatch: pytest.MonkeyPatch, value: str, disabled: bool) -> None:
    monkeypatch.setenv("DANVAN_RULES_NO_PLUGINS", value)
    assert _toml_sources.plugins_disabled() is disabled


def test_plugin_switch_refuses_to_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DANVAN_RULES_NO_PLUGINS", "maybe")
    with pytest.raises(ConfigurationError, match="'maybe'"):
        rulesets.available()


def test_scoring_errors_in_a_list_file_name_the_item(tmp_path: Path) -> None:
    reports = json.loads((EXAMPLES / "cohort.json").read_text(encoding="utf-8"))
    reports[2]["self_scores"]["I.2"] = 4.3
    path = tmp_path / "cohort.json"
    path.write_text(json.dumps(reports, ensure_ascii=False), encoding="utf-8")
    status, output = run(["score", "--lang", "en", "--ruleset", "example/dan-van-2024", str(path)])
    assert status == 1
    assert f"report of unit 'so-tu-phap' ({path}, item 2)" in output


def test_broken_pipe_ends_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    class Closed(io.StringIO):
        def write(self, _text: str) -> int:
            raise BrokenPipeError

    redirected: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "open", lambda *_: 99)
    monkeypatch.setattr(os, "dup2", lambda a, b: redirected.append((a, b)))
    stdout = io.StringIO()
    monkeypatch.setattr(stdout, "fileno", lambda: 1)
    monkeypatch.setattr(sys, "stdout", stdout)
    assert cli.main(["list"], out=Closed()) == 0
    assert redirected == [(99, 1)]


def test_percent_deduction_only_on_top_level_criteria() -> None:
    data = dr.ruleset_to_data(dr.rulesets.get("example/dan-van-2024"))
    for adjustment in data["adjustments"]:
        if adjustment["kind"] == "percent_deduction":
            adjustment["criterion"] = "I.2"
    problems = dr.check_ruleset(data)
    assert [(p.path, "not top-level" in p.message) for p in problems] == [
        ("$.adjustments[2].criterion", True)
    ]


def test_former_province_silences_the_mismatch_warning() -> None:
    rs = dr.rulesets.get("example/dan-van-2024")
    report = dr.report_from_data(
        {
            **dr.report_to_data(dr.load_report(EXAMPLES / "tot.json")),
            "province": "x",
            "former_province": "example",
        }
    )
    assert "province-mismatch" not in {w.code for w in dr.score(rs, report).warnings}


def _tot(**changes: Any) -> dr.UnitReport:
    data = dr.report_to_data(dr.load_report(EXAMPLES / "tot.json"))
    return dr.report_from_data({**data, **changes})


def test_a_deduction_limited_to_zero_is_written_0() -> None:
    rs = dr.rulesets.get("example/dan-van-2024")
    nothing = {
        "I.1": True, "I.2": "0", "I.3": "Chưa đạt", "II.1": "0", "II.2": "0", "III.1": "0",
        "III.2": "9", "IV.1": "0", "IV.2": "0", "V": "0", "VI.1": False, "VI.2": "Không có",
    }  # fmt: skip
    facts = {
        "ky_luat": False,
        "moi_thanh_lap": False,
        "khieu_nai_dong_nguoi": 5,
        "bao_cao_tre_han": 3,
    }
    result = dr.score(
        rs, _tot(self_scores=nothing, facts=facts, bonuses={}, appraised_scores={"VII": "0"})
    )
    late = next(
        a for a in dr.result_to_data(result)["adjustments"] if a["code"] == "bao-cao-tre-han"
    )
    assert late["points"] == "0"
    assert result.total == 0


def test_json_numbers_do_not_depend_on_the_inputs_spelling() -> None:
    rs = dr.rulesets.get("example/dan-van-2024")
    scores = dr.report_to_data(dr.load_report(EXAMPLES / "tot.json"))["self_scores"]
    first = dr.result_to_data(dr.score(rs, _tot(self_scores={**scores, "II.1": "8.50"})))
    second = dr.result_to_data(dr.score(rs, _tot(self_scores={**scores, "II.1": "8.5"})))
    assert first == second
    assert next(c for c in first["criteria"] if c["code"] == "II.1")["awarded"] == "8.5"


def test_floats_are_read_by_their_shortest_text_and_toml_numbers_stay_exact() -> None:
    # issue #6: an app hands over json.loads output, so a float is read from its repr
    assert _tot(self_scores={"I.2": 4.5}).self_scores["I.2"] == Decimal("4.5")
    data = dr.ruleset_to_data(dr.rulesets.get("example/dan-van-2024"))
    data["bands"][0]["min"] = 90.0
    assert dr.check_ruleset(data) == ()
    data["bands"][0]["min"] = float("nan")
    assert dr.check_ruleset(data)[0].code == "number.not_finite"
    text = EXAMPLE_TOML.read_text(encoding="utf-8").replace("share = 0.2", "share = 0.199999999999")
    assert dr.ruleset_from_toml(text).quota is not None
    assert str(dr.ruleset_from_toml(text).quota.share) == "0.199999999999"  # type: ignore[union-attr]


def test_an_ineligible_units_gap_names_every_blocking_condition() -> None:
    rs = dr.rulesets.get("example/dan-van-2024")
    facts = {
        "ky_luat": True,
        "moi_thanh_lap": True,
        "khieu_nai_dong_nguoi": 0,
        "bao_cao_tre_han": 0,
    }
    result = dr.score(rs, _tot(facts=facts))
    assert result.gap is not None
    assert result.gap.blocking == ("ky-luat", "moi-thanh-lap")


def test_the_testing_extra_brings_the_toml_writer() -> None:
    from importlib.metadata import requires

    extras = [r for r in requires("danvan_rules") or [] if "extra == 'testing'" in r]
    assert any(r.startswith("tomli-w") for r in extras)


def test_lint_lists_every_problem_of_the_broken_copy() -> None:
    """Done-when of issue #2: `danvan-rules lint` on a broken copy lists every problem."""
    broken = Path(__file__).parent / "data" / "broken-example.toml"
    data = tomllib.loads(broken.read_text(encoding="utf-8"), parse_float=Decimal)
    expected = dr.check_ruleset(data)
    status, output = run(["lint", "--lang", "en", str(broken)])
    assert status == 1
    lines = [line for line in output.splitlines() if " @ $" in line]
    assert len(expected) > 40
    assert lines == [f"{broken}: {problem}" for problem in expected]


def test_type_and_value_problems_of_a_report_come_together() -> None:
    data = {
        "unit_id": "x", "unit_name": "X", "category": "c", "year": 1800, "province": "p",
        "self_scores": {"a": 1.5, "b": "1e99"}, "facts": {"n": -1}, "bonuses": {"b": True},
    }  # fmt: skip
    with pytest.raises(dr.ReportError) as info:
        dr.report_from_data(data)
    # a float is read by its shortest text (issue #6); True is still no number
    assert [p.path for p in info.value.problems] == [
        '$.bonuses["b"]',
        "$.year",
        '$.self_scores["b"]',
        '$.facts["n"]',
    ]


def test_plugin_data_file_that_is_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "latin_plugin"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "bad.toml").write_bytes("code = 'x/ý'".encode("utf-16"))
    monkeypatch.syspath_prepend(str(tmp_path))

    class Point:
        name, value, dist = "latin", "latin_plugin", None

        def load(self) -> Any:
            import importlib

            return importlib.import_module("latin_plugin")

    monkeypatch.delenv("DANVAN_RULES_NO_PLUGINS")
    monkeypatch.setattr(_toml_sources, "entry_points", lambda **_: [Point()])
    with pytest.raises(dr.RuleSetError, match="not UTF-8 text"):
        rulesets.available()


def test_plugin_naming_a_plain_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "loose_module.py").write_text('"""Not a package."""\n', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))

    class Point:
        name, value, dist = "loose", "loose_module", None

        def load(self) -> Any:
            import importlib

            return importlib.import_module("loose_module")

    monkeypatch.delenv("DANVAN_RULES_NO_PLUGINS")
    monkeypatch.setattr(_toml_sources, "entry_points", lambda **_: [Point()])
    with pytest.raises(dr.RuleSetError, match="must name a package of TOML files"):
        rulesets.available()


def test_choosing_rule_sets_for_many_reports_builds_them_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = {"n": 0}
    real = rulesets.load_all

    def counted() -> tuple[dr.RuleSet, ...]:
        calls["n"] += 1
        return real()

    monkeypatch.setattr(rulesets, "load_all", counted)
    status, _ = run(["score", *[str(EXAMPLES / "tot.json")] * 5])
    assert status == 0
    assert calls["n"] == 1
