"""Bands, facts, adjustments, conditions and quotas: the rules around the criteria.

Category codes, fact names and bonus codes, and every reference to a fact or a
criterion, are kept in Unicode NFC (converted when the object is built), so a
report's NFC keys match them whatever form the rule set was typed in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar, Literal

import attrs

from ._numbers import to_decimal, to_optional_decimal
from ._text import nfc
from .sources import Provenance, Reference

__all__ = [
    "AllOf",
    "AnyOf",
    "Band",
    "Bonus",
    "CapBand",
    "Category",
    "Condition",
    "ConditionRule",
    "CountAtLeast",
    "CriterionBelow",
    "Deduction",
    "Effect",
    "Fact",
    "Flag",
    "ForceBand",
    "Ineligible",
    "Not",
    "PercentDeduction",
    "Quota",
    "Rounding",
    "Weight",
]


@attrs.frozen
class Band:
    """A classification level ("xếp loại"): from ``min`` (inclusive) to ``below``.

    The top band has ``below=None``. Bands of a rule set cover 0 upwards with no
    gap and no overlap, so a total of exactly ``min`` lands in this band.
    """

    code: str
    label_vi: str
    min: Decimal = attrs.field(converter=to_decimal)
    provenance: Provenance
    below: Decimal | None = attrs.field(default=None, converter=to_optional_decimal)
    label_en: str = ""
    reference: Reference | None = None
    assumed: tuple[str, ...] = ()
    #: whether a unit in this band may be proposed for a commendation ("đủ điều
    #: kiện đề nghị khen thưởng"); ``None``: the rule set does not say. No source
    #: found states it, so built-in rule sets list it in ``assumed`` where set.
    award_proposal: bool | None = None


@attrs.frozen
class Fact:
    """Something a report states besides points: a flag (yes/no) or a count."""

    name: str = attrs.field(converter=nfc)
    kind: Literal["flag", "count"]
    label_vi: str
    label_en: str = ""


# ------------------------------------------------------------------ adjustments


@attrs.frozen
class Bonus:
    """Bonus points ("điểm thưởng"), claimed in the report and capped at ``cap``.

    With ``points`` set, the report claims a number of items, each worth
    ``points``; without, it claims the points themselves (0..cap).
    """

    KIND: ClassVar[str] = "bonus"
    code: str = attrs.field(converter=nfc)
    label_vi: str
    cap: Decimal = attrs.field(converter=to_decimal)
    provenance: Provenance
    points: Decimal | None = attrs.field(default=None, converter=to_optional_decimal)
    label_en: str = ""
    reference: Reference | None = None
    assumed: tuple[str, ...] = ()


@attrs.frozen
class Deduction:
    """Points taken off per occurrence of a counted fact, optionally capped."""

    KIND: ClassVar[str] = "deduction"
    code: str
    label_vi: str
    fact: str = attrs.field(converter=nfc)
    points: Decimal = attrs.field(converter=to_decimal)
    provenance: Provenance
    cap: Decimal | None = attrs.field(default=None, converter=to_optional_decimal)
    label_en: str = ""
    reference: Reference | None = None
    assumed: tuple[str, ...] = ()


@attrs.frozen
class PercentDeduction:
    """A percentage of a criterion's awarded points taken off per occurrence.

    E.g. NĐ 335/2025/NĐ-CP, Điều 14, deducts 25% of a task item's quality points
    per failed quality check and 25% of its progress points per delay. The
    deduction never exceeds the criterion's awarded points.
    """

    KIND: ClassVar[str] = "percent_deduction"
    code: str
    label_vi: str
    fact: str = attrs.field(converter=nfc)
    criterion: str = attrs.field(converter=nfc)
    percent: Decimal = attrs.field(converter=to_decimal)
    provenance: Provenance
    label_en: str = ""
    reference: Reference | None = None
    assumed: tuple[str, ...] = ()


Adjustment = Bonus | Deduction | PercentDeduction
ADJUSTMENTS: tuple[type[Adjustment], ...] = (Bonus, Deduction, PercentDeduction)

# ------------------------------------------------------------------ conditions


@attrs.frozen
class Flag:
    """True when the flag fact is set in the report."""

    KIND: ClassVar[str] = "flag"
    fact: str = attrs.field(converter=nfc)


@attrs.frozen
class CountAtLeast:
    """True when the counted fact is at least ``n``."""

    KIND: ClassVar[str] = "count_at_least"
    fact: str = attrs.field(converter=nfc)
    n: int


@attrs.frozen
class CriterionBelow:
    """True when a criterion's awarded points are below ``share`` (0..1) of its max."""

    KIND: ClassVar[str] = "criterion_below"
    criterion: str = attrs.field(converter=nfc)
    share: Decimal = attrs.field(converter=to_decimal)


