"""Hostile numbers (issue #6 §2 "Numbers", §3): each a typed NumberError with a code, or exact.

Regression tests for every example of the issue — ``0e-999999999``, non-ASCII
digits, a decimal comma, floats and numpy scalars — and properties over the
classes they stand for.
"""

from __future__ import annotations

import decimal
import json
import re
import sys
import unicodedata
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules import errors, limits, model
from danvan_rules.model import NumberError, parse_decimal
from danvan_rules.model._numbers import numpy_plain, shown

from .conftest import EXAMPLE_TOML

NUMBER_CODES = {
    "number.boolean",
    "number.wrong_type",
    "number.invalid_text",
    "number.decimal_comma",
    "number.non_ascii_digits",
    "number.not_finite",
    "number.too_large",
    "number.too_many_places",
    "number.exponent_too_large",
}
LIMIT_CODES = {
    "number.not_finite",
    "number.too_large",
    "number.too_many_places",
    "number.exponent_too_large",
}


def outcome(value: object) -> Decimal | NumberError:
    """The number, or the error: for properties over values that may be refused."""
    try:
        return parse_decimal(value)
    except NumberError as exc:
        return exc


def refusal(value: object) -> NumberError:
    with pytest.raises(NumberError) as info:
        parse_decimal(value)
    return info.value


# ---------------------------------------------------------------------- the error tree


class TestNumberErrorInTheTree:
    def test_one_class_everywhere(self) -> None:
        assert model.NumberError is errors.NumberError is NumberError
        assert issubclass(NumberError, errors.InvalidValueError)
        assert issubclass(NumberError, errors.DanvanError)
        assert issubclass(NumberError, ValueError)

    @given(
        st.one_of(
            st.text(max_size=20),
            st.floats(),
            st.integers(),
            st.decimals(),
            st.booleans(),
            st.none(),
            st.lists(st.integers(), max_size=3),
        )
    )
    def test_every_refusal_has_a_number_code_and_vietnamese_text(self, value: object) -> None:
        exc = outcome(value)
        if isinstance(exc, NumberError):
            assert exc.code in NUMBER_CODES
            assert exc.message_vi
            assert exc.message_vi != exc.message
            problem = exc.at("$.x")
            assert (problem.code, problem.path, problem.message) == (exc.code, "$.x", str(exc))

    def test_messages_do_not_copy_huge_values(self) -> None:
        exc = refusal(10**5000)  # repr() of it would raise ValueError (4300-digit limit)
        assert exc.code == "number.too_large"
        assert (
            str(exc)
            == "an integer of more than 40 digits is too large (at most 12 digits before the point)"
        )
        assert "một số nguyên có hơn 40 chữ số" in exc.message_vi
        assert len(str(refusal("x" * 100_000))) < 200


# ---------------------------------------------------------------------- zero and exponents


