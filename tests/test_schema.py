"""Issue #10 §3: the JSON Schema of a report (per rule set and category) and of a result.

The schema and the library agree: every report the test kit generates
validates, known-bad reports fail both the schema and the library, and every
result of ``score()`` validates against the result schema.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import danvan_rules as dr
from danvan_rules import rulesets
from danvan_rules.codec import (
    report_from_data,
    report_schema,
    report_to_data,
    result_schema,
    result_to_data,
)
from danvan_rules.codec._unstructure import toml_number
from danvan_rules.errors import ReportError
from danvan_rules.model import Bonus, Level, Levels, Points, RateTable, RuleSet, UnitReport
from danvan_rules.testing import report_at, reports_for

from .cli_run import run
from .conftest import EXAMPLE_CODE, EXAMPLE_TOML, EXAMPLES

PAIRS = [(rs.code, c.code) for rs in rulesets.load_all() for c in rs.categories]


@cache
def validator(code: str, category: str) -> Draft202012Validator:
    schema = report_schema(rulesets.get(code), category)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@cache
def result_validator() -> Draft202012Validator:
    schema = result_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(checker: Draft202012Validator, data: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in checker.iter_errors(data)]


def as_numbers(report: UnitReport) -> dict[str, Any]:
    """The report's JSON form with its Decimals as JSON numbers, read back as plain JSON."""
    data = report_to_data(report)

    def plain(value: object) -> object:
        return toml_number(value) if isinstance(value, Decimal) else value

    for name in ("self_scores", "appraised_scores", "bonuses"):
        table = getattr(report, name)
        if table is not None:
            data[name] = {key: plain(value) for key, value in table.items()}
    return json.loads(json.dumps(data))  # type: ignore[no-any-return]


def refused(ruleset: RuleSet, data: dict[str, Any]) -> bool:
    try:
        dr.score(ruleset, report_from_data(data))
    except ReportError:
        return True
    return False


# ---------------------------------------------------------------------- (a) generated reports


#: The loaded profile's examples per property (100 under ``ci``).
EXAMPLES_PER_PROPERTY = settings().max_examples
#: Examples per rule set and category: a fifth of the profile's (20 under ``ci``), so that
#: the 30-odd pairs take about as long as one property.
PER_PAIR = settings(max_examples=max(10, EXAMPLES_PER_PROPERTY // 5))


@pytest.mark.parametrize(("code", "category"), PAIRS)
def test_every_generated_report_and_its_result_validate(code: str, category: str) -> None:
    ruleset = rulesets.get(code)
    checker = validator(code, category)
    schema = report_schema(ruleset, category)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:danvan-rules:report:{code}:{category}"

    @PER_PAIR
    @given(reports_for(ruleset, category))
    def check(report: UnitReport) -> None:
        assert errors(checker, report_to_data(report)) == []
        assert errors(checker, json.loads(dr.report_to_json(report))) == []
        assert errors(checker, as_numbers(report)) == []
        # (c) its result, as written, validates against the result schema
        data = result_to_data(dr.score(ruleset, report))
        assert errors(result_validator(), data) == []
        assert errors(result_validator(), json.loads(json.dumps(data))) == []

    check()


def test_the_schema_names_every_leaf_where_it_belongs(example: RuleSet) -> None:
    schema = report_schema(example, "so-nganh")
    own = schema["properties"]["self_scores"]
    appraised = schema["properties"]["appraised_scores"]["anyOf"][1]
    leaves = [leaf.code for leaf in example.scorecard_for("so-nganh").leaves]
    assert list(appraised["properties"]) == leaves
    assert appraised["required"] == ["VII"]
    assert own["required"] == [code for code in leaves if code != "VII"] == list(own["properties"])
    assert own["properties"]["I.2"]["anyOf"][0] == {
        "type": "number",
        "minimum": 0,
        "maximum": 5,
        "multipleOf": 0.5,
    }
    assert own["additionalProperties"] is appraised["additionalProperties"] is False
    assert schema["additionalProperties"] is False
    assert schema["required"][-1] == "facts"
    assert schema["properties"]["bonuses"]["properties"]["dvk-cap-tinh"]["anyOf"][0] == {
        "type": "integer",
        "minimum": 0,
        "maximum": 999_999_999_999,
    }


def test_each_call_builds_a_new_document(example: RuleSet) -> None:
    first, second = report_schema(example, "so-nganh"), report_schema(example, "so-nganh")
    assert first == second
    assert first is not second
    first["properties"]["unit_id"]["$ref"] = "changed"
    assert report_schema(example, "so-nganh") == second
    result = result_schema()
    result["$defs"]["decimal"]["pattern"] = "changed"
    result["properties"]["unit_id"]["type"] = "changed"
    assert result_schema()["properties"]["unit_name"] == {"type": "string"}
    assert result_schema()["$defs"]["decimal"]["pattern"] != "changed"


def test_an_unknown_category_is_a_key_error(example: RuleSet) -> None:
    with pytest.raises(KeyError):
        report_schema(example, "no-such-category")


# ---------------------------------------------------------------------- (b) known-bad reports


def tot() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "tot.json").read_text(encoding="utf-8"))
    return data


