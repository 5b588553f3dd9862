"""The scalar plan's fast accept path agrees with the full checker on every report.

The scorer proves a report valid through the plan (``scoring._scalar.accept``)
and runs the full checker only when the plan cannot. These properties hold the
two together: on a valid report the fast path gives exactly the full
checker's points (or defers to it), and on an invalid one it always defers, so
the errors are the full checker's.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan_rules import ReportError, RuleSet, UnitReport, load_report, rulesets, score
from danvan_rules.model import Bonus, Points
from danvan_rules.scoring._check import Checked, check_report
from danvan_rules.scoring._scalar import accept, maybe_plan_for, plan_for
from danvan_rules.testing import reports_for

from .conftest import EXAMPLES

CODES = tuple(rulesets.available())


@cache
def _ruleset(code: str) -> RuleSet:
    return rulesets.get(code)


def _both(ruleset: RuleSet, report: UnitReport) -> tuple[Checked | None, Checked | None]:
    """``(fast, full)``: the plan's points (None: it defers) and the full checker's (None: refused)."""
    plan = maybe_plan_for(ruleset, report.category)
    fast = None if plan is None else accept(plan, report)
    try:
        full = check_report(ruleset, report)
    except ReportError:
        return fast, None
    return fast, full


_ANSWERS = st.one_of(
    st.decimals(min_value=-3, max_value=120, places=2, allow_nan=False),
    st.decimals(min_value=0, max_value=30, places=1, allow_nan=False),
    st.booleans(),
    st.integers(-2, 40),
    st.sampled_from(["Tốt", "Khá", "Đạt", "Không đạt", "tot", "x", "1,5"]),
)


@attrs.define
class _Draft:
    """A report's parts, to change before it is built again."""

    ruleset: RuleSet
    report: UnitReport
    codes: list[str]
    self_scores: dict[str, object]
    appraised: dict[str, object] | None
    facts: dict[str, bool | int]
    bonuses: dict[str, Decimal]
    changes: dict[str, object]


def _drop_score(draw: st.DrawFn, d: _Draft) -> None:
    if d.self_scores:
        del d.self_scores[draw(st.sampled_from(sorted(d.self_scores)))]


def _set_score(draw: st.DrawFn, d: _Draft) -> None:
    d.self_scores[draw(st.sampled_from([*d.codes, "ZZ.9"]))] = draw(_ANSWERS)


def _set_appraised(draw: st.DrawFn, d: _Draft) -> None:
    d.appraised = d.appraised if d.appraised is not None else {}
    d.appraised[draw(st.sampled_from([*d.codes, "ZZ.9"]))] = draw(_ANSWERS)


def _drop_appraised(draw: st.DrawFn, d: _Draft) -> None:
    drop = draw(st.booleans())
    if d.appraised and drop:
        del d.appraised[draw(st.sampled_from(sorted(d.appraised)))]
    else:
        d.appraised = None


def _flip_fact(draw: st.DrawFn, d: _Draft) -> None:
    if d.facts:
        name = draw(st.sampled_from(sorted(d.facts)))
        d.facts[name] = 1 if isinstance(d.facts[name], bool) else True


def _drop_or_add_fact(draw: st.DrawFn, d: _Draft) -> None:
    drop = draw(st.booleans())
    if d.facts and drop:
        del d.facts[draw(st.sampled_from(sorted(d.facts)))]
    else:
        d.facts["khong_khai_bao"] = 0


def _claim(draw: st.DrawFn, d: _Draft) -> None:
    known = [a.code for a in d.ruleset.adjustments if isinstance(a, Bonus)]
    code = draw(st.sampled_from([*known, "khong-co"]))
    d.bonuses[code] = draw(st.decimals(min_value=-2, max_value=40, places=1))


def _move(draw: st.DrawFn, d: _Draft) -> None:
    former = [None, d.ruleset.province, "ha-noi", "khong-co", "dak-nong"]
    d.changes["former_province"] = draw(st.sampled_from(former))
    d.changes["year"] = d.report.year + draw(st.integers(0, 12))
    d.changes["category"] = draw(st.sampled_from([c.code for c in d.ruleset.categories]))


_CHANGES = (
    _drop_score,
    _set_score,
    _set_appraised,
    _drop_appraised,
    _flip_fact,
    _drop_or_add_fact,
    _claim,
    _move,
)


