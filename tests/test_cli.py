"""The ``danvan-rules`` command line (danvan_rules.cli), driven in-process through ``main``."""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
import sysconfig
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import danvan_rules as dr
from danvan_rules import rulesets
from danvan_rules.cli import main
from danvan_rules.rulesets import Entry

from .cli_run import run, run_json

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_CODE = "example/dan-van-2024"
DATA = ROOT / "src" / "danvan_rules" / "data"
EXAMPLE_TOML = DATA / "example-dan-van-2024.toml"
MALFORMED = EXAMPLES / "malformed.json"
LIST_COLUMNS = ["code", "province", "instrument", "in force", "provenance"]
LIST_KEYS = {
    "code",
    "province",
    "instrument",
    "effective_from",
    "effective_until",
    "assumed_values",
    "illustrative",
}
# The example's row of `list`, which other rule sets must leave as it is.
EXAMPLE_ROW: dict[str, Any] = {
    "code": EXAMPLE_CODE,
    "province": "example",
    "instrument": "MINH-HOA/2024",
    "effective_from": "2024-01-01",
    "effective_until": None,
    "assumed_values": 39,
    "illustrative": True,
}

# Every valid single-report example: file, unit, total, final band (None: not rated), status.
SCORED = [
    ("xuat-sac.json", "so-noi-vu", "100.75", "xuat-sac", "rated"),
    ("tot.json", "so-tu-phap", "82.50", "tot", "rated"),
    ("hoan-thanh.json", "so-xay-dung", "53.60", "hoan-thanh", "rated"),
    ("khong-hoan-thanh.json", "xa-an-binh", "23.92", "khong-hoan-thanh", "rated"),
    ("khong-du-dieu-kien.json", "ban-quan-ly-moi", "73.00", None, "ineligible"),
    ("tham-dinh.json", "xa-phu-my", "82.92", "tot", "rated"),
    ("veto.json", "so-cong-thuong", "81.50", "khong-hoan-thanh", "rated"),
]
BAND_LABELS = {
    "xuat-sac": "Hoàn thành xuất sắc",
    "tot": "Hoàn thành tốt",
    "hoan-thanh": "Hoàn thành",
    "khong-hoan-thanh": "Không hoàn thành",
}
RESULT_KEYS = {
    "unit_id",
    "total",
    "band",
    "status",
    "criteria",
    "applied_conditions",
    "gap",
    "warnings",
    "audit",
}


def built_in_data() -> dict[str, dict[str, Any]]:
    """The built-in rule sets as their data files say, by code (in code order).

    Read from src/danvan_rules/data itself, so that the tests follow the rule sets
    added there instead of pinning a list.
    """
    found = [
        tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        for path in DATA.glob("*.toml")
    ]
    return {data["code"]: data for data in sorted(found, key=lambda data: data["code"])}


def built_in_codes() -> list[str]:
    """The codes of the built-in rule sets, sorted; the example is one of them."""
    codes = list(built_in_data())
    assert EXAMPLE_CODE in codes
    return codes


def listed_codes(message: str, prefix: str) -> list[str]:
    """The codes an "unknown rule set" message lists after ``prefix``."""
    assert message.startswith(prefix), message
    return message.removeprefix(prefix).rstrip("\n").split(", ")


def table_cells(lines: list[str]) -> list[list[str]]:
    """The cells of each row of a table printed by the CLI, cut at the columns of its rule line."""
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    starts = [start for start, _ in spans]
    ends = [*starts[1:], None]
    return [[line[a:b].strip() for a, b in zip(starts, ends, strict=True)] for line in lines]


def all_examples() -> list[str]:
    """Every single-report example file, malformed.json included (not the cohort list)."""
    return sorted(str(p) for p in EXAMPLES.glob("*.json") if p.name != "cohort.json")


@pytest.fixture
def plain_file(tmp_path: Path, plain_toml: str) -> Path:
    path = tmp_path / "plain.toml"
    path.write_text(plain_toml, encoding="utf-8")
    return path


@pytest.fixture
def broken_file(tmp_path: Path, plain_toml: str) -> Path:
    """The plain rule set with two type errors: a text ``max`` and an unknown key."""
    text = plain_toml.replace("max = 10\nmeasure", 'max = "ten"\nmeasure').replace(
        'scorecard = "pl"', 'scorecard = "pl"\ncolour = "red"'
    )
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path


