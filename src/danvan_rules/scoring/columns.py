"""Exact columnar scoring: arrays of answers in, totals, bands and statuses out.

:func:`score_columns` scores N units at once from N-long columns (NumPy
arrays or sequences), and :func:`from_reports` from reports or report dicts.
Each row gets exactly the total, band and status that :func:`~danvan_rules.score`
gives its report — or exactly its error. Points are scaled integers (int64 on
a grid of ``10**places``), weights exact fractions over a common denominator,
band bounds integers on the total's places: no float anywhere. A row the
integer path cannot hold exactly (an answer off the grid, a value that is not
plainly valid, a rule set whose numbers could overflow) is scored by
``score()`` itself, never approximated. See ``docs/scoring.md``, "Columnar scoring".

NumPy is an optional dependency (``pip install 'danvan_rules[columns]'``);
without it these functions raise :class:`~danvan_rules.errors.MissingExtraError`.

>>> from danvan_rules import load_report, rulesets
>>> rs = rulesets.get("example/dan-van-2024")
>>> examples = [load_report(f"examples/{name}.json") for name in ("tot", "xuat-sac")]
>>> scored = from_reports(rs, examples)
>>> [str(t) for t in scored.totals], scored.bands
(['82.50', '100.75'], ('tot', 'xuat-sac'))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from danvan_rules.errors import MissingExtraError, ReportError
from danvan_rules.model import RuleSet, ScoreResult, Status, UnitReport

from ._columns_input import ColumnRows, GivenRows, Rows, arrays_of, code_of, table_of
from .score import score

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["ColumnRow", "ColumnScores", "from_reports", "score_columns"]

_STATUS: Final = {0: Status.RATED, 1: Status.INELIGIBLE}


def _numpy() -> Any:
    try:
        import numpy as np  # the optional extra, imported lazily
    except ImportError:
        raise MissingExtraError("numpy", "columns", "columnar scoring") from None
    return np


@attrs.frozen
class ColumnRow:
    """One row of a :class:`ColumnScores`: what ``score()`` gives its report, or its error.

    ``total``, ``band`` and ``status`` are ``None`` for a row with an ``error``;
    ``band`` is also ``None`` for an ineligible unit (as ``ScoreResult.band``).
    """

    total: Decimal | None
    band: str | None
    status: Status | None
    error: ReportError | None = None


@attrs.define(slots=True, frozen=True, eq=False)
class ColumnScores:
    """The outcome of every row, in input order: nothing is dropped.

    Totals are kept as scaled integers (``scaled_totals``, in ``10**places``)
    and made Decimals on access (``totals``); ``bands`` are band codes and
    ``statuses`` :class:`~danvan_rules.model.Status` values; ``errors`` maps
    the index of each refused row to its :class:`~danvan_rules.errors.ReportError`.
    ``exact_rows`` counts the rows the integer path scored (the others went
    to ``score()``).
    """

    ruleset: RuleSet
    places: int
    scaled_totals: npt.NDArray[np.int64]
    _ranks: npt.NDArray[np.int64]
    _statuses: npt.NDArray[np.int8]
    errors: Mapping[int, ReportError]
    exact_rows: int
    _wide: Mapping[int, Decimal]
    _source: Rows

    def __len__(self) -> int:
        return len(self.scaled_totals)

    @property
    def ok(self) -> bool:
        """Whether every row was scored."""
        return not self.errors

    def total(self, index: int) -> Decimal | None:
        """Row ``index``'s total, with the rule set's places (None for an error)."""
        if index in self.errors:
            return None
        wide = self._wide.get(index)
        if wide is not None:
            return wide
        return Decimal(f"{int(self.scaled_totals[index])}E-{self.places}")

    @property
    def totals(self) -> tuple[Decimal | None, ...]:
        """Every row's total (None for an error)."""
        return tuple(self.total(i) for i in range(len(self)))

    @property
    def bands(self) -> tuple[str | None, ...]:
        """Every row's final band code (None for an ineligible unit or an error)."""
        codes = [band.code for band in self.ruleset.bands_ascending]
        return tuple(None if rank < 0 else codes[rank] for rank in self._ranks.tolist())

    @property
    def statuses(self) -> tuple[Status | None, ...]:
        """Every row's status (None for an error)."""
        return tuple(_STATUS.get(code) for code in self._statuses.tolist())

    def row(self, index: int) -> ColumnRow:
        """Row ``index`` as total, band, status (what ``score()`` gives), or its error."""
        index = range(len(self))[index]
        error = self.errors.get(index)
        if error is not None:
            return ColumnRow(None, None, None, error)
        rank = int(self._ranks[index])
        band = None if rank < 0 else self.ruleset.bands_ascending[rank].code
        return ColumnRow(self.total(index), band, _STATUS[int(self._statuses[index])])

    def report(self, index: int) -> UnitReport:
        """The report row ``index`` stands for.

        Raises:
            ReportError: the row's values make no report (its ``errors`` entry).
        """
        return self._source.report(range(len(self))[index])

    def result(self, index: int) -> ScoreResult:
        """``score()`` of row ``index``'s report: the whole explained result.

        Raises:
            ReportError: the row's error.
        """
        return score(self.ruleset, self.report(index))


# ---------------------------------------------------------------------- entry points


