"""From a report's answer for a leaf criterion to points, or to why not."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Final

from danvan_rules.errors import InvalidValueError
from danvan_rules.model import (
    Checklist,
    Criterion,
    Deductions,
    Level,
    Levels,
    NumberError,
    Points,
    RateTable,
    parse_decimal,
)
from danvan_rules.model.report import answer_text, numpy_plain, shown

__all__ = ["InvalidAnswerError", "leaf_points"]

_ZERO: Final = Decimal(0)


class InvalidAnswerError(InvalidValueError):
    """An answer that does not fit its criterion's measure (the message says why).

    Like every :class:`~danvan_rules.errors.InvalidValueError` it has a ``code``
    and a Vietnamese message, and becomes a problem at its path with ``.at``.
    """


def leaf_points(criterion: Criterion, answer: object) -> Decimal:
    """The points ``answer`` earns on the leaf ``criterion``.

    >>> from danvan_rules import rulesets
    >>> leaf = rulesets.get("example/dan-van-2024").scorecard_for("so-nganh").by_code["I.3"]
    >>> leaf_points(leaf, "Khá")
    Decimal('3')

    Raises:
        InvalidAnswerError: when the answer has the wrong form or is out of range.
    """
    measure = criterion.measure
    if isinstance(measure, Points):
        return _points(criterion, measure, answer)
    if isinstance(measure, Checklist):
        met = numpy_plain(answer)
        if not isinstance(met, bool):
            raise InvalidAnswerError(
                f"criterion {criterion.code} is a checklist item: answer true or false, "
                f"not {shown(answer)}",
                code="answer.not_true_false",
                vi=f"tiêu chí {criterion.code} là một yêu cầu đạt/không đạt: hãy trả lời "
                f"đúng (true) hoặc sai (false), không phải {shown(answer, 'vi')}",
            )
        return criterion.max if met else _ZERO
    if isinstance(measure, Levels):
        return _level(criterion, measure, answer)
    if isinstance(measure, RateTable):
        return _rate(criterion, measure, answer)
    assert isinstance(measure, Deductions)  # noqa: S101 - groups never reach here
    count = _count(criterion, answer, "a number of occurrences", "số lần vi phạm")
    return max(_ZERO, criterion.max - count * measure.per_occurrence)


def _number(criterion: Criterion, answer: object, what: str, what_vi: str) -> Decimal:
    value = numpy_plain(answer)
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        raise InvalidAnswerError(
            f"criterion {criterion.code} expects {what}, not {shown(answer)}",
            code="answer.not_a_number",
            vi=f"tiêu chí {criterion.code} cần {what_vi}, không phải {shown(answer, 'vi')}",
        )
    try:
        # a report's Decimals were checked when it was built; any other is checked now
        return parse_decimal(value)
    except NumberError as exc:
        raise InvalidAnswerError(
            f"criterion {criterion.code} expects {what}: {exc.message}",
            code=exc.code,
            vi=f"tiêu chí {criterion.code} cần {what_vi}: {exc.message_vi}",
        ) from None


def _points(criterion: Criterion, measure: Points, answer: object) -> Decimal:
    points = _number(criterion, answer, "points", "điểm")
    if not _ZERO <= points <= criterion.max:
        raise InvalidAnswerError(
            f"{points} is outside 0..{criterion.max} for criterion {criterion.code}",
            code="score.out_of_range",
            vi=f"{points} nằm ngoài khoảng 0..{criterion.max} của tiêu chí {criterion.code}",
        )
    if measure.step is not None and points % measure.step:
        raise InvalidAnswerError(
            f"{points} is not a multiple of the step {measure.step} for criterion {criterion.code}",
            code="score.off_step",
            vi=f"{points} không phải là bội số của bước {measure.step} "
            f"của tiêu chí {criterion.code}",
        )
    return points


def _level(criterion: Criterion, measure: Levels, answer: object) -> Decimal:
    """The points of the one level whose name (or English name) is the answer's text."""
    text = answer_text(answer)
    if text:
        text = unicodedata.normalize("NFC", text)
        matches = [level for level in measure.levels if text in (level.name, level.name_en)]
        if len(matches) == 1:
            return matches[0].points
        if matches:
            raise _ambiguous(criterion, text, matches)
    names = ", ".join(repr(level.name) for level in measure.levels)
    raise InvalidAnswerError(
        f"{shown(answer)} is not a level of criterion {criterion.code} (levels: {names})",
        code="answer.unknown_level",
        vi=f"{shown(answer, 'vi')} không phải là một mức của tiêu chí {criterion.code} "
        f"(các mức: {names})",
    )


def _ambiguous(criterion: Criterion, text: str, matches: list[Level]) -> InvalidAnswerError:
    def which(level: Level, lang: str) -> str:
        field = "name" if level.name == text else "name_en"
        if lang == "vi":
            return f"{level.name!r} (theo {field})"
        return f"{level.name!r} (by its {field})"

    return InvalidAnswerError(
        f"{shown(text)} matches {len(matches)} levels of criterion {criterion.code}: "
        f"{', '.join(which(level, 'en') for level in matches)}; the rule set must tell them apart",
        code="answer.ambiguous_level",
        vi=f"{shown(text, 'vi')} khớp với {len(matches)} mức của tiêu chí {criterion.code}: "
        f"{', '.join(which(level, 'vi') for level in matches)}; bộ quy tắc phải phân biệt các mức",
    )


def _rate(criterion: Criterion, table: RateTable, answer: object) -> Decimal:
    if table.unit == "count":
        value = _count(criterion, answer, "a count", "một số đếm")
    else:
        value = _number(criterion, answer, "a percentage (0..100)", "một tỷ lệ phần trăm (0..100)")
        if not _ZERO <= value <= 100:
            raise InvalidAnswerError(
                f"{value} is not a percentage (0..100) for criterion {criterion.code}",
                code="answer.not_a_percentage",
                vi=f"{value} không phải là tỷ lệ phần trăm (0..100) của tiêu chí {criterion.code}",
            )
    points = _ZERO
    for rate in table.rates:  # ascending; the first row starts at 0
        if value < rate.at_least:
            break
        points = rate.points
    return points


def _count(criterion: Criterion, answer: object, what: str, what_vi: str) -> Decimal:
    value = _number(criterion, answer, what, what_vi)
    if value < 0 or value != value.to_integral_value():
        raise InvalidAnswerError(
            f"criterion {criterion.code} expects {what} (a whole number >= 0), not {value}",
            code="answer.not_a_count",
            vi=f"tiêu chí {criterion.code} cần {what_vi} (một số nguyên >= 0), không phải {value}",
        )
    return value