class TestZeroWithAHugeExponent:
    @pytest.mark.parametrize(
        "value",
        [
            "0e-999999999",
            "0E+999999999",
            "-0.0e-999999999",
            Decimal("0E-999999999"),
            Decimal("-0E+999999999"),
        ],
    )
    def test_is_refused_without_expanding_it(self, value: object) -> None:
        exc = refusal(value)
        assert exc.code == "number.exponent_too_large"
        assert f"above {limits.MAX_EXPONENT}" in str(exc)
        assert "số mũ" in exc.message_vi

    @pytest.mark.parametrize("exponent", [limits.MAX_EXPONENT, -limits.MAX_EXPONENT])
    def test_zero_up_to_the_limit_is_zero(self, exponent: int) -> None:
        assert parse_decimal(f"0e{exponent}") == 0
        assert parse_decimal(Decimal(f"0e{exponent}")).as_tuple() == Decimal(0).as_tuple()

    @pytest.mark.parametrize("exponent", [limits.MAX_EXPONENT + 1, -limits.MAX_EXPONENT - 1])
    def test_zero_past_the_limit_is_refused(self, exponent: int) -> None:
        assert refusal(f"0e{exponent}").code == "number.exponent_too_large"

    @pytest.mark.parametrize(
        "value",
        ["-0", "-0.000", "+0", "0e5", "-0E-3", Decimal("-0"), Decimal("-0.00"), 0, -0.0, 0.0],
    )
    def test_every_zero_is_plain_zero(self, value: object) -> None:
        number = parse_decimal(value)
        assert number.as_tuple() == Decimal(0).as_tuple()
        assert str(number) == "0"

    @given(st.integers(-(10**9), 10**9), st.booleans())
    def test_any_zero_is_zero_or_refused_by_its_exponent(
        self, exponent: int, negative: bool
    ) -> None:
        text = f"{'-' if negative else ''}0e{exponent}"
        if abs(exponent) <= limits.MAX_EXPONENT:
            assert parse_decimal(text).as_tuple() == Decimal(0).as_tuple()
            assert parse_decimal(Decimal(text)).as_tuple() == Decimal(0).as_tuple()
        else:
            assert refusal(text).code == "number.exponent_too_large"
            assert refusal(Decimal(text)).code == "number.exponent_too_large"

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("1e" + "9" * 5000, "number.too_large"),
            ("1e-" + "9" * 5000, "number.too_many_places"),
            ("0e" + "9" * 5000, "number.exponent_too_large"),
            ("0.0e-99999999999999999999", "number.exponent_too_large"),
            (
                "1e99999999999999999999",
                "number.too_large",
            ),  # Decimal() itself raises InvalidOperation
        ],
    )
    def test_written_exponents_of_any_length(self, text: str, code: str) -> None:
        assert refusal(text).code == code

    def test_a_run_of_trailing_zeros_is_bounded_too(self) -> None:
        within = "1." + "0" * limits.MAX_EXPONENT
        assert parse_decimal(within) == 1
        assert refusal(within + "0").code == "number.exponent_too_large"

    def test_in_a_json_report(self) -> None:
        text = (EXAMPLE_TOML.parent.parent.parent.parent / "examples" / "tot.json").read_text(
            encoding="utf-8"
        )
        data = json.loads(text)
        data["self_scores"]["II.1"] = "@"
        hostile = json.dumps(data).replace('"@"', "0e-999999999")
        with pytest.raises(dr.ReportError) as info:
            dr.report_from_json(hostile)
        assert [(p.code, p.path) for p in info.value.problems] == [
            ("number.exponent_too_large", '$.self_scores["II.1"]')
        ]

    def test_in_a_toml_rule_set(self) -> None:
        text = EXAMPLE_TOML.read_text(encoding="utf-8")
        hostile, count = re.subn(r"share = 0\.2\b", "share = 0e-999999999", text)
        assert count == 1
        with pytest.raises(dr.RuleSetError) as info:
            dr.ruleset_from_toml(hostile)
        assert [p.code for p in info.value.problems] == ["number.exponent_too_large"]
        assert info.value.problems[0].path == "$.quota.share"

    def test_in_rule_set_data(self, example: dr.RuleSet) -> None:
        data = dr.ruleset_to_data(example)
        data["bands"][0]["min"] = Decimal("0E-999999999")
        (problem,) = dr.check_ruleset(data)
        assert (problem.code, problem.path) == ("number.exponent_too_large", "$.bands[0].min")

    def test_in_reweight(self, example: dr.RuleSet) -> None:
        with pytest.raises(errors.DanvanError) as info:
            dr.reweight(example, "so-nganh", {"I": Decimal("0E-999999999")})
        error = info.value
        codes = (
            [p.code for p in error.problems]
            if isinstance(error, errors.DataError)
            else [getattr(error, "code", None)]
        )
        assert codes == ["number.exponent_too_large"]

    def test_under_any_decimal_context(self) -> None:
        with decimal.localcontext() as ctx:
            ctx.prec = 3
            ctx.Emax, ctx.Emin = 5, -5
            assert parse_decimal("123456789012.123456789012") == Decimal(
                "123456789012.123456789012"
            )
            assert refusal("0e-999999999").code == "number.exponent_too_large"


