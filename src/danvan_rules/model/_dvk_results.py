"""The outputs about "Dân vận khéo" records: registration checks, reviews, tallies, histories.

Besides the results, this module holds what was *published* about a campaign
(:data:`DvkFact`: models registered, passing review, recognised, honoured,
each with its source) and the reconciliation of those facts with a tally, in
the style of the rounds' :class:`~danvan_rules.model.rounds.Reconciliation`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar, Final

import attrs

from danvan_rules.errors import Collector, DataError, Lang, field_path, key_path

from ._dvk_campaign import Requirement
from ._dvk_records import Model, Recognition
from ._round_facts import PublishedError
from ._round_registry import Citation, Unit
from ._round_results import Verdict
from ._text import nfc
from .sources import Provenance

__all__ = [
    "Dimension",
    "DvkBreakdown",
    "DvkError",
    "DvkFact",
    "DvkFactCheck",
    "DvkMeasure",
    "DvkReconciliation",
    "DvkTally",
    "HonouredCount",
    "ModelHistory",
    "ModelYear",
    "PassedCount",
    "RecognisedCount",
    "RegisteredCount",
    "RegistrationCheck",
    "RegistrationReport",
    "RequirementOutcome",
    "RequirementStatus",
    "ReviewOutcome",
    "SkipReason",
    "SkippedModel",
    "UnitDvkHistory",
    "YearStatus",
]


class DvkError(DataError):
    """Input about "Dân vận khéo" records the functions cannot use: every problem, with its path."""

    subject = "Dân vận khéo records"
    subject_vi = "hồ sơ Dân vận khéo"


# ---------------------------------------------------------------------- registration


@attrs.frozen
class RegistrationCheck:
    """One unit's registration for a year: how many models it must and did register.

    ``registered`` lists the ids of the unit's models that run in the year, in
    the order of the records.
    """

    unit: Unit
    required: int
    registered: tuple[str, ...]

    @property
    def compliant(self) -> bool:
        """Whether the unit registered at least the number required."""
        return len(self.registered) >= self.required


class SkipReason(enum.Enum):
    """Why a model given to a registration check counted for no unit."""

    OTHER_CAMPAIGN = "other_campaign"  #: it belongs to another campaign
    OUTSIDE_YEAR = "outside_year"  #: its period does not contain the year
    UNIT_NOT_CHECKED = "unit_not_checked"  #: its unit is unknown, not bound, or not in the year


@attrs.frozen
class SkippedModel:
    """A model that counted for no unit of the check, and why."""

    model: str
    unit: str
    reason: SkipReason


@attrs.frozen
class RegistrationReport:
    """Every bound unit's registration for one year of a campaign, in the order units were given.

    Every model given is accounted for: it is in one check's ``registered``
    or in ``skipped`` with the reason.
    """

    campaign: str
    year: int
    required: int
    checks: tuple[RegistrationCheck, ...]
    skipped: tuple[SkippedModel, ...] = ()

    @property
    def missing(self) -> tuple[Unit, ...]:
        """The units that registered no model for the year."""
        return tuple(c.unit for c in self.checks if not c.registered)

    @property
    def non_compliant(self) -> tuple[Unit, ...]:
        """The units that registered fewer models than required (those with none included)."""
        return tuple(c.unit for c in self.checks if not c.compliant)

    @property
    def compliant_count(self) -> int:
        """How many units registered enough models."""
        return sum(c.compliant for c in self.checks)

    @property
    def registered_count(self) -> int:
        """How many models counted for a unit of the check."""
        return sum(len(c.registered) for c in self.checks)

    @property
    def ok(self) -> bool:
        """Whether every bound unit registered enough models."""
        return not self.non_compliant

    def check(self, unit_id: str) -> RegistrationCheck:
        """The check of the unit with this id (``KeyError`` if it was not checked)."""
        for check in self.checks:
            if check.unit.id == unit_id:
                return check
        raise KeyError(unit_id)


# ---------------------------------------------------------------------- review


class RequirementStatus(enum.Enum):
    """One requirement's answer in a review."""

    PASSED = "passed"
    FAILED = "failed"
    UNANSWERED = "unanswered"


@attrs.frozen
class RequirementOutcome:
    """One requirement of the campaign, how the review answered it, and its citation."""

    requirement: Requirement
    status: RequirementStatus

    @property
    def code(self) -> str:
        """The requirement's code."""
        return self.requirement.code

    @property
    def citation(self) -> str:
        """The requirement's reference as text (``""`` when it has none)."""
        reference = self.requirement.reference
        return "" if reference is None else str(reference)

    @property
    def assumed(self) -> bool:
        """Whether the requirement is filled in rather than transcribed from a source."""
        return self.requirement.provenance is Provenance.ASSUMED


