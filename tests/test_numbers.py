"""model/_numbers.py: what counts as an exact number in a rule set or a report."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan_rules.model import NumberError, parse_decimal
from danvan_rules.model._numbers import (
    MAX_DIGITS,
    MAX_PLACES,
    float_message,
    to_decimal,
    to_optional_decimal,
)


def within_limits() -> st.SearchStrategy[Decimal]:
    """Decimals with at most 12 digits before and 12 digits after the point."""
    return st.integers(0, MAX_PLACES).flatmap(
        lambda places: st.builds(
            lambda n: Decimal(n).scaleb(-places),
            st.integers(-(10 ** (MAX_DIGITS + places)) + 1, 10 ** (MAX_DIGITS + places) - 1),
        )
    )


class TestAccepted:
    """Ints, Decimals and decimal strings are converted exactly."""

    @pytest.mark.parametrize("value", [0, 7, -3, 10**11, 999_999_999_999])
    def test_ints(self, value: int) -> None:
        result = parse_decimal(value)
        assert isinstance(result, Decimal)
        assert result == value

    def test_decimal_is_returned_as_is(self) -> None:
        value = Decimal("7.250")
        result = parse_decimal(value)
        assert result == value
        assert result.as_tuple() == value.as_tuple()

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("7.25", Decimal("7.25")),
            ("  7.25 ", Decimal("7.25")),
            ("-2.50", Decimal("-2.50")),
            ("+3", Decimal(3)),
            ("1.", Decimal(1)),
            (".5", Decimal("0.5")),
            ("1e5", Decimal(100000)),
            ("2.5E-3", Decimal("0.0025")),
            ("1.5e+2", Decimal(150)),
        ],
    )
    def test_decimal_strings(self, text: str, expected: Decimal) -> None:
        assert parse_decimal(text) == expected

    def test_trailing_zeros_do_not_count_as_places(self) -> None:
        text = "1.5" + "0" * 20
        assert parse_decimal(text) == Decimal("1.5")

    def test_zero_with_any_exponent_is_zero(self) -> None:
        assert parse_decimal("0E-50") == 0
        assert parse_decimal("0E+50") == 0

    def test_twelve_digits_each_side_is_the_limit(self) -> None:
        text = "9" * MAX_DIGITS + "." + "9" * MAX_PLACES
        assert parse_decimal(text) == Decimal(text)

    @given(within_limits())
    def test_text_round_trip(self, number: Decimal) -> None:
        assert parse_decimal(str(number)) == number
        assert parse_decimal(number) == number

    @given(st.integers(-(10**MAX_DIGITS) + 1, 10**MAX_DIGITS - 1))
    def test_ints_within_limits(self, number: int) -> None:
        assert parse_decimal(number) == number
        assert parse_decimal(str(number)) == number


class TestRefused:
    """Floats, booleans, non-finite numbers, absurd magnitudes and other types."""

    @pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
    def test_non_finite_floats(self, value: float) -> None:
        with pytest.raises(NumberError) as info:
            parse_decimal(value)
        assert str(info.value) == float_message(value) == f"{value!r} is not a finite number"
        assert info.value.code == "number.not_finite"

    @given(st.integers(-(10**8), 10**8), st.integers(0, 4))
    def test_a_float_is_read_from_its_shortest_text(self, digits: int, places: int) -> None:
        typed = Decimal(digits).scaleb(-places)
        assert parse_decimal(float(typed)) == typed == parse_decimal(repr(float(typed)))

    @pytest.mark.parametrize("value", [True, False])
    def test_booleans(self, value: bool) -> None:
        with pytest.raises(NumberError) as info:
            parse_decimal(value)
        assert str(info.value) == f"{value!r} is a boolean, not a number"

    @pytest.mark.parametrize(
        "value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity")]
    )
    def test_non_finite_decimals(self, value: Decimal) -> None:
        with pytest.raises(NumberError) as info:
            parse_decimal(value)
        assert str(info.value) == f"{value!r} is not a finite number"

    @pytest.mark.parametrize("text", ["NaN", "nan", "Infinity", "-inf", "inf", "sNaN"])
    def test_non_finite_text(self, text: str) -> None:
        with pytest.raises(NumberError) as info:
            parse_decimal(text)
        assert str(info.value) == f"{text!r} is not a decimal number"

    @pytest.mark.parametrize("text", ["", " ", "abc", "1.2.3", "e5", "1e", "--1", "0x10"])
    def test_not_decimal_text(self, text: str) -> None:
        with pytest.raises(NumberError) as info:
            parse_decimal(text)
        assert str(info.value) == f"{text!r} is not a decimal number"

    @pytest.mark.parametrize(
        "value",
        [
            10**MAX_DIGITS,
            -(10**MAX_DIGITS),
            "1" + "0" * MAX_DIGITS,
            "1e12",
            "1e999999",
            Decimal("-1E+30"),
        ],
    )
    def test_too_many_digits_before_the_point(self, value: object) -> None:
        with pytest.raises(NumberError) as info:
            parse_decimal(value)
        assert str(info.value) == (
            f"{value!r} is too large (at most {MAX_DIGITS} digits before the point)"
        )

    @pytest.mark.parametrize(
        "value", ["0." + "0" * MAX_PLACES + "1", "1e-13", "-1.0000000000001", Decimal("1E-999")]
    )
    def test_too_many_places_after_the_point(self, value: object) -> None:
        with pytest.raises(NumberError) as info:
            parse_decimal(value)
        assert str(info.value) == f"{value!r} has more than {MAX_PLACES} digits after the point"

    @pytest.mark.parametrize("value", [None, [1], {"a": 1}, b"1", complex(1, 0)])
    def test_other_types(self, value: object) -> None:
        with pytest.raises(NumberError) as info:
            parse_decimal(value)
        assert str(info.value) == f"{value!r} ({type(value).__name__}) is not a number"

    @given(within_limits().filter(bool), st.integers(MAX_DIGITS, 40))
    def test_any_magnitude_from_twelve_digits_up(self, number: Decimal, shift: int) -> None:
        big = number.scaleb(shift - number.adjusted())
        with pytest.raises(NumberError, match="too large"):
            parse_decimal(big)

    @given(st.integers(1, 10**6).filter(lambda n: n % 10), st.integers(MAX_PLACES + 1, 40))
    def test_any_number_of_places_above_twelve(self, digits: int, places: int) -> None:
        with pytest.raises(NumberError, match="digits after the point"):
            parse_decimal(Decimal(digits).scaleb(-places))

    def test_number_error_is_a_value_error(self) -> None:
        assert issubclass(NumberError, ValueError)


class TestConverters:
    """The attrs converters used by the model's Decimal fields."""

    def test_to_decimal(self) -> None:
        assert to_decimal("2.5") == Decimal("2.5")
        assert to_decimal(2.5) == Decimal("2.5")
        with pytest.raises(NumberError, match="is not a finite number"):
            to_decimal(float("nan"))

    def test_to_optional_decimal(self) -> None:
        assert to_optional_decimal(None) is None
        assert to_optional_decimal(3) == Decimal(3)
        with pytest.raises(NumberError, match="not a decimal number"):
            to_optional_decimal("x")


def test_a_decimal_subclass_is_read_as_its_value() -> None:
    class Points(Decimal):
        """A caller's own Decimal type."""

    value = parse_decimal(Points("7.25"))
    assert value == Decimal("7.25")
    assert str(parse_decimal(Points("0.000"))) == "0"
