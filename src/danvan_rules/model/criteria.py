"""The criteria tree: criteria ("tiêu chí") and how a leaf is measured.

A scorecard is the criteria table of one annex, written as a flat list in annex
order; a criterion names its ``parent`` (a group), and a group's points are the
sum of its children's, capped at its own ``max``. A leaf has a *measure* saying
what a report gives for it and how that becomes points:

=============  ==========================  ==========================================
measure        the report gives            points
=============  ==========================  ==========================================
Points         points (``"7.5"``)          as given, 0..max, on the step if any
Checklist      ``true`` / ``false``        max if met, else 0
Levels         a level's name (``"Khá"``)  that level's points
RateTable      a percent or a count        the points of the highest row reached
Deductions     a count of occurrences      max minus count × per_occurrence, not below 0
=============  ==========================  ==========================================

Criterion codes, parents and level names are kept in Unicode NFC.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Literal

import attrs

from ._numbers import to_decimal, to_optional_decimal
from ._text import nfc, optional_nfc
from .sources import Provenance, Reference

__all__ = [
    "Checklist",
    "Criterion",
    "Deductions",
    "Level",
    "Levels",
    "Measure",
    "Points",
    "Rate",
    "RateTable",
    "Scorecard",
]


@attrs.frozen
class Points:
    """Points given directly, from 0 to the criterion's max, optionally on a step (0.25)."""

    KIND: ClassVar[str] = "points"
    step: Decimal | None = attrs.field(default=None, converter=to_optional_decimal)


@attrs.frozen
class Checklist:
    """A requirement met (full points) or not (zero)."""

    KIND: ClassVar[str] = "checklist"


@attrs.frozen
class Level:
    """One named level of a :class:`Levels` measure ("Tốt" → 5).

    Both names are kept in Unicode NFC, as a report's answer is.
    """

    name: str = attrs.field(converter=nfc)
    points: Decimal = attrs.field(converter=to_decimal)
    name_en: str = attrs.field(default="", converter=nfc)


@attrs.frozen
class Levels:
    """Named levels, each worth fixed points ("Tốt 5 / Khá 3 / Chưa đạt 0")."""

    KIND: ClassVar[str] = "levels"
    levels: tuple[Level, ...]


@attrs.frozen
class Rate:
    """One row of a :class:`RateTable`: from ``at_least`` upwards, ``points``."""

    at_least: Decimal = attrs.field(converter=to_decimal)
    points: Decimal = attrs.field(converter=to_decimal)


@attrs.frozen
class RateTable:
    """A percentage (0..100) or a count mapped to points by thresholds.

    Rows are in ascending ``at_least`` order and the first starts at 0, so every
    value has a row; the value's points are those of the highest row it reaches.
    """

    KIND: ClassVar[str] = "rates"
    unit: Literal["percent", "count"]
    rates: tuple[Rate, ...]


@attrs.frozen
class Deductions:
    """Full points minus ``per_occurrence`` for each occurrence, never below 0."""

    KIND: ClassVar[str] = "deductions"
    per_occurrence: Decimal = attrs.field(converter=to_decimal)


Measure = Points | Checklist | Levels | RateTable | Deductions
MEASURES: tuple[type[Measure], ...] = (Points, Checklist, Levels, RateTable, Deductions)


@attrs.frozen
class Criterion:
    """One row of a criteria table.

    A *group* has no ``measure``; its points are the capped sum of the criteria
    that name it as ``parent``. A *leaf* has a measure. An ``appraiser_only``
    leaf is scored only by the higher level: self scores for it are refused.

    >>> Criterion("I.1", "Ban hành kế hoạch", 5, Provenance.ASSUMED,
    ...           parent="I", measure=Checklist()).is_leaf
    True
    """

    code: str = attrs.field(converter=nfc)
    title_vi: str
    max: Decimal = attrs.field(converter=to_decimal)
    provenance: Provenance
    reference: Reference | None = None
    parent: str | None = attrs.field(default=None, converter=optional_nfc)
    measure: Measure | None = None
    title_en: str = ""
    appraiser_only: bool = False
    #: names of fields whose values are assumed although the element is sourced
    assumed: tuple[str, ...] = ()

    @property
    def is_leaf(self) -> bool:
        """Whether the criterion is measured directly (has a measure)."""
        return self.measure is not None


@attrs.frozen
class Scorecard:
    """The criteria table of one annex, in annex order; categories name it by ``code``."""

    code: str
    title_vi: str
    criteria: tuple[Criterion, ...]
    title_en: str = ""