@attrs.frozen
class ReviewOutcome:
    """A model's review for one year: passed only when every requirement is answered true.

    ``requirements`` holds every requirement of the campaign, in campaign
    order, with its status; ``lines_vi`` / ``lines_en`` are the explanation.
    """

    model: str
    year: int
    campaign: str
    requirements: tuple[RequirementOutcome, ...]
    lines_vi: tuple[str, ...]
    lines_en: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Whether every requirement was answered and passed."""
        return all(r.status is RequirementStatus.PASSED for r in self.requirements)

    @property
    def failing(self) -> tuple[RequirementOutcome, ...]:
        """The requirements answered false, in campaign order."""
        return self._with(RequirementStatus.FAILED)

    @property
    def unanswered(self) -> tuple[RequirementOutcome, ...]:
        """The requirements the review left unanswered, in campaign order."""
        return self._with(RequirementStatus.UNANSWERED)

    def _with(self, status: RequirementStatus) -> tuple[RequirementOutcome, ...]:
        return tuple(r for r in self.requirements if r.status is status)

    def explain(self, lang: Lang = "vi") -> str:
        """The explanation as text, one line per line (``"vi"`` or ``"en"``)."""
        return "\n".join(self.lines_en if lang == "en" else self.lines_vi)


# ---------------------------------------------------------------------- tallies


class Dimension(enum.Enum):
    """What a tally is broken down by."""

    FIELD = "field"  #: the model's field
    LEVEL = "level"  #: the recognition's level; a model's target level
    TIER = "tier"  #: the recognition's tier
    HOLDER_KIND = "holder_kind"  #: tập thể / cá nhân
    KIND = "kind"  #: mô hình / điển hình
    UNIT = "unit"  #: the holding unit
    YEAR = "year"  #: a model's first year, a review's or a recognition's year
    AWARD_KIND = "award_kind"  #: Bằng khen / Giấy khen (awards only)


class DvkMeasure(enum.Enum):
    """What a tally counts."""

    REGISTERED = "registered"  #: models (each once, in the first year of its period)
    REVIEWED = "reviewed"  #: yearly reviews
    PASSED = "passed"  #: yearly reviews that passed
    RECOGNISED = "recognised"  #: recognitions ("lượt"), not distinct models
    HONOURED = "honoured"  #: awards of the stream dan-van-kheo


def _counts(value: Mapping[Dimension, Mapping[str, int]]) -> Mapping[Dimension, Mapping[str, int]]:
    return MappingProxyType({dim: MappingProxyType(dict(counts)) for dim, counts in value.items()})


@attrs.frozen
class DvkBreakdown:
    """One measure's count, and that count broken down by each dimension computed.

    Every dimension's counts add up to ``total``. ``outside`` counts the
    records of the campaign outside the tally's years, ``other`` the records
    of another campaign (for awards: another stream): with ``total`` they
    account for every record given.
    """

    measure: DvkMeasure
    total: int
    by: Mapping[Dimension, Mapping[str, int]] = attrs.field(converter=_counts)
    outside: int = 0
    other: int = 0

    def count(self, dimension: Dimension, value: str) -> int:
        """The count for ``value`` of ``dimension`` (``KeyError`` if the dimension was not computed)."""
        return self.by[dimension].get(value, 0)


def _breakdowns(value: Mapping[DvkMeasure, DvkBreakdown]) -> Mapping[DvkMeasure, DvkBreakdown]:
    return MappingProxyType(dict(value))


@attrs.frozen
class DvkTally:
    """A campaign's records counted over some years: one breakdown per :class:`DvkMeasure`.

    ``period`` is every year of the campaign; ``years`` those counted.
    ``synthetic`` counts the records counted that are synthetic.
    """

    campaign: str
    years: tuple[int, ...]
    period: tuple[int, ...]
    breakdowns: Mapping[DvkMeasure, DvkBreakdown] = attrs.field(converter=_breakdowns)
    synthetic: int = 0

    def __getitem__(self, measure: DvkMeasure) -> DvkBreakdown:
        return self.breakdowns[measure]

    @property
    def registered(self) -> DvkBreakdown:
        """Models registered (each once, in the first year of its period)."""
        return self.breakdowns[DvkMeasure.REGISTERED]

    @property
    def reviewed(self) -> DvkBreakdown:
        """Yearly reviews."""
        return self.breakdowns[DvkMeasure.REVIEWED]

    @property
    def passed(self) -> DvkBreakdown:
        """Yearly reviews that passed."""
        return self.breakdowns[DvkMeasure.PASSED]

    @property
    def recognised(self) -> DvkBreakdown:
        """Recognitions ("lượt")."""
        return self.breakdowns[DvkMeasure.RECOGNISED]

    @property
    def honoured(self) -> DvkBreakdown:
        """Awards of the stream dan-van-kheo."""
        return self.breakdowns[DvkMeasure.HONOURED]


# ---------------------------------------------------------------------- a unit's history


class YearStatus(enum.Enum):
    """What became of one model in one year."""

    NOT_RUNNING = "not_running"  #: the year is outside the model's period
    NOT_REVIEWED = "not_reviewed"  #: the model runs, and no review was recorded
    PASSED = "passed"  #: reviewed, every requirement met
    FAILED = "failed"  #: reviewed, at least one requirement not met
    INCOMPLETE = "incomplete"  #: reviewed, none failed, some unanswered


@attrs.frozen
class ModelYear:
    """One model's year: its status, its review's outcome and its recognitions."""

    year: int
    status: YearStatus
    review: ReviewOutcome | None = None
    recognitions: tuple[Recognition, ...] = ()

    @property
    def recognised(self) -> bool:
        """Whether the model was recognised for the year."""
        return bool(self.recognitions)

    @property
    def levels(self) -> tuple[str, ...]:
        """The levels it was recognised at for the year, in record order."""
        return tuple(r.level for r in self.recognitions)

    @property
    def tiers(self) -> tuple[str, ...]:
        """The tiers it was recognised at for the year, in record order."""
        return tuple(r.tier for r in self.recognitions)


@attrs.frozen
class ModelHistory:
    """One model and its years, in the order of the years asked for."""

    model: Model
    years: tuple[ModelYear, ...]

    def year(self, year: int) -> ModelYear:
        """The model's entry for ``year`` (``KeyError`` if that year was not asked for)."""
        for entry in self.years:
            if entry.year == year:
                return entry
        raise KeyError(year)


