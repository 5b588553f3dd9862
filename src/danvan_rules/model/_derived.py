"""Answers a rule set takes from a unit's "Dân vận khéo" records instead of a number typed by hand.

A rule set declares each **derivation**: which answer of the report it fills
(a criterion, a bonus or a fact), from which count of the unit's records for
the evaluation year under a campaign — models registered, models passing
their review, recognitions at a level and tier — and how the count becomes the
answer. :func:`~danvan_rules.score` given the records (``evidence=``) fills
those answers and says where each came from; without records a report keeps
working as before, with the answers typed by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

import attrs

from ._text import nfc, optional_nfc
from .sources import Provenance, Reference

if TYPE_CHECKING:  # in annotations only: scoring a report without records never loads them
    from ._dvk_campaign import Campaign
    from ._dvk_records import DvkRecords

__all__ = ["Count", "Derivation", "DerivedAnswer", "DerivedRung", "Evidence"]

#: What is counted in a unit's records for the year.
Count = Literal["registered", "passed", "recognised"]


@attrs.frozen
class DerivedRung:
    """One rung of a levels criterion: ``level`` when the count reaches ``at_least``.

    Rungs are tried in order (the highest first); the first that holds gives
    the answer.
    """

    level: str = attrs.field(converter=nfc)
    count: Count
    at_least: int = 1
    #: for ``recognised``: recognitions at this level of the campaign (any level when unset)
    recognition_level: str | None = attrs.field(default=None, converter=optional_nfc)
    #: for ``recognised``: at this tier of the campaign or above (any tier when unset)
    tier: str | None = attrs.field(default=None, converter=optional_nfc)


@attrs.frozen
class Derivation:
    """One answer of the report taken from the unit's DVK records for the year.

    ``target`` is ``criterion:<code>``, ``bonus:<code>`` or ``fact:<name>``:

    - a checklist criterion or a flag fact is true when the count reaches ``at_least``;
    - a bonus claimed per item, or a count fact, is the count itself;
    - a levels criterion takes the level of the first of its ``rungs`` that holds,
      else ``otherwise``.

    ``campaign`` names the campaign whose records count (any campaign of the
    evidence in force in the year when unset: exactly one must be).
    """

    target: str = attrs.field(converter=nfc)
    provenance: Provenance
    count: Count | None = None
    at_least: int = 1
    recognition_level: str | None = attrs.field(default=None, converter=optional_nfc)
    tier: str | None = attrs.field(default=None, converter=optional_nfc)
    rungs: tuple[DerivedRung, ...] = ()
    otherwise: str | None = None
    campaign: str | None = None
    reference: Reference | None = None
    assumed: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """``criterion``, ``bonus`` or ``fact`` (what the target names)."""
        return self.target.partition(":")[0]

    @property
    def name(self) -> str:
        """The criterion code, bonus code or fact name of the target."""
        return self.target.partition(":")[2]


def _campaigns(values: Iterable[Campaign]) -> tuple[Campaign, ...]:
    return tuple(values)


@attrs.frozen
class Evidence:
    """A unit's "Dân vận khéo" records and their campaigns, given to the scorer.

    The records may hold other units' models: only the report's unit's count.
    """

    records: DvkRecords
    campaigns: tuple[Campaign, ...] = attrs.field(converter=_campaigns)


@attrs.frozen
class DerivedAnswer:
    """An answer taken from the records: its value, what was counted, and both citations.

    ``reference`` is the rule set's (the criterion or the derivation);
    ``requirement`` the campaign's (its registration requirement, the level or
    tier of recognition, or its instrument); ``records`` the ids of the models
    counted.
    """

    target: str
    value: bool | int | str
    count: Count
    counted: int
    campaign: str
    records: tuple[str, ...]
    reference: Reference | None
    requirement: Reference | None
    assumed: bool
