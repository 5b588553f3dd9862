"""Hostile documents: bounded decoding, a depth pre-scan, and an iterative size walk.

The JSON and TOML parsers of the standard library recurse once per level of
nesting, and the converter, the linter and the hash recurse after them. So the
text is scanned for its nesting depth *before* it is parsed (cheaply, without
recursion, skipping strings and comments), and the parsed data is walked once,
iteratively, for the sizes of :mod:`danvan_rules.limits` before anything else
looks at it. Every refusal is a problem with a code and a Vietnamese message.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from itertools import accumulate
from typing import Any, Final

from danvan_rules.errors import (
    Collector,
    DataError,
    InvalidValueError,
    Problem,
    field_path,
    key_path,
)
from danvan_rules.limits import (
    MAX_DATA_DEPTH,
    MAX_DIGITS,
    MAX_LIST_LENGTH,
    MAX_STRING_LENGTH,
    MAX_TABLE_KEYS,
)

__all__ = [
    "KEYED_FIELDS",
    "check_data",
    "decode",
    "load_json",
    "load_toml",
    "too_large",
    "type_name",
]

_BOM: Final = "\ufeff"

#: Fields of the data form whose value is a table of names (criterion codes,
#: fact names): their keys are written ``["I.2"]``, other keys as ``.field``,
#: as the converter writes them (a test pins this set against the model).
KEYED_FIELDS: Final = frozenset({"self_scores", "appraised_scores", "facts", "bonuses"})

#: What the depth scan skips in JSON: whole strings (their brackets do not count).
_JSON_SKIP: Final = r'"[^"\\]*(?:\\.[^"\\]*)*"'
#: What it skips in TOML: strings of the four kinds, and comments. (Brackets
#: outside them are arrays, inline tables and table headers.)
_TOML_SKIP: Final = (
    r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"{3,5}'
    r"|'''[\s\S]*?'{3,5}"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
)
_BRACKET: Final = r"|[\[\]{}]"
#: (what to skip, what to skip or a bracket) for each format.
_JSON: Final = (re.compile(_JSON_SKIP, re.DOTALL), re.compile(_JSON_SKIP + _BRACKET, re.DOTALL))
_TOML: Final = (re.compile(_TOML_SKIP), re.compile(_TOML_SKIP + _BRACKET))


def too_large(size: int, limit: int) -> Problem:
    """The problem of a file or text longer than ``limit`` bytes."""
    return Problem(
        f"the document is larger than the limit of {limit} bytes (read {size} bytes)",
        code="document.too_large",
        message_vi=f"tài liệu lớn hơn giới hạn {limit} byte (đã đọc {size} byte)",
    )


def decode(data: bytes, limit: int) -> str:
    """UTF-8 text of ``data`` (a leading byte-order mark dropped), at most ``limit`` bytes.

    Raises:
        DataError: the data is too large or is not UTF-8.
    """
    if len(data) > limit:
        raise DataError([too_large(len(data), limit)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(
            [
                Problem(
                    f"not UTF-8 text: {exc}",
                    code="document.invalid_utf8",
                    message_vi=(
                        f"tài liệu không phải văn bản UTF-8 (byte {exc.start}: "
                        f"{data[exc.start : exc.start + 1]!r} không hợp lệ)"
                    ),
                )
            ]
        ) from None
    return text.removeprefix(_BOM)


def _too_deep(line: int) -> DataError:
    return DataError(
        [
            Problem(
                f"the document nests lists and tables more than {MAX_DATA_DEPTH} deep "
                f"(line {line})",
                code="document.too_deep",
                message_vi=(
                    f"tài liệu lồng danh sách và bảng sâu quá {MAX_DATA_DEPTH} cấp (dòng {line})"
                ),
            )
        ]
    )


#: Kept of a text once its strings and comments are gone: only its brackets.
_BRACKETS_ONLY: Final = str.maketrans(
    {char: None for char in map(chr, range(0x80)) if char not in "[]{}"}
)
_STEP: Final = {"[": 1, "{": 1, "]": -1, "}": -1}


def _within_depth(outside: str) -> bool:
    brackets = outside.translate(_BRACKETS_ONLY)
    return brackets.isascii() and (
        max(accumulate(map(_STEP.__getitem__, brackets)), default=0) <= MAX_DATA_DEPTH
    )


def _scan_depth(text: str, patterns: tuple[re.Pattern[str], re.Pattern[str]]) -> None:
    skipped, tokens = patterns
    # The fast path drops strings (and comments), keeps the brackets and takes
    # the running maximum of the depth, in C but for one generator; only past
    # the limit does the token scan run, to find the line.
    if _within_depth(skipped.sub("", text)):
        return
    depth = 0
    for match in tokens.finditer(text):
        char = match.group()[0]
        if char in "[{":
            depth += 1
            if depth > MAX_DATA_DEPTH:
                raise _too_deep(text.count("\n", 0, match.start()) + 1)
        elif char in "]}":
            depth -= 1


class _LongInteger:
    """A JSON integer with too many digits, kept as text until its path is known."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"<an integer of {len(self.text.lstrip('-'))} digits>"


