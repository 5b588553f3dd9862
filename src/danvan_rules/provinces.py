"""Vietnam's provinces before and after the 2025 reorganisation, and how they map.

From 2025-07-01 (:data:`REORGANISED_ON`) Vietnam has 34 provincial units
instead of 63: 11 are unchanged, and 23 new ones were each formed by merging
two or three former provinces. Every new province keeps the name of one of its
predecessors, so a code such as ``dong-nai`` names a province *name*: the tỉnh
Đồng Nai before the merger and the larger tỉnh Đồng Nai (← Đồng Nai, Bình
Phước) after it. That makes 63 codes in all; no code is current only.

>>> REORGANISED_ON
datetime.date(2025, 7, 1)
>>> len(FORMER), FORMER[0].code, len(CURRENT), CURRENT[-1].code
(63, 'an-giang', 34, 'vinh-long')
>>> successor("binh-phuoc")
'dong-nai'
>>> predecessors("dong-nai")
('dong-nai', 'binh-phuoc')
>>> province("ho-chi-minh").full_name_vi
'thành phố Hồ Chí Minh'

Source: Nghị quyết 202/2025/QH15; vietnamnews.vn 2025-07-04
("Việt Nam sets two-tier local government system"), as transcribed in
docs/sources.md#reorganisation-2025. Only the 2025 reorganisation is modelled: earlier changes to the
map are not, so a date before 2025-07-01 always gives the 63 former provinces.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from typing import Final, Literal

import attrs

from danvan_rules.errors import DataError, Problem, UnknownProvinceError

__all__ = [
    "CURRENT",
    "FORMER",
    "REORGANISED_ON",
    "Province",
    "code_for",
    "current_on",
    "is_predecessor",
    "predecessors",
    "province",
    "successor",
]

REORGANISED_ON: Final = dt.date(2025, 7, 1)
"""The day the 34-province, two-tier map took effect.

