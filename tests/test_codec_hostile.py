"""codec/: hostile documents and data get a typed, coded error — never a crash (issue #6 §2)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from cattrs.errors import ClassValidationError
from hypothesis import given
from hypothesis import strategies as st

from danvan_rules.codec import (
    parse_json,
    parse_json_document,
    parse_toml,
    report_from_data,
    report_from_json,
    ruleset_from_data,
    ruleset_from_toml,
)
from danvan_rules.codec._documents import check_data
from danvan_rules.codec._errors import problems_of
from danvan_rules.errors import DataError, ReportError, RuleSetError
from danvan_rules.limits import (
    MAX_DATA_DEPTH,
    MAX_LIST_LENGTH,
    MAX_PROBLEMS,
    MAX_REPORT_FILE_BYTES,
    MAX_RULESET_FILE_BYTES,
    MAX_STRING_LENGTH,
    MAX_TABLE_KEYS,
)
from danvan_rules.model import RuleSet
from danvan_rules.model._canonical import decimal_text, digest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_TOML = ROOT / "src" / "danvan_rules" / "data" / "example-dan-van-2024.toml"
TOT = ROOT / "examples" / "tot.json"
FIRST_WHEN = 'when = { kind = "flag", fact = "ky_luat" }'


def example_text() -> str:
    return EXAMPLE_TOML.read_text(encoding="utf-8")


def report_data() -> dict[str, Any]:
    data: dict[str, Any] = parse_json(TOT.read_text(encoding="utf-8"))
    return data


def codes(error: DataError) -> list[str]:
    return [problem.code for problem in error.problems]


def nested_condition(levels: int) -> str:
    """``all_of`` of ``all_of`` … of the first flag condition, as one TOML inline table."""
    text = '{ kind = "flag", fact = "ky_luat" }'
    for _ in range(levels):
        text = f'{{ kind = "all_of", conditions = [{text}] }}'
    return text


def with_when(levels: int) -> str:
    text = example_text()
    assert FIRST_WHEN in text
    return text.replace(FIRST_WHEN, f"when = {nested_condition(levels)}")


class TestDeepDocuments:
    def test_json_100000_deep(self) -> None:
        text = "[" * 100_000 + "]" * 100_000
        with pytest.raises(DataError) as info:
            parse_json(text)
        (problem,) = info.value.problems
        assert problem.code == "document.too_deep"
        assert f"more than {MAX_DATA_DEPTH} deep" in problem.message
        assert "sâu quá" in problem.message_vi
        with pytest.raises(ReportError) as report:
            report_from_json(text)
        assert codes(report.value) == ["document.too_deep"]

    def test_json_objects_deep_name_the_line(self) -> None:
        text = '{"a":\n' * 200 + "1" + "}" * 200
        with pytest.raises(DataError) as info:
            parse_json(text)
        assert info.value.problems[0].message.endswith(f"(line {MAX_DATA_DEPTH + 1})")

    def test_json_at_the_limit_is_read(self) -> None:
        depth = MAX_DATA_DEPTH
        assert parse_json("[" * depth + "]" * depth) is not None

    def test_brackets_inside_json_strings_do_not_count(self) -> None:
        deep = "[" * 5000 + '\\"{' * 10
        assert parse_json(json.dumps({"a": deep})) == {"a": deep}
        assert parse_json('["\\\\", [1]]') == ["\\", [1]]

    @given(
        st.recursive(
            st.text(alphabet='[]{}"\\ab\n'),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner),
            max_leaves=20,
        )
    )
    def test_any_json_within_the_limit_reads_back(self, data: Any) -> None:
        assert parse_json(json.dumps(data)) == data

    @given(
        st.dictionaries(
            st.text(alphabet="[]{}\"'#\\ab\n", min_size=1),
            st.recursive(
                st.text(alphabet="[]{}\"'#\\ab\n"),
                lambda inner: (
                    st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(alphabet="ab[#'", min_size=1), inner, max_size=3)
                ),
                max_leaves=12,
            ),
            max_size=3,
        ),
        st.booleans(),
    )
    def test_any_toml_within_the_limit_reads_back(self, data: Any, multiline: bool) -> None:
        import tomli_w

        assert parse_toml(tomli_w.dumps(data, multiline_strings=multiline)) == data

    def test_text_outside_strings_that_is_not_ascii_is_scanned_the_slow_way(self) -> None:
        with pytest.raises(DataError) as info:
            parse_json("[ü]")
        assert codes(info.value) == ["document.invalid_json"]

    def test_toml_condition_500_deep(self) -> None:
        with pytest.raises(RuleSetError) as info:
            ruleset_from_toml(with_when(500))
        assert codes(info.value) == ["document.too_deep"]
        line = example_text().split(FIRST_WHEN)[0].count("\n") + 1  # the line of the first `when`
        assert f"(line {line})" in info.value.problems[0].message

    def test_toml_inline_arrays_500_deep(self) -> None:
        with pytest.raises(RuleSetError) as info:
            parse_toml("x = " + "[" * 500 + "]" * 500)
        assert codes(info.value) == ["document.too_deep"]

    @pytest.mark.parametrize(
        "text",
        [
            'a = "' + "[" * 500 + '"',
            "a = '" + "[" * 500 + "'",
            'a = """\n' + "[" * 500 + '\\"""\n"""',
            'a = """' + "{" * 500 + '"""""',
            "a = '''\n" + "[" * 500 + "\n'''",
            "# " + "[" * 500 + "\na = 1",
            'a = "\\"' + "[" * 500 + '"',
        ],
    )
    def test_strings_and_comments_do_not_fool_the_toml_scan(self, text: str) -> None:
        assert "a" in parse_toml(text)

    def test_a_condition_under_the_depth_limit_is_typed_not_a_crash(self) -> None:
        # 45 levels of all_of is under the document limit but over the rule
        # set's nesting limit: the converter and the linter must not recurse
        # into a RecursionError on the way to saying so.
        with pytest.raises(RuleSetError) as info:
            ruleset_from_toml(with_when(45))
        assert codes(info.value) == ["lint.condition_too_deep"]

    def test_table_headers_deeper_than_the_limit(self) -> None:
        header = ".".join(["a"] * (MAX_DATA_DEPTH + 5))
        with pytest.raises(RuleSetError) as info:
            parse_toml(f"[{header}]\nx = 1\n")
        (problem,) = info.value.problems
        assert problem.code == "document.too_deep"
        assert problem.path == "$" + ".a" * MAX_DATA_DEPTH


