"""The pure scorer: a rule set and a report in, an explained result out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Final, NamedTuple

import attrs

from danvan_rules._metadata import VERSION
from danvan_rules.errors import Problem, ReportError, index_path
from danvan_rules.model import (
    AdjustmentLine,
    AppliedCondition,
    Audit,
    Band,
    Batch,
    Bonus,
    CapBand,
    ConditionRule,
    CriterionLine,
    Deduction,
    Deferred,
    Evidence,
    ForceBand,
    Gap,
    Headroom,
    Ineligible,
    Provenance,
    RuleSet,
    ScorecardIndex,
    ScoreResult,
    Source,
    Status,
    UnitReport,
)
from danvan_rules.model._canonical import report_digest

from ._check import Checked, check_report
from ._conditions import holds
from ._context import (
    EXACT,
    ROUNDING_MODES,
    STRICT,
    Exact,
    quantum,
    round_exact,
    shown,
    shown_ratio,
)
from ._derive import derive
from ._notices import notices

__all__ = ["iter_scores", "score", "score_many"]

#: A rule set, or a function choosing each report's rule set (``rulesets.for_report``, say).
RuleSetChoice = RuleSet | Callable[[UnitReport], RuleSet]

_ZERO: Final = Decimal(0)
_HUNDRED: Final = Decimal(100)
#: Characters of an unexpected exception's text kept in a ``report.unscorable`` problem.
_SHOWN_ERROR: Final = 200


def score(ruleset: RuleSet, report: UnitReport, *, evidence: Evidence | None = None) -> ScoreResult:
    """Score one report against a rule set.

    Pure: no I/O, no clock, no global state; the same inputs give the same
    result, whatever the caller's decimal context. Totals are exact (weighted
    quotients are fractions, not rounded Decimals) and rounded once, as the
    rule set says.

    >>> from danvan_rules import rulesets, load_report
    >>> result = score(rulesets.get("example/dan-van-2024"), load_report("examples/tot.json"))
    >>> result.total, result.band_code
    (Decimal('82.50'), 'tot')

    With ``evidence`` (the unit's "Dân vận khéo" records and their
    campaigns), the answers the rule set derives from them (its ``derived``
    entries) are taken from the records, and ``result.derived`` says where
    each came from; see ``docs/dan-van-kheo.md``.

    Raises:
        ReportError: every problem of the report (unknown category, missing,
            unknown, out-of-range or off-step scores, missing facts, …), each
            with its path, naming the unit; a derived answer typed by hand
            that the records contradict (``report.derived_mismatch``); or
            ``report.not_a_report`` when ``report`` is not a
            :class:`~danvan_rules.model.UnitReport`.
    """
    if not isinstance(report, UnitReport):
        raise ReportError([_not_a_report(report, "$", "report.not_a_report")])
    with localcontext(STRICT):
        return _score_with(ruleset, report, evidence)


def _score_with(ruleset: RuleSet, report: UnitReport, evidence: Evidence | None) -> ScoreResult:
    if evidence is None or not ruleset.derived:
        return _score(ruleset, report)
    filled, derived = derive(ruleset, report, evidence)
    return attrs.evolve(_score(ruleset, filled), derived=derived)


def score_many(
    ruleset: RuleSet, reports: Iterable[object], *, evidence: Evidence | None = None
) -> Batch:
    """Score every input; exactly one outcome per input, in input order.

    ``evidence`` (the units' "Dân vận khéo" records) is given to each
    :func:`score`: each report takes its own unit's records.

    Each outcome is a :class:`~danvan_rules.model.ScoreResult` or a
    :class:`~danvan_rules.errors.ReportError`; nothing is dropped and one bad
    input never takes down the batch:

    - a report that could not even be read (the :class:`ReportError` entries
      of :func:`~danvan_rules.load_reports`) passes through in its place;
    - an entry that is not a :class:`~danvan_rules.model.UnitReport` becomes a
      ``ReportError`` with code ``batch.not_a_report`` at ``$[i]``;
    - a report the scorer refuses gives its ``ReportError``;
    - any other exception while scoring one report becomes that report's
      ``ReportError`` with code ``report.unscorable``, naming the exception type.

    >>> from danvan_rules import rulesets, load_report
    >>> rs = rulesets.get("example/dan-van-2024")
    >>> batch = score_many(rs, [load_report("examples/xuat-sac.json"), None])
    >>> len(batch), batch.ok, batch.errors[0][1].problems[0].code
    (2, False, 'batch.not_a_report')
    """
    return Batch(tuple(iter_scores(ruleset, reports, evidence=evidence)))


def iter_scores(
    ruleset: RuleSetChoice, reports: Iterable[object], *, evidence: Evidence | None = None
) -> Iterator[ScoreResult | ReportError]:
    """Score the inputs one by one as they come: one outcome per input, in input order.

    The streaming form of :func:`score_many`, with the same outcomes: an input
    of any length (a file read line by line, a generator) is scored with
    memory bounded by one report and one result, and nothing is dropped.
    ``ruleset`` is a rule set, or a function giving each report's rule set
    (say ``lambda r: rulesets.for_report(r, among=found)``); a
    :class:`ReportError` it raises is that report's outcome, any other
    exception a ``report.unscorable`` one.

    >>> from danvan_rules import rulesets, load_report
    >>> rs = rulesets.get("example/dan-van-2024")
    >>> stream = iter_scores(lambda report: rs, iter([load_report("examples/tot.json"), 3]))
    >>> [getattr(o, "band_code", None) or o.problems[0].code for o in stream]
    ['tot', 'batch.not_a_report']

    The decimal context of the caller is left as it is between outcomes.
    """
    for i, report in enumerate(reports):
        with localcontext(STRICT):
            outcome = _outcome(ruleset, report, i, evidence)
        yield outcome


def _outcome(
    ruleset: RuleSetChoice, report: object, index: int, evidence: Evidence | None
) -> ScoreResult | ReportError:
    if isinstance(report, ReportError):
        return report
    if not isinstance(report, UnitReport):
        return ReportError([_not_a_report(report, index_path("$", index), "batch.not_a_report")])
    try:
        chosen = ruleset if isinstance(ruleset, RuleSet) else ruleset(report)
        return _score_with(chosen, report, evidence)
    except ReportError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - one report must not take down the batch
        what = f"{type(exc).__name__}: {exc}"
        if len(what) > _SHOWN_ERROR:
            what = what[:_SHOWN_ERROR] + "…"
        problem = Problem(
            f"the report could not be scored: {what}",
            code="report.unscorable",
            message_vi=f"không chấm được điểm báo cáo: {what}",
        )
        return ReportError([problem], unit_id=report.unit_id)


def _not_a_report(value: object, path: str, code: str) -> Problem:
    kind = type(value).__name__
    return Problem(
        f"expected a UnitReport, not {kind}",
        path,
        code=code,
        message_vi=f"cần một báo cáo (UnitReport), không phải {kind}",
    )


# ---------------------------------------------------------------------- totals


def _awarded(card: ScorecardIndex, leaf_points: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Points per criterion: leaves as given, groups as the capped sum of children."""
    awarded = dict(leaf_points)
    for criterion in reversed(card.ordered):  # children before their parents
        if criterion.measure is None:
            total = sum((awarded[kid] for kid in card.children[criterion.code]), _ZERO)
            awarded[criterion.code] = min(total, criterion.max)
    return awarded


#: ``weight / max`` as an unreduced ``(numerator, denominator)`` pair of ints
_Factor = tuple[int, int]


def _factors(ruleset: RuleSet, category: str, card: ScorecardIndex) -> dict[str, _Factor]:
    """``weight / max`` of each top-level criterion whose weight differs from its max."""
    weights = ruleset.weights(category)
    out = {}
    for root in card.roots:
        weight, top = weights[root], card.by_code[root].max
        if weight != top:
            (a, b), (c, d) = weight.as_integer_ratio(), top.as_integer_ratio()
            out[root] = (a * d, b * c)  # (a/b) / (c/d); max > 0, the linter checks it
    return out


def _weighted(
    card: ScorecardIndex, factors: Mapping[str, _Factor], awarded: Mapping[str, Decimal]
) -> dict[str, Exact]:
    """Top-level points as they count in the total: a Fraction where weight ≠ max."""
    out: dict[str, Exact] = {}
    for root in card.roots:
        factor = factors.get(root)
        out[root] = awarded[root] if factor is None else _times(awarded[root], *factor)
    return out


def _times(value: Decimal, numerator: int, denominator: int) -> Fraction:
    """``value × numerator / denominator``, exactly (one Fraction built)."""
    a, b = value.as_integer_ratio()
    return Fraction(a * numerator, b * denominator)


def _add(left: Exact, right: Exact) -> Exact:
    if isinstance(left, Decimal) and isinstance(right, Decimal):
        return left + right
    return (left if isinstance(left, Fraction) else Fraction(left)) + (
        right if isinstance(right, Fraction) else Fraction(right)
    )


def _sum(values: Iterable[Exact]) -> Exact:
    """The exact sum: Decimals added as Decimals, Fractions over a common denominator."""
    decimals = _ZERO
    fractions: list[Fraction] = []
    for value in values:
        if isinstance(value, Decimal):
            decimals += value
        else:
            fractions.append(value)
    if not fractions:
        return decimals
    numerator, denominator = decimals.as_integer_ratio()
    for value in fractions:  # integer arithmetic, one reduction at the end
        numerator = numerator * value.denominator + value.numerator * denominator
        denominator *= value.denominator
    return Fraction(numerator, denominator)


def _adjust(
    job: _Job, weighted: Mapping[str, Exact], criteria_total: Exact, *, explain: bool = True
) -> tuple[list[AdjustmentLine], Exact]:
    """Adjustments in rule-set order; the total never falls below 0.

    A percent deduction takes its share of a top-level criterion's points as
    they count in the total (weighted), and never more than those points.
    Without ``explain``, only the total is computed (no lines).
    """
    ruleset, report, claims = job.ruleset, job.report, job.checked.bonus_claims
    lines: list[AdjustmentLine] = []
    running = criteria_total
    for adj in ruleset.adjustments:
        note = ""
        points: Exact
        if isinstance(adj, Bonus):
            claimed = claims.get(adj.code, _ZERO)
            raw: Exact = claimed if adj.points is None else claimed * adj.points
            points = min(raw, adj.cap)
            if raw > adj.cap:
                note = f"capped at {adj.cap}"
        else:
            claimed = Decimal(report.facts[adj.fact])
            limit: Exact | None
            if isinstance(adj, Deduction):
                raw = claimed * adj.points
                limit = adj.cap
            else:
                share = claimed * adj.percent / _HUNDRED
                limit = weighted[adj.criterion]
                raw = (
                    share * limit
                    if isinstance(limit, Decimal)
                    else _times(share, limit.numerator, limit.denominator)
                )
            if limit is not None and raw > limit:
                raw, note = limit, f"capped at {shown(limit)}"
            if raw > running:
                raw, note = running, "limited: the total cannot fall below 0"
            points = -raw if raw else _ZERO  # never "-0" nor "0E-58"
        if points:
            running = _add(running, points)
        if not explain:
            continue
        lines.append(
            AdjustmentLine(
                code=adj.code,
                kind=adj.KIND,
                label_vi=adj.label_vi,
                label_en=adj.label_en,
                claimed=claimed,
                points=shown(points),
                reference=adj.reference,
                assumed=adj.provenance is Provenance.ASSUMED,
                note=note,
            )
        )
    return lines, running


def _rounded(ruleset: RuleSet, total: Exact) -> Decimal:
    """The total rounded once, exactly, to the rule set's places and mode."""
    rounding = ruleset.rounding
    if isinstance(total, Fraction):
        return round_exact(total, rounding.places, rounding.mode)
    mode = ROUNDING_MODES[rounding.mode]
    return total.quantize(quantum(rounding.places), rounding=mode, context=EXACT)


def _band_for(ruleset: RuleSet, total: Decimal) -> Band:
    bands = ruleset.bands_ascending
    chosen = bands[0]
    for band in bands:  # a total exactly on a bound lands in the band that starts there
        if total >= band.min:
            chosen = band
    return chosen


# ---------------------------------------------------------------------- scorer


@attrs.frozen
class _Job:
    """What one scoring call works on: the rule set, the report and its checked points."""

    ruleset: RuleSet
    report: UnitReport
    checked: Checked
    #: ``weight / max`` of the top-level criteria whose weight differs from their max
    factors: dict[str, _Factor]

    @property
    def card(self) -> ScorecardIndex:
        return self.checked.card


@attrs.frozen
class _Tally:
    """Points per criterion, weighted top-level points, adjustments and the rounded total."""

    awarded: dict[str, Decimal]
    weighted: dict[str, Exact]
    criteria_total: Exact
    adjustments: list[AdjustmentLine]
    total: Decimal


def _tally(job: _Job, leaf_points: Mapping[str, Decimal], *, explain: bool = True) -> _Tally:
    """The totals of ``leaf_points``; the adjustment lines only with ``explain``."""
    ruleset, card = job.ruleset, job.card
    awarded = _awarded(card, leaf_points)
    weighted = _weighted(card, job.factors, awarded)
    criteria_total = _sum(weighted.values())
    adjustments, raw = _adjust(job, weighted, criteria_total, explain=explain)
    return _Tally(awarded, weighted, criteria_total, adjustments, _rounded(ruleset, raw))


def _score(ruleset: RuleSet, report: UnitReport) -> ScoreResult:
    checked = check_report(ruleset, report)
    job = _Job(ruleset, report, checked, _factors(ruleset, report.category, checked.card))
    final = _tally(job, {**checked.self_points, **checked.appraised_points, **checked.pending_zero})
    if checked.appraised_points or checked.pending:
        # what the self-assessment alone gives: appraiser-only criteria count 0
        own = _tally(job, {**checked.self_points, **checked.appraiser_only_zero}, explain=False)
    else:
        own = final
    by_score = _band_for(ruleset, final.total)
    applied = [
        rule
        for rule in ruleset.conditions
        if holds(rule.when, final.awarded, checked.card, report.facts)
    ]
    status, band = _final_band(ruleset, by_score, applied)
    later = _Explanation(job, final, own.awarded, _Verdict(by_score, band, tuple(applied)))
    return ScoreResult(
        unit_id=report.unit_id,
        unit_name=report.unit_name,
        category=report.category,
        year=report.year,
        province=report.province,
        lines=later,
        criteria_total=shown(final.criteria_total),
        adjustments=tuple(final.adjustments),
        self_total=own.total,
        total=final.total,
        band_by_score=by_score,
        band=band,
        status=status,
        applied_conditions=tuple(_applied(rule) for rule in applied),
        gap=later,
        # with the score: a failure here is the report's error in a batch, not a later surprise
        warnings=notices(ruleset, report, pending=checked.pending),
        audit=later,
    )


class _Explanation(Deferred):
    """What a result explains, computed when first read, in the scorer's own decimal context.

    It keeps only what the lines, the gap and the audit need (few objects a
    result, so that a batch of many results stays cheap to keep).
    """

    __slots__ = (
        "applied",
        "awarded",
        "band",
        "by_score",
        "job",
        "self_awarded",
        "total",
        "weighted",
    )

    def __init__(
        self, job: _Job, final: _Tally, self_awarded: Mapping[str, Decimal], verdict: _Verdict
    ) -> None:
        self.job = job
        self.awarded, self.weighted, self.total = final.awarded, final.weighted, final.total
        self.self_awarded = self_awarded
        self.by_score, self.band, self.applied = verdict

    def lines(self) -> tuple[CriterionLine, ...]:
        with localcontext(STRICT):
            return _lines(self.job, self.awarded, self.weighted, self.self_awarded)

    def gap(self) -> Gap | None:
        with localcontext(STRICT):
            verdict = _Verdict(self.by_score, self.band, self.applied)
            return _gap(self.job, self.total, self.awarded, verdict)

    def audit(self) -> Audit:
        ruleset, report = self.job.ruleset, self.job.report
        return Audit(ruleset.code, ruleset.sha256, VERSION, report_digest(report))


class _Verdict(NamedTuple):
    """The band by score, the final band, and the conditions that held."""

    by_score: Band
    band: Band | None
    applied: tuple[ConditionRule, ...]


def _final_band(
    ruleset: RuleSet, by_score: Band, applied: list[ConditionRule]
) -> tuple[Status, Band | None]:
    if any(isinstance(rule.effect, Ineligible) for rule in applied):
        return Status.INELIGIBLE, None
    rank = ruleset.band_rank(by_score.code)
    forced = [ruleset.band_rank(r.effect.band) for r in applied if isinstance(r.effect, ForceBand)]
    if forced:
        rank = min(forced)
    caps = [ruleset.band_rank(r.effect.band) for r in applied if isinstance(r.effect, CapBand)]
    if caps:
        rank = min(rank, *caps)
    return Status.RATED, ruleset.bands_ascending[rank]


def _applied(rule: ConditionRule) -> AppliedCondition:
    effect = rule.effect
    return AppliedCondition(
        code=rule.code,
        label_vi=rule.label_vi,
        label_en=rule.label_en,
        effect=effect.KIND,
        band=None if isinstance(effect, Ineligible) else effect.band,
        reference=rule.reference,
        assumed=rule.provenance is Provenance.ASSUMED,
    )


def _lines(
    job: _Job,
    awarded: Mapping[str, Decimal],
    weighted: Mapping[str, Exact],
    self_awarded: Mapping[str, Decimal],
) -> tuple[CriterionLine, ...]:
    checked, card = job.checked, job.card
    weights = job.ruleset.weights(job.report.category)
    lines = []
    for criterion in card.ordered:
        code = criterion.code
        if criterion.measure is None:
            source = Source.GROUP
        elif code in checked.pending:
            source = Source.PENDING
        elif code in checked.appraised_points:
            source = Source.APPRAISED
        else:
            source = Source.SELF
        is_root = criterion.parent is None
        lines.append(
            CriterionLine(
                code=code,
                title_vi=criterion.title_vi,
                title_en=criterion.title_en,
                depth=card.depth[code],
                awarded=awarded[code],
                max=criterion.max,
                source=source,
                reference=criterion.reference,
                assumed=criterion.provenance is Provenance.ASSUMED,
                self_points=None if criterion.appraiser_only else self_awarded[code],
                appraised_points=checked.appraised_points.get(code),
                weight=weights[code] if is_root else None,
                weighted=shown(weighted[code]) if is_root else None,
            )
        )
    return tuple(lines)


def _gap(
    job: _Job, total: Decimal, awarded: Mapping[str, Decimal], verdict: _Verdict
) -> Gap | None:
    by_score, band, applied = verdict
    ruleset = job.ruleset
    bands = ruleset.bands_ascending
    if band is None:  # ineligible: the ineligibility blocks, and any veto or cap below
        target = by_score
        rank = ruleset.band_rank(target.code)
        blocking = [
            r.code
            for r in applied
            if isinstance(r.effect, Ineligible) or ruleset.band_rank(r.effect.band) < rank
        ]
    else:
        rank = ruleset.band_rank(band.code)
        if rank + 1 == len(bands):
            return None
        target = bands[rank + 1]
        blocking = [
            r.code
            for r in applied
            if not isinstance(r.effect, Ineligible) and ruleset.band_rank(r.effect.band) <= rank
        ]
    return Gap(
        next_band=target.code,
        next_band_label_vi=target.label_vi,
        points_needed=max(_ZERO, target.min - total),
        headroom=_headroom(job.card, job.factors, awarded),
        blocking=tuple(blocking),
    )


def _headroom(
    card: ScorecardIndex, factors: Mapping[str, _Factor], awarded: Mapping[str, Decimal]
) -> tuple[Headroom, ...]:
    """Leaves by how many points raising them to their max would add to the total.

    Ordered by the points shown (exact, or 12 places for a reweighted
    criterion: values closer than that count as equal), annex order among equals.
    """
    rooms: list[Headroom] = []
    for leaf in card.leaves:
        room = leaf.max - awarded[leaf.code]
        for up in card.ancestors[leaf.code]:  # a capped group passes on only its own room
            room = min(room, card.by_code[up].max - awarded[up])
        root = card.ancestors[leaf.code][-1] if card.ancestors[leaf.code] else leaf.code
        factor = factors.get(root)
        if factor is not None and room > 0:
            numerator, denominator = room.as_integer_ratio()
            room = shown_ratio(numerator * factor[0], denominator * factor[1])
        if room > 0:
            rooms.append(Headroom(leaf.code, leaf.title_vi, room))
    rooms.sort(key=lambda h: -h.available)  # stable: annex order among equals
    return tuple(rooms)
