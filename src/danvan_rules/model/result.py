"""The output: a unit's score with its explanation, and a cohort after the quota.

Everything a reader needs to trust a result is data here: each criterion line
carries its reference, each applied condition its citation, the gap says what
it takes to reach the next band, and the audit stamp pins the exact rule set,
library and input that produced it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import cast

import attrs

from danvan_rules.errors import Lang, ReportError

from ._derived import DerivedAnswer
from .rules import Band
from .sources import Reference

__all__ = [
    "AdjustmentLine",
    "AppliedCondition",
    "Audit",
    "Batch",
    "CohortNote",
    "CohortResult",
    "CriterionLine",
    "Deferred",
    "Gap",
    "Headroom",
    "Notice",
    "QuotaLimit",
    "ScoreResult",
    "Source",
    "Status",
]


class Source(enum.Enum):
    """Which score a criterion line used."""

    SELF = "self"  #: the unit's self-assessment
    APPRAISED = "appraised"  #: the appraisal team's score, replacing the self score
    PENDING = "pending"  #: appraiser-only and not yet appraised: counts 0 for now
    GROUP = "group"  #: a group: the capped sum of its children


class Status(enum.Enum):
    """Whether the unit is rated at all."""

    RATED = "rated"
    INELIGIBLE = "ineligible"  #: "không đủ điều kiện xếp loại"


@attrs.frozen
class CriterionLine:
    """One criterion of the scorecard, as scored.

    ``awarded`` is the points earned at this node (a group: the capped sum of
    its children). Top-level lines also carry the category's ``weight`` and the
    ``weighted`` points that enter the total (equal to ``awarded`` unless the
    weight differs from the max). The total uses the exact value of
    ``awarded × weight / max``; ``weighted`` shows it: exact when at most 12
    places hold it, otherwise rounded half-even to 12 places.
    """

    code: str
    title_vi: str
    title_en: str
    depth: int
    awarded: Decimal
    max: Decimal
    source: Source
    reference: Reference | None
    assumed: bool
    self_points: Decimal | None = None
    appraised_points: Decimal | None = None
    weight: Decimal | None = None
    weighted: Decimal | None = None


@attrs.frozen
class AdjustmentLine:
    """A bonus or deduction as applied: what was claimed and the signed points applied.

    ``points`` is exact, except for a percentage deduction of a criterion whose
    weight differs from its max: that one shows its exact value to 12 places,
    rounded half-even (the total uses the exact value).
    """

    code: str
    kind: str
    label_vi: str
    label_en: str
    claimed: Decimal
    points: Decimal
    reference: Reference | None
    assumed: bool
    note: str = ""


@attrs.frozen
class AppliedCondition:
    """A condition that held for the report, its effect and its citation."""

    code: str
    label_vi: str
    label_en: str
    effect: str
    band: str | None
    reference: Reference | None
    assumed: bool


@attrs.frozen
class Headroom:
    """Points still available in one leaf criterion (weighted as they count in the total).

    ``available`` is exact, or shown to 12 places (half-even) when a weight
    makes it a quotient no Decimal holds.
    """

    code: str
    title_vi: str
    available: Decimal


@attrs.frozen
class Gap:
    """What separates the result from the next band up.

    ``points_needed`` is 0 when the points already reach the next band and only
    conditions hold the unit back; ``blocking`` names those conditions, which
    would still block the next band if the points were there.
    """

    next_band: str
    next_band_label_vi: str
    points_needed: Decimal
    headroom: tuple[Headroom, ...]
    blocking: tuple[str, ...]


@attrs.frozen
class Notice:
    """A warning attached to a result, in English and Vietnamese."""

    code: str
    en: str
    vi: str


@attrs.frozen
class Audit:
    """What produced a result: rule set, its content hash, library version, input hash."""

    ruleset_code: str
    ruleset_sha256: str
    library_version: str
    report_sha256: str


@attrs.frozen
class CohortNote:
    """Where a unit stands in its cohort after :func:`~danvan_rules.apply_quota`."""

    rank: int | None
    cohort_size: int
    band_before_quota: str | None
    demoted: bool


class Deferred:
    """The explanation of a result, computed when it is first read (the scorer makes one).

    A :class:`ScoreResult` built by the scorer holds one of these in place of
    its ``lines``, ``adjustments``, ``gap`` and ``audit``: each is computed the first time it
    is read, and then kept. Scoring a report thus costs its total, band,
    status and warnings; reading the explanation costs the rest, once. (The
    warnings are computed with the score, so that anything unexpected there
    is the report's error in a batch.)

    >>> import danvan_rules as dr
    >>> result = dr.score(dr.rulesets.get("example/dan-van-2024"), dr.load_report("examples/tot.json"))
    >>> isinstance(object.__getattribute__(result, "_lines"), Deferred)  # not computed yet
    True
    >>> len(result.lines), isinstance(object.__getattribute__(result, "_lines"), tuple)
    (18, True)
    """

    __slots__ = ()

    def lines(self) -> tuple[CriterionLine, ...]:
        """The criterion lines."""
        raise NotImplementedError

    def adjustments(self) -> tuple[AdjustmentLine, ...]:
        """The adjustment lines."""
        raise NotImplementedError

    def gap(self) -> Gap | None:
        """The gap to the next band."""
        raise NotImplementedError

    def warnings(self) -> tuple[Notice, ...]:
        """The warnings."""
        raise NotImplementedError

    def audit(self) -> Audit:
        """The audit stamp."""
        raise NotImplementedError


def _computed(name: str) -> Callable[[object], object]:
    """The key that compares a lazy field by its value: a :class:`Deferred` computes it."""

    def key(value: object) -> object:
        return getattr(value, name)() if isinstance(value, Deferred) else value

    return key


@attrs.frozen(repr=False)
class ScoreResult:
    """A unit's score, band and explanation (see ``docs/scoring.md``).

    ``self_total`` is the total the self-assessment alone would give;
    ``total`` uses appraised points where there are any. Both are computed
    exactly and rounded once, as the rule set's ``rounding`` says, so they have
    exactly that many places; ``criteria_total`` shows the exact criteria total
    (to 12 places, half-even, when a weight makes it a quotient).

    ``lines``, ``adjustments``, ``gap`` and ``audit`` (and ``warnings``, when the builder
    defers them) are computed when first read (:class:`Deferred`); equality,
    hashing, ``repr``, pickling and the JSON form use their values, as if
    they had been computed with the rest.

    Its ``repr`` is one line: the unit id, the total, the final band's code
    (``None`` when ineligible), the status and the rule set's code, long texts
    cut to 40 characters with "…" (see ``docs/display.md``); :meth:`to_html`
    is the table a notebook shows.

    >>> import danvan_rules as dr
    >>> dr.score(dr.rulesets.get("example/dan-van-2024"), dr.load_report("examples/tot.json"))
    <ScoreResult unit='so-tu-phap' total=82.50 band='tot' status=rated ruleset='example/dan-van-2024'>
    """

    unit_id: str
    unit_name: str
    category: str
    year: int
    province: str
    _lines: tuple[CriterionLine, ...] | Deferred = attrs.field(eq=_computed("lines"), repr=False)
    criteria_total: Decimal
    _adjustments: tuple[AdjustmentLine, ...] | Deferred = attrs.field(
        eq=_computed("adjustments"), repr=False
    )
    self_total: Decimal
    total: Decimal
    band_by_score: Band
    band: Band | None
    status: Status
    applied_conditions: tuple[AppliedCondition, ...]
    _gap: Gap | Deferred | None = attrs.field(eq=_computed("gap"), repr=False)
    _warnings: tuple[Notice, ...] | Deferred = attrs.field(eq=_computed("warnings"), repr=False)
    _audit: Audit | Deferred = attrs.field(eq=_computed("audit"), repr=False)
    cohort: CohortNote | None = None
    #: the answers taken from the unit's "Dân vận khéo" records (``score(…, evidence=)``)
    derived: tuple[DerivedAnswer, ...] = ()

    def _kept(self, name: str) -> object:
        """The lazy field ``name``: computed the first time it is read, then kept."""
        value = getattr(self, f"_{name}")
        if isinstance(value, Deferred):
            value = getattr(value, name)()
            object.__setattr__(self, f"_{name}", value)
        return value

    @property
    def lines(self) -> tuple[CriterionLine, ...]:
        """Every criterion of the scorecard as scored, in annex order."""
        return cast("tuple[CriterionLine, ...]", self._kept("lines"))

    @property
    def adjustments(self) -> tuple[AdjustmentLine, ...]:
        """Every bonus and deduction of the rule set, in its order, as applied."""
        return cast("tuple[AdjustmentLine, ...]", self._kept("adjustments"))

    @property
    def gap(self) -> Gap | None:
        """What separates the result from the next band up (``None`` at the top band)."""
        return cast("Gap | None", self._kept("gap"))

    @property
    def warnings(self) -> tuple[Notice, ...]:
        """The warnings: assumed values, pending appraisal, illustrative rule sets, …."""
        return cast("tuple[Notice, ...]", self._kept("warnings"))

    @property
    def audit(self) -> Audit:
        """What produced the result: rule set, its hash, library version, report hash."""
        return cast("Audit", self._kept("audit"))

    @property
    def band_code(self) -> str | None:
        """The final band's code, or ``None`` when the unit is ineligible."""
        return None if self.band is None else self.band.code

    def line(self, code: str) -> CriterionLine:
        """The line of the criterion with this code (``KeyError`` if none)."""
        for line in self.lines:
            if line.code == code:
                return line
        raise KeyError(code)

    def __repr__(self) -> str:
        band = None if self.band is None else self.band.code
        return (
            f"<ScoreResult unit={_short(self.unit_id)} total={format(self.total, 'f')} "
            f"band={band!r} status={self.status.value} ruleset={_short(self.audit.ruleset_code)}>"
        )

    def to_html(self, lang: Lang = "vi") -> str:
        """The result as a compact HTML table, in Vietnamese (``"vi"``) or English (``"en"``).

        The unit, total, band, status and warnings, then the criterion lines, the
        adjustments and the gap; every text escaped. ``_repr_html_`` (Jupyter) shows
        the Vietnamese one.

        Raises:
            ConfigurationError: ``lang`` is neither ``"vi"`` nor ``"en"``.
        """
        from ._display import check_lang, result_html

        return result_html(self, check_lang(lang))

    def _repr_html_(self) -> str:
        return self.to_html()

    def __getstate__(self) -> dict[str, object]:
        # computed first: a pickle holds values, not the scorer's working state
        return {f.name: getattr(self, f.alias or f.name) for f in attrs.fields(ScoreResult)}

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)


