"""Excel self-assessment forms (the ``excel`` extra): out, filled, and back, exactly."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import openpyxl
import pytest
from hypothesis import given, settings

import danvan_rules as dr
from danvan_rules import rulesets
from danvan_rules.cli import INVALID, OK, USAGE
from danvan_rules.errors import MissingExtraError, ReportError
from danvan_rules.forms import (
    FORM_SHEET,
    LISTS_SHEET,
    NO,
    TITLE,
    YES,
    _cut,
    _whole,
    read_form,
    write_form,
)
from danvan_rules.io import load_report
from danvan_rules.limits import MAX_REPORT_FILE_BYTES, MAX_XLSX_UNZIPPED_BYTES
from danvan_rules.model import RuleSet, UnitReport
from danvan_rules.testing import reports_for

from .cli_run import run

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parent.parent
PAIRS = [(rs.code, c.code) for rs in rulesets.load_all() for c in rs.categories]
EXAMPLE = "example/dan-van-2024"


@pytest.mark.parametrize(("code", "category"), PAIRS)
def test_a_filled_form_reads_back_into_the_same_report(
    tmp_path: Path, code: str, category: str
) -> None:
    ruleset = rulesets.get(code)

    @settings(max_examples=5)
    @given(reports_for(ruleset, category))
    def round_trip(report: UnitReport) -> None:
        path = tmp_path / "form.xlsx"
        write_form(path, ruleset, category, unit_id=report.unit_id, report=report)
        assert read_form(path) == report
        assert load_report(path) == report

    round_trip()


# ---------------------------------------------------------------------- helpers


def _sheet(path: Path) -> tuple[Any, Worksheet]:
    book = openpyxl.load_workbook(path)
    return book, book[FORM_SHEET]


def _row(ws: Worksheet, label: str) -> int:
    """The row whose column A holds ``label`` (a code, a fact's name, an identity label)."""
    return next(int(cell.row) for cell in ws["A"] if cell.value == label)


def _blank(tmp_path: Path, example: RuleSet, **identity: Any) -> Path:
    path = tmp_path / "form.xlsx"
    given = {"unit_name": "Sở Tư pháp", "year": 2024, **identity}
    write_form(path, example, "so-nganh", unit_id="so-tu-phap", **given)
    return path


def _edit(path: Path, cells: dict[tuple[str, str], Any]) -> None:
    """Set cells by (row label, column): ``{("I.2", "E"): 8}``; saved in place."""
    book, ws = _sheet(path)
    for (label, letter), value in cells.items():
        ws[f"{letter}{_row(ws, label)}"] = value
    book.save(path)


def _filled(tmp_path: Path, example: RuleSet) -> Path:
    """The example's report ``tot.json`` as a filled form."""
    report = dr.load_report(ROOT / "examples" / "tot.json")
    path = tmp_path / "tot.xlsx"
    write_form(path, example, report.category, unit_id=report.unit_id, report=report)
    return path


def _typed(value: object) -> object:
    """A report's value as a person types it into the form: Có/Không, a number, a name."""
    if isinstance(value, bool):
        return YES if value else NO
    return float(value) if isinstance(value, Decimal) else value


def example_ruleset() -> RuleSet:
    return rulesets.get(EXAMPLE)


def _problems(path: Path, **kwargs: Any) -> list[tuple[str, str]]:
    with pytest.raises(ReportError) as caught:
        read_form(path, **kwargs)
    assert caught.value.source == str(path)
    return [(p.code, p.path) for p in caught.value.problems]


# ---------------------------------------------------------------------- the form


def test_the_form_shows_identity_criteria_facts_bonuses_and_a_total(
    tmp_path: Path, example: RuleSet
) -> None:
    book, ws = _sheet(_blank(tmp_path, example))
    assert book.sheetnames == [FORM_SHEET, LISTS_SHEET]
    assert book[LISTS_SHEET].sheet_state == "hidden"
    assert ws["A1"].value == TITLE
    identity = {ws[f"A{n}"].value: ws[f"B{n}"].value for n in range(4, 12)}
    assert identity == {
        "Mã đơn vị": "so-tu-phap",
        "Tên đơn vị": "Sở Tư pháp",
        "Khối": "so-nganh",
        "Năm đánh giá": 2024,
        "Tỉnh, thành phố": "example",
        "Tỉnh cũ (nếu có)": None,
        "Bộ quy tắc": EXAMPLE,
        "Đã thẩm định": None,
    }
    header = _row(ws, "Mã")
    assert [c.value for c in ws[header]][:6] == [
        "Mã",
        "Tiêu chí",
        "Điểm tối đa",
        "Căn cứ",
        "Tự chấm",
        "Thẩm định",
    ]
    codes = [c.code for c in example.scorecard_for("so-nganh").ordered]
    assert [ws[f"A{header + 1 + i}"].value for i in range(len(codes))] == codes
    assert ws[f"B{_row(ws, 'I.1')}"].alignment.indent == 2
    assert ws[f"B{_row(ws, 'I')}"].alignment.indent == 0
    assert ws[f"C{_row(ws, 'I.2')}"].value == 5
    for fact in example.facts:
        assert ws[f"B{_row(ws, fact.name)}"].value == fact.label_vi
    assert ws[f"C{_row(ws, 'dvk-cap-tinh')}"].value == 5
    total = _row(ws, "Tổng")
    assert "chỉ để tham khảo; điểm chính thức do thư viện tính" in ws[f"B{total}"].value
    assert str(ws[f"E{total}"].value).startswith("=ROUND(")


def test_input_cells_carry_validations_and_only_they_are_unlocked(
    tmp_path: Path, example: RuleSet
) -> None:
    book, ws = _sheet(_blank(tmp_path, example))
    assert ws.protection.sheet
    checks = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    points = checks[f"E{_row(ws, 'I.2')}"]
    assert (points.type, points.operator, points.formula1, points.formula2) == (
        "decimal",
        "between",
        "0",
        "5",
    )
    assert "0.5" in str(points.prompt)
    assert checks[f"E{_row(ws, 'I.1')}"].formula1 == f'"{YES},{NO}"'
    assert checks[f"E{_row(ws, 'I.3')}"].formula1 == f"'{LISTS_SHEET}'!$A$1:$A$4"
    assert checks[f"E{_row(ws, 'VI.2')}"].formula1 == f"'{LISTS_SHEET}'!$B$1:$B$4"
    assert checks[f"E{_row(ws, 'II.2')}"].type == "whole"
    assert checks[f"E{_row(ws, 'khieu_nai_dong_nguoi')}"].type == "whole"
    assert checks[f"E{_row(ws, 'ky_luat')}"].formula1 == f'"{YES},{NO}"'
    assert checks[f"B{_row(ws, 'Năm đánh giá')}"].formula2 == "2200"
    unlocked = {
        cell.coordinate for row in ws.iter_rows() for cell in row if not cell.protection.locked
    }
    assert unlocked == set(checks)
    # appraiser-only: no self cell, an appraisal cell
    assert f"E{_row(ws, 'VII')}" not in unlocked
    assert f"F{_row(ws, 'VII')}" in unlocked
    # groups: no input cell at all
    assert not {f"E{_row(ws, 'I')}", f"F{_row(ws, 'I')}"} & unlocked
    levels = [c.value for c in book[LISTS_SHEET]["A"]]
    assert levels == ["Tốt", "Khá", "Trung bình", "Chưa đạt"]


def test_two_runs_give_the_same_bytes(tmp_path: Path, example: RuleSet) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for path in (first, second):
        write_form(path, example, "so-nganh", unit_id="x")
    assert first.read_bytes() == second.read_bytes()
    report = dr.load_report(ROOT / "examples" / "tot.json")
    for path in (first, second):
        write_form(path, example, "so-nganh", unit_id=report.unit_id, report=report)
    assert first.read_bytes() == second.read_bytes()


def test_libreoffice_opens_the_form_without_repair(tmp_path: Path, example: RuleSet) -> None:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is needed: the tests session installs libreoffice-calc"
    path = _filled(tmp_path, example)
    out = tmp_path / "out"
    done = subprocess.run(  # noqa: S603 - a fixed command on a file of this test
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = (out / "tot.csv").read_text(encoding="utf-8")
    for criterion in example.scorecard_for("so-nganh").ordered:
        assert f"\n{criterion.code}," in text
    assert TITLE in text
    assert "Có" in text  # a checklist answer, read as written


# ---------------------------------------------------------------------- reading


def test_a_blank_form_filled_by_hand_is_read_exactly(tmp_path: Path, example: RuleSet) -> None:
    path = _blank(tmp_path, example, year=None, province="example")
    answers: dict[tuple[str, str], object] = {
        ("Năm đánh giá", "B"): 2024.0,  # a whole number as a float
        ("I.1", "E"): YES,
        ("I.2", "E"): 4.5,
        ("I.3", "E"): "Khá",
        ("II.1", "E"): "7.25",  # numeric text, exact
        ("II.2", "E"): 3,
        ("III.1", "E"): 96.5,
        ("III.2", "E"): 1,
        ("IV.1", "E"): 6,
        ("IV.2", "E"): 100,
        ("V", "E"): 9.5,
        ("VI.1", "E"): True,  # a boolean cell, typed TRUE
        ("VI.2", "E"): "Được công nhận",
        ("ky_luat", "E"): f" {NO} ",
        ("moi_thanh_lap", "E"): NO,
        ("khieu_nai_dong_nguoi", "E"): 0,
        ("bao_cao_tre_han", "E"): 2.0,
        ("dvk-cap-tinh", "E"): 2,
    }
    _edit(path, answers)
    report = read_form(path)
    assert report.year == 2024
    assert report.self_scores["I.1"] is True
    assert report.self_scores["VI.1"] is True
    assert report.self_scores["I.2"] == Decimal("4.5")
    assert report.self_scores["II.1"] == Decimal("7.25")
    assert report.facts == {
        "ky_luat": False,
        "moi_thanh_lap": False,
        "khieu_nai_dong_nguoi": 0,
        "bao_cao_tre_han": 2,
    }
    assert report.bonuses == {"dvk-cap-tinh": Decimal(2)}
    assert report.appraised_scores is None
    # VII is appraiser-only: pending until appraised, and the report scores
    assert dr.score(example, report).status.value == "rated"


def test_empty_cells_are_answers_not_given_left_to_the_scorer(
    tmp_path: Path, example: RuleSet
) -> None:
    report = read_form(_blank(tmp_path, example))
    assert report.self_scores == {}
    assert report.facts == {}
    with pytest.raises(ReportError) as caught:
        dr.score(example, report)
    assert "report.missing_score" in {p.code for p in caught.value.problems}


def test_a_decimal_comma_is_refused_at_its_cell(tmp_path: Path, example: RuleSet) -> None:
    path = _blank(tmp_path, example)
    _edit(path, {("I.2", "E"): "4,5"})
    row = _row(_sheet(path)[1], "I.2")
    with pytest.raises(ReportError) as caught:
        read_form(path)
    (problem,) = caught.value.problems
    assert problem.code == "number.decimal_comma"
    assert problem.path == f"form.xlsx!E{row} (I.2)"
    assert "'4.5'" in problem.message
    assert f"form.xlsx!E{row} (I.2)" in str(caught.value)


def test_off_step_and_other_problems_are_all_refused_at_once(
    tmp_path: Path, example: RuleSet
) -> None:
    path = _blank(tmp_path, example)
    _edit(
        path,
        {
            ("I.2", "E"): 4.3,  # off the step 0.5
            ("I.3", "E"): "Rất tốt",  # no such level
            ("V", "F"): 11,  # above the max
            ("I.1", "E"): "có lẽ",  # not Có/Không
            ("bao_cao_tre_han", "E"): 2.5,  # not a whole count
        },
    )
    ws = _sheet(path)[1]
    assert sorted(_problems(path)) == sorted(
        [
            ("fact.invalid", f"form.xlsx!E{_row(ws, 'bao_cao_tre_han')} (bao_cao_tre_han)"),
            ("answer.not_true_false", f"form.xlsx!E{_row(ws, 'I.1')} (I.1)"),
            ("score.off_step", f"form.xlsx!E{_row(ws, 'I.2')} (I.2)"),
            ("answer.unknown_level", f"form.xlsx!E{_row(ws, 'I.3')} (I.3)"),
            ("score.out_of_range", f"form.xlsx!F{_row(ws, 'V')} (V)"),
        ]
    )


def test_an_implausible_year_is_refused_at_its_cell(tmp_path: Path, example: RuleSet) -> None:
    path = _blank(tmp_path, example)
    _edit(path, {("Năm đánh giá", "B"): 1800, ("I.2", "E"): "4,5"})
    assert _problems(path) == [
        ("report.implausible_year", "form.xlsx!B7 (Năm đánh giá)"),
        ("number.decimal_comma", f"form.xlsx!E{_row(_sheet(path)[1], 'I.2')} (I.2)"),
    ]


def test_a_formula_in_an_input_cell_is_refused(tmp_path: Path, example: RuleSet) -> None:
    path = _blank(tmp_path, example)
    _edit(path, {("I.2", "E"): "=2+2"})
    ws = _sheet(path)[1]
    assert _problems(path) == [("form.not_a_value", f"form.xlsx!E{_row(ws, 'I.2')} (I.2)")]


def test_empty_identity_cells_are_refused(tmp_path: Path, example: RuleSet) -> None:
    path = tmp_path / "form.xlsx"
    write_form(path, example, "so-nganh", unit_id="so-tu-phap", province="")
    assert _problems(path) == [
        ("form.empty_cell", "form.xlsx!B5 (Tên đơn vị)"),
        ("form.empty_cell", "form.xlsx!B7 (Năm đánh giá)"),
        ("form.empty_cell", "form.xlsx!B8 (Tỉnh, thành phố)"),
    ]


def test_an_unknown_former_province_is_placed_at_its_cell(tmp_path: Path, example: RuleSet) -> None:
    path = _blank(tmp_path, example)
    _edit(path, {("Tỉnh cũ (nếu có)", "B"): "atlantis", ("I.2", "E"): 5})
    assert _problems(path) == [("report.unknown_province", "form.xlsx!B9 (Tỉnh cũ (nếu có))")]


@pytest.mark.parametrize(
    ("mark", "filled", "appraised"),
    [(None, False, None), (None, True, {"V": Decimal(5)}), (YES, False, {}), (NO, False, None)],
)
def test_the_appraisal_mark(
    tmp_path: Path,
    example: RuleSet,
    mark: str | None,
    filled: bool,
    appraised: dict[str, Decimal] | None,
) -> None:
    path = _blank(tmp_path, example)
    cells: dict[tuple[str, str], object] = {("Đã thẩm định", "B"): mark}
    if filled:
        cells["V", "F"] = 5
    _edit(path, cells)
    assert read_form(path).appraised_scores == appraised


@pytest.mark.parametrize("mark", [NO, "maybe"])
def test_a_contradicting_or_unknown_appraisal_mark_is_refused(
    tmp_path: Path, example: RuleSet, mark: str
) -> None:
    path = _blank(tmp_path, example)
    _edit(path, {("Đã thẩm định", "B"): mark, ("V", "F"): 5})
    assert _problems(path) == [("form.appraisal_mark", "form.xlsx!B11 (Đã thẩm định)")]


def test_an_edited_code_cell_is_refused(tmp_path: Path, example: RuleSet) -> None:
    path = _blank(tmp_path, example)
    _edit(path, {("I.2", "A"): "I.9"})
    ws = _sheet(path)[1]
    assert _problems(path) == [("form.edited", f"form.xlsx!A{_row(ws, 'I.9')}")]


def test_a_moved_row_is_refused(tmp_path: Path, example: RuleSet) -> None:
    path = _blank(tmp_path, example)
    book, ws = _sheet(path)
    ws.insert_rows(_row(ws, "I.2"))
    book.save(path)
    codes = {code for code, _ in _problems(path)}
    assert codes == {"form.edited"}


def test_not_a_form(tmp_path: Path, example: RuleSet) -> None:
    path = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(path)
    assert _problems(path) == [("form.not_a_form", "other.xlsx")]
    form = _blank(tmp_path, example)
    book, ws = _sheet(form)
    ws["A1"] = "something else"
    book.save(form)
    assert _problems(form) == [("form.not_a_form", "form.xlsx")]


def test_a_broken_or_huge_file_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    assert _problems(broken) == [("form.invalid_xlsx", "broken.xlsx")]
    huge = tmp_path / "huge.xlsx"
    huge.write_bytes(b"\0" * (MAX_REPORT_FILE_BYTES + 1))
    assert _problems(huge) == [("document.too_large", "huge.xlsx")]


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path, example: RuleSet) -> None:
    path = _blank(tmp_path, example)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (MAX_XLSX_UNZIPPED_BYTES + 1))
    assert path.stat().st_size < 1024 * 1024  # small on disk, 64 MiB inflated
    assert _problems(path) == [("document.too_large", "form.xlsx")]
    with pytest.raises(ReportError, match="unzips to"):
        read_form(path)
    (tmp_path / "ok").mkdir()
    smaller = _blank(tmp_path / "ok", example)
    assert read_form(smaller).unit_id == "so-tu-phap"  # a real form is far under the limit


