"""codec/: dict/TOML/JSON <-> model, strictly, with every error at once and its path."""

from __future__ import annotations

import copy
import datetime as dt
import json
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
import tomli_w
from cattrs.errors import ClassValidationError, IterableValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules import codec
from danvan_rules.codec import (
    batch_to_data,
    check_ruleset,
    parse_json,
    report_from_data,
    report_from_json,
    report_to_data,
    report_to_json,
    result_to_data,
    ruleset_from_data,
    ruleset_from_toml,
    ruleset_to_data,
    ruleset_to_toml,
)
from danvan_rules.codec._converter import CONVERTER
from danvan_rules.codec._errors import key_path, problems_of
from danvan_rules.codec._unstructure import toml_number
from danvan_rules.codec.results import error_to_data
from danvan_rules.errors import Problem, ReportError, RuleSetError
from danvan_rules.model import (
    Batch,
    Checklist,
    Levels,
    Points,
    RateTable,
    RuleSet,
    ScoreResult,
    UnitReport,
)
from danvan_rules.model._canonical import decimal_text, to_data
from danvan_rules.model._numbers import float_message

from .strategies import rulesets

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_TOML = ROOT / "src" / "danvan_rules" / "data" / "example-dan-van-2024.toml"
SINGLE_REPORTS = sorted(p.name for p in EXAMPLES.glob("*.json") if p.name != "cohort.json")


def example_text() -> str:
    return EXAMPLE_TOML.read_text(encoding="utf-8")


def example_data() -> dict[str, Any]:
    return tomllib.loads(example_text(), parse_float=Decimal)


def ruleset_problems(data: Any) -> list[tuple[str, str]]:
    return [(p.message, p.path) for p in check_ruleset(data)]


