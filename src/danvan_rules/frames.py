"""DataFrames in and out: results as tidy frames, and reports from a frame (extra ``pandas``).

- :func:`results_frame`: one row per outcome of a batch, a round or any
  sequence of results and errors: totals, bands, status, each criterion's
  points, the warnings, and an ``error`` column; nothing is dropped.
- :func:`lines_frame`: the long frame, one row per criterion line of each result.
- :func:`reports_from_frame`: one report (or the :class:`~danvan_rules.errors.ReportError`
  its row raised) per row of a frame with a column per criterion code, and
  ``appraised:<code>``, ``fact:<name>`` and ``bonus:<code>`` columns, the keys
  of the columnar path (:func:`~danvan_rules.scoring.columns.score_columns`).
- :func:`score_frame`: both at once, a frame in and its results out, on the
  input's index, every row's problem in its ``error`` column.

Points stay exact: Decimal columns hold :class:`decimal.Decimal` values (object
dtype); ``floats=True`` gives float64 copies, a view for plotting, never for
deciding a band. See ``docs/notebooks.md``.

pandas is an optional dependency (``pip install 'danvan_rules[pandas]'``): it
is imported when one of these functions is called, never by ``import
danvan_rules``; without it they raise :class:`~danvan_rules.errors.MissingExtraError`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeAlias, cast

import attrs

from danvan_rules.errors import (
    ConfigurationError,
    InvalidValueError,
    Lang,
    MissingExtraError,
    Problem,
    ReportError,
    key_path,
    safe_text,
)
from danvan_rules.model import Batch, CohortResult, Evidence, ScoreResult, UnitReport
from danvan_rules.model.report import numpy_plain, shown
from danvan_rules.model.rounds import RoundResult, UnitOutcome
from danvan_rules.scoring import iter_scores
from danvan_rules.scoring._columns_input import APPRAISED, BONUS, FACT
from danvan_rules.scoring.score import RuleSetChoice

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["lines_frame", "reports_from_frame", "results_frame", "score_frame"]

#: The columns of :func:`results_frame` before the criteria, in order.
RESULT_COLUMNS: Final = (
    "unit_id",
    "unit_name",
    "category",
    "year",
    "province",
    "ruleset",
    "total",
    "self_total",
    "criteria_total",
    "band",
    "band_by_score",
    "status",
    "rank",
)
#: The columns of :func:`results_frame` after the criteria.
LAST_COLUMNS: Final = ("warnings", "error")
#: The prefix of a top-level criterion's weighted points in :func:`results_frame`.
WEIGHTED: Final = "weighted:"
#: The columns of :func:`lines_frame`, in order.
LINE_COLUMNS: Final = (
    "row",
    "unit_id",
    "code",
    "depth",
    "title_vi",
    "awarded",
    "max",
    "source",
    "weight",
    "weighted",
    "self_points",
    "appraised_points",
    "assumed",
)
#: The columns of a report frame that are the report's own fields, not answers.
FIELD_COLUMNS: Final = ("unit_id", "unit_name", "category", "year", "province", "former_province")

_RESERVED: Final = frozenset((*RESULT_COLUMNS, *LAST_COLUMNS))
_DECIMAL_RESULTS: Final = frozenset({"total", "self_total", "criteria_total"})
_DECIMAL_LINES: Final = frozenset(
    {"awarded", "max", "weight", "weighted", "self_points", "appraised_points"}
)
_WHOLE: Final = frozenset({"year", "rank"})
#: Each answer column's prefix and the report table it fills (no prefix: self-assessment).
_TABLES: Final = (
    (APPRAISED, "appraised_scores"),
    (FACT, "facts"),
    (BONUS, "bonuses"),
    ("", "self_scores"),
)
_PREFIX: Final = {table: prefix for prefix, table in _TABLES}
#: How many offending labels a frame-level error lists.
_LISTED: Final = 8

Outcomes: TypeAlias = Batch | RoundResult | CohortResult | Iterable[ScoreResult | ReportError]


def _pandas() -> Any:
    try:
        import pandas as pd  # the optional extra, imported lazily
    except ImportError:
        raise MissingExtraError("pandas", "pandas", "working with DataFrames") from None
    return pd


def _check_lang(lang: str) -> None:
    if lang not in {"vi", "en"}:
        raise ConfigurationError(f"lang is 'vi' or 'en', not {lang!r}")


# ---------------------------------------------------------------------- out


def results_frame(outcomes: Outcomes, *, floats: bool = False, lang: Lang = "en") -> pd.DataFrame:
    """One row per outcome, in order: every result and every error accounted for.

    ``outcomes`` is a :class:`~danvan_rules.Batch`, a
    :class:`~danvan_rules.model.rounds.RoundResult` (one row per unit of its
    registry, ``status`` being the unit's: ``rated``, ``ineligible``,
    ``invalid``, ``no_report`` or ``not_in_year``), a
    :class:`~danvan_rules.CohortResult`, or any iterable of
    :class:`~danvan_rules.ScoreResult` and :class:`~danvan_rules.ReportError`.

    The columns are :data:`RESULT_COLUMNS` (``ruleset`` is the rule set's code,
    ``band`` and ``band_by_score`` band codes, ``status`` the status's value,
    ``rank`` the rank after a quota), then one column per criterion code with
    the points it was awarded, each top-level criterion followed by
    ``weighted:<code>``, the points it adds to the total; then ``warnings``
    (the warnings' codes joined by ``,``) and ``error``: the problems of an
    error row as ``code @ path: message`` joined by ``; `` (in ``lang``).
    An error row has its unit id when the error names one, and NA elsewhere;
    a criterion a result's rule set does not have is NA in its row.

    Points (``total``, ``self_total``, ``criteria_total``, the criteria) are
    exact :class:`~decimal.Decimal` values in object columns; with
    ``floats=True`` they are float64 copies (NaN for NA), for plotting only.
    ``year`` and ``rank`` are nullable integers (``Int64``).

    Raises:
        InvalidValueError: a criterion's code is one of the fixed column names
            (``frames.column_clash``).
        TypeError: an item is neither a result nor a report error.
        ConfigurationError: ``lang`` is neither ``"vi"`` nor ``"en"``.
        MissingExtraError: pandas is not installed.
    """
    pandas = _pandas()
    _check_lang(lang)
    rows: list[dict[str, object]] = []
    criteria: dict[str, None] = {}
    year = outcomes.round.year if isinstance(outcomes, RoundResult) else None
    for item in _items(outcomes):
        row = _row(item, lang, year)
        rows.append(row)
        criteria.update(dict.fromkeys(k for k in row if k not in _RESERVED))
    columns: dict[str, Any] = {}
    for name in (*RESULT_COLUMNS, *criteria, *LAST_COLUMNS):
        values = [row.get(name) for row in rows]
        exact = name in _DECIMAL_RESULTS or name in criteria
        columns[name] = _series(pandas, values, exact=exact, whole=name in _WHOLE, floats=floats)
    frame: pd.DataFrame = pandas.DataFrame(columns, index=pandas.RangeIndex(len(rows)))
    return frame


def lines_frame(outcomes: Outcomes, *, floats: bool = False) -> pd.DataFrame:
    """The long frame: one row per criterion line of each result, in annex order.

    ``row`` is the outcome's position among ``outcomes`` (the row of
    :func:`results_frame`); an error, or a round's unit without a result,
    has no lines and so no row here. ``source`` is the line's source
    (``self``, ``appraised``, ``pending``, ``group``); ``weight`` and
    ``weighted`` are NA below the top level, ``self_points`` for an
    appraiser-only criterion and ``appraised_points`` where nothing was
    appraised. Points are exact Decimals (object columns), or float64 copies
    with ``floats=True``.

    Raises:
        TypeError: an item is neither a result nor a report error.
        MissingExtraError: pandas is not installed.
    """
    pandas = _pandas()
    rows: list[dict[str, object]] = []
    for position, item in enumerate(_items(outcomes)):
        result = item.result if isinstance(item, UnitOutcome) else item
        if not isinstance(result, ScoreResult):
            continue
        rows.extend(
            {
                "row": position,
                "unit_id": result.unit_id,
                "code": line.code,
                "depth": line.depth,
                "title_vi": line.title_vi,
                "awarded": line.awarded,
                "max": line.max,
                "source": line.source.value,
                "weight": line.weight,
                "weighted": line.weighted,
                "self_points": line.self_points,
                "appraised_points": line.appraised_points,
                "assumed": line.assumed,
            }
            for line in result.lines
        )
    columns: dict[str, Any] = {}
    for name in LINE_COLUMNS:
        values = [row[name] for row in rows]
        if name in {"row", "depth"}:
            columns[name] = pandas.Series(values, dtype="int64")
        elif name == "assumed":
            columns[name] = pandas.Series(values, dtype="bool")
        else:
            exact = name in _DECIMAL_LINES
            columns[name] = _series(pandas, values, exact=exact, whole=False, floats=floats)
    frame: pd.DataFrame = pandas.DataFrame(columns, index=pandas.RangeIndex(len(rows)))
    return frame


def _items(outcomes: Outcomes) -> Iterator[ScoreResult | ReportError | UnitOutcome]:
    if isinstance(outcomes, RoundResult):
        yield from outcomes.outcomes
        return
    given: Iterable[object] = outcomes.results if isinstance(outcomes, CohortResult) else outcomes
    for item in given:
        if not isinstance(item, ScoreResult | ReportError):
            kind = type(item).__name__
            raise TypeError(f"expected a ScoreResult or a ReportError, not {kind}")
        yield item


def _row(
    item: ScoreResult | ReportError | UnitOutcome, lang: Lang, year: int | None
) -> dict[str, object]:
    if isinstance(item, ScoreResult):
        return _result_row(item)
    if isinstance(item, ReportError):
        return {"unit_id": item.unit_id, "error": _problems_text(item.problems, lang)}
    if item.result is not None:
        return {**_result_row(item.result), "status": item.status.value}
    unit = item.unit
    return {
        "unit_id": unit.id,
        "unit_name": unit.name_vi,
        "category": unit.khoi,
        "year": year,
        "province": unit.province,
        "status": item.status.value,
        "error": _problems_text(item.problems, lang) if item.problems else None,
    }


def _result_row(result: ScoreResult) -> dict[str, object]:
    row: dict[str, object] = {
        "unit_id": result.unit_id,
        "unit_name": result.unit_name,
        "category": result.category,
        "year": result.year,
        "province": result.province,
        "ruleset": result.audit.ruleset_code,
        "total": result.total,
        "self_total": result.self_total,
        "criteria_total": result.criteria_total,
        "band": result.band_code,
        "band_by_score": result.band_by_score.code,
        "status": result.status.value,
        "rank": None if result.cohort is None else result.cohort.rank,
        "warnings": ",".join(notice.code for notice in result.warnings),
    }
    for line in result.lines:
        if line.code in _RESERVED:
            raise InvalidValueError(
                f"criterion {line.code!r} has the name of a column of the frame: "
                "its points cannot be a column",
                code="frames.column_clash",
                vi=f"tiêu chí {line.code!r} trùng tên với một cột của bảng: "
                "không thể đặt điểm của nó thành một cột",
            )
        row[line.code] = line.awarded
        if line.weighted is not None:
            row[WEIGHTED + line.code] = line.weighted
    return row


def _problems_text(problems: Iterable[Problem], lang: Lang) -> str:
    return "; ".join(f"{p.code} @ {safe_text(p.path)}: {safe_text(p.text(lang))}" for p in problems)


def _series(pandas: Any, values: list[Any], *, exact: bool, whole: bool, floats: bool) -> Any:
    if exact and floats:
        return pandas.Series([math.nan if v is None else float(v) for v in values], dtype="float64")
    if exact:
        return pandas.Series(values, dtype=object)
    if whole:
        return pandas.Series(values, dtype="Int64")
    return pandas.Series(values)


# ---------------------------------------------------------------------- in


@attrs.frozen
class _Plan:
    """What each column of a report frame fills: a field of the report, or a table's key."""

    #: (field or table, key) per column, in the frame's order (key "" for a field)
    columns: tuple[tuple[str, str], ...]
    #: the keyword defaults of category, year and province (None: not given)
    defaults: Mapping[str, object]