def write_report(path: Path, data: object) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


PLAIN_REPORT: dict[str, Any] = {
    "unit_id": "so-thu",
    "unit_name": "Sở Thử",
    "category": "so",
    "year": 2021,
    "province": "hue",
    "self_scores": {"A.1": 7},
}


# ---------------------------------------------------------------------- argv and version


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    expected = f"danvan-rules {importlib.metadata.version('danvan_rules')}"
    assert capsys.readouterr().out.strip() == expected


def test_dunder_version_is_the_installed_version() -> None:
    from danvan_rules import __version__

    assert __version__ == importlib.metadata.version("danvan_rules")
    assert dr.__version__ == __version__


def test_unknown_attribute_of_the_package() -> None:
    name = "no_such_thing"
    with pytest.raises(AttributeError) as info:
        getattr(dr, name)
    assert str(info.value) == "module 'danvan_rules' has no attribute 'no_such_thing'"
    assert not hasattr(dr, "__wersion__")


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    assert "the following arguments are required: COMMAND" in capsys.readouterr().err


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["list", "--format", "yaml"])
    assert info.value.code == 2
    assert "invalid choice: 'yaml'" in capsys.readouterr().err


def test_output_goes_to_stdout_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    captured = capsys.readouterr()
    assert EXAMPLE_CODE in captured.out
    assert captured.err == ""


# ---------------------------------------------------------------------- list


def test_list_table() -> None:
    status, text = run("list")
    assert status == 0
    lines = text.splitlines()
    assert lines[0].split() == ["code", "province", "instrument", "in", "force", "provenance"]
    assert set(lines[1]) <= {"-", " "}
    header, _, *rows = table_cells(lines)
    assert header == LIST_COLUMNS
    expected = built_in_data()
    assert [row[0] for row in rows] == list(expected)  # one row per rule set, by code
    for code, province, instrument, in_force, provenance in rows:
        data = expected[code]
        assert province == data["province"]
        assert instrument == data["instrument"]["number"]
        until = data.get("effective_until")
        assert in_force == f"{data['effective_from']} – {until or '…'}"
        illustrative = "illustrative, " if data.get("illustrative", False) else ""
        assert re.fullmatch(
            re.escape(illustrative) + r"([1-9][0-9]* assumed|all sourced)", provenance
        )
    assert rows[list(expected).index(EXAMPLE_CODE)] == [
        EXAMPLE_CODE,
        "example",
        "MINH-HOA/2024",
        "2024-01-01 – …",
        "illustrative, 39 assumed",
    ]


def test_list_json() -> None:
    status, data = run_json("list")
    assert status == 0
    expected = built_in_data()
    assert [row["code"] for row in data] == list(expected)
    for row in data:
        assert row.keys() == LIST_KEYS
        source = expected[row["code"]]
        assert row["province"] == source["province"]
        assert row["instrument"] == source["instrument"]["number"]
        assert row["effective_from"] == str(source["effective_from"])
        until = source.get("effective_until")
        assert row["effective_until"] == (None if until is None else str(until))
        assert row["illustrative"] is source.get("illustrative", False)
        assert type(row["assumed_values"]) is int
        assert row["assumed_values"] >= 0
    assert data[list(expected).index(EXAMPLE_CODE)] == EXAMPLE_ROW


@pytest.fixture
def with_plain(monkeypatch: pytest.MonkeyPatch, plain_toml: str, example: dr.RuleSet) -> None:
    """The registry holds the example and the plain (sourced, expired) rule set."""
    plain = dr.ruleset_from_toml(plain_toml)
    monkeypatch.setattr(rulesets, "load_all", lambda: (example, plain))


@pytest.mark.usefixtures("with_plain")
def test_list_table_shows_periods_and_sourced_rule_sets() -> None:
    status, text = run("list")
    assert status == 0
    row = next(line for line in text.splitlines() if line.startswith("hue/plain-v1"))
    assert "2020-01-01 – 2023-12-31" in row
    assert row.endswith("all sourced")
    assert "illustrative" not in row