def report_data(name: str = "tot.json") -> dict[str, Any]:
    data: dict[str, Any] = parse_json((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


def report_problems(data: Any) -> tuple[ReportError, list[tuple[str, str]]]:
    with pytest.raises(ReportError) as info:
        report_from_data(data)
    return info.value, [(p.message, p.path) for p in info.value.problems]


# ---------------------------------------------------------------------- rule sets: round trips


class TestRuleSetRoundTrips:
    def test_bundled_file_is_sound(self) -> None:
        assert check_ruleset(example_data()) == ()

    def test_dict_model_dict(self, example: RuleSet) -> None:
        data = ruleset_to_data(example)
        rebuilt = ruleset_from_data(data)
        assert rebuilt == example
        assert ruleset_to_data(rebuilt) == data
        assert rebuilt.sha256 == example.sha256

    def test_data_form_is_the_canonical_form(self, example: RuleSet) -> None:
        assert ruleset_to_data(example) == to_data(example)

    def test_data_form_is_json(self, example: RuleSet) -> None:
        data = ruleset_to_data(example)
        assert ruleset_from_data(json.loads(json.dumps(data))) == example

    def test_model_toml_model(self, example: RuleSet) -> None:
        text = ruleset_to_toml(example)
        rebuilt = ruleset_from_toml(text)
        assert rebuilt == example
        assert rebuilt.sha256 == example.sha256
        assert ruleset_to_toml(rebuilt) == text

    def test_toml_keeps_numbers_and_dates_native(self, example: RuleSet) -> None:
        data = tomllib.loads(ruleset_to_toml(example), parse_float=Decimal)
        assert data["scale"] == 100
        assert isinstance(data["scale"], int)
        assert data["effective_from"] == dt.date(2024, 1, 1)
        assert data["quota"]["share"] == Decimal("0.2")
        assert isinstance(data["quota"]["share"], Decimal)  # a TOML decimal, not a string
        by_code = {c["code"]: c for c in data["scorecards"][0]["criteria"]}
        assert by_code["II.1"]["measure"] == {"kind": "points", "step": Decimal("0.25")}
        assert by_code["I.3"]["max"] == 5

    def test_the_file_and_the_model_agree(self, example: RuleSet) -> None:
        """Reading the file gives the registry's rule set, field by field."""
        from_file = ruleset_from_toml(example_text())
        assert from_file == example
        assert from_file.code == example_data()["code"]

    @settings(max_examples=25, deadline=None)
    @given(rulesets())
    def test_any_rule_set_round_trips(self, ruleset: RuleSet) -> None:
        data = ruleset_to_data(ruleset)
        assert ruleset_from_data(data) == ruleset
        assert ruleset_from_toml(ruleset_to_toml(ruleset)) == ruleset
        assert check_ruleset(data) == ()


class TestTomlNumbers:
    """TOML floats are read exactly, and numbers are written so that they read back exactly."""

    def test_floats_in_toml_are_read_exactly(self, example: RuleSet) -> None:
        card = example.scorecards[0]
        steps = {c.code: c.measure.step for c in card.criteria if isinstance(c.measure, Points)}
        assert steps["II.1"] == Decimal("0.25")
        assert steps["I.2"] == Decimal("0.5")
        assert example.quota is not None
        assert example.quota.share == Decimal("0.2")  # not 0.2000000000000000111…
        assert str(example.quota.share) == "0.2"

    def test_long_toml_decimals_are_read_exactly(self) -> None:
        text = example_text().replace("share = 0.2\n", "share = 0.123456789012\n")
        ruleset = ruleset_from_toml(text)
        assert ruleset.quota is not None
        assert ruleset.quota.share == Decimal("0.123456789012")
        too_long = example_text().replace("share = 0.2\n", "share = 0.1234567890123\n")
        with pytest.raises(RuleSetError) as info:
            ruleset_from_toml(too_long)
        assert [(p.message, p.path) for p in info.value.problems] == [
            ("Decimal('0.1234567890123') has more than 12 digits after the point", "$.quota.share")
        ]

    def test_toml_number_branches(self) -> None:
        assert toml_number(Decimal("5.00")) == 5
        assert isinstance(toml_number(Decimal("5.00")), int)
        assert toml_number(Decimal("0.25")) == 0.25
        assert isinstance(toml_number(Decimal("0.25")), float)
        long = Decimal("123456789012.123456789012")
        assert toml_number(long) == "123456789012.123456789012"

    @given(
        st.integers(0, 12).flatmap(
            lambda places: st.builds(
                lambda n: Decimal(n).scaleb(-places),
                st.integers(-(10 ** (12 + places)) + 1, 10 ** (12 + places) - 1),
            )
        )
    )
    def test_every_number_reads_back_exactly(self, number: Decimal) -> None:
        written = tomli_w.dumps({"v": toml_number(number)})
        read = tomllib.loads(written, parse_float=Decimal)["v"]
        assert CONVERTER.structure(read, Decimal) == number

    def test_a_long_decimal_in_a_rule_set_survives_toml(
        self, small_ruleset_data: dict[str, Any]
    ) -> None:
        small_ruleset_data["quota"]["share"] = "0.123456789012"
        small_ruleset_data["bands"][0]["below"] = "4.000000000001"
        small_ruleset_data["bands"][1]["min"] = "4.000000000001"
        ruleset = ruleset_from_data(small_ruleset_data)
        text = ruleset_to_toml(ruleset)
        assert '"4.000000000001"' in text or "4.000000000001" in text
        assert ruleset_from_toml(text) == ruleset


# ---------------------------------------------------------------------- rule sets: errors


def mutated(**changes: Any) -> dict[str, Any]:
    data = example_data()
    data.update(changes)
    return data


class TestRuleSetErrors:
    def test_unknown_key_suggests_the_close_one(self) -> None:
        data = mutated(titel_en="x")
        assert ruleset_problems(data) == [
            ("unknown key 'titel_en' (did you mean 'title_en'?)", "$.titel_en")
        ]

    def test_unknown_key_lists_the_known_ones(self) -> None:
        known = [a.alias or a.name for a in attrs.fields(RuleSet) if a.init]
        assert ruleset_problems(mutated(colourful=1)) == [
            (f"unknown key 'colourful' (known: {', '.join(known)})", "$.colourful")
        ]

    def test_unknown_nested_keys(self) -> None:
        data = example_data()
        data["instrument"]["numbr"] = "1"
        data["scorecards"][0]["criteria"][2]["measure"]["stepp"] = 1
        assert ruleset_problems(data) == [
            ("unknown key 'numbr' (did you mean 'number'?)", "$.instrument.numbr"),
            (
                "unknown key 'stepp' (did you mean 'step'?)",
                "$.scorecards[0].criteria[2].measure.stepp",
            ),
        ]

    def test_missing_required_keys(self) -> None:
        data = example_data()
        del data["province"]
        del data["bands"][1]["min"]
        del data["scorecards"][0]["criteria"][3]["measure"]["levels"][0]["name"]
        assert ruleset_problems(data) == [
            ("required key missing", "$.province"),
            ("required key missing", "$.scorecards[0].criteria[3].measure.levels[0].name"),
            ("required key missing", "$.bands[1].min"),
        ]

    @pytest.mark.parametrize(
        ("path", "value", "message"),
        [
            (("rounding", "places"), "2", "expected a whole number, not '2'"),
            (("rounding", "places"), True, "expected a whole number, not True"),
            (("title_vi",), 5, "expected text, not 5"),
            (("illustrative",), "5", "expected true or false, not '5'"),
            (("illustrative",), 1, "expected true or false, not 1"),
            (("scale",), "abc", "'abc' is not a decimal number"),
            (("scale",), float("nan"), float_message(float("nan"))),
            (("scale",), float("inf"), float_message(float("inf"))),
            (("scale",), True, "True is a boolean, not a number"),
            (
                ("bands", 0, "provenance"),
                "guessed",
                "expected one of 'sourced', 'assumed', not 'guessed'",
            ),
            (
                ("rounding", "mode"),
                "up",
                "expected one of 'half_up', 'half_even', 'down', not 'up'",
            ),
            (("facts", 0, "kind"), "flags", "expected one of 'flag', 'count', not 'flags'"),
            (("facts", 0, "kind"), 1, "expected one of 'flag', 'count', not 1"),
            (("quota", "base"), "all", "expected one of 'band', 'band_and_above', not 'all'"),
            (("effective_from",), "2024-13-01", "expected a date (YYYY-MM-DD), not '2024-13-01'"),
            (("effective_from",), 20240101, "expected a date (YYYY-MM-DD), not 20240101"),
            (
                ("effective_from",),
                dt.datetime(2024, 1, 1, 8, 30),  # noqa: DTZ001 - TOML local date-times are naive
                (
                    "expected a date (YYYY-MM-DD), not a date-time "
                    "datetime.datetime(2024, 1, 1, 8, 30)"
                ),
            ),
            (("instrument", "replaces"), ["1/QĐ", 2], "expected text, not 2"),
        ],
    )
    def test_wrong_types(self, path: tuple[str | int, ...], value: object, message: str) -> None:
        data = example_data()
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        where = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path)
        if path == ("instrument", "replaces"):
            where += "[1]"
        assert ruleset_problems(data) == [(message, f"${where}")]

    @pytest.mark.parametrize(
        ("where", "kinds"),
        [
            ("measure", "'points', 'checklist', 'levels', 'rates', 'deductions'"),
            ("condition", "'flag', 'count_at_least', 'criterion_below', 'all_of', 'any_of', 'not'"),
            ("effect", "'cap', 'force', 'ineligible'"),
            ("adjustment", "'bonus', 'deduction', 'percent_deduction'"),
        ],
    )
    def test_unknown_tagged_union_kinds(self, where: str, kinds: str) -> None:
        data = example_data()
        paths = {
            "measure": (
                data["scorecards"][0]["criteria"][1],
                "measure",
                ".scorecards[0].criteria[1].measure",
            ),
            "condition": (data["conditions"][0], "when", ".conditions[0].when"),
            "effect": (data["conditions"][0], "effect", ".conditions[0].effect"),
            "adjustment": (data["adjustments"], 0, ".adjustments[0]"),
        }
        parent, key, path = paths[where]
        entry = dict(parent[key])
        entry["kind"] = "nope"
        parent[key] = entry
        assert ruleset_problems(data) == [
            (f"unknown {where} kind 'nope' (kinds: {kinds})", f"${path}")
        ]
        del entry["kind"]
        assert ruleset_problems(data) == [
            (f"unknown {where} kind None (kinds: {kinds})", f"${path}")
        ]

    def test_tagged_union_needs_a_table(self) -> None:
        data = example_data()
        data["scorecards"][0]["criteria"][1]["measure"] = "checklist"
        assert ruleset_problems(data) == [
            (
                (
                    "expected a table with a 'kind' ('points', 'checklist', 'levels', 'rates', "
                    "'deductions'), not 'checklist'"
                ),
                "$.scorecards[0].criteria[1].measure",
            )
        ]

    def test_nested_conditions_are_structured_with_paths(self) -> None:
        data = example_data()
        data["conditions"][0]["when"] = {
            "kind": "all_of",
            "conditions": [
                {"kind": "flag"},
                {"kind": "not", "condition": {"kind": "flag", "fact": "ky_luat", "x": 1}},
            ],
        }
        assert ruleset_problems(data) == [
            ("required key missing", "$.conditions[0].when.conditions[0].fact"),
            ("unknown key 'x' (known: fact)", "$.conditions[0].when.conditions[1].condition.x"),
        ]

    def test_measures_of_every_kind_are_read(self, example: RuleSet) -> None:
        kinds = {type(c.measure) for c in example.scorecards[0].criteria if c.measure}
        assert {Points, Checklist, Levels, RateTable} <= kinds

    def test_dates_as_iso_text(self) -> None:
        data = mutated(effective_from="2024-01-01")
        assert ruleset_from_data(data).effective_from == dt.date(2024, 1, 1)

    def test_explicit_none_for_optional_tables(self) -> None:
        data = mutated(quota=None, effective_until=None)
        ruleset = ruleset_from_data(data)
        assert ruleset.quota is None
        assert ruleset.effective_until is None

    def test_validators_inside_nested_objects(self) -> None:
        data = example_data()
        data["bands"][0]["reference"] = {"document": " "}
        assert ruleset_problems(data) == [("document must not be empty", "$.bands[0].reference")]

    def test_every_type_error_at_once(self) -> None:
        data = example_data()
        data["title_vi"] = 1
        data["scale"] = "x"
        data["bands"][2]["provenance"] = "?"
        data["conditions"][1]["effect"] = {"kind": "?"}
        data["extra"] = True
        found = ruleset_problems(data)
        assert found == [
            ("expected text, not 1", "$.title_vi"),
            ("'x' is not a decimal number", "$.scale"),
            ("expected one of 'sourced', 'assumed', not '?'", "$.bands[2].provenance"),
            (
                "unknown effect kind '?' (kinds: 'cap', 'force', 'ineligible')",
                "$.conditions[1].effect",
            ),
            (f"unknown key 'extra' (known: {found[-1][0].split('(known: ')[1][:-1]})", "$.extra"),
        ]

    def test_error_names_the_rule_set(self) -> None:
        with pytest.raises(RuleSetError) as info:
            ruleset_from_data(mutated(scale="x"))
        assert info.value.subject == "rule set 'example/dan-van-2024'"
        assert str(info.value) == (
            "1 problem in rule set 'example/dan-van-2024':\n  'x' is not a decimal number @ $.scale"
        )

    def test_error_without_a_usable_code(self) -> None:
        with pytest.raises(RuleSetError) as info:
            ruleset_from_data(mutated(code=5))
        assert info.value.subject == "rule set"
        assert info.value.problems == (
            Problem(
                "expected text, not 5",
                "$.code",
                code="data.expected_text",
                message_vi="cần một chuỗi ký tự, không phải 5",
            ),
        )

    def test_lint_problems_come_once_types_are_right(self) -> None:
        with pytest.raises(RuleSetError) as info:
            ruleset_from_data(mutated(scale=99))
        assert info.value.subject == "rule set 'example/dan-van-2024'"
        assert [p.path for p in info.value.problems] == [
            "$.categories[0].scorecard",
            "$.categories[1].weights",
        ]

    @pytest.mark.parametrize("data", [[1], "x", 5, None])
    def test_non_mapping_input(self, data: Any) -> None:
        assert ruleset_problems(data) == [
            (f"a rule set is a table, not {type(data).__name__}", "$")
        ]
        with pytest.raises(RuleSetError, match="1 problem in rule set:"):
            ruleset_from_data(data)

    @pytest.mark.parametrize(
        ("path", "value"),
        [
            (("instrument", "replaces"), "3225/QĐ-UBND"),
            (("modifications",), "reweighted"),
            (("scorecards",), {}),
        ],
    )
    def test_text_or_table_is_not_a_list(self, path: tuple[str, ...], value: object) -> None:
        """Policy: no value is coerced across types — a string is not a list of strings."""
        data = example_data()
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        found = ruleset_problems(data)
        assert [p for _, p in found] == ["$." + ".".join(path)]


class TestToml:
    def test_invalid_toml(self) -> None:
        with pytest.raises(RuleSetError) as info:
            ruleset_from_toml("code = ")
        (problem,) = info.value.problems
        assert problem.path == "$"
        assert problem.message.startswith("not valid TOML: ")
        assert info.value.subject == "rule set"

    def test_duplicate_keys_are_a_parse_error(self) -> None:
        with pytest.raises(
            RuleSetError, match=r"^1 problem in rule set:\n  not valid TOML: "
        ) as info:
            ruleset_from_toml(example_text() + '\ncode = "again"\n')
        assert len(info.value.problems) == 1

    def test_date_time_in_toml(self) -> None:
        text = example_text().replace(
            "effective_from = 2024-01-01", "effective_from = 2024-01-01T00:00:00"
        )
        with pytest.raises(RuleSetError) as info:
            ruleset_from_toml(text)
        (problem,) = info.value.problems
        assert (problem.message, problem.path, problem.code) == (
            "expected a date (YYYY-MM-DD), not a date-time datetime.datetime(2024, 1, 1, 0, 0)",
            "$.effective_from",
            "data.expected_date",
        )

    def test_toml_errors_have_paths(self) -> None:
        text = example_text().replace("scale = 100", "scale = 100\nscael = 1")
        with pytest.raises(RuleSetError) as info:
            ruleset_from_toml(text)
        assert info.value.problems == (
            Problem(
                "unknown key 'scael' (did you mean 'scale'?)",
                "$.scael",
                code="data.unknown_key",
                message_vi="khóa 'scael' không được biết đến (có phải là 'scale'?)",
            ),
        )


# ---------------------------------------------------------------------- reports


def limited_decimals() -> st.SearchStrategy[Decimal]:
    return st.integers(0, 12).flatmap(
        lambda places: st.builds(
            lambda n: Decimal(n).scaleb(-places),
            st.integers(-(10 ** (12 + places)) + 1, 10 ** (12 + places) - 1),
        )
    )


answers = st.one_of(limited_decimals(), st.booleans(), st.text(max_size=12))
keys = st.text(max_size=8)


@st.composite
def unit_reports(draw: st.DrawFn) -> UnitReport:
    return UnitReport(
        unit_id=draw(st.text(min_size=1, max_size=10).filter(str.strip)),
        unit_name=draw(st.text(min_size=1, max_size=10).filter(str.strip)),
        category=draw(st.text(min_size=1, max_size=10).filter(str.strip)),
        year=draw(st.integers(1900, 2200)),
        province=draw(st.text(min_size=1, max_size=10).filter(str.strip)),
        self_scores=draw(st.dictionaries(keys, answers, max_size=6)),
        appraised_scores=draw(st.none() | st.dictionaries(keys, answers, max_size=4)),
        facts=draw(st.dictionaries(keys, st.booleans() | st.integers(0, 10**6), max_size=4)),
        bonuses=draw(st.dictionaries(keys, limited_decimals(), max_size=3)),
        former_province=draw(st.none() | st.text(min_size=1, max_size=10).filter(str.strip)),
    )


class TestReportRoundTrips:
    @pytest.mark.parametrize("name", SINGLE_REPORTS)
    def test_example_files(self, name: str) -> None:
        unit = dr.load_report(EXAMPLES / name)
        text = report_to_json(unit)
        assert report_from_json(text) == unit
        assert report_to_json(report_from_json(text)) == text
        assert report_from_data(report_to_data(unit)) == unit

    @given(unit_reports())
    def test_any_report(self, unit: UnitReport) -> None:
        text = report_to_json(unit)
        again = report_from_json(text)
        assert again == unit
        assert report_to_json(again) == text
        assert report_from_data(report_to_data(unit)) == unit

    def test_json_form(self) -> None:
        unit = dr.load_report(EXAMPLES / "tot.json")
        data = json.loads(report_to_json(unit))
        assert data == report_to_data(unit)
        assert data["self_scores"]["II.1"] == "8.5"  # points as exact decimal text
        assert data["self_scores"]["I.1"] is True
        assert data["self_scores"]["I.3"] == "Khá"
        assert data["facts"]["khieu_nai_dong_nguoi"] == 0
        assert data["bonuses"] == {"dvk-cap-tinh": "1"}
        assert "former_province" not in data  # defaults are left out
        assert list(data) == sorted(data)
        assert "Sở Tư pháp" in report_to_json(unit)  # not \\u-escaped

    def test_json_numbers_are_read_exactly(self) -> None:
        data = report_data()
        data["self_scores"]["II.1"] = Decimal("8.50")
        text = json.dumps(data, default=str).replace('"8.50"', "8.50")
        unit = report_from_json(text)
        assert unit.self_scores["II.1"] == Decimal("8.5")
        assert parse_json('{"a": 0.1, "b": 3, "c": 1e2}') == {
            "a": Decimal("0.1"),
            "b": 3,
            "c": Decimal(100),
        }


class TestReportErrors:
    def test_documented_example(self) -> None:
        err, found = report_problems(
            {
                "unit_id": "x",
                "unit_name": "X",
                "category": "so-nganh",
                "year": "2024",
                "province": "example",
                "self_scores": {"I.1": []},
                "colour": "red",
            }
        )
        known = [a.alias or a.name for a in attrs.fields(UnitReport) if a.init]
        assert found == [
            ("expected a whole number, not '2024'", "$.year"),
            ("expected points, true/false or a level name, not []", '$.self_scores["I.1"]'),
            (f"unknown key 'colour' (known: {', '.join(known)})", "$.colour"),
        ]
        assert err.unit_id == "x"
        assert str(err).startswith("3 problems in report of unit 'x':\n")

    def test_wrong_types_everywhere(self) -> None:
        data = report_data()
        data["unit_name"] = 5
        data["self_scores"]["I.3"] = None
        data["appraised_scores"]["VII"] = {"points": 8}
        data["facts"]["ky_luat"] = "no"
        data["bonuses"]["dvk-cap-tinh"] = "một"
        data["former_province"] = 3
        _, found = report_problems(data)
        assert found == [
            ("expected text, not 5", "$.unit_name"),
            ("expected points, true/false or a level name, not None", '$.self_scores["I.3"]'),
            (
                "expected points, true/false or a level name, not {'points': 8}",
                '$.appraised_scores["VII"]',
            ),
            ("expected true/false or a whole count, not 'no'", '$.facts["ky_luat"]'),
            ("'một' is not a decimal number", '$.bonuses["dvk-cap-tinh"]'),
            ("expected text, not 3", "$.former_province"),
        ]

    def test_floats_in_a_dict_are_read_by_their_shortest_text(self) -> None:
        """``json.loads`` output holds floats: each is read as its shortest text; NaN is refused."""
        data = report_data()
        data["self_scores"]["II.1"] = 8.25
        data["bonuses"]["dvk-cap-tinh"] = 1.0
        report = report_from_data(data)
        assert report.self_scores["II.1"] == Decimal("8.25")
        data["appraised_scores"]["VII"] = float("nan")
        _, found = report_problems(data)
        assert found == [(float_message(float("nan")), '$.appraised_scores["VII"]')]

    def test_decimals_in_a_dict_are_kept(self) -> None:
        data = report_data()
        data["self_scores"]["II.1"] = Decimal("8.25")
        data["bonuses"]["dvk-cap-tinh"] = Decimal("1.0")
        unit = report_from_data(data)
        assert unit.self_scores["II.1"] == Decimal("8.25")
        assert unit.bonuses["dvk-cap-tinh"] == Decimal(1)

    def test_missing_keys(self) -> None:
        data = report_data()
        del data["province"]
        del data["self_scores"]
        err, found = report_problems(data)
        assert found == [
            ("required key missing", "$.province"),
            ("required key missing", "$.self_scores"),
        ]
        assert err.unit_id == "so-tu-phap"

    def test_value_problems_name_the_unit(self) -> None:
        data = report_data()
        data["facts"]["khieu_nai_dong_nguoi"] = -1
        data["year"] = 1800
        err, found = report_problems(data)
        assert found == [
            ("year 1800 is not a plausible evaluation year", "$.year"),
            (
                "a fact is true/false or a whole count >= 0, not -1",
                '$.facts["khieu_nai_dong_nguoi"]',
            ),
        ]
        assert err.unit_id == "so-tu-phap"
        assert err.subject == "report of unit 'so-tu-phap'"

    @pytest.mark.parametrize("unit_id", [5, "", None])
    def test_no_usable_unit_id(self, unit_id: object) -> None:
        data = report_data()
        data["unit_id"] = unit_id
        data["year"] = "2024"
        err, _ = report_problems(data)
        assert err.unit_id is None
        assert err.subject == "report"

    @pytest.mark.parametrize("data", [[1], "x", 3, None])
    def test_non_mapping_input(self, data: Any) -> None:
        err, found = report_problems(data)
        assert found == [(f"a report is an object, not {type(data).__name__}", "$")]
        assert err.unit_id is None

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ('{"unit_id": "a", "unit_id": "b"}', "duplicate key 'unit_id'"),
            ('{"self_scores": {"I.1": NaN}}', "NaN is not a number here"),
            ('{"self_scores": {"I.1": Infinity}}', "Infinity is not a number here"),
            ('{"self_scores": {"I.1": -Infinity}}', "-Infinity is not a number here"),
            ("{", "Expecting property name enclosed in double quotes"),
            ("", "Expecting value"),
        ],
    )
    def test_invalid_json(self, text: str, reason: str) -> None:
        with pytest.raises(ReportError) as info:
            report_from_json(text)
        (problem,) = info.value.problems
        assert problem.path == "$"
        assert problem.message.startswith(f"not valid JSON: {reason}")
        assert info.value.unit_id is None

    def test_parse_json_raises_value_errors(self) -> None:
        with pytest.raises(ValueError, match="duplicate key 'a'"):
            parse_json('{"a": 1, "a": 1}')
        with pytest.raises(ValueError, match="NaN is not a number here"):
            parse_json("[NaN]")

    def test_structure_error_of_json_names_the_unit(self) -> None:
        with pytest.raises(ReportError) as info:
            report_from_json('{"unit_id": "xa-a", "year": 2024}')
        assert info.value.unit_id == "xa-a"
        assert str(info.value).startswith("4 problems in report of unit 'xa-a':")
        assert [p.path for p in info.value.problems] == [
            "$.unit_name",
            "$.category",
            "$.province",
            "$.self_scores",
        ]

    @given(st.text(min_size=1).filter(lambda k: k not in attrs.fields_dict(UnitReport)))
    def test_any_unknown_key_is_reported_with_its_path(self, key: str) -> None:
        data = report_data()
        data[key] = 1
        with pytest.raises(ReportError) as info:
            report_from_data(data)
        (problem,) = info.value.problems
        assert problem.path == (f"$.{key}" if key.isidentifier() else key_path("$", key))
        assert problem.message.startswith(f"unknown key {key!r} (")
        assert problem.code == "data.unknown_key"


