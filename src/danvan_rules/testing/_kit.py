"""The Hypothesis half of the kit: strategies and the contract (needs the ``testing`` extra).

:mod:`danvan_rules.testing` loads this module on first use of one of its
names, so that the golden-case runner and the pytest plug-in work without
Hypothesis installed.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, localcontext
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan_rules.codec import (
    report_from_json,
    report_to_json,
    result_to_data,
    ruleset_from_data,
    ruleset_from_toml,
    ruleset_to_data,
    ruleset_to_toml,
)
from danvan_rules.errors import MissingExtraError
from danvan_rules.model import (
    Answer,
    Bonus,
    Checklist,
    Criterion,
    Deductions,
    Levels,
    Points,
    RateTable,
    RuleSet,
    UnitReport,
)
from danvan_rules.model._lint import lint
from danvan_rules.scoring import score
from danvan_rules.scoring._context import EXACT
from danvan_rules.scoring._measures import leaf_points

__all__ = [
    "answers_for",
    "bound_targets",
    "check_ruleset",
    "contract_failures",
    "report_at",
    "reports_for",
]

_CENT = Decimal("0.01")


# ---------------------------------------------------------------------- answers


def _options(criterion: Criterion) -> list[Answer] | None:
    """Every answer of a discrete measure, or None for a continuous one."""
    measure = criterion.measure
    if isinstance(measure, Checklist):
        return [False, True]
    if isinstance(measure, Levels):
        return [level.name for level in measure.levels]
    if isinstance(measure, RateTable):
        values = [rate.at_least for rate in measure.rates]
        return [*values, *(v + 1 for v in values if measure.unit == "count" or v + 1 <= 100)]
    if isinstance(measure, Deductions):
        most = int(criterion.max / measure.per_occurrence) + 2
        return [Decimal(n) for n in range(most + 1)]
    return None


def _lowest(criterion: Criterion) -> Answer:
    """The answer worth the fewest points (0 for every valid measure)."""
    options = _options(criterion)
    if options is None:
        return Decimal(0)
    return min(options, key=lambda answer: leaf_points(criterion, answer))


def _grain(criterion: Criterion) -> Decimal:
    measure = criterion.measure
    return measure.step if isinstance(measure, Points) and measure.step else _CENT


def answers_for(criterion: Criterion) -> st.SearchStrategy[Answer]:
    """Valid answers for one leaf criterion, as a report would give them.

    >>> from danvan_rules import rulesets
    >>> leaf = rulesets.get("example/dan-van-2024").scorecard_for("so-nganh").by_code["I.3"]
    >>> answers_for(leaf)
    sampled_from(['Tốt', 'Khá', 'Trung bình', 'Chưa đạt'])

    Raises:
        ValueError: ``criterion`` is a group (it has no measure).
    """
    measure = criterion.measure
    if measure is None:
        raise ValueError(f"criterion {criterion.code} is a group: only leaves take answers")
    if isinstance(measure, RateTable):
        if measure.unit == "count":
            top = int(measure.rates[-1].at_least) + 3
            return st.integers(0, top).map(Decimal)
        return st.one_of(
            st.sampled_from(_options(criterion) or [Decimal(0)]),
            st.decimals(0, 100, places=2, allow_nan=False, allow_infinity=False),
        )
    options = _options(criterion)
    if options is not None:
        return st.sampled_from(options)
    grain = _grain(criterion)
    steps = int(criterion.max / grain)
    return st.integers(0, steps).map(lambda n: n * grain)


# ---------------------------------------------------------------------- reports


def bound_targets(ruleset: RuleSet) -> list[Decimal]:
    """Criteria totals on both sides of every band bound: ``bound - 0.01``, ``bound``, ``+ 0.01``."""
    targets = []
    for band in ruleset.bands_ascending[1:]:
        targets.extend([band.min - _CENT, band.min, band.min + _CENT])
    return [t for t in targets if 0 <= t <= ruleset.scale]


def _candidates(leaf: Criterion) -> list[tuple[Decimal, Answer]]:
    """``(points, answer)`` for every answer of a leaf, most points first."""
    options = _options(leaf)
    if options is None:
        grain = _grain(leaf)
        return [(n * grain, n * grain) for n in range(int(leaf.max / grain), -1, -1)]
    scored = [(leaf_points(leaf, answer), answer) for answer in options]
    return sorted(scored, key=lambda pair: pair[0], reverse=True)


def _fill(ruleset: RuleSet, category: str, target: Decimal) -> dict[str, Answer]:
    """Answers whose criteria total comes as close to ``target`` from below as the steps allow.

    Every leaf starts at its lowest answer (some levels start above 0); then
    coarse leaves are raised first and fine ones last, respecting group caps,
    so totals on a bound are hit exactly whenever the steps make it possible.
    """
    card = ruleset.scorecard_for(category)
    weights = ruleset.weights(category)
    room = {code: c.max for code, c in card.by_code.items()}
    remaining = target
    answers: dict[str, Answer] = {}

    def factor(leaf: Criterion) -> Decimal:
        ups = card.ancestors[leaf.code]
        root = card.by_code[ups[-1] if ups else leaf.code]
        return weights[root.code] / root.max

    leaves = sorted(
        card.leaves, key=lambda leaf: -_grain(leaf) if _options(leaf) is None else -leaf.max
    )
    with localcontext(EXACT):
        floor: dict[str, Decimal] = {}
        for leaf in leaves:  # appraiser-only leaves too: report_at appraises them lowest
            floor[leaf.code], lowest = _candidates(leaf)[-1]
            if not leaf.appraiser_only:
                answers[leaf.code] = lowest
            remaining -= floor[leaf.code] * factor(leaf)
            for code in (leaf.code, *card.ancestors[leaf.code]):
                room[code] -= floor[leaf.code]
        for leaf in (leaf for leaf in leaves if not leaf.appraiser_only):
            cap = min(room[code] for code in (leaf.code, *card.ancestors[leaf.code]))
            ratio = factor(leaf)
            for points, answer in _candidates(leaf):
                extra = points - floor[leaf.code]
                if extra <= cap and extra * ratio <= remaining:
                    answers[leaf.code] = answer
                    remaining -= extra * ratio
                    for code in (leaf.code, *card.ancestors[leaf.code]):
                        room[code] -= extra
                    break
    return answers


def _quiet_facts(ruleset: RuleSet) -> dict[str, bool | int]:
    return {fact.name: (False if fact.kind == "flag" else 0) for fact in ruleset.facts}


@st.composite
def _random_report(draw: st.DrawFn, ruleset: RuleSet, category: str) -> UnitReport:
    card = ruleset.scorecard_for(category)
    self_scores: dict[str, Answer] = {}
    appraised: dict[str, Answer] = {}
    appraise = draw(st.booleans())
    for leaf in card.leaves:
        if leaf.appraiser_only:
            if appraise:
                appraised[leaf.code] = draw(answers_for(leaf))
            continue
        self_scores[leaf.code] = draw(answers_for(leaf))
        if appraise and draw(st.booleans()):
            appraised[leaf.code] = draw(answers_for(leaf))
    facts: dict[str, bool | int] = {
        fact.name: draw(st.booleans() if fact.kind == "flag" else st.integers(0, 6))
        for fact in ruleset.facts
    }
    bonuses: dict[str, Decimal] = {}
    for bonus in ruleset.adjustments:
        if isinstance(bonus, Bonus) and draw(st.booleans()):
            if bonus.points is None:
                steps = int(bonus.cap / _CENT)
                bonuses[bonus.code] = draw(st.integers(0, steps)) * _CENT
            else:
                bonuses[bonus.code] = Decimal(
                    draw(st.integers(0, int(bonus.cap / bonus.points) + 2))
                )
    return UnitReport(
        unit_id=draw(st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)),
        unit_name="Đơn vị kiểm thử",
        category=category,
        year=ruleset.effective_from.year,
        province=ruleset.province,
        self_scores=self_scores,
        appraised_scores=appraised if appraise else None,
        facts=facts,
        bonuses=bonuses,
    )


def report_at(ruleset: RuleSet, category: str, target: Decimal) -> UnitReport:
    """A valid report whose criteria total is as close to ``target`` (from below) as possible.

    Appraiser-only criteria are appraised at 0, no fact is set and no bonus
    claimed, so the report's total is its criteria total.

    >>> from danvan_rules import rulesets, score
    >>> rs = rulesets.get("example/dan-van-2024")
    >>> score(rs, report_at(rs, "so-nganh", Decimal("70"))).total
    Decimal('70.00')
    """
    card = ruleset.scorecard_for(category)
    appraised = {leaf.code: _lowest(leaf) for leaf in card.leaves if leaf.appraiser_only}
    return UnitReport(
        unit_id="bound",
        unit_name="Đơn vị sát ngưỡng",
        category=category,
        year=ruleset.effective_from.year,
        province=ruleset.province,
        self_scores=_fill(ruleset, category, target),
        appraised_scores=dict(appraised) or None,
        facts=_quiet_facts(ruleset),
    )


def _bound_report(ruleset: RuleSet, category: str) -> st.SearchStrategy[UnitReport]:
    targets = bound_targets(ruleset) or [Decimal(0)]
    return st.sampled_from(targets).map(lambda target: report_at(ruleset, category, target))


def reports_for(ruleset: RuleSet, category: str | None = None) -> st.SearchStrategy[UnitReport]:
    """Valid reports for ``ruleset`` (one category, or any), half of them near a band bound.

    Random reports draw every answer, fact and bonus claim at random; *bound*
    reports fill the criteria so their total sits just below, on, or just above
    a band bound (:func:`bound_targets`), with no facts set and no bonus.

    Raises:
        KeyError: ``category`` is not a category of ``ruleset``.
    """
    if category is not None:
        ruleset.category(category)  # fail loudly on a typo
        categories = [category]
    else:
        categories = [c.code for c in ruleset.categories]
    return st.sampled_from(categories).flatmap(
        lambda code: st.one_of(_random_report(ruleset, code), _bound_report(ruleset, code))
    )


# ---------------------------------------------------------------------- the contract


def _raise_leaf(ruleset: RuleSet, report: UnitReport, data: st.DataObject) -> UnitReport | None:
    """The same report with one self-scored leaf raised to an answer worth more, if any."""
    card = ruleset.scorecard_for(report.category)
    leaves = [leaf for leaf in card.leaves if leaf.code in report.self_scores]
    if report.appraised_scores:
        leaves = [leaf for leaf in leaves if leaf.code not in report.appraised_scores]
    # only leaves that can still rise, and only answers worth more: every draw tests
    rising = []
    for leaf in leaves:
        before = leaf_points(leaf, report.self_scores[leaf.code])
        better = [answer for points, answer in _candidates(leaf) if points > before]
        if better:
            rising.append((leaf, better))
    if not rising:
        return None
    leaf, better = data.draw(st.sampled_from(rising))
    answer = data.draw(st.sampled_from(better))
    return attrs.evolve(report, self_scores={**report.self_scores, leaf.code: answer})


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def _reversed(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return dict(reversed(list(mapping.items())))


def _properties(ruleset: RuleSet) -> Iterator[tuple[str, Callable[..., None]]]:
    strategy = reports_for(ruleset)
    most = ruleset.scale + sum(
        (a.cap for a in ruleset.adjustments if isinstance(a, Bonus)), Decimal(0)
    )

    @given(strategy)
    def totals_in_bounds(report: UnitReport) -> None:
        result = score(ruleset, report)
        _require(Decimal(0) <= result.total <= most, f"total {result.total} outside 0..{most}")
        _require(result.criteria_total <= ruleset.scale, f"criteria total {result.criteria_total}")
        band = result.band_by_score
        _require(band.min <= result.total, f"{result.total} below its band {band.code}")
        _require(
            band.below is None or result.total < band.below, f"{result.total} above {band.code}"
        )

    @given(strategy, st.data())
    def monotone(report: UnitReport, data: st.DataObject) -> None:
        raised = _raise_leaf(ruleset, report, data)
        if raised is None:
            return
        before, after = score(ruleset, report), score(ruleset, raised)
        _require(
            after.total >= before.total, f"raising a leaf lowered {before.total} to {after.total}"
        )
        rank = ruleset.band_rank
        _require(rank(after.band_by_score.code) >= rank(before.band_by_score.code), "band fell")

    @given(strategy)
    def order_free_and_deterministic(report: UnitReport) -> None:
        shuffled = attrs.evolve(
            report,
            self_scores=_reversed(report.self_scores),
            appraised_scores=None
            if report.appraised_scores is None
            else _reversed(report.appraised_scores),
            facts=_reversed(report.facts),
            bonuses=_reversed(report.bonuses),
        )
        first = json.dumps(result_to_data(score(ruleset, report)), sort_keys=True)
        again = json.dumps(result_to_data(score(ruleset, report)), sort_keys=True)
        _require(first == again, "the same report scored twice gave different results")
        other = json.dumps(result_to_data(score(ruleset, shuffled)), sort_keys=True)
        _require(first == other, "reordering the report's keys changed the result")

    @given(strategy)
    def report_round_trip(report: UnitReport) -> None:
        _require(report_from_json(report_to_json(report)) == report, "report JSON round trip")

    def ruleset_round_trip() -> None:
        again = ruleset_from_data(ruleset_to_data(ruleset))
        _require(again == ruleset, "rule set → data → rule set changed it")
        _require(again.sha256 == ruleset.sha256, "the round trip changed the rule set's hash")
        _require(
            ruleset_from_toml(ruleset_to_toml(ruleset)) == ruleset, "TOML round trip changed it"
        )

    def every_category_scorable() -> None:
        for category in ruleset.categories:
            for target in (Decimal(0), ruleset.scale):
                score(ruleset, report_at(ruleset, category.code, target))

    yield "totals in bounds", totals_in_bounds
    yield "monotone", monotone
    yield "order-free and deterministic", order_free_and_deterministic
    yield "report round trip", report_round_trip
    yield "rule-set round trip", ruleset_round_trip
    yield "every category scorable", every_category_scorable


def _require_toml_writer() -> None:
    """The contract's TOML round trip needs tomli-w: say which extra brings it, up front."""
    try:
        importlib.import_module("tomli_w")
    except ImportError:
        raise MissingExtraError(
            "tomli_w", "testing", "the contract's rule-set TOML round trip"
        ) from None


