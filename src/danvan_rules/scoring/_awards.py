"""Awards: tallied per stream, kind and recipient, and checked against the round's bands."""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

from danvan_rules.model.rounds import (
    Award,
    AwardCheck,
    AwardKind,
    AwardStream,
    AwardTally,
    Collective,
    Eligibility,
    RoundResult,
)

__all__ = ["check_awards", "tally_awards"]


def tally_awards(awards: Iterable[Award]) -> AwardTally:
    """Awards counted per stream, kind and recipient type ("collective" / "individual").

    >>> from danvan_rules.model.rounds import Citation, Collective, Individual
    >>> src = Citation("Báo Đồng Tháp")
    >>> awards = [Award(AwardKind.BANG_KHEN, AwardStream.DAN_VAN_CHINH_QUYEN, "Chủ tịch UBND tỉnh",
    ...                 Individual("Nguyễn Văn A"), src, synthetic=True)] * 15
    >>> tally = tally_awards(awards)
    >>> tally.count(kind=AwardKind.BANG_KHEN, recipient="individual"), tally.synthetic
    (15, 15)
    """
    counts: dict[tuple[AwardStream, AwardKind, str], int] = {}
    synthetic = 0
    for award in awards:
        key = (award.stream, award.kind, award.recipient.KIND)
        counts[key] = counts.get(key, 0) + 1
        synthetic += award.synthetic
    return AwardTally(MappingProxyType(counts), synthetic)


def check_awards(result: RoundResult) -> tuple[AwardCheck, ...]:
    """Each dân vận chính quyền award to a registry unit, checked against the unit's band.

    Whether a band makes a unit eligible for proposal is the rule set's
    choice (``award_proposal`` on its bands); no source found states it, so
    a check that rests on an assumed choice says ``assumed``. Awards of the
    other streams, to individuals, or to bodies outside the registry are not
    checked (they are left out, and :func:`tally_awards` still counts them).

    >>> import datetime as dt
    >>> from danvan_rules.model import Band, Provenance
    >>> from danvan_rules.model.rounds import Citation
    >>> from danvan_rules import rulesets
    >>> from danvan_rules.testing import report_at
    >>> from danvan_rules.model.rounds import FixedRuleSets, Registry, Round, Unit
    >>> from danvan_rules.scoring.rounds import score_round
    >>> import attrs
    >>> rs = rulesets.get("example/dan-van-2024")
    >>> rs = attrs.evolve(rs, bands=[attrs.evolve(b, award_proposal=b.code == "xuat-sac",
    ...     assumed=("award_proposal",) if b.provenance is Provenance.SOURCED else ())
    ...     for b in rs.bands])
    >>> award = Award(AwardKind.BANG_KHEN, AwardStream.DAN_VAN_CHINH_QUYEN, "Chủ tịch UBND tỉnh",
    ...               Collective("so-a"), Citation("QĐ khen thưởng (ví dụ)"))
    >>> r = Round("example", 2024, Registry([Unit("so-a", "Sở A", "so-nganh", "example")]),
    ...           FixedRuleSets({"so-nganh": rs.code}), awards=[award])
    >>> report = attrs.evolve(report_at(rs, "so-nganh", 80), unit_id="so-a")
    >>> (check,) = check_awards(score_round(r, [report], {"so-nganh": rs}))
    >>> check.eligibility.value, check.assumed, check.note
    ('not_eligible', True, "so-a is in band 'tot', which is not eligible for proposal (xuat-sac)")
    """
    checks = []
    for index, award in enumerate(result.round.awards):
        recipient = award.recipient
        if award.stream is not AwardStream.DAN_VAN_CHINH_QUYEN:
            continue
        if not isinstance(recipient, Collective) or recipient.unit is None:
            continue
        checks.append(_check(result, index, award, recipient.unit))
    return tuple(checks)


def _check(result: RoundResult, index: int, award: Award, unit_id: str) -> AwardCheck:
    outcome = result.outcome(unit_id)
    if outcome.proposable is None:
        return AwardCheck(
            index,
            award,
            Eligibility.UNKNOWN,
            f"{unit_id}: the rule set does not say which bands may be proposed, "
            f"or the unit has no result ({outcome.status.value})",
            f"{unit_id}: bộ quy tắc không nêu mức nào được đề nghị khen thưởng, hoặc đơn vị "
            f"chưa có kết quả ({outcome.status.value})",
        )
    use = result.ruleset_for(outcome.unit.khoi)
    listed = ", ".join(use.proposal_bands or ()) or "-"
    band = outcome.band_code or outcome.status.value
    if outcome.proposable:
        return AwardCheck(
            index,
            award,
            Eligibility.ELIGIBLE,
            f"{unit_id} is in band {band!r}, eligible for proposal ({listed})",
            f"{unit_id} đạt mức {band!r}, đủ điều kiện đề nghị khen thưởng ({listed})",
            use.proposal_assumed,
        )
    if outcome.band_code is None:
        why_en, why_vi = f"is not rated ({band})", f"không được xếp loại ({band})"
    else:
        why_en, why_vi = f"is in band {band!r}", f"đạt mức {band!r}"
    return AwardCheck(
        index,
        award,
        Eligibility.NOT_ELIGIBLE,
        f"{unit_id} {why_en}, which is not eligible for proposal ({listed})",
        f"{unit_id} {why_vi}, không thuộc các mức được đề nghị khen thưởng ({listed})",
        use.proposal_assumed,
    )