def test_the_rule_set_and_category_of_the_form(tmp_path: Path, example: RuleSet) -> None:
    path = _blank(tmp_path, example)
    assert read_form(path, ruleset=example).unit_id == "so-tu-phap"
    other = rulesets.get("ben-tre/07-2023")
    assert _problems(path, ruleset=other) == [("form.wrong_ruleset", "form.xlsx!B10 (Bộ quy tắc)")]
    renamed = attrs.evolve(example, code="example/mine-2024")
    mine = tmp_path / "mine.xlsx"
    write_form(mine, renamed, "so-nganh", unit_id="x", unit_name="X", year=2024)
    assert _problems(mine) == [("form.unknown_ruleset", "mine.xlsx!B10 (Bộ quy tắc)")]
    assert read_form(mine, ruleset=renamed).unit_id == "x"
    _edit(path, {("Khối", "B"): "ubnd-huyen"})
    assert _problems(path) == [("form.unknown_category", "form.xlsx!B6 (Khối)")]


# ---------------------------------------------------------------------- writing


def test_a_report_the_form_cannot_hold_is_refused(tmp_path: Path, example: RuleSet) -> None:
    report = dr.load_report(ROOT / "examples" / "tot.json")
    odd = attrs.evolve(
        report,
        self_scores={**report.self_scores, "VII": Decimal(1), "X.9": Decimal(1)},
        appraised_scores={"X.8": Decimal(1)},
        facts={**report.facts, "nothing": 1},
        bonuses={"none": Decimal(1)},
    )
    with pytest.raises(ReportError) as caught:
        write_form(tmp_path / "f.xlsx", example, "ubnd-xa", unit_id="other", report=odd)
    assert [p.path for p in caught.value.problems] == [
        "$.unit_id",
        "$.category",
        '$.self_scores["VII"]',
        '$.self_scores["X.9"]',
        '$.appraised_scores["X.8"]',
        '$.facts["nothing"]',
        '$.bonuses["none"]',
    ]
    assert {p.code for p in caught.value.problems} == {"form.report_mismatch"}
    assert not (tmp_path / "f.xlsx").exists()
    with pytest.raises(KeyError):
        write_form(tmp_path / "f.xlsx", example, "nope", unit_id="x")


