"""Results explain themselves when read: lines, gap, warnings and the audit stamp are lazy.

A lazily computed explanation must equal what computing it at once gives, on
every built-in rule set and category, whatever the decimal context when it is
read; and a result must compare, hash, print, pickle and serialise by its
values, however it was built.
"""

from __future__ import annotations

import decimal
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules import provinces, rulesets
from danvan_rules.model import CohortNote, Deferred, ScoreResult, UnitReport
from danvan_rules.testing import reports_for

#: The parts a scored result computes when first read (their property names).
LAZY = ("lines", "adjustments", "gap", "audit")
#: The parts a result may hold deferred.
DEFERRABLE = ("lines", "adjustments", "gap", "warnings", "audit")

BUILTIN = rulesets.load_all()
CASES = st.sampled_from([(rs, c.code) for rs in BUILTIN for c in rs.categories]).flatmap(
    lambda pair: st.tuples(st.just(pair[0]), reports_for(*pair))
)


def _values(result: ScoreResult) -> dict[str, Any]:
    """Every field of a result by its public name, the lazy ones computed."""
    return {
        f.alias or f.name: getattr(result, f.alias or f.name) for f in attrs.fields(ScoreResult)
    }


def _raw(result: ScoreResult, name: str) -> object:
    return object.__getattribute__(result, f"_{name}")


@settings(max_examples=60, deadline=None)
@given(CASES)
def test_read_later_in_any_context_equals_read_at_once(case: tuple[dr.RuleSet, UnitReport]) -> None:
    rs, report = case
    at_once = dr.score(rs, report)
    expected = {name: getattr(at_once, name) for name in LAZY}
    later = dr.score(rs, report)
    assert all(isinstance(_raw(later, name), Deferred) for name in LAZY)
    with decimal.localcontext() as ctx:
        ctx.prec = 2
        ctx.rounding = decimal.ROUND_FLOOR
        ctx.traps[decimal.Inexact] = True
        assert {name: getattr(later, name) for name in LAZY} == expected
    assert not any(isinstance(_raw(later, name), Deferred) for name in LAZY)


@settings(max_examples=40, deadline=None)
@given(CASES)
def test_a_result_compares_hashes_prints_and_pickles_by_value(
    case: tuple[dr.RuleSet, UnitReport],
) -> None:
    rs, report = case
    lazy, read = dr.score(rs, report), dr.score(rs, report)
    concrete = ScoreResult(**_values(read))
    assert lazy == concrete
    assert hash(lazy) == hash(concrete)
    assert repr(lazy) == repr(concrete)
    assert repr(lazy).startswith("<ScoreResult unit=")
    assert "\n" not in repr(lazy)
    assert f" total={concrete.total} band={concrete.band_code!r} " in repr(lazy)
    assert repr(lazy).endswith(f" ruleset={rs.code!r}>")
    fresh = dr.score(rs, report)
    unpickled = pickle.loads(pickle.dumps(fresh))  # noqa: S301 - our own bytes, just made
    assert unpickled == concrete
    assert not any(isinstance(_raw(unpickled, name), Deferred) for name in LAZY)
    assert dr.result_to_data(dr.score(rs, report)) == dr.result_to_data(concrete)


def test_evolving_a_result_keeps_it_lazy_and_equal() -> None:
    rs = rulesets.get("example/dan-van-2024")
    report = dr.load_report("examples/tot.json")
    note = CohortNote(rank=1, cohort_size=1, band_before_quota="tot", demoted=False)
    evolved = attrs.evolve(dr.score(rs, report), cohort=note)
    assert isinstance(_raw(evolved, "lines"), Deferred)
    assert _values(evolved) == {**_values(dr.score(rs, report)), "cohort": note}
    shown = attrs.evolve(dr.score(rs, report), unit_id="x")
    assert shown.audit == dr.score(rs, report).audit  # the audit is of the report scored


class _Counting(Deferred):
    """A stand-in explanation that counts how often each part is computed."""

    __slots__ = ("calls", "result")

    def __init__(self, result: ScoreResult) -> None:
        self.result = result
        self.calls: dict[str, int] = dict.fromkeys(DEFERRABLE, 0)

    def _part(self, name: str) -> Any:
        self.calls[name] += 1
        return getattr(self.result, name)

    def lines(self) -> Any:
        return self._part("lines")

    def adjustments(self) -> Any:
        return self._part("adjustments")

    def gap(self) -> Any:
        return self._part("gap")

    def warnings(self) -> Any:
        return self._part("warnings")

    def audit(self) -> Any:
        return self._part("audit")


def test_each_part_is_computed_once_and_only_when_read() -> None:
    model = dr.score(rulesets.get("example/dan-van-2024"), dr.load_report("examples/tot.json"))
    counting = _Counting(model)
    values = {**_values(model), **dict.fromkeys(DEFERRABLE, counting)}
    result = ScoreResult(**values)
    assert counting.calls == dict.fromkeys(DEFERRABLE, 0)
    assert result.total == model.total
    assert counting.calls == dict.fromkeys(DEFERRABLE, 0)
    for _ in range(3):
        assert result.gap == model.gap
        assert result.line("I.1") == model.line("I.1")
    assert counting.calls == {"lines": 1, "adjustments": 0, "gap": 1, "warnings": 0, "audit": 0}
    assert result.adjustments == model.adjustments
    assert result.warnings == model.warnings
    assert result.audit == model.audit
    assert counting.calls == dict.fromkeys(DEFERRABLE, 1)


@pytest.mark.parametrize("name", DEFERRABLE)
def test_the_base_explanation_computes_nothing(name: str) -> None:
    with pytest.raises(NotImplementedError):
        getattr(Deferred(), name)()


def test_warnings_are_made_once_per_year_and_province_and_the_store_is_bounded() -> None:
    from danvan_rules.model.ruleset import MAX_COMPILED
    from danvan_rules.scoring._notices import _of as warnings_of

    rs = attrs.evolve(rulesets.get("example/dan-van-2024"))  # a fresh rule set: nothing kept
    report = dr.load_report("examples/tot.json")
    first, again = dr.score(rs, report), dr.score(rs, report)
    assert first.warnings is again.warnings
    other = dr.score(rs, attrs.evolve(report, province="ha-noi"))
    assert [n.code for n in other.warnings] == [
        *(n.code for n in first.warnings),
        "province-mismatch",
    ]
    places = [p.code for p in provinces.FORMER][:12]
    for year in range(2010, 2010 + MAX_COMPILED // len(places) + 2):
        for place in places:
            dated = attrs.evolve(report, year=year, province=place)
            assert dr.score(rs, dated).warnings == warnings_of(rs, dated)
    assert len(object.__getattribute__(rs, "_compiled")) == MAX_COMPILED
