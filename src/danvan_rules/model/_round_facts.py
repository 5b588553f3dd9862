"""What was published about a round (facts with their sources), and the awards that followed."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

import attrs

from danvan_rules.errors import Collector, DataError, key_path

from ._numbers import to_decimal
from ._round_registry import Citation, nfc_tuple
from ._text import nfc, optional_nfc

__all__ = [
    "Award",
    "AwardKind",
    "AwardStream",
    "BandCounts",
    "CohortSize",
    "Collective",
    "Individual",
    "NamedIneligible",
    "NamedUnits",
    "NoUnitInBand",
    "PublishedError",
    "PublishedFact",
    "Recipient",
    "UnitTotal",
]


class PublishedError(DataError):
    """A published fact or an award record that is malformed."""

    subject = "published facts"
    subject_vi = "kết quả đã công bố"


def _counts(value: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType({nfc(band): count for band, count in dict(value).items()})


def _check_counts(counts: Mapping[str, object], path: str) -> None:
    found = Collector()
    if not counts:
        found.add(
            "a published count needs at least one band",
            path,
            code="published.empty_counts",
            vi="số liệu công bố cần ít nhất một mức xếp loại",
        )
    for band, count in counts.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            found.add(
                f"a published count is a whole number >= 0, not {count!r}",
                key_path(path, band),
                code="published.invalid_count",
                vi=f"số lượng công bố phải là số nguyên >= 0, không phải {count!r}",
            )
    found.raise_if_any(PublishedError)


@attrs.frozen
class BandCounts:
    """How many units of a khối or a named group were placed in each band listed.

    Only the bands listed were published; the others are not known. ``scope``
    is a khối code or a group code of the round.

    >>> BandCounts("so-nganh-va-huyen", {"xuat-sac": 37}, Citation("Báo Đồng Tháp")).counts
    mappingproxy({'xuat-sac': 37})
    """

    scope: str = attrs.field(converter=nfc)
    counts: Mapping[str, int] = attrs.field(converter=_counts)
    source: Citation

    def __attrs_post_init__(self) -> None:
        _check_counts(self.counts, "$.counts")


@attrs.frozen
class NamedUnits:
    """Units named as placed in ``band`` (within ``scope``, a khối or group, when given).

    With ``complete`` the list is the whole band: no other unit of the scope
    is in it.
    """

    band: str = attrs.field(converter=nfc)
    units: tuple[str, ...] = attrs.field(converter=nfc_tuple)
    source: Citation
    scope: str | None = attrs.field(default=None, converter=optional_nfc)
    complete: bool = False

    def __attrs_post_init__(self) -> None:
        if not self.units:
            found = Collector()
            found.add(
                "a list of named units must name at least one unit",
                "$.units",
                code="published.no_units",
                vi="danh sách đơn vị được nêu tên phải có ít nhất một đơn vị",
            )
            found.fail(PublishedError)


@attrs.frozen
class NamedIneligible:
    """Units named as "không đủ điều kiện xếp loại" (within ``scope``, when given).

    With ``complete`` the list is every ineligible unit of the scope. Ngân Sơn
    2020 named two: Phòng NN&PTNT and xã Cốc Đán.
    """

    units: tuple[str, ...] = attrs.field(converter=nfc_tuple)
    source: Citation
    scope: str | None = attrs.field(default=None, converter=optional_nfc)
    complete: bool = False

    def __attrs_post_init__(self) -> None:
        if not self.units:
            found = Collector()
            found.add(
                "a list of named units must name at least one unit",
                "$.units",
                code="published.no_units",
                vi="danh sách đơn vị được nêu tên phải có ít nhất một đơn vị",
            )
            found.fail(PublishedError)


@attrs.frozen
class UnitTotal:
    """One unit's published total (and band, when published), e.g. Sở VHTTDL 93/100 → xuất sắc."""

    unit: str = attrs.field(converter=nfc)
    total: Decimal = attrs.field(converter=to_decimal)
    source: Citation
    band: str | None = attrs.field(default=None, converter=optional_nfc)