# ---------------------------------------------------------------------- digits and commas


def _non_ascii_digits() -> list[str]:
    return [
        chr(c) for c in range(sys.maxunicode + 1) if chr(c).isdecimal() and not "0" <= chr(c) <= "9"
    ]


NON_ASCII_DIGITS = _non_ascii_digits()


class TestOnlyAsciiDigits:
    @pytest.mark.parametrize(
        ("text", "hint"), [("٥", "5"), ("５", "5"), ("๔.๕", "4.5"), ("١٢.٥", "12.5")]
    )
    def test_issue_examples_are_refused_with_a_hint(self, text: str, hint: str) -> None:
        exc = refusal(text)
        assert exc.code == "number.non_ascii_digits"
        assert str(exc) == f"{text!r} has digits other than 0-9: write {hint!r}"
        assert exc.message_vi == f"{text!r} có chữ số không phải 0-9: hãy viết {hint!r}"

    def test_a_name_with_a_foreign_digit_is_not_a_number(self) -> None:
        exc = refusal("Mức ٥")
        assert exc.code == "number.invalid_text"

    @given(
        st.text(alphabet="0123456789", min_size=1, max_size=6),
        st.sampled_from(NON_ASCII_DIGITS),
        st.data(),
    )
    def test_any_non_ascii_digit_anywhere_is_refused(
        self, digits: str, foreign: str, data: st.DataObject
    ) -> None:
        at = data.draw(st.integers(0, len(digits)))
        text = digits[:at] + foreign + digits[at:]
        assert refusal(text).code == "number.non_ascii_digits"

    def test_the_ascii_digits_are_still_fine(self) -> None:
        assert parse_decimal("0123456789") == Decimal(123456789)


class TestDecimalComma:
    @pytest.mark.parametrize(
        ("text", "hint"), [("0,5", "0.5"), ("8,25", "8.25"), ("-1,5", "-1.5"), (" 7,75 ", "7.75")]
    )
    def test_is_refused_saying_what_to_write(self, text: str, hint: str) -> None:
        exc = refusal(text)
        assert exc.code == "number.decimal_comma"
        assert str(exc) == f"{text!r} uses a decimal comma: write {hint!r}"
        assert exc.message_vi == f"{text!r} dùng dấu phẩy thập phân: hãy viết {hint!r}"

    @pytest.mark.parametrize("text", ["1,2,3", ",5", "5,", "1.000,5"])
    def test_other_commas_are_not_numbers(self, text: str) -> None:
        assert refusal(text).code == "number.invalid_text"

    @given(st.integers(0, 10**6), st.integers(0, 10**6))
    def test_any_decimal_comma(self, whole: int, part: int) -> None:
        exc = refusal(f"{whole},{part}")
        assert exc.code == "number.decimal_comma"
        assert parse_decimal(f"{whole}.{part}") == Decimal(f"{whole}.{part}")


# ---------------------------------------------------------------------- floats and numpy