@pytest.mark.usefixtures("with_plain")
def test_list_json_shows_periods_and_sourced_rule_sets() -> None:
    status, data = run_json("list")
    assert status == 0
    assert [row["code"] for row in data] == [EXAMPLE_CODE, "hue/plain-v1"]
    assert data[1] == {
        "code": "hue/plain-v1",
        "province": "hue",
        "instrument": "1/QĐ-UBND",
        "effective_from": "2020-01-01",
        "effective_until": "2023-12-31",
        "assumed_values": 0,
        "illustrative": False,
    }


@pytest.fixture
def broken_registry(monkeypatch: pytest.MonkeyPatch, plain_toml: str) -> None:
    """The registry finds one rule set whose data does not build (scale is not a number)."""
    data = dr.ruleset_to_data(dr.ruleset_from_toml(plain_toml))
    data["scale"] = "ten"
    entry = Entry("hue/plain-v1", "a test source", data)
    monkeypatch.setattr(rulesets, "entries", lambda: {"hue/plain-v1": entry})


@pytest.mark.usefixtures("broken_registry")
def test_list_reports_a_rule_set_that_does_not_build() -> None:
    status, text = run("list", "--lang", "en")
    assert status == 1
    assert text.splitlines() == [
        "1 problem in rule set 'hue/plain-v1' from a test source:",
        "  'ten' is not a decimal number @ $.scale",
    ]


# ---------------------------------------------------------------------- show


def test_show_code_table() -> None:
    status, text = run("show", EXAMPLE_CODE)
    assert status == 0
    lines = text.splitlines()
    assert lines[0] == f"{EXAMPLE_CODE}: Bộ tiêu chí minh họa đánh giá công tác dân vận chính quyền"
    assert lines[1].startswith("  instrument MINH-HOA/2024 (danvan_rules")
    assert lines[2] == "  in force 2024-01-01 – …; scale 100"
    assert lines[3] == "  ILLUSTRATIVE: encodes no real instrument"
    assert lines[4] == "  assumed values: 39"
    for expected in [
        "  category so-nganh: Sở, ban, ngành tỉnh (scorecard phu-luc-1)",
        "  category ubnd-xa: UBND cấp xã (scorecard phu-luc-1)",
        "  scorecard phu-luc-1: Phụ lục 1: Tiêu chí, thang điểm đánh giá (minh họa)",
        "    I Lãnh đạo, chỉ đạo công tác dân vận chính quyền [max 15, group]",
        "      I.1 Ban hành kế hoạch công tác dân vận chính quyền năm [max 5, checklist]",
        "      III.2 Văn hóa công vụ: trừ điểm mỗi phản ánh về thái độ, tác phong [max 8, deductions]",
        "    VII Đánh giá của cấp trên [max 10, points appraiser-only]",
        "  condition ky-luat: Người đứng đầu bị kỷ luật: xếp loại Không hoàn thành",
        '  bonus dvk-cap-tinh: Mô hình "Dân vận khéo" được cấp tỉnh công nhận',
        "  deduction khieu-nai-dong-nguoi: Trừ điểm mỗi vụ khiếu nại đông người, vượt cấp",
        "  quota: xuat-sac at most 0.2 of units rated tot (band), rounded down",
    ]:
        assert expected in lines
    bands = [line for line in lines if line.startswith("  band ")]
    assert bands == [
        "  band xuat-sac: Hoàn thành xuất sắc, from 90 and above",
        "  band tot: Hoàn thành tốt, from 70 to below 90",
        "  band hoan-thanh: Hoàn thành, from 50 to below 70",
        "  band khong-hoan-thanh: Không hoàn thành, from 0 to below 50",
    ]


def test_show_file_table(plain_file: Path) -> None:
    status, text = run("show", str(plain_file))
    assert status == 0
    assert text.splitlines() == [
        "hue/plain-v1: Bộ tiêu chí thử (nguồn đầy đủ)",
        "  instrument 1/QĐ-UBND (UBND tỉnh Thử)",
        "  in force 2020-01-01 – 2023-12-31; scale 10",
        "  assumed values: 0",
        "  category so: Sở (scorecard pl)",
        "  scorecard pl: Phụ lục",
        "    A Nhóm A [max 10, group]",
        "      A.1 Tiêu chí A.1 [max 10, points]",
        "        points from 0 to 10",
        "  band dat: Đạt, from 5 and above",
        "  band khong-dat: Không đạt, from 0 to below 5",
    ]