def test_values_a_number_cell_cannot_hold_exactly_are_written_as_text(
    tmp_path: Path, example: RuleSet
) -> None:
    report = dr.load_report(ROOT / "examples" / "tot.json")
    exact = Decimal("123456789012.123456789012")  # 24 digits: more than a float holds
    odd = attrs.evolve(
        report,
        self_scores={**report.self_scores, "I.2": exact, "II.1": True},
    )
    path = tmp_path / "f.xlsx"
    write_form(path, example, "so-nganh", unit_id=report.unit_id, report=odd)
    ws = _sheet(path)[1]
    assert ws[f"E{_row(ws, 'I.2')}"].value == str(exact)
    assert ws[f"E{_row(ws, 'II.1')}"].value is True
    with pytest.raises(ReportError) as caught:
        read_form(path)  # both are refused, each at its cell, as the scorer refuses them
    assert [p.code for p in caught.value.problems] == ["score.out_of_range", "answer.not_a_number"]


def test_a_bonus_claimed_in_points_and_a_long_prompt(tmp_path: Path, example: RuleSet) -> None:
    data = dr.ruleset_to_data(example)
    for adjustment in data["adjustments"]:
        if adjustment.get("code") == "dvk-cap-tinh":
            del adjustment["points"]
    data["derived"] = [d for d in data["derived"] if d["target"] != "bonus:dvk-cap-tinh"]
    ruleset = dr.ruleset_from_data(data)
    path = _blank(tmp_path, ruleset)
    _edit(path, {("dvk-cap-tinh", "E"): 1.5})
    assert read_form(path, ruleset=ruleset).bonuses == {"dvk-cap-tinh": Decimal("1.5")}
    ws = _sheet(path)[1]
    (check,) = [
        dv
        for dv in ws.data_validations.dataValidation
        if str(dv.sqref) == f"E{_row(ws, 'dvk-cap-tinh')}"
    ]
    assert check.type == "decimal"
    assert _cut("x" * 300, 255) == "x" * 254 + "…"
    # a whole number some writers store as "2024.0", which openpyxl reads as a float
    assert (_whole(2024.0), _whole(2.5), _whole("x")) == (2024, 2.5, "x")


