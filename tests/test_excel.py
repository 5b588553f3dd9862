"""Excel workbooks of rounds (the ``excel`` extra): every cell re-read and checked, and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan_rules.cli import INVALID, OK, USAGE
from danvan_rules.cli._rounds import _STATUS_VI
from danvan_rules.errors import MissingExtraError, safe_text
from danvan_rules.excel import (
    COMPARISON_SHEET,
    TALLIES_SHEET,
    annex_order,
    sheet_name,
    write_comparison_workbook,
    write_round_workbook,
)
from danvan_rules.io import LoadedRound, load_round
from danvan_rules.model.rounds import NOT_RATED, UnitStatus
from danvan_rules.scoring.rounds import compare_rounds

from .cli_run import run
from .round_strategies import no_report_round

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "rounds" / "vi-du-2024"
ROUND = str(EXAMPLE / "round.toml")
HEADER = ["STT", "Đơn vị", "Mã đơn vị", "Tự chấm", "Thẩm định", "Xếp loại", "Tình trạng"]
CHANGE_VI = {
    "up": "lên",
    "down": "xuống",
    "same": "giữ nguyên",
    "new": "mới",
    "gone": "không còn",
    "unrated": "không được xếp loại",
    "incomparable": "không so sánh được",
}


def run_json(*argv: str) -> Any:
    status, text = run(*argv, "--format", "json")
    assert status in {OK, INVALID}
    return json.loads(text)


def rows(ws: Worksheet) -> list[list[Any]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def khoi_label(loaded: LoadedRound, khoi: str) -> str:
    return next(c.label_vi for c in loaded.rulesets[khoi].categories if c.code == khoi)


def band_label(loaded: LoadedRound, khoi: str, code: str | None) -> str | None:
    labels = {b.code: b.label_vi for b in loaded.rulesets[khoi].bands_ascending}
    return None if code is None else f"{labels[code]} ({code})"


def total(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def as_decimal(value: object) -> object:
    """A number cell read back (a float of 2 places) as the exact Decimal it was written from."""
    return Decimal(str(value)) if isinstance(value, float) else value


def broken_copy(tmp_path: Path) -> Path:
    """The example round with one report refused (a wrong year): one unit invalid."""
    folder = tmp_path / "broken"
    shutil.copytree(EXAMPLE, folder)
    path = folder / "reports" / "so-y-te.json"
    report = json.loads(path.read_text(encoding="utf-8"))
    report["year"] = 2023
    path.write_text(json.dumps(report), encoding="utf-8")
    return folder / "round.toml"


# --------------------------------------------------------------- the results


def check_round_sheets(wb: openpyxl.Workbook, round_file: str) -> None:
    """Every cell of the khối sheets and of the tallies sheet against the scored round."""
    loaded = load_round(round_file)
    result = loaded.score()
    data = run_json("round", "score", round_file)
    khoi = list(result.round.khoi)
    assert wb.sheetnames[: len(khoi) + 1] == [*(khoi_label(loaded, k) for k in khoi), TALLIES_SHEET]
    for code in khoi:
        ws = wb[khoi_label(loaded, code)]
        expected = [
            [
                r["stt"],
                r["unit_name"],
                r["unit_id"],
                total(r["self_total"]),
                total(r["appraised_total"]),
                band_label(loaded, code, r["band"]),
                _STATUS_VI[UnitStatus(r["status"])],
            ]
            for r in data["results"][code]
        ]
        got = rows(ws)
        assert got[0] == HEADER
        assert [[as_decimal(v) for v in row] for row in got[1:]] == expected
        for row in ws.iter_rows(min_row=2):
            assert row[0].data_type == "n"
            assert row[0].number_format == "0"
            for cell in row[3:5]:
                if cell.value is not None:
                    assert cell.data_type == "n"  # a number, not text
                    assert cell.number_format == "0.00"
    bands = list(dict.fromkeys(b for t in result.tallies for b in t.bands))
    tallies = rows(wb[TALLIES_SHEET])
    assert tallies[0] == [
        "Phạm vi",
        "Loại",
        *bands,
        "Được xếp loại",
        "Không đủ điều kiện",
        "Báo cáo không hợp lệ",
        "Không có báo cáo",
        "Tổng số",
    ]
    kinds = {"khoi": "khối", "group": "nhóm", "overall": "toàn bộ"}
    assert tallies[1:] == [
        [
            khoi_label(loaded, t.scope) if t.kind == "khoi" else t.label_vi,
            kinds[t.kind],
            *(t.bands.get(b, 0) for b in bands),
            t.rated,
            *(getattr(t, k.value) for k in NOT_RATED),
            t.size,
        ]
        for t in result.tallies
    ]


def test_the_example_round_workbook_says_what_the_round_result_says(tmp_path: Path) -> None:
    target = tmp_path / "results.xlsx"
    write_round_workbook(target, load_round(ROUND))
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["Sở, ban, ngành tỉnh", "UBND cấp xã", TALLIES_SHEET]
    check_round_sheets(wb, ROUND)
    first = rows(wb["Sở, ban, ngành tỉnh"])[1]
    assert first[:5] == [1, "Sở Nội vụ", "so-noi-vu", 91.25, 100.75]
    assert wb["Sở, ban, ngành tỉnh"].freeze_panes == "A2"


def test_the_workbook_is_deterministic_and_dated_by_the_results_decision(tmp_path: Path) -> None:
    loaded = load_round(ROUND)
    one, two = tmp_path / "one.xlsx", tmp_path / "two.xlsx"
    write_round_workbook(one, loaded)
    write_round_workbook(two, loaded, loaded.score())
    assert one.read_bytes() == two.read_bytes()
    stamp = dt.datetime(2025, 1, 15)  # noqa: DTZ001 - the decision's date, as the file stores it
    properties = openpyxl.load_workbook(one).properties
    assert (properties.created, properties.modified) == (stamp, stamp)
    with zipfile.ZipFile(one) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 1, 15, 0, 0, 0)}
        assert archive.testzip() is None


def test_a_round_without_a_results_decision_is_dated_31_december(tmp_path: Path) -> None:
    path = no_report_round(tmp_path / "2024", 2024, "dong-nai/67-2024")
    target = tmp_path / "results.xlsx"
    write_round_workbook(target, load_round(path))
    wb = openpyxl.load_workbook(target)
    assert wb.properties.created == dt.datetime(2024, 12, 31)  # noqa: DTZ001
    check_round_sheets(wb, path)
    unit = rows(wb[wb.sheetnames[0]])[1]
    assert unit == [1, "UBND xã B", "xa-b", None, None, None, "không có báo cáo"]


def test_a_round_with_an_invalid_report(tmp_path: Path) -> None:
    path = str(broken_copy(tmp_path))
    target = tmp_path / "results.xlsx"
    write_round_workbook(target, load_round(path))
    wb = openpyxl.load_workbook(target)
    check_round_sheets(wb, path)
    overall = rows(wb[TALLIES_SHEET])[-1]
    assert overall[0] == load_round(path).score().tally("*").label_vi
    assert overall[-3:-1] == [1, 0]  # one invalid report, no unit without one
    statuses = [r[-1] for r in rows(wb["Sở, ban, ngành tỉnh"])]
    assert "báo cáo không hợp lệ" in statuses


@pytest.mark.parametrize(
    "hostile",
    ["=1+1", '=HYPERLINK("http://x")', "Sở\nY tế", "Sở\x07 Y tế\x1b[31m", "+1", "@SUM(A1)"],
)
def test_a_hostile_unit_name_is_stored_as_text(tmp_path: Path, hostile: str) -> None:
    loaded = load_round(ROUND)
    result = loaded.score()
    first = annex_order(result, "so-nganh")[0]
    forged = attrs.evolve(first, unit=attrs.evolve(first.unit, name_vi=hostile))
    result = attrs.evolve(
        result, outcomes=tuple(forged if o is first else o for o in result.outcomes)
    )
    target = tmp_path / "results.xlsx"
    write_round_workbook(target, loaded, result)
    cell = openpyxl.load_workbook(target)["Sở, ban, ngành tỉnh"]["B2"]
    assert cell.value == safe_text(hostile)
    assert cell.data_type == "s"
    with zipfile.ZipFile(target) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


# ------------------------------------------------------------ the comparison


def check_comparison_sheet(wb: openpyxl.Workbook, earlier: str, later: str) -> None:
    comparison = compare_rounds(load_round(earlier).score(), load_round(later).score())
    data = run_json("round", "compare", earlier, later)
    got = rows(wb[COMPARISON_SHEET])
    before, after = f"Năm {data['earlier_year']}", f"Năm {data['later_year']}"
    units = data["units"]
    width = max(len(r) for r in got)

    def pad(values: list[Any]) -> list[Any]:
        return values + [None] * (width - len(values))

    expected = [
        pad(["Từng đơn vị"]),
        pad(
            [
                f"Mã đơn vị ({before})",
                f"Mã đơn vị ({after})",
                f"Xếp loại ({before})",
                f"Xếp loại ({after})",
                "Thay đổi",
                "Liên kết",
            ]
        ),
        *(
            pad(
                [
                    u["earlier"],
                    u["later"],
                    u["earlier_band"],
                    u["later_band"],
                    CHANGE_VI[u["change"]],
                    ", ".join(u["via"]) or None,
                ]
            )
            for u in units
        ),
        pad([]),
        pad(["Tổng hợp"]),
        pad(["Phạm vi", "Dòng", before, after, "Chênh lệch"]),
        *(
            pad([t["scope"], t["row"], t["earlier"], t["later"], t["delta"]])
            for t in data["tallies"]
        ),
    ]
    assert got == expected
    assert len(comparison.units) == len(units)


def test_the_comparison_workbook_of_two_rounds(tmp_path: Path) -> None:
    later = str(broken_copy(tmp_path))
    target = tmp_path / "yoy.xlsx"
    write_comparison_workbook(target, load_round(ROUND), load_round(later))
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["Sở, ban, ngành tỉnh", "UBND cấp xã", TALLIES_SHEET, COMPARISON_SHEET]
    check_round_sheets(wb, later)
    check_comparison_sheet(wb, ROUND, later)
    changes = [r[4] for r in rows(wb[COMPARISON_SHEET])[2:9]]
    assert "không được xếp loại" in changes  # so-y-te: tot in the earlier round, invalid later
    assert "giữ nguyên" in changes
    invalid = next(r for r in rows(wb[COMPARISON_SHEET]) if r[:2] == ["so-nganh", "invalid"])
    assert invalid[2:5] == [0, 1, 1]


def test_the_comparison_across_rule_sets_and_renames(tmp_path: Path) -> None:
    earlier = no_report_round(tmp_path / "2023", 2023, "dong-nai/3225-2018")
    later = no_report_round(tmp_path / "2024", 2024, "dong-nai/67-2024")
    loaded_earlier, loaded_later = load_round(earlier), load_round(later)
    comparison = compare_rounds(loaded_earlier.score(), loaded_later.score())
    target = tmp_path / "yoy.xlsx"
    write_comparison_workbook(target, loaded_earlier, loaded_later, comparison)
    wb = openpyxl.load_workbook(target)
    check_comparison_sheet(wb, earlier, later)
    assert rows(wb[COMPARISON_SHEET])[2][:2] == ["xa-a", "xa-b"]


# ------------------------------------------------------------- sheet names


@given(st.text(max_size=60), st.lists(st.text(max_size=40), max_size=5))
def test_a_sheet_name_is_always_one_excel_accepts(text: str, taken: list[str]) -> None:
    name = sheet_name(text, taken)
    assert 0 < len(name) <= 31
    assert not set(name) & set("[]:*?/\\")
    assert name[0] != "'"
    assert name[-1] != "'"
    assert name.casefold() not in {t.casefold() for t in taken}
    assert name.isprintable()
    openpyxl.Workbook().create_sheet(name)  # openpyxl checks the title too


def test_sheet_names_that_collide_are_numbered() -> None:
    long = "Ủy ban nhân dân các xã, phường, thị trấn"
    first = sheet_name(long)
    second = sheet_name(long, [first])
    assert first == long[:31]
    assert second == long[:27] + " (2)"
    assert sheet_name(long, [first, second]) == long[:27] + " (3)"
    assert sheet_name("Tổng hợp", [TALLIES_SHEET, COMPARISON_SHEET]) == "Tổng hợp (2)"
    assert sheet_name("a" * 29 + "'b") == "a" * 29 + "'b"
    assert sheet_name("a" * 30 + "'b") == "a" * 30


# --------------------------------------------------------- the missing extra


def write_either(kind: str, target: Path, loaded: LoadedRound) -> None:
    if kind == "comparison":
        write_comparison_workbook(target, loaded, loaded)
    else:
        write_round_workbook(target, loaded)


@pytest.mark.parametrize("kind", ["round", "comparison"])
def test_without_openpyxl_the_writers_name_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    loaded = load_round(ROUND)
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError) as exc:
        write_either(kind, tmp_path / "out.xlsx", loaded)
    assert exc.value.extra == "excel"
    assert exc.value.module == "openpyxl"
    assert str(exc.value) == (
        "writing Excel workbooks needs the optional dependency 'openpyxl': "
        "pip install 'danvan_rules[excel]'"
    )
    assert list(tmp_path.iterdir()) == []


def test_without_openpyxl_the_command_exits_2_naming_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    status, text = run("round", "score", "--out", str(tmp_path / "results.xlsx"), ROUND)
    assert (status, text) == (USAGE, "")
    assert "pip install 'danvan_rules[excel]'" in capsys.readouterr().err
    assert not (tmp_path / "results.xlsx").exists()


# --------------------------------------------------------------------- CLI


@pytest.mark.parametrize("name", ["results.xlsx", "RESULTS.XLSX"])
def test_round_score_out_xlsx_writes_the_results_workbook(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    status, text = run("round", "score", "--out", str(target), ROUND)
    assert (status, text) == (OK, "")
    check_round_sheets(openpyxl.load_workbook(target), ROUND)
    direct = tmp_path / "direct.xlsx"
    write_round_workbook(direct, load_round(ROUND))
    assert target.read_bytes() == direct.read_bytes()


def test_round_score_out_xlsx_of_a_round_with_problems_exits_1(tmp_path: Path) -> None:
    target = tmp_path / "results.xlsx"
    status, text = run("round", "score", "--out", str(target), str(broken_copy(tmp_path)))
    assert (status, text) == (INVALID, "")
    assert target.exists()


def test_round_compare_out_xlsx_writes_the_year_over_year_workbook(tmp_path: Path) -> None:
    later = str(broken_copy(tmp_path))
    target = tmp_path / "yoy.xlsx"
    status, text = run("round", "compare", "--out", str(target), ROUND, later)
    assert (status, text) == (OK, "")
    wb = openpyxl.load_workbook(target)
    check_round_sheets(wb, later)
    check_comparison_sheet(wb, ROUND, later)


@pytest.mark.parametrize("name", ["results.xls", "results.xlsm", "RESULTS.XLSM"])
def test_other_excel_formats_are_refused(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, text = run("round", "score", "--out", str(tmp_path / name), ROUND)
    assert (status, text) == (USAGE, "")
    assert "only .xlsx workbooks are written" in capsys.readouterr().err
    assert not (tmp_path / name).exists()


def test_round_reconcile_has_no_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = run("round", "reconcile", "--out", str(tmp_path / "r.xlsx"), ROUND)
    assert status == USAGE
    assert "round reconcile has no workbook" in capsys.readouterr().err
    assert not (tmp_path / "r.xlsx").exists()


def test_a_workbook_that_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "results.xlsx"
    status, _ = run("round", "score", "--out", str(target), ROUND)
    assert status == USAGE
    assert f"cannot write {target}: No such file or directory" in capsys.readouterr().err


def test_a_missing_round_file_with_xlsx_out_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = run("round", "compare", "--out", str(tmp_path / "y.xlsx"), ROUND, "none.toml")
    assert status == USAGE
    assert "cannot read round file none.toml" in capsys.readouterr().err
