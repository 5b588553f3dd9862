"""Evaluation rounds as data: the unit registry, the round, published facts, awards, results.

A **round** ("đợt đánh giá") is one province's evaluation of one year: the
units of a :class:`Registry` (ids stable across years, with the renames and
mergers that link them), how each khối's rule set is chosen, the appraisal and
results decisions, named groups of khối for tallies, what was published about
the results (:data:`PublishedFact`), and the awards that followed. The pure
functions over it live in :mod:`danvan_rules.scoring.rounds`.

>>> import datetime as dt
>>> reg = Registry([Unit("so-noi-vu", "Sở Nội vụ", "so-nganh", "example")])
>>> r = Round("example", 2024, reg, FixedRuleSets({"so-nganh": "example/dan-van-2024"}),
...           results=Decision("01/QĐ-UBND", dt.date(2025, 1, 15), "UBND tỉnh"))
>>> r.khoi, r.evaluation_date
(('so-nganh',), datetime.date(2024, 12, 31))
"""

from __future__ import annotations

from ._round import Decision, FixedRuleSets, Group, Round, RoundError, RuleSetChoice, RuleSetsByDate
from ._round_facts import (
    Award,
    AwardKind,
    AwardStream,
    BandCounts,
    CohortSize,
    Collective,
    Individual,
    NamedIneligible,
    NamedUnits,
    NoUnitInBand,
    PublishedError,
    PublishedFact,
    Recipient,
    UnitTotal,
)
from ._round_registry import Citation, Registry, RegistryError, Succession, SuccessionKind, Unit
from ._round_results import (
    NOT_RATED,
    AwardCheck,
    AwardTally,
    BandChange,
    Eligibility,
    FactCheck,
    Reconciliation,
    RefusedReport,
    RoundComparison,
    RoundResult,
    RuleSetChange,
    RuleSetUse,
    Tally,
    TallyChange,
    UnitChange,
    UnitOutcome,
    UnitStatus,
    Verdict,
)

__all__ = [
    "NOT_RATED",
    "Award",
    "AwardCheck",
    "AwardKind",
    "AwardStream",
    "AwardTally",
    "BandChange",
    "BandCounts",
    "Citation",
    "CohortSize",
    "Collective",
    "Decision",
    "Eligibility",
    "FactCheck",
    "FixedRuleSets",
    "Group",
    "Individual",
    "NamedIneligible",
    "NamedUnits",
    "NoUnitInBand",
    "PublishedError",
    "PublishedFact",
    "Recipient",
    "Reconciliation",
    "RefusedReport",
    "Registry",
    "RegistryError",
    "Round",
    "RoundComparison",
    "RoundError",
    "RoundResult",
    "RuleSetChange",
    "RuleSetChoice",
    "RuleSetUse",
    "RuleSetsByDate",
    "Succession",
    "SuccessionKind",
    "Tally",
    "TallyChange",
    "Unit",
    "UnitChange",
    "UnitOutcome",
    "UnitStatus",
    "UnitTotal",
    "Verdict",
]