# ---------------------------------------------------------------------- results


EXPECTED_RESULT_KEYS = {
    "unit_id",
    "unit_name",
    "category",
    "year",
    "province",
    "ruleset",
    "status",
    "total",
    "self_total",
    "criteria_total",
    "band",
    "band_label_vi",
    "band_by_score",
    "criteria",
    "adjustments",
    "applied_conditions",
    "gap",
    "warnings",
    "audit",
    "cohort",
    "derived",
}


def scored(example: RuleSet, name: str) -> ScoreResult:
    return dr.score(example, dr.load_report(EXAMPLES / name))


def _ref(reference: Any) -> Any:
    return None if reference is None else to_data(reference)


def check_result_data(result: ScoreResult, data: dict[str, Any]) -> None:
    """The documented form, field by field, from the result it describes."""
    assert set(data) == EXPECTED_RESULT_KEYS
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["unit_id"] == result.unit_id
    assert (data["unit_name"], data["category"], data["year"], data["province"]) == (
        result.unit_name,
        result.category,
        result.year,
        result.province,
    )
    assert data["ruleset"] == result.audit.ruleset_code
    assert data["status"] == result.status.value
    for key in ("total", "self_total"):
        assert isinstance(data[key], str)
        assert data[key] == str(getattr(result, key))  # as rounded, trailing zeros kept
    assert data["criteria_total"] == decimal_text(result.criteria_total)
    assert data["band"] == result.band_code
    assert data["band_label_vi"] == (None if result.band is None else result.band.label_vi)
    assert data["band_by_score"] == result.band_by_score.code
    assert len(data["criteria"]) == len(result.lines)
    for entry, line in zip(data["criteria"], result.lines, strict=True):
        assert entry["code"] == line.code
        assert entry["title_vi"] == line.title_vi
        assert entry["depth"] == line.depth
        assert Decimal(entry["awarded"]) == line.awarded
        assert entry["max"] == decimal_text(line.max)
        assert entry["source"] == line.source.value
        for key in ("weight", "weighted", "self_points", "appraised_points"):
            value = getattr(line, key)
            assert entry[key] == (None if value is None else decimal_text(value))
        assert entry["reference"] == _ref(line.reference)
        assert entry["assumed"] is line.assumed
    assert [a["code"] for a in data["adjustments"]] == [a.code for a in result.adjustments]
    for entry, adj in zip(data["adjustments"], result.adjustments, strict=True):
        assert (entry["kind"], entry["label_vi"], entry["note"]) == (
            adj.kind,
            adj.label_vi,
            adj.note,
        )
        assert (entry["claimed"], entry["points"]) == (
            decimal_text(adj.claimed),
            decimal_text(adj.points),
        )
        assert entry["reference"] == _ref(adj.reference)
        assert entry["assumed"] is adj.assumed
    assert len(data["applied_conditions"]) == len(result.applied_conditions)
    for entry, cond in zip(data["applied_conditions"], result.applied_conditions, strict=True):
        assert entry == {
            "code": cond.code,
            "label_vi": cond.label_vi,
            "effect": cond.effect,
            "band": cond.band,
            "reference": _ref(cond.reference),
            "assumed": cond.assumed,
        }
    if result.gap is None:
        assert data["gap"] is None
    else:
        assert data["gap"] == {
            "next_band": result.gap.next_band,
            "points_needed": decimal_text(result.gap.points_needed),
            "headroom": [
                {"code": h.code, "available": decimal_text(h.available)}
                for h in result.gap.headroom
            ],
            "blocking": list(result.gap.blocking),
        }
    assert data["warnings"] == [{"code": n.code, "en": n.en, "vi": n.vi} for n in result.warnings]
    assert data["audit"] == attrs.asdict(result.audit)
    if result.cohort is None:
        assert data["cohort"] is None
    else:
        assert data["cohort"] == attrs.asdict(result.cohort)


