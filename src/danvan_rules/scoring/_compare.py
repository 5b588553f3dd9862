"""Two scored rounds compared: unit by unit through the registries, and tally by tally."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping

from danvan_rules.model import Notice
from danvan_rules.model.rounds import (
    NOT_RATED,
    BandChange,
    RoundComparison,
    RoundResult,
    RuleSetChange,
    Succession,
    TallyChange,
    Unit,
    UnitChange,
    UnitOutcome,
    UnitStatus,
)

__all__ = ["compare_rounds"]


def compare_rounds(earlier: RoundResult, later: RoundResult) -> RoundComparison:
    """Compare two scored rounds: per unit band up / down / same / new / gone, per tally the change.

    Units are matched by id, then through the successions of both rounds'
    registries (renames, mergers, splits), followed transitively: a district
    of 2024 merged into a commune of 2025 is linked to it. Each link is one
    :class:`UnitChange`; a unit with no counterpart is ``new`` or ``gone``.
    Bands are ordered by the later round's rule set for the unit's khối (or
    the earlier one's); two bands no rule set orders are ``incomparable``.
    Every khối scored by a different rule set (code or content) is listed in
    ``rulesets``, and a notice says so.

    >>> import attrs
    >>> from danvan_rules import rulesets, load_report
    >>> from danvan_rules.model.rounds import FixedRuleSets, Registry, Round, Unit
    >>> from danvan_rules.scoring.rounds import score_round
    >>> rs = rulesets.get("example/dan-van-2024")
    >>> reg = Registry([Unit("so-tu-phap", "Sở Tư pháp", "so-nganh", "example")])
    >>> tot = load_report("examples/tot.json")
    >>> def scored(year, report):
    ...     r = Round("example", year, reg, FixedRuleSets({"so-nganh": rs.code}))
    ...     return score_round(r, [report], {"so-nganh": rs})
    >>> worse = dict(tot.self_scores, **{"II.1": 0, "IV.1": 0, "V": 0})
    >>> earlier = scored(2024, attrs.evolve(tot, self_scores=worse))
    >>> later = scored(2025, attrs.evolve(tot, year=2025))
    >>> comparison = compare_rounds(earlier, later)
    >>> [(c.earlier, c.later, c.change.value) for c in comparison.units]
    [('so-tu-phap', 'so-tu-phap', 'up')]
    >>> comparison.tally_change("so-nganh", "tot").delta, comparison.same_rulesets
    (1, True)
    """
    later_ids = _in_year(later)
    earlier_ids = _in_year(earlier)
    edges = _edges((*earlier.round.registry.successions, *later.round.registry.successions))
    links: list[UnitChange] = []
    linked_later: set[str] = set()
    for unit_id, outcome in earlier_ids.items():
        targets = _follow(unit_id, later_ids, edges)
        if not targets:
            links.append(UnitChange(unit_id, None, outcome.band_code, None, BandChange.GONE))
        for target, via in targets:
            linked_later.add(target)
            links.append(_link(earlier, later, outcome, later_ids[target], via))
    for unit_id, outcome in later_ids.items():
        if unit_id not in linked_later:
            links.append(UnitChange(None, unit_id, None, outcome.band_code, BandChange.NEW))
    changes = _ruleset_changes(earlier, later)
    notices = []
    if changes:
        listed = "; ".join(
            f"{c.khoi}{'' if c.former_province is None else f' ({c.former_province})'}: "
            f"{c.earlier} → {c.later}"
            for c in changes
        )
        notices.append(
            Notice(
                "compare-rulesets-differ",
                f"the two rounds used different rule sets: {listed}",
                f"hai đợt đánh giá áp dụng các bộ quy tắc khác nhau: {listed}",
            )
        )
    if earlier.synthetic or later.synthetic:
        notices.append(
            Notice(
                "compare-synthetic",
                "at least one of the rounds has synthetic reports",
                "ít nhất một đợt đánh giá dùng báo cáo giả lập",
            )
        )
    return RoundComparison(
        earlier_year=earlier.round.year,
        later_year=later.round.year,
        units=tuple(links),
        tallies=_tally_changes(earlier, later),
        rulesets=changes,
        notices=tuple(notices),
    )


def _in_year(result: RoundResult) -> dict[str, UnitOutcome]:
    return {o.unit.id: o for o in result.outcomes if o.status is not UnitStatus.NOT_IN_YEAR}


def _edges(successions: Iterable[Succession]) -> dict[str, list[tuple[str, str]]]:
    """Old id → ``(new id, kind)`` of every succession, each succession once."""
    edges: dict[str, list[tuple[str, str]]] = {}
    for succession in dict.fromkeys(successions):
        for old in succession.old:
            edges.setdefault(old, []).extend((new, succession.kind.value) for new in succession.new)
    return edges


def _follow(
    unit_id: str, targets: Mapping[str, UnitOutcome], edges: Mapping[str, list[tuple[str, str]]]
) -> list[tuple[str, tuple[str, ...]]]:
    """The target ids ``unit_id`` is or became, with the succession kinds followed."""
    if unit_id in targets:
        return [(unit_id, ("same id",))]
    out: list[tuple[str, tuple[str, ...]]] = []
    seen = {unit_id}
    todo: deque[tuple[str, tuple[str, ...]]] = deque(
        (new, (kind,)) for new, kind in edges.get(unit_id, ())
    )
    while todo:
        current, via = todo.popleft()
        if current in seen:
            continue
        seen.add(current)
        if current in targets:
            out.append((current, via))
            continue
        todo.extend((new, (*via, kind)) for new, kind in edges.get(current, ()))
    return out


def _link(
    earlier: RoundResult,
    later: RoundResult,
    before: UnitOutcome,
    after: UnitOutcome,
    via: tuple[str, ...],
) -> UnitChange:
    old_band, new_band = before.band_code, after.band_code
    if old_band is None or new_band is None:
        change = BandChange.UNRATED
    elif old_band == new_band:
        change = BandChange.SAME
    else:
        change = _order(earlier, later, (before.unit, after.unit), (old_band, new_band))
    return UnitChange(before.unit.id, after.unit.id, old_band, new_band, change, via)


def _order(
    earlier: RoundResult, later: RoundResult, units: tuple[Unit, Unit], bands: tuple[str, str]
) -> BandChange:
    """``bands`` (earlier, later) ordered by the later unit's rule set, or else the earlier's."""
    old_band, new_band = bands
    for order in (later.ruleset_of(units[1]).bands, earlier.ruleset_of(units[0]).bands):
        if old_band in order and new_band in order:
            up = order.index(new_band) > order.index(old_band)
            return BandChange.UP if up else BandChange.DOWN
    return BandChange.INCOMPARABLE


def _ruleset_changes(earlier: RoundResult, later: RoundResult) -> tuple[RuleSetChange, ...]:
    before = {(u.khoi, u.former_province): u for u in earlier.rulesets}
    after = {(u.khoi, u.former_province): u for u in later.rulesets}
    changes = []
    for khoi, province in dict.fromkeys([*before, *after]):
        old, new = before.get((khoi, province)), after.get((khoi, province))
        if old is not None and new is not None and old.sha256 == new.sha256:
            continue
        changes.append(
            RuleSetChange(
                khoi,
                None if old is None else old.code,
                None if new is None else new.code,
                None if old is None else old.sha256,
                None if new is None else new.sha256,
                province,
            )
        )
    return tuple(changes)


def _tally_changes(earlier: RoundResult, later: RoundResult) -> tuple[TallyChange, ...]:
    before = {t.scope: t for t in earlier.tallies}
    after = {t.scope: t for t in later.tallies}
    changes: list[TallyChange] = []
    for scope in dict.fromkeys([*before, *after]):
        old, new = before.get(scope), after.get(scope)
        rows = dict.fromkeys([*(old.bands if old else ()), *(new.bands if new else ())])
        changes.extend(
            TallyChange(
                scope,
                row,
                None if old is None else old.bands.get(row),
                None if new is None else new.bands.get(row),
            )
            for row in rows
        )
        changes.extend(
            TallyChange(
                scope,
                status.value,
                None if old is None else getattr(old, status.value),
                None if new is None else getattr(new, status.value),
            )
            for status in NOT_RATED
        )
    return tuple(changes)
