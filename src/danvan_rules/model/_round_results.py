"""The outputs about rounds: a scored round, a reconciliation, a comparison, award tallies."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from typing import Literal

import attrs

from danvan_rules.errors import Lang, Problem

from ._round import Round, RoundError
from ._round_facts import Award, AwardKind, AwardStream, PublishedFact
from ._round_registry import Unit
from .result import Notice, QuotaLimit, ScoreResult, _plural, _short

__all__ = [
    "AwardCheck",
    "AwardTally",
    "BandChange",
    "Eligibility",
    "FactCheck",
    "Reconciliation",
    "RefusedReport",
    "RoundComparison",
    "RoundResult",
    "RuleSetChange",
    "RuleSetUse",
    "Tally",
    "TallyChange",
    "UnitChange",
    "UnitOutcome",
    "UnitStatus",
    "Verdict",
]


class UnitStatus(enum.Enum):
    """What became of one registry unit in a round."""

    RATED = "rated"  #: scored and placed in a band
    INELIGIBLE = "ineligible"  #: "không đủ điều kiện xếp loại"
    INVALID = "invalid"  #: its report could not be used (the problems say why)
    NO_REPORT = "no_report"  #: the unit exists in the year, and no report came
    NOT_IN_YEAR = "not_in_year"  #: the unit does not exist in the round's year


#: The statuses that count in a tally besides the bands.
NOT_RATED: tuple[UnitStatus, ...] = (
    UnitStatus.INELIGIBLE,
    UnitStatus.INVALID,
    UnitStatus.NO_REPORT,
)


@attrs.frozen
class UnitOutcome:
    """One registry unit's outcome in a round, with the report(s) it came from."""

    unit: Unit
    status: UnitStatus
    result: ScoreResult | None = None
    problems: tuple[Problem, ...] = ()
    #: indexes (in the reports given) of the reports for this unit
    reports: tuple[int, ...] = ()
    #: whether the unit's band makes it eligible for proposal (awards) under
    #: its rule set; ``None`` when the rule set does not say (or no result)
    proposable: bool | None = None

    @property
    def band_code(self) -> str | None:
        """The final band (after the quota), or ``None`` when the unit is not rated."""
        return None if self.result is None else self.result.band_code

    @property
    def total(self) -> Decimal | None:
        """The total (appraised where appraised), or ``None`` without a result."""
        return None if self.result is None else self.result.total

    @property
    def self_total(self) -> Decimal | None:
        """The self-assessed total, or ``None`` without a result."""
        return None if self.result is None else self.result.self_total

    @property
    def rank(self) -> int | None:
        """The rank in the unit's khối (ties share a rank), or ``None`` when not ranked."""
        if self.result is None or self.result.cohort is None:
            return None
        return self.result.cohort.rank


@attrs.frozen
class RefusedReport:
    """A report the round could not use for any unit, or not for the unit it names."""

    index: int
    unit_id: str | None
    problems: tuple[Problem, ...]


@attrs.frozen
class RuleSetUse:
    """The rule set a khối was scored by, and how its quota worked out."""

    khoi: str
    code: str
    sha256: str
    #: band codes, lowest first
    bands: tuple[str, ...]
    quota: QuotaLimit | None
    assumed_values: int
    illustrative: bool
    #: the bands that make a unit eligible for proposal (awards), lowest first;
    #: ``None`` when the rule set does not say
    proposal_bands: tuple[str, ...] | None = None
    #: whether that choice is assumed (no source states it)
    proposal_assumed: bool = False
    #: the khối's name in the rule set ("Sở, ban, ngành tỉnh"); the code when unnamed
    label_vi: str = ""
    #: band code → its name in the rule set ("Hoàn thành tốt nhiệm vụ")
    band_labels_vi: Mapping[str, str] = attrs.field(factory=dict)
    #: set when the rule set scores only the khối's units of this former province
    former_province: str | None = None

    def band_label(self, code: str | None) -> str | None:
        """A band as a results annex shows it: "Hoàn thành tốt nhiệm vụ (tot)"; ``None`` if none."""
        label = None if code is None else self.band_labels_vi.get(code)
        return None if label is None else f"{label} ({code})"


