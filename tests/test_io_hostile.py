"""io: hostile files get a typed error naming the file — bounded reads, BOM, limits (issue #6)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import danvan_rules as dr
from danvan_rules.errors import ReportError, RuleSetError
from danvan_rules.limits import (
    MAX_DATA_DEPTH,
    MAX_LIST_LENGTH,
    MAX_REPORT_FILE_BYTES,
    MAX_RULESET_FILE_BYTES,
    MAX_STRING_LENGTH,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_TOML = ROOT / "src" / "danvan_rules" / "data" / "example-dan-van-2024.toml"
TOT = ROOT / "examples" / "tot.json"


def codes(error: RuleSetError | ReportError) -> list[str]:
    return [problem.code for problem in error.problems]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
class TestDevZero:
    def test_a_rule_set_from_dev_zero(self) -> None:
        with pytest.raises(RuleSetError) as info:
            dr.load_ruleset("/dev/zero")
        assert codes(info.value) == ["document.too_large"]
        assert "/dev/zero" in info.value.subject
        assert f"limit of {MAX_RULESET_FILE_BYTES} bytes" in info.value.problems[0].message

    def test_reports_from_dev_zero_stop_at_the_limit(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # the same bounded read as the real limit, made small so the test is cheap
        monkeypatch.setattr("danvan_rules.io.MAX_REPORT_FILE_BYTES", 1000)
        with pytest.raises(ReportError) as info:
            dr.load_reports("/dev/zero")
        assert codes(info.value) == ["document.too_large"]
        assert info.value.source == "/dev/zero"
        assert "(read 1001 bytes)" in info.value.problems[0].message


class TestSizes:
    def test_a_rule_set_file_one_byte_too_large(self, tmp_path: Path) -> None:
        path = tmp_path / "big.toml"
        with path.open("wb") as file:
            file.truncate(MAX_RULESET_FILE_BYTES + 1)
        with pytest.raises(RuleSetError) as info:
            dr.load_ruleset(path)
        assert codes(info.value) == ["document.too_large"]
        assert str(path) in info.value.subject

    def test_the_report_limit_is_larger(self) -> None:
        assert MAX_REPORT_FILE_BYTES >= MAX_RULESET_FILE_BYTES

    def test_a_100000_deep_json_file(self, tmp_path: Path) -> None:
        path = tmp_path / "deep.json"
        path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
        for load in (dr.load_report, dr.load_reports):
            with pytest.raises(ReportError) as info:
                load(path)
            assert codes(info.value) == ["document.too_deep"]
            assert info.value.source == str(path)

    def test_a_500_deep_toml_file(self, tmp_path: Path) -> None:
        path = tmp_path / "deep.toml"
        path.write_text("x = " + "[" * 500 + "]" * 500, encoding="utf-8")
        with pytest.raises(RuleSetError) as info:
            dr.load_ruleset(path)
        assert codes(info.value) == ["document.too_deep"]
        assert str(MAX_DATA_DEPTH) in info.value.problems[0].message

    def test_a_2mb_junk_list_of_reports(self, tmp_path: Path) -> None:
        path = tmp_path / "junk.json"
        path.write_text("[" + ",".join(["0"] * 1_000_000) + "]", encoding="utf-8")
        with pytest.raises(ReportError) as info:
            dr.load_reports(path)
        assert codes(info.value) == ["document.list_too_long"]
        assert str(MAX_LIST_LENGTH) in info.value.problems[0].message_vi

    def test_junk_reports_under_the_limit_are_each_accounted_for(self, tmp_path: Path) -> None:
        path = tmp_path / "junk.json"
        path.write_text("[" + ",".join(["0"] * 1000) + "]", encoding="utf-8")
        outcomes = dr.load_reports(path)
        assert len(outcomes) == 1000
        assert all(isinstance(o, ReportError) for o in outcomes)
        last = outcomes[-1]
        assert isinstance(last, ReportError)
        assert [(p.code, p.path) for p in last.problems] == [("data.expected_table", "$[999]")]

    def test_one_report_past_a_limit_does_not_take_down_the_file(self, tmp_path: Path) -> None:
        good = json.loads(TOT.read_text(encoding="utf-8"))
        bad = dict(good, unit_name="x" * (MAX_STRING_LENGTH + 1))
        path = tmp_path / "two.json"
        path.write_text(json.dumps([good, bad]), encoding="utf-8")
        first, second = dr.load_reports(path)
        assert isinstance(first, dr.UnitReport)
        assert isinstance(second, ReportError)
        assert [(p.code, p.path) for p in second.problems] == [
            ("document.string_too_long", "$[1].unit_name")
        ]


class TestEncoding:
    def test_a_bom_before_a_json_report(self, tmp_path: Path) -> None:
        path = tmp_path / "bom.json"
        path.write_bytes(b"\xef\xbb\xbf" + TOT.read_bytes())
        assert dr.load_report(path) == dr.load_report(TOT)
        assert dr.load_reports(path) == (dr.load_report(TOT),)

    def test_a_bom_before_a_toml_rule_set(self, tmp_path: Path) -> None:
        path = tmp_path / "bom.toml"
        path.write_bytes(b"\xef\xbb\xbf" + EXAMPLE_TOML.read_bytes())
        assert dr.load_ruleset(path) == dr.load_ruleset(EXAMPLE_TOML)

    def test_invalid_utf8_names_the_file(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.json"
        path.write_bytes(b'{"unit_id": "\xc3("}')
        with pytest.raises(ReportError) as info:
            dr.load_reports(path)
        assert codes(info.value) == ["document.invalid_utf8"]
        assert str(path) in str(info.value)
        assert str(path) in info.value.render("vi")


class TestNumbersThroughTheReaders:
    def test_zero_with_a_huge_exponent_in_a_json_report(self, tmp_path: Path) -> None:
        text = TOT.read_text(encoding="utf-8")
        data = json.loads(text)
        first = next(iter(data["self_scores"]))
        data["self_scores"][first] = "__ZERO__"
        path = tmp_path / "zero.json"
        path.write_text(json.dumps(data).replace('"__ZERO__"', "0e-999999999"), encoding="utf-8")
        with pytest.raises(ReportError) as info:
            dr.load_report(path)
        assert [(p.code, p.path) for p in info.value.problems] == [
            ("number.exponent_too_large", f'$.self_scores["{first}"]')
        ]
        assert info.value.source == str(path)

    def test_zero_with_a_huge_exponent_in_a_toml_rule_set(self, tmp_path: Path) -> None:
        text = EXAMPLE_TOML.read_text(encoding="utf-8")
        assert "share = 0.2\n" in text
        path = tmp_path / "zero.toml"
        path.write_text(text.replace("share = 0.2\n", "share = 0e-999999999\n"), encoding="utf-8")
        with pytest.raises(RuleSetError) as info:
            dr.load_ruleset(path)
        assert [(p.code, p.path) for p in info.value.problems] == [
            ("number.exponent_too_large", "$.quota.share")
        ]

    def test_a_10_to_the_5000_fact_count(self, tmp_path: Path) -> None:
        text = TOT.read_text(encoding="utf-8")
        assert '"facts": {' in text
        path = tmp_path / "huge.json"
        path.write_text(
            text.replace('"facts": {', '"facts": {"huge": 1' + "0" * 5000 + ", "),
            encoding="utf-8",
        )
        with pytest.raises(ReportError) as info:
            dr.load_report(path)
        assert [(p.code, p.path) for p in info.value.problems] == [
            ("number.too_large", '$.facts["huge"]')
        ]
        (outcome,) = dr.load_reports(path)
        assert isinstance(outcome, ReportError)
        assert codes(outcome) == ["number.too_large"]


def test_a_missing_file_is_still_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        dr.load_ruleset(tmp_path / "nope.toml")
    with pytest.raises(FileNotFoundError):
        dr.load_reports(os.fspath(tmp_path / "nope.json"))