def nested_list(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = [value]
    return value


class TestDeepData:
    def test_report_built_150_deep(self) -> None:
        data = report_data()
        data["self_scores"]["I.1"] = nested_list(150)
        with pytest.raises(ReportError) as info:
            report_from_data(data)
        assert codes(info.value) == ["document.too_deep"]
        assert info.value.problems[0].path.startswith('$.self_scores["I.1"][0][0]')
        assert info.value.unit_id == data["unit_id"]

    def test_ruleset_condition_built_150_deep(self) -> None:
        data = parse_toml(example_text())
        when: dict[str, Any] = {"kind": "flag", "fact": "ky_luat"}
        for _ in range(150):
            when = {"kind": "all_of", "conditions": [when]}
        data["conditions"][0]["when"] = when
        with pytest.raises(RuleSetError) as info:
            ruleset_from_data(data)
        assert codes(info.value) == ["document.too_deep"]
        assert info.value.subject == "rule set 'example/dan-van-2024'"

    def test_a_cycle_is_too_deep(self) -> None:
        data = report_data()
        loop: list[Any] = []
        loop.append(loop)
        data["self_scores"]["I.1"] = loop
        with pytest.raises(ReportError) as info:
            report_from_data(data)
        assert codes(info.value) == ["document.too_deep"]

    def test_deep_exception_trees_are_walked_without_recursion(self) -> None:
        error: Exception = ValueError("leaf")
        for _ in range(5000):
            error = ExceptionGroup("g", [error])
        (problem,) = problems_of(error)
        assert (problem.message, problem.code) == ("leaf", "data.invalid_value")


class TestSizes:
    def test_a_long_string(self) -> None:
        data = report_data()
        data["unit_name"] = "x" * (MAX_STRING_LENGTH + 1)
        with pytest.raises(ReportError) as info:
            report_from_data(data)
        (problem,) = info.value.problems
        assert (problem.code, problem.path) == ("document.string_too_long", "$.unit_name")
        assert str(MAX_STRING_LENGTH) in problem.message_vi

    def test_a_long_key(self) -> None:
        data = report_data()
        data["facts"]["k" * (MAX_STRING_LENGTH + 1)] = True
        with pytest.raises(ReportError) as info:
            report_from_data(data)
        (problem,) = info.value.problems
        assert problem.code == "document.string_too_long"
        assert problem.path == '$.facts["' + "k" * 40 + '"]'

    def test_a_long_list_is_refused_before_structuring(self) -> None:
        data = parse_toml(example_text())
        data["scorecards"] = [0] * (MAX_LIST_LENGTH + 1)
        with pytest.raises(RuleSetError) as info:
            ruleset_from_data(data)
        (problem,) = info.value.problems
        assert (problem.code, problem.path) == ("document.list_too_long", "$.scorecards")

    def test_keys_that_are_not_text_are_checked_by_the_converter(self) -> None:
        data = report_data()
        data["facts"] = {1: True}
        with pytest.raises(ReportError) as info:
            report_from_data(data)
        assert [(p.code, p.path) for p in info.value.problems][:1] == [
            ("data.expected_text", "$.facts[1]")
        ]

    def test_a_large_table(self) -> None:
        data = report_data()
        data["facts"] = {f"f{i}": True for i in range(MAX_TABLE_KEYS + 1)}
        with pytest.raises(ReportError) as info:
            report_from_data(data)
        (problem,) = info.value.problems
        assert (problem.code, problem.path) == ("document.table_too_large", "$.facts")

    def test_the_walk_keeps_at_most_max_problems(self) -> None:
        problems = check_data(["x" * (MAX_STRING_LENGTH + 1)] * (MAX_PROBLEMS + 7))
        assert len(problems) == MAX_PROBLEMS + 1
        assert problems[-1].code == "data.too_many_problems"
        assert problems[-1].message.startswith("... and 7 more problems")


class TestJunkDoesNotAmplify:
    def test_junk_items_give_bounded_problems(self) -> None:
        data = parse_toml(example_text())
        data["scorecards"] = [0] * 20_000
        with pytest.raises(RuleSetError) as info:
            ruleset_from_data(data)
        problems = info.value.problems
        assert len(problems) == MAX_PROBLEMS + 1
        assert problems[0].path == "$.scorecards[0]"
        assert problems[0].code == "data.expected_table"
        assert problems[-1].code == "data.too_many_problems"
        assert problems[-1].message.startswith(f"... and {20_000 - MAX_PROBLEMS} more problems")

    def test_junk_values_of_a_table_give_bounded_problems(self) -> None:
        data = report_data()
        data["facts"] = {f"f{i}": [] for i in range(5_000)}
        with pytest.raises(ReportError) as info:
            report_from_data(data)
        problems = info.value.problems
        assert len(problems) == MAX_PROBLEMS + 1
        assert problems[0].path == '$.facts["f0"]'
        assert problems[-1].code == "data.too_many_problems"

    def test_a_2mb_junk_list_in_a_rule_set_file(self, tmp_path: Path) -> None:
        path = tmp_path / "junk.toml"
        path.write_text("scorecards = [" + ",".join(["0"] * 1_000_000) + "]\n", encoding="utf-8")
        from danvan_rules import load_ruleset

        with pytest.raises(RuleSetError) as info:
            load_ruleset(path)
        assert codes(info.value) == ["document.list_too_long"]
        assert str(path) in info.value.subject


class TestNumbers:
    def test_a_10_to_the_5000_fact_count_in_json(self) -> None:
        text = TOT.read_text(encoding="utf-8")
        assert '"facts": {' in text
        text = text.replace('"facts": {', '"facts": {"huge": ' + "1" + "0" * 5000 + ", ")
        with pytest.raises(ReportError) as info:
            report_from_json(text)
        (problem,) = info.value.problems
        assert (problem.code, problem.path) == ("number.too_large", '$.facts["huge"]')
        assert "5001 digits" in problem.message

    def test_a_report_that_is_a_huge_integer_is_named_an_int(self) -> None:
        # the reader keeps an integer past int()'s digits as text until its path is known
        with pytest.raises(ReportError) as info:
            report_from_json("9" * 5000)
        (problem,) = info.value.problems
        assert (problem.code, problem.path) == ("data.expected_table", "$")
        assert (problem.message_en, problem.message_vi) == (
            "a report is an object, not int",
            "báo cáo phải là một đối tượng, không phải int",
        )
        assert repr(parse_json_document("[-" + "9" * 5000 + "]")) == "[<an integer of 5000 digits>]"

    def test_a_13_digit_integer_in_json(self) -> None:
        with pytest.raises(DataError) as info:
            parse_json('{"a": [-1234567890123]}')
        (problem,) = info.value.problems
        assert (problem.code, problem.path) == ("number.too_large", "$.a[0]")

    def test_twelve_digits_are_fine(self) -> None:
        assert parse_json("[999999999999, -999999999999]") == [999999999999, -999999999999]

    def test_a_huge_integer_in_toml(self) -> None:
        with pytest.raises(RuleSetError) as info:
            parse_toml("x = 1" + "0" * 5000)
        (problem,) = info.value.problems
        assert problem.code == "number.too_large"
        assert "chữ số" in problem.message_vi

    def test_a_13_digit_integer_in_toml(self) -> None:
        with pytest.raises(RuleSetError) as info:
            parse_toml("[t]\nx = 1234567890123")
        (problem,) = info.value.problems
        assert (problem.code, problem.path) == ("number.too_large", "$.t.x")

    def test_zero_with_a_huge_exponent_in_a_json_report(self) -> None:
        text = TOT.read_text(encoding="utf-8")
        data = json.loads(text)
        first = next(iter(data["self_scores"]))
        data["self_scores"][first] = "__ZERO__"
        huge = json.dumps(data).replace('"__ZERO__"', "0e-999999999")
        with pytest.raises(ReportError) as info:
            report_from_json(huge)
        assert [(p.code, p.path) for p in info.value.problems] == [
            ("number.exponent_too_large", f'$.self_scores["{first}"]')
        ]

    def test_zero_with_a_huge_exponent_in_a_toml_rule_set(self) -> None:
        text = example_text().replace("share = 0.2\n", "share = 0e-999999999\n")
        with pytest.raises(RuleSetError) as info:
            ruleset_from_toml(text)
        assert [(p.code, p.path) for p in info.value.problems] == [
            ("number.exponent_too_large", "$.quota.share")
        ]

    def test_decimal_text_of_zero_is_not_expanded(self) -> None:
        assert decimal_text(Decimal("0e-999999999")) == "0"
        assert decimal_text(Decimal("-0E+999999999")) == "0"


class TestSyntax:
    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ('{"a": 1, "a": 2}', "document.duplicate_key"),
            ('{"a": NaN}', "number.not_finite"),
            ("[1,", "document.invalid_json"),
        ],
    )
    def test_json_syntax_codes(self, text: str, code: str) -> None:
        with pytest.raises(DataError) as info:
            parse_json(text)
        (problem,) = info.value.problems
        assert problem.code == code
        assert problem.message.startswith("not valid JSON: ")
        assert problem.message_vi.startswith("JSON không hợp lệ")

    def test_invalid_json_names_line_and_column_in_vietnamese(self) -> None:
        with pytest.raises(DataError) as info:
            parse_json('{\n  "a": }')
        assert "(dòng 2, cột 8)" in info.value.problems[0].message_vi

    def test_toml_syntax_code(self) -> None:
        with pytest.raises(RuleSetError) as info:
            parse_toml("a = 1\na = 2")
        (problem,) = info.value.problems
        assert problem.code == "document.invalid_toml"
        assert problem.message_vi.startswith("TOML không hợp lệ")

    def test_not_a_table(self) -> None:
        with pytest.raises(RuleSetError) as info:
            ruleset_from_data([])  # type: ignore[arg-type]
        assert codes(info.value) == ["data.expected_table"]
        with pytest.raises(ReportError) as report:
            report_from_data("x")  # type: ignore[arg-type]
        assert codes(report.value) == ["data.expected_table"]
        assert (
            report.value.problems[0].message_vi == "báo cáo phải là một đối tượng, không phải str"
        )