def score_columns(
    ruleset: RuleSet,
    category: str,
    columns: Mapping[str, Any],
    *,
    year: int | None = None,
    province: str | None = None,
) -> ColumnScores:
    """Score N units of ``category`` from N-long columns of answers, exactly.

    Each key names what its column answers, for every row:

    - a criterion code (``"I.2"``): the self-assessed answer of that leaf;
    - ``"appraised:<code>"``: the appraised answer of that leaf;
    - ``"fact:<name>"``: the fact (a flag, true/false, or a count);
    - ``"bonus:<code>"``: the bonus claim.

    A column is a NumPy array or any sequence; ``None`` in it means the
    row's report leaves that key out (a row whose appraised values are all
    ``None`` has no appraisal). Row ``i`` stands for the report with unit id
    ``str(i)``, the given ``year`` (default: the year the rule set took
    effect) and ``province`` (default: the rule set's), and gets exactly what
    ``score()`` gives that report: its total, band and status, or its
    :class:`~danvan_rules.errors.ReportError`.

    >>> import numpy as np
    >>> from danvan_rules import rulesets
    >>> rs = rulesets.get("example/dan-van-2024")
    >>> answers = {code: np.array(v) for code, v in {
    ...     "I.1": [True, False], "I.2": [5, 2.5], "I.3": ["Tốt", "Khá"], "II.1": [10, 9.75],
    ...     "II.2": [4, 1], "III.1": [100, 90], "III.2": [2, 1], "IV.1": [7, 4], "IV.2": [100, 50],
    ...     "V": [10, 5], "VI.1": [True, True], "VI.2": ["Tiêu biểu", "Không có"],
    ...     "appraised:VII": [10, 6], "fact:ky_luat": [False, False], "fact:moi_thanh_lap": [False, False],
    ...     "fact:khieu_nai_dong_nguoi": [0, 1], "fact:bao_cao_tre_han": [0, 0]}.items()}
    >>> scored = score_columns(rs, "so-nganh", answers)
    >>> scored.totals, scored.bands
    ((Decimal('96.00'), Decimal('48.25')), ('xuat-sac', 'khong-hoan-thanh'))

    Raises:
        InvalidValueError: ``columns`` is not a mapping of text keys to
            columns of one length (``columns.not_a_mapping``,
            ``columns.invalid_key``, ``columns.not_one_dimensional``,
            ``columns.unequal_lengths``).
        MissingExtraError: NumPy is not installed.
    """
    np = _numpy()  # before the modules that import it
    from ._columns_run import score_arrays
    from ._columns_values import Probe

    year = ruleset.effective_from.year if year is None else year
    province = ruleset.province if province is None else province
    arrays, items = arrays_of(np, columns)
    n = len(next(iter(arrays.values()))) if arrays else 0
    source = ColumnRows(
        category,
        year,
        province,
        tuple((table_of(key), code_of(key), items[key]) for key in arrays),
    )
    outcome = score_arrays(ruleset, Probe(category, year, province), arrays, n)
    return _finish(ruleset, n, outcome, source)


def from_reports(ruleset: RuleSet, reports: Iterable[object]) -> ColumnScores:
    """Score reports (or report dicts) through the columnar path, one row each, in order.

    Each item is a :class:`~danvan_rules.model.UnitReport` or a dict of its
    fields (as ``UnitReport(**item)`` reads it: plain values, the tables as
    dicts); rows of each category are scored together. Every row gets exactly
    what ``score()`` gives its report; an item that is not a report gets a
    ``ReportError`` (``batch.not_a_report``, or ``columns.report_fields`` for a
    dict with other fields), as :func:`~danvan_rules.score_many` does.
    (Dicts read with :func:`~danvan_rules.load_reports` give the codec's own
    messages for unreadable data.)

    Raises:
        MissingExtraError: NumPy is not installed.
    """
    _numpy()  # before the modules that import it
    from ._columns_run import score_items

    items = list(reports)
    outcome = score_items(ruleset, items)
    return _finish(ruleset, len(items), outcome, GivenRows(items))


# ---------------------------------------------------------------------- helpers


def _finish(ruleset: RuleSet, n: int, outcome: Any, source: Rows) -> ColumnScores:
    """Scores every row the integer path did not hold with ``score()``; one outcome per row."""
    places = ruleset.rounding.places
    totals, ranks, statuses = outcome.totals, outcome.ranks, outcome.statuses
    errors: dict[int, ReportError] = {}
    wide: dict[int, Decimal] = {}
    rest = (~outcome.ok).nonzero()[0].tolist()
    for index in rest:
        try:
            result = score(ruleset, source.report(index))
        except ReportError as exc:
            errors[index] = exc
            totals[index], ranks[index], statuses[index] = 0, -1, -1
            continue
        whole = int(result.total.scaleb(places))
        if abs(whole) < 2**63:
            totals[index] = whole
        else:
            totals[index], wide[index] = 0, result.total
        ranks[index] = -1 if result.band is None else ruleset.band_rank(result.band.code)
        statuses[index] = 0 if result.status is Status.RATED else 1
    totals.flags.writeable = False
    return ColumnScores(
        ruleset, places, totals, ranks, statuses, errors, n - len(rest), wide, source
    )
