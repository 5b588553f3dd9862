"""model/_lint.py: every inconsistency of a rule set at once, each with its path.

Each focused case changes one thing in a small valid rule set (the
``small_ruleset_data`` fixture) and pins every problem the linter then reports,
message and path, so a change that adds or loses a problem fails.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, cast

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules.errors import Problem, RuleSetError
from danvan_rules.model import (
    AllOf,
    Band,
    Bonus,
    CapBand,
    Category,
    Checklist,
    ConditionRule,
    Criterion,
    Flag,
    Instrument,
    Provenance,
    Reference,
    RuleSet,
    Scorecard,
)
from danvan_rules.model._lint import _Linter, lint
from danvan_rules.model._lint_measures import measure_problems

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "data" / "broken-example.toml"
EXAMPLE_TOML = HERE.parent / "src" / "danvan_rules" / "data" / "example-dan-van-2024.toml"
DELETE: Final = object()


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's data form, its decimals read exactly (as the library reads them)."""
    return tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


_SEGMENT = re.compile(r"(\w+)((?:\[\d+\])*)")


def _keys(path: str) -> list[str | int]:
    keys: list[str | int] = []
    for segment in path.split("."):
        match = _SEGMENT.fullmatch(segment)
        assert match is not None, segment
        keys.append(match[1])
        keys.extend(int(i) for i in re.findall(r"\d+", match[2]))
    return keys


def edit(data: dict[str, Any], path: str, value: object) -> None:
    """Set (or, with DELETE, remove) the value at ``path`` ("bands[0].min")."""
    *parents, last = _keys(path)
    target: Any = data
    for key in parents:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value


def get(data: dict[str, Any], path: str) -> Any:
    target: Any = data
    for key in _keys(path):
        target = target[key]
    return target


Case = tuple[dict[str, object], list[tuple[str, str]]]

LEVELS = "scorecards[0].criteria[3].measure"
A2 = "scorecards[0].criteria[2].measure"


def _rates(unit: str, *rows: tuple[object, object]) -> dict[str, object]:
    return {
        "kind": "rates",
        "unit": unit,
        "rates": [{"at_least": at, "points": points} for at, points in rows],
    }


def _levels(*levels: tuple[str, object]) -> dict[str, object]:
    return {"kind": "levels", "levels": [{"name": n, "points": p} for n, p in levels]}


HEADER: dict[str, Case] = {
    "code not a slug": (
        {"code": "Test/V1"},
        [
            (
                (
                    "code 'Test/V1' is not '<province>/<version>' in lower-case ASCII "
                    "(e.g. 'dong-nai/3225-2018')"
                ),
                "$.code",
            )
        ],
    ),
    "code without version": (
        {"code": "test"},
        [
            (
                (
                    "code 'test' is not '<province>/<version>' in lower-case ASCII "
                    "(e.g. 'dong-nai/3225-2018')"
                ),
                "$.code",
            )
        ],
    ),
    "province not a slug": (
        {"province": "Tỉnh Thử"},
        [
            (
                "province 'Tỉnh Thử' is not a lower-case ASCII code (e.g. 'dong-nai')",
                "$.province",
            )
        ],
    ),
    "code of another province": (
        {"code": "other/v1"},
        [("code 'other/v1' does not start with the province 'ha-noi'", "$.code")],
    ),
    "missing title": ({"title_vi": "  "}, [("missing vi label", "$.title_vi")]),
    "until before from": (
        {"effective_until": "2023-12-31"},
        [
            (
                (
                    "effective dates out of order: effective_until 2023-12-31 "
                    "is before effective_from 2024-01-01"
                ),
                "$.effective_until",
            )
        ],
    ),
    "effective before signed": (
        {"instrument.signed": "2024-01-02", "instrument.effective": "2024-01-01"},
        [
            (
                (
                    "effective dates out of order: the instrument takes effect on 2024-01-01, "
                    "before it was signed on 2024-01-02"
                ),
                "$.instrument.effective",
            )
        ],
    ),
    "from before the instrument": (
        {"instrument.effective": "2024-03-01"},
        [
            (
                (
                    "effective dates out of order: effective_from 2024-01-01 is before "
                    "the instrument's effective date 2024-03-01"
                ),
                "$.effective_from",
            )
        ],
    ),
    "scale zero": (
        {"scale": 0},
        [
            ("scale must be positive, not 0", "$.scale"),
            (
                (
                    "weights vs scale: the top-level criteria of category 'cat' carry 10 points "
                    "in all, but the scale is 0"
                ),
                "$.categories[0].scorecard",
            ),
            ("band 'high' starts at 5, above the scale of 0", "$.bands[1].min"),
        ],
    ),
    "rounding places above 6": (
        {"rounding": {"places": 7}},
        [("rounding places must be 0..6, not 7", "$.rounding.places")],
    ),
    "rounding places negative": (
        {"rounding": {"places": -1}},
        [("rounding places must be 0..6, not -1", "$.rounding.places")],
    ),
}

