"""A "Dân vận khéo" campaign as data: who launched it, when, and what it asks of units and models.

A campaign ("phong trào thi đua Dân vận khéo") is an instrument like a rule
set: data, dated, cited. It is issued at any level (a province, a city such as
UBND thành phố Vũng Tàu, a Party committee, a department's Party committee),
and it lists the fields a model may be in, the kinds and holders it admits,
the levels and tiers of recognition, how many models each unit must register,
and the pass/fail requirements of a model's review, each with its citation.
No points scale for models exists in any source found: the review is
pass/fail.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from danvan_rules.errors import DataError

from ._dvk_lint import lint_campaign
from ._text import nfc
from .sources import Instrument, Provenance, Reference

__all__ = [
    "Campaign",
    "CampaignError",
    "CampaignField",
    "HolderKind",
    "Issuer",
    "IssuerLevel",
    "ModelKind",
    "RecognitionLevel",
    "Registration",
    "Requirement",
    "Tier",
]


class CampaignError(DataError):
    """A campaign (file, dict or object) that is malformed or inconsistent."""

    subject = "campaign"
    subject_vi = "phong trào"


class IssuerLevel(enum.Enum):
    """The level of the body that launched a campaign."""

    NATIONAL = "trung-uong"  #: a central body
    PROVINCE = "tinh"  #: a province (its People's Committee or Party committee)
    DISTRICT = "huyen"  #: a district-level city, town or district (until 2025-06-30)
    COMMUNE = "xa"  #: a commune, ward or town
    DEPARTMENT = "so"  #: a department or its Party committee ("Đảng bộ Sở")


class ModelKind(enum.Enum):
    """What is registered: a way of working, or an exemplary collective or person."""

    MO_HINH = "mo-hinh"  #: mô hình: a replicable way of working
    DIEN_HINH = "dien-hinh"  #: điển hình: an exemplary collective or individual


class HolderKind(enum.Enum):
    """Who holds a model: a collective or an individual."""

    TAP_THE = "tap-the"  #: a collective (a unit, a department, a village, …)
    CA_NHAN = "ca-nhan"  #: a person of a unit


@attrs.frozen
class Issuer:
    """The body that launched a campaign, e.g. UBND thành phố Vũng Tàu (a city, under a province).

    ``province`` is the province code the issuer belongs to (``national`` for
    a central body); ``party`` says it is a Party committee (Tỉnh ủy, Thành
    ủy, Đảng bộ Sở) rather than a government body.
    """

    name_vi: str = attrs.field(converter=nfc)
    level: IssuerLevel
    province: str
    party: bool = False


@attrs.frozen
class CampaignField:
    """One field ("lĩnh vực") a model may be in; the list is per campaign."""

    code: str = attrs.field(converter=nfc)
    label_vi: str
    provenance: Provenance
    label_en: str = ""
    reference: Reference | None = None


@attrs.frozen
class RecognitionLevel:
    """A level at which models are recognised ("cấp cơ sở", "cấp huyện", "cấp tỉnh").

    Levels are listed lowest first. ``valid_until`` closes a level that ceased
    to exist: every district level ends on 2025-06-30.
    """

    code: str = attrs.field(converter=nfc)
    label_vi: str
    provenance: Provenance
    label_en: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    reference: Reference | None = None


@attrs.frozen
class Tier:
    """A tier inside a level: "được công nhận" → "tiêu biểu" → "đề nghị khen thưởng".

    Tiers are listed lowest first; a recognition at a tier implies the tiers below it.
    """

    code: str = attrs.field(converter=nfc)
    label_vi: str
    provenance: Provenance
    label_en: str = ""
    reference: Reference | None = None


@attrs.frozen
class Registration:
    """The registration requirement: at least ``at_least`` models per unit per year.

    ``binds`` lists the khối codes (of a unit registry) the requirement binds;
    empty binds every unit given to the check. ``assumed`` names the fields
    whose values are filled in (``at_least``, ``binds``).
    """

    at_least: int
    provenance: Provenance
    binds: tuple[str, ...] = ()
    reference: Reference | None = None
    assumed: tuple[str, ...] = ()
    note: str = ""


@attrs.frozen
class Requirement:
    """One pass/fail requirement of a model's review, with its citation."""

    code: str = attrs.field(converter=nfc)
    label_vi: str
    provenance: Provenance
    label_en: str = ""
    reference: Reference | None = None


