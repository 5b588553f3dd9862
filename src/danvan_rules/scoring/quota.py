"""The cohort rule: ranks, and the quota on the top band."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from typing import Final

import attrs

from danvan_rules.errors import Collector, Problem, ReportError, field_path, index_path
from danvan_rules.model import (
    CohortNote,
    CohortResult,
    Gap,
    Notice,
    Quota,
    QuotaLimit,
    RuleSet,
    ScoreResult,
    Status,
)

from ._context import EXACT

__all__ = ["apply_quota", "quota_limit"]

_QUOTA_ROUNDING: Final = {"down": ROUND_FLOOR, "half_up": ROUND_HALF_UP, "up": ROUND_CEILING}


def quota_limit(quota: Quota, base_count: int) -> int:
    """How many units may keep the quota band when ``base_count`` units form the base.

    >>> from danvan_rules.model import Provenance
    >>> q = Quota("xuat-sac", "tot", "0.2", "tot", Provenance.SOURCED)
    >>> quota_limit(q, 9), quota_limit(q, 10)
    (1, 2)
    """
    with localcontext(EXACT):
        limit = (quota.share * base_count).to_integral_value(
            rounding=_QUOTA_ROUNDING[quota.rounding]
        )
    return int(limit)


def apply_quota(ruleset: RuleSet, results: Iterable[object]) -> CohortResult:
    """Rank a cohort per category and apply the rule set's quota, if it has one.

    Ranks are by total, highest first, per category; tied totals share a rank
    (1, 2, 2, 4); ineligible units are not ranked. The quota's base is counted
    on the bands *before* the quota. Units over the limit — lowest totals first —
    move to the quota's ``demote_to`` band and say so in a warning; every
    result comes back, in input order.

    ``results`` may be a :class:`~danvan_rules.model.Batch` from
    :func:`~danvan_rules.score_many`, but only one in which every report
    scored: a unit that did not score would change every rank and the quota's
    base, so a cohort holding one is refused, loudly, naming each such entry
    (pass ``batch.results`` to rank only the units that scored).

    >>> from danvan_rules import rulesets, load_report, score_many
    >>> rs = rulesets.get("example/dan-van-2024")
    >>> batch = score_many(rs, [load_report("examples/tot.json"), None])
    >>> apply_quota(rs, batch)
    Traceback (most recent call last):
      ...
    danvan_rules.errors.ReportError: 1 problem in report:
      entry 1 did not score (batch.not_a_report: expected a UnitReport, not NoneType): a cohort is ranked only when every unit scored @ $[1]
    >>> [r.cohort.rank for r in apply_quota(rs, batch.results).results]
    [1]

    Raises:
        ReportError: every bad entry at once, at ``$[i]``: an entry that did
            not score (``cohort.not_scored``), one that is not a
            :class:`~danvan_rules.model.ScoreResult` (``cohort.not_a_result``),
            a result scored with another rule set (``cohort.other_ruleset``),
            or a unit that appears twice in one category
            (``cohort.duplicate_unit``).
    """
    checked = _check_cohort(ruleset, tuple(results))
    out = list(checked)
    limits = []
    for category in dict.fromkeys(r.category for r in checked):
        members = [i for i, r in enumerate(checked) if r.category == category]
        ranks = _ranks([checked[i] for i in members])
        demoted: set[int] = set()
        if ruleset.quota is not None:
            limit_row, demoted = _demote(ruleset, ruleset.quota, category, checked, members)
            limits.append(limit_row)
        for position, i in enumerate(members):
            out[i] = _with_note(ruleset, checked[i], ranks[position], len(members), i in demoted)
    return CohortResult(ruleset.code, tuple(out), tuple(limits))


def _check_cohort(ruleset: RuleSet, entries: tuple[object, ...]) -> tuple[ScoreResult, ...]:
    found = Collector()
    seen: set[tuple[str, str]] = set()
    results: list[ScoreResult] = []
    for i, entry in enumerate(entries):
        path = index_path("$", i)
        if not isinstance(entry, ScoreResult):
            found.append(_not_a_result(entry, i, path))
            continue
        results.append(entry)
        audit = entry.audit
        if audit.ruleset_code != ruleset.code or audit.ruleset_sha256 != ruleset.sha256:
            theirs = f"{audit.ruleset_code} ({audit.ruleset_sha256[:12]})"
            ours = f"{ruleset.code} ({ruleset.sha256[:12]})"
            found.add(
                f"result of unit {entry.unit_id!r} was scored with rule set {theirs}, not {ours}",
                field_path(path, "audit"),
                code="cohort.other_ruleset",
                vi=f"kết quả của đơn vị {entry.unit_id!r} được chấm theo bộ quy tắc {theirs}, "
                f"không phải {ours}",
            )
        key = (entry.category, entry.unit_id)
        if key in seen:
            found.add(
                f"unit {entry.unit_id!r} appears twice in {entry.category!r}",
                path,
                code="cohort.duplicate_unit",
                vi=f"đơn vị {entry.unit_id!r} xuất hiện hai lần trong khối {entry.category!r}",
            )
        seen.add(key)
    found.raise_if_any(ReportError)
    return tuple(results)


def _not_a_result(entry: object, index: int, path: str) -> Problem:
    if isinstance(entry, ReportError):
        first = entry.problems[0]
        return Problem(
            f"entry {index} did not score ({first.code}: {first.message}): "
            "a cohort is ranked only when every unit scored",
            path,
            code="cohort.not_scored",
            message_vi=f"mục {index} không chấm được điểm ({first.code}: {first.text('vi')}): "
            "chỉ xếp hạng khi mọi đơn vị đều đã được chấm điểm",
        )
    kind = type(entry).__name__
    return Problem(
        f"expected a ScoreResult, not {kind}",
        path,
        code="cohort.not_a_result",
        message_vi=f"cần một kết quả chấm điểm (ScoreResult), không phải {kind}",
    )


def _ranks(members: list[ScoreResult]) -> list[int | None]:
    totals = sorted((r.total for r in members if r.status is Status.RATED), reverse=True)
    first: dict[Decimal, int] = {}
    for position, total in enumerate(totals, start=1):
        first.setdefault(total, position)
    return [first[r.total] if r.status is Status.RATED else None for r in members]


def _demote(
    ruleset: RuleSet,
    quota: Quota,
    category: str,
    results: tuple[ScoreResult, ...],
    members: list[int],
) -> tuple[QuotaLimit, set[int]]:
    base_rank = ruleset.band_rank(quota.base_band)

    def in_base(result: ScoreResult) -> bool:
        if result.band is None:
            return False
        rank = ruleset.band_rank(result.band.code)
        return rank == base_rank or (quota.base == "band_and_above" and rank > base_rank)

    base_count = sum(in_base(results[i]) for i in members)
    limit = quota_limit(quota, base_count)
    holders = sorted(
        (i for i in members if results[i].band_code == quota.band),
        key=lambda i: results[i].total,
        reverse=True,
    )
    kept = holders[:limit]
    if len(holders) > limit and quota.ties == "keep" and limit:
        cut = results[holders[limit - 1]].total
        kept = [i for i in holders if results[i].total >= cut]
    elif len(holders) > limit and quota.ties == "demote" and limit:
        first_out = results[holders[limit]].total
        kept = [i for i in kept if results[i].total > first_out]
    demoted = set(holders) - set(kept)
    return QuotaLimit(category, base_count, limit, len(kept), len(demoted)), demoted


def _with_note(
    ruleset: RuleSet, result: ScoreResult, rank: int | None, size: int, demoted: bool
) -> ScoreResult:
    note = CohortNote(
        rank=rank, cohort_size=size, band_before_quota=result.band_code, demoted=demoted
    )
    if not demoted:
        return attrs.evolve(result, cohort=note)
    assert ruleset.quota is not None  # noqa: S101 - only quotas demote
    target = ruleset.band(ruleset.quota.demote_to)
    warning = Notice(
        "quota-demoted",
        f"demoted from {result.band_code} to {target.code} by the quota",
        f"bị hạ từ {result.band_code} xuống {target.code} do giới hạn tỷ lệ",
    )
    gap = Gap(
        next_band=ruleset.quota.band,
        next_band_label_vi=ruleset.band(ruleset.quota.band).label_vi,
        points_needed=Decimal(0),
        headroom=result.gap.headroom if result.gap is not None else (),
        blocking=("quota",),
    )
    return attrs.evolve(
        result, band=target, cohort=note, gap=gap, warnings=(*result.warnings, warning)
    )
