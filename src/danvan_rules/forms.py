"""Excel self-assessment forms (*biểu mẫu tự chấm điểm*), out and back (the ``excel`` extra).

:func:`write_form` writes the form of one unit for one category of a rule set:
the unit's identity at the top, then the annex's criteria in annex order, one
row each (code, title indented by depth, max points, reference, the
self-assessment cell *tự chấm* and the appraisal cell *thẩm định*), the facts
and the bonuses. Only the yellow input cells are unlocked (the sheet is
protected, without a password), and each carries an Excel data validation: a
decimal from 0 to the max (the step in its prompt), a whole count, a list of
the level names, or ``Có``/``Không`` for a checklist item and a flag. A
running total (a formula) is there for the unit's convenience only; the
official points are the library's. The output is deterministic: two runs give
the same bytes.

:func:`read_form` reads a filled form back into a
:class:`~danvan_rules.model.UnitReport`, exactly (a number cell is read from
its shortest text, never through binary arithmetic), and refuses a form whose
structure was edited. Every problem is raised at once, each at its cell:
``form.xlsx!E14 (I.2)`` (the file, its cell, and what the row holds). An empty
input cell is an answer not given: the scorer then reports it as missing
(``report.missing_score``), so a form may be read before every answer is in.
:func:`danvan_rules.io.load_report` reads a ``.xlsx`` file with it. See
``docs/forms.md``.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, cast

import attrs

from danvan_rules import rulesets
from danvan_rules._xlsx import save_reproducibly, unzip_problem
from danvan_rules.errors import (
    Collector,
    MissingExtraError,
    Problem,
    ReportError,
    UnknownRuleSetError,
    field_path,
    key_path,
    safe_text,
)
from danvan_rules.limits import MAX_REPORT_FILE_BYTES
from danvan_rules.model import (
    Checklist,
    Criterion,
    Deductions,
    Levels,
    Points,
    RateTable,
    RuleSet,
    UnitReport,
)
from danvan_rules.model.report import evaluation_date, report_problems
from danvan_rules.scoring import score

if TYPE_CHECKING:
    import os

    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from danvan_rules.model.rules import Bonus, Fact

__all__ = [
    "FORM_SHEET",
    "LISTS_SHEET",
    "NO",
    "TITLE",
    "YES",
    "read_form",
    "write_form",
]

#: The sheet of the form, and the hidden sheet of the level names' lists.
FORM_SHEET: Final = "Tự chấm"
LISTS_SHEET: Final = "Danh sách"
#: Cell A1 of every form: what tells a form from any other workbook.
TITLE: Final = "BIỂU MẪU TỰ CHẤM ĐIỂM CÔNG TÁC DÂN VẬN CHÍNH QUYỀN"
#: The answers of a checklist item, a flag and the appraisal mark.
YES: Final = "Có"
NO: Final = "Không"
_YES_NO: Final = {YES: True, NO: False}

_SELF: Final = 5  # column E
_APPRAISED: Final = 6  # column F
_POINTS: Final = 8  # column H: the points of the self answer (a formula, for reference)
_HEADER: Final = (
    "Mã",
    "Tiêu chí",
    "Điểm tối đa",
    "Căn cứ",
    "Tự chấm",
    "Thẩm định",
    "Hướng dẫn chấm",
    "Quy đổi tự chấm (tham khảo)",
)
_WIDTHS: Final = {"A": 18, "B": 60, "C": 11, "D": 28, "E": 12, "F": 12, "G": 48, "H": 14}
#: The identity block: (field, label in column A), from row 4; the value is in column B.
_IDENTITY: Final = (
    ("unit_id", "Mã đơn vị"),
    ("unit_name", "Tên đơn vị"),
    ("category", "Khối"),
    ("year", "Năm đánh giá"),
    ("province", "Tỉnh, thành phố"),
    ("former_province", "Tỉnh cũ (nếu có)"),
    ("ruleset", "Bộ quy tắc"),
    ("appraised", "Đã thẩm định"),
)
_FIRST_IDENTITY: Final = 4
_ROW: Final = {field: _FIRST_IDENTITY + i for i, (field, _label) in enumerate(_IDENTITY)}
_LOCKED_IDENTITY: Final = frozenset({"unit_id", "category", "ruleset"})
_REQUIRED: Final = ("unit_id", "unit_name", "year", "province")
_HEADER_ROW: Final = _FIRST_IDENTITY + len(_IDENTITY) + 1
_FACTS: Final = "Dữ kiện"
_BONUSES: Final = "Điểm thưởng"
_TOTAL: Final = "Tổng"
_TOTAL_LABEL: Final = (
    "Tổng điểm các tiêu chí tự chấm (chỉ để tham khảo; điểm chính thức do thư viện tính)"
)
_NOTE: Final = (
    "Chỉ điền vào các ô màu vàng. Ô để trống là chưa chấm. Số thập phân viết bằng số "
    "(không gõ dấu phẩy thành chữ). Cột Thẩm định do cấp thẩm định điền."
)
_INPUT_FILL: Final = "FFF2CC"
_HEAD_FILL: Final = "D9D9D9"
_FIRST_YEAR: Final = 1900
_LAST_YEAR: Final = 2200
#: Problems of a form that is not yet complete: the scorer reports them when it scores.
_LATER: Final = frozenset(
    {"report.missing_score", "report.missing_appraised_score", "report.missing_fact"}
)
#: Excel's limits on a validation's prompt and its title.
_PROMPT: Final = 255
_PROMPT_TITLE: Final = 32

_Kind = Literal["fixed", "identity", "criterion", "fact", "bonus"]


@attrs.frozen
class _Row:
    """One row of the form: its number, what column A holds, and what the row is."""

    number: int
    label: str
    kind: _Kind
    key: str = ""


def _layout(ruleset: RuleSet, category: str) -> list[_Row]:
    """Every row the writer fills and the reader checks, in order."""
    rows = [_Row(1, TITLE, "fixed")]
    rows.extend(_Row(_ROW[field], label, "identity", field) for field, label in _IDENTITY)
    rows.append(_Row(_HEADER_ROW, _HEADER[0], "fixed"))
    number = _HEADER_ROW + 1
    for criterion in ruleset.scorecard_for(category).ordered:
        rows.append(_Row(number, criterion.code, "criterion", criterion.code))
        number += 1
    sections: tuple[tuple[str, _Kind, list[str]], ...] = (
        (_FACTS, "fact", [fact.name for fact in ruleset.facts]),
        (_BONUSES, "bonus", list(ruleset.bonuses)),
    )
    for title, kind, keys in sections:
        if keys:
            rows.append(_Row(number + 1, title, "fixed"))
            rows.extend(_Row(number + 2 + i, key, kind, key) for i, key in enumerate(keys))
            number += 2 + len(keys)
    rows.append(_Row(number + 1, _TOTAL, "fixed"))
    return rows


def _number(value: Decimal) -> str:
    return str(value)


# ---------------------------------------------------------------------- writing


def write_form(  # noqa: PLR0913 - the unit's identity, each a keyword
    path: str | os.PathLike[str],
    ruleset: RuleSet,
    category: str,
    *,
    unit_id: str,
    unit_name: str = "",
    year: int | None = None,
    province: str | None = None,
    report: UnitReport | None = None,
) -> None:
    """Write the self-assessment form of ``unit_id`` for ``category`` of ``ruleset``.

    ``province`` is the rule set's unless given; ``unit_name`` and ``year``
    are left for the unit to fill when not given. With ``report``, the form
    is filled in from it (its name, year, province, answers, facts, bonus
    claims, and the appraisal when it has one); :func:`read_form` reads such
    a form back into an equal report. See the module's docstring.

    Raises:
        KeyError: ``category`` is not a category of ``ruleset``.
        ReportError: ``report`` is of another unit or category, or holds an
            answer the form has no cell for (``form.report_mismatch``).
        MissingExtraError: openpyxl is not installed (the ``excel`` extra).
    """
    try:
        from openpyxl import Workbook
    except ImportError:
        raise MissingExtraError("openpyxl", "excel", "writing Excel forms") from None
    ruleset.category(category)  # a KeyError on a typo, before anything is written
    identity: dict[str, object] = {
        "unit_id": unit_id,
        "unit_name": unit_name,
        "category": category,
        "year": year,
        "province": ruleset.province if province is None else province,
        "ruleset": ruleset.code,
    }
    if report is not None:
        _check_fits(ruleset, category, unit_id, report)
        identity.update(
            unit_name=report.unit_name,
            year=report.year,
            province=report.province,
            former_province=report.former_province,
            appraised=None if report.appraised_scores is None else YES,
        )
    form_year = year if report is None else report.year
    day = ruleset.effective_from if form_year is None else evaluation_date(form_year)
    stamp = dt.datetime.combine(day, dt.time())
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101 - a new workbook always has its sheet
    ws.title = FORM_SHEET
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "danvan_rules"
    _Writer(wb, ws, ruleset, category, report).write(identity)
    save_reproducibly(wb, path, stamp)


def _check_fits(ruleset: RuleSet, category: str, unit_id: str, report: UnitReport) -> None:
    """Refuse a report the form cannot hold whole: every answer needs its cell."""
    card = ruleset.scorecard_for(category)
    found = Collector()

    def refuse(path: str, what: str, what_vi: str) -> None:
        found.add(
            f"the form has no place for {what}",
            path,
            code="form.report_mismatch",
            vi=f"biểu mẫu không có chỗ cho {what_vi}",
        )

    if report.unit_id != unit_id:
        refuse("$.unit_id", f"the report of unit {report.unit_id!r}", f"báo cáo của {unit_id!r}")
    if report.category != category:
        refuse("$.category", f"category {report.category!r}", f"khối {report.category!r}")
    self_cells = {leaf.code for leaf in card.leaves if not leaf.appraiser_only}
    tables: tuple[tuple[str, Mapping[str, object], Collection[str]], ...] = (
        ("self_scores", report.self_scores, self_cells),
        ("appraised_scores", report.appraised_scores or {}, {leaf.code for leaf in card.leaves}),
        ("facts", report.facts, ruleset.fact_names),
        ("bonuses", report.bonuses, set(ruleset.bonuses)),
    )
    for name, table, cells in tables:
        for key in table:
            if key not in cells:
                refuse(key_path(field_path("$", name), key), f"{name} {key!r}", f"{name} {key!r}")
    found.raise_if_any(ReportError, unit_id=report.unit_id)


class _Writer:
    """The form's cells, styles, validations and protection, row by row."""

    def __init__(
        self,
        wb: Workbook,
        ws: Worksheet,
        ruleset: RuleSet,
        category: str,
        report: UnitReport | None,
    ) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill, Protection

        self.wb, self.ws, self.ruleset, self.category, self.report = (
            wb,
            ws,
            ruleset,
            category,
            report,
        )
        self.card = ruleset.scorecard_for(category)
        self.bold = Font(bold=True)
        self.input_fill = PatternFill("solid", fgColor=_INPUT_FILL)
        self.head_fill = PatternFill("solid", fgColor=_HEAD_FILL)
        self.unlocked = Protection(locked=False)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.alignment = Alignment
        self.lists: Worksheet | None = None
        self.level_lists = 0
        self.rows: dict[str, int] = {}

    # ---- cells

    def text(self, row: int, column: int, text: str, *, bold: bool = False) -> None:
        cell = self.ws.cell(row=row, column=column, value=safe_text(text))
        cell.data_type = "s"  # "=..." stays text, never a formula
        if bold:
            cell.font = self.bold

    def number(self, row: int, column: int, value: Decimal) -> None:
        cell = self.ws.cell(row=row, column=column, value=value)
        cell.number_format = "General"

    def formula(self, row: int, column: int, text: str) -> None:
        self.ws.cell(row=row, column=column, value=text)

    def input(  # noqa: PLR0913 - a cell, its validation, its prompt and its value
        self,
        row: int,
        column: int,
        validation: tuple[str, ...],
        prompt: str,
        value: object = None,
        *,
        yes_no: bool = False,
    ) -> None:
        """An unlocked, yellow input cell with its validation, pre-filled with ``value``."""
        from openpyxl.worksheet.datavalidation import DataValidation

        cell = self.ws.cell(row=row, column=column)
        cell.protection = self.unlocked
        cell.fill = self.input_fill
        if isinstance(value, bool) and yes_no:
            value = YES if value else NO
        if isinstance(value, Decimal) and Decimal(repr(float(value))) != value:
            value = str(value)  # more digits than a number cell keeps: exact as text
        if isinstance(value, str):
            cell.value = safe_text(value)
            cell.data_type = "s"
        elif value is not None:
            cell.value = cast("Any", value)  # a number or a flag, as the report holds it
        kind, operator, *formulas = validation
        options: dict[str, Any] = {"type": kind, "operator": operator or None}
        title = str(self.ws.cell(row=row, column=1).value or "")
        check = DataValidation(
            **options,
            formula1=formulas[0],
            formula2=formulas[1] if len(formulas) > 1 else None,
            allow_blank=True,
            showInputMessage=True,
            showErrorMessage=True,
            promptTitle=_cut(title, _PROMPT_TITLE),
            prompt=_cut(prompt, _PROMPT),
            errorTitle="Giá trị không hợp lệ",
            error=_cut(prompt, _PROMPT),
        )
        check.add(cell.coordinate)
        self.ws.add_data_validation(check)

    # ---- the form

    def write(self, identity: Mapping[str, object]) -> None:
        ws = self.ws
        layout = _layout(self.ruleset, self.category)
        self.text(1, 1, TITLE, bold=True)
        self.text(2, 1, self.ruleset.title_vi)
        self.text(_HEADER_ROW - 1, 1, _NOTE)
        for row in layout:
            if row.kind == "identity":
                self.identity(row, identity.get(row.key))
            elif row.kind == "criterion":
                self.criterion(row, self.card.by_code[row.key])
            elif row.kind == "fact":
                self.fact(row, self.ruleset.fact(row.key))
            elif row.kind == "bonus":
                self.bonus(row, self.ruleset.bonuses[row.key])
            else:
                self.text(row.number, 1, row.label, bold=True)
        for column, title in enumerate(_HEADER, start=1):
            self.text(_HEADER_ROW, column, title, bold=True)
            ws.cell(row=_HEADER_ROW, column=column).fill = self.head_fill
            ws.cell(row=_HEADER_ROW, column=column).alignment = self.wrap
        self.groups()
        total = layout[-1].number
        self.text(total, 2, _TOTAL_LABEL, bold=True)
        weights = self.ruleset.weights(self.category)
        parts = [
            f"H{self.rows[root]}*{_number(weights[root])}/{_number(self.card.by_code[root].max)}"
            for root in self.card.roots
        ]
        self.formula(total, _SELF, f"=ROUND({'+'.join(parts)},{self.ruleset.rounding.places})")
        ws.cell(row=total, column=_SELF).font = self.bold
        for letter, width in _WIDTHS.items():
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = f"A{_HEADER_ROW + 1}"
        ws.protection.formatColumns = False  # columns may be widened, rows heightened
        ws.protection.formatRows = False
        ws.protection.sheet = True

    def identity(self, row: _Row, value: object) -> None:
        n = row.number
        self.text(n, 1, row.label, bold=True)
        if row.key in _LOCKED_IDENTITY:
            self.text(n, 2, str(value))
            notes = {
                "category": self.ruleset.category(self.category).label_vi,
                "ruleset": self.ruleset.title_vi,
            }
            self.text(n, 3, notes.get(row.key, ""))
        elif row.key == "year":
            years = (str(_FIRST_YEAR), str(_LAST_YEAR))
            self.input(n, 2, ("whole", "between", *years), "Năm đánh giá (31/12).", value)
        elif row.key == "appraised":
            prompt = "Có khi đã có kết quả thẩm định (cấp thẩm định điền)."
            self.input(n, 2, ("list", "", f'"{YES},{NO}"'), prompt, value)
        else:
            self.input(n, 2, ("textLength", "lessThanOrEqual", "200"), row.label, value)

    def criterion(self, row: _Row, criterion: Criterion) -> None:
        n = row.number
        self.rows[criterion.code] = n
        depth = self.card.depth[criterion.code]
        self.text(n, 1, criterion.code, bold=not criterion.is_leaf)
        self.text(n, 2, criterion.title_vi, bold=not criterion.is_leaf)
        self.ws.cell(row=n, column=2).alignment = self.alignment(
            indent=2 * depth, wrap_text=True, vertical="top"
        )
        self.number(n, 3, criterion.max)
        self.text(n, 4, "" if criterion.reference is None else str(criterion.reference))
        measure = criterion.measure
        if measure is None:
            return
        validation, hint = self.measure(criterion, measure)
        self.text(n, 7, hint)
        self.ws.cell(row=n, column=7).alignment = self.wrap
        report = self.report
        given = {} if report is None else report.self_scores
        appraised = {} if report is None else report.appraised_scores or {}
        yes_no = isinstance(measure, Checklist)
        if criterion.appraiser_only:
            self.ws.cell(row=n, column=_SELF).fill = self.head_fill  # no self score: grey
            self.formula(n, _POINTS, "=0")
        else:
            self.input(n, _SELF, validation, hint, given.get(criterion.code), yes_no=yes_no)
            self.formula(n, _POINTS, self.points(criterion, measure, f"E{n}"))
        self.input(n, _APPRAISED, validation, hint, appraised.get(criterion.code), yes_no=yes_no)

    def measure(self, criterion: Criterion, measure: object) -> tuple[tuple[str, ...], str]:
        """The validation of a leaf's input cells, and the hint shown beside them."""
        top = _number(criterion.max)
        if isinstance(measure, Points):
            step = "" if measure.step is None else f", bội số của {_number(measure.step)}"
            return ("decimal", "between", "0", top), f"Điểm từ 0 đến {top}{step}."
        if isinstance(measure, Checklist):
            return ("list", "", f'"{YES},{NO}"'), f"{YES} (đạt: {top} điểm) hoặc {NO} (0 điểm)."
        if isinstance(measure, Levels):
            shown = "; ".join(f"{lv.name} ({_number(lv.points)} điểm)" for lv in measure.levels)
            return ("list", "", self.level_list(measure)), f"Chọn một mức: {shown}."
        if isinstance(measure, RateTable):
            rows = "; ".join(
                f"từ {_number(r.at_least)}: {_number(r.points)} điểm" for r in measure.rates
            )
            if measure.unit == "percent":
                return ("decimal", "between", "0", "100"), f"Tỷ lệ phần trăm (0–100): {rows}."
            return ("whole", "greaterThanOrEqual", "0"), f"Số lượng (số nguyên): {rows}."
        assert isinstance(measure, Deductions)  # noqa: S101 - the measures are these five
        per = _number(measure.per_occurrence)
        return (
            ("whole", "greaterThanOrEqual", "0"),
            f"Số lần vi phạm: trừ {per} điểm mỗi lần, không dưới 0.",
        )

    def level_list(self, measure: Levels) -> str:
        """A range of the hidden lists sheet holding the level names (any text, any length)."""
        if self.lists is None:
            self.lists = self.wb.create_sheet(LISTS_SHEET)
            self.lists.sheet_state = "hidden"
            self.lists.protection.sheet = True
        from openpyxl.utils import get_column_letter

        self.level_lists += 1
        column = self.level_lists
        for i, level in enumerate(measure.levels, start=1):
            cell = self.lists.cell(row=i, column=column, value=safe_text(level.name))
            cell.data_type = "s"
        letter = get_column_letter(column)
        return f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(measure.levels)}"

    def points(self, criterion: Criterion, measure: object, cell: str) -> str:
        """The formula of the points of the answer in ``cell`` (for reference only)."""
        if isinstance(measure, Points):
            return f"=N({cell})"
        if isinstance(measure, Checklist):
            return f'=IF({cell}="{YES}",{_number(criterion.max)},0)'
        if isinstance(measure, Levels):
            formula = "0"
            for level in reversed(measure.levels):
                name = safe_text(level.name).replace('"', '""')
                formula = f'IF({cell}="{name}",{_number(level.points)},{formula})'
            return f"={formula}"
        if isinstance(measure, RateTable):
            formula = _number(measure.rates[0].points)
            for rate in measure.rates[1:]:
                formula = (
                    f"IF(N({cell})>={_number(rate.at_least)},{_number(rate.points)},{formula})"
                )
            return f"={formula}"
        assert isinstance(measure, Deductions)  # noqa: S101 - the measures are these five
        per = _number(measure.per_occurrence)
        return f"=MAX(0,{_number(criterion.max)}-N({cell})*{per})"

    def groups(self) -> None:
        """Each group's points: the sum of its children's, capped at its max."""
        for criterion in self.card.ordered:
            if not criterion.is_leaf:
                n = self.rows[criterion.code]
                kids = "".join(f"+H{self.rows[kid]}" for kid in self.card.children[criterion.code])
                self.formula(n, _POINTS, f"=MIN({_number(criterion.max)},0{kids})")

    def fact(self, row: _Row, fact: Fact) -> None:
        n = row.number
        self.text(n, 1, fact.name)
        self.text(n, 2, fact.label_vi)
        value = None if self.report is None else self.report.facts.get(fact.name)
        if fact.kind == "flag":
            self.text(n, 3, "có/không")
            self.input(
                n, _SELF, ("list", "", f'"{YES},{NO}"'), f"{YES} hoặc {NO}.", value, yes_no=True
            )
        else:
            self.text(n, 3, "số lần")
            self.input(n, _SELF, ("whole", "greaterThanOrEqual", "0"), "Số lần (số nguyên).", value)

    def bonus(self, row: _Row, bonus: Bonus) -> None:
        n = row.number
        cap = _number(bonus.cap)
        self.text(n, 1, bonus.code)
        self.text(n, 2, bonus.label_vi)
        self.number(n, 3, bonus.cap)
        self.text(n, 4, "" if bonus.reference is None else str(bonus.reference))
        value = None if self.report is None else self.report.bonuses.get(bonus.code)
        if bonus.points is None:
            hint = f"Điểm thưởng đề nghị, từ 0 đến {cap}."
            validation: tuple[str, ...] = ("decimal", "between", "0", cap)
        else:
            hint = f"Số lượng (số nguyên), {_number(bonus.points)} điểm mỗi lần, tối đa {cap} điểm."
            validation = ("whole", "greaterThanOrEqual", "0")
        self.text(n, 7, hint)
        self.input(n, _SELF, validation, hint, value)


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