def test_show_code_json(example: dr.RuleSet) -> None:
    status, data = run_json("show", EXAMPLE_CODE)
    assert status == 0
    assert data == dr.ruleset_to_data(example)
    assert data["code"] == EXAMPLE_CODE
    assert dr.ruleset_from_data(data) == example


def test_show_file_json(plain_file: Path, plain_toml: str) -> None:
    status, data = run_json("show", str(plain_file))
    assert status == 0
    assert data["code"] == "hue/plain-v1"
    assert data == dr.ruleset_to_data(dr.ruleset_from_toml(plain_toml))


def test_show_reads_an_existing_file_whatever_its_suffix(tmp_path: Path, plain_toml: str) -> None:
    path = tmp_path / "rules.txt"
    path.write_text(plain_toml, encoding="utf-8")
    status, text = run("show", str(path))
    assert status == 0
    assert text.startswith("hue/plain-v1: ")


def test_show_unknown_code_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, text = run("show", "nowhere/v9")
    assert status == 2
    assert text == ""
    err = capsys.readouterr().err
    assert err.endswith("\n")
    assert err.count("\n") == 1
    listed = listed_codes(err, "danvan-rules: error: no rule set 'nowhere/v9'; available: ")
    assert EXAMPLE_CODE in listed
    assert listed == built_in_codes()


def test_show_missing_toml_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.toml"
    status, _ = run("show", str(missing))
    assert status == 2
    err = capsys.readouterr().err
    assert err == (
        f"danvan-rules: error: cannot read rule set file {missing}: No such file or directory\n"
    )


def test_show_invalid_file_prints_every_problem(broken_file: Path) -> None:
    status, text = run("show", "--lang", "en", str(broken_file))
    assert status == 1
    assert text.splitlines() == [
        f"2 problems in rule set 'hue/plain-v1' ({broken_file}):",
        "  'ten' is not a decimal number @ $.scorecards[0].criteria[1].max",
        (
            "  unknown key 'colour' (known: code, label_vi, scorecard, label_en, weights, until)"
            " @ $.categories[0].colour"
        ),
    ]


@pytest.mark.usefixtures("broken_registry")
def test_show_code_whose_data_does_not_build_is_invalid_data() -> None:
    status, text = run("show", "hue/plain-v1")
    assert status == 1
    assert text.startswith("1 lỗi trong bộ quy tắc 'hue/plain-v1' from a test source:\n")


# ---------------------------------------------------------------------- lint


def test_lint_ok_files(plain_file: Path) -> None:
    status, text = run("lint", str(plain_file), str(EXAMPLE_TOML))
    assert status == 0
    assert text.splitlines() == [
        f"{plain_file}: ok (hue/plain-v1, 0 assumed values)",
        f"{EXAMPLE_TOML}: ok ({EXAMPLE_CODE}, 39 assumed values)",
    ]


def test_lint_reports_every_problem_on_its_own_line(
    tmp_path: Path, plain_toml: str, broken_file: Path, plain_file: Path
) -> None:
    # Once the types are right, the linter's consistency checks report together too.
    inconsistent = tmp_path / "inconsistent.toml"
    inconsistent.write_text(
        plain_toml.replace("min = 5\n", "min = 6\n").replace(
            'scorecard = "pl"', 'scorecard = "nope"'
        ),
        encoding="utf-8",
    )
    status, text = run("lint", "--lang", "en", str(broken_file), str(inconsistent), str(plain_file))
    assert status == 1
    lines = text.splitlines()
    assert lines == [
        f"{broken_file}: 2 problem(s)",
        f"{broken_file}: 'ten' is not a decimal number @ $.scorecards[0].criteria[1].max",
        (
            f"{broken_file}: unknown key 'colour' (known: code, label_vi, scorecard, label_en,"
            " weights, until) @ $.categories[0].colour"
        ),
        f"{inconsistent}: 2 problem(s)",
        (
            f"{inconsistent}: category 'so' has no criteria: scorecard 'nope' is not defined"
            " @ $.categories[0].scorecard"
        ),
        (
            f"{inconsistent}: gap: no band covers 5 to 6 (band 'khong-dat' ends below 5,"
            " 'dat' starts at 6) @ $.bands[1].below"
        ),
        f"{plain_file}: ok (hue/plain-v1, 0 assumed values)",
    ]
    for line in lines[:-1]:
        if "problem(s)" not in line:
            assert " @ $." in line


