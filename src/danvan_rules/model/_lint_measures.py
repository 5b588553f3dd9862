"""The linter's checks of a leaf's measure: steps, levels, rate tables."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Final

from danvan_rules.errors import Problem, field_path, index_path

from ._lint_common import duplicates, positive, problem
from .criteria import Checklist, Criterion, Deductions, Level, Levels, Points, RateTable

__all__ = ["measure_problems"]

#: What a report's reader takes for a number ("5", "4.5", "5,5", "٥"): a level so
#: named could never be answered by its name.
_NUMERIC: Final = re.compile(r"\s*[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?\s*")


def measure_problems(c: Criterion, path: str) -> Iterator[Problem]:
    match c.measure:
        case Points(step=step) if step is not None:
            if step <= 0:
                yield problem(
                    f"step must be positive, not {step}",
                    field_path(path, "step"),
                    code="lint.step_not_positive",
                    vi=f"bước điểm phải là số dương, không phải {step}",
                )
            elif c.max % step:
                yield problem(
                    f"max {c.max} is not a multiple of the step {step}",
                    field_path(path, "step"),
                    code="lint.max_not_multiple_of_step",
                    vi=f"điểm tối đa {c.max} không phải là bội số của bước điểm {step}",
                )
        case Levels(levels=levels):
            yield from _levels(c, levels, path)
        case RateTable():
            yield from _rates(c, c.measure, path)
        case Deductions(per_occurrence=per):
            yield from positive(per, field_path(path, "per_occurrence"))
        case Points() | Checklist() | None:
            pass


def _points(points: Decimal, top: Decimal, path: str) -> Iterator[Problem]:
    if not 0 <= points <= top:
        yield problem(
            f"points {points} outside 0..{top}",
            path,
            code="lint.points_out_of_range",
            vi=f"điểm {points} nằm ngoài khoảng 0..{top}",
        )


def _unreachable(what: str, what_vi: str, top: Decimal, path: str) -> Problem:
    return problem(
        f"no {what} is worth the max of {top}: the max can never be reached",
        path,
        code="lint.max_unreachable",
        vi=f"không có {what_vi} nào đạt điểm tối đa {top}: không bao giờ đạt được điểm tối đa",
    )


def _levels(c: Criterion, levels: tuple[Level, ...], path: str) -> Iterator[Problem]:
    rows = field_path(path, "levels")
    if not levels:
        yield problem(
            "levels needs at least one level",
            rows,
            code="lint.levels_empty",
            vi="cách chấm theo mức cần ít nhất một mức",
        )
        return
    yield from duplicates((level.name for level in levels), rows, "level")
    owner: dict[str, int] = {}
    for k, level in enumerate(levels):
        here = index_path(rows, k)
        yield from _points(level.points, c.max, field_path(here, "points"))
        yield from _level_names(levels, k, owner, here)
        previous = levels[k - 1] if k else None
        if previous is not None and level.points > previous.points:
            yield problem(
                f"level {level.name!r} is worth {level.points}, more than {previous.name!r} "
                f"listed before it ({previous.points}): levels are listed best first, so points "
                "must not rise",
                field_path(here, "points"),
                code="lint.levels_not_descending",
                vi=f"mức {level.name!r} được {level.points} điểm, nhiều hơn mức {previous.name!r} "
                f"liệt kê trước nó ({previous.points}): các mức được liệt kê từ cao xuống thấp, "
                "nên điểm không được tăng lên",
            )
    if all(level.points != c.max for level in levels):
        yield _unreachable("level", "mức", c.max, path)


def _level_names(
    levels: tuple[Level, ...], k: int, owner: dict[str, int], path: str
) -> Iterator[Problem]:
    """Neither name of a level is a number, nor another level's name."""
    level = levels[k]
    for key, text in (("name", level.name), ("name_en", level.name_en)):
        if not text:
            continue
        if _NUMERIC.fullmatch(text):
            yield problem(
                f"level name {text!r} looks like a number: a report's answer {text!r} is "
                "read as points, so this level can never be chosen; name the level in words",
                field_path(path, key),
                code="lint.level_name_numeric",
                vi=f"tên mức {text!r} trông giống một con số: câu trả lời {text!r} trong báo "
                "cáo được đọc là điểm, nên không bao giờ chọn được mức này; hãy đặt tên mức "
                "bằng chữ",
            )
        first = owner.setdefault(text, k)
        if first == k:
            continue
        if key == "name" and levels[first].name == text:
            continue  # the same name twice: reported as a duplicate level
        yield problem(
            f"{text!r} names two levels ({levels[first].name!r} and {level.name!r}): "
            f"an answer {text!r} would be ambiguous",
            field_path(path, key),
            code="lint.level_name_ambiguous",
            vi=f"{text!r} là tên của hai mức ({levels[first].name!r} và {level.name!r}): câu trả "
            f"lời {text!r} sẽ không rõ là mức nào",
        )


def _rates(c: Criterion, table: RateTable, path: str) -> Iterator[Problem]:
    rates = table.rates
    rows = field_path(path, "rates")
    if not rates:
        yield problem(
            "a rate table needs at least one row",
            rows,
            code="lint.rates_empty",
            vi="bảng tỷ lệ cần ít nhất một dòng",
        )
        return
    if rates[0].at_least != 0:
        yield problem(
            f"the first row starts at {rates[0].at_least}; it must start at 0 so every value "
            "has a row",
            field_path(index_path(rows, 0), "at_least"),
            code="lint.rates_first_row",
            vi=f"dòng đầu tiên bắt đầu từ {rates[0].at_least}; phải bắt đầu từ 0 để mọi giá trị "
            "đều có dòng tương ứng",
        )
    for k, rate in enumerate(rates):
        here = index_path(rows, k)
        at_least = field_path(here, "at_least")
        previous = rates[k - 1] if k else None
        if previous is not None and rate.at_least <= previous.at_least:
            yield problem(
                "rows must be in strictly ascending order",
                at_least,
                code="lint.rates_not_ascending",
                vi="các dòng phải theo thứ tự at_least tăng dần nghiêm ngặt",
            )
        elif previous is not None and rate.points < previous.points:
            yield problem(
                f"the row from {rate.at_least} gives {rate.points} points, fewer than the row "
                f"before it ({previous.points}): points must not fall as the value rises",
                field_path(here, "points"),
                code="lint.rates_falling",
                vi=f"dòng từ {rate.at_least} cho {rate.points} điểm, ít hơn dòng trước nó "
                f"({previous.points}): điểm không được giảm khi giá trị tăng",
            )
        if table.unit == "percent" and rate.at_least > 100:
            yield problem(
                f"{rate.at_least} is above 100 percent",
                at_least,
                code="lint.rates_above_100",
                vi=f"{rate.at_least} vượt quá 100 phần trăm",
            )
        if table.unit == "count" and rate.at_least != rate.at_least.to_integral_value():
            yield problem(
                f"count {rate.at_least} is not whole",
                at_least,
                code="lint.rates_count_not_whole",
                vi=f"số đếm {rate.at_least} không phải là số nguyên",
            )
        yield from _points(rate.points, c.max, field_path(here, "points"))
    if all(rate.points != c.max for rate in rates):
        yield _unreachable("row", "dòng", c.max, path)