@st.composite
def _mutated(draw: st.DrawFn, ruleset: RuleSet, report: UnitReport) -> UnitReport:
    """``report`` with zero or more changes that may make it invalid, or keep it valid."""
    card = ruleset.scorecard_for(report.category)
    d = _Draft(
        ruleset=ruleset,
        report=report,
        codes=[c.code for c in card.ordered],
        self_scores=dict(report.self_scores),
        appraised=None if report.appraised_scores is None else dict(report.appraised_scores),
        facts=dict(report.facts),
        bonuses=dict(report.bonuses),
        changes={},
    )
    for change in draw(st.lists(st.sampled_from(_CHANGES), max_size=3)):
        change(draw, d)
    return attrs.evolve(
        report,
        self_scores=d.self_scores,
        appraised_scores=d.appraised,
        facts=d.facts,
        bonuses=d.bonuses,
        **d.changes,  # type: ignore[arg-type]
    )


@given(st.data())
def test_the_fast_path_gives_the_full_checkers_points_or_defers(data: st.DataObject) -> None:
    ruleset = _ruleset(data.draw(st.sampled_from(CODES), label="rule set"))
    category = data.draw(st.sampled_from([c.code for c in ruleset.categories]), label="category")
    report = data.draw(reports_for(ruleset, category), label="report")
    try:
        changed = data.draw(_mutated(ruleset, report), label="changed")
    except ReportError:  # a change the report itself refuses (a bad number, say)
        return
    fast, full = _both(ruleset, changed)
    if full is None:
        assert fast is None, "the fast path accepted a report the checker refuses"
    elif changed.former_province in (None, ruleset.province):
        assert fast == full
    else:
        assert fast is None  # another province's code: the full checker looks it up


@given(st.data())
def test_a_valid_report_takes_the_fast_path(data: st.DataObject) -> None:
    ruleset = _ruleset(data.draw(st.sampled_from(CODES), label="rule set"))
    category = data.draw(st.sampled_from([c.code for c in ruleset.categories]), label="category")
    report = data.draw(reports_for(ruleset, category), label="report")
    fast, full = _both(ruleset, report)
    assert full is not None
    assert fast == full


def _points_ruleset() -> RuleSet:
    """The example rule set, whose first category has Points leaves on a step."""
    return rulesets.get("example/dan-van-2024")


def _step_leaf(ruleset: RuleSet, category: str) -> tuple[str, Decimal]:
    for leaf in ruleset.scorecard_for(category).leaves:
        measure = leaf.measure
        if isinstance(measure, Points) and measure.step is not None and not leaf.appraiser_only:
            return leaf.code, measure.step
    raise AssertionError("no stepped Points leaf")  # pragma: no cover - the example has one


@pytest.mark.parametrize(
    "change",
    [
        "off_step",
        "above_max",
        "appraised_off_step",
        "appraised_group",
        "ended_category",
        "unknown_category",
    ],
)
def test_each_refusal_defers_to_the_full_checker(change: str) -> None:
    ruleset = _points_ruleset()
    report = load_report(EXAMPLES / "tham-dinh.json")
    category = report.category
    assert report.appraised_scores is not None
    assert _both(ruleset, report)[0] is not None  # as it is, it takes the fast path
    code, step = _step_leaf(ruleset, category)
    top = ruleset.scorecard_for(category).by_code[code].max
    if change == "off_step":
        report = attrs.evolve(report, self_scores={**report.self_scores, code: step / 2})
    elif change == "above_max":
        report = attrs.evolve(report, self_scores={**report.self_scores, code: top + step})
    elif change == "appraised_off_step":
        appraised = {**(report.appraised_scores or {}), code: step / 2}
        report = attrs.evolve(report, appraised_scores=appraised)
    elif change == "appraised_group":
        group = ruleset.scorecard_for(category).roots[0]
        report = attrs.evolve(
            report, appraised_scores={**(report.appraised_scores or {}), group: 1}
        )
    elif change == "ended_category":
        ended = [
            attrs.evolve(c, until=dt.date(report.year, 6, 30)) if c.code == category else c
            for c in ruleset.categories
        ]
        ruleset = attrs.evolve(ruleset, categories=tuple(ended))
    else:
        report = attrs.evolve(report, category="khong-co")
    fast, full = _both(ruleset, report)
    assert (fast, full) == (None, None)
    with pytest.raises(ReportError):
        score(ruleset, report)


def test_the_plan_is_made_once_per_rule_set_and_category() -> None:
    ruleset = _points_ruleset()
    category = ruleset.categories[0].code
    assert plan_for(ruleset, category) is plan_for(ruleset, category)
    with pytest.raises(KeyError):
        plan_for(ruleset, "khong-co")
    assert maybe_plan_for(ruleset, "khong-co") is None