def test_lint_unreadable_path_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.toml"
    status, text = run("lint", str(missing))
    assert status == 2
    assert text == ""
    assert capsys.readouterr().err == (
        f"danvan-rules: error: cannot read {missing}: No such file or directory\n"
    )


def test_lint_invalid_toml(tmp_path: Path, plain_toml: str) -> None:
    path = tmp_path / "dup.toml"
    path.write_text(plain_toml.replace("scale = 10", "scale = 10\nscale = 20"), encoding="utf-8")
    status, text = run("lint", "--lang", "en", str(path))
    assert status == 1
    lines = text.splitlines()
    assert lines[0] == f"{path}: 1 problem(s)"
    assert lines[1].startswith(f"{path}: not valid TOML: Cannot overwrite a value")
    assert lines[1].endswith(" @ $")
    assert len(lines) == 2


# ---------------------------------------------------------------------- score


@pytest.mark.parametrize(("name", "unit", "total", "band", "state"), SCORED)
def test_score_table(name: str, unit: str, total: str, band: str | None, state: str) -> None:
    status, text = run("score", "--ruleset", EXAMPLE_CODE, str(EXAMPLES / name))
    assert status == 0
    header, rule, row = text.splitlines()
    assert header.split() == ["unit", "total", "band", "status", "self", "total", "warnings"]
    assert set(rule) <= {"-", " "}
    assert row.startswith(f"{unit}  {total}  ")
    shown = "—" if band is None else f"{BAND_LABELS[band]} ({band})"
    assert f"  {shown}  " in row
    assert f"  {state}  " in row
    assert row.endswith("illustrative, assumed-values")


@pytest.mark.parametrize(("name", "unit", "total", "band", "state"), SCORED)
def test_score_json(name: str, unit: str, total: str, band: str | None, state: str) -> None:
    status, data = run_json("score", "--ruleset", EXAMPLE_CODE, str(EXAMPLES / name))
    assert status == 0
    [result] = data
    assert result.keys() >= RESULT_KEYS
    assert result["unit_id"] == unit
    assert result["total"] == total
    assert result["band"] == band
    assert result["status"] == state
    assert [line["code"] for line in result["criteria"]][:3] == ["I", "I.1", "I.2"]
    assert all(isinstance(line["awarded"], str) for line in result["criteria"])
    assert [w["code"] for w in result["warnings"]] == ["illustrative", "assumed-values"]
    assert result["audit"]["ruleset_code"] == EXAMPLE_CODE
    assert result["audit"]["library_version"] == dr.__version__
    applied = [c["code"] for c in result["applied_conditions"]]
    expected = {
        "veto.json": ["ky-luat"],
        "khong-du-dieu-kien.json": ["moi-thanh-lap"],
        "khong-hoan-thanh.json": ["dan-chu-yeu"],
    }
    assert applied == expected.get(name, [])


def test_score_json_gap_names_the_next_band() -> None:
    status, data = run_json("score", "--ruleset", EXAMPLE_CODE, str(EXAMPLES / "tot.json"))
    assert status == 0
    gap = data[0]["gap"]
    assert gap["next_band"] == "xuat-sac"
    assert gap["points_needed"] == "7.5"
    assert gap["blocking"] == []
    top = data[0]
    assert top["total"] == "82.50"


def test_score_all_examples_reports_the_malformed_one() -> None:
    status, text = run("score", "--lang", "en", "--ruleset", EXAMPLE_CODE, *all_examples())
    assert status == 1
    lines = text.splitlines()
    rows = lines[2 : 2 + len(SCORED)]
    assert sorted(row.split()[0] for row in rows) == sorted(unit for _, unit, *_ in SCORED)
    head = lines[2 + len(SCORED)]
    assert head == f"7 problems in report of unit 'so-van-hoa' ({MALFORMED}):"
    problems = lines[3 + len(SCORED) :]
    assert len(problems) == 7
    for line in problems:
        assert line.startswith("  ")
        assert " @ $." in line
    assert any("unknown criterion 'IX.1'" in line for line in problems)
    assert any("missing score for criterion IV.1" in line for line in problems)


