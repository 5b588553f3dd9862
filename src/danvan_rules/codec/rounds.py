"""Round files: the TOML of an evaluation round ("đợt đánh giá") to a :class:`Round`, and back.

The layout is documented in ``docs/rounds.md``. The codec reads no file: a
round whose registry is a file beside it (``registry = "units.toml"``) is
given that file's data as ``registry`` (``danvan_rules.io.load_round`` does
it). Every problem comes at once, each with its path in the round file:

>>> round_from_data({"province": "example", "year": "2024", "rulesets": {"by": "day"},
...                  "units": [{"id": "so-a", "name_vi": "Sở A", "khoi": 3}]})
Traceback (most recent call last):
  ...
danvan_rules.model._round.RoundError: 3 problems in round:
  expected a whole number, not '2024' @ $.year
  expected text, not 3 @ $.units[0].khoi
  rulesets.by is 'date' (each khối by the rule set in force on 31 December), not 'day' @ $.rulesets.by
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from danvan_rules.errors import (
    Collector,
    InvalidValueError,
    Problem,
    RuleSetError,
)
from danvan_rules.model.rounds import (
    Award,
    BandCounts,
    CohortSize,
    Collective,
    Decision,
    FixedRuleSets,
    Group,
    Individual,
    NamedIneligible,
    NamedUnits,
    NoUnitInBand,
    PublishedFact,
    Recipient,
    Registry,
    RegistryError,
    Round,
    RoundError,
    RuleSetsByDate,
    Succession,
    Unit,
    UnitTotal,
)

from . import _errors, parse_toml
from ._converter import CONVERTER, _shown

__all__ = [
    "FACT_KINDS",
    "registry_from_data",
    "round_from_data",
    "round_from_toml",
    "round_to_data",
    "tagged",
]

#: The ``kind`` of each published fact in a round file.
FACT_KINDS: Final[Mapping[str, type]] = {
    "band-counts": BandCounts,
    "named-units": NamedUnits,
    "named-ineligible": NamedIneligible,
    "unit-total": UnitTotal,
    "no-unit-in-band": NoUnitInBand,
    "cohort-size": CohortSize,
}
_RECIPIENT_KINDS: Final[Mapping[str, type]] = {
    Collective.KIND: Collective,
    Individual.KIND: Individual,
}


@attrs.frozen
class _RuleSetsData:
    by: str = ""
    fixed: Mapping[str, str] | None = None
    former: Mapping[str, Mapping[str, str]] | None = None


@attrs.frozen
class _RegistryData:
    units: tuple[Unit, ...] = ()
    successions: tuple[Succession, ...] = ()


@attrs.frozen
class _UnitsFileData:
    """A units file: a registry, with the province of the units that name none."""

    province: str | None = None
    units: tuple[Unit, ...] = ()
    successions: tuple[Succession, ...] = ()


@attrs.frozen
class _RoundData:
    province: str
    year: int
    rulesets: _RuleSetsData = attrs.field(factory=_RuleSetsData)
    title: str = ""
    synthetic: bool = False
    notes: str = ""
    registry: str = ""
    units: tuple[Unit, ...] = ()
    successions: tuple[Succession, ...] = ()
    reports: str = ""
    appraisal: Decision | None = None
    results: Decision | None = None
    groups: tuple[Group, ...] = ()
    published: tuple[PublishedFact, ...] = ()
    awards: tuple[Award, ...] = ()


def tagged(
    kinds: Mapping[str, type], what: str, what_vi: str, *, code: str = "roundfile.unknown_kind"
) -> Callable[[Any, object], Any]:
    """A structure hook for a table tagged by its ``kind``: one of ``kinds``, else ``code``.

    >>> hook = tagged({"unit-total": UnitTotal}, "published fact", "kết quả công bố")
    >>> hook({"kind": "cohort-total"}, object)
    Traceback (most recent call last):
      ...
    danvan_rules.errors.InvalidValueError: unknown published fact kind 'cohort-total' (kinds: 'unit-total')
    """
    listed = ", ".join(map(repr, kinds))

    def structure(value: Any, _: object) -> Any:
        if not isinstance(value, Mapping):
            raise InvalidValueError(
                f"expected a table with a 'kind' ({listed}), not {_shown(value)}",
                code="data.expected_table",
                vi=f"cần một bảng có khóa 'kind' ({listed}), không phải {_shown(value)}",
            )
        kind = value.get("kind")
        member = kinds.get(kind) if isinstance(kind, str) else None
        if member is None:
            raise InvalidValueError(
                f"unknown {what} kind {_shown(kind)} (kinds: {listed})",
                code=code,
                vi=f"loại {what_vi} {_shown(kind)} không được biết đến (các loại: {listed})",
            )
        return CONVERTER.structure({k: v for k, v in value.items() if k != "kind"}, member)

    return structure


CONVERTER.register_structure_hook_func(
    lambda t: t == PublishedFact,
    tagged(FACT_KINDS, "published fact", "kết quả công bố"),
)
CONVERTER.register_structure_hook_func(
    lambda t: t == Recipient,
    tagged(_RECIPIENT_KINDS, "recipient", "đối tượng được khen thưởng"),
)


def _with_province(data: Mapping[str, Any], key: str, province: object) -> Any:
    """The units of ``data[key]``, each given the round's province when it names none."""
    units = data.get(key)
    if not isinstance(province, str) or not isinstance(units, list):
        return units
    return [{"province": province, **unit} if isinstance(unit, Mapping) else unit for unit in units]


