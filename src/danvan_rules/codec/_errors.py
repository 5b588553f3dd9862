"""Turning cattrs' exception groups into path-addressed, coded problems."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from danvan_rules.errors import (
    Collector,
    DataError,
    InvalidValueError,
    Problem,
    field_path,
    key_path,
)
from danvan_rules.limits import MAX_PROBLEMS

__all__ = ["TooManyProblemsError", "key_path", "not_a_table", "problems_of"]


class TooManyProblemsError(InvalidValueError):
    """Stands for ``extra`` problems that were counted but not kept."""

    def __init__(self, extra: int) -> None:
        super().__init__(
            f"... and {extra} more problems (only the first {MAX_PROBLEMS} are listed)",
            code="data.too_many_problems",
            vi=f"... và {extra} lỗi khác (chỉ liệt kê {MAX_PROBLEMS} lỗi đầu tiên)",
        )
        self.extra = extra


def not_a_table(what: str, what_vi: str, data: object) -> Problem:
    """The problem of a document that should be a table (``what`` is, say, "a round").

    >>> print(not_a_table("a round", "đợt đánh giá", [1]).render("vi"))
    đợt đánh giá phải là một bảng, không phải list @ $
    """
    name = type(data).__name__
    return Problem(
        f"{what} is a table, not {name}",
        code="data.expected_table",
        message_vi=f"{what_vi} phải là một bảng, không phải {name}",
    )


def problems_of(exc: BaseException, path: str = "$") -> Iterator[Problem]:
    """Every leaf problem inside ``exc``, with the path where it happened.

    The exception tree is walked with an explicit stack (no recursion), and
    at most :data:`~danvan_rules.limits.MAX_PROBLEMS` problems are kept; the
    rest are counted in one last problem.
    """
    found = Collector()
    extra = 0
    stack: list[tuple[BaseException, str]] = [(exc, path)]
    while stack:
        current, where = stack.pop()
        inner = list(_inner(current, where))
        if inner:
            stack.extend(reversed(inner))
        elif isinstance(current, TooManyProblemsError):
            extra += current.extra
        else:
            found.extend(_leaf_problems(current, where))
    if not extra:
        return iter(found.problems)
    # lists and tables counted their own overflow: one count for everything
    kept = found.problems[:MAX_PROBLEMS]
    extra += len(found) - len(kept)
    return iter((*kept, TooManyProblemsError(extra).at(path)))


def _inner(exc: BaseException, path: str) -> Iterator[tuple[BaseException, str]]:
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            yield inner, field_path(path, note.name)
        for inner in without:
            yield inner, path
    elif isinstance(exc, IterableValidationError):
        indexed, rest = exc.group_exceptions()
        for inner, index_note in indexed:
            yield inner, key_path(path, index_note.index)
        for inner in rest:
            yield inner, path
    elif isinstance(exc, ExceptionGroup):
        for inner in exc.exceptions:
            yield inner, path


def _leaf_problems(exc: BaseException, path: str) -> Iterator[Problem]:
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [a.alias or a.name for a in attrs.fields(exc.cl) if a.init]
        for key in sorted(exc.extra_fields):
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"
            hint_vi = (
                f" (có phải là {close[0]!r}?)" if close else f" (các khóa: {', '.join(known)})"
            )
            yield Problem(
                f"unknown key {key!r}{hint}",
                field_path(path, key) if key.isidentifier() else key_path(path, key),
                code="data.unknown_key",
                message_vi=f"khóa {key!r} không được biết đến{hint_vi}",
            )
    elif isinstance(exc, DataError):
        for problem in exc.problems:
            yield problem.under(path)
    elif isinstance(exc, InvalidValueError):
        yield exc.at(path)
    elif isinstance(exc, KeyError):
        yield Problem(
            "required key missing", path, code="data.missing_key", message_vi="thiếu khóa bắt buộc"
        )
    else:
        message = str(exc) or type(exc).__name__
        yield Problem(
            message, path, code="data.invalid_value", message_vi=f"giá trị không hợp lệ: {message}"
        )