@attrs.frozen
class QuotaLimit:
    """How a quota worked out for one category of a cohort."""

    category: str
    base_count: int
    limit: int
    kept: int
    demoted: int


@attrs.frozen
class CohortResult:
    """The results of one round after the quota, in input order, with ranks."""

    ruleset_code: str
    results: tuple[ScoreResult, ...]
    limits: tuple[QuotaLimit, ...]


@attrs.frozen
class Batch:
    """The outcome of :func:`~danvan_rules.score_many`: one entry per input, in order.

    Each entry is a :class:`ScoreResult` or a :class:`~danvan_rules.errors.ReportError`:
    the one that report raised, the read error it came as, or one made for an
    entry that is not a report (``batch.not_a_report``) or could not be scored
    (``report.unscorable``); nothing is dropped.
    """

    outcomes: tuple[ScoreResult | ReportError, ...]

    def __len__(self) -> int:
        return len(self.outcomes)

    def __iter__(self) -> Iterator[ScoreResult | ReportError]:
        return iter(self.outcomes)

    @property
    def results(self) -> tuple[ScoreResult, ...]:
        """The reports that scored, in input order."""
        return tuple(o for o in self.outcomes if isinstance(o, ScoreResult))

    @property
    def errors(self) -> tuple[tuple[int, ReportError], ...]:
        """``(input index, error)`` for every report that did not score."""
        return tuple((i, o) for i, o in enumerate(self.outcomes) if isinstance(o, ReportError))

    @property
    def ok(self) -> bool:
        """Whether every report scored."""
        return not self.errors

    def __repr__(self) -> str:
        count, errors = len(self.outcomes), len(self.errors)
        return (
            f"<Batch {_plural(count, 'outcome')}: {count - errors} scored, "
            f"{_plural(errors, 'error')}>"
        )

    def to_html(self, lang: Lang = "vi", rows: int = 20) -> str:
        """The batch as HTML: units per band, the first ``rows`` outcomes, the errors after them.

        Raises:
            ConfigurationError: ``lang`` is neither ``"vi"`` nor ``"en"``.
        """
        from ._display import batch_html, check_lang

        return batch_html(self, check_lang(lang), rows)

    def _repr_html_(self) -> str:
        return self.to_html()


def _short(text: str, limit: int = 40) -> str:
    """``repr`` of ``text``, cut to ``limit`` characters with "…": one line, however hostile.

    >>> _short("so-a"), _short("x" * 50, limit=5)
    ("'so-a'", "'xxxx…'")
    """
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _plural(count: int, noun: str, nouns: str = "") -> str:
    """``1 error``, ``2 errors``, ``1 category``, ``3 categories``."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