@attrs.frozen
class Tally:
    """Counts per band of one khối, one group, or the whole round, and the units not rated."""

    scope: str
    kind: Literal["khoi", "group", "overall"]
    label_vi: str
    #: band code → units placed in it (every band of the rule set(s), zeros included)
    bands: Mapping[str, int]
    ineligible: int
    invalid: int
    no_report: int

    @property
    def rated(self) -> int:
        """Units placed in a band."""
        return sum(self.bands.values())

    @property
    def size(self) -> int:
        """Every unit of the scope that exists in the year, rated or not."""
        return self.rated + self.ineligible + self.invalid + self.no_report

    def count(self, band: str) -> int:
        """Units in ``band`` (0 for a band the scope's rule sets do not have)."""
        return self.bands.get(band, 0)


@attrs.frozen(repr=False)
class RoundResult:
    """A scored round: every registry unit once, every report used or refused, the tallies.

    Its ``repr`` is one line (province, year, units, rated, reports, refused);
    :meth:`to_html` is the table a notebook shows.
    """

    round: Round
    outcomes: tuple[UnitOutcome, ...]
    refused: tuple[RefusedReport, ...]
    #: indexes of the reports that decided a unit's outcome
    used: tuple[int, ...]
    report_count: int
    rulesets: tuple[RuleSetUse, ...]
    tallies: tuple[Tally, ...]
    notices: tuple[Notice, ...]

    @property
    def synthetic(self) -> bool:
        """Whether the round's reports are synthetic (made up, standing in for unpublished ones)."""
        return self.round.synthetic

    def outcome(self, unit_id: str) -> UnitOutcome:
        """The outcome of the unit with this id (``KeyError`` if the registry has none)."""
        for outcome in self.outcomes:
            if outcome.unit.id == unit_id:
                return outcome
        raise KeyError(unit_id)

    def tally(self, scope: str = "*") -> Tally:
        """The tally of a khối or a group by code, or of the whole round (``"*"``)."""
        for tally in self.tallies:
            if tally.scope == scope:
                return tally
        raise KeyError(scope)

    def ruleset_for(self, khoi: str, former_province: str | None = None) -> RuleSetUse:
        """The rule set the khối's units (of a former province) were scored by.

        Units of a former province without a rule set of their own were
        scored by the khối's; ``KeyError`` if the khối had none.
        """
        found = None
        for use in self.rulesets:
            if use.khoi == khoi and use.former_province == former_province:
                return use
            if use.khoi == khoi and use.former_province is None:
                found = use
        if found is None:
            raise KeyError(khoi)
        return found

    def ruleset_of(self, unit: Unit) -> RuleSetUse:
        """The rule set a unit of the registry was scored by (or would have been)."""
        return self.ruleset_for(unit.khoi, unit.former_province)

    def counts(self) -> Mapping[UnitStatus, int]:
        """Units per status; they add up to the registry's size."""
        counts = dict.fromkeys(UnitStatus, 0)
        for outcome in self.outcomes:
            counts[outcome.status] += 1
        return counts

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem of the round's input: refused reports first, then invalid units."""
        refused = (p for r in self.refused for p in r.problems)
        invalid = (p for o in self.outcomes for p in o.problems)
        return (*refused, *invalid)

    def check(self) -> None:
        """Raise a :class:`RoundError` with every problem, when there is any."""
        if self.problems:
            raise RoundError(self.problems)

    @property
    def proposable(self) -> tuple[UnitOutcome, ...]:
        """The units whose band makes them eligible for proposal (awards), in registry order."""
        return tuple(o for o in self.outcomes if o.proposable)

    def __repr__(self) -> str:
        rated = self.counts()[UnitStatus.RATED]
        synthetic = ", synthetic" if self.synthetic else ""
        return (
            f"<RoundResult {_short(self.round.province)} {self.round.year}: "
            f"{_plural(len(self.outcomes), 'unit')}, {rated} rated, "
            f"{_plural(self.report_count, 'report')}, {len(self.refused)} refused{synthetic}>"
        )

    def to_html(self, lang: Lang = "vi") -> str:
        """The round as HTML: reports, units per status, and the tallies per khối and band.

        Raises:
            ConfigurationError: ``lang`` is neither ``"vi"`` nor ``"en"``.
        """
        from ._display import check_lang, round_html

        return round_html(self, check_lang(lang))

    def _repr_html_(self) -> str:
        return self.to_html()