def reports_from_frame(
    frame: pd.DataFrame,
    *,
    category: str | None = None,
    year: int | None = None,
    province: str | None = None,
) -> list[UnitReport | ReportError]:
    """One report per row of ``frame``, in order, or the error its row raised.

    The columns are:

    - ``unit_id``, ``unit_name`` (required), ``category``, ``year``,
      ``province`` (required unless given as keywords, which then fill every
      row whose cell is NA) and ``former_province`` (optional);
    - ``appraised:<code>``, ``fact:<name>``, ``bonus:<code>``: the appraised
      answer of a leaf, a fact, a bonus claim (the keys of
      :func:`~danvan_rules.scoring.columns.score_columns`);
    - any other column: a criterion code, whose cells are the self-assessed
      answers (points, ``True``/``False``, a level's name).

    An NA cell (``None``, NaN, ``pd.NA``, ``NaT``) means the row leaves the key
    out; a row with no appraised answer has no appraisal (``None``). Cells are
    read as :class:`~danvan_rules.UnitReport` reads values: numpy scalars
    exactly (``np.int64``, ``np.bool_``; a float by its shortest text at its
    own precision: a ``float32`` cell ``8.1`` is ``8.1``, not the
    ``8.100000381469727`` a float64 would make of it), and since pandas makes
    an integer column with an NA cell float64, a whole float (``2024.0``,
    ``3.0``) in ``year`` or a ``fact:`` column is read as the integer. A column
    the rule set does not know is not refused here (there is no rule set):
    :func:`~danvan_rules.score` refuses it in every row that gives it a value;
    a column that is NA in every row gives no row anything. Drop columns that
    are not answers (notes, totals) first.

    A row whose values make no report gives its
    :class:`~danvan_rules.ReportError`, every problem with the row's index
    label and the column as its path: ``$[3]["I.2"]`` (a label that is not an
    integer is quoted: ``$["so-a"]["year"]``). This function never raises for a
    bad row.

    Raises:
        InvalidValueError: the frame's columns cannot be read as reports: a
            column label is not text (``columns.invalid_key``), two columns
            have one label (``frames.duplicate_column``), a required
            column is missing (``frames.missing_column``), or two rows have
            one index label, which would make their paths one
            (``frames.duplicate_index``). Each error names every label at fault.
        MissingExtraError: pandas is not installed.
    """
    pandas = _pandas()
    plan = _plan(frame, {"category": category, "year": year, "province": province})
    labels = frame.index.tolist()
    cells = [_cells(frame.iloc[:, k]) for k in range(len(plan.columns))]
    return [
        _row_report(pandas, plan, label, values)
        for label, values in zip(labels, zip(*cells, strict=True), strict=True)
    ]


