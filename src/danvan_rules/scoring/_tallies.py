"""Band tallies of a scored round: per khối, per named group, and overall."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import MappingProxyType
from typing import Literal

from danvan_rules.model.rounds import Round, RuleSetUse, Tally, UnitOutcome, UnitStatus

__all__ = ["tallies"]


def _tally(
    scope: str,
    kind: Literal["khoi", "group", "overall"],
    label_vi: str,
    bands: Iterable[str],
    outcomes: Sequence[UnitOutcome],
) -> Tally:
    counts = dict.fromkeys(bands, 0)
    missing = dict.fromkeys(UnitStatus, 0)
    for outcome in outcomes:
        band = outcome.band_code
        if outcome.status is UnitStatus.RATED and band is not None:
            counts[band] = counts.get(band, 0) + 1
        else:
            missing[outcome.status] += 1
    return Tally(
        scope=scope,
        kind=kind,
        label_vi=label_vi,
        bands=MappingProxyType(counts),
        ineligible=missing[UnitStatus.INELIGIBLE],
        invalid=missing[UnitStatus.INVALID],
        no_report=missing[UnitStatus.NO_REPORT],
    )


def tallies(
    the_round: Round, outcomes: Sequence[UnitOutcome], uses: Sequence[RuleSetUse]
) -> tuple[Tally, ...]:
    """One tally per khối (round order), per group (round order), then the overall one ``"*"``.

    Bands are listed highest first, every band of the khối's rule set with
    its count (0 included); units that do not exist in the year are in no tally.
    """
    in_year = [o for o in outcomes if o.status is not UnitStatus.NOT_IN_YEAR]
    by_khoi: dict[str, list[UnitOutcome]] = {k: [] for k in the_round.khoi}
    for outcome in in_year:
        by_khoi[outcome.unit.khoi].append(outcome)

    def bands(khoi: Iterable[str]) -> list[str]:
        wanted = set(khoi)
        order: dict[str, None] = {}
        for use in uses:
            if use.khoi in wanted:
                order.update(dict.fromkeys(reversed(use.bands)))
        return list(order)

    labels: dict[str, str] = {}
    for use in uses:
        labels.setdefault(use.khoi, use.label_vi)
    out = [
        _tally(k, "khoi", labels.get(k, k), bands([k]), members) for k, members in by_khoi.items()
    ]
    for group in the_round.groups:
        members = [o for k in group.khoi for o in by_khoi.get(k, ())]
        out.append(_tally(group.code, "group", group.label_vi, bands(group.khoi), members))
    out.append(_tally("*", "overall", "Toàn tỉnh", bands(by_khoi), in_year))
    return tuple(out)
