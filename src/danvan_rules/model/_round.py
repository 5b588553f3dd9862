"""The round: one province's evaluation of one year, as data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from danvan_rules.errors import Collector, DataError, Problem, field_path, index_path, key_path

from ._round_facts import Award, NamedIneligible, NamedUnits, PublishedFact, UnitTotal
from ._round_registry import Citation, Registry, nfc_tuple
from ._text import nfc
from .report import evaluation_date

__all__ = ["Decision", "FixedRuleSets", "Group", "Round", "RoundError", "RuleSetsByDate"]

_FIRST_YEAR: Final = 1900
_LAST_YEAR: Final = 2200


class RoundError(DataError):
    """A round, or the reports and rule sets given to score it, that cannot be used as is."""

    subject = "round"
    subject_vi = "đợt đánh giá"


@attrs.frozen
class Decision:
    """A decision of the round ("Quyết định"): number, date, issuer and the khối it covers.

    An empty ``scope`` covers every khối of the round.
    """

    number: str
    date: dt.date
    issuer: str
    scope: tuple[str, ...] = attrs.field(default=(), converter=nfc_tuple)
    title_vi: str = ""
    url: str = ""

    @property
    def citation(self) -> Citation:
        """The decision as a citation."""
        return Citation(self.number, self.date, self.url, self.issuer)


@attrs.frozen
class Group:
    """A named group of khối counted in one tally ("sở, ngành tỉnh và UBND cấp huyện")."""

    code: str = attrs.field(converter=nfc)
    label_vi: str
    khoi: tuple[str, ...] = attrs.field(converter=nfc_tuple)


def _mapping(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType({nfc(k): v for k, v in dict(value).items()})


def _former(value: Mapping[str, Mapping[str, str]]) -> Mapping[str, Mapping[str, str]]:
    return MappingProxyType({nfc(k): _mapping(v) for k, v in dict(value).items()})


@attrs.frozen
class FixedRuleSets:
    """The rule set of each khối is fixed by the round: khối → rule-set code.

    ``former`` fixes other rule sets for the units of a former province (those
    whose ``former_province`` is it): former province → khối → code. After the
    2025 reorganisation a merged province may keep applying its predecessors'
    rules to their former territory until it issues its own; a khối not listed
    for a former province is scored by ``by_khoi``.

    >>> FixedRuleSets({"ubnd-xa": "dong-nai/67-2024"},
    ...               former={"binh-phuoc": {"ubnd-xa": "binh-phuoc/x"}}).code_for(
    ...     "ubnd-xa", "binh-phuoc")
    'binh-phuoc/x'
    """

    by_khoi: Mapping[str, str] = attrs.field(converter=_mapping)
    former: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict, converter=_former)

    def code_for(self, khoi: str, former_province: str | None = None) -> str | None:
        """The rule-set code for a unit of this khối (and former province); ``None``: none."""
        if former_province is not None:
            code = self.former.get(former_province, {}).get(khoi)
            if code is not None:
                return code
        return self.by_khoi.get(khoi)


@attrs.frozen
class RuleSetsByDate:
    """Each unit is scored by the rule set in force on the year's evaluation date.

    The round's province's rule set, as ``danvan_rules.rulesets.for_report``
    chooses it: for a unit with a ``former_province`` after the 2025
    reorganisation, the merged province's own rule set when it has one in
    force, and otherwise the former province's. The round only records the
    choice: the caller resolves it (``danvan_rules.io.load_round`` does) and
    gives the rule sets to :func:`~danvan_rules.scoring.rounds.score_round`,
    which checks that each is in force on 31 December of the year.
    """


def _groups(values: Iterable[Group]) -> tuple[Group, ...]:
    return tuple(values)


def _facts(values: Iterable[PublishedFact]) -> tuple[PublishedFact, ...]:
    return tuple(values)


def _awards(values: Iterable[Award]) -> tuple[Award, ...]:
    return tuple(values)


#: How the round chooses the rule set of each khối.
RuleSetChoice = FixedRuleSets | RuleSetsByDate


@attrs.frozen
class Round:
    """One province's evaluation of one year ("đợt đánh giá"), as data.

    ``synthetic`` says the reports are made up (standing in for unpublished
    ones): every result of the round says so. ``reports_from`` records where a
    round file finds its reports (the core never reads it). Checked as a whole,
    all problems at once:

    >>> from danvan_rules.model.rounds import Unit
    >>> reg = Registry([Unit("so-a", "Sở A", "so-nganh", "example")])
    >>> Round("example", 2024, reg, FixedRuleSets({}),
    ...       groups=[Group("g", "Nhóm", ["ubnd-huyen"])])
    Traceback (most recent call last):
      ...
    danvan_rules.model._round.RoundError: 2 problems in round:
      khối 'so-nganh' has no rule set in the round's choice @ $.registry.units[0].khoi
      group 'g' names khối 'ubnd-huyen', which no unit of the registry has @ $.groups[0].khoi[0]
    """

    province: str
    year: int
    registry: Registry
    rulesets: RuleSetChoice
    appraisal: Decision | None = None
    results: Decision | None = None
    groups: tuple[Group, ...] = attrs.field(default=(), converter=_groups)
    published: tuple[PublishedFact, ...] = attrs.field(default=(), converter=_facts)
    awards: tuple[Award, ...] = attrs.field(default=(), converter=_awards)
    synthetic: bool = False
    title_vi: str = ""
    notes: str = ""
    reports_from: str = ""

    def __attrs_post_init__(self) -> None:
        found = Collector()
        found.extend(_round_problems(self))
        found.raise_if_any(RoundError)

    @property
    def evaluation_date(self) -> dt.date:
        """31 December of the round's year."""
        return evaluation_date(self.year)

    @property
    def khoi(self) -> tuple[str, ...]:
        """The khối of the units that exist in the round's year, in registry order."""
        return tuple(dict.fromkeys(u.khoi for u in self.registry if u.exists_in(self.year)))

    def group(self, code: str) -> Group:
        """The group with this code (``KeyError`` if none)."""
        for group in self.groups:
            if group.code == code:
                return group
        raise KeyError(code)