class TestResults:
    @pytest.mark.parametrize("name", [n for n in SINGLE_REPORTS if n != "malformed.json"])
    def test_result_form_of_every_example(self, example: RuleSet, name: str) -> None:
        result = scored(example, name)
        check_result_data(result, result_to_data(result))

    def test_rated_result(self, example: RuleSet) -> None:
        data = result_to_data(scored(example, "tot.json"))
        assert data["status"] == "rated"
        assert data["total"] == "82.50"  # as computed, rounded to the rule set's places
        assert data["band"] == "tot"
        assert data["gap"] is not None
        assert data["gap"]["next_band"] == "xuat-sac"
        assert Decimal(data["gap"]["points_needed"]) == Decimal(90) - Decimal(data["total"])
        assert data["cohort"] is None
        assert {w["code"] for w in data["warnings"]} >= {"assumed-values"}
        assert data["audit"]["ruleset_sha256"] == example.sha256

    def test_top_band_has_no_gap(self, example: RuleSet) -> None:
        data = result_to_data(scored(example, "xuat-sac.json"))
        assert data["band"] == "xuat-sac"
        assert data["gap"] is None

    def test_ineligible_result(self, example: RuleSet) -> None:
        data = result_to_data(scored(example, "khong-du-dieu-kien.json"))
        assert data["status"] == "ineligible"
        assert data["band"] is None
        assert data["band_label_vi"] is None
        assert [c["code"] for c in data["applied_conditions"]] == ["moi-thanh-lap"]
        assert data["applied_conditions"][0]["band"] is None

    def test_veto_result(self, example: RuleSet) -> None:
        data = result_to_data(scored(example, "veto.json"))
        assert data["band"] == "khong-hoan-thanh"
        assert data["band_by_score"] == "tot"
        (applied,) = data["applied_conditions"]
        assert applied["code"] == "ky-luat"
        assert applied["band"] == "khong-hoan-thanh"
        assert applied["reference"]["document"] == "NĐ 335/2025/NĐ-CP"

    def test_appraised_points(self, example: RuleSet) -> None:
        result = scored(example, "tham-dinh.json")
        data = result_to_data(result)
        by_code = {c["code"]: c for c in data["criteria"]}
        assert by_code["II.1"]["source"] == "appraised"
        assert by_code["II.1"]["appraised_points"] == "7"
        assert by_code["II.1"]["self_points"] == "9.75"

    def test_cohort_results(self, example: RuleSet) -> None:
        reports = dr.load_reports(EXAMPLES / "cohort.json")
        cohort = dr.apply_quota(example, dr.score_many(example, reports).results)
        for result in cohort.results:
            data = result_to_data(result)
            check_result_data(result, data)
            assert data["cohort"] is not None
        demoted = [r for r in cohort.results if r.cohort is not None and r.cohort.demoted]
        assert demoted
        assert result_to_data(demoted[0])["cohort"]["demoted"] is True

    def test_lines_without_references(self, example: RuleSet) -> None:
        result = scored(example, "hoan-thanh.json")
        bare = attrs.evolve(
            result,
            lines=tuple(attrs.evolve(line, reference=None) for line in result.lines),
            adjustments=tuple(attrs.evolve(a, reference=None) for a in result.adjustments),
        )
        data = result_to_data(bare)
        check_result_data(bare, data)
        assert all(c["reference"] is None for c in data["criteria"])
        assert all(a["reference"] is None for a in data["adjustments"])

    def test_same_input_same_bytes(self, example: RuleSet) -> None:
        first = json.dumps(result_to_data(scored(example, "tot.json")), sort_keys=True)
        second = json.dumps(result_to_data(scored(example, "tot.json")), sort_keys=True)
        assert first == second

    def test_error_form(self) -> None:
        err = ReportError(
            [
                Problem("bad", "$.year", code="data.expected_integer", message_vi="sai"),
                Problem("worse", "$.x", code="data.unknown_key", message_vi="tệ hơn"),
            ],
            unit_id="u",
        )
        assert error_to_data(err) == {
            "unit_id": "u",
            "status": "invalid",
            "problems": [
                {
                    "code": "data.expected_integer",
                    "path": "$.year",
                    "message_vi": "sai",
                    "message_en": "bad",
                },
                {
                    "code": "data.unknown_key",
                    "path": "$.x",
                    "message_vi": "tệ hơn",
                    "message_en": "worse",
                },
            ],
        }
        assert (
            error_to_data(ReportError([Problem("bad", code="test.problem", message_vi="lỗi thử")]))[
                "unit_id"
            ]
            is None
        )

    def test_batch_form(self, example: RuleSet) -> None:
        unreadable = ReportError(
            [Problem("not valid JSON: x", code="test.problem", message_vi="lỗi thử")],
            source="f.json",
        )
        inputs: list[UnitReport | ReportError] = [
            dr.load_report(EXAMPLES / "tot.json"),
            unreadable,
            dr.load_report(EXAMPLES / "malformed.json"),
        ]
        batch = dr.score_many(example, inputs)
        data = batch_to_data(batch)
        assert len(data) == len(inputs)
        ok = batch.outcomes[0]
        assert isinstance(ok, ScoreResult)
        assert data[0] == result_to_data(ok)
        assert data[1] == error_to_data(unreadable)
        bad = batch.outcomes[2]
        assert isinstance(bad, ReportError)
        assert data[2] == error_to_data(bad)
        assert data[2]["unit_id"] == "so-van-hoa"
        assert data[2]["status"] == "invalid"
        assert {p["path"] for p in data[2]["problems"]} >= {'$.self_scores["IX.1"]'}
        assert batch_to_data(Batch(())) == []