class TestEncoding:
    def test_a_bom_before_json(self) -> None:
        assert parse_json('\ufeff{"a": 1}') == {"a": 1}
        assert parse_json_document(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}
        assert parse_json_document('\ufeff{"a": 1}') == {"a": 1}

    def test_a_bom_before_toml(self) -> None:
        assert ruleset_from_toml("\ufeff" + example_text()).code == "example/dan-van-2024"
        assert parse_toml(("\ufeff" + example_text()).encode("utf-8"))["code"] == (
            "example/dan-van-2024"
        )

    def test_invalid_utf8(self) -> None:
        with pytest.raises(RuleSetError) as info:
            parse_toml(b"a = '\xc3'")
        (problem,) = info.value.problems
        assert problem.code == "document.invalid_utf8"
        assert problem.message.startswith("not UTF-8 text: ")
        assert "byte 5" in problem.message_vi
        with pytest.raises(DataError) as json_info:
            parse_json_document(b'"\xff"')
        assert codes(json_info.value) == ["document.invalid_utf8"]

    def test_too_many_bytes(self) -> None:
        with pytest.raises(RuleSetError) as info:
            parse_toml(b" " * (MAX_RULESET_FILE_BYTES + 1))
        assert codes(info.value) == ["document.too_large"]
        assert str(MAX_RULESET_FILE_BYTES) in info.value.problems[0].message_vi
        assert MAX_REPORT_FILE_BYTES > MAX_RULESET_FILE_BYTES

    def test_lone_surrogates_in_a_rule_set(self) -> None:
        data = parse_toml(example_text())
        data["title_vi"] = "Bộ \ud800"
        data["conditions"][0]["label_en"] = "\udfff"
        data["conditions"][0]["when"] = {"kind": "flag", "fact": "ky_luat", "\ud801": 1}
        with pytest.raises(RuleSetError) as info:
            ruleset_from_data(data)
        assert [(p.code, p.path) for p in info.value.problems] == [
            ("text.invalid_unicode", "$.title_vi"),
            ("text.invalid_unicode", "$.conditions[0].label_en"),
            ("text.invalid_unicode", '$.conditions[0].when["\\ud801"]'),
        ]
        assert "surrogate" in info.value.problems[0].message_vi

    def test_a_surrogate_from_a_json_escape_in_a_rule_set(self) -> None:
        data = parse_toml(example_text())
        data["title_vi"] = json.loads('"\\ud800"')
        with pytest.raises(RuleSetError) as info:
            ruleset_from_data(data)
        assert codes(info.value) == ["text.invalid_unicode"]

    @given(st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1))
    def test_the_hash_is_total(self, text: str) -> None:
        assert len(digest({"unit_id": text, "n": [text]})) == 64

    def test_the_hash_of_valid_text_is_unchanged(self) -> None:
        # surrogatepass changes nothing for valid text: the digest is plain UTF-8's
        import hashlib

        data = {"a": "Sở Nội vụ"}
        text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert digest(data) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_the_example_survives_every_check() -> None:
    data = parse_toml(example_text())
    assert check_data(copy.deepcopy(data), document=True, unicode=True) == []
    assert isinstance(ruleset_from_data(data), RuleSet)


def test_keyed_fields_are_the_tables_of_names_of_a_report() -> None:
    from danvan_rules.codec._documents import KEYED_FIELDS
    from danvan_rules.model import UnitReport

    tables = {f.name for f in attrs.fields(UnitReport) if "Mapping[" in str(f.type)}
    assert tables == KEYED_FIELDS


def test_class_validation_errors_keep_codes() -> None:
    error = ClassValidationError("c", [ValueError("x")], RuleSet)
    assert [p.code for p in problems_of(error)] == ["data.invalid_value"]
