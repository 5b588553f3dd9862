"""io.py: rule sets from TOML files, reports from JSON files; errors name the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import danvan_rules as dr
from danvan_rules.codec import parse_json, report_to_data
from danvan_rules.errors import ReportError, RuleSetError
from danvan_rules.model import RuleSet, UnitReport

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_TOML = ROOT / "src" / "danvan_rules" / "data" / "example-dan-van-2024.toml"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def good_report(unit_id: str = "so-tu-phap") -> dict[str, Any]:
    """The tot.json report as the standard json module reads it (to write files with)."""
    data: dict[str, Any] = json.loads((EXAMPLES / "tot.json").read_text(encoding="utf-8"))
    data["unit_id"] = unit_id
    return data


class TestLoadRuleset:
    def test_bundled_file(self, example: RuleSet) -> None:
        assert dr.load_ruleset(EXAMPLE_TOML) == example
        assert dr.load_ruleset(str(EXAMPLE_TOML)) == example

    def test_errors_name_the_file(self, tmp_path: Path) -> None:
        text = EXAMPLE_TOML.read_text(encoding="utf-8").replace("scale = 100", 'scale = "x"')
        path = write(tmp_path / "bad.toml", text)
        with pytest.raises(RuleSetError) as info:
            dr.load_ruleset(path)
        err = info.value
        assert err.subject == f"rule set 'example/dan-van-2024' ({path})"
        assert [(p.message, p.path) for p in err.problems] == [
            ("'x' is not a decimal number", "$.scale")
        ]
        assert str(err).startswith(f"1 problem in rule set 'example/dan-van-2024' ({path}):")

    def test_invalid_toml_names_the_file(self, tmp_path: Path) -> None:
        path = write(tmp_path / "broken.toml", "code = ")
        with pytest.raises(RuleSetError) as info:
            dr.load_ruleset(path)
        assert info.value.subject == f"rule set ({path})"
        assert info.value.problems[0].message.startswith("not valid TOML:")

    def test_lint_problems_name_the_file(self) -> None:
        broken = Path(__file__).parent / "data" / "broken-example.toml"
        with pytest.raises(RuleSetError) as info:
            dr.load_ruleset(broken)
        assert info.value.subject == f"rule set 'Ví dụ hỏng' ({broken})"
        assert len(info.value.problems) > 1

    def test_not_utf8(self, tmp_path: Path) -> None:
        path = tmp_path / "latin1.toml"
        path.write_bytes('title_vi = "Bộ"'.encode("utf-16"))
        with pytest.raises(RuleSetError) as info:
            dr.load_ruleset(path)
        assert info.value.subject == f"rule set ({path})"
        (problem,) = info.value.problems
        assert problem.message.startswith("not UTF-8 text: ")
        assert problem.path == "$"

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(FileNotFoundError):
            dr.load_ruleset(tmp_path / "nope.toml")


class TestLoadReport:
    def test_example(self) -> None:
        unit = dr.load_report(EXAMPLES / "tot.json")
        assert isinstance(unit, UnitReport)
        assert unit.unit_id == "so-tu-phap"
        assert report_to_data(unit) == report_to_data(
            dr.report_from_data(parse_json((EXAMPLES / "tot.json").read_text(encoding="utf-8")))
        )

    def test_errors_name_the_file_and_the_unit(self, tmp_path: Path) -> None:
        data = good_report("xa-b")
        data["year"] = "2024"
        path = write(tmp_path / "r.json", json.dumps(data))
        with pytest.raises(ReportError) as info:
            dr.load_report(path)
        err = info.value
        assert err.unit_id == "xa-b"
        assert err.source == str(path)
        assert str(err) == (
            f"1 problem in report of unit 'xa-b' ({path}):\n"
            "  expected a whole number, not '2024' @ $.year"
        )

    def test_invalid_json_names_the_file(self, tmp_path: Path) -> None:
        path = write(tmp_path / "r.json", '{"unit_id": "x",}')
        with pytest.raises(ReportError) as info:
            dr.load_report(path)
        assert info.value.source == str(path)
        assert info.value.unit_id is None
        (problem,) = info.value.problems
        assert problem.message.startswith("not valid JSON: ")
        assert problem.path == "$"

    def test_not_utf8(self, tmp_path: Path) -> None:
        path = tmp_path / "r.json"
        path.write_bytes(b'{"unit_id": "\xff"}')
        with pytest.raises(ReportError) as info:
            dr.load_report(path)
        assert info.value.source == str(path)
        assert info.value.problems[0].message.startswith("not UTF-8 text: 'utf-8' codec")
        assert info.value.problems[0].code == "document.invalid_utf8"

    def test_a_list_is_not_one_report(self, tmp_path: Path) -> None:
        path = write(tmp_path / "r.json", "[]")
        with pytest.raises(ReportError) as info:
            dr.load_report(path)
        assert info.value.problems[0].message == "a report is an object, not list"
        assert info.value.source == str(path)

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(OSError, match=r"nope\.json"):
            dr.load_report(tmp_path / "nope.json")


class TestLoadReports:
    def test_cohort_file(self) -> None:
        outcomes = dr.load_reports(EXAMPLES / "cohort.json")
        raw = json.loads((EXAMPLES / "cohort.json").read_text(encoding="utf-8"))
        assert len(outcomes) == len(raw)
        assert [o.unit_id for o in outcomes] == [r["unit_id"] for r in raw]
        assert all(isinstance(o, UnitReport) for o in outcomes)

    def test_one_object_file(self) -> None:
        outcomes = dr.load_reports(EXAMPLES / "tot.json")
        assert outcomes == (dr.load_report(EXAMPLES / "tot.json"),)

    def test_a_bad_entry_in_the_middle(self, tmp_path: Path) -> None:
        bad = good_report("xa-giua")
        bad["facts"]["ky_luat"] = "yes"
        del bad["province"]
        worse = "not a report"
        path = write(
            tmp_path / "many.json",
            json.dumps([good_report("xa-dau"), bad, worse, good_report("xa-cuoi")]),
        )
        outcomes = dr.load_reports(path)
        assert len(outcomes) == 4
        first, middle, scalar, last = outcomes
        assert isinstance(first, UnitReport)
        assert first.unit_id == "xa-dau"
        assert isinstance(last, UnitReport)
        assert last.unit_id == "xa-cuoi"
        assert isinstance(middle, ReportError)
        assert middle.unit_id == "xa-giua"
        assert middle.source == str(path)
        assert [(p.message, p.path) for p in middle.problems] == [
            ("required key missing", "$[1].province"),
            ("expected true/false or a whole count, not 'yes'", '$[1].facts["ky_luat"]'),
        ]
        assert isinstance(scalar, ReportError)
        assert scalar.unit_id is None
        assert [(p.message, p.path) for p in scalar.problems] == [
            ("a report is an object, not str", "$[2]")
        ]
        assert str(middle).startswith(f"2 problems in report of unit 'xa-giua' ({path}):")

    def test_every_entry_is_accounted_for(self, tmp_path: Path, example: RuleSet) -> None:
        entries: list[object] = [good_report(f"u{i}") for i in range(5)]
        entries[3] = {"unit_id": "u3"}
        path = write(tmp_path / "many.json", json.dumps(entries))
        batch = dr.score_many(example, dr.load_reports(path))
        assert len(batch) == 5
        assert [i for i, _ in batch.errors] == [3]
        assert batch.errors[0][1].problems[0].path.startswith("$[3].")

    def test_empty_list(self, tmp_path: Path) -> None:
        assert dr.load_reports(write(tmp_path / "none.json", "[]")) == ()

    @pytest.mark.parametrize(
        ("text", "kind"), [("3", "int"), ('"x"', "str"), ("null", "NoneType"), ("true", "bool")]
    )
    def test_a_scalar_file(self, tmp_path: Path, text: str, kind: str) -> None:
        path = write(tmp_path / "scalar.json", text)
        with pytest.raises(ReportError) as info:
            dr.load_reports(path)
        assert info.value.source == str(path)
        assert [(p.message, p.path) for p in info.value.problems] == [
            (f"expected a report object or a list of them, not {kind}", "$")
        ]
        assert str(info.value).startswith(f"1 problem in report ({path}):")

    def test_decimal_json_is_not_a_report(self, tmp_path: Path) -> None:
        path = write(tmp_path / "number.json", "7.5")
        with pytest.raises(ReportError, match="not Decimal"):
            dr.load_reports(path)

    @pytest.mark.parametrize("text", ["[", '[{"a": 1, "a": 2}]', "[NaN]", ""])
    def test_invalid_json(self, tmp_path: Path, text: str) -> None:
        path = write(tmp_path / "bad.json", text)
        with pytest.raises(ReportError) as info:
            dr.load_reports(path)
        assert info.value.source == str(path)
        (problem,) = info.value.problems
        assert problem.message.startswith("not valid JSON: ")

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(OSError, match=r"nope\.json"):
            dr.load_reports(tmp_path / "nope.json")

    def test_one_broken_object_is_one_outcome(self, tmp_path: Path) -> None:
        """A file of one report gives one outcome per report, like a list of one: nothing raised."""
        data = good_report("xa-mot")
        data["year"] = "2024"
        path = write(tmp_path / "one.json", json.dumps(data))
        in_a_list = write(tmp_path / "list.json", json.dumps([data]))
        (listed,) = dr.load_reports(in_a_list)
        assert isinstance(listed, ReportError)
        outcomes = dr.load_reports(path)
        assert len(outcomes) == 1
        (alone,) = outcomes
        assert isinstance(alone, ReportError)
        assert alone.unit_id == "xa-mot"
        assert [p.message for p in alone.problems] == [p.message for p in listed.problems]
