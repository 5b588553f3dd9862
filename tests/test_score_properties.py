"""Properties of the scorer over random valid rule sets and reports (DESIGN.md §3)."""

from __future__ import annotations

import decimal
import hashlib
import json
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules.model import Bonus, Source, Status, UnitReport
from danvan_rules.scoring._context import EXACT
from danvan_rules.scoring._measures import leaf_points
from danvan_rules.testing import answers_for, bound_targets, report_at, reports_for

from .conftest import EXAMPLES
from .strategies import rulesets

cases = rulesets().flatmap(lambda rs: st.tuples(st.just(rs), reports_for(rs)))


class TestExactAndBounded:
    """Decimal end to end; totals within 0 and the scale plus bonus caps; band matches total."""

    @given(cases)
    def test_total_bounds_and_band(self, case: tuple[dr.RuleSet, UnitReport]) -> None:
        rs, report = case
        result = dr.score(rs, report)
        bonus_caps = sum((a.cap for a in rs.adjustments if isinstance(a, Bonus)), Decimal(0))
        assert Decimal(0) <= result.total <= rs.scale + bonus_caps
        assert result.criteria_total <= rs.scale
        assert isinstance(result.total, Decimal)
        assert result.total == result.total.quantize(Decimal("0.01"))
        band = result.band_by_score
        assert band.min <= result.total
        assert band.below is None or result.total < band.below

    @given(cases)
    def test_total_is_criteria_plus_adjustments_rounded_once(
        self, case: tuple[dr.RuleSet, UnitReport]
    ) -> None:
        rs, report = case
        result = dr.score(rs, report)
        raw = result.criteria_total + sum((a.points for a in result.adjustments), Decimal(0))
        assert result.total == raw.quantize(Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)
        roots = [line for line in result.lines if line.depth == 0]
        with decimal.localcontext(EXACT):  # the scorer's precision, for reweighted quotients
            weighted = sum((line.weighted or Decimal(0) for line in roots), Decimal(0))
        assert result.criteria_total == weighted

    @given(cases)
    def test_groups_are_capped_sums(self, case: tuple[dr.RuleSet, UnitReport]) -> None:
        rs, report = case
        result = dr.score(rs, report)
        card = rs.scorecard_for(report.category)
        for line in result.lines:
            kids = card.children[line.code]
            if kids:
                total = sum((result.line(kid).awarded for kid in kids), Decimal(0))
                assert line.awarded == min(total, line.max)
                assert line.source is Source.GROUP

    @given(cases)
    def test_independent_of_the_callers_decimal_context(
        self, case: tuple[dr.RuleSet, UnitReport]
    ) -> None:
        rs, report = case
        expected = dr.result_to_data(dr.score(rs, report))
        with decimal.localcontext() as ctx:
            ctx.prec = 3
            ctx.rounding = decimal.ROUND_FLOOR
            assert dr.result_to_data(dr.score(rs, report)) == expected


class TestMonotoneAndOrderFree:
    """Raising a leaf never lowers total or band by score; key order never matters."""

    @given(cases, st.data())
    def test_raising_a_leaf(self, case: tuple[dr.RuleSet, UnitReport], data: st.DataObject) -> None:
        rs, report = case
        card = rs.scorecard_for(report.category)
        scored = [c for c in card.leaves if c.code in report.self_scores]
        if not scored:  # every leaf is appraiser-only and not yet appraised
            return
        leaf = data.draw(st.sampled_from(scored))
        better = data.draw(answers_for(leaf))
        if report.appraised_scores and leaf.code in report.appraised_scores:
            raised = attrs.evolve(
                report, appraised_scores={**report.appraised_scores, leaf.code: better}
            )
            old = report.appraised_scores[leaf.code]
        else:
            raised = attrs.evolve(report, self_scores={**report.self_scores, leaf.code: better})
            old = report.self_scores[leaf.code]
        before, after = dr.score(rs, report), dr.score(rs, raised)
        if leaf_points(leaf, better) >= leaf_points(leaf, old):
            assert after.total >= before.total
            assert rs.band_rank(after.band_by_score.code) >= rs.band_rank(before.band_by_score.code)
        else:
            assert after.total <= before.total

    @given(cases)
    def test_order_of_keys(self, case: tuple[dr.RuleSet, UnitReport]) -> None:
        rs, report = case

        def flipped(m: dict[str, object] | None) -> dict[str, object] | None:
            return None if m is None else dict(reversed(list(m.items())))

        other = UnitReport(
            report.unit_id,
            report.unit_name,
            report.category,
            report.year,
            report.province,
            flipped(dict(report.self_scores)),  # type: ignore[arg-type]
            flipped(None if report.appraised_scores is None else dict(report.appraised_scores)),
            flipped(dict(report.facts)),  # type: ignore[arg-type]
            flipped(dict(report.bonuses)),  # type: ignore[arg-type]
        )
        first, second = dr.score(rs, report), dr.score(rs, other)
        dump = json.dumps(dr.result_to_data(first), sort_keys=True)
        assert dump == json.dumps(dr.result_to_data(second), sort_keys=True)
        assert first == second


