"""The linter's walk over every string and list of a rule set (text, Unicode, lengths)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final, cast

import attrs

from danvan_rules.errors import Problem, field_path, index_path
from danvan_rules.limits import MAX_DATA_DEPTH, MAX_LIST_LENGTH, MAX_STRING_LENGTH

from ._lint_common import problem

__all__ = ["texts"]

_SURROGATE: Final = re.compile("[\\ud800-\\udfff]")


def texts(root: attrs.AttrsInstance) -> Iterator[Problem]:
    """Every string of the rule set is valid Unicode and not too long; no list is too long.

    Walked with a stack over the attrs fields (their names are the data
    file's keys), so the path of each problem is the path in the file. Nothing
    of a sound rule set is deeper than :data:`~danvan_rules.limits.MAX_DATA_DEPTH`
    (conditions nested :data:`~danvan_rules.limits.MAX_NESTING` deep are about
    70 levels down); what lies deeper is in a condition refused as too deep,
    and is not walked, so paths stay short and the walk linear.
    """
    fields_of: dict[type, tuple[str, ...]] = {}
    frames: list[tuple[Iterator[tuple[object, str | int]], str]] = [
        (_children(root, fields_of), "$")
    ]
    while frames:
        children, path = frames[-1]
        for item, key in children:
            if isinstance(item, str):
                if len(item) > MAX_STRING_LENGTH or not item.isascii():
                    yield from _text(item, _key(path, key))
            elif type(item) is tuple or _fields(type(item), fields_of):
                if len(frames) > MAX_DATA_DEPTH:
                    continue  # only inside conditions nested too deep, which are refused
                here = _key(path, key)
                if type(item) is tuple and len(item) > MAX_LIST_LENGTH:
                    yield problem(
                        f"list of {len(item)} items is longer than the limit of {MAX_LIST_LENGTH}",
                        here,
                        code="data.list_too_long",
                        vi=f"danh sách có {len(item)} phần tử, vượt quá giới hạn "
                        f"{MAX_LIST_LENGTH} phần tử",
                    )
                    continue
                frames.append((_children(item, fields_of), here))
                break
        else:
            frames.pop()


def _key(path: str, key: str | int) -> str:
    return index_path(path, key) if isinstance(key, int) else field_path(path, key)


def _children(
    value: object, fields_of: dict[type, tuple[str, ...]]
) -> Iterator[tuple[object, str | int]]:
    """The items of a tuple with their indexes, or the fields of an attrs object with their names."""
    if type(value) is tuple:
        items = cast("tuple[object, ...]", value)
        return ((items[k], k) for k in range(len(items)))
    return ((getattr(value, name), name) for name in _fields(type(value), fields_of))


def _fields(kind: type, fields_of: dict[type, tuple[str, ...]]) -> tuple[str, ...]:
    """The fields of an attrs class as written in data; ``()`` for other types."""
    names = fields_of.get(kind)
    if names is None:
        names = fields_of[kind] = (
            tuple(f.name for f in attrs.fields(kind) if f.init) if attrs.has(kind) else ()
        )
    return names


def _text(text: str, path: str) -> Iterator[Problem]:
    if len(text) > MAX_STRING_LENGTH:
        yield problem(
            f"text of {len(text)} characters is longer than the limit of {MAX_STRING_LENGTH}",
            path,
            code="text.too_long",
            vi=f"văn bản dài {len(text)} ký tự, vượt quá giới hạn {MAX_STRING_LENGTH} ký tự",
        )
    bad = _SURROGATE.search(text)
    if bad is not None:
        point = f"U+{ord(bad.group()):04X}"
        yield problem(
            f"text is not valid Unicode: it holds a lone surrogate ({point}) at position "
            f"{bad.start()}",
            path,
            code="text.invalid_unicode",
            vi=f"văn bản không phải là Unicode hợp lệ: có một ký tự thay thế (surrogate) đơn lẻ "
            f"({point}) ở vị trí {bad.start()}",
        )