def test_without_openpyxl_both_name_the_extra(
    tmp_path: Path, example: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _blank(tmp_path, example)
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError, match="excel"):
        write_form(tmp_path / "g.xlsx", example, "so-nganh", unit_id="x")
    with pytest.raises(MissingExtraError, match="excel"):
        read_form(path)


# ---------------------------------------------------------------------- the command


def test_form_then_score_the_filled_form(tmp_path: Path) -> None:
    path = tmp_path / "so-tu-phap.xlsx"
    status, text = run(
        "form",
        "--ruleset",
        EXAMPLE,
        "--category",
        "so-nganh",
        "--unit",
        "so-tu-phap",
        "--name",
        "Sở Tư pháp",
        "--year",
        "2024",
        "-o",
        str(path),
    )
    assert status == OK, text
    assert text == f"{path}: {EXAMPLE}, so-nganh, so-tu-phap\n"
    report = dr.load_report(ROOT / "examples" / "tot.json")
    values = {**report.self_scores, **report.facts}
    _edit(path, {(key, "E"): _typed(value) for key, value in values.items()})
    status, text = run("score", "--ruleset", EXAMPLE, str(path), "--format", "json")
    assert status == OK, text
    expected = dr.score(example_ruleset(), attrs.evolve(report, appraised_scores=None, bonuses={}))
    assert f'"total": "{expected.total}"' in text
    _edit(path, {("I.2", "E"): "4,5"})
    status, text = run("score", "--ruleset", EXAMPLE, str(path))
    assert status == INVALID
    assert f"{path.name}!E" in text
    assert "(I.2)" in text