CRITERIA: dict[str, Case] = {
    "scorecard title": (
        {"scorecards[0].title_vi": ""},
        [("missing vi label", "$.scorecards[0].title_vi")],
    ),
    "scorecard without criteria": (
        {"scorecards[0].criteria": []},
        [
            ("scorecard 'card' has no criteria", "$.scorecards[0].criteria"),
            (
                "category 'cat' has no criteria: scorecard 'card' is empty",
                "$.categories[0].scorecard",
            ),
            ("unknown criterion 'A' (not in 'card')", "$.adjustments[2].criterion"),
        ],
    ),
    "empty criterion code": (
        {"scorecards[0].criteria[3].code": " "},
        [("criterion code must not be empty", "$.scorecards[0].criteria[3].code")],
    ),
    "criterion title": (
        {"scorecards[0].criteria[1].title_vi": ""},
        [("missing vi label", "$.scorecards[0].criteria[1].title_vi")],
    ),
    "criterion reference": (
        {"scorecards[0].criteria[1].reference": DELETE},
        [("criterion 'A.1' has no reference", "$.scorecards[0].criteria[1].reference")],
    ),
    "max zero": (
        {"scorecards[0].criteria[3].max": 0, LEVELS: {"kind": "checklist"}},
        [
            ("max must be positive, not 0", "$.scorecards[0].criteria[3].max"),
            (
                (
                    "weights vs scale: the top-level criteria of category 'cat' carry 6 points "
                    "in all, but the scale is 10"
                ),
                "$.categories[0].scorecard",
            ),
        ],
    ),
    "unknown parent": (
        {"scorecards[0].criteria[2].parent": "Z"},
        [
            (
                "parent 'Z' is not a criterion listed before 'A.2'",
                "$.scorecards[0].criteria[2].parent",
            ),
            (
                (
                    "group 'A' has max 6 but its children add up to only 3: "
                    "the group max can never be reached"
                ),
                "$.scorecards[0].criteria[0].max",
            ),
        ],
    ),
    "group max above its children": (
        {"scorecards[0].criteria[2].max": 2},
        [
            (
                (
                    "group 'A' has max 6 but its children add up to only 5: "
                    "the group max can never be reached"
                ),
                "$.scorecards[0].criteria[0].max",
            )
        ],
    ),
    "appraiser_only group": (
        {"scorecards[0].criteria[0].appraiser_only": True},
        [
            (
                "appraiser_only applies to leaves; mark the group's leaves instead",
                "$.scorecards[0].criteria[0].appraiser_only",
            )
        ],
    ),
    "group without children": (
        {LEVELS: DELETE},
        [
            (
                (
                    "group 'B' has no measure and no children "
                    "(a leaf needs a measure; a group needs children)"
                ),
                "$.scorecards[0].criteria[3]",
            )
        ],
    ),
    "step zero": (
        {f"{A2}.step": 0},
        [("step must be positive, not 0", "$.scorecards[0].criteria[2].measure.step")],
    ),
    "max off step": (
        {f"{A2}.step": 2},
        [("max 3 is not a multiple of the step 2", "$.scorecards[0].criteria[2].measure.step")],
    ),
    "no levels": (
        {LEVELS: _levels()},
        [("levels needs at least one level", "$.scorecards[0].criteria[3].measure.levels")],
    ),
    "duplicate level": (
        {LEVELS: _levels(("Tốt", 4), ("Tốt", 0))},
        [("duplicate level 'Tốt' (2 times)", "$.scorecards[0].criteria[3].measure.levels")],
    ),
    "level above max": (
        {LEVELS: _levels(("Tốt", 4), ("Quá", 5), ("Âm", -1))},
        [
            ("points 5 outside 0..4", "$.scorecards[0].criteria[3].measure.levels[1].points"),
            (
                (
                    "level 'Quá' is worth 5, more than 'Tốt' listed before it (4): levels are "
                    "listed best first, so points must not rise"
                ),
                "$.scorecards[0].criteria[3].measure.levels[1].points",
            ),
            ("points -1 outside 0..4", "$.scorecards[0].criteria[3].measure.levels[2].points"),
        ],
    ),
    "no level at max": (
        {LEVELS: _levels(("Khá", 3), ("Kém", 0))},
        [
            (
                "no level is worth the max of 4: the max can never be reached",
                "$.scorecards[0].criteria[3].measure",
            )
        ],
    ),
    "no rates": (
        {A2: _rates("percent")},
        [("a rate table needs at least one row", "$.scorecards[0].criteria[2].measure.rates")],
    ),
    "first rate above 0": (
        {A2: _rates("percent", (10, 3))},
        [
            (
                "the first row starts at 10; it must start at 0 so every value has a row",
                "$.scorecards[0].criteria[2].measure.rates[0].at_least",
            )
        ],
    ),
    "rates not ascending": (
        {A2: _rates("percent", (0, 0), (50, 1), (50, 3))},
        [
            (
                "rows must be in strictly ascending order",
                "$.scorecards[0].criteria[2].measure.rates[2].at_least",
            )
        ],
    ),
    "rate above 100 percent": (
        {A2: _rates("percent", (0, 0), (101, 3))},
        [
            (
                "101 is above 100 percent",
                "$.scorecards[0].criteria[2].measure.rates[1].at_least",
            )
        ],
    ),
    "a count above 100 is fine": ({A2: _rates("count", (0, 0), (101, 3))}, []),
    "count not whole": (
        {A2: _rates("count", (0, 0), ("1.5", 3))},
        [("count 1.5 is not whole", "$.scorecards[0].criteria[2].measure.rates[1].at_least")],
    ),
    "rate points outside": (
        {A2: _rates("percent", (0, -1), (50, 4), (90, 3))},
        [
            ("points -1 outside 0..3", "$.scorecards[0].criteria[2].measure.rates[0].points"),
            ("points 4 outside 0..3", "$.scorecards[0].criteria[2].measure.rates[1].points"),
            (
                (
                    "the row from 90 gives 3 points, fewer than the row before it (4): points "
                    "must not fall as the value rises"
                ),
                "$.scorecards[0].criteria[2].measure.rates[2].points",
            ),
        ],
    ),
    "no rate at max": (
        {A2: _rates("percent", (0, 0), (50, 2))},
        [
            (
                "no row is worth the max of 3: the max can never be reached",
                "$.scorecards[0].criteria[2].measure",
            )
        ],
    ),
    "deductions per occurrence": (
        {A2: {"kind": "deductions", "per_occurrence": 0}},
        [("must be positive, not 0", "$.scorecards[0].criteria[2].measure.per_occurrence")],
    ),
    "valid deductions": ({A2: {"kind": "deductions", "per_occurrence": "0.5"}}, []),
    "points without step": ({A2: {"kind": "points"}}, []),
}

