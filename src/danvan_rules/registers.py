r"""Registers of "Dân vận khéo" models from files: JSON, JSON Lines, CSV and Excel.

:func:`load_register` reads one file or several and returns every record, or
a :class:`~danvan_rules.model._dvk_records.RegisterError` listing every
problem of every file, each at its place: nothing is dropped, and no bad row
is skipped. The formats:

- **JSON** (``.json``): one register document, ``{"models": [...],
  "reviews": [...], "recognitions": [...], "awards": [...]}``
  (:func:`~danvan_rules.codec.dvk.records_from_data`); problems at
  ``register.json: $.models[3].field``.
- **JSON Lines** (``.jsonl``): one record a line, tagged ``"record": "model"``
  (or ``review``, ``recognition``, ``award``); blank lines are skipped;
  problems at ``register.jsonl:line 5: $.field``.
- **CSV** (``.csv``, UTF-8, a byte-order mark allowed): a header row of field
  names, then one record a row; problems at ``models.csv:row 14: field``,
  rows numbered as a spreadsheet shows them (the header is row 1).
- **Excel** (``.xlsx``, the ``excel`` extra): one sheet per record kind, a
  header row and one record a row, as in CSV; problems at
  ``register.xlsx!models:row 3: field``.

In CSV and Excel a row's kind is its ``record`` cell when the file has that
column, else the ``kind`` argument, else the file's (or sheet's) name:
:data:`SHEET_NAMES` lists the names (``models``, ``mô hình``, …). An empty
cell is an absent value (the field's default, or a missing key); a wholly
empty row is not a record. Cells are read as the field wants them: a year
from ``2021`` (a number cell only if it is whole: ``2021.5`` is refused), a
flag from ``true``/``false``/``có``/``không`` (any case), a date from ISO
text ``2021-03-16`` or a date cell; checklist answers are the columns
``answers.<requirement code>``, nested values ``recipient.kind``,
``source.document`` and the like. A formula or an error cell is refused (a
register holds values). The limits of ``docs/limits.md`` apply: files of at
most :data:`~danvan_rules.limits.MAX_REPORT_FILE_BYTES`, at most
:data:`~danvan_rules.limits.MAX_LIST_LENGTH` rows a file, cells of at most
:data:`~danvan_rules.limits.MAX_STRING_LENGTH` characters.

:func:`write_register_csv` and :func:`write_register_xlsx` write a register
in these layouts (a file or a sheet per record kind), and
:func:`load_register` reads them back into equal records.

>>> import pathlib, tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     path = pathlib.Path(folder) / "reviews.csv"
...     _ = path.write_text("model,year,body,answers.ten-dia-chi\n"
...                         "m-1,2021,Ban Dân vận,có\n"
...                         "m-2,2021.5,Ban Dân vận,maybe\n", encoding="utf-8")
...     load_register(path)
Traceback (most recent call last):
  ...
danvan_rules.model._dvk_records.RegisterError: 2 problems in register of models (...reviews.csv):
  expected a whole number, not '2021.5' @ reviews.csv:row 3: year
  expected true or false, not 'maybe' @ reviews.csv:row 3: answers["ten-dia-chi"]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from os import PathLike
from pathlib import Path
from typing import Any, Final, get_type_hints

import attrs

from danvan_rules._xlsx import unzip_problem
from danvan_rules.codec import parse_json_document
from danvan_rules.codec._documents import type_name
from danvan_rules.codec.dvk import (
    RECORD_KINDS,
    Record,
    published_from_toml,
    record_from_data,
    record_to_data,
    records_from_data,
    register_text,
)
from danvan_rules.errors import Collector, DataError, MissingExtraError, Problem
from danvan_rules.limits import MAX_LIST_LENGTH, MAX_REPORT_FILE_BYTES, MAX_TABLE_KEYS
from danvan_rules.model.dvk import DvkFact, DvkRecords, Model, Recognition, RegisterError, Review
from danvan_rules.model.rounds import Award, PublishedError

__all__ = [
    "BOOLEAN_WORDS",
    "SHEET_NAMES",
    "load_published",
    "load_register",
    "write_register_csv",
    "write_register_xlsx",
]

StrPath = str | PathLike[str]

#: The names of a sheet (or a CSV file, without ``.csv``) and the record kind
#: its rows hold; compared in any case.
SHEET_NAMES: Final[Mapping[str, str]] = {
    "models": "model",
    "mô hình": "model",
    "reviews": "review",
    "đánh giá": "review",
    "recognitions": "recognition",
    "công nhận": "recognition",
    "awards": "award",
    "khen thưởng": "award",
}

#: The words of a flag cell (``synthetic``, a checklist answer), in any case.
BOOLEAN_WORDS: Final[Mapping[str, bool]] = {
    "true": True,
    "false": False,
    "có": True,
    "không": False,
}

_WHOLE: Final = re.compile(r"[+-]?[0-9]{1,12}")
_ANSWERS: Final = "answers"
_RECORD: Final = "record"


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def _field_types(cls: type) -> dict[str, object]:
    return dict(get_type_hints(cls))


#: The type of each field of each record kind, to read a cell as it wants.
_TYPES: Final = {kind: _field_types(cls) for kind, cls in RECORD_KINDS.items()}


# ----------------------------------------------------------------- entry points


def load_published(path: StrPath) -> tuple[DvkFact, ...]:
    """Read the published counts of a campaign from a TOML file of ``[[published]]`` tables.

    Each table is one count, with its ``kind`` (``registered``, ``passed``,
    ``recognised``, ``honoured``) and source
    (:func:`~danvan_rules.codec.dvk.published_from_data`):

    >>> facts = load_published("examples/dvk/bac-kan-thanh-pho-2023/published.toml")
    >>> [(type(f).__name__, f.total) for f in facts]
    [('RegisteredCount', 279), ('RecognisedCount', 202)]

    Raises:
        PublishedError: every problem of the file, each with its path, the
            file named in the error's subject.
        OSError: the file cannot be read.
    """
    with Path(path).open("rb") as file:
        content = file.read(MAX_REPORT_FILE_BYTES + 1)
    try:
        return published_from_toml(content)
    except DataError as exc:
        raise PublishedError(
            exc.problems,
            f"published facts ({path})",
            subject_vi=f"kết quả đã công bố ({path})",
        ) from None


def load_register(
    path_or_paths: StrPath | Iterable[StrPath], *, kind: str | None = None
) -> DvkRecords:
    """Read a register from one file or several (see the module's docstring).

    The records of several files are joined in the order given. ``kind``
    (``"model"``, ``"review"``, ``"recognition"`` or ``"award"``) is the kind
    of the rows of a CSV file that has no ``record`` column and whose name
    does not say.

    Raises:
        RegisterError: every problem of every file, each at its place, the
            files named in the error's subject.
        MissingExtraError: an ``.xlsx`` file without openpyxl installed.
        OSError: a file cannot be read.
    """
    paths = [path_or_paths] if isinstance(path_or_paths, str | PathLike) else list(path_or_paths)
    shown = ", ".join(str(p) for p in paths)
    subject = {
        "subject": f"register of models ({shown})",
        "subject_vi": f"sổ theo dõi mô hình ({shown})",
    }
    found = Collector()
    if kind is not None and kind not in RECORD_KINDS:
        listed = ", ".join(map(repr, RECORD_KINDS))
        found.add(
            f"kind is one of {listed}, not {kind!r}",
            "kind",
            code="register.unknown_record",
            vi=f"kind phải là một trong các loại {listed}, không phải {kind!r}",
        )
        found.fail(RegisterError, **subject)
    parts = [_load_one(Path(path), kind, found) for path in paths]
    found.raise_if_any(RegisterError, **subject)
    return DvkRecords(
        tuple(m for p in parts for m in p.models),
        tuple(r for p in parts for r in p.reviews),
        tuple(r for p in parts for r in p.recognitions),
        tuple(a for p in parts for a in p.awards),
    )


def _load_one(path: Path, kind: str | None, found: Collector) -> DvkRecords:
    suffix = path.suffix.casefold()
    name = path.name
    if suffix == ".xlsx":
        return _Rows(found).xlsx(path)
    if suffix not in {".json", ".jsonl", ".csv"}:
        found.add(
            f"a register is a .json, .jsonl, .csv or .xlsx file, not {name!r}",
            name,
            code="register.unknown_format",
            vi=f"sổ theo dõi phải là tệp .json, .jsonl, .csv hoặc .xlsx, không phải {name!r}",
        )
        return DvkRecords()
    text = _text(path, found)
    if text is None:
        return DvkRecords()
    if suffix == ".json":
        return _json(text, name, found)
    if suffix == ".jsonl":
        return _json_lines(text, name, found)
    default = kind or SHEET_NAMES.get(_folded(path.stem))
    return _Rows(found).csv(text, name, default)


def _read(path: Path) -> bytes:
    """At most one byte more than the limit: enough to tell that the file is too large."""
    with path.open("rb") as file:
        return file.read(MAX_REPORT_FILE_BYTES + 1)


def _text(path: Path, found: Collector) -> str | None:
    """The file's UTF-8 text (a byte-order mark dropped), or ``None`` with its problem."""
    try:
        return register_text(_read(path))
    except DataError as exc:
        found.extend(_placed(exc.problems, path.name))
    return None


def _placed(
    problems: Iterable[Problem], place: str, *, json_path: bool = False
) -> Iterator[Problem]:
    """Each problem at ``place: field`` (``place: $.field`` with ``json_path``)."""
    for problem in problems:
        path = problem.path
        if json_path:
            yield attrs.evolve(problem, path=f"{place}: {path}")
        else:
            rest = path.removeprefix("$").removeprefix(".")
            yield attrs.evolve(problem, path=f"{place}: {rest}" if rest else place)


# ------------------------------------------------------------------------ JSON


def _json(text: str, name: str, found: Collector) -> DvkRecords:
    try:
        return records_from_data(parse_json_document(text))
    except DataError as exc:
        found.extend(_placed(exc.problems, name, json_path=True))
    return DvkRecords()


def _too_many(name: str, count: str) -> Problem:
    return Problem(
        f"{name} holds more than {MAX_LIST_LENGTH} {count}",
        name,
        code="document.list_too_long",
        message_vi=f"{name} có hơn {MAX_LIST_LENGTH} bản ghi",
    )


class _Records:
    """The records of one file, by kind, in order."""

    def __init__(self) -> None:
        self.by_kind: dict[str, list[Record]] = {k: [] for k in RECORD_KINDS}

    def add(self, record: Record) -> None:
        kind = next(k for k, cls in RECORD_KINDS.items() if isinstance(record, cls))
        self.by_kind[kind].append(record)

    def done(self) -> DvkRecords:
        models: list[Model] = self.by_kind["model"]  # type: ignore[assignment]
        reviews: list[Review] = self.by_kind["review"]  # type: ignore[assignment]
        recognitions: list[Recognition] = self.by_kind["recognition"]  # type: ignore[assignment]
        awards: list[Award] = self.by_kind["award"]  # type: ignore[assignment]
        return DvkRecords(models, reviews, recognitions, awards)


def _json_lines(text: str, name: str, found: Collector) -> DvkRecords:
    lines = text.splitlines()
    if len(lines) > MAX_LIST_LENGTH:
        found.append(_too_many(name, "lines"))
        return DvkRecords()
    out = _Records()
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                out.add(_line_record(line))
            except DataError as exc:
                found.extend(_placed(exc.problems, f"{name}:line {number}", json_path=True))
    return out.done()


def _line_record(line: str) -> Record:
    data = parse_json_document(line)
    if not isinstance(data, dict):
        name = type_name(data)
        raise RegisterError(
            [
                Problem(
                    f"a line of a register is an object, not {name}",
                    code="data.expected_table",
                    message_vi=f"mỗi dòng của sổ theo dõi phải là một đối tượng, không phải {name}",
                )
            ]
        )
    listed = " | ".join(map(repr, RECORD_KINDS))
    if _RECORD not in data:
        raise RegisterError(
            [
                Problem(
                    f'a line of a register names its record: "record": {listed}',
                    "$.record",
                    code="register.no_record_kind",
                    message_vi=f'mỗi dòng của sổ theo dõi phải ghi loại bản ghi: "record": {listed}',
                )
            ]
        )
    try:
        return record_from_data(data[_RECORD], {k: v for k, v in data.items() if k != _RECORD})
    except RegisterError as exc:
        # an unknown kind is the problem of the tag
        raise RegisterError(
            attrs.evolve(p, path="$.record") if p.code == "register.unknown_record" else p
            for p in exc.problems
        ) from None


# ------------------------------------------------------------ CSV and Excel


class _Rows:
    """Rows of cells (a CSV file, a sheet) to records, every problem recorded at its cell."""

    def __init__(self, found: Collector) -> None:
        self.found = found
        self.out = _Records()

    # ---- CSV

    def csv(self, text: str, name: str, default: str | None) -> DvkRecords:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        rows: list[list[object]] = []
        try:
            for row in reader:
                if len(rows) > MAX_LIST_LENGTH:
                    self.found.append(_too_many(name, "rows"))
                    return DvkRecords()
                rows.append(list(row))
        except csv.Error as exc:
            self.found.add(
                f"not valid CSV: {exc}",
                f"{name}:row {len(rows) + 1}",
                code="register.invalid_csv",
                vi=f"CSV không hợp lệ: {exc}",
            )
            return DvkRecords()
        self.table(rows, name, default)
        return self.out.done()

    # ---- Excel

    def xlsx(self, path: Path) -> DvkRecords:
        try:
            import openpyxl  # the optional extra, imported lazily
        except ImportError:
            raise MissingExtraError("openpyxl", "excel", "reading .xlsx registers") from None
        content = _read(path)
        name = path.name
        if len(content) > MAX_REPORT_FILE_BYTES:
            self.found.add(
                f"the document is larger than the limit of {MAX_REPORT_FILE_BYTES} bytes "
                f"(read {len(content)} bytes)",
                name,
                code="document.too_large",
                vi=f"tài liệu lớn hơn giới hạn {MAX_REPORT_FILE_BYTES} byte "
                f"(đã đọc {len(content)} byte)",
            )
            return DvkRecords()
        unzipped = unzip_problem(content)
        if unzipped is not None:  # a zip bomb: its shared strings are read whole
            self.found.add(unzipped[0], name, code="document.too_large", vi=unzipped[1])
            return DvkRecords()
        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
            self.found.add(
                f"not a readable .xlsx workbook: {type(exc).__name__}",
                name,
                code="register.invalid_xlsx",
                vi=f"không đọc được tệp .xlsx: {type(exc).__name__}",
            )
            return DvkRecords()
        try:
            for sheet in book.worksheets:
                self.sheet(sheet, name)
        finally:
            book.close()
        return self.out.done()

    def sheet(self, sheet: Any, name: str) -> None:
        place = f"{name}!{sheet.title}"
        kind = SHEET_NAMES.get(_folded(sheet.title))
        rows: list[list[object]] = []
        for row in sheet.iter_rows():
            if len(rows) > MAX_LIST_LENGTH:
                self.found.append(_too_many(place, "rows"))
                return
            rows.append([self.cell(cell) for cell in row])
        if kind is None:
            if any(_value(c) for row in rows for c in row):
                listed = ", ".join(map(repr, SHEET_NAMES))
                self.found.add(
                    f"sheet {sheet.title!r} is not a sheet of a register ({listed})",
                    place,
                    code="register.unknown_sheet",
                    vi=f"trang {sheet.title!r} không phải là một trang của sổ theo dõi ({listed})",
                )
            return
        self.table(rows, place, kind)

    @staticmethod
    def cell(cell: Any) -> object:
        if cell.data_type in {"f", "e"}:
            return _Refused(str(cell.value))
        value: object = cell.value
        return value

    # ---- both

    def table(self, rows: list[list[object]], place: str, default: str | None) -> None:
        if not rows:
            return
        header = self.header(rows[0], place)
        if header is None:
            return
        if default is None and _RECORD not in header:
            self.found.add(
                "the rows do not say what they record: add a 'record' column, pass kind=, "
                f"or name the file or sheet as one of {', '.join(map(repr, SHEET_NAMES))}",
                place,
                code="register.no_record_kind",
                vi="các dòng không ghi loại bản ghi: thêm cột 'record', truyền kind=, hoặc đặt "
                f"tên tệp hay trang là một trong {', '.join(map(repr, SHEET_NAMES))}",
            )
            return
        for number, row in enumerate(rows[1:], start=2):
            if any(_value(c) for c in row):
                self.row(header, row, f"{place}:row {number}", default)

    def header(self, row: list[object], place: str) -> list[str] | None:
        cells = list(row)
        while cells and not _value(cells[-1]):
            cells.pop()
        names: list[str] = []
        ok = True
        for column, cell in enumerate(cells, start=1):
            text = unicodedata.normalize("NFC", cell).strip() if isinstance(cell, str) else ""
            if not text or text in names or len(cells) > MAX_TABLE_KEYS:
                self.found.add(
                    f"column {column} of the header has no name, or a name used twice, "
                    f"or the header has more than {MAX_TABLE_KEYS} columns: {_shown(cell)}",
                    f"{place}:row 1",
                    code="register.bad_header",
                    vi=f"cột {column} của dòng tiêu đề không có tên, hoặc tên bị lặp lại, hoặc "
                    f"dòng tiêu đề có hơn {MAX_TABLE_KEYS} cột: {_shown(cell)}",
                )
                ok = False
                if len(cells) > MAX_TABLE_KEYS:
                    break
            names.append(text)
        nested = {name.partition(".")[0] for name in names if "." in name}
        for column, name in enumerate(names, start=1):
            if name in nested:
                self.found.add(
                    f"column {column} ({name!r}) clashes with the columns {name}.…",
                    f"{place}:row 1",
                    code="register.bad_header",
                    vi=f"cột {column} ({name!r}) trùng với các cột {name}.…",
                )
                ok = False
        return names if ok else None

    def row(self, header: list[str], row: list[object], place: str, default: str | None) -> None:
        if len(row) > len(header) and any(_value(c) for c in row[len(header) :]):
            self.found.add(
                f"the row has {len(row)} cells, more than the {len(header)} columns of the header",
                place,
                code="register.extra_cells",
                vi=f"dòng có {len(row)} ô, nhiều hơn {len(header)} cột của dòng tiêu đề",
            )
            return
        cells = dict(zip(header, row, strict=False))
        refused = [(k, v.text) for k, v in cells.items() if isinstance(v, _Refused)]
        for column, text in refused:
            self.found.add(
                f"a formula or an error, not a value: {_shown(text)}",
                f"{place}: {column}",
                code="register.not_a_value",
                vi=f"ô chứa công thức hoặc lỗi, không phải giá trị: {_shown(text)}",
            )
        kind = cells.pop(_RECORD, None)
        kind = kind if _value(kind) else default
        if not isinstance(kind, str) or kind not in RECORD_KINDS:
            listed = ", ".join(map(repr, RECORD_KINDS))
            self.found.add(
                f"record is one of {listed}, not {_shown(kind)}",
                f"{place}: {_RECORD}",
                code="register.unknown_record",
                vi=f"record phải là một trong các loại {listed}, không phải {_shown(kind)}",
            )
            return
        if refused:
            return
        try:
            self.out.add(record_from_data(kind, _row_data(kind, cells)))
        except DataError as exc:
            self.found.extend(_placed(exc.problems, place))


@attrs.frozen
class _Refused:
    """A formula or an error cell, kept until its column is known."""

    text: str


def _value(cell: object) -> bool:
    """Whether a cell holds something (not ``None``, not empty text)."""
    return cell is not None and cell != ""


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _row_data(kind: str, cells: Mapping[str, object]) -> dict[str, Any]:
    """The data form of one row: empty cells left out, each cell read as its field wants."""
    types = _TYPES[kind]
    data: dict[str, Any] = {_ANSWERS: {}} if kind == "review" else {}
    for column, cell in cells.items():
        if not _value(cell):
            continue
        head, dot, rest = column.partition(".")
        if dot:  # the header has no column ``head`` beside ``head.rest``
            data.setdefault(head, {})[rest] = _flag(cell) if head == _ANSWERS else _plain(cell)
        else:
            data[column] = _read_cell(cell, types.get(column))
    return data


def _read_cell(cell: object, wanted: object) -> object:
    if wanted is int:
        return _whole(cell)
    if wanted is bool:
        return _flag(cell)
    if wanted in (dt.date, dt.date | None):
        return _day(cell)
    return _plain(cell)


def _whole(cell: object) -> object:
    """A year from its text, or from a number cell only if it is whole."""
    if isinstance(cell, str) and _WHOLE.fullmatch(cell.strip()):
        return int(cell)
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else repr(cell)
    return cell


def _flag(cell: object) -> object:
    if isinstance(cell, str):
        return BOOLEAN_WORDS.get(_folded(cell), cell)
    return cell


def _day(cell: object) -> object:
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date()
    return cell


def _plain(cell: object) -> object:
    """Text as text; a whole number cell in a text column as its digits (``1606``)."""
    if isinstance(cell, int) and not isinstance(cell, bool):
        return str(cell)
    return _day(cell)


# ---------------------------------------------------------------------- writers

#: The file (``<name>.csv``) or sheet name each record kind is written to.
_WRITTEN: Final = {kind: name for name, kind in SHEET_NAMES.items() if name.isascii()}


def _tables(records: DvkRecords) -> dict[str, tuple[list[str], list[dict[str, object]]]]:
    """Per record kind held: the header (every key, in order of first use) and the rows."""
    out: dict[str, tuple[list[str], list[dict[str, object]]]] = {}
    everything: list[Record] = [
        *records.models,
        *records.reviews,
        *records.recognitions,
        *records.awards,
    ]
    for record in everything:
        kind = next(k for k, cls in RECORD_KINDS.items() if isinstance(record, cls))
        header, rows = out.setdefault(kind, ([], []))
        row: dict[str, object] = {}
        for key, value in record_to_data(record).items():
            if isinstance(value, Mapping):
                row.update({f"{key}.{k}": v for k, v in value.items()})
            else:
                row[key] = value
        header.extend(k for k in row if k not in header)
        rows.append(row)
    return out


def write_register_csv(records: DvkRecords, folder: StrPath) -> tuple[Path, ...]:
    """Write one CSV file per kind of record held (``models.csv``, ``reviews.csv``, …).

    UTF-8, the header first, flags as ``true``/``false``, absent values as empty
    cells; :func:`load_register` reads the files back into equal records.
    Returns the paths written.
    """
    written = []
    for kind, (header, rows) in _tables(records).items():
        path = Path(folder) / f"{_WRITTEN[kind]}.csv"
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(header)
            writer.writerows([[_csv_cell(row.get(k)) for k in header] for row in rows])
        written.append(path)
    return tuple(written)


def _csv_cell(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def write_register_xlsx(records: DvkRecords, path: StrPath) -> None:
    """Write a workbook of one sheet per kind of record held (``models``, ``reviews``, …).

    Text is written as text (never a formula), years as numbers, flags as
    booleans, dates as ISO text; :func:`load_register` reads it back into equal
    records. A register with no record gives one empty ``models`` sheet.

    Raises:
        MissingExtraError: openpyxl is not installed (the ``excel`` extra).
    """
    try:
        from openpyxl import Workbook  # the optional extra, imported lazily
    except ImportError:
        raise MissingExtraError("openpyxl", "excel", "writing .xlsx registers") from None
    book = Workbook()
    first = book.active
    for kind, (header, rows) in _tables(records).items():
        sheet = book.create_sheet(_WRITTEN[kind])
        lines: list[dict[str, object]] = [dict(zip(header, header, strict=True)), *rows]
        for number, values in enumerate(lines, start=1):
            for column, key in enumerate(header, start=1):
                value = values.get(key)
                if value is not None:
                    cell = sheet.cell(row=number, column=column, value=value)
                    if isinstance(value, str):
                        cell.data_type = "s"  # "=..." stays text
    if len(book.worksheets) > 1:
        book.remove(first)  # type: ignore[arg-type] # a new workbook always has its sheet
    else:
        first.title = _WRITTEN["model"]  # type: ignore[union-attr]
    book.save(Path(path))