def change(
    path: str, value: object = None, *, delete: bool = False
) -> Callable[[dict[str, Any]], None]:
    keys = path.split("/")

    def apply(data: dict[str, Any]) -> None:
        target = data
        for key in keys[:-1]:
            target = target[key]
        if delete:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value

    return apply


BAD = {
    "missing criterion": change("self_scores/I.2", delete=True),
    "unknown criterion": change("self_scores/IX.1", 1),
    "a group scored": change("self_scores/I", 5),
    "appraiser-only self-scored": change("self_scores/VII", 8),
    "appraiser-only not appraised": change("appraised_scores", {"I.2": 5}),
    "unknown appraised criterion": change("appraised_scores/IX.1", 1),
    "above the max": change("self_scores/I.2", 6),
    "below 0": change("self_scores/I.2", -1),
    "negative text": change("self_scores/I.2", "-1"),
    "off step": change("self_scores/I.2", 4.3),
    "not a number": change("self_scores/I.2", "năm"),
    "decimal comma": change("self_scores/I.2", "4,5"),
    "wrong level name": change("self_scores/I.3", "Rất tốt"),
    "a level as a number": change("self_scores/I.3", 3),
    "checklist not true/false": change("self_scores/I.1", 5),
    "checklist as text": change("self_scores/I.1", "true"),
    "percentage above 100": change("self_scores/III.1", 120),
    "count not whole": change("self_scores/II.2", 1.5),
    "negative count": change("self_scores/II.2", -1),
    "flag of the wrong type": change("facts/ky_luat", 1),
    "count of the wrong type": change("facts/khieu_nai_dong_nguoi", value=True),
    "negative fact count": change("facts/khieu_nai_dong_nguoi", -1),
    "fact count not whole": change("facts/khieu_nai_dong_nguoi", 1.5),
    "unknown fact": change("facts/mua", value=False),
    "missing fact": change("facts/ky_luat", delete=True),
    "no facts at all": change("facts", delete=True),
    "unknown bonus": change("bonuses/dvk-cap-huyen", 1),
    "negative bonus": change("bonuses/dvk-cap-tinh", -1),
    "bonus items not whole": change("bonuses/dvk-cap-tinh", 1.5),
    "bonus as true": change("bonuses/dvk-cap-tinh", value=True),
    "unknown key": change("colour", "red"),
    "another category": change("category", "ubnd-huyen"),
    "year as text": change("year", "2024"),
    "implausible year": change("year", 1800),
    "empty unit id": change("unit_id", "  "),
    "missing unit name": change("unit_name", delete=True),
    "unknown former province": change("former_province", "atlantis"),
    "facts as a list": change("facts", []),
}


