"""The ``round`` verbs of the command line: score, reconcile, compare; formats, --out, exit codes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest

from danvan_rules.cli import INVALID, OK, USAGE, main
from danvan_rules.cli._rounds import _source_of
from danvan_rules.errors import Problem
from danvan_rules.io import load_round

from .cli_run import run, run_json
from .round_strategies import no_report_round

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "rounds" / "vi-du-2024"
ROUND = str(EXAMPLE / "round.toml")


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "vi-du"
    shutil.copytree(EXAMPLE, target)
    return target


# ---------------------------------------------------------------------- score


def test_round_score_prints_the_tallies_and_the_results_per_khoi() -> None:
    status, text = run("round", "score", ROUND)
    assert status == OK
    lines = text.splitlines()
    assert lines[0].startswith("Đợt đánh giá: example 2024 — ")
    assert lines[0].endswith("(dữ liệu giả lập)")
    assert "Quyết định công nhận kết quả: 01/QĐ-UBND (2025-01-15), UBND tỉnh (ví dụ)" in lines
    assert any(
        line.startswith("! các báo cáo của đợt đánh giá này là dữ liệu giả lập") for line in lines
    )
    tally_head = lines[lines.index("Tổng hợp kết quả xếp loại:") + 1]
    assert tally_head.split()[:5] == ["phạm", "vi", "xuat-sac", "tot", "hoan-thanh"]
    assert "không có báo cáo" in tally_head
    row = next(line for line in lines if line.startswith("Sở, ban, ngành tỉnh "))
    assert row.split()[-9:] == ["0", "3", "1", "1", "5", "0", "0", "0", "5"]
    assert "Khối Sở, ban, ngành tỉnh (so-nganh):" in lines
    first = lines[lines.index("Khối Sở, ban, ngành tỉnh (so-nganh):") + 3]
    assert first.split()[:7] == ["1", "Sở", "Nội", "vụ", "(so-noi-vu)", "91.25", "100.75"]
    assert "Hoàn thành tốt (tot)" in first
    assert "được xếp loại" in first
    assert "Phú Lợi" not in text  # not in the year: not in the annex


def test_round_score_in_english() -> None:
    status, text = run("round", "score", "--lang", "en", ROUND)
    assert status == OK
    assert text.startswith("Round: example 2024")
    assert "(synthetic)" in text.splitlines()[0]
    assert "No.  unit" in text
    assert " rated" in text


def test_round_score_json() -> None:
    status, data = run_json("round", "score", ROUND)
    assert status == OK
    assert data["round"]["synthetic"] is True
    assert data["round"]["results"]["number"] == "01/QĐ-UBND"
    overall = next(t for t in data["tallies"] if t["scope"] == "*")
    assert (overall["rated"], overall["size"], overall["no_report"]) == (7, 7, 0)
    first = data["results"]["so-nganh"][0]
    assert first == {
        "stt": 1,
        "unit_id": "so-noi-vu",
        "unit_name": "Sở Nội vụ",
        "self_total": "91.25",
        "appraised_total": "100.75",
        "band": "tot",
        "status": "rated",
        "proposable": False,  # placed in tốt by the quota; only xuất sắc may be proposed
    }
    assert {n["code"] for n in data["notices"]} >= {"round-synthetic"}
    assert data["rulesets"][0]["code"] == "example/dan-van-2024"
    assert data["problems"] == []


def test_round_score_csv_is_one_long_table() -> None:
    status, text = run("round", "score", "--format", "csv", ROUND)
    assert status == OK
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["table", "scope", "row", "unit_id"]
    assert ["tally", "so-nganh", "tot", "", "", "", "", "", "", "3"] in rows
    assert ["tally", "*", "no_report", "", "", "", "", "", "", "0"] in rows
    assert [
        "result",
        "ubnd-xa",
        "1",
        "xa-phu-my",
        "UBND xã Phú Mỹ",
        "88.69",
        "82.92",
        "tot",
        "rated",
        "",
    ] in rows


def test_round_score_out_file(tmp_path: Path) -> None:
    target = tmp_path / "results.csv"
    status, text = run("round", "score", "--format", "csv", "--out", str(target), ROUND)
    assert (status, text) == (OK, "")
    assert target.read_text(encoding="utf-8").startswith("table,scope,row,")


@pytest.mark.parametrize("name", ["results.xls", "RESULTS.XLSM"])
def test_excel_formats_other_than_xlsx_are_refused_as_a_usage_error(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # .xlsx is written (tests/test_excel.py); the old and the macro formats are not
    status, text = run("round", "score", "--out", str(tmp_path / name), ROUND)
    assert (status, text) == (USAGE, "")
    assert "only .xlsx workbooks are written" in capsys.readouterr().err
    assert not (tmp_path / name).exists()


def test_an_out_file_that_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = run("round", "score", "--out", str(tmp_path / "no" / "such" / "r.csv"), ROUND)
    assert status == USAGE
    assert "cannot write" in capsys.readouterr().err


def test_a_missing_round_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = run("round", "score", str(tmp_path / "none.toml"))
    assert status == USAGE
    assert "cannot read round file" in capsys.readouterr().err


def test_an_invalid_round_file_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "round.toml"
    path.write_text('province = "example"\nyear = "2024"\n', encoding="utf-8")
    status, text = run("round", "score", str(path))
    assert status == INVALID
    assert "3 lỗi trong" in text
    assert "@ $.year" in text
    assert "@ $.rulesets" in text
    status, data = run_json("round", "score", str(path))
    assert status == INVALID
    assert {p["code"] for p in data["problems"]} == {
        "data.expected_integer",
        "roundfile.no_registry",
        "roundfile.ruleset_choice",
    }


def test_reports_with_problems_exit_1_and_name_their_file(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    report = json.loads((folder / "reports" / "so-y-te.json").read_text(encoding="utf-8"))
    report["year"] = 2023
    report["unit_name"] = "Sở\x1b[31m Y tế"
    (folder / "reports" / "so-y-te.json").write_text(json.dumps(report), encoding="utf-8")
    status, text = run("round", "score", str(folder / "round.toml"))
    assert status == INVALID
    assert "\x1b" not in text
    assert "Báo cáo có lỗi (1):" in text
    assert "@ $.reports[4].year [reports/so-y-te.json]" in text
    status, data = run_json("round", "score", str(folder / "round.toml"))
    assert status == INVALID
    assert data["problems"][0]["source"] == "reports/so-y-te.json"
    assert data["problems"][0]["code"] == "round.year_mismatch"


def test_text_of_the_data_is_escaped_and_csv_cells_stay_inert(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    units = (folder / "units.toml").read_text(encoding="utf-8")
    units = units.replace('"Sở Y tế"', '"=HYPERLINK(1)\\nforged row"')
    (folder / "units.toml").write_text(units, encoding="utf-8")
    status, text = run("round", "score", str(folder / "round.toml"))
    assert status == OK
    assert "=HYPERLINK(1)\\nforged row (so-y-te)" in text
    status, text = run("round", "score", "--format", "csv", str(folder / "round.toml"))
    rows = list(csv.reader(io.StringIO(text)))
    names = [row[4] for row in rows if row[3] == "so-y-te"]
    assert names == ["'=HYPERLINK(1)\\nforged row"]
    assert ["tally", "*", "tot", "", "", "", "", "", "", "4"] in rows


# ------------------------------------------------------------------ reconcile


def test_round_reconcile_matches_every_fact_of_the_example() -> None:
    status, text = run("round", "reconcile", ROUND)
    assert status == OK
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("#  "))
    checks = lines[start + 2 : start + 7]
    assert all(" khớp " in line for line in checks)
    # then the award, checked against its recipient's band (an assumed rule of the rule set)
    assert lines[start + 7 :][:2] == [
        "",
        "Khen thưởng công tác dân vận chính quyền, đối chiếu với mức xếp loại",
    ]
    assert lines[-1].startswith("0  bang-khen 02/QĐ-UBND  không đủ điều kiện (giả định)  so-noi-vu")
    status, data = run_json("round", "reconcile", ROUND)
    assert [(a["recipient"], a["eligibility"], a["assumed"]) for a in data["awards"]] == [
        ("so-noi-vu", "not_eligible", True)
    ]


def test_round_reconcile_says_what_does_not_match_and_exits_1(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    text = (folder / "round.toml").read_text(encoding="utf-8")
    text = text.replace("total = 82.50", "total = 85").replace("size = 5", "size = 6")
    (folder / "round.toml").write_text(text, encoding="utf-8")
    status, data = run_json("round", "reconcile", str(folder / "round.toml"))
    assert status == INVALID
    assert data["ok"] is False
    verdicts = [(c["kind"], c["verdict"]) for c in data["checks"]]
    assert verdicts == [
        ("BandCounts", "matched"),
        ("UnitTotal", "not_matched"),
        ("NamedUnits", "matched"),
        ("NoUnitInBand", "matched"),
        ("CohortSize", "not_matched"),
    ]
    assert data["checks"][1]["notes"] == ["total: published 85, scored 82.50 (-2.50)"]
    status, text = run("round", "reconcile", "--lang", "en", str(folder / "round.toml"))
    assert status == INVALID
    assert "not_matched  total: published 85, scored 82.50 (-2.50)" in text
    status, text = run("round", "reconcile", "--format", "csv", str(folder / "round.toml"))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "#"
    assert rows[2][3] == "không khớp"


def test_a_fact_that_cannot_be_checked_does_not_fail(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "reports" / "so-y-te.json").unlink()
    text = (folder / "round.toml").read_text(encoding="utf-8")
    start = text.index("[[published]]")
    end = text.index("[[awards]]")
    fact = (
        '[[published]]\nkind = "no-unit-in-band"\nband = "xuat-sac"\nscope = "so-nganh"\n'
        'source = { document = "x" }\n\n'
        '[[published]]\nkind = "no-unit-in-band"\nband = "xuat-sac"\n'
        'source = { document = "y" }\n\n'
    )
    (folder / "round.toml").write_text(text[:start] + fact + text[end:], encoding="utf-8")
    status, data = run_json("round", "reconcile", str(folder / "round.toml"))
    assert [c["verdict"] for c in data["checks"]] == ["uncheckable", "uncheckable"]
    assert [c["subject"] for c in data["checks"]] == ["so-nganh", "*"]
    assert status == OK


# -------------------------------------------------------------------- compare


def test_round_compare_two_rounds_with_different_rule_sets(tmp_path: Path) -> None:
    earlier = no_report_round(tmp_path / "2023", 2023, "dong-nai/3225-2018")
    later = no_report_round(tmp_path / "2024", 2024, "dong-nai/67-2024")
    status, text = run("round", "compare", earlier, later)
    assert status == OK
    assert text.startswith("Đợt đánh giá: 2023 → 2024\n")
    assert "dong-nai/3225-2018 → dong-nai/67-2024" in text.splitlines()[1]
    assert "xa-a       xa-b     — → —     unrated" in text
    status, data = run_json("round", "compare", earlier, later)
    assert data["same_rulesets"] is False
    assert data["rulesets"] == [
        {"khoi": "ubnd-xa", "earlier": "dong-nai/3225-2018", "later": "dong-nai/67-2024"}
    ]
    assert data["units"][0]["earlier"] == "xa-a"
    assert data["units"][0]["later"] == "xa-b"
    change = next(t for t in data["tallies"] if t["scope"] == "ubnd-xa" and t["row"] == "no_report")
    assert (change["earlier"], change["later"], change["delta"]) == (1, 1, 0)
    status, text = run("round", "compare", "--format", "csv", earlier, later)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["table", "a", "b", "earlier", "later", "change", "delta"]
    assert ["tally", "ubnd-xa", "no_report", "1", "1", "", "0"] in rows


def test_a_round_without_decisions_or_title(tmp_path: Path) -> None:
    path = no_report_round(tmp_path / "2024", 2024, "dong-nai/67-2024")
    status, text = run("round", "score", path)
    assert status == OK
    assert text.splitlines()[:2] == [
        "Đợt đánh giá: dong-nai 2024",
        "Khối ubnd-xa: dong-nai/67-2024",
    ]
    assert "UBND xã B (xa-b)  —        —          —         không có báo cáo" in text


def test_a_problem_outside_the_reports_names_no_source() -> None:
    loaded = load_round(ROUND)
    assert _source_of(loaded, Problem("x", "$.units[0]", code="t.x", message_vi="x")) is None
    assert _source_of(loaded, Problem("x", "$.reports[2].year", code="t.x", message_vi="x")) == (
        "reports/so-tu-phap.json"
    )


def test_round_compare_of_a_round_with_itself() -> None:
    status, text = run("round", "compare", "--lang", "en", ROUND, ROUND)
    assert status == OK
    assert "different rule sets" not in text
    assert "so-noi-vu       so-noi-vu       tot → tot" in text
    assert "so-nganh   tot               3        3      +0" in text


def test_round_without_a_verb_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["round"])
    assert exc.value.code == USAGE
    assert "VERB" in capsys.readouterr().err


def test_round_score_as_a_real_command() -> None:
    script = Path(sysconfig.get_path("scripts")) / "danvan-rules"
    done = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(script), "round", "score", "examples/rounds/vi-du-2024/round.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=60,
    )
    assert done.returncode == OK, done.stderr
    assert "Tổng hợp kết quả xếp loại:" in done.stdout
    assert "Toàn tỉnh" in done.stdout