def score_frame(  # noqa: PLR0913 - the options of reports_from_frame and results_frame
    ruleset: RuleSetChoice,
    frame: pd.DataFrame,
    *,
    category: str | None = None,
    year: int | None = None,
    province: str | None = None,
    evidence: Evidence | None = None,
    floats: bool = False,
    lang: Lang = "en",
) -> pd.DataFrame:
    """Score every row of a report frame: its :func:`results_frame`, on the frame's index.

    The rows are read by :func:`reports_from_frame` and scored by
    :func:`~danvan_rules.iter_scores` (``ruleset`` is a rule set or a function
    choosing each report's). Every row of ``frame`` has its row, under its own
    index label: a row that could not be read or scored has its problems in
    the ``error`` column, with the row's label and the column as their paths
    (``score.off_step @ $[3]["I.2"]: …``), and NA results.

    >>> import pandas as pd
    >>> import danvan_rules as dr
    >>> rs = dr.rulesets.get("example/dan-van-2024")
    >>> report = dr.load_report("examples/tot.json")
    >>> row = {"unit_id": report.unit_id, "unit_name": report.unit_name, **report.self_scores,
    ...        **{f"fact:{name}": value for name, value in report.facts.items()},
    ...        "appraised:VII": 8, "bonus:dvk-cap-tinh": 1}
    >>> frame = pd.DataFrame([row, {**row, "unit_id": "x", "I.2": 4.3}])
    >>> scored = score_frame(rs, frame, category="so-nganh", year=2024, province="example")
    >>> scored.loc[0, "total"], scored.loc[0, "band"]
    (Decimal('82.50'), 'tot')
    >>> print(scored.loc[1, "error"])
    score.off_step @ $[1]["I.2"]: 4.3 is not a multiple of the step 0.5 for criterion I.2

    Raises:
        InvalidValueError: as :func:`reports_from_frame` and :func:`results_frame`.
        ConfigurationError: ``lang`` is neither ``"vi"`` nor ``"en"``.
        MissingExtraError: pandas is not installed.
    """
    _pandas()
    _check_lang(lang)
    reports = reports_from_frame(frame, category=category, year=year, province=province)
    labels = frame.index.tolist()
    outcomes: list[ScoreResult | ReportError] = []
    for label, report, outcome in zip(
        labels, reports, iter_scores(ruleset, reports, evidence=evidence), strict=True
    ):
        if isinstance(report, UnitReport) and isinstance(outcome, ReportError):
            outcomes.append(_in_row(outcome, label))
        else:
            outcomes.append(outcome)
    scored = results_frame(outcomes, floats=floats, lang=lang)
    scored.index = frame.index
    return scored


