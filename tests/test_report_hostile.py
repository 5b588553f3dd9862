"""Hostile reports (issue #6 §2 "Types", "Levels", former_province; §3 NFC, numpy, floats).

Every example of the issue is a regression test here; the properties below
stand for the classes they belong to: any text with a lone surrogate, any
field of the wrong type, any float in range, any decomposed name.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules import errors, limits
from danvan_rules.model import (
    Checklist,
    Criterion,
    Level,
    Levels,
    Points,
    Provenance,
    UnitReport,
)
from danvan_rules.model.report import answer_text, report_problems
from danvan_rules.scoring._measures import InvalidAnswerError, leaf_points
from danvan_rules.testing import reports_for

from .conftest import EXAMPLES

FIELDS: dict[str, Any] = {
    "unit_id": "so-x",
    "unit_name": "Sở X",
    "category": "so-nganh",
    "year": 2024,
    "province": "example",
    "self_scores": {},
}
TEXT_FIELDS = ("unit_id", "unit_name", "category", "province", "former_province")
SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)


def tot() -> UnitReport:
    return dr.load_report(EXAMPLES / "tot.json")


def tot_data() -> dict[str, Any]:
    return json.loads((EXAMPLES / "tot.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def build(**changes: Any) -> UnitReport:
    return UnitReport(**{**FIELDS, **changes})


def refused(**changes: Any) -> list[tuple[str, str]]:
    """``(code, path)`` of every problem of the report with ``changes``."""
    with pytest.raises(dr.ReportError) as info:
        build(**changes)
    for problem in info.value.problems:
        assert problem.message_vi
        assert problem.message_vi != problem.message
    return [(p.code, p.path) for p in info.value.problems]


def score_data(example: dr.RuleSet, data: dict[str, Any]) -> dict[str, Any]:
    return dr.result_to_data(dr.score(example, UnitReport(**data)))


# ---------------------------------------------------------------------- types


class TestTypes:
    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"year": True}, [("data.expected_integer", "$.year")]),
            ({"year": 2024.0}, [("data.expected_integer", "$.year")]),
            ({"year": "2024"}, [("data.expected_integer", "$.year")]),
            ({"unit_id": None}, [("data.expected_text", "$.unit_id")]),
            ({"unit_name": 5}, [("data.expected_text", "$.unit_name")]),
            ({"category": ["so-nganh"]}, [("data.expected_text", "$.category")]),
            ({"province": b"example"}, [("data.expected_text", "$.province")]),
            ({"former_province": 3}, [("data.expected_text", "$.former_province")]),
            ({"self_scores": None}, [("data.expected_table", "$.self_scores")]),
            ({"self_scores": [("I.1", 1)]}, [("data.expected_table", "$.self_scores")]),
            ({"appraised_scores": "x"}, [("data.expected_table", "$.appraised_scores")]),
            ({"facts": 3}, [("data.expected_table", "$.facts")]),
            ({"bonuses": [1]}, [("data.expected_table", "$.bonuses")]),
            ({"self_scores": {1: "x"}}, [("data.expected_text", '$.self_scores["1"]')]),
            ({"facts": {("a",): True}}, [("data.expected_text", "$.facts[\"('a',)\"]")]),
            ({"facts": {"n": 10**5000}}, [("fact.count_too_large", '$.facts["n"]')]),
            ({"facts": {"n": limits.MAX_COUNT + 1}}, [("fact.count_too_large", '$.facts["n"]')]),
            ({"facts": {"n": 1.0}}, [("fact.invalid", '$.facts["n"]')]),
            ({"bonuses": {"b": None}}, [("bonus.invalid_claim", '$.bonuses["b"]')]),
            ({"bonuses": {"b": "0,5"}}, [("number.decimal_comma", '$.bonuses["b"]')]),
            ({"self_scores": {"a": object()}}, [("answer.invalid_type", '$.self_scores["a"]')]),
            ({"unit_name": " "}, [("text.empty", "$.unit_name")]),
            ({"category": ""}, [("text.empty", "$.category")]),
            ({"province": ""}, [("text.empty", "$.province")]),
            ({"former_province": ""}, [("text.empty", "$.former_province")]),
        ],
    )
    def test_each_wrong_type_is_a_report_error(
        self, changes: dict[str, Any], expected: list[tuple[str, str]]
    ) -> None:
        assert refused(**changes) == expected

    def test_every_field_wrong_at_once(self) -> None:
        found = refused(
            unit_id=None,
            unit_name=5,
            category=[],
            year=True,
            province={},
            self_scores=3,
            appraised_scores=[],
            facts="x",
            bonuses=1.5,
            former_province=7,
        )
        assert found == [
            ("data.expected_text", "$.unit_id"),
            ("data.expected_text", "$.unit_name"),
            ("data.expected_text", "$.category"),
            ("data.expected_integer", "$.year"),
            ("data.expected_text", "$.province"),
            ("data.expected_table", "$.self_scores"),
            ("data.expected_table", "$.appraised_scores"),
            ("data.expected_table", "$.facts"),
            ("data.expected_table", "$.bonuses"),
            ("data.expected_text", "$.former_province"),
        ]

    def test_a_huge_fact_count_never_reaches_the_hash(self) -> None:
        with pytest.raises(dr.ReportError) as info:
            build(facts={"n": 10**5000})
        (problem,) = info.value.problems
        assert problem.message == (
            "a fact count is at most 999999999999, not an integer of more than 40 digits"
        )
        assert build(facts={"n": limits.MAX_COUNT}).facts["n"] == limits.MAX_COUNT

    @given(
        st.sampled_from(
            ["unit_id", "unit_name", "category", "year", "province", "former_province"]
        ),
        st.one_of(
            st.none(),
            st.booleans(),
            st.floats(),
            st.binary(max_size=3),
            st.lists(st.integers(), max_size=2),
            st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
            st.builds(object),
        ),
    )
    def test_any_wrong_type_in_a_scalar_field(self, field: str, value: object) -> None:
        if field == "former_province" and value is None:
            return
        with pytest.raises(dr.ReportError) as info:
            build(**{field: value})
        assert [p.path for p in info.value.problems] == [f"$.{field}"]

    @given(
        st.sampled_from(["self_scores", "appraised_scores", "facts", "bonuses"]),
        st.one_of(
            st.integers(), st.text(max_size=3), st.lists(st.integers(), max_size=2), st.floats()
        ),
    )
    def test_any_wrong_type_in_a_table_field(self, field: str, value: object) -> None:
        with pytest.raises(dr.ReportError) as info:
            build(**{field: value})
        assert [(p.code, p.path) for p in info.value.problems] == [
            ("data.expected_table", f"$.{field}")
        ]

    def test_limits_on_strings_and_tables(self) -> None:
        long = "x" * (limits.MAX_STRING_LENGTH + 1)
        assert refused(unit_name=long) == [("text.too_long", "$.unit_name")]
        assert refused(self_scores={"a": long}) == [("text.too_long", '$.self_scores["a"]')]
        assert (
            build(unit_name="x" * limits.MAX_STRING_LENGTH).unit_name
            == "x" * limits.MAX_STRING_LENGTH
        )
        many = dict.fromkeys(map(str, range(limits.MAX_TABLE_KEYS + 1)), True)
        assert refused(facts=many) == [("report.too_many_keys", "$.facts")]

    def test_evolve_checks_again(self) -> None:
        with pytest.raises(dr.ReportError):
            attrs.evolve(tot(), year=False)

    def test_report_problems_reads_raw_data(self) -> None:
        found = [
            (p.code, p.path) for p in report_problems({"year": "x", "self_scores": {"a": "0,5"}})
        ]
        assert found == [
            ("data.expected_integer", "$.year"),
            ("number.decimal_comma", '$.self_scores["a"]'),
        ]
        assert list(report_problems({})) == []


# ---------------------------------------------------------------------- numpy and floats


class TestNumpyAndFloats:
    def test_numpy_scalars_are_read_exactly(self, example: dr.RuleSet) -> None:
        data = tot_data()
        plain = score_data(example, data)
        data["year"] = np.int64(2024)
        data["self_scores"] = {
            **data["self_scores"],
            "I.1": np.True_,
            "I.2": np.int64(5),
            "II.1": np.float32(8.5),
            "III.1": np.float64(96),
            "VI.1": np.bool_(1),
        }
        data["facts"] = {**data["facts"], "ky_luat": np.False_, "bao_cao_tre_han": np.int8(0)}
        data["bonuses"] = {"dvk-cap-tinh": np.float16(1)}
        report = UnitReport(**data)
        assert type(report.year) is int
        assert report.self_scores["I.1"] is True
        assert report.facts["ky_luat"] is False
        assert type(report.facts["bao_cao_tre_han"]) is int
        assert report == tot()
        assert dr.result_to_data(dr.score(example, report)) == plain

    def test_floats_in_a_report_dict(self) -> None:
        data = tot_data()  # json.loads: 8.5 is a float here
        assert isinstance(data["self_scores"]["II.1"], float)
        assert UnitReport(**data) == tot()

    @settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
    @given(reports_for(dr.rulesets.get("example/dan-van-2024")))
    def test_floats_in_range_score_as_their_repr_text(self, report: UnitReport) -> None:
        example = dr.rulesets.get("example/dan-van-2024")

        def as_(kind: type) -> dict[str, Any]:
            return {k: kind(v) if type(v) is Decimal else v for k, v in report.self_scores.items()}

        as_float = attrs.evolve(report, self_scores=as_(float))
        as_text = attrs.evolve(
            report,
            self_scores={k: repr(v) if isinstance(v, float) else v for k, v in as_(float).items()},
        )
        assert as_float == as_text == report
        assert dr.result_to_data(dr.score(example, as_float)) == dr.result_to_data(
            dr.score(example, as_text)
        )

    def test_non_finite_floats_are_refused(self) -> None:
        assert refused(self_scores={"a": float("nan")}, bonuses={"b": float("inf")}) == [
            ("number.not_finite", '$.self_scores["a"]'),
            ("number.not_finite", '$.bonuses["b"]'),
        ]

    def test_a_float_off_the_step_is_refused_by_the_scorer(self, example: dr.RuleSet) -> None:
        report = attrs.evolve(tot(), self_scores={**tot().self_scores, "II.1": 8.3})
        with pytest.raises(dr.ReportError) as info:
            dr.score(example, report)
        assert [(p.code, p.path) for p in info.value.problems] == [
            ("score.off_step", '$.self_scores["II.1"]')
        ]


# ---------------------------------------------------------------------- text


class TestInvalidUnicode:
    @pytest.mark.parametrize("field", TEXT_FIELDS)
    def test_in_a_text_field(self, field: str) -> None:
        assert refused(**{field: "a\ud800b"}) == [("text.invalid_unicode", f"$.{field}")]

    @pytest.mark.parametrize("field", ["self_scores", "appraised_scores", "facts", "bonuses"])
    def test_in_a_key(self, field: str) -> None:
        value = True if field == "facts" else 1
        assert refused(**{field: {"I\udfff": value}}) == [
            ("text.invalid_unicode", f'$.{field}["I\\udfff"]')
        ]

    def test_in_answers_and_claims(self) -> None:
        assert refused(self_scores={"a": "\ud800"}, bonuses={"b": "\udc00"}) == [
            ("text.invalid_unicode", '$.self_scores["a"]'),
            ("text.invalid_unicode", '$.bonuses["b"]'),
        ]

    def test_the_message_is_printable_and_encodable(self) -> None:
        with pytest.raises(dr.ReportError) as info:
            build(unit_id="so-\ud800", self_scores={"\ud800": "\ud800"})
        assert info.value.unit_id is None
        text = info.value.render("vi") + str(info.value)
        text.encode("utf-8")  # never a UnicodeEncodeError
        for problem in info.value.problems:
            json.dumps(problem.to_data(), ensure_ascii=False).encode("utf-8")

    def test_from_json_text(self) -> None:
        text = json.dumps({**tot_data(), "unit_name": "@"}).replace('"@"', '"\\ud800"')
        with pytest.raises(dr.ReportError) as info:
            dr.report_from_json(text)
        assert [(p.code, p.path) for p in info.value.problems] == [
            ("text.invalid_unicode", "$.unit_name")
        ]

    @given(st.data(), SURROGATES)
    def test_a_surrogate_anywhere_names_its_path(self, data: st.DataObject, surrogate: str) -> None:
        fields = tot_data()
        places: list[tuple[str, str | None, bool]] = [(f, None, False) for f in TEXT_FIELDS]
        for table in ("self_scores", "appraised_scores", "facts", "bonuses"):
            places += [(table, key, False) for key in fields[table]]
            places += [
                (table, key, True) for key in fields[table] if isinstance(fields[table][key], str)
            ]
        field, key, in_value = data.draw(st.sampled_from(places))

        def spoil(text: str) -> str:
            at = data.draw(st.integers(0, len(text)))
            return text[:at] + surrogate + text[at:]

        if key is None:
            fields[field] = spoil(fields.get(field) or "x")
            path = f"$.{field}"
        elif in_value:
            fields[field][key] = spoil(fields[field][key])
            path = errors.key_path(f"$.{field}", key)
        else:
            spoiled = spoil(key)
            fields[field] = {spoiled if k == key else k: v for k, v in fields[field].items()}
            path = errors.key_path(f"$.{field}", spoiled)
        with pytest.raises(dr.ReportError) as info:
            UnitReport(**fields)
        assert [(p.code, p.path) for p in info.value.problems] == [("text.invalid_unicode", path)]


def _nfd(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFD", value)
    if isinstance(value, dict):
        return {_nfd(k): _nfd(v) for k, v in value.items()}
    return value


class TestNfc:
    def test_a_decomposed_level_name_is_the_same_answer(self, example: dr.RuleSet) -> None:
        decomposed = "Kha\u0301"
        assert decomposed != "Khá"
        report = attrs.evolve(tot(), self_scores={**tot().self_scores, "I.3": decomposed})
        assert report.self_scores["I.3"] == "Khá"
        assert report == tot()
        assert dr.score(example, report).total == dr.score(example, tot()).total

    def test_every_name_is_nfc(self) -> None:
        nfd = {k: _nfd(v) for k, v in tot_data().items()}
        nfd["unit_name"] = unicodedata.normalize("NFD", "Sở Tư pháp")
        assert nfd["unit_name"] != "Sở Tư pháp"
        report = UnitReport(**nfd, former_province=unicodedata.normalize("NFD", "đồng"))
        assert report.unit_name == "Sở Tư pháp"
        assert report.former_province == "đồng"
        assert report.self_scores["VI.2"] == "Được công nhận"

    def test_keys_equal_after_nfc_are_duplicates(self) -> None:
        assert refused(facts={"Khá": True, "Kha\u0301": False}) == [
            ("report.duplicate_key", '$.facts["Kha\u0301"]')
        ]

    @settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
    @given(reports_for(dr.rulesets.get("example/dan-van-2024")))
    def test_nfd_and_nfc_reports_score_identically(self, report: UnitReport) -> None:
        example = dr.rulesets.get("example/dan-van-2024")
        fields = {f.name: _nfd(getattr(report, f.name)) for f in attrs.fields(UnitReport)}
        fields = {k: dict(v) if hasattr(v, "items") else v for k, v in fields.items()}
        fields = {k: _nfd(v) for k, v in fields.items()}
        decomposed = UnitReport(**fields)
        assert decomposed == report
        assert dr.result_to_data(dr.score(example, decomposed)) == dr.result_to_data(
            dr.score(example, report)
        )


# ---------------------------------------------------------------------- levels


def leaf(*levels: Level) -> Criterion:
    return Criterion("I.1", "Mức", 5, Provenance.ASSUMED, parent="I", measure=Levels(levels))


class TestLevelsOnText:
    def test_a_level_named_5_can_be_answered(self) -> None:
        named = leaf(Level("5", 5), Level("3", 3), Level("0", 0))
        assert leaf_points(named, "5") == 5
        assert leaf_points(named, Decimal(3)) == 3
        # as a report holds it: "3" is kept as the number 3, whose text is "3"
        answer = build(self_scores={"I.1": "3"}).self_scores["I.1"]
        assert answer == Decimal(3)
        assert leaf_points(named, answer) == 3
        assert leaf_points(named, np.int64(0)) == 0

    def test_a_number_answer_matches_by_its_shortest_text(self) -> None:
        assert answer_text(Decimal("5.50")) == "5.5"
        assert answer_text(Decimal("1E+1")) == "10"
        assert answer_text(Decimal(0)) == "0"
        assert answer_text(answer=True) is None
        assert answer_text("Khá") == "Khá"
        assert answer_text(np.float32(2.5)) == "2.5"
        assert answer_text(Decimal("0E-999999999")) is None  # never written out
        assert answer_text(None) is None
        named = leaf(Level("0", 0))
        with pytest.raises(InvalidAnswerError) as info:
            leaf_points(named, Decimal("0E-999999999"))
        assert info.value.code == "answer.unknown_level"

    def test_name_en_of_one_and_name_of_another_is_ambiguous(self) -> None:
        clash = leaf(Level("Tốt", 5, name_en="Khá"), Level("Khá", 3, name_en="Fair"))
        with pytest.raises(InvalidAnswerError) as info:
            leaf_points(clash, "Khá")
        exc = info.value
        assert exc.code == "answer.ambiguous_level"
        assert str(exc) == (
            "'Khá' matches 2 levels of criterion I.1: 'Tốt' (by its name_en), 'Khá' (by its name); "
            "the rule set must tell them apart"
        )
        assert "'Tốt' (theo name_en), 'Khá' (theo name)" in exc.message_vi
        assert leaf_points(clash, "Fair") == 3
        assert leaf_points(clash, "Tốt") == 5

    def test_ambiguity_is_reported_at_its_path_by_the_scorer(self, example: dr.RuleSet) -> None:
        data = dr.ruleset_to_data(example)
        for card in data["scorecards"]:
            for criterion in card["criteria"]:
                if criterion["code"] == "I.3":
                    criterion["measure"]["levels"][0]["name_en"] = "Khá"
        try:
            clashing = dr.ruleset_from_data(data)
        except dr.RuleSetError as exc:  # the linter refuses the clash first, as it should
            refusal = str(exc)
        else:
            refusal = ""
        if refusal:
            assert "'Khá' names two levels" in refusal
            return
        with pytest.raises(dr.ReportError) as info:
            dr.score(clashing, tot())
        assert [(p.code, p.path) for p in info.value.problems] == [
            ("answer.ambiguous_level", '$.self_scores["I.3"]')
        ]

    def test_unknown_levels_and_checklists(self) -> None:
        named = leaf(Level("Tốt", 5))
        with pytest.raises(InvalidAnswerError) as info:
            leaf_points(named, answer=True)
        assert info.value.code == "answer.unknown_level"
        with pytest.raises(InvalidAnswerError) as info:
            leaf_points(named, "")
        assert info.value.code == "answer.unknown_level"
        checklist = Criterion("I.2", "x", 5, Provenance.ASSUMED, parent="I", measure=Checklist())
        assert leaf_points(checklist, np.True_) == 5
        with pytest.raises(InvalidAnswerError) as info:
            leaf_points(checklist, 1)
        assert info.value.code == "answer.not_true_false"

    def test_leaf_points_checks_numbers_it_is_given(self) -> None:
        points = Criterion("I.2", "x", 5, Provenance.ASSUMED, parent="I", measure=Points())
        with pytest.raises(InvalidAnswerError) as info:
            leaf_points(points, Decimal("0E-999999999"))
        assert info.value.code == "number.exponent_too_large"
        assert leaf_points(points, 2.5) == Decimal("2.5")
        with pytest.raises(InvalidAnswerError) as info:
            leaf_points(points, None)
        assert info.value.code == "answer.not_a_number"

    def test_invalid_answer_error_is_in_the_tree(self) -> None:
        assert issubclass(InvalidAnswerError, errors.InvalidValueError)
        assert issubclass(InvalidAnswerError, errors.DanvanError)
        problem = InvalidAnswerError("x", code="answer.unknown_level", vi="y").at("$.a")
        assert (problem.code, problem.message_vi, problem.path) == (
            "answer.unknown_level",
            "y",
            "$.a",
        )


# ---------------------------------------------------------------------- former_province


class TestFormerProvince:
    def test_an_unknown_code_is_reported_by_the_scorer(self, example: dr.RuleSet) -> None:
        with pytest.raises(dr.ReportError) as info:
            dr.score(example, attrs.evolve(tot(), former_province="dong-na"))
        (problem,) = info.value.problems
        assert (problem.code, problem.path) == ("report.unknown_province", "$.former_province")
        with pytest.raises(errors.UnknownProvinceError) as lookup:
            dr.provinces.province("dong-na")
        assert problem.message == str(lookup.value)  # the message for_report gives
        assert problem.message_vi == (
            "mã tỉnh 'dong-na' không có trong danh sách tỉnh, thành phố; "
            "có phải là: 'dong-nai', 'dong-thap', 'long-an'?"
        )
        with pytest.raises(dr.ReportError) as info:
            dr.score(example, attrs.evolve(tot(), former_province="zzzzzzzz"))
        assert info.value.problems[0].message_vi == (
            "mã tỉnh 'zzzzzzzz' không có trong danh sách tỉnh, thành phố"
        )

    def test_a_province_that_is_not_a_predecessor(self, example: dr.RuleSet) -> None:
        report = attrs.evolve(tot(), province="dong-nai", former_province="bac-kan")
        with pytest.raises(dr.ReportError) as info:
            dr.score(example, report)
        (problem,) = info.value.problems
        assert (problem.code, problem.path) == ("report.not_a_former_province", "$.former_province")
        assert problem.message == (
            "'bac-kan' is not a former province of 'dong-nai' (its predecessors: dong-nai, binh-phuoc)"
        )

    @pytest.mark.parametrize(
        ("province", "former"),
        [
            ("dong-nai", "binh-phuoc"),
            ("dong-nai", "example"),
            ("example", "ha-noi"),
            ("dong-nai", None),
        ],
    )
    def test_accepted(self, example: dr.RuleSet, province: str, former: str | None) -> None:
        dr.score(example, attrs.evolve(tot(), province=province, former_province=former))


# ---------------------------------------------------------------------- the scorer's problems


class TestScorerProblems:
    def test_every_problem_has_a_code_and_vietnamese_text(self, example: dr.RuleSet) -> None:
        data = tot_data()
        data["category"] = "so-nganh"
        data["self_scores"] = {
            **data["self_scores"],
            "I.1": 5,
            "I.2": 99,
            "I.3": "Rất tốt",
            "II.1": 8.3,
            "III.1": 101,
            "III.2": 1.5,
            "VII": 1,
            "I": 1,
            "X.9": 1,
        }
        del data["self_scores"]["V"]
        data["facts"] = {"ky_luat": 1, "khieu_nai_dong_nguoi": True, "la": True}
        data["bonuses"] = {"dvk-cap-tinh": "-1", "nope": 1}
        with pytest.raises(dr.ReportError) as info:
            dr.score(example, UnitReport(**data))
        codes = {p.code for p in info.value.problems}
        assert codes >= {
            "answer.not_true_false",
            "score.out_of_range",
            "answer.unknown_level",
            "score.off_step",
            "answer.not_a_percentage",
            "report.appraiser_only",
            "report.group_criterion",
            "report.unknown_criterion",
            "report.missing_score",
            "fact.not_a_flag",
            "fact.not_a_count",
            "report.unknown_fact",
            "report.missing_fact",
            "bonus.negative",
            "report.unknown_bonus",
        }
        for problem in info.value.problems:
            assert problem.code != "data.invalid"
            assert problem.message_vi
            assert problem.message_vi != problem.message

    def test_keys_with_quotes_are_escaped_in_paths(self, example: dr.RuleSet) -> None:
        report = attrs.evolve(tot(), self_scores={**tot().self_scores, 'a"b\\': 1})
        with pytest.raises(dr.ReportError) as info:
            dr.score(example, report)
        assert [p.path for p in info.value.problems] == ['$.self_scores["a\\"b\\\\"]']

    def test_unknown_and_ended_categories(self, example: dr.RuleSet) -> None:
        with pytest.raises(dr.ReportError) as info:
            dr.score(example, attrs.evolve(tot(), category="khong-co"))
        assert [p.code for p in info.value.problems] == ["report.unknown_category"]

    def test_an_ended_category_has_its_code(self, example: dr.RuleSet) -> None:
        district = attrs.evolve(example.categories[1], until=dt.date(2025, 6, 30))
        rs = attrs.evolve(example, categories=(example.categories[0], district))
        commune = dr.load_report(EXAMPLES / "tham-dinh.json")
        with pytest.raises(dr.ReportError) as info:
            dr.score(rs, attrs.evolve(commune, year=2025))
        (problem,) = info.value.problems
        assert (problem.code, problem.path) == ("report.category_ended", "$.category")
        assert "đã kết thúc ngày 2025-06-30" in problem.message_vi


ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=8)
ANYTHING = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(10**12, 10**60),
        st.floats(),
        st.decimals(),
        ANY_TEXT,
        st.sampled_from(
            [np.True_, np.int64(3), np.float32(0.5), np.float16("nan"), np.uint64(2**64 - 1)]
        ),
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT | st.integers(), inner, max_size=3)
    ),
    max_leaves=8,
)


FIELD_NAMES = tuple(field.name for field in attrs.fields(UnitReport))


def _outcome(make: Any) -> Any:
    """What ``make()`` returns, or the ReportError it raises (never another exception)."""
    try:
        return make()
    except dr.ReportError as exc:
        return exc


@settings(max_examples=200)
@given(st.fixed_dictionaries({}, optional=dict.fromkeys(FIELD_NAMES, ANYTHING)))
def test_any_values_build_a_report_or_raise_a_report_error(changes: dict[str, Any]) -> None:
    outcome = _outcome(lambda: build(**changes))
    if isinstance(outcome, UnitReport):
        example = dr.rulesets.get("example/dan-van-2024")
        outcome = _outcome(lambda: dr.score(example, outcome))
    if isinstance(outcome, dr.ReportError):
        outcome.render("vi").encode("utf-8")
        for problem in outcome.problems:
            assert problem.code != "data.invalid"
            assert problem.message_vi
            json.dumps(problem.to_data(), ensure_ascii=False).encode("utf-8")