CATEGORIES: dict[str, Case] = {
    "no categories": (
        {"categories": []},
        [
            ("the rule set has no categories", "$.categories"),
            ("unknown criterion 'A' (not in any scorecard in use)", "$.adjustments[2].criterion"),
        ],
    ),
    "category label": (
        {"categories[0].label_vi": ""},
        [("missing vi label", "$.categories[0].label_vi")],
    ),
    "undefined scorecard": (
        {"categories[0].scorecard": "nope"},
        [
            (
                "category 'cat' has no criteria: scorecard 'nope' is not defined",
                "$.categories[0].scorecard",
            ),
            ("unknown criterion 'A' (not in any scorecard in use)", "$.adjustments[2].criterion"),
        ],
    ),
    "weight of a sub-criterion": (
        {"categories[0].weights": [{"criterion": "A.1", "weight": 3, "provenance": "sourced"}]},
        [
            (
                "weight for 'A.1', which is not a top-level criterion of scorecard 'card'",
                "$.categories[0].weights[0].criterion",
            )
        ],
    ),
    "duplicate weight": (
        {
            "categories[0].weights": [
                {"criterion": "A", "weight": 6, "provenance": "sourced"},
                {"criterion": "A", "weight": 6, "provenance": "sourced"},
            ]
        },
        [("duplicate weight for 'A'", "$.categories[0].weights[1].criterion")],
    ),
    "negative weight": (
        {"categories[0].weights": [{"criterion": "A", "weight": -1, "provenance": "sourced"}]},
        [
            ("weight must not be negative, not -1", "$.categories[0].weights[0].weight"),
            (
                (
                    "weights vs scale: the top-level criteria of category 'cat' carry 3 points "
                    "in all, but the scale is 10"
                ),
                "$.categories[0].weights",
            ),
        ],
    ),
    "weights above the scale": (
        {"categories[0].weights": [{"criterion": "A", "weight": 7, "provenance": "sourced"}]},
        [
            (
                (
                    "weights vs scale: the top-level criteria of category 'cat' carry 11 points "
                    "in all, but the scale is 10"
                ),
                "$.categories[0].weights",
            )
        ],
    ),
    "reweighted to the scale": (
        {
            "categories[0].weights": [
                {"criterion": "A", "weight": 2, "provenance": "sourced"},
                {"criterion": "B", "weight": 8, "provenance": "sourced"},
            ]
        },
        [],
    ),
}

BANDS: dict[str, Case] = {
    "no bands": (
        {"bands": []},
        [
            ("the rule set has no bands", "$.bands"),
            ("unknown band 'low' (bands: none declared)", "$.conditions[0].effect.band"),
            ("unknown band 'high' (bands: none declared)", "$.quota.band"),
            ("unknown band 'high' (bands: none declared)", "$.quota.base_band"),
            ("unknown band 'low' (bands: none declared)", "$.quota.demote_to"),
        ],
    ),
    "band label": ({"bands[0].label_vi": ""}, [("missing vi label", "$.bands[0].label_vi")]),
    "band reference": (
        {"bands[1].reference": DELETE},
        [("band 'high' has no reference", "$.bands[1].reference")],
    ),
    "empty band": (
        {"bands[0].below": 0},
        [
            ("band 'low' is empty: below 0 is not above min 0", "$.bands[0].below"),
            (
                "gap: no band covers 0 to 5 (band 'low' ends below 0, 'high' starts at 5)",
                "$.bands[0].below",
            ),
        ],
    ),
    "lowest band above 0": (
        {"bands[0].min": 1},
        [("gap: no band covers 0 to 1 (the lowest band must start at 0)", "$.bands[0].min")],
    ),
    "gap between bands": (
        {"bands[0].below": 4},
        [
            (
                "gap: no band covers 4 to 5 (band 'low' ends below 4, 'high' starts at 5)",
                "$.bands[0].below",
            )
        ],
    ),
    "overlapping bands": (
        {"bands[0].below": 6},
        [("overlap: band 'low' runs below 6 but band 'high' starts at 5", "$.bands[0].below")],
    ),
    "unbounded lower band": (
        {"bands[0].below": DELETE},
        [
            (
                "overlap: band 'low' has no upper bound but band 'high' starts at 5",
                "$.bands[0].below",
            )
        ],
    ),
    "bounded top band": (
        {"bands[1].below": 10},
        [
            (
                "gap: no band covers totals from 10 up (the highest band must have no 'below')",
                "$.bands[1].below",
            )
        ],
    ),
    "top band above the scale": (
        {"bands[0].below": 11, "bands[1].min": 11},
        [("band 'high' starts at 11, above the scale of 10", "$.bands[1].min")],
    ),
    "top band at the scale is fine": ({"bands[0].below": 10, "bands[1].min": 10}, []),
}

