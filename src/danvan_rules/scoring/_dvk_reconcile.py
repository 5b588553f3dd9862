"""Published "Dân vận khéo" counts checked, fact by fact, against a tally of the records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from danvan_rules.errors import Collector
from danvan_rules.model.dvk import (
    Campaign,
    Dimension,
    DvkError,
    DvkFact,
    DvkFactCheck,
    DvkMeasure,
    DvkReconciliation,
    DvkRecords,
    DvkTally,
    HonouredCount,
)

from ._dvk_review import campaign_years
from ._dvk_tally import tally
from ._reconcile import _Notes

__all__ = ["reconcile_dvk"]

#: The measures and dimensions in Vietnamese, for the notes.
_MEASURE_VI: Final = {
    DvkMeasure.REGISTERED: "đăng ký",
    DvkMeasure.REVIEWED: "đánh giá",
    DvkMeasure.PASSED: "đạt yêu cầu",
    DvkMeasure.RECOGNISED: "công nhận",
    DvkMeasure.HONOURED: "biểu dương, khen thưởng",
}
_DIMENSION_VI: Final = {
    Dimension.FIELD: "lĩnh vực",
    Dimension.LEVEL: "cấp",
    Dimension.TIER: "mức",
    Dimension.HOLDER_KIND: "chủ thể",
    Dimension.KIND: "loại",
    Dimension.UNIT: "đơn vị",
    Dimension.YEAR: "năm",
    Dimension.AWARD_KIND: "hình thức khen thưởng",
}


def _checked(notes: _Notes, index: int, fact: DvkFact) -> DvkFactCheck:
    return DvkFactCheck(index, fact, *notes.outcome())


def _signed(number: int) -> str:
    return f"{number:+d}"


def _years_text(years: tuple[int, ...]) -> str:
    return ", ".join(str(y) for y in years)


def reconcile_dvk(
    source: DvkTally | DvkRecords,
    published: Iterable[DvkFact],
    *,
    campaign: Campaign | None = None,
) -> DvkReconciliation:
    """Check every fact against a tally; see :func:`danvan_rules.scoring.dvk.reconcile_dvk`."""
    if isinstance(source, DvkRecords):
        if campaign is None:
            found = Collector()
            found.add(
                "reconciling records needs the campaign they belong to (campaign=...)",
                "$.campaign",
                code="dvk.campaign_needed",
                vi="đối chiếu hồ sơ cần biết phong trào của hồ sơ (campaign=...)",
            )
            found.fail(DvkError)
        return _from_records(campaign, source, published)
    if campaign is not None and campaign.code != source.campaign:
        found = Collector()
        found.add(
            f"the tally is of campaign {source.campaign!r}, not {campaign.code!r}",
            "$.campaign",
            code="dvk.other_campaign",
            vi=f"bảng thống kê thuộc phong trào {source.campaign!r}, không phải {campaign.code!r}",
        )
        found.fail(DvkError)
    checks = tuple(_check(source, i, fact) for i, fact in enumerate(published))
    return DvkReconciliation(checks, source.synthetic > 0)


def _from_records(
    campaign: Campaign, records: DvkRecords, published: Iterable[DvkFact]
) -> DvkReconciliation:
    period = campaign_years(campaign)
    tallies: dict[tuple[int, ...], DvkTally] = {}
    checks: list[DvkFactCheck] = []
    for i, fact in enumerate(published):
        years = period if fact.years is None else tuple(sorted(set(fact.years)))
        if not set(years) <= set(period):
            notes = _Notes()
            notes.gap(
                f"the fact covers {_years_text(years)}, outside the campaign's period "
                f"({period[0]}–{period[-1]})",
                f"số liệu thuộc năm {_years_text(years)}, ngoài thời gian của phong trào "
                f"({period[0]}–{period[-1]})",
            )
            checks.append(_checked(notes, i, fact))
            continue
        if years not in tallies:
            tallies[years] = tally(campaign, records, years=years)
        checks.append(_check(tallies[years], i, fact))
    synthetic = any(t.synthetic for t in tallies.values())
    return DvkReconciliation(tuple(checks), synthetic)


def _check(counted: DvkTally, index: int, fact: DvkFact) -> DvkFactCheck:
    notes = _Notes()
    if not isinstance(fact, HonouredCount):
        years = counted.period if fact.years is None else tuple(sorted(set(fact.years)))
        if years != counted.years:
            notes.gap(
                f"the fact covers {_years_text(years)}, the tally {_years_text(counted.years)}",
                f"số liệu thuộc năm {_years_text(years)}, bảng thống kê năm "
                f"{_years_text(counted.years)}",
            )
            return _checked(notes, index, fact)
    breakdown = counted[fact.MEASURE]
    what, what_vi = fact.MEASURE.value, _MEASURE_VI[fact.MEASURE]
    if fact.total is not None and breakdown.total != fact.total:
        diff = _signed(breakdown.total - fact.total)
        notes.differ(
            f"{what}: published {fact.total}, counted {breakdown.total} ({diff})",
            f"{what_vi}: công bố {fact.total}, đếm được {breakdown.total} ({diff})",
        )
    for name, dim in fact.SPLITS.items():
        split = getattr(fact, name)
        if not split:
            continue
        if dim not in breakdown.by:
            notes.gap(
                f"the tally is not broken down by {dim.value}",
                f"bảng thống kê không phân theo {_DIMENSION_VI[dim]}",
            )
            continue
        counts = breakdown.by[dim]
        for key, published in split.items():
            if key not in counts:
                notes.gap(
                    f"{key!r} is not a {dim.value} of campaign {counted.campaign!r}",
                    f"{key!r} không phải là một {_DIMENSION_VI[dim]} của phong trào "
                    f"{counted.campaign!r}",
                )
            elif counts[key] != published:
                diff = _signed(counts[key] - published)
                notes.differ(
                    f"{what} {dim.value} {key}: published {published}, counted {counts[key]} ({diff})",
                    f"{what_vi}, {_DIMENSION_VI[dim]} {key}: công bố {published}, đếm được {counts[key]} ({diff})",
                )
    return _checked(notes, index, fact)