def _structure(data: Any, cls: type[Any], found: Collector, under: str = "$") -> Any:
    try:
        return CONVERTER.structure(data, cls)
    except Exception as exc:  # noqa: BLE001 - cattrs groups every field error; we render them all
        found.extend(_errors.problems_of(exc, under))
    return None


def round_from_data(data: Mapping[str, Any], *, registry: Mapping[str, Any] | None = None) -> Round:
    """Build a round from its data form (what the round's TOML file holds).

    ``registry`` is the data of the registry file the round names
    (``registry = "units.toml"``), with its ``units`` and ``successions``;
    its problems are reported under ``$.registry``.

    >>> r = round_from_data({"province": "example", "year": 2024,
    ...                      "rulesets": {"fixed": {"so-nganh": "example/dan-van-2024"}},
    ...                      "units": [{"id": "so-a", "name_vi": "Sở A", "khoi": "so-nganh"}]})
    >>> r.khoi, r.registry.unit("so-a").province
    (('so-nganh',), 'example')

    Raises:
        RoundError: every problem of the data, each with its path.
    """
    found = Collector()
    given: object = data  # checked as given: a caller may pass anything
    if not isinstance(given, Mapping):
        raise RoundError([_errors.not_a_table("a round", "đợt đánh giá", given)])
    province = data.get("province")
    shaped = {**data, "units": _with_province(data, "units", province)}
    if shaped["units"] is None:
        del shaped["units"]
    parsed: _RoundData | None = _structure(shaped, _RoundData, found)
    _check_registry(data, registry, found)
    _check_choice(data.get("rulesets", {}), found)
    registry_data: _RegistryData | None = None
    if registry is not None and isinstance(data.get("registry"), str):
        shaped_registry = {**registry, "units": _with_province(registry, "units", province)}
        if shaped_registry["units"] is None:
            del shaped_registry["units"]
        registry_data = _structure(shaped_registry, _RegistryData, found, "$.registry")
    found.raise_if_any(RoundError)
    assert parsed is not None  # noqa: S101 - no problem means both were structured
    return _build(parsed, registry_data, found)