# ---------------------------------------------------------------------- error plumbing


class TestErrorPaths:
    @pytest.mark.parametrize(
        ("key", "expected"),
        [
            (0, "$.x[0]"),
            (12, "$.x[12]"),
            ("I.2", '$.x["I.2"]'),
            ('a"b', '$.x["a\\"b"]'),
            ("a\\b", '$.x["a\\\\b"]'),
        ],
    )
    def test_key_path(self, key: object, expected: str) -> None:
        assert key_path("$.x", key) == expected

    def test_data_errors_inside_are_re_rooted(self) -> None:
        inner = RuleSetError(
            [
                Problem("m", "$.y", code="test.problem", message_vi="lỗi thử"),
                Problem("n", "relative", code="test.problem", message_vi="lỗi thử"),
            ]
        )
        assert list(problems_of(inner, "$.x")) == [
            Problem("m", "$.x.y", code="test.problem", message_vi="lỗi thử"),
            Problem("n", "$.x", code="test.problem", message_vi="lỗi thử"),
        ]

    @staticmethod
    def found(error: BaseException, path: str = "$") -> list[tuple[str, str, str]]:
        return [(p.message, p.path, p.code) for p in problems_of(error, path)]

    def test_plain_exception_groups_are_flattened(self) -> None:
        group = ExceptionGroup("g", [ValueError("a"), KeyError("k"), TypeError()])
        assert self.found(group, "$.p") == [
            ("a", "$.p", "data.invalid_value"),
            ("required key missing", "$.p", "data.missing_key"),
            ("TypeError", "$.p", "data.invalid_value"),
        ]

    def test_class_errors_without_notes_keep_the_path(self) -> None:
        error = ClassValidationError("c", [ValueError("loose")], RuleSet)
        assert self.found(error, "$.q") == [("loose", "$.q", "data.invalid_value")]
        noted = ValueError("other note")
        noted.add_note("just a string note")
        error = ClassValidationError("c", [noted], RuleSet)
        assert self.found(error) == [("other note", "$", "data.invalid_value")]

    def test_iterable_errors_without_index_keep_the_path(self) -> None:
        error = IterableValidationError("i", [ValueError("loose")], list)
        assert self.found(error, "$.r") == [("loose", "$.r", "data.invalid_value")]

    def test_all_is_sorted(self) -> None:
        assert list(codec.__all__) == sorted(codec.__all__)
        for name in codec.__all__:
            assert hasattr(codec, name)


