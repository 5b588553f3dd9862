"""Every built-in rule set: honest, effective-dated without overlaps, found by in_force."""

from __future__ import annotations

import datetime as dt

import pytest

import danvan_rules as dr
from danvan_rules import provinces, rulesets
from danvan_rules.errors import NoRuleSetInForceError
from danvan_rules.model import Provenance

BUILT_IN = rulesets.load_all()
DAY = dt.timedelta(days=1)


def test_the_chains_are_sound() -> None:
    assert rulesets.check_versions() == ()


@pytest.mark.parametrize("rs", BUILT_IN, ids=lambda rs: rs.code)
def test_in_force_on_both_sides_of_every_effective_date(rs: dr.RuleSet) -> None:
    assert rulesets.in_force(rs.province, on=rs.effective_from) == rs
    before = rs.effective_from - DAY
    predecessors = [o for o in BUILT_IN if o.province == rs.province and o.in_force_on(before)]
    if predecessors:
        assert rulesets.in_force(rs.province, on=before) == predecessors[0]
        assert rs.replaces == predecessors[0].code
    else:
        with pytest.raises(NoRuleSetInForceError, match=f"no rule set of '{rs.province}'"):
            rulesets.in_force(rs.province, on=before)
    if rs.effective_until is not None:
        assert rulesets.in_force(rs.province, on=rs.effective_until) == rs
        successor = rulesets.in_force(rs.province, on=rs.effective_until + DAY)
        assert successor.replaces == rs.code


@pytest.mark.parametrize("rs", BUILT_IN, ids=lambda rs: rs.code)
def test_provinces_and_honesty(rs: dr.RuleSet) -> None:
    known = {p.code for p in provinces.FORMER}
    assert rs.province in known | {"national", "example"}
    assert rs.national == (rs.province == "national")
    assert rs.illustrative == (rs.province == "example")
    # no transcribed rule set is complete here: the annexes were not available (DOMAIN.md §2)
    assert rs.assumed_values > 0
    sourced = [
        c for card in rs.scorecards for c in card.criteria if c.provenance is Provenance.SOURCED
    ]
    for criterion in sourced:
        assert criterion.reference is not None
        assert criterion.reference.document.strip()


def test_provinces_without_rule_sets_fail_clearly() -> None:
    covered = {rs.province for rs in BUILT_IN}
    missing = [p.code for p in provinces.FORMER if p.code not in covered]
    assert missing
    for code in missing:
        with pytest.raises(NoRuleSetInForceError, match="the province has no rule set"):
            rulesets.in_force(code, on=dt.date(2024, 12, 31), among=BUILT_IN)
