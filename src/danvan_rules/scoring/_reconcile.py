"""Published results checked, fact by fact, against a scored round."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from danvan_rules.model.rounds import (
    BandCounts,
    CohortSize,
    FactCheck,
    NamedIneligible,
    NamedUnits,
    NoUnitInBand,
    PublishedFact,
    Reconciliation,
    RoundResult,
    Tally,
    UnitOutcome,
    UnitStatus,
    UnitTotal,
    Verdict,
)

__all__ = ["reconcile"]


@attrs.define
class _Notes:
    """What checking one fact found: differences (not matched) and gaps (cannot be checked)."""

    differences: list[tuple[str, str]] = attrs.Factory(list)
    gaps: list[tuple[str, str]] = attrs.Factory(list)

    def differ(self, en: str, vi: str) -> None:
        self.differences.append((en, vi))

    def gap(self, en: str, vi: str) -> None:
        self.gaps.append((en, vi))

    def outcome(self) -> tuple[Verdict, tuple[str, ...], tuple[str, ...]]:
        """The verdict, and its notes in English and Vietnamese."""
        if self.differences:
            verdict, notes = Verdict.NOT_MATCHED, self.differences + self.gaps
        elif self.gaps:
            verdict, notes = Verdict.UNCHECKABLE, self.gaps
        else:
            verdict, notes = Verdict.MATCHED, []
        return verdict, tuple(en for en, _ in notes), tuple(vi for _, vi in notes)

    def check(self, index: int, fact: PublishedFact) -> FactCheck:
        return FactCheck(index, fact, *self.outcome())


def reconcile(result: RoundResult, published: Iterable[PublishedFact]) -> Reconciliation:
    """Check every published fact against a scored round: matched, not matched, or uncheckable.

    A fact is *not matched* when the scored round contradicts it (each
    difference is listed), and *cannot be checked* when the round lacks what
    it needs (a scope, unit or band it does not have, a unit without a
    result), with the reason. Checking a synthetic round says so.

    >>> import datetime as dt
    >>> from danvan_rules import rulesets, load_report
    >>> from danvan_rules.model.rounds import (BandCounts, Citation, FixedRuleSets, Registry,
    ...     Round, Unit, UnitTotal)
    >>> from danvan_rules.scoring.rounds import score_round
    >>> rs = rulesets.get("example/dan-van-2024")
    >>> reg = Registry([Unit("so-tu-phap", "Sở Tư pháp", "so-nganh", "example")])
    >>> r = Round("example", 2024, reg, FixedRuleSets({"so-nganh": rs.code}))
    >>> scored = score_round(r, [load_report("examples/tot.json")], {"so-nganh": rs})
    >>> src = Citation("Báo ví dụ", dt.date(2025, 1, 20))
    >>> checked = reconcile(scored, [BandCounts("so-nganh", {"tot": 1}, src),
    ...                              UnitTotal("so-tu-phap", 90, src, band="xuat-sac")])
    >>> [c.verdict.value for c in checked.checks]
    ['matched', 'not_matched']
    >>> checked.checks[1].notes
    ('total: published 90, scored 82.50 (-7.50)', 'band: published xuat-sac, scored tot')
    """
    checks = tuple(_check(result, i, fact) for i, fact in enumerate(published))
    return Reconciliation(checks, result.synthetic)


def _check(result: RoundResult, index: int, fact: PublishedFact) -> FactCheck:
    notes = _Notes()
    if isinstance(fact, UnitTotal):
        _unit_total(result, fact, notes)
        return notes.check(index, fact)
    scope = "*" if fact.scope is None else fact.scope
    tally = _tally(result, scope, notes)
    if tally is not None:
        if isinstance(fact, BandCounts):
            _band_counts(tally, fact, notes)
        elif isinstance(fact, NamedUnits):
            _named_units(result, tally, fact, notes)
        elif isinstance(fact, NamedIneligible):
            _named_ineligible(result, tally, fact, notes)
        elif isinstance(fact, NoUnitInBand):
            _no_unit(result, tally, fact, notes)
        else:
            _cohort_size(tally, fact, notes)
    return notes.check(index, fact)


def _tally(result: RoundResult, scope: str, notes: _Notes) -> Tally | None:
    try:
        return result.tally(scope)
    except KeyError:
        notes.gap(
            f"the round has no khối or group {scope!r}",
            f"đợt đánh giá không có khối hay nhóm {scope!r}",
        )
        return None


def _known_band(tally: Tally, band: str, notes: _Notes) -> bool:
    if band in tally.bands:
        return True
    notes.gap(
        f"band {band!r} is not a band of the rule set(s) of {tally.scope!r}",
        f"mức {band!r} không phải là mức xếp loại của bộ quy tắc áp dụng cho {tally.scope!r}",
    )
    return False


def _missing(tally: Tally, notes: _Notes) -> None:
    """A note when some units of the scope have no result (they may explain a difference)."""
    missing = tally.invalid + tally.no_report
    if missing:
        notes.gap(
            f"{missing} units of {tally.scope!r} have no result (invalid report or no report)",
            f"{missing} đơn vị của {tally.scope!r} chưa có kết quả (báo cáo không hợp lệ "
            "hoặc không có báo cáo)",
        )


def _signed(number: object) -> str:
    text = str(number)
    return text if text.startswith("-") else f"+{text}"


def _band_counts(tally: Tally, fact: BandCounts, notes: _Notes) -> None:
    for band, published in fact.counts.items():
        if _known_band(tally, band, notes):
            scored = tally.count(band)
            if scored != published:
                notes.differ(
                    f"{band}: published {published}, scored {scored} ({_signed(scored - published)})",
                    f"{band}: công bố {published}, tính được {scored} "
                    f"({_signed(scored - published)})",
                )
    if notes.differences:
        _missing(tally, notes)


def _in_scope(result: RoundResult, scope: str) -> set[str]:
    if scope == "*":
        return set(result.round.khoi)
    if scope in result.round.khoi:
        return {scope}
    return set(result.round.group(scope).khoi)


def _named_units(result: RoundResult, tally: Tally, fact: NamedUnits, notes: _Notes) -> None:
    if _known_band(tally, fact.band, notes):
        band = fact.band
        named = _Named(fact.units, fact.complete, band, band, f"in {band}", f"đạt mức {band}")
        _check_named(result, tally, named, lambda o: o.band_code == band, notes)


def _named_ineligible(
    result: RoundResult, tally: Tally, fact: NamedIneligible, notes: _Notes
) -> None:
    vi = "không đủ điều kiện xếp loại"
    named = _Named(fact.units, fact.complete, "ineligible", vi, "ineligible", vi)
    _check_named(result, tally, named, lambda o: o.status is UnitStatus.INELIGIBLE, notes)


@attrs.frozen
class _Named:
    """A list of named units and what it says of them: a band, or "không đủ điều kiện"."""

    units: tuple[str, ...]
    complete: bool
    en: str
    vi: str
    also_en: str
    also_vi: str


def _check_named(
    result: RoundResult,
    tally: Tally,
    named: _Named,
    holds: Callable[[UnitOutcome], bool],
    notes: _Notes,
) -> None:
    khoi = _in_scope(result, tally.scope)
    for unit_id in named.units:
        try:
            outcome = result.outcome(unit_id)
        except KeyError:
            notes.gap(
                f"unit {unit_id!r} is not in the round's registry",
                f"đơn vị {unit_id!r} không có trong danh sách đơn vị của đợt đánh giá",
            )
            continue
        if outcome.unit.khoi not in khoi:
            notes.differ(
                f"{unit_id}: in khối {outcome.unit.khoi!r}, outside {tally.scope!r}",
                f"{unit_id}: thuộc khối {outcome.unit.khoi!r}, ngoài phạm vi {tally.scope!r}",
            )
        elif not holds(outcome):
            scored = outcome.band_code or outcome.status.value
            notes.differ(
                f"{unit_id}: published {named.en}, scored {scored}",
                f"{unit_id}: công bố {named.vi}, tính được {scored}",
            )
    if named.complete:
        listed = set(named.units)
        others = [
            o.unit.id
            for o in result.outcomes
            if o.unit.khoi in khoi and holds(o) and o.unit.id not in listed
        ]
        if others:
            notes.differ(
                f"also {named.also_en}, not named: {', '.join(others)}",
                f"cũng {named.also_vi} nhưng không được nêu tên: {', '.join(others)}",
            )


def _unit_total(result: RoundResult, fact: UnitTotal, notes: _Notes) -> None:
    try:
        outcome = result.outcome(fact.unit)
    except KeyError:
        notes.gap(
            f"unit {fact.unit!r} is not in the round's registry",
            f"đơn vị {fact.unit!r} không có trong danh sách đơn vị của đợt đánh giá",
        )
        return
    if outcome.result is None:
        notes.gap(
            f"unit {fact.unit!r} has no result ({outcome.status.value})",
            f"đơn vị {fact.unit!r} chưa có kết quả ({outcome.status.value})",
        )
        return
    total = outcome.result.total
    if total != fact.total:
        notes.differ(
            f"total: published {fact.total}, scored {total} ({_signed(total - fact.total)})",
            f"tổng điểm: công bố {fact.total}, tính được {total} ({_signed(total - fact.total)})",
        )
    if fact.band is not None and outcome.band_code != fact.band:
        scored = outcome.band_code or outcome.status.value
        notes.differ(
            f"band: published {fact.band}, scored {scored}",
            f"xếp loại: công bố {fact.band}, tính được {scored}",
        )


def _no_unit(result: RoundResult, tally: Tally, fact: NoUnitInBand, notes: _Notes) -> None:
    if not _known_band(tally, fact.band, notes):
        return
    khoi = _in_scope(result, tally.scope)
    found = [
        o.unit.id
        for o in result.outcomes
        if o.status is UnitStatus.RATED and o.unit.khoi in khoi and o.band_code == fact.band
    ]
    if found:
        notes.differ(
            f"published: no unit in {fact.band}; scored: {', '.join(found)}",
            f"công bố: không đơn vị nào đạt mức {fact.band}; tính được: {', '.join(found)}",
        )
    else:
        _missing(tally, notes)


def _cohort_size(tally: Tally, fact: CohortSize, notes: _Notes) -> None:
    if tally.size != fact.size:
        notes.differ(
            f"cohort: published {fact.size} units, the round has {tally.size} "
            f"({_signed(tally.size - fact.size)})",
            f"số đơn vị: công bố {fact.size}, đợt đánh giá có {tally.size} "
            f"({_signed(tally.size - fact.size)})",
        )