def contract_failures(ruleset: RuleSet, *, max_examples: int | None = None) -> tuple[str, ...]:
    """Every failed check of the contract (see :func:`check_ruleset`), one line each.

    >>> from danvan_rules import rulesets
    >>> contract_failures(rulesets.get("example/dan-van-2024"), max_examples=5)
    ()

    Raises:
        MissingExtraError: ``tomli-w`` is not installed (``pip install
            'danvan_rules[testing]'``): a missing tool, not a failure of the rule set.
    """
    _require_toml_writer()
    failures = [f"lint: {problem}" for problem in lint(ruleset)]
    profile = settings()  # the loaded profile's values
    config = settings(
        profile,
        max_examples=profile.max_examples if max_examples is None else max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    for name, prop in _properties(ruleset):
        test = config(prop) if hasattr(prop, "hypothesis") else prop
        try:
            test()
        except MissingExtraError:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure is collected and reported
            notes = "; ".join(getattr(exc, "__notes__", []))
            failures.append(f"{name}: {type(exc).__name__}: {exc} {notes}".strip())
    return tuple(failures)


def check_ruleset(ruleset: RuleSet, *, max_examples: int | None = None) -> None:
    """Run the contract every rule set must pass; raise listing every failed property.

    The contract: the linter finds nothing; totals stay within 0 and the scale
    plus the bonus caps and match their band; raising a leaf never lowers the
    total or the band by score; results do not depend on the order of the
    report's keys and are byte-identical from run to run; reports and the rule
    set survive the round trip through their data form (and TOML); every
    category can be scored.

    ``max_examples`` defaults to the loaded Hypothesis profile's (100 unless
    changed), so a project can scale contract runs with its profiles.

    >>> from danvan_rules import rulesets
    >>> check_ruleset(rulesets.get("example/dan-van-2024"), max_examples=10)

    Raises:
        AssertionError: one line per failed property, with Hypothesis's
            falsifying example where there is one.
        MissingExtraError: ``tomli-w`` is not installed: the extra to install
            is named, and no property is reported as failed.
    """
    failures = contract_failures(ruleset, max_examples=max_examples)
    if failures:
        raise AssertionError(
            f"rule set {ruleset.code} fails {len(failures)} contract checks:\n"
            + "\n".join(f"  - {line}" for line in failures)
        )