RULES: dict[str, Case] = {
    "fact label": ({"facts[1].label_vi": ""}, [("missing vi label", "$.facts[1].label_vi")]),
    "adjustment label": (
        {"adjustments[1].label_vi": ""},
        [("missing vi label", "$.adjustments[1].label_vi")],
    ),
    "adjustment reference": (
        {"adjustments[0].reference": DELETE},
        [("adjustment 'b' has no reference", "$.adjustments[0].reference")],
    ),
    "bonus cap": ({"adjustments[0].cap": 0}, [("must be positive, not 0", "$.adjustments[0].cap")]),
    "bonus points": (
        {"adjustments[0].points": -1},
        [("must be positive, not -1", "$.adjustments[0].points")],
    ),
    "bonus claiming points": ({"adjustments[0].points": DELETE}, []),
    "deduction of an unknown fact": (
        {"adjustments[1].fact": "zz"},
        [("unknown fact 'zz' (facts: f, n)", "$.adjustments[1].fact")],
    ),
    "deduction of a flag": (
        {"adjustments[1].fact": "f"},
        [("fact 'f' is a flag, but a count is needed here", "$.adjustments[1].fact")],
    ),
    "deduction points": (
        {"adjustments[1].points": 0},
        [("must be positive, not 0", "$.adjustments[1].points")],
    ),
    "deduction cap": (
        {"adjustments[1].cap": 0},
        [("must be positive, not 0", "$.adjustments[1].cap")],
    ),
    "uncapped deduction": ({"adjustments[1].cap": DELETE}, []),
    "percent deduction of an unknown fact": (
        {"adjustments[2].fact": "zz"},
        [("unknown fact 'zz' (facts: f, n)", "$.adjustments[2].fact")],
    ),
    "percent deduction of an unknown criterion": (
        {"adjustments[2].criterion": "Z"},
        [("unknown criterion 'Z' (not in 'card')", "$.adjustments[2].criterion")],
    ),
    "percent zero": (
        {"adjustments[2].percent": 0},
        [("percent must be in (0, 100], not 0", "$.adjustments[2].percent")],
    ),
    "percent above 100": (
        {"adjustments[2].percent": "100.5"},
        [("percent must be in (0, 100], not 100.5", "$.adjustments[2].percent")],
    ),
    "percent of 100 is fine": ({"adjustments[2].percent": 100}, []),
    "condition label": (
        {"conditions[0].label_vi": ""},
        [("missing vi label", "$.conditions[0].label_vi")],
    ),
    "condition reference": (
        {"conditions[0].reference": DELETE},
        [("condition 'c' has no reference", "$.conditions[0].reference")],
    ),
    "flag of an unknown fact": (
        {"conditions[0].when.fact": "zz"},
        [("unknown fact 'zz' (facts: f, n)", "$.conditions[0].when.fact")],
    ),
    "flag of a count": (
        {"conditions[0].when.fact": "n"},
        [("fact 'n' is a count, but a flag is needed here", "$.conditions[0].when.fact")],
    ),
    "count at least zero of a flag": (
        {"conditions[0].when": {"kind": "count_at_least", "fact": "f", "n": 0}},
        [
            ("fact 'f' is a flag, but a count is needed here", "$.conditions[0].when.fact"),
            ("n must be at least 1, not 0", "$.conditions[0].when.n"),
        ],
    ),
    "count at least one": (
        {"conditions[0].when": {"kind": "count_at_least", "fact": "n", "n": 1}},
        [],
    ),
    "criterion below an unknown criterion": (
        {"conditions[0].when": {"kind": "criterion_below", "criterion": "Z", "share": 1}},
        [("unknown criterion 'Z' (not in 'card')", "$.conditions[0].when.criterion")],
    ),
    "criterion below a share of 0": (
        {"conditions[0].when": {"kind": "criterion_below", "criterion": "A.1", "share": 0}},
        [("share must be in (0, 1], not 0", "$.conditions[0].when.share")],
    ),
    "criterion below a share above 1": (
        {"conditions[0].when": {"kind": "criterion_below", "criterion": "B", "share": "1.5"}},
        [("share must be in (0, 1], not 1.5", "$.conditions[0].when.share")],
    ),
    "empty all_of": (
        {"conditions[0].when": {"kind": "all_of", "conditions": []}},
        [("all_of needs at least one condition", "$.conditions[0].when.conditions")],
    ),
    "empty any_of": (
        {"conditions[0].when": {"kind": "any_of", "conditions": []}},
        [("any_of needs at least one condition", "$.conditions[0].when.conditions")],
    ),
    "nested conditions": (
        {
            "conditions[0].when": {
                "kind": "all_of",
                "conditions": [
                    {"kind": "flag", "fact": "f"},
                    {
                        "kind": "any_of",
                        "conditions": [
                            {"kind": "not", "condition": {"kind": "flag", "fact": "zz"}},
                            {"kind": "count_at_least", "fact": "n", "n": 0},
                        ],
                    },
                ],
            }
        },
        [
            (
                "unknown fact 'zz' (facts: f, n)",
                "$.conditions[0].when.conditions[1].conditions[0].condition.fact",
            ),
            ("n must be at least 1, not 0", "$.conditions[0].when.conditions[1].conditions[1].n"),
        ],
    ),
    "cap at an unknown band": (
        {"conditions[0].effect.band": "top"},
        [("unknown band 'top' (bands: high, low)", "$.conditions[0].effect.band")],
    ),
    "force an unknown band": (
        {"conditions[0].effect": {"kind": "force", "band": "top"}},
        [("unknown band 'top' (bands: high, low)", "$.conditions[0].effect.band")],
    ),
    "ineligible": ({"conditions[0].effect": {"kind": "ineligible"}}, []),
    "quota reference": (
        {"quota.reference": DELETE},
        [("the quota has no reference", "$.quota.reference")],
    ),
    "quota of unknown bands": (
        {"quota.band": "top", "quota.base_band": "mid", "quota.demote_to": "bottom"},
        [
            ("unknown band 'top' (bands: high, low)", "$.quota.band"),
            ("unknown band 'mid' (bands: high, low)", "$.quota.base_band"),
            ("unknown band 'bottom' (bands: high, low)", "$.quota.demote_to"),
        ],
    ),
    "quota share zero": ({"quota.share": 0}, [("share must be in (0, 1], not 0", "$.quota.share")]),
    "quota share above 1": (
        {"quota.share": 2},
        [("share must be in (0, 1], not 2", "$.quota.share")],
    ),
    "quota demoting upwards": (
        {"quota.band": "low", "quota.demote_to": "high"},
        [("demote_to 'high' is not below the quota band 'low'", "$.quota.demote_to")],
    ),
    "quota demoting to itself": (
        {"quota.demote_to": "high"},
        [("demote_to 'high' is not below the quota band 'high'", "$.quota.demote_to")],
    ),
    "no quota": ({"quota": DELETE}, []),
}

ALL_CASES = {**HEADER, **CRITERIA, **CATEGORIES, **BANDS, **RULES}