# ---------------------------------------------------------------------- reading


@attrs.frozen
class _Refused:
    """A formula or an error in an input cell."""

    text: str


_EMPTY: Final = object()
_TABLES: Final = ("self_scores", "appraised_scores", "facts", "bonuses")


def _value(cell: Any) -> object:
    """An input cell's value: ``_EMPTY``, a :class:`_Refused`, or what openpyxl read."""
    if cell.data_type in {"f", "e"}:
        return _Refused(str(cell.value))
    value: object = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return _EMPTY
    return value


def _label(value: object) -> str:
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else ""


def _yes_no(value: object) -> object:
    """``Có``/``Không`` (as written, NFC, spaces around ignored) as a flag; else as it is."""
    if isinstance(value, str):
        return _YES_NO.get(_label(value), value)
    return value


def _same(value: object) -> object:
    return value


def _whole(value: object) -> object:
    """A whole number read as a float (``2024.0``) as an int; else as it is."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def read_form(path: str | os.PathLike[str], *, ruleset: RuleSet | None = None) -> UnitReport:
    """Read a filled self-assessment form back into a report (see the module's docstring).

    The rule set is the registry's rule set of the code the form names, or
    ``ruleset`` (a rule set read from a file, say), which must have that code.

    Raises:
        ReportError: every problem of the form, each at its cell
            (``form.xlsx!E14 (I.2)``), the file named as the error's source;
            the missing answers are left to the scorer.
        MissingExtraError: openpyxl is not installed (the ``excel`` extra).
        OSError: the file cannot be read.
    """
    try:
        import openpyxl
    except ImportError:
        raise MissingExtraError("openpyxl", "excel", "reading Excel forms") from None
    file = Path(path)
    name = file.name
    with file.open("rb") as stream:
        content = stream.read(MAX_REPORT_FILE_BYTES + 1)
    found = Collector()
    if len(content) > MAX_REPORT_FILE_BYTES:
        found.add(
            f"the document is larger than the limit of {MAX_REPORT_FILE_BYTES} bytes",
            name,
            code="document.too_large",
            vi=f"tài liệu lớn hơn giới hạn {MAX_REPORT_FILE_BYTES} byte",
        )
        found.fail(ReportError, source=str(path))
    unzipped = unzip_problem(content)
    if unzipped is not None:  # a zip bomb: openpyxl would inflate it all
        found.add(unzipped[0], name, code="document.too_large", vi=unzipped[1])
        found.fail(ReportError, source=str(path))
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        found.add(
            f"not a readable .xlsx workbook: {type(exc).__name__}",
            name,
            code="form.invalid_xlsx",
            vi=f"không đọc được tệp .xlsx: {type(exc).__name__}",
        )
        found.fail(ReportError, source=str(path))
    reader = _Reader(book, name, found)
    report = reader.read(ruleset)
    if report is None:
        found.fail(ReportError, unit_id=reader.unit_id, source=str(path))
    return report


class _Reader:
    """One form read: its structure checked, then every input cell, problems at their cells."""

    def __init__(self, book: Any, name: str, found: Collector) -> None:
        self.book = book
        self.name = name
        self.found = found
        self.places: dict[str, str] = {}
        self.unit_id: str | None = None

    def place(self, cell: Any, what: str) -> str:
        return f"{self.name}!{cell.coordinate} ({what})"

    def problem(self, message: str, vi: str, code: str, where: str) -> None:
        self.found.add(message, where, code=code, vi=vi)

    def read(self, given: RuleSet | None) -> UnitReport | None:
        ws = self.book[FORM_SHEET] if FORM_SHEET in self.book.sheetnames else None
        if ws is None or _label(ws["A1"].value) != TITLE:
            self.problem(
                f"not a self-assessment form of danvan_rules: no sheet {FORM_SHEET!r} "
                f"headed {TITLE!r}",
                f"không phải biểu mẫu tự chấm của danvan_rules: không có trang {FORM_SHEET!r} "
                f"với tiêu đề {TITLE!r}",
                "form.not_a_form",
                self.name,
            )
            return None
        ruleset = self.ruleset(ws, given)
        if ruleset is None:
            return None
        cell = ws.cell(row=_ROW["category"], column=2)
        category = _label(cell.value)
        self.places["$.category"] = self.place(cell, "Khối")
        if category not in {c.code for c in ruleset.categories}:
            covered = ", ".join(c.code for c in ruleset.categories)
            self.problem(
                f"unknown category {category!r}: rule set {ruleset.code} covers {covered}",
                f"không có khối {category!r}: bộ quy tắc {ruleset.code} áp dụng cho {covered}",
                "form.unknown_category",
                self.place(cell, "Khối"),
            )
            return None
        layout = _layout(ruleset, category)
        for row in layout:
            cell = ws.cell(row=row.number, column=1)
            if _label(cell.value) != row.label:
                self.problem(
                    f"the form was edited: cell {cell.coordinate} should hold {row.label!r}, "
                    f"not {_shown(cell.value)} (rows added, removed or moved?); "
                    "make a new form (danvan-rules form)",
                    f"biểu mẫu đã bị sửa cấu trúc: ô {cell.coordinate} phải là {row.label!r}, "
                    f"không phải {_shown(cell.value)} (thêm, xóa hoặc di chuyển dòng?); "
                    "hãy tạo biểu mẫu mới (danvan-rules form)",
                    "form.edited",
                    f"{self.name}!{cell.coordinate}",
                )
        if self.found:
            return None
        return self.answers(ws, ruleset, category, layout)

    def ruleset(self, ws: Any, given: RuleSet | None) -> RuleSet | None:
        cell = ws.cell(row=_ROW["ruleset"], column=2)
        code = _label(cell.value)
        where = self.place(cell, "Bộ quy tắc")
        if given is not None:
            if given.code == code:
                return given
            self.problem(
                f"the form is for rule set {code!r}, not {given.code!r}",
                f"biểu mẫu dành cho bộ quy tắc {code!r}, không phải {given.code!r}",
                "form.wrong_ruleset",
                where,
            )
            return None
        try:
            return rulesets.get(code)
        except UnknownRuleSetError:
            self.problem(
                f"no rule set {code!r} is known: read the form with that rule set "
                "(read_form(path, ruleset=...))",
                f"không có bộ quy tắc {code!r}: hãy đọc biểu mẫu cùng bộ quy tắc đó "
                "(read_form(path, ruleset=...))",
                "form.unknown_ruleset",
                where,
            )
        return None

    def cell(self, ws: Any, row: int, column: int, path: str, what: str) -> object:
        """The value of an input cell, its place recorded for the problems at ``path``."""
        cell = ws.cell(row=row, column=column)
        where = self.place(cell, what)
        self.places[path] = where
        value = _value(cell)
        if isinstance(value, _Refused):
            self.problem(
                f"a formula or an error, not a value: {_shown(value.text)}",
                f"ô chứa công thức hoặc lỗi, không phải giá trị: {_shown(value.text)}",
                "form.not_a_value",
                where,
            )
            return _EMPTY
        return value

    def answers(
        self, ws: Any, ruleset: RuleSet, category: str, layout: list[_Row]
    ) -> UnitReport | None:
        card = ruleset.scorecard_for(category)
        fields: dict[str, Any] = {"category": category}
        tables: dict[str, dict[str, object]] = {name: {} for name in _TABLES}
        mark: object = _EMPTY
        for row in layout:
            if row.kind == "identity":
                mark = self.identity(ws, row, fields, mark)
            elif row.kind == "criterion" and card.by_code[row.key].is_leaf:
                yes_no = isinstance(card.by_code[row.key].measure, Checklist)
                convert = _yes_no if yes_no else _same
                self.take(ws, row, _SELF, ("self_scores", tables), convert)
                self.take(ws, row, _APPRAISED, ("appraised_scores", tables), convert)
            elif row.kind == "fact":
                flag = ruleset.fact(row.key).kind == "flag"
                self.take(ws, row, _SELF, ("facts", tables), _yes_no if flag else _whole)
            elif row.kind == "bonus":
                self.take(ws, row, _SELF, ("bonuses", tables), _same)
        appraised = tables.pop("appraised_scores")
        fields.update(tables)
        if self.appraisal(mark, bool(appraised)):
            fields["appraised_scores"] = appraised
        return self.checked(ruleset, fields)

    def checked(self, ruleset: RuleSet, fields: dict[str, Any]) -> UnitReport | None:
        """The report of the fields read, after the model's and the scorer's checks."""
        unit_id = fields.get("unit_id")
        self.unit_id = unit_id if isinstance(unit_id, str) and unit_id else None
        problems = list(report_problems(fields))
        self.found.extend(self.placed(problems))
        # the answers refused already are left out, so that the scorer checks all the others
        refused = {problem.path for problem in problems}
        for name in _TABLES:
            if name in fields:
                path = field_path("$", name)
                table = fields[name].items()
                fields[name] = {k: v for k, v in table if key_path(path, k) not in refused}
        if any(report_problems(fields)) or not set(_REQUIRED) <= set(fields):
            return None  # the identity itself is wrong: nothing to score
        report = UnitReport(**fields)
        try:
            score(ruleset, report)
        except ReportError as exc:
            self.found.extend(self.placed(p for p in exc.problems if p.code not in _LATER))
        return None if self.found else report

    def take(
        self,
        ws: Any,
        row: _Row,
        column: int,
        into: tuple[str, dict[str, dict[str, object]]],
        convert: Callable[[object], object],
    ) -> None:
        """Read one input cell of a table (an answer, a fact, a claim): empty is not given."""
        name, tables = into
        path = key_path(field_path("$", name), row.key)
        value = self.cell(ws, row.number, column, path, row.key)
        if value is not _EMPTY:
            tables[name][row.key] = convert(value)

    def identity(self, ws: Any, row: _Row, fields: dict[str, Any], mark: object) -> object:
        """Read one cell of the identity block into ``fields``; the appraisal mark returned."""
        if row.key in {"ruleset", "category"}:
            return mark  # read and checked with the structure
        path = field_path("$", row.key)
        value = self.cell(ws, row.number, 2, path, row.label)
        if row.key == "appraised":
            return value
        if value is not _EMPTY:
            fields[row.key] = _whole(value) if row.key == "year" else value
        elif row.key in _REQUIRED:
            self.problem(
                f"{row.label} is empty: fill it in",
                f"{row.label} còn để trống: hãy điền",
                "form.empty_cell",
                self.places[path],
            )
        return mark

    def appraisal(self, mark: object, filled: bool) -> bool:
        """Whether the form holds an appraisal: marked ``Có``, or any appraisal cell filled."""
        flag = _yes_no(mark)
        if mark is _EMPTY or flag is True:
            return filled or flag is True
        where = self.places["$.appraised"]
        if flag is False and filled:
            self.problem(
                f"{_IDENTITY[-1][1]} says {NO!r}, but appraisal cells are filled",
                f"{_IDENTITY[-1][1]} ghi {NO!r} nhưng cột Thẩm định đã có điểm",
                "form.appraisal_mark",
                where,
            )
        elif flag is not False:
            self.problem(
                f"{_IDENTITY[-1][1]} is {YES!r} or {NO!r} (or empty), not {_shown(mark)}",
                f"{_IDENTITY[-1][1]} phải là {YES!r} hoặc {NO!r} (hoặc để trống), "
                f"không phải {_shown(mark)}",
                "form.appraisal_mark",
                where,
            )
        return False

    def placed(self, problems: Iterable[Problem]) -> Iterator[Problem]:
        """Each problem at its cell (a path the form has no cell for stays under the file)."""
        for problem in problems:
            yield attrs.evolve(
                problem, path=self.places.get(problem.path, f"{self.name}: {problem.path}")
            )


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
