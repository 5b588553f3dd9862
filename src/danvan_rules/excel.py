"""Excel workbooks of rounds (the ``excel`` extra): the results of a round, and two rounds compared.

:func:`write_round_workbook` writes one sheet per khối (STT, đơn vị, mã đơn
vị, tự chấm, thẩm định, xếp loại, tình trạng), as a results decision's annex
lists them, and a tallies sheet ("Tổng hợp": per khối, per group, overall).
:func:`write_comparison_workbook` writes the later round's sheets and a
year-over-year sheet ("So sánh": per unit the change of band, per tally row the
change). Headers are Vietnamese; totals are numbers (exact, written from the
``Decimal``) shown with two decimals; text is written as text, never as a
formula, with control characters escaped (:func:`~danvan_rules.errors.safe_text`).
The output is deterministic: the workbook's timestamps come from the round (its
results decision's date, else 31 December of its year), so two runs give the
same bytes.

openpyxl is imported only when a workbook is written; without it the writers
raise :class:`~danvan_rules.errors.MissingExtraError` naming the extra:

>>> import pathlib, tempfile, openpyxl
>>> from danvan_rules.io import load_round
>>> loaded = load_round("examples/rounds/vi-du-2024/round.toml")
>>> with tempfile.TemporaryDirectory() as folder:
...     target = pathlib.Path(folder) / "results.xlsx"
...     write_round_workbook(target, loaded)
...     print(openpyxl.load_workbook(target).sheetnames)
['Sở, ban, ngành tỉnh', 'UBND cấp xã', 'Tổng hợp']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from danvan_rules._xlsx import save_reproducibly
from danvan_rules.errors import MissingExtraError, safe_text
from danvan_rules.model.rounds import (
    NOT_RATED,
    BandChange,
    RoundComparison,
    RoundResult,
    UnitOutcome,
    UnitStatus,
)
from danvan_rules.scoring.rounds import compare_rounds

if TYPE_CHECKING:
    import os

    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from danvan_rules.io import LoadedRound

__all__ = [
    "COMPARISON_SHEET",
    "TALLIES_SHEET",
    "annex_order",
    "sheet_name",
    "write_comparison_workbook",
    "write_round_workbook",
]

#: The name of the tallies sheet and of the year-over-year sheet.
TALLIES_SHEET: Final = "Tổng hợp"
COMPARISON_SHEET: Final = "So sánh"

_UNIT_HEADER: Final = (
    "STT",
    "Đơn vị",
    "Mã đơn vị",
    "Tự chấm",
    "Thẩm định",
    "Xếp loại",
    "Tình trạng",
)
_STATUS_VI: Final = {
    UnitStatus.RATED: "được xếp loại",
    UnitStatus.INELIGIBLE: "không đủ điều kiện xếp loại",
    UnitStatus.INVALID: "báo cáo không hợp lệ",
    UnitStatus.NO_REPORT: "không có báo cáo",
    UnitStatus.NOT_IN_YEAR: "không tồn tại trong năm",
}
_NOT_RATED_VI: Final = {
    UnitStatus.INELIGIBLE: "Không đủ điều kiện",
    UnitStatus.INVALID: "Báo cáo không hợp lệ",
    UnitStatus.NO_REPORT: "Không có báo cáo",
}
_KIND_VI: Final = {"khoi": "khối", "group": "nhóm", "overall": "toàn bộ"}
_CHANGE_VI: Final = {
    BandChange.UP: "lên",
    BandChange.DOWN: "xuống",
    BandChange.SAME: "giữ nguyên",
    BandChange.NEW: "mới",
    BandChange.GONE: "không còn",
    BandChange.UNRATED: "không được xếp loại",
    BandChange.INCOMPARABLE: "không so sánh được",
}
#: Characters Excel refuses in a sheet name, and its longest sheet name.
_BAD_SHEET_CHARS: Final = frozenset("[]:*?/\\")
_MAX_SHEET_NAME: Final = 31
_TOTAL_FORMAT: Final = "0.00"
_COUNT_FORMAT: Final = "0"

_Value = str | int | Decimal | None


def write_round_workbook(
    path: str | os.PathLike[str], loaded: LoadedRound, result: RoundResult | None = None
) -> None:
    """Write the results workbook of a round: a sheet per khối and the tallies sheet.

    ``result`` is ``loaded.score()`` unless given. See the module's doctest.
    """
    result = loaded.score() if result is None else result
    wb = _workbook(result)
    _round_sheets(wb, result)
    save_reproducibly(wb, path, _stamp(result))


def write_comparison_workbook(
    path: str | os.PathLike[str],
    earlier: LoadedRound,
    later: LoadedRound,
    comparison: RoundComparison | None = None,
) -> None:
    """Write two rounds compared: the later round's sheets and the year-over-year sheet.

    ``comparison`` is ``compare_rounds(earlier.score(), later.score())`` unless
    given. With openpyxl installed, the sheets of a round compared with itself:

    >>> import pathlib, tempfile, openpyxl
    >>> from danvan_rules.io import load_round
    >>> loaded = load_round("examples/rounds/vi-du-2024/round.toml")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = pathlib.Path(folder) / "yoy.xlsx"
    ...     write_comparison_workbook(target, loaded, loaded)
    ...     print(openpyxl.load_workbook(target).sheetnames[-1])
    So sánh
    """
    result = later.score()
    if comparison is None:
        comparison = compare_rounds(earlier.score(), result)
    wb = _workbook(result)
    _round_sheets(wb, result)
    _comparison_sheet(wb.create_sheet(COMPARISON_SHEET), comparison)
    save_reproducibly(wb, path, _stamp(result))


# ------------------------------------------------------------------ workbook


def _workbook(result: RoundResult) -> Workbook:
    try:
        from openpyxl import Workbook  # the optional extra, imported lazily
    except ImportError:
        raise MissingExtraError("openpyxl", "excel", "writing Excel workbooks") from None
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type] # a new workbook always has its sheet
    wb.properties.created = wb.properties.modified = _stamp(result)
    wb.properties.creator = "danvan_rules"
    return wb


def _stamp(result: RoundResult) -> dt.datetime:
    """The workbook's date: the round's results decision's, else 31 December of its year."""
    decision = result.round.results
    day = result.round.evaluation_date if decision is None else decision.date
    return dt.datetime.combine(day, dt.time())


