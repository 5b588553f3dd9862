"""The registry: built-in rule sets and those of installed plug-ins.

Built-in rule sets are the TOML files packaged in ``danvan_rules/data``.
A plug-in is any installed distribution that declares an entry point in the
group ``danvan_rules.rulesets`` naming a *package* that holds rule-set TOML
files::

    [project.entry-points."danvan_rules.rulesets"]
    quang-nam = "danvan_quang_nam.data"

Set the environment variable ``DANVAN_RULES_NO_PLUGINS=1`` (or true/yes/on) to
ignore plug-ins; 0/false/no/off or nothing enables them, and any other value is
an error rather than a guess.
Two sources with the same code are an error naming both: nothing is shadowed.

The registry reads its sources once and builds each rule set once, on first use;
later calls (:func:`get`, :func:`in_force`, :func:`for_year`, :func:`for_report`,
:func:`load_all`) return the same immutable :class:`~danvan_rules.RuleSet` objects
while the sources stay the same: the value of ``DANVAN_RULES_NO_PLUGINS``,
``sys.path`` and the entry-point lookup, compared on every call. After editing a
data file, or installing a plug-in into a folder already on ``sys.path``, in a
running process, call :func:`clear_cache`. This cache, kept here at the edge, is
the registry's only state; thread-safe in that a race at worst builds twice.

>>> "example/dan-van-2024" in available()
True
>>> get("example/dan-van-2024").province
'example'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from danvan_rules import _toml_sources, provinces
from danvan_rules.codec import ruleset_from_data
from danvan_rules.errors import (
    AmbiguousRuleSetError,
    Collector,
    DuplicateRuleSetError,
    InvalidValueError,
    NoRuleSetInForceError,
    Problem,
    ReportError,
    RuleSetError,
    UnknownProvinceError,
    UnknownRuleSetError,
)
from danvan_rules.model import RuleSet, UnitReport, evaluation_date

__all__ = [
    "ENTRY_POINT_GROUP",
    "NO_PLUGINS_ENV",
    "Entry",
    "available",
    "check_versions",
    "clear_cache",
    "entries",
    "for_former",
    "for_report",
    "for_year",
    "get",
    "in_force",
    "load_all",
]

ENTRY_POINT_GROUP: Final = "danvan_rules.rulesets"
NO_PLUGINS_ENV: Final = _toml_sources.NO_PLUGINS_ENV


@attrs.frozen
class Entry:
    """A rule set the registry found: its code, where it came from, its data.

    The registry's entries are shared between calls: their ``data`` is not to be changed.
    """

    code: str
    source: str
    data: dict[str, Any] = attrs.field(repr=False, eq=False)
    #: the rule set once built (immutable, so shared by every caller); errors are not kept
    _built: list[RuleSet] = attrs.field(factory=list, init=False, repr=False, eq=False)

    def load(self) -> RuleSet:
        """Build and validate the rule set (errors name the source), once: then the same object.

        >>> entry = entries()["example/dan-van-2024"]
        >>> entry.load() is entry.load()
        True
        """
        if not self._built:
            try:
                self._built.append(ruleset_from_data(self.data))
            except RuleSetError as exc:
                raise RuleSetError(
                    exc.problems, f"rule set {self.code!r} from {self.source}"
                ) from None
        return self._built[0]


_KIND: Final = _toml_sources.Kind(
    "danvan_rules.data",
    ENTRY_POINT_GROUP,
    RuleSetError,
    "a rule set",
    "bộ quy tắc",
    DuplicateRuleSetError,
)


_text_argument = _toml_sources.text_argument


def _rulesets_argument(among: Iterable[RuleSet] | None) -> tuple[RuleSet, ...]:
    found = load_all() if among is None else tuple(among)
    for item in found:
        if not isinstance(item, RuleSet):
            raise InvalidValueError(
                f"among must hold rule sets, not {type(item).__name__}",
                code="registry.invalid_argument",
                vi=f"among chỉ được chứa các bộ quy tắc, không phải {type(item).__name__}",
            )
    return found


def _date_argument(on: object) -> dt.date:
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise InvalidValueError(
            f"on must be a date (datetime.date, not a datetime), not {type(on).__name__} {on!r}",
            code="registry.invalid_argument",
            vi=f"on phải là một ngày (datetime.date), không phải {type(on).__name__} {on!r}",
        )
    return on


#: The entries of the last discovery, while it is current: ``[(found, entries)]``.
_ENTRIES: list[tuple[Mapping[str, _toml_sources.Found], Mapping[str, Entry]]] = []


def entries() -> dict[str, Entry]:
    """Every rule set found, by code, without building them.

    Raises:
        DuplicateRuleSetError: two sources give the same code.
    """
    found = _toml_sources.by_code(_KIND)
    kept = _ENTRIES[0] if _ENTRIES else None
    if kept is None or kept[0] is not found:
        kept = (found, {code: Entry(f.code, f.source, f.data) for code, f in found.items()})
        _ENTRIES[:] = [kept]
    return dict(kept[1])


def clear_cache() -> None:
    """Forget the sources read and the rule sets built: the next call reads them again.

    >>> clear_cache()
    >>> get("example/dan-van-2024") is get("example/dan-van-2024")
    True
    """
    _ENTRIES.clear()
    _toml_sources.clear_cache()


def available() -> tuple[str, ...]:
    """The codes of every rule set found (built-in and plug-ins), sorted."""
    return tuple(sorted(entries()))


def get(code: str) -> RuleSet:
    """The rule set with this code.

    Raises:
        UnknownRuleSetError: no rule set has this code (the message lists those that exist).
    """
    _text_argument("code", code)
    found = entries()
    if code not in found:
        raise UnknownRuleSetError(
            f"no rule set {code!r}; available: {', '.join(sorted(found)) or 'none'}"
        )
    return found[code].load()


def load_all() -> tuple[RuleSet, ...]:
    """Every rule set found, built and validated, sorted by code."""
    return tuple(entry.load() for _, entry in sorted(entries().items()))


def check_versions(found: Iterable[RuleSet] | None = None) -> tuple[Problem, ...]:
    """Problems of the replacement chains: overlapping versions, ``replaces`` links to nothing.

    Versions of one province must not overlap in time (so that :func:`in_force`
    finds at most one), and a rule set that ``replaces`` another names a version
    that exists and ends before it starts. Paths name the rule set by code.

    >>> check_versions()
    ()
    """
    rulesets = sorted(_rulesets_argument(found), key=lambda rs: rs.effective_from)
    by_code = {rs.code: rs for rs in rulesets}
    problems = []
    for rs in rulesets:
        later = [
            o
            for o in rulesets
            if o.province == rs.province and o.effective_from > rs.effective_from
        ]
        if later and (rs.effective_until is None or rs.effective_until >= later[0].effective_from):
            until, nxt = rs.effective_until or "…", later[0]
            problems.append(
                Problem(
                    f"overlap: {rs.code} ({rs.effective_from} – {until}) is "
                    f"still in force when {nxt.code} takes effect on {nxt.effective_from}",
                    f"{rs.code}: $.effective_until",
                    code="registry.versions_overlap",
                    message_vi=f"chồng lấn: {rs.code} ({rs.effective_from} – {until}) vẫn còn "
                    f"hiệu lực khi {nxt.code} có hiệu lực từ ngày {nxt.effective_from}",
                )
            )
        same_day = [
            o
            for o in rulesets
            if o is not rs and o.province == rs.province and o.effective_from == rs.effective_from
        ]
        if same_day and rs.code < same_day[0].code:
            problems.append(
                Problem(
                    f"overlap: {rs.code} and {same_day[0].code} both take effect on {rs.effective_from}",
                    f"{rs.code}: $.effective_from",
                    code="registry.same_start",
                    message_vi=f"chồng lấn: {rs.code} và {same_day[0].code} cùng có hiệu lực "
                    f"từ ngày {rs.effective_from}",
                )
            )
        if rs.replaces is not None:
            old = by_code.get(rs.replaces)
            if old is None:
                problems.append(
                    Problem(
                        f"replaces {rs.replaces!r}, which is not a known rule set",
                        f"{rs.code}: $.replaces",
                        code="registry.replaces_unknown",
                        message_vi=f"thay thế {rs.replaces!r}, không phải một bộ quy tắc đã biết",
                    )
                )
            elif old.effective_from >= rs.effective_from:
                problems.append(
                    Problem(
                        f"replaces {old.code}, which takes effect on {old.effective_from}, not before "
                        f"{rs.effective_from}",
                        f"{rs.code}: $.replaces",
                        code="registry.replaces_later",
                        message_vi=f"thay thế {old.code}, bộ quy tắc có hiệu lực từ ngày "
                        f"{old.effective_from}, không trước ngày {rs.effective_from}",
                    )
                )
    return tuple(problems)


def for_year(province: str, year: int, *, among: Iterable[RuleSet] | None = None) -> RuleSet:
    """The rule set that governs ``province``'s evaluation of ``year``.

    The year's evaluation date is its 31 December (:func:`~danvan_rules.model.evaluation_date`):
    appraisal happens in November–December and results are decided at the end of
    the year or later, so the rules in force then govern the year.

    >>> for_year("example", 2024).code
    'example/dan-van-2024'

    Raises:
        InvalidValueError: ``year`` is not a whole year from 1 to 9999 (a
            ``ValueError``), or ``province`` is not a text code.
        NoRuleSetInForceError: no rule set of ``province`` governs that year.
        AmbiguousRuleSetError: more than one does.
    """
    given: object = year  # checked as given: a caller may pass anything
    if not isinstance(given, int) or isinstance(given, bool) or not 1 <= given <= dt.MAXYEAR:
        raise InvalidValueError(
            f"year must be a whole year from 1 to {dt.MAXYEAR}, not {year!r}",
            code="registry.invalid_year",
            vi=f"năm phải là một số nguyên từ 1 đến {dt.MAXYEAR}, không phải {year!r}",
        )
    return in_force(province, on=evaluation_date(year), among=among)


def for_report(report: UnitReport, *, among: Iterable[RuleSet] | None = None) -> RuleSet:
    """The rule set a report is scored with: its province's on the evaluation date.

    After the 2025 reorganisation a merged province may keep applying its
    predecessors' rules to their former territory until it issues its own
    (docs/sources.md#reorganisation-2025). So a report that names its ``former_province`` is scored
    with the merged province's own rule set — one that took effect on or after
    2025-07-01 — when there is one in force, and otherwise with the former
    province's rule set in force on the evaluation date; the result then says
    so (warning ``former-province-rules``).

    ``among`` is the rule sets to choose from (default: every rule set found);
    pass :func:`load_all`'s result when choosing for many reports.

    >>> from danvan_rules import load_report
    >>> for_report(load_report("examples/tot.json")).code
    'example/dan-van-2024'

    Raises:
        NoRuleSetInForceError: no rule set applies (the message says which were tried).
        ReportError: ``former_province`` is not a known province (at
            ``$.former_province``), ``province`` is not one while a former
            province is named (at ``$.province``), or ``former_province`` is
            not a predecessor of ``province``.
        InvalidValueError: ``report`` is not a :class:`~danvan_rules.UnitReport`.
    """
    if not isinstance(report, UnitReport):
        raise InvalidValueError(
            f"report must be a UnitReport, not {type(report).__name__}",
            code="registry.invalid_argument",
            vi=f"report phải là một UnitReport, không phải {type(report).__name__}",
        )
    found = _rulesets_argument(among)
    on = report.evaluation_date
    former = report.former_province
    if former is None:
        return in_force(report.province, on=on, among=found)
    _check_former(report, former)
    return _for_former(report.province, former, on, found)


def for_former(
    province: str, former_province: str, *, on: dt.date, among: Iterable[RuleSet] | None = None
) -> RuleSet:
    """The rule set for a unit of ``former_province``, now part of ``province``, on ``on``.

    As :func:`for_report` chooses it: the merged province's own rule set (one
    that took effect on or after 2025-07-01) when one is in force, and
    otherwise the former province's rule set in force on ``on``.

    >>> for_former("lam-dong", "dak-nong", on=dt.date(2025, 12, 31)).code
    'dak-nong/729-2018'

    Raises:
        NoRuleSetInForceError: neither applies (the message says which were tried).
        AmbiguousRuleSetError: more than one rule set of its own is in force.
        UnknownProvinceError: a code is no province's.
        InvalidValueError: ``former_province`` is not a former province of ``province``.
    """
    for code in (province, former_province):
        provinces.province(code)
    if not provinces.is_predecessor(former_province, province):
        known = ", ".join(provinces.predecessors(province)) or "none"
        known_vi = known if known != "none" else "không có"
        raise InvalidValueError(
            f"{former_province!r} is not a former province of {province!r} "
            f"(its predecessors: {known})",
            code="registry.not_a_predecessor",
            vi=f"{former_province!r} không phải tỉnh cũ của {province!r} (các tỉnh cũ: {known_vi})",
        )
    return _for_former(province, former_province, _date_argument(on), _rulesets_argument(among))


def _for_former(province: str, former: str, on: dt.date, found: tuple[RuleSet, ...]) -> RuleSet:
    own = [
        rs
        for rs in found
        if rs.province == province
        and rs.in_force_on(on)
        and (on < provinces.REORGANISED_ON or rs.effective_from >= provinces.REORGANISED_ON)
    ]
    if len(own) == 1:
        return own[0]
    if own:
        raise AmbiguousRuleSetError(
            f"{len(own)} rule sets of {province!r} are in force on {on}: "
            + ", ".join(rs.code for rs in own)
        )
    try:
        return in_force(former, on=on, among=found)
    except NoRuleSetInForceError as exc:
        raise NoRuleSetInForceError(
            f"{province!r} has no rule set of its own in force on {on}, and {exc}"
        ) from None


def _check_former(report: UnitReport, former: str) -> None:
    """A report's former province is a province, and a predecessor of its province."""
    found = Collector()
    for path, code in (("$.former_province", former), ("$.province", report.province)):
        try:
            provinces.province(code)
        except UnknownProvinceError as exc:
            found.add(
                str(exc),
                path,
                code="registry.unknown_province",
                vi=f"mã tỉnh {code!r} không phải của tỉnh nào (trước hay sau sắp xếp)",
            )
    found.raise_if_any(ReportError, unit_id=report.unit_id)
    if not provinces.is_predecessor(former, report.province):
        known = ", ".join(provinces.predecessors(report.province)) or "none"
        known_vi = known if known != "none" else "không có"
        found.add(
            f"{former!r} is not a former province of {report.province!r} "
            f"(its predecessors: {known})",
            "$.former_province",
            code="registry.not_a_predecessor",
            vi=f"{former!r} không phải tỉnh cũ của {report.province!r} (các tỉnh cũ: {known_vi})",
        )
        found.fail(ReportError, unit_id=report.unit_id)


def in_force(province: str, *, on: dt.date, among: Iterable[RuleSet] | None = None) -> RuleSet:
    """The one rule set of ``province`` in force on the date ``on``.

    ``among`` is the rule sets to choose from (default: every rule set found).

    Raises:
        NoRuleSetInForceError: none is in force then (the message lists the
            province's versions and their periods).
        AmbiguousRuleSetError: more than one is.
        InvalidValueError: ``province`` is not a text, ``on`` not a date, or
            ``among`` holds something other than rule sets.
    """
    _text_argument("province", province)
    _date_argument(on)
    versions = [rs for rs in _rulesets_argument(among) if rs.province == province]
    matching = [rs for rs in versions if rs.in_force_on(on)]
    if len(matching) == 1:
        return matching[0]
    if matching:
        codes = ", ".join(rs.code for rs in matching)
        raise AmbiguousRuleSetError(
            f"{len(matching)} rule sets of {province!r} are in force on {on}: {codes}"
        )
    known = "; ".join(
        f"{rs.code} ({rs.effective_from} – {rs.effective_until or '…'})" for rs in versions
    )
    raise NoRuleSetInForceError(
        f"no rule set of {province!r} is in force on {on}"
        + (f"; versions: {known}" if known else "; the province has no rule set")
    )