@attrs.frozen
class UnitDvkHistory:
    """A unit's models of a campaign over some years, and each one's yearly outcome."""

    campaign: str
    unit: str
    years: tuple[int, ...]
    models: tuple[ModelHistory, ...]

    def model(self, model_id: str) -> ModelHistory:
        """The history of the model with this id (``KeyError`` if the unit has none)."""
        for history in self.models:
            if history.model.id == model_id:
                return history
        raise KeyError(model_id)

    def per_year(self) -> Mapping[int, Mapping[YearStatus, int]]:
        """For each year, how many of the unit's models had each status (zeros included)."""
        counts = {year: dict.fromkeys(YearStatus, 0) for year in self.years}
        for history in self.models:
            for entry in history.years:
                counts[entry.year][entry.status] += 1
        return MappingProxyType({y: MappingProxyType(c) for y, c in counts.items()})

    @property
    def synthetic(self) -> bool:
        """Whether any of the unit's models is synthetic."""
        return any(h.model.synthetic for h in self.models)


# ---------------------------------------------------------------------- published facts


def _split(value: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType({nfc(key): count for key, count in dict(value).items()})


def _years(value: tuple[int, ...] | None) -> tuple[int, ...] | None:
    return None if value is None else tuple(value)


def _bad_count(count: object) -> bool:
    return isinstance(count, bool) or not isinstance(count, int) or count < 0


def _check_fact(fact: DvkFact) -> None:
    found = Collector()
    splits = {name: getattr(fact, name) for name in fact.SPLITS}
    if fact.total is None and not any(splits.values()):
        found.add(
            "a published count needs a total or at least one split",
            code="published.empty_dvk_fact",
            vi="số liệu công bố cần có tổng số hoặc ít nhất một phân loại",
        )
    if fact.total is not None and _bad_count(fact.total):
        found.add(
            f"a published count is a whole number >= 0, not {fact.total!r}",
            "$.total",
            code="published.invalid_count",
            vi=f"số lượng công bố phải là số nguyên >= 0, không phải {fact.total!r}",
        )
    for name, split in splits.items():
        for key, count in split.items():
            if _bad_count(count):
                found.add(
                    f"a published count is a whole number >= 0, not {count!r}",
                    key_path(field_path("$", name), key),
                    code="published.invalid_count",
                    vi=f"số lượng công bố phải là số nguyên >= 0, không phải {count!r}",
                )
    found.raise_if_any(PublishedError)


_BY_FIELD: Final = MappingProxyType({"by_field": Dimension.FIELD})
_BY_LEVEL: Final = MappingProxyType({"by_level": Dimension.LEVEL})
_BY_TIER: Final = MappingProxyType({"by_tier": Dimension.TIER})
_BY_HOLDER: Final = MappingProxyType({"by_holder": Dimension.HOLDER_KIND})


@attrs.frozen
class RegisteredCount:
    """How many models were registered (each once), in total and split as published.

    ``by_level`` splits by target level (xã Vĩnh Phú 2021–2023: 53 / 17 / 4 at
    cơ sở / huyện / tỉnh). ``years`` the fact covers: ``None`` for the
    campaign's whole period. Every fact has a total, a split, or both.

    >>> RegisteredCount(279, Citation("backancity.gov.vn")).total
    279
    >>> RegisteredCount(None, Citation("x"), by_level={"co-so": -1})
    Traceback (most recent call last):
      ...
    danvan_rules.model._round_facts.PublishedError: 1 problem in published facts:
      a published count is a whole number >= 0, not -1 @ $.by_level["co-so"]
    """

    MEASURE: ClassVar[DvkMeasure] = DvkMeasure.REGISTERED
    SPLITS: ClassVar[Mapping[str, Dimension]] = MappingProxyType(
        {**_BY_FIELD, **_BY_LEVEL, **_BY_HOLDER}
    )

    total: int | None
    source: Citation
    by_field: Mapping[str, int] = attrs.field(factory=dict, converter=_split, kw_only=True)
    by_level: Mapping[str, int] = attrs.field(factory=dict, converter=_split, kw_only=True)
    by_holder: Mapping[str, int] = attrs.field(factory=dict, converter=_split, kw_only=True)
    years: tuple[int, ...] | None = attrs.field(default=None, converter=_years, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _check_fact(self)


@attrs.frozen
class PassedCount:
    """How many yearly reviews passed ("bình xét … đạt"), in total and split as published."""

    MEASURE: ClassVar[DvkMeasure] = DvkMeasure.PASSED
    SPLITS: ClassVar[Mapping[str, Dimension]] = MappingProxyType(
        {**_BY_FIELD, **_BY_LEVEL, **_BY_HOLDER}
    )

    total: int | None
    source: Citation
    by_field: Mapping[str, int] = attrs.field(factory=dict, converter=_split, kw_only=True)
    by_level: Mapping[str, int] = attrs.field(factory=dict, converter=_split, kw_only=True)
    by_holder: Mapping[str, int] = attrs.field(factory=dict, converter=_split, kw_only=True)
    years: tuple[int, ...] | None = attrs.field(default=None, converter=_years, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _check_fact(self)


@attrs.frozen
class RecognisedCount:
    """How many recognitions ("lượt", not distinct models), in total and split as published.

    Bắc Kạn city 2023: 202 (187 tập thể, 15 cá nhân; per field 3 / 16 / 174 / 9).
    """

    MEASURE: ClassVar[DvkMeasure] = DvkMeasure.RECOGNISED
    SPLITS: ClassVar[Mapping[str, Dimension]] = MappingProxyType(
        {**_BY_FIELD, **_BY_LEVEL, **_BY_TIER, **_BY_HOLDER}
    )

    total: int | None
    source: Citation
    by_field: Mapping[str, int] = attrs.field(factory=dict, converter=_split, kw_only=True)
    by_level: Mapping[str, int] = attrs.field(factory=dict, converter=_split, kw_only=True)
    by_tier: Mapping[str, int] = attrs.field(factory=dict, converter=_split, kw_only=True)
    by_holder: Mapping[str, int] = attrs.field(factory=dict, converter=_split, kw_only=True)
    years: tuple[int, ...] | None = attrs.field(default=None, converter=_years, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _check_fact(self)


@attrs.frozen
class HonouredCount:
    """How many were honoured (awards of the stream dan-van-kheo), split by holder as published.

    Award records carry no year: every award of the records given is counted.
    """

    MEASURE: ClassVar[DvkMeasure] = DvkMeasure.HONOURED
    SPLITS: ClassVar[Mapping[str, Dimension]] = _BY_HOLDER
    #: awards carry no year: the fact covers whatever records are given
    years: ClassVar[None] = None

    total: int | None
    source: Citation
    by_holder: Mapping[str, int] = attrs.field(factory=dict, converter=_split, kw_only=True)

    def __attrs_post_init__(self) -> None:
        _check_fact(self)


#: One published fact about a campaign's records.
DvkFact = RegisteredCount | PassedCount | RecognisedCount | HonouredCount


@attrs.frozen
class DvkFactCheck:
    """One published fact, its verdict and, when not matched or uncheckable, why (en, vi)."""

    index: int
    fact: DvkFact
    verdict: Verdict
    notes: tuple[str, ...] = ()
    notes_vi: tuple[str, ...] = ()


@attrs.frozen
class DvkReconciliation:
    """Every published fact checked against a campaign's records."""

    checks: tuple[DvkFactCheck, ...]
    #: whether any record counted is synthetic
    synthetic: bool

    @property
    def ok(self) -> bool:
        """Whether every fact matched."""
        return all(c.verdict is Verdict.MATCHED for c in self.checks)

    def with_verdict(self, verdict: Verdict) -> tuple[DvkFactCheck, ...]:
        """The checks with this verdict, in fact order."""
        return tuple(c for c in self.checks if c.verdict is verdict)