class TestFloats:
    @given(st.floats(allow_nan=False, allow_infinity=False))
    def test_a_finite_float_is_its_shortest_text_or_a_limit(self, value: float) -> None:
        number = outcome(value)
        if isinstance(number, NumberError):
            assert number.code in LIMIT_CODES
            assert refusal(repr(value)).code == number.code  # exactly as its text would be
        else:
            assert number == parse_decimal(repr(value)) == Decimal(repr(value))

    @given(
        st.decimals(
            min_value=-(10**11), max_value=10**11, places=2, allow_nan=False, allow_infinity=False
        )
    )
    def test_a_float_of_a_typed_number_is_that_number(self, typed: Decimal) -> None:
        assert parse_decimal(float(typed)) == typed

    @pytest.mark.parametrize(
        "value",
        [
            float("nan"),
            float("inf"),
            -float("inf"),
            np.float64("nan"),
            np.float32("inf"),
            np.float16("-inf"),
        ],
    )
    def test_non_finite_floats_stay_refused(self, value: object) -> None:
        assert refusal(value).code == "number.not_finite"

    def test_float_arithmetic_is_not_rounded_silently(self) -> None:
        assert refusal(0.1 + 0.2).code == "number.too_many_places"

    def test_rule_set_data_reads_floats_the_same_way(self, example: dr.RuleSet) -> None:
        data = dr.ruleset_to_data(example)
        as_text = json.loads(json.dumps(data))
        as_float = json.loads(json.dumps(data))
        as_text["quota"]["share"] = "0.2"
        as_float["quota"]["share"] = 0.2
        assert dr.ruleset_from_data(as_float) == dr.ruleset_from_data(as_text)


class TestNumpyScalars:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (np.float64(0.1), Decimal("0.1")),
            (np.float32(0.1), Decimal("0.1")),  # not 0.100000001490116…: its own shortest text
            (np.float16(0.1), Decimal("0.1")),
            (np.float32(2.675), Decimal("2.675")),
            (np.int64(7), Decimal(7)),
            (np.uint8(255), Decimal(255)),
            (np.int64(999_999_999_999), Decimal(999_999_999_999)),
            (np.array(2.5, dtype=np.float32), Decimal("2.5")),
        ],
    )
    def test_read_exactly(self, value: object, expected: Decimal) -> None:
        number = parse_decimal(value)
        assert type(number) is Decimal
        assert number == expected

    @given(st.floats(width=32, allow_nan=False, allow_infinity=False))
    def test_any_float32_is_its_own_shortest_text(self, value: float) -> None:
        scalar = np.float32(value)
        number = outcome(scalar)
        if isinstance(number, NumberError):
            assert number.code in LIMIT_CODES
        else:
            assert number == Decimal(str(scalar))
            assert np.float32(str(number)) == scalar  # reads back as the same float32

    @given(st.integers(-(2**63), 2**63 - 1))
    def test_any_int64(self, value: int) -> None:
        if abs(value) < 10**limits.MAX_DIGITS:
            assert parse_decimal(np.int64(value)) == value
        else:
            assert refusal(np.int64(value)).code == "number.too_large"

    @pytest.mark.parametrize("value", [np.True_, np.False_])
    def test_numpy_bools_are_booleans(self, value: object) -> None:
        assert refusal(value).code == "number.boolean"
        assert numpy_plain(value) is bool(value)

    def test_arrays_are_not_numbers(self) -> None:
        assert refusal(np.array([1, 2])).code == "number.wrong_type"
        assert refusal(np.complex64(1)).code == "number.wrong_type"
        assert numpy_plain(np.array([1, 2])) is not None

    def test_numpy_plain_leaves_other_values_alone(self) -> None:
        assert numpy_plain(np.int16(3)) == 3
        assert type(numpy_plain(np.int16(3))) is int
        assert numpy_plain("x") == "x"
        assert isinstance(numpy_plain(np.float32(1.5)), np.float32)


class TestShown:
    def test_bounded(self) -> None:
        assert shown([1, "a"]) == "[1, 'a']"
        assert shown([[1]]) == "a list of 1 item"
        assert shown(list(range(100)), "vi") == "một list có 100 phần tử"
        assert shown({"a": [1]}) == "a dict of 1 item"
        assert shown(["x" * 100]).endswith("…")
        assert len(shown(b"x" * 1000)) == 81
        nested: list[object] = []
        for _ in range(100_000):
            nested = [nested]
        assert shown(nested) == "a list of 1 item"  # repr() would recurse too deep

    def test_unicode_digits_are_decimals(self) -> None:
        assert all(unicodedata.decimal(char) in range(10) for char in NON_ASCII_DIGITS[:50])
