"""model/_canonical.py: the canonical data form, its shortest exact decimals and its hash."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import danvan_rules as dr
from danvan_rules.model import (
    Band,
    Bonus,
    CapBand,
    Checklist,
    Criterion,
    Flag,
    Ineligible,
    Instrument,
    Not,
    Points,
    Provenance,
    Reference,
    Rounding,
    RuleSet,
)
from danvan_rules.model._canonical import decimal_text, digest, to_data

from .strategies import rulesets

#: finite Decimals of up to 27 digits (within the default context's precision), any exponent
finite_decimals = st.builds(
    lambda n, e: Decimal(n).scaleb(e), st.integers(-(10**27), 10**27), st.integers(-40, 40)
)


class TestDecimalText:
    @given(finite_decimals)
    def test_exact_shortest_and_plain(self, number: Decimal) -> None:
        text = decimal_text(number)
        assert Decimal(text) == number
        assert "e" not in text.lower()
        assert text != "-0"
        if "." in text:
            assert not text.endswith(("0", "."))
        # shortest: no leading zeros in the integer part beyond a single one
        digits = text.lstrip("-")
        assert digits == "0" or not digits.startswith("0") or digits.startswith("0.")

    @given(finite_decimals)
    def test_equal_numbers_have_one_text(self, number: Decimal) -> None:
        assert decimal_text(number) == decimal_text(number.normalize())
        assert decimal_text(number) == decimal_text(Decimal(decimal_text(number)))

    @given(st.integers(-(10**24), 10**24))
    def test_integers_are_written_as_integers(self, number: int) -> None:
        assert decimal_text(Decimal(number)) == str(number)
        assert decimal_text(Decimal(number).scaleb(-3).scaleb(3)) == str(number)

    def test_documented_examples(self) -> None:
        # the module's doctest: "20.50" → "20.5", "1E+2" → "100", "-0" → "0"
        assert decimal_text(Decimal("20.50")) == "20.5"
        assert decimal_text(Decimal("1E+2")) == "100"
        assert decimal_text(Decimal("-0")) == "0"
        assert decimal_text(Decimal("-0.00")) == "0"
        assert decimal_text(Decimal("0E-7")) == "0"
        assert decimal_text(Decimal("5.000")) == "5"
        assert decimal_text(Decimal("-2.50")) == "-2.5"
        assert decimal_text(Decimal("1E-5")) == "0.00001"


class Colour(enum.Enum):
    RED = "red"


@attrs.frozen
class Tagged:
    KIND = "tagged"
    value: int
    extra: str = "default"


@attrs.frozen
class WithPrivate:
    _secret: int
    hidden: int = attrs.field(init=False, default=0)


class TestToData:
    def test_leaf_types(self) -> None:
        assert to_data(Decimal("1.50")) == "1.5"
        assert to_data(dt.date(2024, 1, 2)) == "2024-01-02"
        assert to_data(Colour.RED) == "red"
        assert to_data(Provenance.ASSUMED) == "assumed"
        for plain in ("text", 3, True, None):
            assert to_data(plain) == plain

    def test_containers(self) -> None:
        assert to_data((Decimal(1), [Decimal("2.0")])) == ["1", ["2"]]
        proxy = MappingProxyType({"a": Decimal("0.10"), 1: dt.date(2024, 5, 6)})
        assert to_data(proxy) == {"a": "0.1", "1": "2024-05-06"}

    def test_defaults_are_left_out(self) -> None:
        assert to_data(Reference("QĐ 1")) == {"document": "QĐ 1"}
        assert to_data(Reference("QĐ 1", item="mục 2")) == {"document": "QĐ 1", "item": "mục 2"}
        assert to_data(Rounding()) == {}
        assert to_data(Rounding(places=3)) == {"places": 3}
        assert to_data(Points()) == {"kind": "points"}
        band = Band("b", "B", 0, Provenance.SOURCED, below=5)
        assert to_data(band) == {
            "code": "b",
            "label_vi": "B",
            "min": "0",
            "provenance": "sourced",
            "below": "5",
        }

    def test_tagged_union_members_carry_their_kind(self) -> None:
        assert to_data(Checklist()) == {"kind": "checklist"}
        assert to_data(Points(step=Decimal("0.50"))) == {"kind": "points", "step": "0.5"}
        assert to_data(CapBand("tot")) == {"kind": "cap", "band": "tot"}
        assert to_data(Ineligible()) == {"kind": "ineligible"}
        assert to_data(Not(Flag("f"))) == {
            "kind": "not",
            "condition": {"kind": "flag", "fact": "f"},
        }
        bonus = Bonus("b", "Thưởng", 5, Provenance.ASSUMED, points=1)
        assert to_data(bonus) == {
            "kind": "bonus",
            "code": "b",
            "label_vi": "Thưởng",
            "cap": "5",
            "provenance": "assumed",
            "points": "1",
        }
        assert to_data(Tagged(1)) == {"kind": "tagged", "value": 1}
        assert to_data(Tagged(1, "x")) == {"kind": "tagged", "value": 1, "extra": "x"}

    def test_untagged_classes_have_no_kind(self) -> None:
        criterion = Criterion("I", "Nhóm", 5, Provenance.SOURCED)
        assert "kind" not in to_data(criterion)
        assert "kind" not in to_data(Instrument("1", "UBND"))

    def test_fields_by_their_init_name_and_never_non_init(self) -> None:
        assert to_data(WithPrivate(7)) == {"secret": 7}

    def test_rule_set_leaves_out_its_index(self, example: RuleSet) -> None:
        data = to_data(example)
        assert "_index" not in data
        assert "index" not in data
        assert "rounding" not in data  # the example's rounding is the default
        assert "effective_until" not in data
        assert data == dr.ruleset_to_data(example)

    def test_output_is_json_shaped(self, example: RuleSet) -> None:
        data = to_data(example)
        assert json.loads(json.dumps(data)) == data


class TestDigest:
    def test_is_the_sha256_of_the_canonical_json(self, example: RuleSet) -> None:
        text = json.dumps(
            dr.ruleset_to_data(example), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        expected = hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert digest(example) == expected
        assert example.sha256 == expected

    def test_stable(self, example: RuleSet) -> None:
        assert digest(example) == digest(example)
        rebuilt = dr.ruleset_from_data(dr.ruleset_to_data(example))
        assert digest(rebuilt) == digest(example)

    def test_changes_when_a_value_changes(self, example: RuleSet) -> None:
        band = example.bands[0]
        moved = attrs.evolve(band, min=band.min + Decimal("0.01"))
        assert digest(moved) != digest(band)
        assert digest(attrs.evolve(band, label_en=band.label_en + " ")) != digest(band)

    def test_key_order_does_not_matter(self) -> None:
        assert digest({"a": 1, "b": Decimal("2.0")}) == digest({"b": Decimal(2), "a": 1})

    def test_how_a_number_is_written_does_not_matter(self) -> None:
        assert digest(Band("b", "B", "5.00", Provenance.SOURCED)) == digest(
            Band("b", "B", 5, Provenance.SOURCED)
        )

    @settings(max_examples=20, deadline=None)
    @given(rulesets(), rulesets())
    def test_equal_digest_iff_equal_data(self, first: RuleSet, second: RuleSet) -> None:
        same_data = to_data(first) == to_data(second)
        assert (digest(first) == digest(second)) == same_data
        assert (first == second) == same_data


@given(
    st.recursive(
        st.one_of(
            st.integers(),
            st.text(),
            st.booleans(),
            st.none(),
            finite_decimals,
        ),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
        ),
        max_leaves=10,
    )
)
def test_plain_data_digests_like_its_canonical_form(value: Any) -> None:
    assert digest(value) == digest(to_data(value))
