"""From a report's answer for a leaf criterion to points, or to why not."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from danvan_rules.model import (
    Checklist,
    Criterion,
    Deductions,
    Levels,
    NumberError,
    Points,
    RateTable,
    parse_decimal,
)

__all__ = ["InvalidAnswerError", "leaf_points"]

_ZERO: Final = Decimal(0)


class InvalidAnswerError(ValueError):
    """An answer that does not fit its criterion's measure (the message says why)."""


def leaf_points(criterion: Criterion, answer: object) -> Decimal:
    """The points ``answer`` earns on the leaf ``criterion``.

    Raises:
        InvalidAnswerError: when the answer has the wrong form or is out of range.
    """
    measure = criterion.measure
    if isinstance(measure, Points):
        return _points(criterion, measure, answer)
    if isinstance(measure, Checklist):
        if not isinstance(answer, bool):
            raise InvalidAnswerError(
                f"criterion {criterion.code} is a checklist item: answer true or false, "
                f"not {answer!r}"
            )
        return criterion.max if answer else _ZERO
    if isinstance(measure, Levels):
        return _level(criterion, measure, answer)
    if isinstance(measure, RateTable):
        return _rate(criterion, measure, answer)
    assert isinstance(measure, Deductions)  # noqa: S101 - groups never reach here
    count = _count(criterion, answer, "a number of occurrences")
    return max(_ZERO, criterion.max - count * measure.per_occurrence)


def _number(criterion: Criterion, answer: object, what: str) -> Decimal:
    if type(answer) is Decimal:
        # UnitReport checked every Decimal it holds (finite, within limits) when built
        return answer
    if isinstance(answer, bool) or not isinstance(answer, Decimal | int | str):
        raise InvalidAnswerError(f"criterion {criterion.code} expects {what}, not {answer!r}")
    try:
        return parse_decimal(answer)
    except NumberError as exc:
        raise InvalidAnswerError(f"criterion {criterion.code} expects {what}: {exc}") from None


def _points(criterion: Criterion, measure: Points, answer: object) -> Decimal:
    points = _number(criterion, answer, "points")
    if not _ZERO <= points <= criterion.max:
        raise InvalidAnswerError(
            f"{points} is outside 0..{criterion.max} for criterion {criterion.code}"
        )
    if measure.step is not None and points % measure.step:
        raise InvalidAnswerError(
            f"{points} is not a multiple of the step {measure.step} for criterion {criterion.code}"
        )
    return points


def _level(criterion: Criterion, measure: Levels, answer: object) -> Decimal:
    if isinstance(answer, str) and answer:
        for level in measure.levels:
            if answer in (level.name, level.name_en):
                return level.points
    names = ", ".join(repr(level.name) for level in measure.levels)
    raise InvalidAnswerError(
        f"{answer!r} is not a level of criterion {criterion.code} (levels: {names})"
    )


def _rate(criterion: Criterion, table: RateTable, answer: object) -> Decimal:
    if table.unit == "count":
        value = _count(criterion, answer, "a count")
    else:
        value = _number(criterion, answer, "a percentage (0..100)")
        if not _ZERO <= value <= 100:
            raise InvalidAnswerError(
                f"{value} is not a percentage (0..100) for criterion {criterion.code}"
            )
    points = _ZERO
    for rate in table.rates:  # ascending; the first row starts at 0
        if value < rate.at_least:
            break
        points = rate.points
    return points


def _count(criterion: Criterion, answer: object, what: str) -> Decimal:
    value = _number(criterion, answer, what)
    if value < 0 or value != value.to_integral_value():
        raise InvalidAnswerError(
            f"criterion {criterion.code} expects {what} (a whole number >= 0), not {value}"
        )
    return value