def _round_problems(r: Round) -> Iterable[Problem]:
    found = Collector()
    if not r.province.strip():
        found.add(
            "province must not be empty",
            "$.province",
            code="text.empty",
            vi="mã tỉnh (province) không được để trống",
        )
    year: object = r.year
    if isinstance(year, bool) or not isinstance(year, int) or not _FIRST_YEAR <= year <= _LAST_YEAR:
        found.add(
            f"year {r.year!r} is not a plausible evaluation year",
            "$.year",
            code="round.implausible_year",
            vi=f"năm {r.year!r} không phải là một năm đánh giá hợp lý ({_FIRST_YEAR}–{_LAST_YEAR})",
        )
        return found.problems
    all_khoi = {u.khoi for u in r.registry}
    found.extend(_unit_problems(r))
    codes = {g.code for g in r.groups}
    found.extend(_group_problems(r, all_khoi))
    for name, decision in (("appraisal", r.appraisal), ("results", r.results)):
        if decision is not None:
            found.extend(_decision_problems(r, decision, field_path("$", name), all_khoi))
    scopes = all_khoi | codes
    for i, fact in enumerate(r.published):
        found.extend(_fact_problems(r, fact, index_path("$.published", i), scopes))
    found.extend(_award_problems(r))
    found.extend(_former_problems(r))
    return found.problems


def _former_problems(r: Round) -> Iterable[Problem]:
    """The former provinces of a fixed choice are those of registry units, with their khối."""
    found = Collector()
    if not isinstance(r.rulesets, FixedRuleSets):
        return found.problems
    for former, by_khoi in r.rulesets.former.items():
        where = key_path("$.rulesets.former", former)
        units = [u for u in r.registry if u.former_province == former]
        if not units:
            found.add(
                f"rule sets for former province {former!r}, which no unit of the registry has",
                where,
                code="round.unknown_former_province",
                vi=f"chọn bộ quy tắc cho tỉnh cũ {former!r}, không đơn vị nào trong danh sách "
                "thuộc tỉnh cũ này",
            )
            continue
        khoi = {u.khoi for u in units}
        for code in by_khoi:
            if code not in khoi:
                found.add(
                    f"khối {code!r} has no unit of former province {former!r}",
                    key_path(where, code),
                    code="round.unknown_khoi",
                    vi=f"khối {code!r} không có đơn vị nào thuộc tỉnh cũ {former!r}",
                )
    return found.problems


