"""The contributor's commands: ``danvan-rules test``, ``check`` and ``show``'s annex view."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import danvan_rules as dr
import danvan_rules.testing as kit
import danvan_rules.testing._kit as kit_impl
from danvan_rules import rulesets
from danvan_rules.cli import main
from danvan_rules.cli._commands import measure_text
from danvan_rules.errors import MissingExtraError

from .cli_run import run
from .test_golden_runner import BAD, GOOD

ROOT = Path(__file__).resolve().parent.parent
OWN_CASES = ROOT / "tests" / "rulesets" / "cases"
EXAMPLE_CODE = "example/dan-van-2024"


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------------- test


def test_the_repository_cases_run_from_the_shell() -> None:
    cases = [case for path in sorted(OWN_CASES.rglob("*.toml")) for case in kit.load_cases(path)]
    failing = []
    for case in cases:
        try:
            case.run()
        except AssertionError:
            failing.append(case.id)
    status, text = run("test", str(OWN_CASES))
    assert len(cases) >= 288
    assert status == (1 if failing else 0)
    assert text.splitlines()[-1] == f"{len(cases) - len(failing)} passed, {len(failing)} failed"
    assert [line[5:] for line in text.splitlines() if line.startswith("FAIL ")] == failing


def test_verbose_lists_each_passing_case(tmp_path: Path) -> None:
    good = write(tmp_path, "good.toml", GOOD)
    status, text = run("test", "-v", good)
    assert status == 0
    lines = text.splitlines()
    assert lines[0] == f"ok   {good}::case[0] the base report"
    assert lines[-1] == "7 passed, 0 failed"


def test_each_failing_case_is_printed_with_expected_and_actual(tmp_path: Path) -> None:
    good = write(tmp_path, "good.toml", GOOD)
    bad = write(tmp_path, "bad.toml", BAD)
    status, text = run("test", good, bad)
    assert status == 1
    lines = text.splitlines()
    assert f"FAIL {bad}::criterion[0] I.3" in lines
    assert "  points of I.3 answered 'Tốt': expected 4, got 5" in lines
    assert lines[-1] == "7 passed, 7 failed"
    assert not any(line.startswith("ok ") for line in lines)


def test_a_case_that_cannot_be_scored_is_an_error_line(tmp_path: Path) -> None:
    unknown = GOOD.replace('"example/dan-van-2024"\n', '"no/such"\n', 1)
    broken = GOOD.replace("year = 2024\n", 'year = "x"\n', 1)
    status, text = run("test", "--lang", "en", write(tmp_path, "a.toml", unknown))
    assert status == 1
    assert "  no rule set 'no/such'; available: " in text
    assert text.splitlines()[-1] == "2 passed, 5 failed"
    status, text = run("test", "--lang", "en", write(tmp_path, "b.toml", broken))
    assert status == 1
    lines = text.splitlines()
    assert f"ERROR {tmp_path / 'b.toml'}::case[0] the base report" in lines
    assert any(line.startswith("  1 problem in report of unit 'so-tu-phap':") for line in lines)
    assert any(line.startswith("    ") and line.endswith("@ $.year") for line in lines)


def test_a_malformed_cases_file_is_reported_in_the_language_asked(tmp_path: Path) -> None:
    path = write(tmp_path, "x.toml", 'ruleset = "x"\n[[cases]]\nname = "n"\n')
    status, text = run("test", path)
    assert status == 1
    assert text.splitlines()[0] == f"1 lỗi trong tệp ca kiểm thử {path}:"
    assert text.splitlines()[-1] == "0 passed, 1 failed"
    status, text = run("test", "--lang", "en", path)
    assert text.splitlines()[0] == f"1 problem in cases file {path}:"


def test_folders_are_searched_for_toml_files(tmp_path: Path) -> None:
    (tmp_path / "deep").mkdir()
    write(tmp_path / "deep", "good.toml", GOOD)
    write(tmp_path, "notes.txt", "not a cases file")
    assert run("test", str(tmp_path)) == (0, "7 passed, 0 failed\n")


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("test", str(tmp_path / "missing.toml")) == (2, "")
    assert capsys.readouterr().err == (
        f"danvan-rules: error: no such file or folder: {tmp_path / 'missing.toml'}\n"
    )
    assert run("test", str(tmp_path)) == (2, "")
    assert capsys.readouterr().err == f"danvan-rules: error: no cases files found in {tmp_path}\n"
    (tmp_path / "folder.toml").mkdir()
    assert run("test", str(tmp_path)) == (2, "")
    assert "cannot read " in capsys.readouterr().err


def test_test_runs_without_hypothesis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "danvan_rules.testing._kit", raising=False)
    assert run("test", write(tmp_path, "good.toml", GOOD)) == (0, "7 passed, 0 failed\n")


# ---------------------------------------------------------------------- check


def test_check_a_sound_rule_set() -> None:
    assert run("check", EXAMPLE_CODE, "--max-examples", "5") == (
        0,
        f"{EXAMPLE_CODE}: the contract holds\n",
    )


def test_check_a_rule_set_file() -> None:
    path = ROOT / "src" / "danvan_rules" / "data" / "example-dan-van-2024.toml"
    assert run("check", str(path), "--max-examples", "3")[0] == 0


def test_check_lists_every_failed_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        kit_impl,
        "lint",
        lambda _: (
            dr.errors.Problem("planted\x1b[31m", "$.x", code="lint.x", message_vi="lỗi\x1b[31m"),
        ),
    )
    status, text = run("check", EXAMPLE_CODE, "--max-examples", "3")
    assert status == 1
    assert text.splitlines() == [
        f"{EXAMPLE_CODE}: 1 contract check(s) failed",
        "  - lint: planted\\x1b[31m @ $.x",
    ]


@pytest.mark.parametrize("module", ["tomli_w", "hypothesis"])
def test_check_without_the_testing_extra_names_it(
    module: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    if module == "hypothesis":
        monkeypatch.delitem(sys.modules, "danvan_rules.testing._kit", raising=False)
    assert run("check", EXAMPLE_CODE) == (2, "")
    err = capsys.readouterr().err
    assert err == (
        f"danvan-rules: error: {'danvan-rules check' if module == 'hypothesis' else 'the contract'}"
        + (
            " needs the optional dependency 'hypothesis'"
            if module == "hypothesis"
            else "'s rule-set TOML round trip needs the optional dependency 'tomli_w'"
        )
        + ": pip install 'danvan_rules[testing]'\n"
    )


def test_check_ruleset_without_tomli_w_is_a_missing_extra_not_a_contract_failure(
    example: dr.RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "tomli_w", None)
    with pytest.raises(MissingExtraError) as info:
        kit.check_ruleset(example, max_examples=2)
    assert info.value.extra == "testing"
    assert info.value.module == "tomli_w"
    assert isinstance(info.value, ImportError)
    assert "ModuleNotFoundError" not in str(info.value)
    assert "contract checks" not in str(info.value)


def test_a_missing_extra_inside_a_property_is_raised_not_collected(
    example: dr.RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(_: dr.RuleSet) -> str:
        raise MissingExtraError("tomli_w", "toml", "writing TOML")

    monkeypatch.setattr(kit_impl, "ruleset_to_toml", missing)
    with pytest.raises(MissingExtraError, match="writing TOML needs"):
        kit.contract_failures(example, max_examples=2)


def test_the_kit_without_hypothesis_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "danvan_rules.testing._kit", raising=False)
    with pytest.raises(MissingExtraError) as info:
        kit.reports_for  # noqa: B018 - the attribute access is what is tested
    assert str(info.value) == (
        "danvan_rules.testing.reports_for needs the optional dependency 'hypothesis': "
        "pip install 'danvan_rules[testing]'"
    )
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        kit.nope  # noqa: B018


def test_other_import_errors_of_the_kit_are_not_disguised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "danvan_rules.scoring._measures", None)
    monkeypatch.delitem(sys.modules, "danvan_rules.testing._kit", raising=False)
    with pytest.raises(ImportError) as info:
        kit.answers_for  # noqa: B018
    assert not isinstance(info.value, MissingExtraError)


# ---------------------------------------------------------------------- show


def test_show_prints_each_level_rate_row_and_step() -> None:
    status, text = run("show", EXAMPLE_CODE)
    assert status == 0
    lines = text.splitlines()
    i = lines.index("      I.3 Kiểm tra, giám sát việc thực hiện [max 5, levels]")
    assert lines[i + 1] == (
        "        levels: Tốt / Good = 5; Khá / Fair = 3; Trung bình / Average = 1; "
        "Chưa đạt / Not met = 0"
    )
    assert any(line.strip().startswith("rates (percent): ≥ ") for line in lines)
    assert any(line.strip().startswith("yes = ") for line in lines)


def test_show_every_built_in_rule_set_describes_every_leaf() -> None:
    kinds: set[str] = set()
    for code in rulesets.available():
        rs = rulesets.get(code)
        status, text = run("show", code)
        assert status == 0
        for card in rs.scorecards:
            for leaf in (c for c in card.criteria if c.measure is not None):
                assert f"  {measure_text(leaf)}" in text
                kinds.add(type(leaf.measure).__name__)
    assert kinds == {"Points", "Checklist", "Levels", "RateTable", "Deductions"}


@pytest.mark.parametrize(
    ("measure", "text"),
    [
        ({"kind": "points"}, "points from 0 to 10"),
        ({"kind": "points", "step": "0.5"}, "points from 0 to 10, step 0.5"),
        ({"kind": "checklist"}, "yes = 10, no = 0"),
        (
            {
                "kind": "levels",
                "levels": [{"name": "Tốt", "points": 10}, {"name": "Kém", "points": 0}],
            },
            "levels: Tốt = 10; Kém = 0",
        ),
        (
            {
                "kind": "rates",
                "unit": "count",
                "rates": [{"at_least": 0, "points": 0}, {"at_least": 3, "points": 10}],
            },
            "rates (count): ≥ 0 → 0; ≥ 3 → 10",
        ),
        ({"kind": "deductions", "per_occurrence": 2}, "10 less 2 per occurrence, down to 0"),
    ],
)
def test_measure_text(plain_toml: str, measure: dict[str, Any], text: str) -> None:
    data = dr.ruleset_to_data(dr.ruleset_from_toml(plain_toml))
    leaf = data["scorecards"][0]["criteria"][1]
    leaf["measure"] = measure
    rs = dr.ruleset_from_data(data)
    assert measure_text(rs.scorecards[0].criteria[1]) == text
    assert measure_text(rs.scorecards[0].criteria[0]) == "group"


def test_show_json_holds_the_measures() -> None:
    out = io.StringIO()
    assert main(["show", EXAMPLE_CODE, "--format", "json"], out=out) == 0
    data = json.loads(out.getvalue())
    leaf = next(c for c in data["scorecards"][0]["criteria"] if c["code"] == "I.3")
    assert [level["points"] for level in leaf["measure"]["levels"]] == ["5", "3", "1", "0"]


def test_a_crash_in_one_case_is_reported_and_the_others_still_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from danvan_rules.testing import _cases

    def crash(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(_cases, "apply_quota", crash)
    good = write(tmp_path, "good.toml", GOOD)
    status, text = run("test", good)
    assert status == 1
    lines = text.splitlines()
    assert lines[lines.index(f"ERROR {good}::cohort[0] two units, no quota reached") + 1] == (
        "  RuntimeError: boom"
    )
    assert lines[-1] == "6 passed, 1 failed"