@pytest.mark.parametrize(("changes", "expected"), ALL_CASES.values(), ids=list(ALL_CASES))
def test_each_problem_kind(
    small_ruleset_data: dict[str, Any],
    changes: dict[str, object],
    expected: list[tuple[str, str]],
) -> None:
    for path, value in changes.items():
        edit(small_ruleset_data, path, value)
    assert [(p.message, p.path) for p in dr.check_ruleset(small_ruleset_data)] == expected


def test_the_small_rule_set_is_sound(small_ruleset_data: dict[str, Any]) -> None:
    assert dr.check_ruleset(small_ruleset_data) == ()
    ruleset = dr.ruleset_from_data(small_ruleset_data)
    assert lint(ruleset) == ()


def test_bundled_example_is_sound() -> None:
    assert dr.check_ruleset(read_toml(EXAMPLE_TOML)) == ()


class TestDuplicates:
    """A duplicate code is reported once, at the list, with its count."""

    @pytest.mark.parametrize(
        ("path", "key"),
        [
            ("scorecards", "code"),
            ("scorecards[0].criteria", "code"),
            ("categories", "code"),
            ("bands", "code"),
            ("facts", "name"),
            ("adjustments", "code"),
            ("conditions", "code"),
        ],
    )
    def test_same_entry_three_times(
        self, small_ruleset_data: dict[str, Any], path: str, key: str
    ) -> None:
        items = get(small_ruleset_data, path)
        first = items[0] if path != "bands" else items[1]
        items.extend([copy.deepcopy(first), copy.deepcopy(first)])
        found = [(p.message, p.path) for p in dr.check_ruleset(small_ruleset_data)]
        assert (f"duplicate {key} {first[key]!r} (3 times)", f"$.{path}") in found

    def test_duplicate_criterion_alone(self, small_ruleset_data: dict[str, Any]) -> None:
        criteria = get(small_ruleset_data, "scorecards[0].criteria")
        criteria.append(copy.deepcopy(criteria[3]))
        assert [(p.message, p.path) for p in dr.check_ruleset(small_ruleset_data)] == [
            ("duplicate code 'B' (2 times)", "$.scorecards[0].criteria")
        ]

    def test_duplicate_scorecard_alone(self, small_ruleset_data: dict[str, Any]) -> None:
        cards = get(small_ruleset_data, "scorecards")
        cards.append(copy.deepcopy(cards[0]))
        assert [(p.message, p.path) for p in dr.check_ruleset(small_ruleset_data)] == [
            ("duplicate code 'card' (2 times)", "$.scorecards")
        ]

    def test_duplicate_band_also_overlaps(self, small_ruleset_data: dict[str, Any]) -> None:
        bands = get(small_ruleset_data, "bands")
        bands.append(copy.deepcopy(bands[1]))
        assert [(p.message, p.path) for p in dr.check_ruleset(small_ruleset_data)] == [
            ("duplicate code 'high' (2 times)", "$.bands"),
            (
                "overlap: band 'high' has no upper bound but band 'high' starts at 5",
                "$.bands[1].below",
            ),
        ]


class TestPaths:
    """Paths point at the data as written, whatever the order of the entries."""

    def test_band_paths_follow_the_file_order(self, small_ruleset_data: dict[str, Any]) -> None:
        bands = get(small_ruleset_data, "bands")
        bands.reverse()  # high first, low second: still a sound rule set
        assert dr.check_ruleset(small_ruleset_data) == ()
        bands[1]["min"] = 1
        assert [(p.message, p.path) for p in dr.check_ruleset(small_ruleset_data)] == [
            ("gap: no band covers 0 to 1 (the lowest band must start at 0)", "$.bands[1].min")
        ]

    def test_parent_listed_after_its_child(self, small_ruleset_data: dict[str, Any]) -> None:
        criteria = get(small_ruleset_data, "scorecards[0].criteria")
        criteria[0], criteria[1] = criteria[1], criteria[0]
        assert [(p.message, p.path) for p in dr.check_ruleset(small_ruleset_data)] == [
            (
                "parent 'A' is not a criterion listed before 'A.1'",
                "$.scorecards[0].criteria[0].parent",
            )
        ]

    def test_parent_that_is_a_leaf(self, small_ruleset_data: dict[str, Any]) -> None:
        criteria = get(small_ruleset_data, "scorecards[0].criteria")
        child = copy.deepcopy(criteria[1]) | {"code": "B.1", "parent": "B"}
        criteria.append(child)
        assert [(p.message, p.path) for p in dr.check_ruleset(small_ruleset_data)] == [
            (
                "parent 'B' is a leaf (it has a measure), not a group",
                "$.scorecards[0].criteria[4].parent",
            )
        ]

    def test_criterion_must_be_in_every_scorecard_in_use(
        self, small_ruleset_data: dict[str, Any]
    ) -> None:
        cards = get(small_ruleset_data, "scorecards")
        other = copy.deepcopy(cards[0]) | {"code": "other"}
        other["criteria"] = [c for c in other["criteria"] if not c["code"].startswith("A")]
        other["criteria"][0]["max"] = 10
        other["criteria"][0]["measure"] = {"kind": "checklist"}
        cards.append(other)
        small_ruleset_data["categories"].append(
            {"code": "cat2", "label_vi": "Khối hai", "scorecard": "other"}
        )
        small_ruleset_data["conditions"][0]["when"] = {
            "kind": "criterion_below",
            "criterion": "B",
            "share": "0.5",
        }
        assert [(p.message, p.path) for p in dr.check_ruleset(small_ruleset_data)] == [
            ("unknown criterion 'A' (not in 'other')", "$.adjustments[2].criterion")
        ]

    def test_unused_scorecard_is_still_linted(self, small_ruleset_data: dict[str, Any]) -> None:
        cards = get(small_ruleset_data, "scorecards")
        cards.append({"code": "spare", "title_vi": "", "criteria": []})
        assert [(p.message, p.path) for p in dr.check_ruleset(small_ruleset_data)] == [
            ("missing vi label", "$.scorecards[1].title_vi"),
            ("scorecard 'spare' has no criteria", "$.scorecards[1].criteria"),
        ]