class TestBoundaries:
    """A total exactly on a bound lands in the band that starts there."""

    @given(rulesets(), st.data())
    def test_on_and_below_every_bound(self, rs: dr.RuleSet, data: st.DataObject) -> None:
        targets = bound_targets(rs)
        if not targets:
            return
        target = data.draw(st.sampled_from(targets))
        result = dr.score(rs, report_at(rs, "a", target))
        floor = dr.score(rs, report_at(rs, "a", Decimal(0))).total  # some levels start above 0
        assert result.total <= max(target, floor)  # filled from below
        for band in rs.bands_ascending:
            if result.total == band.min:
                assert result.band_by_score == band

    @pytest.mark.parametrize("bound", [Decimal(50), Decimal(70), Decimal(90)])
    def test_example_bounds_exact(self, example: dr.RuleSet, bound: Decimal) -> None:
        on = dr.score(example, report_at(example, "so-nganh", bound))
        below = dr.score(example, report_at(example, "so-nganh", bound - Decimal("0.01")))
        assert on.total == bound
        assert on.band_by_score.min == bound
        assert below.total < bound
        assert below.band_by_score.below == bound


class TestAppraisal:
    """Appraised points replace self points per criterion; both totals are shown."""

    @given(cases)
    def test_sources_and_totals(self, case: tuple[dr.RuleSet, UnitReport]) -> None:
        rs, report = case
        result = dr.score(rs, report)
        card = rs.scorecard_for(report.category)
        appraised = report.appraised_scores or {}
        for leaf in card.leaves:
            line = result.line(leaf.code)
            if leaf.code in appraised:
                assert line.source is Source.APPRAISED
                assert line.awarded == leaf_points(leaf, appraised[leaf.code])
            elif leaf.appraiser_only:
                assert line.source is Source.PENDING
                assert line.awarded == 0
            else:
                assert line.source is Source.SELF
                assert line.awarded == leaf_points(leaf, report.self_scores[leaf.code])
        only_self = not appraised and not any(c.appraiser_only for c in card.leaves)
        if only_self:
            assert result.self_total == result.total
        pending = [w for w in result.warnings if w.code == "pending-appraisal"]
        assert bool(pending) == (
            report.appraised_scores is None and any(c.appraiser_only for c in card.leaves)
        )


class TestConditionsAndAudit:
    """Conditions move bands as declared; every result carries its audit stamp."""

    @given(cases)
    def test_effects(self, case: tuple[dr.RuleSet, UnitReport]) -> None:
        rs, report = case
        result = dr.score(rs, report)
        effects = {c.effect for c in result.applied_conditions}
        if "ineligible" in effects:
            assert result.status is Status.INELIGIBLE
            assert result.band is None
            assert result.gap is not None
        else:
            assert result.status is Status.RATED
            assert result.band is not None
            if not effects:
                assert result.band == result.band_by_score
            if "force" in effects or "cap" in effects:
                assert result.band is not None

    @given(cases)
    def test_audit_hashes_the_canonical_report(self, case: tuple[dr.RuleSet, UnitReport]) -> None:
        rs, report = case
        result = dr.score(rs, report)
        canonical = json.dumps(
            dr.report_to_data(report), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        assert result.audit.report_sha256 == hashlib.sha256(canonical.encode()).hexdigest()
        assert result.audit.ruleset_sha256 == rs.sha256
        assert result.audit.library_version == dr.__version__
        assert any(w.code == "assumed-values" for w in result.warnings)


class TestExplanation:
    """The text explanation renders every result, in both languages."""

    @given(cases, st.sampled_from(["vi", "en"]))
    def test_every_result_renders(self, case: tuple[dr.RuleSet, UnitReport], lang: str) -> None:
        rs, report = case
        result = dr.score(rs, report)
        text = dr.explain(result, lang=lang)  # type: ignore[arg-type]
        assert f"{result.total}" in text
        assert result.unit_id in text
        for line in result.lines:
            assert f"{line.code} " in text
        if result.gap is not None and result.gap.blocking:
            assert ", ".join(result.gap.blocking) in text

    def test_lines_without_references_or_warnings(self, example: dr.RuleSet) -> None:
        result = dr.score(example, dr.load_report(EXAMPLES / "hoan-thanh.json"))
        bare = attrs.evolve(
            result,
            lines=tuple(attrs.evolve(line, reference=None, assumed=False) for line in result.lines),
            adjustments=tuple(attrs.evolve(a, reference=None) for a in result.adjustments),
            applied_conditions=(),
            warnings=(),
            gap=attrs.evolve(result.gap, headroom=(), blocking=()) if result.gap else None,
        )
        text = dr.explain(bare, lang="en")
        assert "[" not in text.split("Criteria:")[1].split("Total:")[0]
        assert "Warnings" not in text
        assert "Headroom" not in text
        assert "assumed" not in text.split("Criteria:")[1].split("Total:")[0]