def type_name(value: object) -> str:
    """The JSON reader's name for the type of ``value``: a too-long integer is an ``int``."""
    return "int" if isinstance(value, _LongInteger) else type(value).__name__


def _json_int(text: str) -> int | _LongInteger:
    if len(text.lstrip("-")) > MAX_DIGITS:
        return _LongInteger(text)
    return int(text)


def _reject_constant(name: str) -> Any:
    raise InvalidValueError(
        f"{name} is not a number here",
        code="number.not_finite",
        vi=f"{name} không được dùng làm số ở đây",
    )


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InvalidValueError(
                f"duplicate key {key!r}",
                code="document.duplicate_key",
                vi=f"khóa {key!r} bị lặp lại",
            )
        out[key] = value
    return out


def load_json(text: str) -> Any:
    """Parse JSON exactly, its depth checked first; the caller walks it with :func:`check_data`.

    (A batch file is checked report by report, so one bad report does not
    take down the others; integers too long to keep are held as text until
    :func:`check_data` reports them at their path.)

    Raises:
        DataError: invalid JSON, a duplicate key, NaN or Infinity, or too deep.
    """
    text = text.removeprefix(_BOM)
    _scan_depth(text, _JSON)
    try:
        data = json.loads(
            text,
            parse_float=Decimal,
            parse_int=_json_int,
            parse_constant=_reject_constant,
            object_pairs_hook=_no_duplicates,
        )
    except InvalidValueError as exc:
        raise DataError(
            [
                Problem(
                    f"not valid JSON: {exc}",
                    code=exc.code,
                    message_vi=f"JSON không hợp lệ: {exc.message_vi}",
                )
            ]
        ) from None
    except RecursionError:  # pragma: no cover - the pre-scan bounds the depth first
        raise _too_deep(0) from None
    except json.JSONDecodeError as exc:
        raise DataError(
            [
                Problem(
                    f"not valid JSON: {exc}",
                    code="document.invalid_json",
                    message_vi=f"JSON không hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}",
                )
            ]
        ) from None
    return data


def load_toml(text: str) -> dict[str, Any]:
    """Parse TOML exactly (floats as Decimals) and within the limits.

    Raises:
        DataError: invalid TOML (duplicate keys included) or a limit.
    """
    text = text.removeprefix(_BOM)
    _scan_depth(text, _TOML)
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(
            [
                Problem(
                    f"not valid TOML: {exc}",
                    code="document.invalid_toml",
                    message_vi=f"TOML không hợp lệ: {exc}",
                )
            ]
        ) from None
    except RecursionError:  # pragma: no cover - the pre-scan bounds the depth first
        raise _too_deep(0) from None
    except ValueError as exc:
        # int() refuses integers of more than 4300 digits with a plain ValueError
        raise DataError(
            [
                Problem(
                    f"a number in the document has too many digits ({exc})",
                    code="number.too_large",
                    message_vi=f"một số trong tài liệu có quá nhiều chữ số (tối đa {MAX_DIGITS})",
                )
            ]
        ) from None
    _raise_if_any(check_data(data, document=True, unicode=True))
    return data


def _raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise DataError(problems)


#: Where a value sits, built cheaply on the way down and written out as a
#: path only when there is a problem: ``None`` for the root, else (the parent's
#: place, the key or index, whether the key is written as ``.field``).
_Place = tuple[Any, object, bool] | None


def _path(place: _Place) -> str:
    steps: list[tuple[object, bool]] = []
    while place is not None:
        place, key, as_field = place
        steps.append((key, as_field))
    path = "$"
    for key, as_field in reversed(steps):
        path = field_path(path, str(key)) if as_field else key_path(path, key)
    return path


def check_data(data: Any, *, document: bool = False, unicode: bool = False) -> list[Problem]:
    """Every limit ``data`` goes past, found without recursion (``[]`` when none).

    Checked: nesting depth, length of lists, keys of tables, length of strings
    (keys included); with ``document``, integers of more than
    :data:`~danvan_rules.limits.MAX_DIGITS` digits; with ``unicode``, strings
    that are not Unicode scalar values (lone surrogates). Past a limit the walk
    does not descend, so its cost is bounded by the limits, not by the data.

    >>> [(p.code, p.path) for p in check_data({"a": [[["x" * 200_000]]]})]
    [('document.string_too_long', '$.a[0][0][0]')]
    """
    return _Walk(document=document, unicode=unicode).run(data)