def test_score_all_examples_json() -> None:
    status, data = run_json("score", "--ruleset", EXAMPLE_CODE, *all_examples())
    assert status == 1
    assert len(data) == len(SCORED) + 1
    by_unit = {item["unit_id"]: item for item in data}
    invalid = by_unit["so-van-hoa"]
    assert invalid.keys() == {"unit_id", "status", "source", "problems"}
    assert invalid["status"] == "invalid"
    assert invalid["source"].endswith("malformed.json")
    assert len(invalid["problems"]) == 7
    for problem in invalid["problems"]:
        assert problem.keys() == {"code", "path", "message_vi", "message_en"}
        assert problem["path"].startswith("$.")
    for _, unit, total, band, state in SCORED:
        assert by_unit[unit].keys() >= RESULT_KEYS
        assert (by_unit[unit]["total"], by_unit[unit]["band"]) == (total, band)
        assert by_unit[unit]["status"] == state


def test_score_cohort_list_file() -> None:
    status, data = run_json("score", "--ruleset", EXAMPLE_CODE, str(EXAMPLES / "cohort.json"))
    assert status == 0
    assert [item["unit_id"] for item in data] == [
        "so-noi-vu",
        "so-tai-chinh",
        "so-tu-phap",
        "so-y-te",
        "so-giao-duc",
        "so-nong-nghiep",
        "so-ngoai-vu",
        "so-khoa-hoc",
    ]
    assert all(item["status"] == "rated" for item in data)
    status, text = run("score", "--ruleset", EXAMPLE_CODE, str(EXAMPLES / "cohort.json"))
    assert status == 0
    assert len(text.splitlines()) == 2 + 8


def test_score_list_file_with_invalid_items(tmp_path: Path) -> None:
    good = json.loads((EXAMPLES / "tot.json").read_text(encoding="utf-8"))
    path = write_report(tmp_path / "mixed.json", [good, {"unit_id": 3}])
    status, text = run("score", "--lang", "en", "--ruleset", EXAMPLE_CODE, path)
    assert status == 1
    lines = text.splitlines()
    assert lines[2].startswith("so-tu-phap  82.50  ")
    assert lines[3] == f"6 problems in report ({path}):"
    assert lines[4] == "  expected text, not 3 @ $[1].unit_id"
    assert "  required key missing @ $[1].self_scores" in lines


def test_score_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text("{not json", encoding="utf-8")
    status, text = run("score", "--lang", "en", "--ruleset", EXAMPLE_CODE, str(path))
    assert status == 1
    lines = text.splitlines()
    # No result at all: no table, only the problem.
    assert lines[0] == f"1 problem in report ({path}):"
    assert lines[1].startswith("  not valid JSON: ")
    assert lines[1].endswith(" @ $")
    assert len(lines) == 2