def _band_rows(cuts: list[Decimal]) -> list[dict[str, object]]:
    bounds = [Decimal(0), *cuts]
    rows: list[dict[str, object]] = []
    for i, low in enumerate(bounds):
        row: dict[str, object] = {
            "code": f"b{i}",
            "label_vi": f"Mức {i}",
            "min": str(low),
            "provenance": "sourced",
            "reference": {"document": "QĐ"},
        }
        if i + 1 < len(bounds):
            row["below"] = str(bounds[i + 1])
        rows.append(row)
    return rows


CUTS = st.lists(
    st.decimals(min_value=Decimal("0.25"), max_value=10, places=2),
    min_size=1,
    max_size=4,
    unique=True,
).map(sorted)
NO_FIXTURE_RESET = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@NO_FIXTURE_RESET
@given(cuts=CUTS, data=st.data())
def test_moving_one_band_bound_makes_exactly_one_gap_or_overlap(
    small_ruleset_data: dict[str, Any], cuts: list[Decimal], data: st.DataObject
) -> None:
    """Bands that tile 0..∞ are sound; moving one inner bound breaks exactly one pair."""
    ruleset = copy.deepcopy(small_ruleset_data)
    ruleset["bands"] = _band_rows(cuts)
    edit(ruleset, "quota", DELETE)
    edit(ruleset, "conditions[0].effect", {"kind": "ineligible"})
    assert dr.check_ruleset(ruleset) == ()

    i = data.draw(st.integers(0, len(cuts) - 1), label="band")
    low = Decimal(ruleset["bands"][i]["min"])
    below = Decimal(ruleset["bands"][i]["below"])
    moved = data.draw(
        st.decimals(min_value=low + Decimal("0.01"), max_value=20, places=2).filter(
            lambda x: x != below
        ),
        label="moved",
    )
    ruleset["bands"][i]["below"] = str(moved)
    found = [(p.message, p.path) for p in dr.check_ruleset(ruleset)]
    kind = "gap" if moved < below else "overlap"
    assert len(found) == 1
    assert found[0][0].startswith(f"{kind}: ")
    assert found[0][1] == f"$.bands[{i}].below"


@NO_FIXTURE_RESET
@given(st.integers(0, 30), st.integers(0, 30))
def test_weights_must_add_up_to_the_scale(
    small_ruleset_data: dict[str, Any], weight_a: int, weight_b: int
) -> None:
    ruleset = copy.deepcopy(small_ruleset_data)
    ruleset["categories"][0]["weights"] = [
        {"criterion": "A", "weight": weight_a, "provenance": "assumed"},
        {"criterion": "B", "weight": weight_b, "provenance": "assumed"},
    ]
    found = [(p.message, p.path) for p in dr.check_ruleset(ruleset)]
    if weight_a + weight_b == 10:
        assert found == []
    else:
        assert found == [
            (
                (
                    f"weights vs scale: the top-level criteria of category 'cat' carry "
                    f"{weight_a + weight_b} points in all, but the scale is 10"
                ),
                "$.categories[0].weights",
            )
        ]


# ---------------------------------------------------------------------- Python objects

REF = Reference("QĐ 1/2024", item="mục 1")
SRC = Provenance.SOURCED


def python_ruleset(**changes: Any) -> RuleSet:
    """A small valid rule set built from model objects; ``changes`` replace fields."""
    fields: dict[str, Any] = {
        "code": "ha-noi/test-v1",
        "province": "ha-noi",
        "title_vi": "Bộ thử",
        "instrument": Instrument("1/2024", "UBND"),
        "effective_from": dt.date(2024, 1, 1),
        "scale": 10,
        "scorecards": (
            Scorecard(
                "card",
                "Bảng",
                (
                    Criterion("A", "Nhóm", 10, SRC, REF),
                    Criterion("A.1", "Lá", 10, SRC, REF, parent="A", measure=Checklist()),
                ),
            ),
        ),
        "categories": (Category("cat", "Khối", "card"),),
        "bands": (
            Band("low", "Thấp", 0, SRC, below=5, reference=REF),
            Band("high", "Cao", 5, SRC, reference=REF),
        ),
    }
    fields.update(changes)
    return RuleSet(**fields)


def test_python_ruleset_is_sound() -> None:
    ruleset = python_ruleset()
    assert ruleset.code == "ha-noi/test-v1"
    assert lint(ruleset) == ()


def test_python_ruleset_reports_every_problem_at_once() -> None:
    with pytest.raises(RuleSetError) as info:
        python_ruleset(
            code="Bad Code",
            bands=(
                Band("low", "", 1, SRC, below=5),
                Band("high", "Cao", 6, SRC, reference=REF),
            ),
            adjustments=(Bonus("b", "Thưởng", 0, SRC, reference=REF),),
            conditions=(
                ConditionRule("c", "Điều kiện", AllOf(()), CapBand("top"), SRC, reference=REF),
                ConditionRule("c", "Cờ", Flag("zz"), CapBand("low"), SRC, reference=REF),
            ),
        )
    err = info.value
    assert [(p.message, p.path) for p in err.problems] == [
        (
            (
                "code 'Bad Code' is not '<province>/<version>' in lower-case ASCII "
                "(e.g. 'dong-nai/3225-2018')"
            ),
            "$.code",
        ),
        ("missing vi label", "$.bands[0].label_vi"),
        ("band 'low' has no reference", "$.bands[0].reference"),
        ("gap: no band covers 0 to 1 (the lowest band must start at 0)", "$.bands[0].min"),
        (
            "gap: no band covers 5 to 6 (band 'low' ends below 5, 'high' starts at 6)",
            "$.bands[0].below",
        ),
        ("must be positive, not 0", "$.adjustments[0].cap"),
        ("duplicate code 'c' (2 times)", "$.conditions"),
        ("all_of needs at least one condition", "$.conditions[0].when.conditions"),
        ("unknown band 'top' (bands: high, low)", "$.conditions[0].effect.band"),
        ("unknown fact 'zz' (facts: none declared)", "$.conditions[1].when.fact"),
    ]
    assert str(err).startswith("10 problems in rule set 'Bad Code':\n")
    assert err.subject == "rule set 'Bad Code'"


