"""The pure scorer: a rule set and a report in, an explained result out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, localcontext
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
    STRICT,
    Exact,
    shown,
    shown_ratio,
)
from ._derive import derive
from ._notices import notices
from ._scalar import (
    Factor,
    ScalarPlan,
    accept,
    add,
    awarded_points,
    maybe_plan_for,
    plan_for,
    times,
    totals,
)

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


def _adjust(
    job: _Job, weighted: Mapping[str, Exact], criteria_total: Exact
) -> tuple[list[AdjustmentLine], Exact]:
    """Adjustments in rule-set order; the total never falls below 0.

    A percent deduction takes its share of a top-level criterion's points as
    they count in the total (weighted), and never more than those points.
    The explanation of :func:`~danvan_rules.scoring._scalar.totals`, which
    computes the same total without the lines (a property holds them equal).
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
                    else times(share, limit.numerator, limit.denominator)
                )
            if limit is not None and raw > limit:
                raw, note = limit, f"capped at {shown(limit)}"
            if raw > running:
                raw, note = running, "limited: the total cannot fall below 0"
            points = -raw if raw else _ZERO  # never "-0" nor "0E-58"
        if points:
            running = add(running, points)
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


def _band_for(ruleset: RuleSet, total: Decimal) -> Band:
    bands = ruleset.bands_ascending
    chosen = bands[0]
    for band in bands:  # a total exactly on a bound lands in the band that starts there
        if total >= band.min:
            chosen = band
    return chosen


# ---------------------------------------------------------------------- scorer


class _Job(NamedTuple):
    """What one scoring call works on: the rule set, the report, its plan and checked points."""

    ruleset: RuleSet
    report: UnitReport
    checked: Checked
    plan: ScalarPlan

    @property
    def card(self) -> ScorecardIndex:
        return self.checked.card

    @property
    def factors(self) -> Mapping[str, Factor]:
        """``weight / max`` of the top-level criteria whose weight differs from their max."""
        return self.plan.factors


class _Tally(NamedTuple):
    """Points per criterion, weighted top-level points, and the exact and rounded totals."""

    awarded: Mapping[str, Decimal]
    weighted: Mapping[str, Exact]
    criteria_total: Exact
    total: Decimal


def _tally(job: _Job, leaf_points: Mapping[str, Decimal]) -> _Tally:
    """The totals of ``leaf_points`` (the adjustment lines are made when read)."""
    checked = job.checked
    return _Tally(*totals(job.plan, leaf_points, checked.bonus_claims, job.report.facts))


def _worked(ruleset: RuleSet, report: UnitReport) -> tuple[_Job, _Tally, Mapping[str, Decimal]]:
    """The report checked and totalled: its job, its final tally and the self-assessment's points.

    Raises:
        ReportError: every problem of an invalid report (the full checker's).
    """
    plan = maybe_plan_for(ruleset, report.category)
    checked = None if plan is None else accept(plan, report)
    if plan is None or checked is None:  # not certainly valid: the full checker decides
        checked = check_report(ruleset, report)  # raises every problem of an invalid report
        plan = plan_for(ruleset, report.category)
    job = _Job(ruleset, report, checked, plan)
    appraised, pending = checked.appraised_points, checked.pending
    if appraised or pending:
        final = _tally(job, {**checked.self_points, **appraised, **checked.pending_zero})
        # what the self-assessment alone gives: appraiser-only criteria count 0
        return job, final, {**checked.self_points, **checked.appraiser_only_zero}
    return job, _tally(job, checked.self_points), checked.self_points


def _score(ruleset: RuleSet, report: UnitReport) -> ScoreResult:
    job, final, own_points = _worked(ruleset, report)
    plan, pending = job.plan, job.checked.pending
    own = final.total if own_points is job.checked.self_points else _tally(job, own_points).total
    by_score = _band_for(ruleset, final.total)
    awarded, facts = final.awarded, report.facts
    applied = [rule for rule in ruleset.conditions if holds(rule.when, awarded, plan.card, facts)]
    status, band = _final_band(ruleset, by_score, applied) if applied else (Status.RATED, by_score)
    later = _Explanation(ruleset, report, _Verdict(by_score, band, tuple(applied)))
    return ScoreResult(
        unit_id=report.unit_id,
        unit_name=report.unit_name,
        category=report.category,
        year=report.year,
        province=report.province,
        lines=later,
        criteria_total=shown(final.criteria_total),
        adjustments=later,
        self_total=own,
        total=final.total,
        band_by_score=by_score,
        band=band,
        status=status,
        applied_conditions=tuple(_applied(rule) for rule in applied),
        gap=later,
        # with the score: a failure here is the report's error in a batch, not a later surprise
        warnings=notices(ruleset, report, pending=pending),
        audit=later,
    )


class _Explanation(Deferred):
    """What a result explains, computed when first read, in the scorer's own decimal context.

    It keeps the rule set, the report and the verdict, no more: a batch of many
    results stays cheap to keep. The first part read checks and totals the
    report again (the same exact arithmetic, so the same values) and keeps
    that work for the other parts.
    """

    __slots__ = ("applied", "band", "by_score", "report", "ruleset", "work")

    def __init__(self, ruleset: RuleSet, report: UnitReport, verdict: _Verdict) -> None:
        self.ruleset, self.report = ruleset, report
        self.by_score, self.band, self.applied = verdict
        self.work: tuple[_Job, _Tally, Mapping[str, Decimal]] | None = None

    def _work(self) -> tuple[_Job, _Tally, Mapping[str, Decimal]]:
        if self.work is None:
            self.work = _worked(self.ruleset, self.report)
        return self.work

    def lines(self) -> tuple[CriterionLine, ...]:
        with localcontext(STRICT):
            job, final, own_points = self._work()
            own = awarded_points(job.plan, own_points)
            return _lines(job, final.awarded, final.weighted, own)

    def adjustments(self) -> tuple[AdjustmentLine, ...]:
        with localcontext(STRICT):
            job, final, _ = self._work()
            return tuple(_adjust(job, final.weighted, final.criteria_total)[0])

    def gap(self) -> Gap | None:
        with localcontext(STRICT):
            job, final, _ = self._work()
            verdict = _Verdict(self.by_score, self.band, self.applied)
            return _gap(job, final.total, final.awarded, verdict)

    def audit(self) -> Audit:
        ruleset = self.ruleset
        return Audit(ruleset.code, ruleset.sha256, VERSION, report_digest(self.report))


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
    card: ScorecardIndex, factors: Mapping[str, Factor], awarded: Mapping[str, Decimal]
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