def _invalid(message: str, code: str, vi: str) -> InvalidValueError:
    return InvalidValueError(message, code=code, vi=vi)


def _plan(frame: pd.DataFrame, defaults: Mapping[str, object]) -> _Plan:
    """What each column fills; every column problem raised before any row is read."""
    labels: list[object] = list(frame.columns)
    odd = [label for label in labels if not isinstance(label, str)]
    if odd:
        shown_labels = ", ".join(map(shown, odd[:_LISTED]))
        raise _invalid(
            f"a column label is text, not {shown_labels}",
            "columns.invalid_key",
            f"nhãn của một cột phải là chuỗi ký tự, không phải {shown_labels}",
        )
    seen: set[str] = set()
    doubled: dict[str, None] = {}
    columns: list[tuple[str, str]] = []
    for label in cast("list[str]", labels):  # every label is text: checked above
        if label in seen:
            doubled[label] = None
        seen.add(label)
        columns.append(_column(label))
    if doubled:
        names = ", ".join(map(shown, list(doubled)[:_LISTED]))
        raise _invalid(
            f"two columns are labelled {names}: give each key one column",
            "frames.duplicate_column",
            f"hai cột cùng có nhãn {names}: mỗi khóa chỉ một cột",
        )
    required = ("unit_id", "unit_name", *(name for name, v in defaults.items() if v is None))
    missing = [name for name in required if name not in seen]
    if missing:
        names = ", ".join(missing)
        raise _invalid(
            f"the frame has no column {names}: every report needs it "
            "(category, year and province may be given as keywords instead)",
            "frames.missing_column",
            f"bảng không có cột {names}: mỗi báo cáo đều cần "
            "(category, year và province có thể cho bằng tham số)",
        )
    if not frame.index.is_unique:
        again = frame.index[frame.index.duplicated()].unique().tolist()
        names = ", ".join(map(shown, again[:_LISTED]))
        raise _invalid(
            f"two rows have the index label {names}: a problem names its row by its label, "
            "so give each row its own (frame.reset_index(drop=True), or concat with "
            "ignore_index=True)",
            "frames.duplicate_index",
            f"hai hàng cùng có nhãn chỉ mục {names}: lỗi ghi hàng theo nhãn của nó, nên mỗi "
            "hàng cần một nhãn riêng (frame.reset_index(drop=True), hoặc concat với "
            "ignore_index=True)",
        )
    return _Plan(tuple(columns), defaults)