@attrs.frozen
class Campaign:
    """One "Dân vận khéo" campaign, as data (see ``docs/dan-van-kheo.md``).

    Attributes:
        code: a stable slug, ``<province>/<slug>`` (``ba-ria-vung-tau/vung-tau-1606-2021``).
        issuer: the body that launched it.
        period_from, period_until: the period (a year, or a phase such as
            2021–2025), inclusive.
        fields, levels, tiers, requirements: listed in order (levels and tiers
            lowest first).
        kinds, holders: what the campaign admits.
        registration: how many models each unit must register each year, if
            the campaign says.
        certificate_years: how long a recognition is valid, in years, if known.
        assumed: campaign-level values that are filled in (``period_from``,
            ``period_until``, ``kinds``, ``holders``, ``certificate_years``,
            ``issuer`` or ``issuer.<field>``, ``instrument.<field>``); the
            elements carry their own ``provenance``.
        illustrative: true for a campaign that encodes no real instrument.

    A Campaign is linted as a whole when it is built
    (:func:`~danvan_rules.model._dvk_lint.lint_campaign`): every problem is
    raised together in one :class:`CampaignError`, so a Campaign that exists
    is consistent, and its lookups (:meth:`field`, :meth:`tier_rank`, …) are
    indexed once.

    >>> from danvan_rules import campaigns
    >>> c = campaigns.get("kien-giang/vinh-phu-2021-2023")
    >>> c.level_rank("tinh"), [lv.code for lv in c.levels_in(2026)], list(c.years)
    (2, ['co-so', 'tinh'], [2021, 2022, 2023])
    """

    code: str
    title_vi: str
    issuer: Issuer
    instrument: Instrument
    period_from: dt.date
    period_until: dt.date
    fields: tuple[CampaignField, ...]
    levels: tuple[RecognitionLevel, ...]
    tiers: tuple[Tier, ...]
    requirements: tuple[Requirement, ...] = ()
    kinds: tuple[ModelKind, ...] = (ModelKind.MO_HINH, ModelKind.DIEN_HINH)
    holders: tuple[HolderKind, ...] = (HolderKind.TAP_THE, HolderKind.CA_NHAN)
    registration: Registration | None = None
    certificate_years: int | None = None
    title_en: str = ""
    notes: str = ""
    assumed: tuple[str, ...] = ()
    illustrative: bool = False
    replaces: str | None = None
    _index: _Index = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = lint_campaign(self)
        if problems:
            code = self.code if len(self.code) <= 200 else self.code[:200] + "…"
            raise CampaignError(problems, f"campaign {code!r}", subject_vi=f"phong trào {code!r}")
        object.__setattr__(self, "_index", _build_index(self))

    # -- lookups (O(1) each; built once, after the lint)

    @property
    def province(self) -> str:
        """The province part of the code (``ba-ria-vung-tau``); the issuer's province."""
        return self.code.partition("/")[0]

    def field(self, code: str) -> CampaignField:
        """The field with this code (``KeyError`` if the campaign has none)."""
        return self._index.fields[code]

    def level(self, code: str) -> RecognitionLevel:
        """The recognition level with this code (``KeyError`` if none)."""
        return self.levels[self._index.level_rank[code]]

    def tier(self, code: str) -> Tier:
        """The tier with this code (``KeyError`` if none)."""
        return self.tiers[self._index.tier_rank[code]]

    def requirement(self, code: str) -> Requirement:
        """The requirement with this code (``KeyError`` if none)."""
        return self._index.requirements[code]

    def level_rank(self, code: str) -> int:
        """0 for the lowest level (listed first), 1 for the next, and so on."""
        return self._index.level_rank[code]

    def tier_rank(self, code: str) -> int:
        """0 for the lowest tier ("được công nhận" when listed), 1 for the next, and so on."""
        return self._index.tier_rank[code]

    @property
    def field_codes(self) -> tuple[str, ...]:
        """The codes of the fields, in order."""
        return tuple(f.code for f in self.fields)

    @property
    def requirement_codes(self) -> tuple[str, ...]:
        """The codes of the requirements, in order."""
        return tuple(r.code for r in self.requirements)

    @property
    def years(self) -> range:
        """The calendar years the period touches, ``period_from.year`` to ``period_until.year``."""
        return range(self.period_from.year, self.period_until.year + 1)

    def in_force_on(self, day: dt.date) -> bool:
        """Whether ``day`` lies in ``period_from .. period_until`` (inclusive)."""
        return self.period_from <= day <= self.period_until

    def levels_in(self, year: int) -> tuple[RecognitionLevel, ...]:
        """The levels that existed on at least one day of ``year``, lowest first.

        A level counts for a year when its validity overlaps any part of it,
        not only its 31 December: a district level ends on 2025-06-30, and a
        recognition at that level in the first half of 2025 is a real one, so
        it is in the levels of 2025 (and not in those of 2026). The campaign's
        own period is not applied: ask :attr:`years` for that.
        """
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return tuple(
            level
            for level in self.levels
            if (level.valid_from is None or level.valid_from <= last)
            and (level.valid_until is None or level.valid_until >= first)
        )

    @property
    def assumed_values(self) -> int:
        """How many values are assumed (whole elements, registration parts, campaign values)."""
        return self._index.assumed


@attrs.frozen
class _Index:
    fields: Mapping[str, CampaignField]
    requirements: Mapping[str, Requirement]
    level_rank: Mapping[str, int]
    tier_rank: Mapping[str, int]
    assumed: int


def _count_assumed(campaign: Campaign) -> int:
    elements: list[CampaignField | RecognitionLevel | Tier | Requirement | Registration] = [
        *campaign.fields,
        *campaign.levels,
        *campaign.tiers,
        *campaign.requirements,
    ]
    parts = 0
    if campaign.registration is not None:
        elements.append(campaign.registration)
        parts = len(campaign.registration.assumed)
    whole = sum(element.provenance is Provenance.ASSUMED for element in elements)
    return whole + parts + len(campaign.assumed)


def _build_index(campaign: Campaign) -> _Index:
    return _Index(
        fields=MappingProxyType({f.code: f for f in campaign.fields}),
        requirements=MappingProxyType({r.code: r for r in campaign.requirements}),
        level_rank=MappingProxyType({lv.code: k for k, lv in enumerate(campaign.levels)}),
        tier_rank=MappingProxyType({t.code: k for k, t in enumerate(campaign.tiers)}),
        assumed=_count_assumed(campaign),
    )