def registry_from_data(data: Mapping[str, Any], *, province: str | None = None) -> Registry:
    """A unit registry from its data form: a registry file's ``[[units]]`` and ``[[successions]]``.

    ``province`` is given to every unit that names none (a file's own
    top-level ``province`` key, when it has one, comes first).

    >>> reg = registry_from_data({"province": "ba-ria-vung-tau",
    ...     "units": [{"id": "phuong-1", "name_vi": "UBND Phường 1", "khoi": "ubnd-phuong-xa"}]})
    >>> reg.unit("phuong-1").province
    'ba-ria-vung-tau'
    >>> registry_from_data({"units": [{"id": "x", "name_vi": "X", "khoi": "k"}], "extra": 1})
    Traceback (most recent call last):
      ...
    danvan_rules.model._round_registry.RegistryError: 2 problems in unit registry:
      required key missing @ $.units[0].province
      unknown key 'extra' (known: province, units, successions) @ $.extra

    Raises:
        RegistryError: every problem of the data, each with its path.
    """
    found = Collector()
    given: object = data  # checked as given: a caller may pass anything
    if not isinstance(given, Mapping):
        raise RegistryError([_errors.not_a_table("a unit registry", "danh sách đơn vị", given)])
    own = data.get("province", province)
    shaped = dict(data)
    if isinstance(data.get("units"), list):
        shaped["units"] = _with_province(data, "units", own)
    parsed: _UnitsFileData | None = _structure(shaped, _UnitsFileData, found)
    found.raise_if_any(RegistryError)
    assert parsed is not None  # noqa: S101 - no problem means it was structured
    return Registry(parsed.units, parsed.successions)


def _build(parsed: _RoundData, registry_data: _RegistryData | None, found: Collector) -> Round:
    choice = _choice(parsed.rulesets)
    from_file = registry_data is not None
    source = (
        registry_data
        if registry_data is not None
        else _RegistryData(parsed.units, parsed.successions)
    )
    try:
        reg = Registry(source.units, source.successions)
    except RegistryError as exc:
        found.extend(p.under("$.registry") if from_file else p for p in exc.problems)
        found.fail(RoundError)
    try:
        return Round(
            parsed.province,
            parsed.year,
            reg,
            choice,
            appraisal=parsed.appraisal,
            results=parsed.results,
            groups=parsed.groups,
            published=parsed.published,
            awards=parsed.awards,
            synthetic=parsed.synthetic,
            title_vi=parsed.title,
            notes=parsed.notes,
            reports_from=parsed.reports,
        )
    except RoundError as exc:
        found.extend(exc.problems if from_file else map(_inline_path, exc.problems))
        found.fail(RoundError)


def _check_registry(
    data: Mapping[str, Any], registry: Mapping[str, Any] | None, found: Collector
) -> None:
    name = data.get("registry")
    inline = "units" in data or "successions" in data
    if name is not None and inline:
        found.add(
            f"the registry is given twice: inline ([[units]], [[successions]]) and as the file "
            f"{_shown(name)}",
            "$.registry",
            code="roundfile.registry_twice",
            vi="danh sách đơn vị được khai báo hai lần: trong tệp ([[units]], [[successions]]) "
            f"và bằng tệp {_shown(name)}",
        )
    elif name is not None and registry is None:
        found.add(
            f"the registry file {_shown(name)} was not read "
            "(load the round with danvan_rules.io.load_round)",
            "$.registry",
            code="roundfile.registry_not_read",
            vi=f"tệp danh sách đơn vị {_shown(name)} chưa được đọc "
            "(hãy đọc đợt đánh giá bằng danvan_rules.io.load_round)",
        )
    elif name is None and not inline:
        found.add(
            'a round needs its units: [[units]] in the file, or registry = "units.toml"',
            "$.units",
            code="roundfile.no_registry",
            vi="đợt đánh giá cần danh sách đơn vị: [[units]] trong tệp, hoặc "
            'registry = "units.toml"',
        )


def _inline_path(problem: Problem) -> Problem:
    """A round's problem about its registry, at the path of the inline ``[[units]]``."""
    prefix = "$.registry."
    if problem.path.startswith(prefix):
        return attrs.evolve(problem, path="$." + problem.path[len(prefix) :])
    return problem