@attrs.frozen
class AllOf:
    """True when every inner condition is true."""

    KIND: ClassVar[str] = "all_of"
    conditions: tuple[Condition, ...]


@attrs.frozen
class AnyOf:
    """True when at least one inner condition is true."""

    KIND: ClassVar[str] = "any_of"
    conditions: tuple[Condition, ...]


@attrs.frozen
class Not:
    """True when the inner condition is false."""

    KIND: ClassVar[str] = "not"
    condition: Condition


Condition = Flag | CountAtLeast | CriterionBelow | AllOf | AnyOf | Not
CONDITIONS: tuple[type[Condition], ...] = (Flag, CountAtLeast, CriterionBelow, AllOf, AnyOf, Not)


@attrs.frozen
class CapBand:
    """The final band is at most ``band``."""

    KIND: ClassVar[str] = "cap"
    band: str


@attrs.frozen
class ForceBand:
    """The final band is ``band`` whatever the points (a veto, usually)."""

    KIND: ClassVar[str] = "force"
    band: str


@attrs.frozen
class Ineligible:
    """The unit is not rated at all ("không đủ điều kiện xếp loại")."""

    KIND: ClassVar[str] = "ineligible"


Effect = CapBand | ForceBand | Ineligible
EFFECTS: tuple[type[Effect], ...] = (CapBand, ForceBand, Ineligible)


@attrs.frozen
class ConditionRule:
    """When ``when`` holds for a report, ``effect`` applies to its band."""

    code: str
    label_vi: str
    when: Condition
    effect: Effect
    provenance: Provenance
    label_en: str = ""
    reference: Reference | None = None
    assumed: tuple[str, ...] = ()


# ------------------------------------------------------------------ cohort, categories


@attrs.frozen
class Quota:
    """A cohort rule: at most ``share`` of the base count may keep ``band``.

    The base is the number of units of the same category whose band (before the
    quota) is ``base_band`` (``base="band"``) or ``base_band`` or higher
    (``base="band_and_above"``). The limit is ``share × base`` rounded as
    declared. Units over the limit, lowest totals first, move to ``demote_to``;
    ``ties="demote"`` also demotes every unit tied with the first one over the
    limit (the limit is never exceeded), ``ties="keep"`` keeps them all.
    """

    band: str
    base_band: str
    share: Decimal = attrs.field(converter=to_decimal)
    demote_to: str
    provenance: Provenance
    base: Literal["band", "band_and_above"] = "band"
    rounding: Literal["down", "half_up", "up"] = "down"
    ties: Literal["demote", "keep"] = "demote"
    reference: Reference | None = None
    assumed: tuple[str, ...] = ()


@attrs.frozen
class Weight:
    """The share of the scale a top-level criterion carries for one category."""

    criterion: str = attrs.field(converter=nfc)
    weight: Decimal = attrs.field(converter=to_decimal)
    provenance: Provenance
    assumed: tuple[str, ...] = ()


@attrs.frozen
class Category:
    """A kind of unit ("khối"), scored on one scorecard, optionally reweighted.

    Categories come and go with reorganisations: ``until`` is the last day the
    kind of unit exists (district People's Committees ended on 2025-06-30).
    """

    code: str = attrs.field(converter=nfc)
    label_vi: str
    scorecard: str
    label_en: str = ""
    weights: tuple[Weight, ...] = ()
    #: the last day this kind of unit exists (UBND cấp huyện: 2025-06-30); reports
    #: of later evaluation dates in this category are refused
    until: dt.date | None = None


@attrs.frozen
class Rounding:
    """How the final total is rounded (once, at the end): places and mode."""

    places: int = 2
    mode: Literal["half_up", "half_even", "down"] = "half_up"