class Eligibility(enum.Enum):
    """Whether an award's recipient was eligible for proposal by its band in the round."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"  #: the rule set does not say, or the recipient has no result


@attrs.frozen
class AwardCheck:
    """One dân vận chính quyền award to a registry unit, checked against the unit's band.

    ``assumed`` says the rule deciding it is assumed (no source states which
    bands may be proposed), so a ``not_eligible`` is a question, not a finding.
    """

    index: int
    award: Award
    eligibility: Eligibility
    note: str
    note_vi: str
    assumed: bool = False


class Verdict(enum.Enum):
    """What checking one published fact against a scored round gave."""

    MATCHED = "matched"
    NOT_MATCHED = "not_matched"
    UNCHECKABLE = "uncheckable"


@attrs.frozen
class FactCheck:
    """One published fact, its verdict and, when not matched or uncheckable, why (en, vi)."""

    index: int
    fact: PublishedFact
    verdict: Verdict
    notes: tuple[str, ...] = ()
    notes_vi: tuple[str, ...] = ()


@attrs.frozen
class Reconciliation:
    """Every published fact checked against a scored round."""

    checks: tuple[FactCheck, ...]
    #: whether the scored round's reports are synthetic
    synthetic: bool

    @property
    def ok(self) -> bool:
        """Whether every fact matched."""
        return all(c.verdict is Verdict.MATCHED for c in self.checks)

    def with_verdict(self, verdict: Verdict) -> tuple[FactCheck, ...]:
        """The checks with this verdict, in fact order."""
        return tuple(c for c in self.checks if c.verdict is verdict)


class BandChange(enum.Enum):
    """How one unit's band changed from one round to the next."""

    UP = "up"
    DOWN = "down"
    SAME = "same"
    NEW = "new"  #: a unit of the later round with no counterpart in the earlier one
    GONE = "gone"  #: a unit of the earlier round with no counterpart in the later one
    UNRATED = "unrated"  #: one side has no band (ineligible, invalid, no report)
    INCOMPARABLE = "incomparable"  #: two bands no one rule set orders


@attrs.frozen
class UnitChange:
    """One link between a unit of the earlier round and one of the later round."""

    earlier: str | None
    later: str | None
    earlier_band: str | None
    later_band: str | None
    change: BandChange
    #: how the ids are linked: "same id", or the succession kinds followed
    via: tuple[str, ...] = ()


@attrs.frozen
class TallyChange:
    """The change of one row (a band, or a not-rated kind) of one tally."""

    scope: str
    row: str
    earlier: int | None
    later: int | None

    @property
    def delta(self) -> int | None:
        """``later - earlier``, or ``None`` when one round has no such tally."""
        if self.earlier is None or self.later is None:
            return None
        return self.later - self.earlier


@attrs.frozen
class RuleSetChange:
    """A khối scored by different rule sets (or versions) in the two rounds."""

    khoi: str
    earlier: str | None
    later: str | None
    earlier_sha256: str | None
    later_sha256: str | None
    #: set when the change is of the rule set of the khối's units of a former province
    former_province: str | None = None


@attrs.frozen
class RoundComparison:
    """Two rounds unit by unit and tally by tally."""

    earlier_year: int
    later_year: int
    units: tuple[UnitChange, ...]
    tallies: tuple[TallyChange, ...]
    rulesets: tuple[RuleSetChange, ...]
    notices: tuple[Notice, ...]

    @property
    def same_rulesets(self) -> bool:
        """Whether every khối was scored by the same rule set, byte for byte, in both rounds."""
        return not self.rulesets

    def tally_change(self, scope: str, row: str) -> TallyChange:
        """The change of ``row`` (a band code or a not-rated kind) in the tally of ``scope``."""
        for change in self.tallies:
            if change.scope == scope and change.row == row:
                return change
        raise KeyError((scope, row))

    def unit_change(self, unit_id: str) -> tuple[UnitChange, ...]:
        """The links that involve the unit with this id, on either side."""
        return tuple(c for c in self.units if unit_id in {c.earlier, c.later})


@attrs.frozen
class AwardTally:
    """Awards counted per (stream, kind, recipient type: "collective" / "individual")."""

    counts: Mapping[tuple[AwardStream, AwardKind, str], int]
    synthetic: int

    def count(
        self,
        stream: AwardStream | None = None,
        kind: AwardKind | None = None,
        recipient: str | None = None,
    ) -> int:
        """Awards matching every criterion given (all awards when none is)."""
        return sum(
            n
            for (s, k, r), n in self.counts.items()
            if stream in {None, s} and kind in {None, k} and recipient in {None, r}
        )