def sheet_name(text: str, taken: Sequence[str] = ()) -> str:
    r"""A valid, unused Excel sheet name for ``text``: ≤ 31 characters, none of ``[]:*?/\``.

    >>> sheet_name("Sở/ban: ngành [tỉnh]"), sheet_name("a" * 40)[-3:], sheet_name("x", ["X"])
    ('Sở-ban- ngành -tỉnh-', 'aaa', 'x (2)')
    >>> sheet_name("'"), sheet_name("")
    ('Sheet', 'Sheet')
    """
    cleaned = "".join("-" if c in _BAD_SHEET_CHARS else c for c in safe_text(text))
    cleaned = cleaned.strip("'").strip() or "Sheet"
    lowered = {t.casefold() for t in taken}
    # cut, then no apostrophe (nor space) left at the end: Excel refuses a name ending with "'"
    name = cleaned[:_MAX_SHEET_NAME].rstrip("' ")
    n = 1
    while name.casefold() in lowered:
        n += 1
        suffix = f" ({n})"
        name = cleaned[: _MAX_SHEET_NAME - len(suffix)].rstrip("' ") + suffix
    return name


def _put(ws: Worksheet, row: int, values: Sequence[_Value]) -> None:
    """One row: text as text (never a formula), totals with 2 decimals, counts as integers."""
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column)
        if isinstance(value, str):
            cell.value = safe_text(value)
            cell.data_type = "s"  # a name starting with "=" stays text, not a formula
        elif isinstance(value, Decimal):
            # openpyxl writes a Decimal as its exact digits: no float on the way
            cell.value = value
            cell.number_format = _TOTAL_FORMAT
        elif isinstance(value, int):
            cell.value = value
            cell.number_format = _COUNT_FORMAT
        # None: an empty cell