class _Walk:
    def __init__(self, *, document: bool, unicode: bool) -> None:
        self.document = document
        self.unicode = unicode
        self.found = Collector()

    def run(self, data: Any) -> list[Problem]:
        stack: list[tuple[Any, _Place, bool, int]] = [(data, None, False, 0)]
        while stack:
            value, place, keyed, depth = stack.pop()
            if isinstance(value, str):
                if self._bad_text(value):
                    self._text_problem(value, _path(place))
            elif not isinstance(value, Mapping | list | tuple):
                self._check_number(value, place)
            elif depth >= MAX_DATA_DEPTH:
                self.found.add(
                    f"lists and tables nest more than {MAX_DATA_DEPTH} deep here",
                    _path(place),
                    code="document.too_deep",
                    vi=f"danh sách và bảng lồng nhau sâu quá {MAX_DATA_DEPTH} cấp tại đây",
                )
            elif not self._too_large(value, place):
                stack.extend(reversed(self._children(value, place, keyed, depth + 1)))
        return list(self.found.problems)

    def _bad_text(self, text: str) -> bool:
        return len(text) > MAX_STRING_LENGTH or (self.unicode and not _is_scalar_text(text))

    def _children(
        self, value: Any, place: _Place, keyed: bool, depth: int
    ) -> list[tuple[Any, _Place, bool, int]]:
        if not isinstance(value, Mapping):
            return [(item, (place, index, False), False, depth) for index, item in enumerate(value)]
        items: list[tuple[Any, _Place, bool, int]] = []
        for key, item in value.items():
            if isinstance(key, str) and self._bad_text(key):
                self._text_problem(key, key_path(_path(place), key[:40]), key=True)
            as_field = not keyed and isinstance(key, str) and key.isidentifier()
            items.append((item, (place, key, as_field), as_field and key in KEYED_FIELDS, depth))
        return items

    def _check_number(self, value: Any, place: _Place) -> None:
        if isinstance(value, _LongInteger):
            digits = len(value.text.lstrip("-"))
            self.found.add(
                f"{digits} digits is too many for a number (at most {MAX_DIGITS} before the point)",
                _path(place),
                code="number.too_large",
                vi=f"số có {digits} chữ số là quá nhiều (tối đa {MAX_DIGITS} chữ số)",
            )
        elif self.document and isinstance(value, int) and abs(value) >= 10**MAX_DIGITS:
            self.found.add(
                f"{value} is too large (at most {MAX_DIGITS} digits before the point)",
                _path(place),
                code="number.too_large",
                vi=f"{value} quá lớn (tối đa {MAX_DIGITS} chữ số trước dấu thập phân)",
            )

    def _too_large(self, value: Any, place: _Place) -> bool:
        size = len(value)
        if isinstance(value, Mapping):
            if size > MAX_TABLE_KEYS:
                self.found.add(
                    f"a table of {size} keys is larger than the limit of {MAX_TABLE_KEYS}",
                    _path(place),
                    code="document.table_too_large",
                    vi=f"bảng có {size} khóa, vượt quá giới hạn {MAX_TABLE_KEYS}",
                )
                return True
        elif size > MAX_LIST_LENGTH:
            self.found.add(
                f"a list of {size} items is longer than the limit of {MAX_LIST_LENGTH}",
                _path(place),
                code="document.list_too_long",
                vi=f"danh sách có {size} phần tử, vượt quá giới hạn {MAX_LIST_LENGTH}",
            )
            return True
        return False

    def _text_problem(self, text: str, path: str, *, key: bool = False) -> None:
        what, what_vi = ("key", "khóa") if key else ("text", "chuỗi")
        if len(text) > MAX_STRING_LENGTH:
            self.found.add(
                f"a {what} of {len(text)} characters is longer than the limit of "
                f"{MAX_STRING_LENGTH}",
                path,
                code="document.string_too_long",
                vi=f"{what_vi} dài {len(text)} ký tự, vượt quá giới hạn {MAX_STRING_LENGTH}",
            )
        else:
            self.found.add(
                f"the {what} holds a lone surrogate, which is not a Unicode character",
                path,
                code="text.invalid_unicode",
                vi=f"{what_vi} chứa một ký tự thay thế đơn lẻ (surrogate), "
                "không phải ký tự Unicode",
            )


def _is_scalar_text(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
