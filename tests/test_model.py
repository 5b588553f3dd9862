"""The model: rule-set lookups, model classes, the unit report and result helpers."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules import model
from danvan_rules.errors import Problem, ReportError
from danvan_rules.model import (
    Band,
    Batch,
    Checklist,
    Criterion,
    Instrument,
    Level,
    NumberError,
    Points,
    Provenance,
    Reference,
    RuleSet,
    ScoreResult,
    Status,
    UnitReport,
)

from .strategies import rulesets

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_TOML = ROOT / "src" / "danvan_rules" / "data" / "example-dan-van-2024.toml"


def example_data() -> dict[str, Any]:
    return tomllib.loads(EXAMPLE_TOML.read_text(encoding="utf-8"), parse_float=Decimal)


def report(**changes: Any) -> UnitReport:
    fields: dict[str, Any] = {
        "unit_id": "so-x",
        "unit_name": "Sở X",
        "category": "so-nganh",
        "year": 2024,
        "province": "example",
        "self_scores": {},
    }
    fields.update(changes)
    return UnitReport(**fields)


def problems_of(**changes: Any) -> list[tuple[str, str]]:
    with pytest.raises(ReportError) as info:
        report(**changes)
    return [(p.message, p.path) for p in info.value.problems]


# ---------------------------------------------------------------------- the rule set


class TestRuleSetLookups:
    def test_default_weights_are_the_top_level_maxima(self, example: RuleSet) -> None:
        card = example.scorecard_for("so-nganh")
        weights = example.weights("so-nganh")
        assert list(weights) == list(card.roots)
        for code, weight in weights.items():
            assert weight == card.by_code[code].max
        assert sum(weights.values()) == example.scale

    def test_explicit_weights(self, example: RuleSet) -> None:
        category = example.category("ubnd-xa")
        assert category.weights  # the example reweights communes
        explicit = {w.criterion: w.weight for w in category.weights}
        weights = example.weights("ubnd-xa")
        assert dict(weights) == explicit
        assert weights != example.weights("so-nganh")
        assert sum(weights.values()) == example.scale

    def test_partial_weights_keep_the_other_maxima(
        self, small_ruleset_data: dict[str, Any]
    ) -> None:
        small_ruleset_data["categories"][0]["weights"] = [
            {"criterion": "A", "weight": 6, "provenance": "assumed"}
        ]
        ruleset = dr.ruleset_from_data(small_ruleset_data)
        assert dict(ruleset.weights("cat")) == {"A": Decimal(6), "B": Decimal(4)}

    def test_weights_are_read_only(self, example: RuleSet) -> None:
        weights: Any = example.weights("so-nganh")
        with pytest.raises(TypeError):
            weights["I"] = Decimal(0)

    def test_bands_ascending_and_ranks(self, example: RuleSet) -> None:
        ascending = example.bands_ascending
        assert sorted(example.bands, key=lambda b: b.min) == list(ascending)
        assert [b.min for b in ascending] == sorted(b.min for b in example.bands)
        for rank, band in enumerate(ascending):
            assert example.band_rank(band.code) == rank
            assert example.band(band.code) is band
        assert ascending[0].min == 0
        assert ascending[-1].below is None

    def test_unknown_lookups_are_key_errors(self, example: RuleSet) -> None:
        with pytest.raises(KeyError):
            example.band("nope")
        with pytest.raises(KeyError):
            example.band_rank("nope")
        with pytest.raises(KeyError):
            example.category("nope")
        with pytest.raises(KeyError):
            example.scorecard_for("nope")
        with pytest.raises(KeyError):
            example.fact("nope")
        with pytest.raises(KeyError):
            example.scorecard("nope")

    def test_facts(self, example: RuleSet) -> None:
        assert example.fact_names == frozenset(f.name for f in example.facts)
        for fact in example.facts:
            assert example.fact(fact.name) is fact

    def test_category_lookup(self, example: RuleSet) -> None:
        for category in example.categories:
            assert example.category(category.code) is category

    def test_scorecard_index(self, example: RuleSet) -> None:
        card = example.scorecard_for("so-nganh")
        criteria = example.scorecards[0].criteria
        assert card.ordered == criteria
        assert card.roots == tuple(c.code for c in criteria if c.parent is None)
        assert card.leaves == tuple(c for c in criteria if c.is_leaf)
        assert card.children["I"] == ("I.1", "I.2", "I.3")
        assert card.children["I.1"] == ()
        assert card.depth["I"] == 0
        assert card.depth["I.2"] == 1
        assert card.ancestors["I.2"] == ("I",)
        assert card.ancestors["V"] == ()
        assert example.scorecard_for("ubnd-xa") is card  # both categories share it
        assert example.scorecard(example.category("so-nganh").scorecard) is card

    def test_in_force_on_without_end(self, example: RuleSet) -> None:
        start = example.effective_from
        assert example.effective_until is None
        assert example.in_force_on(start)
        assert example.in_force_on(dt.date(2999, 12, 31))
        assert not example.in_force_on(start - dt.timedelta(days=1))

    def test_in_force_on_with_end(self, example: RuleSet) -> None:
        end = dt.date(2025, 6, 30)
        ruleset = attrs.evolve(example, effective_until=end)
        assert ruleset.in_force_on(end)
        assert ruleset.in_force_on(ruleset.effective_from)
        assert not ruleset.in_force_on(end + dt.timedelta(days=1))
        assert not ruleset.in_force_on(ruleset.effective_from - dt.timedelta(days=1))

    def test_is_frozen(self, example: RuleSet) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            example.code = "x/y"  # type: ignore[misc]

    def test_building_checks_the_whole(self, example: RuleSet) -> None:
        with pytest.raises(dr.RuleSetError) as info:
            attrs.evolve(example, scale=Decimal(99))
        assert info.value.subject == "rule set 'example/dan-van-2024'"
        assert all("but the scale is 99" in p.message for p in info.value.problems[:2])


class TestDigest:
    def test_equal_rule_sets_have_equal_hashes(self, example: RuleSet) -> None:
        again = dr.ruleset_from_toml(EXAMPLE_TOML.read_text(encoding="utf-8"))
        assert again == example
        assert again is not example
        assert again.sha256 == example.sha256
        assert len(example.sha256) == 64
        int(example.sha256, 16)  # hex

    def test_hash_changes_with_any_value(self, example: RuleSet) -> None:
        changed = attrs.evolve(example, notes=example.notes + ".")
        assert changed != example
        assert changed.sha256 != example.sha256
        band = attrs.evolve(example.bands[0], label_en="Excellent")
        relabelled = attrs.evolve(example, bands=(band, *example.bands[1:]))
        assert relabelled.sha256 not in {example.sha256, changed.sha256}

    def test_hash_ignores_how_numbers_are_written(self, example: RuleSet) -> None:
        data = example_data()
        data["scale"] = "100.00"
        assert dr.ruleset_from_data(data).sha256 == example.sha256

    def test_rule_sets_are_hashable(self, example: RuleSet) -> None:
        assert hash(example) == hash(dr.ruleset_from_data(example_data()))

    @settings(max_examples=20, deadline=None)
    @given(rulesets())
    def test_index_is_consistent_for_any_rule_set(self, ruleset: RuleSet) -> None:
        for category in ruleset.categories:
            card = ruleset.scorecard_for(category.code)
            assert sum(ruleset.weights(category.code).values()) == ruleset.scale
            for code, up in card.ancestors.items():
                assert card.depth[code] == len(up)
                for parent in up[:1]:
                    assert code in card.children[parent]
            assert {c.code for c in card.leaves} == {
                c.code for c in card.ordered if not card.children[c.code]
            }
        assert ruleset.sha256 == dr.ruleset_from_data(dr.ruleset_to_data(ruleset)).sha256


class TestAssumedValues:
    def test_counts_every_assumed_element_of_the_example(self, example: RuleSet) -> None:
        data = example_data()
        elements: list[Mapping[str, Any]] = [
            *(c for card in data["scorecards"] for c in card["criteria"]),
            *data["bands"],
            *data["adjustments"],
            *data["conditions"],
            *(w for cat in data["categories"] for w in cat.get("weights", [])),
            *data.get("derived", []),
            data["quota"],
        ]
        expected = sum(e["provenance"] == "assumed" for e in elements)
        assert expected > 0
        assert example.assumed_values == expected

    def test_sourced_rule_set_has_none(self, small_ruleset_data: dict[str, Any]) -> None:
        assert dr.ruleset_from_data(small_ruleset_data).assumed_values == 0

    @pytest.mark.parametrize(
        "path",
        [
            ("scorecards", 0, "criteria", 1),
            ("bands", 1),
            ("adjustments", 2),
            ("conditions", 0),
            ("quota",),
        ],
    )
    def test_each_kind_of_element_counts(
        self, small_ruleset_data: dict[str, Any], path: tuple[str | int, ...]
    ) -> None:
        target: Any = small_ruleset_data
        for key in path:
            target = target[key]
        target["provenance"] = "assumed"
        assert dr.ruleset_from_data(small_ruleset_data).assumed_values == 1

    def test_weights_count(self, small_ruleset_data: dict[str, Any]) -> None:
        small_ruleset_data["categories"][0]["weights"] = [
            {"criterion": "A", "weight": 6, "provenance": "assumed"},
            {"criterion": "B", "weight": 4, "provenance": "sourced"},
        ]
        assert dr.ruleset_from_data(small_ruleset_data).assumed_values == 1

    @settings(max_examples=15, deadline=None)
    @given(rulesets())
    def test_generated_rule_sets_count_every_assumed_element(self, ruleset: RuleSet) -> None:
        # tests/strategies.py marks every element assumed
        expected = (
            sum(len(card.criteria) for card in ruleset.scorecards)
            + len(ruleset.bands)
            + len(ruleset.adjustments)
            + len(ruleset.conditions)
            + sum(len(c.weights) for c in ruleset.categories)
            + (ruleset.quota is not None)
        )
        assert ruleset.assumed_values == expected


# ---------------------------------------------------------------------- model classes


class TestSources:
    def test_reference_text(self) -> None:
        assert str(Reference("3225/QĐ-UBND", item="Phụ lục, mục I.2")) == (
            "3225/QĐ-UBND, Phụ lục, mục I.2"
        )
        assert str(Reference("3225/QĐ-UBND", url="https://x", note="n")) == "3225/QĐ-UBND"

    @pytest.mark.parametrize("document", ["", "   "])
    def test_reference_needs_a_document(self, document: str) -> None:
        with pytest.raises(ValueError, match="document must not be empty"):
            Reference(document)

    def test_instrument_needs_number_and_issuer(self) -> None:
        with pytest.raises(ValueError, match="number must not be empty"):
            Instrument("", "UBND")
        with pytest.raises(ValueError, match="issuer must not be empty"):
            Instrument("1/QĐ", " ")
        assert Instrument("1/QĐ", "UBND").replaces == ()

    def test_provenance_values(self) -> None:
        assert Provenance("sourced") is Provenance.SOURCED
        assert Provenance("assumed") is Provenance.ASSUMED


class TestModelNumbers:
    def test_decimal_fields_convert_ints_and_text(self) -> None:
        band = Band("b", "B", "12.5", Provenance.SOURCED, below=20)
        assert band.min == Decimal("12.5")
        assert band.below == Decimal(20)
        assert Points(step="0.25").step == Decimal("0.25")
        assert Points().step is None
        assert Level("Tốt", 5).points == Decimal(5)

    def test_decimal_fields_read_floats_by_their_shortest_text(self) -> None:
        assert Level("Tốt", 0.1).points == Decimal("0.1")
        assert Band("b", "B", 0, Provenance.SOURCED, below=2.5).below == Decimal("2.5")
        with pytest.raises(NumberError, match="is not a finite number"):
            Level("Tốt", float("nan"))

    def test_leaves_and_groups(self) -> None:
        group = Criterion("I", "Nhóm", 10, Provenance.SOURCED)
        leaf = Criterion("I.1", "Lá", 5, Provenance.SOURCED, parent="I", measure=Checklist())
        assert not group.is_leaf
        assert leaf.is_leaf

    def test_all_is_sorted_and_complete(self) -> None:
        assert list(model.__all__) == sorted(model.__all__)
        for name in model.__all__:
            assert hasattr(model, name)


# ---------------------------------------------------------------------- the unit report


class TestUnitReportValues:
    def test_ints_and_numeric_text_become_decimals(self) -> None:
        built = report(
            self_scores={"a": 5, "b": "7.25", "c": Decimal("1.5"), "d": " 3 "},
            appraised_scores={"a": 4, "b": "6.5"},
            bonuses={"x": 2, "y": "0.5"},
        )
        assert dict(built.self_scores) == {
            "a": Decimal(5),
            "b": Decimal("7.25"),
            "c": Decimal("1.5"),
            "d": Decimal(3),
        }
        assert all(type(v) is Decimal for v in built.self_scores.values())
        assert built.appraised_scores == {"a": Decimal(4), "b": Decimal("6.5")}
        assert built.bonuses == {"x": Decimal(2), "y": Decimal("0.5")}

    def test_level_names_and_checklist_answers_are_kept(self) -> None:
        built = report(self_scores={"a": "Tốt", "b": True, "c": False, "d": "NaN", "e": ""})
        assert built.self_scores == {"a": "Tốt", "b": True, "c": False, "d": "NaN", "e": ""}
        assert built.self_scores["b"] is True

    def test_defaults(self) -> None:
        built = report()
        assert built.appraised_scores is None
        assert built.facts == {}
        assert built.bonuses == {}
        assert built.former_province is None

    def test_facts_are_flags_and_counts(self) -> None:
        built = report(facts={"flag": True, "count": 3, "zero": 0})
        assert built.facts == {"flag": True, "count": 3, "zero": 0}
        assert built.facts["flag"] is True

    @given(
        st.dictionaries(
            st.text(max_size=5).map(lambda key: unicodedata.normalize("NFC", key)),
            st.one_of(
                st.integers(-(10**6), 10**6),
                st.decimals(
                    allow_nan=False,
                    allow_infinity=False,
                    places=3,
                    max_value=10**6,
                    min_value=-(10**6),
                ),
            ),
            max_size=5,
        ),
        st.booleans(),
    )
    def test_numbers_in_any_form_become_equal_decimals(
        self, values: dict[str, int | Decimal], as_text: bool
    ) -> None:
        given_values = {k: str(v) if as_text else v for k, v in values.items()}
        built = report(self_scores=given_values, bonuses=given_values)
        for mapping in (built.self_scores, built.bonuses):
            assert set(mapping) == set(values)
            for key, value in values.items():
                got = mapping[key]
                assert isinstance(got, Decimal)
                assert got == value


class TestUnitReportProblems:
    def test_every_problem_at_once_with_paths(self) -> None:
        found = problems_of(
            self_scores={"I.1": float("nan"), "I.2": [1], 'say "hi"': None},
            appraised_scores={"I.3": float("inf")},
            facts={"n": -1, "m": 1.5, "k": "yes"},
            bonuses={"x": "Tốt", "y": True},
        )
        assert found == [
            ("nan is not a finite number", '$.self_scores["I.1"]'),
            ("[1] is not points, true/false or a level name", '$.self_scores["I.2"]'),
            ("None is not points, true/false or a level name", '$.self_scores["say \\"hi\\""]'),
            ("inf is not a finite number", '$.appraised_scores["I.3"]'),
            ("a fact is true/false or a whole count >= 0, not -1", '$.facts["n"]'),
            ("a fact is true/false or a whole count >= 0, not 1.5", '$.facts["m"]'),
            ("a fact is true/false or a whole count >= 0, not 'yes'", '$.facts["k"]'),
            ("a bonus claim is points or a number of items, not 'Tốt'", '$.bonuses["x"]'),
            ("a bonus claim is points or a number of items, not True", '$.bonuses["y"]'),
        ]

    def test_error_names_the_unit(self) -> None:
        with pytest.raises(ReportError) as info:
            report(facts={"n": -1})
        assert info.value.unit_id == "so-x"
        assert str(info.value) == (
            "1 problem in report of unit 'so-x':\n"
            '  a fact is true/false or a whole count >= 0, not -1 @ $.facts["n"]'
        )

    def test_backslashes_in_keys_are_escaped(self) -> None:
        assert problems_of(facts={"a\\b": -2}) == [
            ("a fact is true/false or a whole count >= 0, not -2", '$.facts["a\\\\b"]')
        ]

    @pytest.mark.parametrize("unit_id", ["", "   "])
    def test_empty_unit_id(self, unit_id: str) -> None:
        with pytest.raises(ReportError) as info:
            report(unit_id=unit_id)
        assert info.value.problems == (
            Problem(
                "unit_id must not be empty",
                "$.unit_id",
                code="text.empty",
                message_vi="unit_id không được để trống",
            ),
        )
        if not unit_id:
            assert info.value.unit_id is None
            assert info.value.subject == "report"

    @pytest.mark.parametrize("year", [1899, 2201, 0, -2024])
    def test_implausible_years(self, year: int) -> None:
        assert problems_of(year=year) == [
            (f"year {year} is not a plausible evaluation year", "$.year")
        ]

    @pytest.mark.parametrize("year", [1900, 2024, 2200])
    def test_plausible_years(self, year: int) -> None:
        assert report(year=year).year == year

    @pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("1E+30")])
    @pytest.mark.parametrize("field", ["self_scores", "appraised_scores", "bonuses"])
    def test_non_finite_or_absurd_decimals_are_refused(self, field: str, value: Decimal) -> None:
        """DESIGN §3: NaN, infinities and absurd exponents are rejected, however they come."""
        with pytest.raises(ReportError) as info:
            report(**{field: {"x": value}})
        assert [p.path for p in info.value.problems] == [f'$.{field}["x"]']


class TestUnitReportImmutability:
    def test_mappings_are_read_only(self) -> None:
        built = report(
            self_scores={"a": 1}, appraised_scores={"a": 2}, facts={"f": True}, bonuses={"b": 1}
        )
        mappings: list[Any] = [
            built.self_scores,
            built.appraised_scores,
            built.facts,
            built.bonuses,
        ]
        for mapping in mappings:
            with pytest.raises(TypeError):
                mapping["new"] = 1

    def test_later_changes_to_the_inputs_do_not_leak_in(self) -> None:
        scores: dict[str, object] = {"a": 1}
        facts: dict[str, bool | int] = {"f": True}
        bonuses: dict[str, object] = {"b": 1}
        built = report(self_scores=scores, facts=facts, bonuses=bonuses)
        before = copy.deepcopy((dict(built.self_scores), dict(built.facts), dict(built.bonuses)))
        scores["a"] = 9
        facts["g"] = 3
        bonuses.clear()
        assert (dict(built.self_scores), dict(built.facts), dict(built.bonuses)) == before

    def test_frozen(self) -> None:
        built = report()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            built.year = 2025  # type: ignore[misc]

    def test_equal_reports(self) -> None:
        assert report(self_scores={"a": 1}) == report(self_scores={"a": "1"})
        assert report(self_scores={"a": 1}) != report(self_scores={"a": 2})


# ---------------------------------------------------------------------- results


def _example_batch(example: RuleSet) -> Batch:
    broken = ReportError(
        [Problem("not readable", "$.year", code="test.problem", message_vi="lỗi thử")],
        unit_id="hong",
    )
    reports: list[UnitReport | ReportError] = [
        dr.load_report(EXAMPLES / "tot.json"),
        broken,
        dr.load_report(EXAMPLES / "malformed.json"),
        dr.load_report(EXAMPLES / "khong-du-dieu-kien.json"),
    ]
    return dr.score_many(example, reports)


class TestBatch:
    def test_helpers(self, example: RuleSet) -> None:
        batch = _example_batch(example)
        assert len(batch) == 4
        outcomes = list(batch)
        assert outcomes == list(batch.outcomes)
        assert batch.results == (outcomes[0], outcomes[3])
        assert all(isinstance(r, ScoreResult) for r in batch.results)
        assert [i for i, _ in batch.errors] == [1, 2]
        assert batch.errors[0][1] is outcomes[1]
        assert batch.errors[1][1].unit_id == "so-van-hoa"
        assert not batch.ok

    def test_all_scored(self, example: RuleSet) -> None:
        batch = dr.score_many(example, [dr.load_report(EXAMPLES / "tot.json")])
        assert batch.ok
        assert batch.errors == ()
        assert len(batch.results) == 1

    def test_empty_batch(self) -> None:
        batch = Batch(())
        assert len(batch) == 0
        assert list(batch) == []
        assert batch.results == ()
        assert batch.ok


class TestScoreResult:
    def test_line_lookup(self, example: RuleSet) -> None:
        result = dr.score(example, dr.load_report(EXAMPLES / "tot.json"))
        for line in result.lines:
            assert result.line(line.code) is line
        with pytest.raises(KeyError) as info:
            result.line("IX")
        assert info.value.args == ("IX",)

    def test_band_code_rated(self, example: RuleSet) -> None:
        result = dr.score(example, dr.load_report(EXAMPLES / "tot.json"))
        assert result.status is Status.RATED
        assert result.band is not None
        assert result.band_code == result.band.code

    def test_band_code_ineligible(self, example: RuleSet) -> None:
        result = dr.score(example, dr.load_report(EXAMPLES / "khong-du-dieu-kien.json"))
        assert result.status is Status.INELIGIBLE
        assert result.band is None
        assert result.band_code is None


def _iter_lines(result: ScoreResult) -> Iterator[str]:
    yield from (line.code for line in result.lines)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["tot.json", "xuat-sac.json", "hoan-thanh.json", "tham-dinh.json"]))
def test_every_scorecard_criterion_has_a_line(name: str) -> None:
    ruleset = dr.rulesets.get("example/dan-van-2024")
    unit = dr.load_report(EXAMPLES / name)
    result = dr.score(ruleset, unit)
    card = ruleset.scorecard_for(unit.category)
    assert list(_iter_lines(result)) == [c.code for c in card.ordered]