def test_a_form_from_a_ruleset_file_scores_with_that_file(tmp_path: Path) -> None:
    source = tmp_path / "mine.toml"
    mine = attrs.evolve(example_ruleset(), code="example/mine")
    source.write_text(dr.ruleset_to_toml(mine), encoding="utf-8")
    path = tmp_path / "mine.xlsx"
    made = ["--category", "so-nganh", "--unit", "so-a", "--name", "Sở A", "--year", "2024"]
    made += ["-o", str(path)]
    status, text = run("form", "--ruleset", str(source), *made)
    assert status == OK, text
    report = dr.load_report(ROOT / "examples" / "tot.json")
    values = {**report.self_scores, **report.facts}
    _edit(path, {(key, "E"): _typed(value) for key, value in values.items()})
    status, text = run("score", "--ruleset", str(source), str(path), "--format", "json")
    assert status == OK, text
    assert '"ruleset": "example/mine"' in text
    status, text = run("score", "--ruleset", EXAMPLE, str(path), "--format", "json")
    assert status == INVALID
    assert "form.wrong_ruleset" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--category", "nope", "-o", "f.xlsx"], "unknown category"),
        (["--category", "so-nganh", "-o", "f.csv"], "FILE.xlsx"),
        (["--category", "so-nganh", "-o", "missing/dir/f.xlsx"], "cannot write"),
    ],
)
def test_form_usage_errors(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    status, _ = run("form", "--ruleset", EXAMPLE, "--unit", "x", *args)
    assert status == USAGE
    assert message in capsys.readouterr().err


def test_score_of_a_missing_form_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = run("score", "--ruleset", EXAMPLE, str(tmp_path / "none.xlsx"))
    assert status == USAGE
    assert "cannot read" in capsys.readouterr().err