def test_objects_foreign_to_the_model_are_passed_over() -> None:
    """The linter never raises: a condition or measure that is none of the model's is no problem of its own.

    (The codec only ever builds the model's union members; this pins that Python
    callers who pass something else get no crash from the linter.)
    """
    ruleset = python_ruleset()
    assert list(_Linter(ruleset).condition(cast("Any", "flag"), "$.x")) == []
    leaf = attrs.evolve(ruleset.scorecards[0].criteria[1], measure=cast("Any", "checklist"))
    assert list(measure_problems(leaf, "$.m")) == []


# ---------------------------------------------------------------------- the broken file

#: Every problem planted in tests/data/broken-example.toml: (message fragment, path).
PLANTED: Final[list[tuple[str, str]]] = [
    # header
    ("code 'Ví dụ hỏng' is not '<province>/<version>'", "$.code"),
    ("province 'Ví Dụ' is not a lower-case ASCII code", "$.province"),
    ("missing vi label", "$.title_vi"),
    ("effective_until 2023-06-30 is before effective_from 2024-01-01", "$.effective_until"),
    (
        "the instrument takes effect on 2024-02-01, before it was signed on 2024-03-01",
        "$.instrument.effective",
    ),
    (
        "effective_from 2024-01-01 is before the instrument's effective date 2024-02-01",
        "$.effective_from",
    ),
    ("scale must be positive, not 0", "$.scale"),
    ("rounding places must be 0..6, not 8", "$.rounding.places"),
    # scorecards
    ("duplicate code 'phu-luc-2' (2 times)", "$.scorecards"),
    ("missing vi label", "$.scorecards[0].title_vi"),
    ("duplicate code 'I.2' (2 times)", "$.scorecards[0].criteria"),
    ("missing vi label", "$.scorecards[0].criteria[1].title_vi"),
    ("criterion 'I.1' has no reference", "$.scorecards[0].criteria[1].reference"),
    ("step must be positive, not 0", "$.scorecards[0].criteria[2].measure.step"),
    ("max 5 is not a multiple of the step 2", "$.scorecards[0].criteria[3].measure.step"),
    ("duplicate level 'Tốt' (2 times)", "$.scorecards[0].criteria[4].measure.levels"),
    ("points 6 outside 0..5", "$.scorecards[0].criteria[4].measure.levels[1].points"),
    (
        "level 'Tốt' is worth 6, more than 'Tốt'",
        "$.scorecards[0].criteria[4].measure.levels[1].points",
    ),
    ("'Tốt' names two levels", "$.scorecards[0].criteria[4].measure.levels[2].name_en"),
    ("level name '5' looks like a number", "$.scorecards[0].criteria[4].measure.levels[3].name"),
    ("no level is worth the max of 5", "$.scorecards[0].criteria[4].measure"),
    ("appraiser_only applies to leaves", "$.scorecards[0].criteria[5].appraiser_only"),
    ("the first row starts at 10", "$.scorecards[0].criteria[6].measure.rates[0].at_least"),
    (
        "rows must be in strictly ascending order",
        "$.scorecards[0].criteria[6].measure.rates[2].at_least",
    ),
    ("count 25.5 is not whole", "$.scorecards[0].criteria[6].measure.rates[3].at_least"),
    ("points 11 outside 0..10", "$.scorecards[0].criteria[6].measure.rates[3].points"),
    ("no row is worth the max of 10", "$.scorecards[0].criteria[6].measure"),
    ("levels needs at least one level", "$.scorecards[0].criteria[7].measure.levels"),
    ("the row from 120 gives 10 points", "$.scorecards[0].criteria[8].measure.rates[2].points"),
    ("120 is above 100 percent", "$.scorecards[0].criteria[8].measure.rates[2].at_least"),
    ("a rate table needs at least one row", "$.scorecards[0].criteria[9].measure.rates"),
    ("must be positive, not 0", "$.scorecards[0].criteria[10].measure.per_occurrence"),
    ("criterion code must not be empty", "$.scorecards[0].criteria[11].code"),
    ("max must be positive, not 0", "$.scorecards[0].criteria[11].max"),
    ("parent 'X' is not a criterion listed before 'V.1'", "$.scorecards[0].criteria[12].parent"),
    ("parent 'V' is a leaf (it has a measure), not a group", "$.scorecards[0].criteria[13].parent"),
    ("group 'II' has max 20 but its children add up to only 12", "$.scorecards[0].criteria[5].max"),
    ("group 'VI' has no measure and no children", "$.scorecards[0].criteria[14]"),
    ("scorecard 'phu-luc-2' has no criteria", "$.scorecards[1].criteria"),
    ("scorecard 'phu-luc-2' has no criteria", "$.scorecards[2].criteria"),
    # categories
    ("duplicate code 'so-nganh' (2 times)", "$.categories"),
    ("scorecard 'phu-luc-9' is not defined", "$.categories[0].scorecard"),
    ("missing vi label", "$.categories[1].label_vi"),
    (
        "weight for 'I.1', which is not a top-level criterion",
        "$.categories[1].weights[0].criterion",
    ),
    ("duplicate weight for 'II'", "$.categories[1].weights[2].criterion"),
    ("weight must not be negative, not -5", "$.categories[1].weights[3].weight"),
    ("category 'ubnd-xa' carry 80 points in all, but the scale is 0", "$.categories[1].weights"),
    (
        "category 'so-nganh' carry 100 points in all, but the scale is 0",
        "$.categories[2].scorecard",
    ),
    # bands
    ("duplicate code 'tot' (2 times)", "$.bands"),
    ("missing vi label", "$.bands[0].label_vi"),
    ("band 'xuat-sac' has no reference", "$.bands[0].reference"),
    ("band 'xuat-sac' is empty: below 90 is not above min 90", "$.bands[0].below"),
    ("gap: no band covers 0 to 10 (the lowest band must start at 0)", "$.bands[5].min"),
    (
        "overlap: band 'khong-hoan-thanh' has no upper bound but band 'hoan-thanh' starts at 30",
        "$.bands[5].below",
    ),
    ("gap: no band covers 40 to 45", "$.bands[3].below"),
    ("overlap: band 'tot' runs below 75 but band 'tot' starts at 70", "$.bands[1].below"),
    ("gap: no band covers totals from 90 up", "$.bands[0].below"),
    ("band 'xuat-sac' starts at 90, above the scale of 0", "$.bands[0].min"),
    # facts
    ("duplicate name 'ky_luat' (2 times)", "$.facts"),
    ("missing vi label", "$.facts[2].label_vi"),
    # adjustments
    ("duplicate code 'thuong' (2 times)", "$.adjustments"),
    ("missing vi label", "$.adjustments[0].label_vi"),
    ("adjustment 'thuong' has no reference", "$.adjustments[0].reference"),
    ("must be positive, not 0", "$.adjustments[0].cap"),
    ("must be positive, not -1", "$.adjustments[0].points"),
    ("unknown fact 'khong-co' (facts: bao_cao, khieu_nai, ky_luat)", "$.adjustments[1].fact"),
    ("must be positive, not 0", "$.adjustments[1].points"),
    ("must be positive, not -2", "$.adjustments[1].cap"),
    ("fact 'ky_luat' is a flag, but a count is needed here", "$.adjustments[2].fact"),
    ("unknown criterion 'IX' (not in 'phu-luc-1')", "$.adjustments[2].criterion"),
    ("percent must be in (0, 100], not 150", "$.adjustments[2].percent"),
    ("criterion 'I.1' is not top-level", "$.adjustments[3].criterion"),
    # conditions
    ("duplicate code 'ky-luat' (2 times)", "$.conditions"),
    ("missing vi label", "$.conditions[0].label_vi"),
    ("condition 'ky-luat' has no reference", "$.conditions[0].reference"),
    ("unknown fact 'khong-ton-tai'", "$.conditions[0].when.fact"),
    (
        "unknown band 'rat-tot' (bands: hoan-thanh, kem, khong-hoan-thanh, tot, xuat-sac)",
        "$.conditions[0].effect.band",
    ),
    (
        "fact 'khieu_nai' is a count, but a flag is needed here",
        "$.conditions[1].when.conditions[0].fact",
    ),
    ("n must be at least 1, not 0", "$.conditions[1].when.conditions[1].n"),
    (
        "any_of needs at least one condition",
        "$.conditions[1].when.conditions[2].condition.conditions",
    ),
    ("unknown criterion 'IX' (not in 'phu-luc-1')", "$.conditions[2].when.criterion"),
    ("share must be in (0, 1], not 1.5", "$.conditions[2].when.share"),
    ("unknown band 'xuat-sac-hon'", "$.conditions[2].effect.band"),
    # quota
    ("the quota has no reference", "$.quota.reference"),
    ("unknown band 'gioi'", "$.quota.base_band"),
    ("share must be in (0, 1], not 0", "$.quota.share"),
    ("demote_to 'xuat-sac' is not below the quota band 'tot'", "$.quota.demote_to"),
]


