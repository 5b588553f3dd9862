"""codec/: one converter owns both directions, and its written form is the hashed form (issue #6 §4).

The core may not import cattrs, so it keeps one small canonical walk for the
audit hashes (``model/_canonical.py``); these properties pin that the
converter's unstructured form *is* that form, for every built-in rule set and
for generated rule sets, reports and results, and that structuring it back
gives the object again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules import rulesets as registry
from danvan_rules.codec import (
    report_from_data,
    report_to_data,
    result_to_data,
    ruleset_from_data,
    ruleset_from_toml,
    ruleset_to_data,
    ruleset_to_toml,
)
from danvan_rules.codec._converter import CONVERTER, TOML_WRITER
from danvan_rules.codec._unstructure import RESULT_VIEWS
from danvan_rules.errors import MissingExtraError
from danvan_rules.model import Band, Provenance, Reference, RuleSet, ScoreResult, UnitReport
from danvan_rules.model._canonical import digest, report_data, report_digest, to_data
from danvan_rules.testing import reports_for

from .strategies import rulesets

BUILT_IN = registry.available()


def sha256(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


cases = rulesets().flatmap(lambda rs: st.tuples(st.just(rs), reports_for(rs)))


class TestBuiltInRuleSets:
    @pytest.mark.parametrize("code", BUILT_IN)
    def test_written_form_hashes_to_the_audit_digest(self, code: str) -> None:
        ruleset = registry.get(code)
        data = ruleset_to_data(ruleset)
        assert data == to_data(ruleset)
        assert sha256(data) == digest(ruleset) == ruleset.sha256

    @pytest.mark.parametrize("code", BUILT_IN)
    def test_structure_of_unstructure_is_the_rule_set(self, code: str) -> None:
        ruleset = registry.get(code)
        assert ruleset_from_data(CONVERTER.unstructure(ruleset)) == ruleset
        assert ruleset_from_toml(ruleset_to_toml(ruleset)) == ruleset

    def test_there_are_built_in_rule_sets(self) -> None:
        assert len(BUILT_IN) >= 2


class TestGenerated:
    @settings(max_examples=40)
    @given(rulesets())
    def test_rule_sets(self, ruleset: RuleSet) -> None:
        data = CONVERTER.unstructure(ruleset)
        assert data == to_data(ruleset)
        assert sha256(data) == digest(ruleset)
        assert ruleset_from_data(data) == ruleset
        assert json.loads(json.dumps(data)) == data

    @settings(max_examples=40)
    @given(cases)
    def test_reports(self, case: tuple[RuleSet, UnitReport]) -> None:
        _, report = case
        data = report_to_data(report)
        assert data == to_data(report) == report_data(report)
        assert sha256(data) == report_digest(report) == digest(report)
        assert report_from_data(data) == report

    @settings(max_examples=25)
    @given(cases)
    def test_results(self, case: tuple[RuleSet, UnitReport]) -> None:
        ruleset, report = case
        result = dr.score(ruleset, report)
        data = result_to_data(result)
        assert result.audit.report_sha256 == sha256(report_to_data(report))
        assert result.audit.ruleset_sha256 == sha256(ruleset_to_data(ruleset))
        assert json.loads(json.dumps(data, ensure_ascii=False)) == data
        assert [line["code"] for line in data["criteria"]] == [line.code for line in result.lines]
        assert data["audit"] == {
            "ruleset_code": ruleset.code,
            "ruleset_sha256": ruleset.sha256,
            "library_version": dr.__version__,
            "report_sha256": report_digest(report),
        }


class TestResultViews:
    def test_every_view_names_real_fields(self) -> None:
        import attrs

        for cl, keys in RESULT_VIEWS.items():
            names = {field.name for field in attrs.fields(cl)}
            assert set(keys) <= names, cl

    def test_a_result_is_its_documented_form(self) -> None:
        ruleset = dr.load_ruleset(
            "src/danvan_rules/data/example-dan-van-2024.toml",
        )
        result: ScoreResult = dr.score(ruleset, dr.load_report("examples/tot.json"))
        data = CONVERTER.unstructure(result)
        assert data == result_to_data(result)
        assert data["total"] == str(result.total)
        assert data["criteria"][0].keys() == set(RESULT_VIEWS[type(result.lines[0])])


def test_writing_toml_without_tomli_w_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    ruleset = registry.get(BUILT_IN[0])
    monkeypatch.setitem(sys.modules, "tomli_w", None)
    with pytest.raises(MissingExtraError) as info:
        ruleset_to_toml(ruleset)
    assert info.value.extra == "toml"
    assert "pip install 'danvan_rules[toml]'" in str(info.value)


class TestLeaves:
    def test_toml_keeps_numbers_and_dates_native(self) -> None:
        band = Band("b", "B", "2.50", Provenance.SOURCED)
        data = TOML_WRITER.unstructure({"band": band, "day": dt.date(2024, 1, 1)})
        assert data == {
            "band": {"code": "b", "label_vi": "B", "min": 2.5, "provenance": "sourced"},
            "day": dt.date(2024, 1, 1),
        }

    def test_json_writes_exact_text(self) -> None:
        data = CONVERTER.unstructure(
            {"n": (Decimal("2.50"), Decimal("0e-9")), "day": dt.date(2024, 1, 1)}
        )
        assert data == {"n": ["2.5", "0"], "day": "2024-01-01"}

    def test_defaults_are_left_out_and_kinds_written(self) -> None:
        assert CONVERTER.unstructure(Reference("QĐ 1")) == {"document": "QĐ 1"}
        assert CONVERTER.unstructure(Reference("QĐ 1")) == to_data(Reference("QĐ 1"))
