"""Reading one column of answers as integers on the plan's grid, or saying which rows cannot be.

Each reader returns a :class:`Read`: ``values`` (int64, 0 where not ``ok``),
``ok`` (the value is valid and held exactly) and ``present`` (the row gives a
value: ``None`` in an object column means the report leaves the key out).
A row that is present but not ``ok`` is not necessarily invalid: it may only
be off the grid; the caller sends it to the Decimal path, which decides.

Booleans, integers and 64-bit floats are read by array arithmetic; any other
column (objects, text, other float widths), and every column of a ``levels``
criterion, is read value by value through the exact path — a one-row
:class:`~danvan_rules.model.UnitReport` normalises the value as a report
would, then the scorer's own rules give its points — once per distinct value.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from decimal import Decimal
from typing import Final

import attrs
import numpy as np
import numpy.typing as npt

from danvan_rules.errors import ReportError
from danvan_rules.limits import MAX_COUNT, MAX_DIGITS
from danvan_rules.model import (
    Bonus,
    Checklist,
    Criterion,
    Deductions,
    Fact,
    Levels,
    Points,
    RateTable,
    UnitReport,
)

from ._measures import InvalidAnswerError, leaf_points

__all__ = ["Probe", "Read", "Seen", "read_bonus", "read_fact", "read_leaf"]

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

#: A number of a report is below 10**12 (12 digits before the point).
_TOO_LARGE: Final = 10**MAX_DIGITS
#: Floats are read by arithmetic only while their scaled value is below this: at most
#: 14 significant digits, so one grid step (and the gap to any shorter decimal) is far
#: wider than the float's spacing, and a float held names exactly one grid value.
_FLOAT_LIMIT: Final = 10**14
#: Integers are scaled to the grid only below this (the product stays in int64).
_INT_LIMIT: Final = 2**62


@attrs.frozen
class Read:
    """One column read: integer values, which rows are held exactly, which give a value."""

    values: Ints
    ok: Bools
    present: Bools

    @property
    def complete(self) -> bool:
        """Whether every row gives a value (only an object column can leave one out)."""
        return bool(self.present.all())


@attrs.frozen
class Probe:
    """Builds one-row reports to normalise single values exactly as a report would."""

    category: str
    year: int
    province: str

    def report(self, **fields: object) -> UnitReport | None:
        """A report with these answer tables, or None when a report refuses them."""
        tables = {"self_scores": {}, **fields}
        try:
            return UnitReport("probe", "probe", self.category, self.year, self.province, **tables)  # type: ignore[arg-type]
        except ReportError:
            return None


def _on_grid(value: Decimal, grid: int) -> int | None:
    """``value × grid`` when it is a whole number, else None."""
    numerator, denominator = value.as_integer_ratio()
    whole, rest = divmod(numerator * grid, denominator)
    return None if rest else whole


def _yes(n: int) -> Bools:
    return np.ones(n, dtype=np.bool_)


def _no(n: int) -> Bools:
    return np.zeros(n, dtype=np.bool_)


#: Each distinct value's outcome, kept across the chunks of one column.
Seen = dict[tuple[type, Hashable], int | None]


def _seen(item: object, evaluate: Callable[[object], int | None], seen: Seen) -> int | None:
    key = (type(item), item)
    try:
        return seen[key]
    except KeyError:
        result = seen[key] = evaluate(item)
        return result


#: What ``_table`` writes for a value it does not hold, and for an absent one (values are >= 0).
_HELD_NOT: Final = -1
_ABSENT: Final = -2


def _table(items: np.ndarray, evaluate: Callable[[object], int | None], seen: Seen) -> Read:
    """Values one by one, each distinct value evaluated once; None is an absent value."""
    if items.dtype.kind != "O":  # no None, and NumPy finds the distinct values itself
        distinct, inverse = np.unique(items, return_inverse=True)
        results = [_seen(item, evaluate, seen) for item in list(distinct)]
        coded = np.array([_HELD_NOT if r is None else r for r in results], dtype=np.int64)[inverse]
        return Read(np.maximum(coded, 0), coded >= 0, np.ones(len(items), dtype=np.bool_))
    out: list[int] = []
    append = out.append
    for item in items.tolist():
        if item is None:
            append(_ABSENT)
            continue
        key = (type(item), item)
        try:
            result = seen[key]
        except KeyError:
            result = seen[key] = evaluate(item)
        except TypeError:  # unhashable: evaluated as it is
            result = evaluate(item)
        append(_HELD_NOT if result is None else result)
    coded = np.array(out, dtype=np.int64)
    return Read(np.maximum(coded, 0), coded >= 0, coded != _ABSENT)


def _numbers(column: np.ndarray, grid: int, top: int) -> tuple[Ints, Bools] | None:
    """Ints or 64-bit floats as grid integers, held when in ``0..top`` (grid units); else None.

    Values are garbage where not held: the caller never reads them there.
    """
    kind = column.dtype.kind
    if kind in "iu":
        # a report's numbers are below 10**12; the product must stay in int64
        whole = min(top // grid, _TOO_LARGE - 1, _INT_LIMIT // grid)
        ok = (column >= 0) & (column <= whole)
        return column.astype(np.int64, copy=False) * grid, ok
    if kind == "f" and column.dtype.itemsize == 8:
        with np.errstate(invalid="ignore", over="ignore"):
            scaled = np.rint(column * grid)
            # IEEE division is correctly rounded: s / grid == x iff x is the float nearest
            # s / 10**places; below _FLOAT_LIMIT the float's shortest text is then that
            # decimal, as a report reads it: the float is held exactly (NaN and inf fail)
            ok = scaled / grid == column
            ok &= scaled >= 0
            ok &= scaled <= min(top, _FLOAT_LIMIT - 1, _TOO_LARGE * grid - 1)
            return scaled.astype(np.int64), ok
    return None


def read_leaf(  # noqa: PLR0913 - what a leaf's column is read with
    criterion: Criterion, column: np.ndarray, grid: int, probe: Probe, *, name: str, seen: Seen
) -> Read:
    """A column of answers for the leaf ``criterion`` (``name``: self_scores or appraised_scores)."""
    measure = criterion.measure
    n = len(column)
    top = _on_grid(criterion.max, grid)
    assert top is not None  # noqa: S101 - the grid holds every number of the rule set
    if isinstance(measure, Checklist) and column.dtype.kind == "b":
        return Read(np.where(column, top, 0).astype(np.int64), _yes(n), _yes(n))
    numbers = (
        None
        if isinstance(measure, Checklist | Levels)
        else _numbers(column, grid, _top(criterion, grid))
    )
    if numbers is None:
        if column.dtype.kind == "b":  # only a checklist takes true/false
            return Read(np.zeros(n, dtype=np.int64), _no(n), _yes(n))

        def evaluate(item: object) -> int | None:
            answer: object = item
            if type(item) is not Decimal:  # a report keeps a valid Decimal as it is
                report = probe.report(**{name: {criterion.code: item}})
                if report is None:
                    return None
                answers = report.self_scores if name == "self_scores" else report.appraised_scores
                assert answers is not None  # noqa: S101 - given above
                answer = answers[criterion.code]
            try:
                return _on_grid(leaf_points(criterion, answer), grid)
            except InvalidAnswerError:
                return None

        if isinstance(measure, Levels) and column.dtype.kind == "U":
            return _names(measure, column, evaluate, seen)
        return _table(column, evaluate, seen)
    return _numeric_leaf(criterion, numbers, grid, top)


def _names(
    measure: Levels, column: np.ndarray, evaluate: Callable[[object], int | None], seen: Seen
) -> Read:
    """A column of text for a levels leaf: the levels' names found by a sorted search.

    A name is looked up only if a report holds it as that level (each is
    evaluated once); any other text goes value by value.
    """
    held: dict[str, int] = {}
    for level in measure.levels:
        for text in (level.name, level.name_en):
            found = _seen(text, evaluate, seen) if text else None
            if found is not None:
                held[text] = found
    if not held:  # pragma: no cover - the linter refuses names a report reads as numbers
        return _table(column, evaluate, seen)
    keys = np.array(sorted(held))
    points = np.array([held[key] for key in keys.tolist()], dtype=np.int64)
    at = np.minimum(np.searchsorted(keys, column), len(keys) - 1)
    found = keys[at] == column
    values = points[at]
    if found.all():
        return Read(values, found, _yes(len(column)))
    rest = _table(column[~found], evaluate, seen)
    values[~found] = rest.values
    found[~found] = rest.ok
    return Read(values, found, _yes(len(column)))


def _top(criterion: Criterion, grid: int) -> int:
    """The largest number (grid units) a leaf's measure reads: its max, 100 %, or any count."""
    measure = criterion.measure
    if isinstance(measure, Points):
        top = _on_grid(criterion.max, grid)
        assert top is not None  # noqa: S101 - the grid holds every number of the rule set
        return top
    if isinstance(measure, RateTable) and measure.unit == "percent":
        return 100 * grid
    return _INT_LIMIT


