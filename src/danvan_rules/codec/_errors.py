"""Turning cattrs' exception groups into path-addressed problems."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

import attrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from danvan_rules.errors import DataError, Problem

__all__ = ["key_path", "problems_of"]


def key_path(path: str, key: object) -> str:
    """``$.self_scores`` + ``"I.2"`` → ``$.self_scores["I.2"]``; ints index lists."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    text = str(key).replace("\\", "\\\\").replace('"', '\\"')
    return f'{path}["{text}"]'


def problems_of(exc: BaseException, path: str = "$") -> Iterator[Problem]:
    """Every leaf problem inside ``exc``, with the path where it happened."""
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            yield from problems_of(inner, f"{path}.{note.name}")
        for inner in without:
            yield from problems_of(inner, path)
    elif isinstance(exc, IterableValidationError):
        indexed, rest = exc.group_exceptions()
        for inner, index_note in indexed:
            yield from problems_of(inner, key_path(path, index_note.index))
        for inner in rest:
            yield from problems_of(inner, path)
    else:
        yield from _leaf_problems(exc, path)


def _leaf_problems(exc: BaseException, path: str) -> Iterator[Problem]:
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [a.alias or a.name for a in attrs.fields(exc.cl) if a.init]
        for key in sorted(exc.extra_fields):
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"
            yield Problem(f"unknown key {key!r}{hint}", f"{path}.{key}")
    elif isinstance(exc, DataError):
        for problem in exc.problems:
            yield Problem(problem.message, _join(path, problem.path))
    elif isinstance(exc, KeyError):
        yield Problem("required key missing", path)
    elif isinstance(exc, ExceptionGroup):
        for inner in exc.exceptions:
            yield from problems_of(inner, path)
    else:
        yield Problem(str(exc) or type(exc).__name__, path)


def _join(outer: str, inner: str) -> str:
    return outer + inner[1:] if inner.startswith("$") else outer