def test_the_good_report_is_good(example: RuleSet) -> None:
    assert errors(validator(EXAMPLE_CODE, "so-nganh"), tot()) == []
    assert not refused(example, tot())
    for path, value in (
        ("self_scores/I.2", " 4.5 "),
        ("self_scores/I.2", "-0.0"),
        ("self_scores/I.2", "45e-1"),
        ("former_province", None),
        ("former_province", "example"),
        ("appraised_scores", None),
        ("bonuses/dvk-cap-tinh", "2"),
        ("facts/khieu_nai_dong_nguoi", 3),
    ):
        data = tot()
        change(path, value)(data)
        assert errors(validator(EXAMPLE_CODE, "so-nganh"), data) == [], (path, value)
        assert not refused(example, data), (path, value)


@pytest.mark.parametrize("name", BAD)
def test_a_bad_report_fails_the_schema_and_the_library(example: RuleSet, name: str) -> None:
    data = tot()
    BAD[name](data)
    assert errors(validator(EXAMPLE_CODE, "so-nganh"), data) != []
    assert refused(example, data)


# ---------------------------------------------------------------------- measures and rule sets built here


def with_leaf(ruleset: RuleSet, code: str, **changes: Any) -> RuleSet:
    """``ruleset`` with one criterion of its first scorecard changed (no lint: cases the lint refuses too)."""
    card = ruleset.scorecards[0]
    criteria = tuple(attrs.evolve(c, **changes) if c.code == code else c for c in card.criteria)
    return attrs.evolve(
        ruleset, scorecards=(attrs.evolve(card, criteria=criteria), *ruleset.scorecards[1:])
    )


def test_levels_are_those_the_scorer_matches(example: RuleSet) -> None:
    levels = Levels((Level("Khá", 5, name_en="Fair"), Level("Chưa đạt", 0)))
    ruleset = with_leaf(example, "I.3", measure=levels)
    answer = report_schema(ruleset, "so-nganh")["properties"]["self_scores"]["properties"]["I.3"]
    nfd = unicodedata.normalize("NFD", "Khá")
    assert answer["enum"] == [
        "Khá",
        nfd,
        "Fair",
        "Chưa đạt",
        unicodedata.normalize("NFD", "Chưa đạt"),
    ]
    checker = Draft202012Validator(report_schema(ruleset, "so-nganh"))
    for value in ["Khá", nfd, "Fair", "Chưa đạt", "", "Tốt", "khá", 3, True]:
        data = tot()
        data["self_scores"]["I.3"] = value
        assert (errors(checker, data) == []) is not refused(ruleset, data), value


def test_points_without_a_step_and_counted_rates(example: RuleSet) -> None:
    rates = example.scorecard_for("so-nganh").by_code["III.1"].measure
    assert isinstance(rates, RateTable)
    ruleset = with_leaf(example, "I.2", measure=Points())
    ruleset = with_leaf(ruleset, "III.1", measure=RateTable("count", rates.rates))
    schema = report_schema(ruleset, "so-nganh")["properties"]["self_scores"]["properties"]
    assert "multipleOf" not in schema["I.2"]["anyOf"][0]
    assert schema["III.1"]["anyOf"][0]["type"] == "integer"
    checker = Draft202012Validator(report_schema(ruleset, "so-nganh"))
    for path, value, good in (
        ("self_scores/I.2", 4.3, True),
        ("self_scores/III.1", 120, True),
        ("self_scores/III.1", 1.5, False),
    ):
        data = tot()
        change(path, value)(data)
        assert (errors(checker, data) == []) is good is not refused(ruleset, data), (path, value)


def test_a_bonus_of_points_is_capped(example: RuleSet) -> None:
    adjustments = tuple(
        attrs.evolve(a, points=None) if isinstance(a, Bonus) else a for a in example.adjustments
    )
    derived = tuple(d for d in example.derived if d.target != "bonus:dvk-cap-tinh")
    ruleset = attrs.evolve(example, adjustments=adjustments, derived=derived)
    checker = Draft202012Validator(report_schema(ruleset, "so-nganh"))
    for value, good in ((2.5, True), (5, True), (5.5, False), (-0.5, False)):
        data = tot()
        data["bonuses"]["dvk-cap-tinh"] = value
        assert (errors(checker, data) == []) is good is not refused(ruleset, data), value