def _column(label: str) -> tuple[str, str]:
    if label in FIELD_COLUMNS:
        return label, ""
    for prefix, table in _TABLES[:-1]:
        if label.startswith(prefix):
            return table, label[len(prefix) :]
    return "self_scores", label


def _row_report(
    pandas: Any, plan: _Plan, label: object, values: Sequence[object]
) -> UnitReport | ReportError:
    fields: dict[str, object] = dict.fromkeys(FIELD_COLUMNS)
    tables: dict[str, dict[str, object]] = {table: {} for _, table in _TABLES}
    for (target, key), value in zip(plan.columns, values, strict=True):
        if _missing(pandas, value):
            continue
        if target in fields:
            fields[target] = _whole(value) if target == "year" else value
        else:
            tables[target][key] = _whole(value) if target == "facts" else value
    for name, default in plan.defaults.items():
        if fields[name] is None:
            fields[name] = default
    given: dict[str, Any] = {
        **fields,
        "self_scores": tables["self_scores"],
        "appraised_scores": tables["appraised_scores"] or None,
        "facts": tables["facts"],
        "bonuses": tables["bonuses"],
    }
    try:
        return UnitReport(**given)  # every value is checked by the report
    except ReportError as exc:
        return _in_row(exc, label)


def _cells(column: Any) -> list[object]:
    """A column's cells as :meth:`~pandas.DataFrame.itertuples` gives them, but a float32 stays one.

    pandas turns the cells of a numpy float column into Python floats, which
    widens a float32 (or float16): ``np.float32(8.1)`` would be read as
    ``8.100000381469727``. Kept as numpy scalars, each is read by its own
    shortest text, ``8.1``, as a ``Float32`` column's cells already are.
    """
    dtype = column.dtype
    if type(dtype).__module__.startswith("numpy") and dtype.kind == "f" and dtype.itemsize != 8:
        return list(column.to_numpy())
    return list(column)


