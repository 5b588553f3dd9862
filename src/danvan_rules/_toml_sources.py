"""The TOML files a registry finds: a built-in package's, then each plug-in's, one reader for both.

The rule-set registry (:mod:`danvan_rules.rulesets`) and the campaign registry
(:mod:`danvan_rules.campaigns`) read their files the same way: the TOML files
of a package (non-recursively, sorted by name), each read no further than the
size limit and parsed by the codec's one TOML reader, then those of every
installed distribution that names a package in the registry's entry-point
group — unless ``DANVAN_RULES_NO_PLUGINS`` says not to.

What :func:`by_code` finds is kept, per registry, while what decides it stays the
same: the value of ``DANVAN_RULES_NO_PLUGINS``, ``sys.path``, the entry-point
lookup and the size limit, compared on every call. A file edited, or a
distribution installed into a folder already on ``sys.path``, is seen after
:func:`clear_cache` (``danvan_rules.rulesets.clear_cache``). This cache is the
registries' only state; the core (model, scoring) keeps none.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from importlib import resources
from importlib.metadata import entry_points
from importlib.resources.abc import Traversable
from types import MappingProxyType, ModuleType
from typing import Any, Final

import attrs

from danvan_rules import codec
from danvan_rules.errors import (
    Collector,
    ConfigurationError,
    DataError,
    InvalidValueError,
    Problem,
    RuleSetError,
)
from danvan_rules.limits import MAX_RULESET_FILE_BYTES

__all__ = [
    "NO_PLUGINS_ENV",
    "Found",
    "Kind",
    "by_code",
    "clear_cache",
    "plugins_disabled",
    "text_argument",
    "toml_files",
    "toml_sources",
]

NO_PLUGINS_ENV: Final = "DANVAN_RULES_NO_PLUGINS"
_TRUE: Final = frozenset({"1", "true", "yes", "on"})
_FALSE: Final = frozenset({"", "0", "false", "no", "off"})


@attrs.frozen
class Kind:
    """What a registry reads: its built-in package, its entry-point group, its error and words."""

    package: str
    group: str
    error: type[DataError]
    #: "a rule set" / "bộ quy tắc", in the message about a file without a code
    what_en: str
    what_vi: str
    #: raised when two sources give one code
    duplicate: type[Exception] = LookupError


@attrs.frozen
class Found:
    """One file found: its code, where it came from, and its data."""

    code: str
    source: str
    data: dict[str, Any]


def toml_files(root: Traversable) -> Iterator[Traversable]:
    """The TOML files directly in ``root`` (not in its sub-packages), sorted by name."""
    yield from sorted(
        (item for item in root.iterdir() if item.is_file() and item.name.endswith(".toml")),
        key=lambda item: item.name,
    )


def plugins_disabled() -> bool:
    """Whether ``DANVAN_RULES_NO_PLUGINS`` turns plug-ins off (anything unclear is an error)."""
    value = os.environ.get(NO_PLUGINS_ENV, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigurationError(
        f"{NO_PLUGINS_ENV}={value!r}: use 1/true/yes/on to disable plug-ins, "
        "0/false/no/off or nothing to enable them"
    )


def _fail(kind: Kind, problems: list[Problem] | tuple[Problem, ...], who: str) -> DataError:
    return kind.error(problems, who, subject_vi=who)


def _read(kind: Kind, item: Traversable, source: str) -> Found:
    found = Collector()
    with item.open("rb") as stream:  # a plug-in's file is read no further than the limit
        raw = stream.read(MAX_RULESET_FILE_BYTES + 1)
    if len(raw) > MAX_RULESET_FILE_BYTES:
        found.add(
            f"the file is larger than {MAX_RULESET_FILE_BYTES} bytes",
            code="registry.file_too_large",
            vi=f"tệp lớn hơn {MAX_RULESET_FILE_BYTES} byte",
        )
        raise _fail(kind, found.problems, source)
    try:  # the one TOML reader: byte-order mark, size, depth, UTF-8 and limits
        data = codec.parse_toml(raw)
    except RuleSetError as exc:
        raise _fail(kind, exc.problems, source) from None
    code = data.get("code")
    if not isinstance(code, str):
        found.add(
            f"{kind.what_en} needs a text 'code'",
            "$.code",
            code="registry.no_code",
            vi=f"{kind.what_vi} phải có 'code' dạng văn bản",
        )
        raise _fail(kind, found.problems, source)
    return Found(code, source, data)


def toml_sources(kind: Kind) -> Iterator[Found]:
    """Every file of the built-in package, then of each plug-in (by entry-point name).

    Raises:
        kind.error: a file too large, not TOML, or without a code; an entry
            point that cannot be loaded or does not name a package.
        ConfigurationError: ``DANVAN_RULES_NO_PLUGINS`` is neither on nor off.
    """
    folder = kind.package.replace(".", "/")
    for item in toml_files(resources.files(kind.package)):
        yield _read(kind, item, f"built-in file {folder}/{item.name}")
    if plugins_disabled():
        return
    for point in sorted(entry_points(group=kind.group), key=lambda ep: ep.name):
        dist = point.dist
        who = f"plug-in {point.name!r}" + (
            f" of {dist.name} {dist.version}" if dist is not None else ""
        )
        try:
            package = point.load()
        except Exception as exc:
            why = f"{type(exc).__name__}: {exc}"
            problem = Problem(
                f"entry point {point.value!r} cannot be loaded: {why}",
                code="registry.entry_point_failed",
                message_vi=f"không nạp được entry point {point.value!r}: {why}",
            )
            raise _fail(kind, [problem], who) from exc
        if not isinstance(package, ModuleType) or not hasattr(package, "__path__"):
            problem = Problem(
                f"entry point {point.value!r} must name a package of TOML files",
                code="registry.not_a_package",
                message_vi=f"entry point {point.value!r} phải trỏ tới một gói chứa các tệp TOML",
            )
            raise _fail(kind, [problem], who)
        for item in toml_files(resources.files(package)):
            yield _read(kind, item, f"{who}: {package.__name__}/{item.name}")


#: Per registry: what decided the last discovery, and what it found (read-only).
_FOUND: dict[Kind, tuple[tuple[object, ...], Mapping[str, Found]]] = {}


def _sources_state() -> tuple[object, ...]:
    """What decides which files a registry finds, short of reading them: cheap to compare."""
    return (os.environ.get(NO_PLUGINS_ENV), entry_points, tuple(sys.path), MAX_RULESET_FILE_BYTES)


def by_code(kind: Kind) -> Mapping[str, Found]:
    """Every file found, by code: two sources with one code are an error naming both.

    The same read-only mapping is returned while the sources stay the same (see
    the module's docstring); an error is raised again on every call, never kept.

    Raises:
        kind.duplicate: two sources give the same code.
    """
    state = _sources_state()
    kept = _FOUND.get(kind)
    if kept is not None and kept[0] == state:
        return kept[1]
    found = MappingProxyType(_discover(kind))
    _FOUND[kind] = (state, found)
    return found


def clear_cache() -> None:
    """Forget what the registries found: the next call reads every source again."""
    _FOUND.clear()


def _discover(kind: Kind) -> dict[str, Found]:
    found: dict[str, Found] = {}
    for entry in toml_sources(kind):
        if entry.code in found:
            what = kind.what_en.split(" ", 1)[-1]
            raise kind.duplicate(
                f"{what} code {entry.code!r} is provided twice: by "
                f"{found[entry.code].source} and by {entry.source}"
            )
        found[entry.code] = entry
    return found


def text_argument(name: str, value: object) -> str:
    """``value``, when it is a text; otherwise a typed error naming the argument."""
    if not isinstance(value, str):
        raise InvalidValueError(
            f"{name} must be a text code, not {type(value).__name__} {value!r}",
            code="registry.invalid_argument",
            vi=f"{name} phải là một mã dạng văn bản, không phải {type(value).__name__} {value!r}",
        )
    return value