def test_score_file_that_is_not_json_json(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text("[1, 2", encoding="utf-8")
    status, data = run_json("score", "--ruleset", EXAMPLE_CODE, str(path))
    assert status == 1
    [item] = data
    assert item["unit_id"] is None
    assert item["status"] == "invalid"
    assert item["problems"][0]["message_en"].startswith("not valid JSON: ")


def test_score_missing_report_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.json"
    status, text = run("score", "--ruleset", EXAMPLE_CODE, str(missing))
    assert status == 2
    assert text == ""
    assert capsys.readouterr().err == (
        f"danvan-rules: error: cannot read {missing}: No such file or directory\n"
    )


def test_score_unknown_ruleset_code_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, text = run("score", "--ruleset", "nowhere/v9", str(EXAMPLES / "tot.json"))
    assert status == 2
    assert text == ""
    err = capsys.readouterr().err
    assert err.startswith("danvan-rules: error: no rule set 'nowhere/v9'; available: ")


def test_score_against_a_rule_set_file_with_problems(broken_file: Path) -> None:
    status, text = run("score", "--ruleset", str(broken_file), str(EXAMPLES / "tot.json"))
    assert status == 1
    lines = text.splitlines()
    assert lines[0] == f"2 lỗi trong bộ quy tắc 'hue/plain-v1' ({broken_file}):"
    assert len(lines) == 3
    assert all(" @ $." in line for line in lines[1:])


def test_score_against_a_missing_toml_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.toml"
    status, _ = run("score", "--ruleset", str(missing), str(EXAMPLES / "tot.json"))
    assert status == 2
    assert capsys.readouterr().err == (
        f"danvan-rules: error: cannot read rule set file {missing}: No such file or directory\n"
    )


def test_score_against_a_sourced_rule_set_file_has_no_warnings(
    plain_file: Path, tmp_path: Path
) -> None:
    report = write_report(tmp_path / "r.json", PLAIN_REPORT)
    status, text = run("score", "--ruleset", str(plain_file), report)
    assert status == 0
    row = text.splitlines()[2]
    assert row.split() == ["so-thu", "7.00", "Đạt", "(dat)", "rated", "7.00", "-"]
    status, data = run_json("score", "--ruleset", str(plain_file), report)
    assert status == 0
    assert data[0]["warnings"] == []
    assert data[0]["band"] == "dat"


# ---------------------------------------------------------------------- explain


def test_explain_vi_table() -> None:
    status, text = run("explain", "--ruleset", EXAMPLE_CODE, str(EXAMPLES / "tot.json"))
    assert status == 0
    lines = text.splitlines()
    assert lines[0] == "Đơn vị: Sở Tư pháp (so-tu-phap)"
    assert "Bộ quy tắc: example/dan-van-2024" in lines
    assert "Tiêu chí:" in lines


def test_explain_en_table() -> None:
    status, text = run(
        "explain", "--ruleset", EXAMPLE_CODE, "--lang", "en", str(EXAMPLES / "tot.json")
    )
    assert status == 0
    lines = text.splitlines()
    assert lines[0] == "Unit: Sở Tư pháp (so-tu-phap)"
    assert "Total: 82.50" in lines
    assert "Band: Hoàn thành tốt / Completed well (tot)" in lines


def test_explain_batch_with_an_invalid_report() -> None:
    status, text = run(
        "explain",
        "--ruleset",
        EXAMPLE_CODE,
        "--lang",
        "en",
        str(EXAMPLES / "tot.json"),
        str(MALFORMED),
        str(EXAMPLES / "veto.json"),
    )
    assert status == 1
    assert text.startswith("Unit: Sở Tư pháp (so-tu-phap)\n")
    # One blank line between outcomes; the invalid report in its place, with every problem.
    before, sep, rest = text.partition(
        f"\n\n7 problems in report of unit 'so-van-hoa' ({MALFORMED}):\n"
    )
    assert sep
    assert before.splitlines()[-1].startswith("Audit: example/dan-van-2024 ")
    problems, sep, last = rest.partition("\n\nUnit: Sở Công Thương (so-cong-thuong)\n")
    assert sep
    assert len(problems.splitlines()) == 7
    assert all(" @ $." in line for line in problems.splitlines())
    assert "  Still blocked by: ky-luat" in last.splitlines()


@pytest.mark.parametrize(("lang", "first"), [("vi", "Đơn vị: "), ("en", "Unit: ")])
def test_explain_json(lang: str, first: str) -> None:
    status, data = run_json(
        "explain",
        "--ruleset",
        EXAMPLE_CODE,
        "--lang",
        lang,
        str(EXAMPLES / "xuat-sac.json"),
        str(MALFORMED),
    )
    assert status == 1
    good, bad = data
    assert good.keys() >= RESULT_KEYS
    assert good["unit_id"] == "so-noi-vu"
    assert good["explanation"].startswith(f"{first}Sở Nội vụ (so-noi-vu)\n")
    assert "100.75" in good["explanation"]
    assert bad["status"] == "invalid"
    assert "explanation" not in bad
    assert bad["unit_id"] == "so-van-hoa"


# ---------------------------------------------------------------------- the installed script


def test_console_script_end_to_end() -> None:
    script = Path(sysconfig.get_path("scripts")) / "danvan-rules"
    assert script.is_file(), f"the console script is not installed at {script}"
    done = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(script), "score", "--ruleset", EXAMPLE_CODE, "examples/tot.json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "so-tu-phap" in done.stdout
    assert "Hoàn thành tốt (tot)" in done.stdout
    assert done.stderr == ""