def _missing(pandas: Any, value: object) -> bool:
    return value is None or bool(pandas.api.types.is_scalar(value) and pandas.isna(value))


def _whole(value: object) -> object:
    """A whole float (what pandas makes of an integer column with an NA cell) as an int."""
    plain = numpy_plain(value)
    if isinstance(plain, float) and plain.is_integer():
        return int(plain)
    return value


def _in_row(error: ReportError, label: object) -> ReportError:
    """``error`` with each path in the row's terms: ``$.self_scores["I.2"]`` → ``$[3]["I.2"]``."""
    row = key_path("$", label if isinstance(label, int) else str(label))
    problems = [attrs.evolve(p, path=_row_path(row, p.path)) for p in error.problems]
    return ReportError(problems, unit_id=error.unit_id, source=error.source)


def _row_path(row: str, path: str) -> str:
    """A report's path as the path of its row and column.

    >>> _row_path("$[3]", '$.appraised_scores["I.2"]'), _row_path("$[3]", "$.year")
    ('$[3]["appraised:I.2"]', '$[3]["year"]')
    >>> _row_path("$[3]", "$.self_scores"), _row_path("$[3]", "$")
    ('$[3]', '$[3]')
    """
    if not path.startswith("$."):
        return row + path[1:]
    rest = path[2:]
    cut = min((i for i in (rest.find("["), rest.find(".")) if i >= 0), default=len(rest))
    name, tail = rest[:cut], rest[cut:]
    prefix = _PREFIX.get(name)
    if prefix is None:
        return key_path(row, name) + tail
    if tail.startswith('["'):
        return f'{row}["{prefix}{tail[2:]}'
    return row + tail