def _numeric_leaf(criterion: Criterion, numbers: tuple[Ints, Bools], grid: int, top: int) -> Read:
    """Points of a points, rates or deductions leaf from numbers on the grid."""
    measure = criterion.measure
    n = len(numbers[0])
    scaled, ok = numbers
    if isinstance(measure, Points):
        if measure.step is not None:
            step = _on_grid(measure.step, grid)
            assert step  # noqa: S101 - the linter refuses a step of 0
            if step > 1:
                ok &= scaled % step == 0
        return Read(scaled, ok, _yes(n))
    if isinstance(measure, RateTable):
        if measure.unit == "count":
            ok &= scaled % grid == 0
        starts = [_on_grid(rate.at_least, grid) for rate in measure.rates]
        points = [_on_grid(rate.points, grid) for rate in measure.rates]
        row = np.searchsorted(np.array(starts, dtype=np.int64), scaled, side="right") - 1
        values = np.array(points, dtype=np.int64)[np.maximum(row, 0)]
        return Read(values, ok, _yes(n))
    assert isinstance(measure, Deductions)  # noqa: S101 - the measures are exhaustive
    ok &= scaled % grid == 0
    per = _on_grid(measure.per_occurrence, grid)
    assert per  # noqa: S101 - on the grid, and the linter refuses a per_occurrence of 0
    count = np.minimum(scaled // grid, top // per + 1)  # past this the points are 0 either way
    values = np.maximum(0, top - count * per)
    return Read(values, ok, _yes(n))


def read_fact(fact: Fact, column: np.ndarray, probe: Probe, seen: Seen) -> Read:
    """A column of a declared fact: a flag as 0/1, a count as itself."""
    n = len(column)
    kind = column.dtype.kind
    if kind == "b":
        good = _yes(n) if fact.kind == "flag" else _no(n)
        return Read(column.astype(np.int64), good, _yes(n))
    if kind in "iu":
        if fact.kind == "flag":
            return Read(np.zeros(n, dtype=np.int64), _no(n), _yes(n))
        ok = (column >= 0) & (column <= MAX_COUNT)
        return Read(column.astype(np.int64, copy=False), ok, _yes(n))

    def evaluate(item: object) -> int | None:
        report = probe.report(facts={fact.name: item})
        if report is None:
            return None
        value = report.facts[fact.name]
        if (fact.kind == "flag") != isinstance(value, bool):
            return None
        return int(value)

    return _table(column, evaluate, seen)


def read_bonus(bonus: Bonus, column: np.ndarray, grid: int, probe: Probe, seen: Seen) -> Read:
    """A column of claims of ``bonus``: points on the grid, or a whole number of items."""
    n = len(column)
    cap = _on_grid(bonus.cap, grid)
    assert cap is not None  # noqa: S101 - the grid holds every number of the rule set
    numbers = _numbers(column, grid, cap if bonus.points is None else _INT_LIMIT)
    if numbers is not None:
        scaled, ok = numbers
        if bonus.points is None:
            return Read(scaled, ok, _yes(n))
        ok &= scaled % grid == 0
        return Read(scaled // grid, ok, _yes(n))
    if column.dtype.kind == "b":
        return Read(np.zeros(n, dtype=np.int64), _no(n), _yes(n))

    def evaluate(item: object) -> int | None:
        report = probe.report(bonuses={bonus.code: item})
        if report is None:
            return None
        claim = report.bonuses[bonus.code]
        if claim < 0:
            return None
        if bonus.points is None:
            return _on_grid(claim, grid) if claim <= bonus.cap else None
        return _on_grid(claim, 1)

    return _table(column, evaluate, seen)
