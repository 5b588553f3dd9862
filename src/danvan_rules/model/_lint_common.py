"""What the linter's modules share: how a problem is made, and the simplest checks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Final

from danvan_rules.errors import Problem

__all__ = ["duplicates", "positive", "problem"]

_KEY_VI: Final = {"code": "mã", "name": "tên", "level": "mức", "target": "đích"}


def problem(message: str, path: str, *, code: str, vi: str) -> Problem:
    """A lint problem: English message, path, code and Vietnamese message."""
    return Problem(message, path, code=code, message_vi=vi)


def positive(number: Decimal, path: str) -> Iterator[Problem]:
    """A problem unless ``number`` is above 0."""
    if number <= 0:
        yield problem(
            f"must be positive, not {number}",
            path,
            code="lint.not_positive",
            vi=f"phải là số dương, không phải {number}",
        )


def duplicates(codes: Iterable[str], path: str, key: str) -> Iterator[Problem]:
    """One problem per code given more than once (``key`` says what the codes are)."""
    for code, count in Counter(codes).items():
        if count > 1:
            yield problem(
                f"duplicate {key} {code!r} ({count} times)",
                path,
                code="lint.duplicate",
                vi=f"trùng {_KEY_VI[key]} {code!r} ({count} lần)",
            )