def test_facts_are_optional_when_none_is_declared() -> None:
    ruleset = rulesets.get("ben-tre/07-2023")
    category = ruleset.categories[0].code
    data = report_to_data(report_at(ruleset, category, Decimal(0)))
    checker = validator(ruleset.code, category)
    assert "facts" not in report_schema(ruleset, category)["required"]
    for facts, good in ((None, True), ({}, True), ({"ky_luat": False}, False)):
        case = copy.deepcopy(data)
        case.pop("facts", None)
        if facts is not None:
            case["facts"] = facts
        assert (errors(checker, case) == []) is good is not refused(ruleset, case), facts


@pytest.mark.parametrize(
    ("until", "last"),
    [(dt.date(2025, 6, 30), 2024), (dt.date(2024, 12, 31), 2024), (None, 2200)],
)
def test_a_category_that_ends_has_a_last_year(
    example: RuleSet, until: dt.date | None, last: int
) -> None:
    categories = tuple(attrs.evolve(c, until=until) for c in example.categories)
    ruleset = attrs.evolve(example, categories=categories)
    schema = report_schema(ruleset, "so-nganh")
    checker = Draft202012Validator(schema)
    assert schema["properties"]["year"]["maximum"] == last
    for year in (last, last + 1):
        data = tot()
        data["year"] = year
        good = year <= last
        assert (errors(checker, data) == []) is good is not refused(ruleset, data), year


# ---------------------------------------------------------------------- (c) results


@settings(max_examples=max(5, EXAMPLES_PER_PROPERTY // 10))
@given(st.lists(reports_for(rulesets.get(EXAMPLE_CODE)), min_size=1, max_size=6))
def test_results_after_the_quota_validate(reports: list[UnitReport]) -> None:
    ruleset = rulesets.get(EXAMPLE_CODE)
    results = [
        dr.score(ruleset, attrs.evolve(report, unit_id=f"u{i}")) for i, report in enumerate(reports)
    ]
    cohort = dr.apply_quota(ruleset, results)
    for result in cohort.results:
        assert result.cohort is not None
        assert errors(result_validator(), result_to_data(result)) == []


def test_a_result_with_an_unknown_key_does_not_validate(example: RuleSet) -> None:
    data = result_to_data(dr.score(example, dr.load_report(EXAMPLES / "tot.json")))
    assert errors(result_validator(), data) == []
    for broken in (
        {**data, "explanation": "..."},
        {**data, "total": 82.5},
        {**data, "status": "invalid"},
        {k: v for k, v in data.items() if k != "audit"},
    ):
        assert errors(result_validator(), broken) != []


# ---------------------------------------------------------------------- (d) the command


def test_the_command_prints_the_report_schema(example: RuleSet) -> None:
    status, text = run("schema", "report", "--ruleset", EXAMPLE_CODE, "--category", "so-nganh")
    assert status == 0
    assert json.loads(text) == report_schema(example, "so-nganh")
    assert "Sở, ban, ngành tỉnh" in text  # Vietnamese as it is, not \\u escapes
    assert text.startswith('{\n  "$schema"')
    status, text = run("schema", "report", "--ruleset", str(EXAMPLE_TOML), "--category", "ubnd-xa")
    assert status == 0
    assert json.loads(text) == report_schema(example, "ubnd-xa")


def test_the_command_prints_the_result_schema() -> None:
    status, text = run("schema", "result")
    assert status == 0
    assert json.loads(text) == result_schema()


def test_an_unknown_category_or_rule_set_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, text = run("schema", "report", "--ruleset", EXAMPLE_CODE, "--category", "xx")
    assert (status, text) == (2, "")
    assert capsys.readouterr().err == (
        "danvan-rules: error: unknown category 'xx': rule set example/dan-van-2024 covers "
        "so-nganh, ubnd-xa\n"
    )
    status, text = run("schema", "report", "--ruleset", "no/such", "--category", "so-nganh")
    assert (status, text) == (2, "")
    assert "no rule set 'no/such'" in capsys.readouterr().err


def test_the_command_needs_its_kind_and_options() -> None:
    for argv in (["schema"], ["schema", "report", "--category", "so-nganh"], ["schema", "other"]):
        with pytest.raises(SystemExit) as info:
            run(*argv)
        assert info.value.code == 2