# -------------------------------------------------------------------- rounds


def annex_order(result: RoundResult, khoi: str) -> list[UnitOutcome]:
    """The khối's units as a results annex lists them: by rank, then the units not rated.

    Units that do not exist in the round's year are left out.

    >>> from danvan_rules.io import load_round
    >>> result = load_round("examples/rounds/vi-du-2024/round.toml").score()
    >>> [o.unit.id for o in annex_order(result, "so-nganh")][:2]
    ['so-noi-vu', 'so-tu-phap']
    """
    members = [
        o for o in result.outcomes if o.unit.khoi == khoi and o.status is not UnitStatus.NOT_IN_YEAR
    ]
    position = {o.unit.id: i for i, o in enumerate(members)}
    return sorted(members, key=lambda o: (o.rank is None, o.rank or 0, position[o.unit.id]))


def _bands(result: RoundResult) -> list[str]:
    seen: dict[str, None] = {}
    for tally in result.tallies:
        seen.update(dict.fromkeys(tally.bands))
    return list(seen)


def _round_sheets(wb: Workbook, result: RoundResult) -> None:
    taken = [TALLIES_SHEET, COMPARISON_SHEET]
    for khoi in result.round.khoi:
        name = sheet_name(result.tally(khoi).label_vi, taken)
        taken.append(name)
        ws = wb.create_sheet(name)
        _put(ws, 1, _UNIT_HEADER)
        for i, o in enumerate(annex_order(result, khoi), start=1):
            _put(
                ws,
                i + 1,
                [
                    i,
                    o.unit.name_vi,
                    o.unit.id,
                    o.self_total,
                    o.total,
                    result.ruleset_of(o.unit).band_label(o.band_code),
                    _STATUS_VI[o.status],
                ],
            )
        ws.freeze_panes = "A2"
    ws = wb.create_sheet(TALLIES_SHEET)
    bands = _bands(result)
    _put(
        ws,
        1,
        [
            "Phạm vi",
            "Loại",
            *bands,
            "Được xếp loại",
            *(_NOT_RATED_VI[k] for k in NOT_RATED),
            "Tổng số",
        ],
    )
    for row, t in enumerate(result.tallies, start=2):
        scope = t.label_vi
        _put(
            ws,
            row,
            [
                scope,
                _KIND_VI[t.kind],
                *(t.count(b) for b in bands),
                t.rated,
                t.ineligible,
                t.invalid,
                t.no_report,
                t.size,
            ],
        )
    ws.freeze_panes = "A2"


def _comparison_sheet(ws: Worksheet, comparison: RoundComparison) -> None:
    before, after = f"Năm {comparison.earlier_year}", f"Năm {comparison.later_year}"
    _put(ws, 1, ["Từng đơn vị"])
    _put(
        ws,
        2,
        [
            f"Mã đơn vị ({before})",
            f"Mã đơn vị ({after})",
            f"Xếp loại ({before})",
            f"Xếp loại ({after})",
            "Thay đổi",
            "Liên kết",
        ],
    )
    row = 3
    for c in comparison.units:
        _put(
            ws,
            row,
            [
                c.earlier,
                c.later,
                c.earlier_band,
                c.later_band,
                _CHANGE_VI[c.change],
                ", ".join(c.via) or None,
            ],
        )
        row += 1
    row += 1
    _put(ws, row, ["Tổng hợp"])
    _put(ws, row + 1, ["Phạm vi", "Dòng", before, after, "Chênh lệch"])
    for offset, t in enumerate(comparison.tallies, start=row + 2):
        _put(ws, offset, [t.scope, t.row, t.earlier, t.later, t.delta])
