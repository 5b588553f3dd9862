"""provinces.py: the 63 former and 34 current provinces of docs/sources.md#reorganisation-2025 and how they map."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan_rules import provinces
from danvan_rules.errors import DanvanError, DataError, UnknownProvinceError
from danvan_rules.provinces import (
    CURRENT,
    FORMER,
    REORGANISED_ON,
    Province,
    code_for,
    current_on,
    is_predecessor,
    predecessors,
    province,
    successor,
)

# Transcribed from docs/sources.md#reorganisation-2025 by hand, independently of the module's table:
# new province ← former provinces, the kept name first.
MERGERS: list[tuple[str, tuple[str, ...]]] = [
    ("tuyen-quang", ("tuyen-quang", "ha-giang")),
    ("lao-cai", ("lao-cai", "yen-bai")),
    ("thai-nguyen", ("thai-nguyen", "bac-kan")),
    ("phu-tho", ("phu-tho", "vinh-phuc", "hoa-binh")),
    ("bac-ninh", ("bac-ninh", "bac-giang")),
    ("hung-yen", ("hung-yen", "thai-binh")),
    ("hai-phong", ("hai-phong", "hai-duong")),
    ("ninh-binh", ("ninh-binh", "ha-nam", "nam-dinh")),
    ("quang-tri", ("quang-tri", "quang-binh")),
    ("da-nang", ("da-nang", "quang-nam")),
    ("quang-ngai", ("quang-ngai", "kon-tum")),
    ("gia-lai", ("gia-lai", "binh-dinh")),
    ("khanh-hoa", ("khanh-hoa", "ninh-thuan")),
    ("lam-dong", ("lam-dong", "dak-nong", "binh-thuan")),
    ("dak-lak", ("dak-lak", "phu-yen")),
    ("ho-chi-minh", ("ho-chi-minh", "binh-duong", "ba-ria-vung-tau")),
    ("dong-nai", ("dong-nai", "binh-phuoc")),
    ("tay-ninh", ("tay-ninh", "long-an")),
    ("can-tho", ("can-tho", "soc-trang", "hau-giang")),
    ("vinh-long", ("vinh-long", "ben-tre", "tra-vinh")),
    ("dong-thap", ("dong-thap", "tien-giang")),
    ("ca-mau", ("ca-mau", "bac-lieu")),
    ("an-giang", ("an-giang", "kien-giang")),
]
UNCHANGED = [
    "ha-noi",
    "hue",
    "lai-chau",
    "dien-bien",
    "son-la",
    "lang-son",
    "quang-ninh",
    "thanh-hoa",
    "nghe-an",
    "ha-tinh",
    "cao-bang",
]
ABSORBED = [(old, new) for new, olds in MERGERS for old in olds[1:]]
CITIES = {"ha-noi", "hue", "hai-phong", "da-nang", "ho-chi-minh", "can-tho"}
LAST_FORMER_DAY = dt.date(2025, 6, 30)
CODE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class TestCounts:
    def test_63_former_and_34_current(self) -> None:
        assert len(FORMER) == 63
        assert len(CURRENT) == 34

    def test_the_table_here_agrees(self) -> None:
        assert len(UNCHANGED) == 11
        assert len(MERGERS) == 23
        assert len(UNCHANGED) + sum(len(olds) for _, olds in MERGERS) == 63

    def test_63_distinct_codes_as_every_new_name_is_a_former_one(self) -> None:
        codes = {p.code for p in (*FORMER, *CURRENT)}
        assert len(codes) == 63
        assert {p.code for p in CURRENT} <= {p.code for p in FORMER}

    def test_no_duplicates_and_code_order(self) -> None:
        for group in (FORMER, CURRENT):
            codes = [p.code for p in group]
            assert codes == sorted(set(codes))

    def test_current_is_the_new_names(self) -> None:
        assert {p.code for p in CURRENT} == {*UNCHANGED, *(new for new, _ in MERGERS)}

    def test_province_returns_the_one_record_of_a_code(self) -> None:
        for p in (*FORMER, *CURRENT):
            assert province(p.code) is p


class TestMergers:
    @pytest.mark.parametrize(("new", "olds"), MERGERS)
    def test_predecessors_kept_name_first(self, new: str, olds: tuple[str, ...]) -> None:
        assert predecessors(new) == olds

    @pytest.mark.parametrize(("new", "olds"), MERGERS)
    def test_every_predecessor_has_the_new_province_as_successor(
        self, new: str, olds: tuple[str, ...]
    ) -> None:
        for old in olds:
            assert successor(old) == new
            assert is_predecessor(old, new)

    @pytest.mark.parametrize(("old", "new"), ABSORBED)
    def test_an_absorbed_province_ends_on_30_june(self, old: str, new: str) -> None:
        p = province(old)
        assert p.valid_from is None
        assert p.valid_until == LAST_FORMER_DAY
        assert p in FORMER
        assert p not in CURRENT
        assert predecessors(old) == ()
        assert not is_predecessor(old, old)
        assert not is_predecessor(new, old)

    @pytest.mark.parametrize(("new", "olds"), MERGERS)
    def test_a_kept_name_is_open_on_both_sides(self, new: str, olds: tuple[str, ...]) -> None:
        p = province(new)
        assert (p.valid_from, p.valid_until) == (None, None)
        assert p in FORMER
        assert p in CURRENT
        assert olds[0] == new

    def test_is_predecessor_is_exactly_the_table(self) -> None:
        pairs = {(old, new) for new, olds in MERGERS for old in olds}
        pairs |= {(code, code) for code in UNCHANGED}
        for former in FORMER:
            for current in CURRENT:
                expected = (former.code, current.code) in pairs
                assert is_predecessor(former.code, current.code) is expected


class TestUnchanged:
    @pytest.mark.parametrize("code", UNCHANGED)
    def test_maps_to_itself(self, code: str) -> None:
        assert successor(code) == code
        assert predecessors(code) == (code,)
        assert is_predecessor(code, code)
        p = province(code)
        assert (p.valid_from, p.valid_until) == (None, None)


class TestProvince:
    def test_names_and_kinds(self) -> None:
        assert province("dong-nai").name_vi == "Đồng Nai"
        assert province("ba-ria-vung-tau").name_vi == "Bà Rịa – Vũng Tàu"
        assert province("ho-chi-minh").name_vi == "Hồ Chí Minh"
        assert {p.code for p in FORMER if p.kind == "thanh-pho"} == CITIES
        assert {p.code for p in CURRENT if p.kind == "thanh-pho"} == CITIES

    def test_full_name_vi(self) -> None:
        assert province("dong-nai").full_name_vi == "tỉnh Đồng Nai"
        assert province("ho-chi-minh").full_name_vi == "thành phố Hồ Chí Minh"
        assert province("hue").full_name_vi == "thành phố Huế"

    def test_every_code_is_code_for_its_name_and_full_name(self) -> None:
        for p in FORMER:
            assert p.code == code_for(p.name_vi) == code_for(p.full_name_vi)

    def test_frozen(self) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            province("ha-noi").code = "x"  # type: ignore[misc]

    def test_code_is_validated(self) -> None:
        with pytest.raises(ValueError, match=r"code must be lower-case .* not 'Ha Noi'"):
            Province("Ha Noi", "Hà Nội", "thanh-pho")

    def test_kind_is_validated(self) -> None:
        with pytest.raises(ValueError, match="'kind' must be in"):
            Province("ha-noi", "Hà Nội", "city")  # type: ignore[arg-type]


class TestCodeFor:
    @pytest.mark.parametrize(
        ("name", "code"),
        [
            ("Đồng Nai", "dong-nai"),
            ("Bà Rịa – Vũng Tàu", "ba-ria-vung-tau"),
            ("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"),
            ("Hồ Chí Minh", "ho-chi-minh"),
            ("TP Hồ Chí Minh", "ho-chi-minh"),
            ("TP.HCM", "hcm"),
            ("thành phố Hồ Chí Minh", "ho-chi-minh"),
            ("Thành phố Cần Thơ", "can-tho"),
            ("tỉnh Đắk Lắk", "dak-lak"),
            ("Hà Nội", "ha-noi"),
            ("Huế", "hue"),
            ("  ĐIỆN   BIÊN ", "dien-bien"),
            ("Thanh Hóa", "thanh-hoa"),
            ("Thanh Hoá", "thanh-hoa"),
            ("tỉnh", "tinh"),
        ],
    )
    def test_examples(self, name: str, code: str) -> None:
        assert code_for(name) == code

    def test_decomposed_input_gives_the_same_code(self) -> None:
        import unicodedata

        name = unicodedata.normalize("NFD", "tỉnh Đắk Lắk")
        assert code_for(name) == "dak-lak"

    @pytest.mark.parametrize("name", ["", "  ", "–", "北京"])
    def test_no_letter_is_an_error(self, name: str) -> None:
        with pytest.raises(DataError, match="no ASCII letter or digit") as info:
            code_for(name)
        assert isinstance(info.value, ValueError)
        assert str(info.value).startswith("1 problem in province name:")

    @given(st.text())
    def test_output_is_a_code_and_code_for_is_idempotent(self, name: str) -> None:
        try:
            code = code_for(name)
        except DataError:
            return
        assert CODE.fullmatch(code)
        assert code_for(code) == code


class TestCurrentOn:
    @pytest.mark.parametrize("day", [dt.date(2020, 1, 1), dt.date(2025, 6, 12), LAST_FORMER_DAY])
    def test_before(self, day: dt.date) -> None:
        assert current_on(day) == FORMER

    @pytest.mark.parametrize("day", [REORGANISED_ON, dt.date(2025, 12, 31), dt.date(2030, 1, 1)])
    def test_from(self, day: dt.date) -> None:
        assert current_on(day) == CURRENT

    def test_reorganised_on(self) -> None:
        assert dt.date(2025, 7, 1) == REORGANISED_ON

    @given(st.dates())
    def test_matches_the_validity_of_each_province(self, day: dt.date) -> None:
        expected = {
            p
            for p in {*FORMER, *CURRENT}
            if (p.valid_from is None or p.valid_from <= day)
            and (p.valid_until is None or day <= p.valid_until)
        }
        assert set(current_on(day)) == expected


class TestUnknown:
    def test_error_is_a_danvan_lookup_error(self) -> None:
        assert issubclass(UnknownProvinceError, DanvanError)
        assert issubclass(UnknownProvinceError, LookupError)

    def test_close_matches_are_suggested(self) -> None:
        with pytest.raises(UnknownProvinceError) as info:
            province("dong-na")
        assert str(info.value) == (
            "unknown province code 'dong-na'; did you mean: 'dong-nai', 'dong-thap', 'long-an'?"
        )

    def test_a_name_suggests_its_code(self) -> None:
        with pytest.raises(UnknownProvinceError, match="did you mean: 'dong-nai'"):
            province("Đồng Nai")

    def test_thua_thien_hue_is_not_a_code(self) -> None:
        # The 2025 list (docs/sources.md#reorganisation-2025) gives Huế as unchanged, under that name.
        with pytest.raises(UnknownProvinceError, match="unknown province code 'thua-thien-hue'"):
            province("thua-thien-hue")
        assert province("hue").name_vi == "Huế"

    @pytest.mark.parametrize("code", ["", "zzz"])
    def test_nothing_close(self, code: str) -> None:
        with pytest.raises(UnknownProvinceError) as info:
            province(code)
        assert str(info.value) == (
            f"unknown province code {code!r} (codes look like 'ha-noi'; see provinces.FORMER)"
        )

    @pytest.mark.parametrize(
        "call",
        [
            lambda: successor("saigon"),
            lambda: predecessors("saigon"),
            lambda: is_predecessor("saigon", "ho-chi-minh"),
            lambda: is_predecessor("binh-duong", "saigon"),
        ],
    )
    def test_every_function_refuses_unknown_codes(self, call: Callable[[], object]) -> None:
        with pytest.raises(UnknownProvinceError, match="unknown province code 'saigon'"):
            call()


def test_all_is_sorted_isort_style_and_exists() -> None:
    # Constants, then classes, then functions, as ruff's RUF022 wants.
    def key(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert provinces.__all__ == sorted(provinces.__all__, key=key)
    assert all(hasattr(provinces, name) for name in provinces.__all__)
