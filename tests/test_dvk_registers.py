"""registers: a register of models from JSON, JSON Lines, CSV and .xlsx files, nothing dropped."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from danvan_rules.errors import MissingExtraError
from danvan_rules.limits import MAX_DATA_DEPTH, MAX_STRING_LENGTH, MAX_XLSX_UNZIPPED_BYTES
from danvan_rules.model.dvk import DvkRecords, RegisterError
from danvan_rules.registers import (
    BOOLEAN_WORDS,
    SHEET_NAMES,
    load_register,
    write_register_csv,
    write_register_xlsx,
)
from tests.dvk_strategies import (
    CODE,
    all_records,
    example_campaign,
    example_units,
    put,
    registers,
    tables,
    write_csv_files,
    write_json,
    write_jsonl,
    write_workbook,
)

CAMPAIGN = example_campaign()
UNITS = example_units()
HEADER = [
    "id",
    "name_vi",
    "campaign",
    "unit",
    "field",
    "kind",
    "holder_kind",
    "registered_on",
    "target_level",
    "period_from",
    "period_until",
]


def row(i: int = 1, **changes: str) -> list[str]:
    values = {
        "id": f"m-{i}",
        "name_vi": f"Mô hình {i}",
        "campaign": CODE,
        "unit": "dv-0",
        "field": "kinh-te",
        "kind": "mo-hinh",
        "holder_kind": "tap-the",
        "registered_on": "2021-03-20",
        "target_level": "co-so",
        "period_from": "2021",
        "period_until": "2021",
    }
    values.update(changes)
    return [values[k] for k in HEADER]


def write_csv(path: Path, rows: list[list[Any]], *, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file).writerows(rows)
    return path


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                put(ws.cell(row=r, column=c), value)
    wb.save(path)
    return path


def count_rows(path: Path) -> int:
    """The records of a CSV file as a spreadsheet shows them: rows below the header."""
    with path.open(encoding="utf-8", newline="") as file:
        return len(list(csv.reader(file))) - 1


def paths(info: pytest.ExceptionInfo[RegisterError]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in info.value.problems]


_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# ---------------------------------------------------------------- round trips


@_SETTINGS
@given(registers(CAMPAIGN, UNITS))
def test_round_trip_in_every_format(records: DvkRecords) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        assert load_register(write_json(records, base / "register.json")) == records
        assert load_register(write_jsonl(records, base / "register.jsonl")) == records
        assert load_register(write_csv_files(records, base)) == records
        assert load_register(write_workbook(records, base / "register.xlsx")) == records
        # the library's own writers
        written = write_register_csv(records, base)
        assert sorted(written) == sorted(write_csv_files(records, base))
        assert load_register(written) == records
        write_register_xlsx(records, base / "own.xlsx")
        assert load_register(base / "own.xlsx") == records


@_SETTINGS
@given(registers(CAMPAIGN, UNITS))
def test_vietnamese_sheet_names_in_any_case(records: DvkRecords) -> None:
    vietnamese = {
        "model": "Mô hình",
        "review": "ĐÁNH GIÁ",
        "recognition": "công nhận",
        "award": "Khen thưởng",
    }
    assert {name.casefold() for name in vietnamese.values()} <= set(SHEET_NAMES)
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(records, Path(folder) / "so.xlsx", names=vietnamese)
        assert load_register(path) == records


@_SETTINGS
@given(registers(CAMPAIGN, UNITS, max_models=8))
def test_no_record_is_lost(records: DvkRecords) -> None:
    """Counts equal rows: every row of every file is a record of the result."""
    with tempfile.TemporaryDirectory() as folder:
        files = write_csv_files(records, Path(folder))
        rows = sum(count_rows(p) for p in files)
        loaded = load_register(files)
        assert len(all_records(loaded)) == rows == len(all_records(records))
        twice = load_register([*files, *files])
        assert len(twice.models) == 2 * len(records.models)


@_SETTINGS
@given(
    registers(CAMPAIGN, UNITS, max_models=8).filter(lambda r: r.models),
    st.data(),
)
def test_exactly_the_bad_rows_are_reported(records: DvkRecords, data: st.DataObject) -> None:
    header, rows = tables(records)["model"]
    bad = data.draw(st.lists(st.integers(0, len(rows) - 1), unique=True, min_size=1))
    breaking = data.draw(
        st.sampled_from(
            [
                ("period_until", "2021.5", "data.expected_integer"),
                ("registered_on", "2021-02-30", "data.expected_date"),
                ("synthetic", "maybe", "data.expected_boolean"),
                ("id", "", "data.missing_key"),
            ]
        )
    )
    column, value, code = breaking
    if column not in header:
        header.append(column)
    cells = [[r.get(k, "") for k in header] for r in rows]
    for i in bad:
        cells[i][header.index(column)] = value
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "models.csv", [header, *cells])
        with pytest.raises(RegisterError) as info:
            load_register(path)
        book = workbook(Path(folder) / "r.xlsx", {"mô hình": [header, *cells]})
        with pytest.raises(RegisterError) as in_book:
            load_register(book)
    assert paths(info) == [(code, f"models.csv:row {i + 2}: {column}") for i in sorted(bad)]
    assert paths(in_book) == [(code, f"r.xlsx!mô hình:row {i + 2}: {column}") for i in sorted(bad)]
    assert str(path) in info.value.subject


# ----------------------------------------------------------------------- CSV


def test_a_small_csv_register(tmp_path: Path) -> None:
    models = write_csv(tmp_path / "models.csv", [HEADER, row(1), [""] * len(HEADER), row(2)])
    reviews = write_csv(
        tmp_path / "reviews.csv",
        [
            ["model", "year", "body", "answers.ten-dia-chi", "answers.ben-vung", "synthetic"],
            ["m-1", "2021", "Ban Chỉ đạo", "có", "Không", "TRUE"],
            ["m-2", "2022", "Ban Chỉ đạo", "", "", ""],
        ],
    )
    records = load_register([models, reviews])
    assert [m.id for m in records.models] == ["m-1", "m-2"]
    assert dict(records.reviews[0].answers) == {"ten-dia-chi": True, "ben-vung": False}
    assert records.reviews[0].synthetic
    assert dict(records.reviews[1].answers) == {}
    assert BOOLEAN_WORDS == {"true": True, "false": False, "có": True, "không": False}


def test_a_byte_order_mark_and_quoted_newlines(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "mô hình.csv",
        [HEADER, row(1, name_vi="Hai\ndòng, “trích”")],
        encoding="utf-8-sig",
    )
    assert load_register(path).models[0].name_vi == "Hai\ndòng, “trích”"


def test_the_record_column_and_the_kind_argument(tmp_path: Path) -> None:
    mixed = write_csv(
        tmp_path / "so.csv",
        [
            ["record", *HEADER, "model", "year", "body"],
            ["model", *row(1), "", "", ""],
            ["review", *[""] * len(HEADER), "m-1", "2021", "Ban Chỉ đạo"],
            ["", *row(2), "", "", ""],
            ["mo-hinh", *row(3), "", "", ""],
        ],
    )
    with pytest.raises(RegisterError) as info:
        load_register(mixed)
    assert paths(info) == [
        ("register.unknown_record", "so.csv:row 4: record"),
        ("register.unknown_record", "so.csv:row 5: record"),
    ]
    loaded = load_register(write_csv(tmp_path / "a.csv", [HEADER, row(1)]), kind="model")
    assert len(loaded.models) == 1
    with pytest.raises(RegisterError) as info:
        load_register(tmp_path / "a.csv")
    assert paths(info) == [("register.no_record_kind", "a.csv")]
    with pytest.raises(RegisterError) as info:
        load_register(tmp_path / "a.csv", kind="models")
    assert paths(info) == [("register.unknown_record", "kind")]


def test_header_and_row_shapes(tmp_path: Path) -> None:
    with pytest.raises(RegisterError) as info:
        load_register(write_csv(tmp_path / "models.csv", [[*HEADER[:3], "", HEADER[1]], row(1)]))
    assert paths(info) == [
        ("register.bad_header", "models.csv:row 1"),
        ("register.bad_header", "models.csv:row 1"),
    ]
    with pytest.raises(RegisterError) as info:
        load_register(
            write_csv(tmp_path / "models.csv", [HEADER, [*row(1), "", "extra"], [*row(2), ""]])
        )
    assert paths(info) == [("register.extra_cells", "models.csv:row 2")]
    assert load_register(write_csv(tmp_path / "models.csv", [])) == DvkRecords()
    trailing = write_csv(tmp_path / "models.csv", [[*HEADER, "", ""], row(1)])
    assert len(load_register(trailing).models) == 1
    clash = write_csv(
        tmp_path / "reviews.csv",
        [["model", "year", "body", "answers", "answers.x"], ["m-1", "2021", "Ban", "", "có"]],
    )
    with pytest.raises(RegisterError) as info:
        load_register(clash)
    assert paths(info) == [("register.bad_header", "reviews.csv:row 1")]
    assert "'answers'" in info.value.problems[0].message
    short = write_csv(tmp_path / "models.csv", [HEADER, row(1)[:5]])
    with pytest.raises(RegisterError) as info:
        load_register(short)
    assert [p for _, p in paths(info)] == [f"models.csv:row 2: {k}" for k in HEADER[5:]]


def test_unknown_columns_and_nested_cells(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "awards.csv",
        [
            [
                "kind",
                "stream",
                "issuer",
                "recipient.kind",
                "recipient.unit",
                "source.document",
                "source.date",
                "colour",
            ],
            [
                "giay-khen",
                "dan-van-kheo",
                "Đảng ủy Sở",
                "collective",
                "dv-0",
                "QĐ 1",
                "2016-11-08",
                "",
            ],
            [
                "giay-khen",
                "dan-van-kheo",
                "Đảng ủy Sở",
                "collective",
                "dv-0",
                "QĐ 1",
                "8/11/2016",
                "red",
            ],
        ],
    )
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert paths(info) == [
        ("data.expected_date", "awards.csv:row 3: source.date"),
        ("data.unknown_key", "awards.csv:row 3: colour"),
    ]


# ---------------------------------------------------------------- JSON, JSONL


def test_json_paths_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "register.json"
    path.write_text(
        json.dumps({"models": [dict(zip(HEADER, row(1), strict=True))]}), encoding="utf-8"
    )
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert paths(info) == [
        ("data.expected_integer", "register.json: $.models[0].period_from"),
        ("data.expected_integer", "register.json: $.models[0].period_until"),
    ]


def test_json_lines(tmp_path: Path) -> None:
    good = {
        "record": "model",
        **dict(zip(HEADER, row(1), strict=True)),
        "period_from": 2021,
        "period_until": 2021,
    }
    lines = [
        json.dumps(good),
        "",
        json.dumps({**good, "record": "modell"}),
        json.dumps({k: v for k, v in good.items() if k != "record"}),
        "[1, 2]",
        '{"record": "review", "model": "m-1", "year": 2021, "body": "\\ud800", "answers": {}}',
        "[" * (MAX_DATA_DEPTH + 1) + "]" * (MAX_DATA_DEPTH + 1),
        json.dumps({**good, "registered_on": "2021-02-30"}),
    ]
    path = tmp_path / "register.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert paths(info) == [
        ("register.unknown_record", "register.jsonl:line 3: $.record"),
        ("register.no_record_kind", "register.jsonl:line 4: $.record"),
        ("data.expected_table", "register.jsonl:line 5: $"),
        ("text.invalid_unicode", "register.jsonl:line 6: $.body"),
        ("document.too_deep", "register.jsonl:line 7: $"),
        ("data.expected_date", "register.jsonl:line 8: $.registered_on"),
    ]
    path.write_text(json.dumps(good) + "\n\n", encoding="utf-8")
    assert len(load_register(path).models) == 1


def test_a_line_of_a_huge_integer_is_named_an_int(tmp_path: Path) -> None:
    path = tmp_path / "register.jsonl"
    path.write_text("9" * 5000, encoding="utf-8")  # kept as text by the reader: past int()'s digits
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert [p.message_en for p in info.value.problems] == [
        "a line of a register is an object, not int"
    ]


def test_lone_surrogates(tmp_path: Path) -> None:
    document = tmp_path / "register.json"
    document.write_text('{"models": [], "reviews": [{"model": "\\udc80"}]}', encoding="utf-8")
    with pytest.raises(RegisterError) as info:
        load_register(document)
    assert paths(info) == [("text.invalid_unicode", "register.json: $.reviews[0].model")]
    encoded = tmp_path / "models.csv"
    encoded.write_bytes(",".join(HEADER).encode() + b"\nm-\xed\xa0\x80\n")
    with pytest.raises(RegisterError) as info:
        load_register(encoded)
    assert paths(info) == [("document.invalid_utf8", "models.csv")]


def test_a_deep_json_document(tmp_path: Path) -> None:
    path = tmp_path / "register.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert paths(info) == [("document.too_deep", "register.json: $")]


# -------------------------------------------------------------------- limits


def test_huge_cells(tmp_path: Path) -> None:
    long = write_csv(
        tmp_path / "models.csv", [HEADER, row(1, name_vi="x" * (MAX_STRING_LENGTH + 1))]
    )
    with pytest.raises(RegisterError) as info:
        load_register(long)
    assert paths(info) == [("document.string_too_long", "models.csv:row 2: name_vi")]
    huge = write_csv(tmp_path / "models.csv", [HEADER, row(1), row(2, name_vi="x" * 200_000)])
    with pytest.raises(RegisterError) as info:
        load_register(huge)
    assert paths(info) == [("register.invalid_csv", "models.csv:row 3")]


def test_files_and_lists_past_the_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("danvan_rules.registers.MAX_LIST_LENGTH", 3)
    rows = [HEADER, *(row(i) for i in range(4))]
    with pytest.raises(RegisterError) as info:
        load_register(write_csv(tmp_path / "models.csv", rows))
    assert paths(info) == [("document.list_too_long", "models.csv")]
    lines = tmp_path / "register.jsonl"
    lines.write_text("{}\n" * 4, encoding="utf-8")
    with pytest.raises(RegisterError) as info:
        load_register(lines)
    assert paths(info) == [("document.list_too_long", "register.jsonl")]
    with pytest.raises(RegisterError) as info:
        load_register(workbook(tmp_path / "r.xlsx", {"models": rows}))
    assert paths(info) == [("document.list_too_long", "r.xlsx!models")]
    monkeypatch.setattr("danvan_rules.registers.MAX_REPORT_FILE_BYTES", 100)
    monkeypatch.setattr("danvan_rules.codec.dvk.MAX_REPORT_FILE_BYTES", 100)
    with pytest.raises(RegisterError) as info:
        load_register(tmp_path / "models.csv")
    assert paths(info) == [("document.too_large", "models.csv")]
    with pytest.raises(RegisterError) as info:
        load_register(tmp_path / "r.xlsx")
    assert paths(info) == [("document.too_large", "r.xlsx")]


def test_a_header_too_wide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("danvan_rules.registers.MAX_TABLE_KEYS", 5)
    with pytest.raises(RegisterError) as info:
        load_register(write_csv(tmp_path / "models.csv", [HEADER, row(1)]))
    assert paths(info) == [("register.bad_header", "models.csv:row 1")]


def test_not_utf8_and_unknown_formats(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "models.csv", [HEADER, row(1, name_vi="Mô")], encoding="cp1258")
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert paths(info) == [("document.invalid_utf8", "models.csv")]
    other = tmp_path / "register.ods"
    other.write_bytes(b"")
    with pytest.raises(RegisterError) as info:
        load_register([other, path])
    assert paths(info) == [
        ("register.unknown_format", "register.ods"),
        ("document.invalid_utf8", "models.csv"),
    ]


# --------------------------------------------------------------------- Excel


def test_cells_as_typed(tmp_path: Path) -> None:
    header = [*HEADER, "synthetic"]
    cells: list[Any] = row(1)
    cells[HEADER.index("registered_on")] = dt.datetime(2021, 3, 20)  # noqa: DTZ001 - a date cell
    cells[HEADER.index("period_from")] = 2021
    cells[HEADER.index("period_until")] = 2022.0
    cells[HEADER.index("unit")] = 1606
    cells[HEADER.index("field")] = "kinh-te"
    cells[HEADER.index("id")] = 7
    path = workbook(tmp_path / "r.xlsx", {"models": [header, [*cells, True]]})
    m = load_register(path).models[0]
    assert (m.registered_on, m.period_from, m.period_until, m.unit, m.synthetic) == (
        dt.date(2021, 3, 20),
        2021,
        2022,
        "1606",
        True,
    )
    assert m.id == "7"


def test_hostile_cells(tmp_path: Path) -> None:
    header = [*HEADER, "description"]
    year = [*row(1), ""]
    year[HEADER.index("period_until")] = 2021.5  # type: ignore[call-overload]
    timed = [*row(2), ""]
    timed[HEADER.index("registered_on")] = dt.datetime(2021, 3, 20, 9, 30)  # type: ignore[call-overload]  # noqa: DTZ001
    text = [*row(3), ""]
    text[HEADER.index("unit")] = 3.5  # type: ignore[call-overload]
    path = workbook(tmp_path / "r.xlsx", {"models": [header, year, timed, text, [*row(4), ""]]})
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert paths(info) == [
        ("data.expected_integer", "r.xlsx!models:row 2: period_until"),
        ("data.expected_date", "r.xlsx!models:row 3: registered_on"),
        ("data.expected_text", "r.xlsx!models:row 4: unit"),
    ]


def test_formula_and_error_cells(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "models"
    ws.append(HEADER)
    ws.append(row(1))
    ws.append(row(2))
    ws["J2"] = "=2020+1"
    ws["B3"] = "=A3"
    ws["C3"] = "#DIV/0!"
    ws["C3"].data_type = "e"
    wb.save(tmp_path / "r.xlsx")
    with pytest.raises(RegisterError) as info:
        load_register(tmp_path / "r.xlsx")
    assert paths(info) == [
        ("register.not_a_value", "r.xlsx!models:row 2: period_from"),
        ("register.not_a_value", "r.xlsx!models:row 3: name_vi"),
        ("register.not_a_value", "r.xlsx!models:row 3: campaign"),
    ]


def test_sheets(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "r.xlsx",
        {"Hướng dẫn": [["Điền mỗi mô hình một dòng"]], "Trống": [], "models": [HEADER, row(1)]},
    )
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert paths(info) == [("register.unknown_sheet", "r.xlsx!Hướng dẫn")]
    ok = workbook(tmp_path / "ok.xlsx", {"Trống": [], "models": [HEADER, row(1)], "reviews": []})
    assert len(load_register(ok).models) == 1


def test_a_broken_workbook(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert paths(info) == [("register.invalid_xlsx", "r.xlsx")]


def test_without_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError) as info:
        load_register(tmp_path / "r.xlsx")
    assert "pip install 'danvan_rules[excel]'" in str(info.value)
    assert "reading .xlsx registers" in str(info.value)
    with pytest.raises(MissingExtraError) as info:
        write_register_xlsx(DvkRecords(), tmp_path / "r.xlsx")
    assert "writing .xlsx registers" in str(info.value)


def test_an_empty_register_written(tmp_path: Path) -> None:
    assert write_register_csv(DvkRecords(), tmp_path) == ()
    write_register_xlsx(DvkRecords(), tmp_path / "r.xlsx")
    assert load_register(tmp_path / "r.xlsx") == DvkRecords()
    from openpyxl import load_workbook

    assert load_workbook(tmp_path / "r.xlsx").sheetnames == ["models"]


def test_a_workbook_that_unzips_past_the_limit_is_refused_before_it_is_read(
    tmp_path: Path,
) -> None:
    path = workbook(tmp_path / "r.xlsx", {"models": [HEADER, row(1)]})
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (MAX_XLSX_UNZIPPED_BYTES + 1))
    assert path.stat().st_size < 1024 * 1024  # small on disk
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert paths(info) == [("document.too_large", "r.xlsx")]
    assert "unzips to" in str(info.value)