@attrs.frozen
class NoUnitInBand:
    """No unit of ``scope`` (a khối or group; the whole round when ``None``) is in ``band``."""

    band: str = attrs.field(converter=nfc)
    source: Citation
    scope: str | None = attrs.field(default=None, converter=optional_nfc)


@attrs.frozen
class CohortSize:
    """How many units ``scope`` (a khối or group) had: rated, ineligible, or without a result."""

    scope: str = attrs.field(converter=nfc)
    size: int
    source: Citation

    def __attrs_post_init__(self) -> None:
        _check_counts({"size": self.size}, "$")


#: One published fact about a round's results.
PublishedFact = BandCounts | NamedUnits | NamedIneligible | UnitTotal | NoUnitInBand | CohortSize


class AwardKind(enum.Enum):
    """The form of commendation."""

    BANG_KHEN = "bang-khen"  #: Bằng khen (of the Chairman of the People's Committee, …)
    GIAY_KHEN = "giay-khen"  #: Giấy khen (of a department or district head)


class AwardStream(enum.Enum):
    """What the award is for."""

    DAN_VAN_CHINH_QUYEN = "dan-van-chinh-quyen"  #: công tác dân vận chính quyền
    DAN_VAN_KHEO = "dan-van-kheo"  #: phong trào thi đua "Dân vận khéo"
    QUY_CHE_DAN_CHU = "quy-che-dan-chu"  #: thực hiện Quy chế dân chủ ở cơ sở


@attrs.frozen
class Collective:
    """A collective recipient: a registry unit, or a named body outside the registry.

    A recipient whose name was not published is recorded with ``unit=None``
    and a placeholder ``name``, and the award is marked synthetic.
    """

    unit: str | None = attrs.field(default=None, converter=optional_nfc)
    name: str = ""

    KIND = "collective"


@attrs.frozen
class Individual:
    """A named person, of a registry unit when known."""

    name: str
    unit: str | None = attrs.field(default=None, converter=optional_nfc)

    KIND = "individual"


#: Who receives an award.
Recipient = Collective | Individual


@attrs.frozen
class Award:
    """One Bằng khen or Giấy khen: issuer, decision, stream and recipient.

    ``synthetic`` marks a record made up to stand for an award whose recipient
    was not published (only the count was).

    >>> Award(AwardKind.BANG_KHEN, AwardStream.DAN_VAN_KHEO, "Chủ tịch UBND tỉnh",
    ...       Collective(name=""), Citation("Báo Bà Rịa - Vũng Tàu"))
    Traceback (most recent call last):
      ...
    danvan_rules.model._round_facts.PublishedError: 1 problem in published facts:
      a collective recipient needs a registry unit or a name @ $.recipient
    """

    kind: AwardKind
    stream: AwardStream
    issuer: str
    recipient: Recipient
    source: Citation
    decision: str = ""
    synthetic: bool = False

    def __attrs_post_init__(self) -> None:
        found = Collector()
        if not self.issuer.strip():
            found.add(
                "issuer must not be empty",
                "$.issuer",
                code="award.empty_issuer",
                vi="cơ quan khen thưởng không được để trống",
            )
        recipient = self.recipient
        if isinstance(recipient, Individual) and not recipient.name.strip():
            found.add(
                "an individual recipient needs a name",
                "$.recipient.name",
                code="award.unnamed_individual",
                vi="cá nhân được khen thưởng phải có họ tên",
            )
        if isinstance(recipient, Collective) and recipient.unit is None and not recipient.name:
            found.add(
                "a collective recipient needs a registry unit or a name",
                "$.recipient",
                code="award.unnamed_collective",
                vi="tập thể được khen thưởng phải có mã đơn vị hoặc tên",
            )
        found.raise_if_any(PublishedError)