def test_broken_example_lists_every_planted_problem_at_once() -> None:
    data = read_toml(BROKEN)
    problems = dr.check_ruleset(data)

    def planted(problem: Problem) -> list[tuple[str, str]]:
        return [(f, p) for f, p in PLANTED if f in problem.message and p == problem.path]

    unexpected = [str(p) for p in problems if not planted(p)]
    missing = [
        pair
        for pair in PLANTED
        if not any(pair[0] in p.message and pair[1] == p.path for p in problems)
    ]
    assert unexpected == []
    assert missing == []
    assert len(problems) == len(PLANTED)
    # and building it raises one error holding all of them, naming the rule set
    with pytest.raises(RuleSetError) as info:
        dr.ruleset_from_data(data)
    assert info.value.problems == problems
    assert str(info.value).startswith(f"{len(PLANTED)} problems in rule set 'Ví dụ hỏng':")


def test_broken_example_is_the_example_broken() -> None:
    """The broken file is a copy of the bundled example, not a file of its own making."""
    broken = read_toml(BROKEN)
    example = read_toml(EXAMPLE_TOML)
    assert set(broken) >= set(example) - {"title_en"}
    titles = {c["title_vi"] for card in example["scorecards"] for c in card["criteria"]}
    assert titles & {c["title_vi"] for card in broken["scorecards"] for c in card["criteria"]}


class TestAwardProposal:
    """Which bands make a unit eligible for proposal: said for every band or none, upward closed."""

    def test_every_band_or_none(self, small_ruleset_data: dict[str, Any]) -> None:
        bands = get(small_ruleset_data, "bands")
        bands[1]["award_proposal"] = True  # 'high'; 'low' says nothing
        assert [(p.code, p.path) for p in dr.check_ruleset(small_ruleset_data)] == [
            ("lint.award_proposal_partial", "$.bands[0].award_proposal")
        ]
        bands[0]["award_proposal"] = False
        assert dr.check_ruleset(small_ruleset_data) == ()

    def test_a_higher_band_cannot_lose_what_a_lower_one_has(
        self, small_ruleset_data: dict[str, Any]
    ) -> None:
        bands = get(small_ruleset_data, "bands")
        bands[0]["award_proposal"] = True
        bands[1]["award_proposal"] = False
        (found,) = dr.check_ruleset(small_ruleset_data)
        assert (found.code, found.path) == (
            "lint.award_proposal_not_upward",
            "$.bands[1].award_proposal",
        )
        assert found.message_vi.startswith("mức 'low' đủ điều kiện đề nghị khen thưởng")