def _unit_problems(r: Round) -> Iterable[Problem]:
    found = Collector()
    seen_khoi: set[tuple[str, str | None]] = set()
    for i, unit in enumerate(r.registry.units):
        where = index_path("$.registry.units", i)
        if unit.province != r.province:
            found.add(
                f"unit {unit.id!r} belongs to province {unit.province!r}, not the round's "
                f"{r.province!r}",
                field_path(where, "province"),
                code="round.unit_other_province",
                vi=f"đơn vị {unit.id!r} thuộc tỉnh {unit.province!r}, không phải tỉnh "
                f"{r.province!r} của đợt đánh giá",
            )
        key = (unit.khoi, unit.former_province)
        if (
            isinstance(r.rulesets, FixedRuleSets)
            and unit.exists_in(r.year)
            and r.rulesets.code_for(*key) is None
            and key not in seen_khoi
        ):
            seen_khoi.add(key)
            found.add(
                f"khối {unit.khoi!r} has no rule set in the round's choice",
                field_path(where, "khoi"),
                code="round.khoi_without_ruleset",
                vi=f"khối {unit.khoi!r} chưa được chọn bộ quy tắc trong đợt đánh giá",
            )
    return found.problems


def _group_problems(r: Round, all_khoi: set[str]) -> Iterable[Problem]:
    found = Collector()
    codes: set[str] = set()
    for i, group in enumerate(r.groups):
        where = index_path("$.groups", i)
        if group.code in codes or group.code in all_khoi:
            found.add(
                f"group code {group.code!r} is used twice (or is a khối's code)",
                field_path(where, "code"),
                code="round.duplicate_group",
                vi=f"mã nhóm {group.code!r} bị dùng hai lần (hoặc trùng mã một khối)",
            )
        codes.add(group.code)
        for j, khoi in enumerate(group.khoi):
            if khoi not in all_khoi:
                found.add(
                    f"group {group.code!r} names khối {khoi!r}, which no unit of the registry has",
                    index_path(field_path(where, "khoi"), j),
                    code="round.unknown_khoi",
                    vi=f"nhóm {group.code!r} nêu khối {khoi!r}, không đơn vị nào trong danh sách "
                    "thuộc khối này",
                )
    return found.problems


def _award_problems(r: Round) -> Iterable[Problem]:
    found = Collector()
    for i, award in enumerate(r.awards):
        recipient = award.recipient.unit
        if recipient is not None and recipient not in r.registry:
            found.add(
                f"award to unit {recipient!r}, which the registry does not have",
                field_path(index_path("$.awards", i), "recipient.unit"),
                code="award.unknown_unit",
                vi=f"khen thưởng cho đơn vị {recipient!r}, không có trong danh sách đơn vị",
            )
    return found.problems


def _decision_problems(
    r: Round, decision: Decision, where: str, all_khoi: set[str]
) -> Iterable[Problem]:
    found = Collector()
    if decision.date.year < r.year:
        found.add(
            f"decision {decision.number} is dated {decision.date}, before the year {r.year} "
            "it decides on",
            field_path(where, "date"),
            code="round.decision_before_year",
            vi=f"quyết định {decision.number} đề ngày {decision.date}, trước năm {r.year} "
            "được đánh giá",
        )
    for j, khoi in enumerate(decision.scope):
        if khoi not in all_khoi:
            found.add(
                f"decision {decision.number} covers khối {khoi!r}, which no unit of the "
                "registry has",
                index_path(field_path(where, "scope"), j),
                code="round.unknown_khoi",
                vi=f"quyết định {decision.number} áp dụng cho khối {khoi!r}, không đơn vị nào "
                "trong danh sách thuộc khối này",
            )
    return found.problems


def _fact_problems(
    r: Round, fact: PublishedFact, where: str, scopes: set[str]
) -> Iterable[Problem]:
    found = Collector()
    scope = None if isinstance(fact, UnitTotal) else fact.scope
    if scope is not None and scope not in scopes:
        found.add(
            f"published fact about {scope!r}, which is neither a khối nor a group of the round",
            field_path(where, "scope"),
            code="published.unknown_scope",
            vi=f"kết quả công bố về {scope!r}, không phải là khối hay nhóm của đợt đánh giá",
        )
    units: tuple[str, ...] = ()
    if isinstance(fact, NamedUnits | NamedIneligible):
        units = fact.units
    elif isinstance(fact, UnitTotal):
        units = (fact.unit,)
    for j, unit in enumerate(units):
        if unit not in r.registry:
            found.add(
                f"published fact names unit {unit!r}, which the registry does not have",
                key_path(field_path(where, "units"), j)
                if isinstance(fact, NamedUnits | NamedIneligible)
                else field_path(where, "unit"),
                code="published.unknown_unit",
                vi=f"kết quả công bố nêu đơn vị {unit!r}, không có trong danh sách đơn vị",
            )
    return found.problems