Nghị quyết 202/2025/QH15 itself was in force from 2025-06-12; the new
provinces (and the end of the district tier) date from 2025-07-01. (The
examples of the constants are in the module docstring: doctest does not see
attribute docstrings.)
"""

_LAST_FORMER_DAY: Final = REORGANISED_ON - dt.timedelta(days=1)

_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DESIGNATION = re.compile(r"^(?:tỉnh\s+|thành\s+phố\s+|tp\.\s*|tp\s+)", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")


def code_for(name_vi: str) -> str:
    """The ASCII code of a province name: no diacritics, lower case, words joined by hyphens.

    "đ" becomes "d"; spaces, dashes and any other characters that are not
    ASCII letters or digits separate words. A leading "tỉnh", "thành phố" or
    "TP" is dropped, so a full name gives the same code as the bare name, and a
    code gives itself back.

    >>> code_for("Bà Rịa – Vũng Tàu")
    'ba-ria-vung-tau'
    >>> code_for("thành phố Hồ Chí Minh"), code_for("Đồng Nai"), code_for("dong-nai")
    ('ho-chi-minh', 'dong-nai', 'dong-nai')

    Raises:
        DataError: ``name_vi`` has no letter or digit to make a code from.
    """
    text = unicodedata.normalize("NFC", name_vi).strip()
    text = _DESIGNATION.sub("", text, count=1)
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = _WORD.findall(plain)
    if not words:
        raise DataError(
            [
                Problem(
                    f"{name_vi!r} has no ASCII letter or digit to make a code from",
                    code="province.no_code_letters",
                    message_vi=f"{name_vi!r} không có chữ cái hay chữ số ASCII nào để tạo mã",
                )
            ],
            "province name",
            subject_vi="tên tỉnh",
        )
    return "-".join(words)


def _is_code(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _CODE.fullmatch(value):
        raise ValueError(
            f"{attribute.name} must be lower-case ASCII words joined by hyphens, not {value!r}"
        )


@attrs.frozen
class Province:
    """A provincial unit, by name: a tỉnh or a thành phố trực thuộc trung ương.

    ``name_vi`` is written without "tỉnh"/"thành phố". ``valid_from`` and
    ``valid_until`` bound the days the name denotes a province (``None``: no
    bound known to this module). A province that a merger absorbed ends on
    2025-06-30; one whose name continues (unchanged, or kept by a merged
    province) is open on both sides even though its territory may have grown.

    >>> p = Province("bac-kan", "Bắc Kạn", "tinh", None, dt.date(2025, 6, 30))
    >>> p.full_name_vi
    'tỉnh Bắc Kạn'
    >>> p == province("bac-kan")
    True
    """

    code: str = attrs.field(validator=_is_code)
    name_vi: str
    kind: Literal["tinh", "thanh-pho"] = attrs.field(
        validator=attrs.validators.in_(("tinh", "thanh-pho"))
    )
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    @property
    def full_name_vi(self) -> str:
        """The name with its designation: "tỉnh Đồng Nai", "thành phố Hồ Chí Minh".

        >>> province("ha-noi").full_name_vi
        'thành phố Hà Nội'
        """
        designation = "thành phố" if self.kind == "thanh-pho" else "tỉnh"
        return f"{designation} {self.name_vi}"


def _exists_on(p: Province, day: dt.date) -> bool:
    return (p.valid_from is None or p.valid_from <= day) and (
        p.valid_until is None or day <= p.valid_until
    )


# docs/sources.md#reorganisation-2025, in its order. The name a merged province keeps comes first
# among its predecessors (as that source writes it).
_UNCHANGED: Final = (
    "Hà Nội",
    "Huế",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
)
_MERGED: Final = (
    ("Tuyên Quang", ("Tuyên Quang", "Hà Giang")),
    ("Lào Cai", ("Lào Cai", "Yên Bái")),
    ("Thái Nguyên", ("Thái Nguyên", "Bắc Kạn")),
    ("Phú Thọ", ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình")),
    ("Bắc Ninh", ("Bắc Ninh", "Bắc Giang")),
    ("Hưng Yên", ("Hưng Yên", "Thái Bình")),
    ("Hải Phòng", ("Hải Phòng", "Hải Dương")),
    ("Ninh Bình", ("Ninh Bình", "Hà Nam", "Nam Định")),
    ("Quảng Trị", ("Quảng Trị", "Quảng Bình")),
    ("Đà Nẵng", ("Đà Nẵng", "Quảng Nam")),
    ("Quảng Ngãi", ("Quảng Ngãi", "Kon Tum")),
    ("Gia Lai", ("Gia Lai", "Bình Định")),
    ("Khánh Hòa", ("Khánh Hòa", "Ninh Thuận")),
    ("Lâm Đồng", ("Lâm Đồng", "Đắk Nông", "Bình Thuận")),
    ("Đắk Lắk", ("Đắk Lắk", "Phú Yên")),
    ("Hồ Chí Minh", ("Hồ Chí Minh", "Bình Dương", "Bà Rịa – Vũng Tàu")),
    ("Đồng Nai", ("Đồng Nai", "Bình Phước")),
    ("Tây Ninh", ("Tây Ninh", "Long An")),
    ("Cần Thơ", ("Cần Thơ", "Sóc Trăng", "Hậu Giang")),
    ("Vĩnh Long", ("Vĩnh Long", "Bến Tre", "Trà Vinh")),
    ("Đồng Tháp", ("Đồng Tháp", "Tiền Giang")),
    ("Cà Mau", ("Cà Mau", "Bạc Liêu")),
    ("An Giang", ("An Giang", "Kiên Giang")),
)
# The thành phố trực thuộc trung ương. docs/sources.md#reorganisation-2025 marks only Hồ Chí Minh as one
# ("TP"); the kinds of the other five are not stated there [I]. The same six are
# used before 2025-07-01, which is not quite right for Huế: it became a
# centrally-run city only shortly before the merger, and older documents call
# it "Thừa Thiên Huế" (code_for() of that name is not "hue"). Neither that name
# nor its earlier kind is modelled.
_CITIES: Final = frozenset({"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"})


def _build() -> dict[str, Province]:
    kept = {*_UNCHANGED, *(new for new, _ in _MERGED)}
    names = [*_UNCHANGED, *(name for _, olds in _MERGED for name in olds)]
    built = (
        Province(
            code_for(name),
            name,
            "thanh-pho" if name in _CITIES else "tinh",
            None,
            None if name in kept else _LAST_FORMER_DAY,
        )
        for name in names
    )
    return {p.code: p for p in sorted(built, key=lambda p: p.code)}


_BY_CODE: Final = _build()
_PREDECESSORS: Final = {
    **{code_for(name): (code_for(name),) for name in _UNCHANGED},
    **{code_for(new): tuple(code_for(old) for old in olds) for new, olds in _MERGED},
}
_SUCCESSOR: Final = {old: new for new, olds in _PREDECESSORS.items() for old in olds}

FORMER: Final = tuple(p for p in _BY_CODE.values() if _exists_on(p, _LAST_FORMER_DAY))
"""The 63 provinces of the map before 2025-07-01, in code order."""

CURRENT: Final = tuple(p for p in _BY_CODE.values() if _exists_on(p, REORGANISED_ON))
"""The 34 provinces from 2025-07-01, in code order."""


def province(code: str) -> Province:
    """The province with this code (former or current).

    >>> province("ba-ria-vung-tau").name_vi
    'Bà Rịa – Vũng Tàu'
    >>> province("dong-na")
    Traceback (most recent call last):
      ...
    danvan_rules.errors.UnknownProvinceError: unknown province code 'dong-na'; did you mean: 'dong-nai', 'dong-thap', 'long-an'?

    Raises:
        UnknownProvinceError: no province has this code; the message suggests
            close codes (a name such as "Đồng Nai" suggests its code).
    """
    try:
        return _BY_CODE[code]
    except KeyError:
        raise UnknownProvinceError(_unknown_message(code)) from None


def _unknown_message(code: str) -> str:
    try:
        probe = code_for(code)
    except DataError:
        probe = code
    close = difflib.get_close_matches(probe, _BY_CODE, n=3)
    if close:
        return f"unknown province code {code!r}; did you mean: {', '.join(map(repr, close))}?"
    return f"unknown province code {code!r} (codes look like 'ha-noi'; see provinces.FORMER)"


def successor(code: str) -> str:
    """The code of the current province whose territory a province's is since 2025-07-01.

    An unchanged province, or one whose name a merged province keeps, is its
    own successor; so would be a current-only code, but §8 has none.

    >>> successor("ha-giang"), successor("tuyen-quang"), successor("ha-noi")
    ('tuyen-quang', 'tuyen-quang', 'ha-noi')

    Raises:
        UnknownProvinceError: no province has this code.
    """
    return _SUCCESSOR[province(code).code]


def predecessors(code: str) -> tuple[str, ...]:
    """The codes of the former provinces that make up a current province.

    The one whose name it keeps comes first, then the others in the order of
    docs/sources.md#reorganisation-2025; an unchanged province gives itself. A former province that is
    not a current one (it was merged into another) gives ``()``.

    >>> predecessors("ninh-binh")
    ('ninh-binh', 'ha-nam', 'nam-dinh')
    >>> predecessors("hue"), predecessors("bac-kan")
    (('hue',), ())

    Raises:
        UnknownProvinceError: no province has this code.
    """
    return _PREDECESSORS.get(province(code).code, ())


def current_on(day: dt.date) -> tuple[Province, ...]:
    """The provinces that exist on ``day``: :data:`FORMER` before 2025-07-01, :data:`CURRENT` from then.

    >>> len(current_on(dt.date(2025, 6, 30))), len(current_on(dt.date(2025, 7, 1)))
    (63, 34)
    """
    return CURRENT if day >= REORGANISED_ON else FORMER


def is_predecessor(former: str, current: str) -> bool:
    """Whether ``former`` is one of the provinces merged into ``current`` (or is it, unchanged).

    >>> is_predecessor("binh-duong", "ho-chi-minh"), is_predecessor("ha-noi", "ha-noi")
    (True, True)
    >>> is_predecessor("binh-duong", "dong-nai"), is_predecessor("ha-noi", "binh-duong")
    (False, False)

    Raises:
        UnknownProvinceError: either code is not a province's.
    """
    province(former)
    return former in predecessors(current)