def _check_choice(data: object, found: Collector) -> None:
    if not isinstance(data, Mapping):
        return  # the converter says it is not a table
    by = data.get("by")
    if isinstance(by, str) and by != "date":
        found.add(
            "rulesets.by is 'date' (each khối by the rule set in force on 31 December), "
            f"not {_shown(by)}",
            "$.rulesets.by",
            code="roundfile.unknown_ruleset_choice",
            vi="rulesets.by chỉ nhận 'date' (mỗi khối chấm theo bộ quy tắc có hiệu lực vào "
            f"ngày 31 tháng 12), không phải {_shown(by)}",
        )
    elif by is not None and "former" in data:
        found.add(
            "rulesets.former fixes rule sets for former provinces: use it with a fixed table, not "
            'with by = "date" (which chooses them as rulesets.for_report does)',
            "$.rulesets.former",
            code="roundfile.former_with_date",
            vi="rulesets.former chọn bộ quy tắc cho các tỉnh cũ: dùng cùng bảng fixed, không dùng "
            'với by = "date" (cách này tự chọn như rulesets.for_report)',
        )
    elif (by is None) == ("fixed" not in data):
        found.add(
            'rulesets needs exactly one of by = "date" and a fixed table '
            '(fixed = { khối = "rule-set code" })',
            "$.rulesets",
            code="roundfile.ruleset_choice",
            vi='rulesets cần đúng một trong hai cách: by = "date" hoặc bảng cố định '
            '(fixed = { khối = "mã bộ quy tắc" })',
        )


def _choice(data: _RuleSetsData) -> FixedRuleSets | RuleSetsByDate:
    if data.fixed is None:
        return RuleSetsByDate()
    return FixedRuleSets(data.fixed, former=data.former or {})


def round_from_toml(text: str | bytes, *, registry: Mapping[str, Any] | None = None) -> Round:
    r"""Parse a round file's TOML (text, or the file's bytes); see :func:`round_from_data`.

    >>> round_from_toml('province = "example"\nyear = 2024').year
    Traceback (most recent call last):
      ...
    danvan_rules.model._round.RoundError: 2 problems in round:
      a round needs its units: [[units]] in the file, or registry = "units.toml" @ $.units
      rulesets needs exactly one of by = "date" and a fixed table (fixed = { khối = "rule-set code" }) @ $.rulesets

    Raises:
        RoundError: a TOML syntax error, a limit, or any problem of the data.
    """
    try:
        data = parse_toml(text)
    except RuleSetError as exc:
        raise RoundError(exc.problems) from None
    return round_from_data(data, registry=registry)


def round_to_data(the_round: Round) -> dict[str, Any]:
    """The data form of a round, with its registry inline: :func:`round_from_data` reads it back.

    >>> r = round_from_data({"province": "example", "year": 2024, "rulesets": {"by": "date"},
    ...                      "units": [{"id": "so-a", "name_vi": "Sở A", "khoi": "so-nganh"}]})
    >>> round_to_data(r)["rulesets"], round_from_data(round_to_data(r)) == r
    ({'by': 'date'}, True)
    """
    data: dict[str, Any] = {
        "province": the_round.province,
        "year": the_round.year,
        "rulesets": _choice_data(the_round.rulesets),
        "units": [CONVERTER.unstructure(u) for u in the_round.registry.units],
    }
    optional: dict[str, Any] = {
        "title": the_round.title_vi,
        "synthetic": the_round.synthetic,
        "notes": the_round.notes,
        "reports": the_round.reports_from,
        "successions": [CONVERTER.unstructure(s) for s in the_round.registry.successions],
        "appraisal": _decision(the_round.appraisal),
        "results": _decision(the_round.results),
        "groups": [CONVERTER.unstructure(g) for g in the_round.groups],
        "published": [_fact(f) for f in the_round.published],
        "awards": [_award(a) for a in the_round.awards],
    }
    data.update({key: value for key, value in optional.items() if value})
    return data


def _choice_data(choice: FixedRuleSets | RuleSetsByDate) -> dict[str, Any]:
    if isinstance(choice, RuleSetsByDate):
        return {"by": "date"}
    data: dict[str, Any] = {"fixed": dict(choice.by_khoi)}
    if choice.former:
        data["former"] = {k: dict(v) for k, v in choice.former.items()}
    return data


def _decision(decision: Decision | None) -> dict[str, Any] | None:
    return None if decision is None else CONVERTER.unstructure(decision)


def _fact(fact: PublishedFact) -> dict[str, Any]:
    kind = next(k for k, cls in FACT_KINDS.items() if isinstance(fact, cls))
    return {"kind": kind, **CONVERTER.unstructure(fact)}


def _award(award: Award) -> dict[str, Any]:
    data: dict[str, Any] = CONVERTER.unstructure(award)
    data["recipient"] = {"kind": award.recipient.KIND, **CONVERTER.unstructure(award.recipient)}
    return data