class _RaisingConverter:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def structure(self, _data: object, _cls: type) -> object:
        raise self.error


class TestDataErrorsWhileStructuring:
    """A DataError raised while structuring keeps its problems (a report's names its unit)."""

    def test_rule_set(self, monkeypatch: pytest.MonkeyPatch) -> None:
        error = RuleSetError(
            [Problem("m", "$.x", code="test.problem", message_vi="lỗi thử")], "rule set 'x/y'"
        )
        monkeypatch.setattr(codec, "CONVERTER", _RaisingConverter(error))
        with pytest.raises(RuleSetError) as info:
            ruleset_from_data({"code": "x/y"})
        assert info.value is error

    def test_report(self, monkeypatch: pytest.MonkeyPatch) -> None:
        error = RuleSetError([Problem("m", "$.year", code="test.problem", message_vi="lỗi thử")])
        monkeypatch.setattr(codec, "CONVERTER", _RaisingConverter(error))
        with pytest.raises(ReportError) as info:
            report_from_data({"unit_id": "xa-c"})
        assert info.value.unit_id == "xa-c"
        assert info.value.problems == error.problems

    def test_other_errors_become_problems(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(codec, "CONVERTER", _RaisingConverter(TypeError("odd")))
        with pytest.raises(ReportError) as info:
            report_from_data({"unit_id": 3})
        assert [(p.message, p.path, p.code) for p in info.value.problems][:1] == [
            ("odd", "$", "data.invalid_value")
        ]
        assert info.value.unit_id is None


def test_structuring_does_not_keep_references_to_the_input() -> None:
    data = report_data()
    unit = report_from_data(data)
    before = copy.deepcopy(report_to_data(unit))
    data["self_scores"]["I.2"] = 0
    data["facts"]["ky_luat"] = True
    assert report_to_data(unit) == before
