"""The "Dân vận khéo" movement as data: campaigns, the register of models, and what is made of it.

A :class:`Campaign` is an instrument like a rule set (dated, cited, linted);
the register holds :class:`Model` rows, their yearly :class:`Review` and
their :class:`Recognition` certificates (:class:`DvkRecords`), which
:func:`check_records` checks against their campaign. The pure functions over
them (registrations, reviews, tallies, reconciliation) live in
:mod:`danvan_rules.scoring.dvk` and return the result types below.
"""

from __future__ import annotations

from ._dvk_campaign import (
    Campaign,
    CampaignError,
    CampaignField,
    HolderKind,
    Issuer,
    IssuerLevel,
    ModelKind,
    RecognitionLevel,
    Registration,
    Requirement,
    Tier,
)
from ._dvk_check import check_records
from ._dvk_records import DvkRecords, Model, Recognition, RegisterError, Review
from ._dvk_results import (
    Dimension,
    DvkBreakdown,
    DvkError,
    DvkFact,
    DvkFactCheck,
    DvkMeasure,
    DvkReconciliation,
    DvkTally,
    HonouredCount,
    ModelHistory,
    ModelYear,
    PassedCount,
    RecognisedCount,
    RegisteredCount,
    RegistrationCheck,
    RegistrationReport,
    RequirementOutcome,
    RequirementStatus,
    ReviewOutcome,
    SkippedModel,
    SkipReason,
    UnitDvkHistory,
    YearStatus,
)

__all__ = [
    "Campaign",
    "CampaignError",
    "CampaignField",
    "Dimension",
    "DvkBreakdown",
    "DvkError",
    "DvkFact",
    "DvkFactCheck",
    "DvkMeasure",
    "DvkReconciliation",
    "DvkRecords",
    "DvkTally",
    "HolderKind",
    "HonouredCount",
    "Issuer",
    "IssuerLevel",
    "Model",
    "ModelHistory",
    "ModelKind",
    "ModelYear",
    "PassedCount",
    "RecognisedCount",
    "Recognition",
    "RecognitionLevel",
    "RegisterError",
    "RegisteredCount",
    "Registration",
    "RegistrationCheck",
    "RegistrationReport",
    "Requirement",
    "RequirementOutcome",
    "RequirementStatus",
    "Review",
    "ReviewOutcome",
    "SkipReason",
    "SkippedModel",
    "Tier",
    "UnitDvkHistory",
    "YearStatus",
    "check_records",
]
