"""The rule set: one version of one province's rules, validated as a whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Final, TypeVar

import attrs

from danvan_rules.errors import Lang, RuleSetError

from ._canonical import digest
from ._derived import Derivation
from ._lint import lint
from ._numbers import to_decimal
from .criteria import Criterion, Scorecard
from .result import _plural, _short
from .rules import (
    Adjustment,
    Band,
    Bonus,
    Category,
    ConditionRule,
    Fact,
    Quota,
    Rounding,
)
from .sources import Instrument, Provenance

_T = TypeVar("_T")

#: How many compiled things (plans, warnings) a rule set keeps at most.
MAX_COMPILED: Final = 1024

__all__ = ["RuleSet", "ScorecardIndex"]


@attrs.frozen
class ScorecardIndex:
    """Lookups over one scorecard, computed once when the rule set is built.

    The linter refuses trees deeper than :data:`~danvan_rules.limits.MAX_NESTING`
    before the index is built, so each criterion's ``ancestors`` hold at most
    that many codes and the index is linear in the number of criteria.
    """

    by_code: Mapping[str, Criterion]
    children: Mapping[str, tuple[str, ...]]
    roots: tuple[str, ...]
    leaves: tuple[Criterion, ...]
    #: every criterion, parents before children (annex order)
    ordered: tuple[Criterion, ...]
    #: 0 for top-level criteria, 1 for their children, …
    depth: Mapping[str, int]
    #: the ancestors of each criterion, nearest first
    ancestors: Mapping[str, tuple[str, ...]]


@attrs.frozen
class _Index:
    scorecards: Mapping[str, ScorecardIndex]
    categories: Mapping[str, Category]
    weights: Mapping[str, Mapping[str, Decimal]]
    bands: tuple[Band, ...]  # ascending by min
    band_rank: Mapping[str, int]
    facts: Mapping[str, Fact]
    fact_names: frozenset[str]
    bonuses: Mapping[str, Bonus]
    assumed: int
    digest: str


@attrs.frozen(repr=False)
class RuleSet:
    """One version of one province's rules (see ``docs/rulesets.md``).

    A RuleSet is checked as a whole when it is built: every problem the linter
    finds (band gaps, unknown names, weights that do not add up to the scale, …)
    is raised together in one :class:`~danvan_rules.errors.RuleSetError`, so a
    RuleSet that exists is one that can score. The check comes before anything
    else walks the rule set (its index, its hash), so a tree nested too deep or
    a lone surrogate is a typed problem, never a ``RecursionError`` or an
    encoding error.

    Attributes:
        code: a stable slug, ``<province>/<version>`` (``dong-nai/3225-2018``).
        province: the province's ASCII code (``dong-nai``).
        illustrative: true for rule sets that encode no real instrument.
        national: true for a national template rather than a provincial rule.
        replaces: the code of the version this one replaces, if any.
        assumed: rule-set-level values (dates, scale) that are assumed.
        modifications: what a notebook user changed (``reweight`` records it);
            results from a modified rule set say so.

    Its ``repr`` is one line (code, province, dates in force, counts, what sets
    it apart); :meth:`to_html` is the table a notebook shows:

    >>> import danvan_rules as dr
    >>> dr.rulesets.get("example/dan-van-2024")
    <RuleSet 'example/dan-van-2024' example 2024-01-01..: 2 categories, 18 criteria, 4 bands, 39 assumed values, illustrative>
    """

    code: str
    province: str
    title_vi: str
    instrument: Instrument
    effective_from: dt.date
    scale: Decimal = attrs.field(converter=to_decimal)
    scorecards: tuple[Scorecard, ...]
    categories: tuple[Category, ...]
    bands: tuple[Band, ...]
    title_en: str = ""
    effective_until: dt.date | None = None
    facts: tuple[Fact, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    conditions: tuple[ConditionRule, ...] = ()
    quota: Quota | None = None
    rounding: Rounding = Rounding()  # noqa: RUF009 - frozen, so one shared default is safe
    illustrative: bool = False
    modifications: tuple[str, ...] = ()
    notes: str = ""
    #: the code of the rule set this version replaces (the registry checks it exists)
    replaces: str | None = None
    #: a national template (NĐ 335/2025), not a provincial dân vận rule
    national: bool = False
    #: rule-set-level values that are assumed: ``effective_from``,
    #: ``effective_until``, ``scale``, ``rounding`` or ``instrument.<field>``
    assumed: tuple[str, ...] = ()
    #: answers taken from a unit's "Dân vận khéo" records when they are given
    #: (``score(…, evidence=…)``); see ``docs/dan-van-kheo.md``
    derived: tuple[Derivation, ...] = ()
    _index: _Index = attrs.field(init=False, repr=False, eq=False, hash=False)
    #: what the scorer compiles from this rule set, kept with it (see :meth:`compiled`)
    _compiled: dict[tuple[str, Hashable], object] = attrs.field(
        init=False, factory=dict, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        problems = lint(self)
        if problems:
            raise RuleSetError(problems, f"rule set {self.code!r}")
        object.__setattr__(self, "_index", _build_index(self))

    def compiled(self, kind: str, category: Hashable, build: Callable[[], _T]) -> _T:
        """What ``build`` makes of this rule set for ``category``, made once and then kept.

        ``category`` is a category code, or any hashable key of what ``build``
        depends on besides the rule set.

        The scorer's compiled plans (the columnar path's integer plan, say) are
        kept here, with the rule set they are made from: a rule set is immutable,
        so a plan made once stays right, and a changed rule set (``reweight``,
        ``attrs.evolve``) is a new object that starts with none. Two threads may
        both build one the first time; either result is the same. At most
        :data:`MAX_COMPILED` things are kept per rule set: past that, ``build``
        runs on every call (a batch of reports from ever new provinces cannot
        grow the rule set without bound).

        >>> import danvan_rules as dr
        >>> rs = dr.rulesets.get("example/dan-van-2024")
        >>> made = []
        >>> first = rs.compiled("example", "so-nganh", lambda: made.append(1) or "plan")
        >>> again = rs.compiled("example", "so-nganh", lambda: made.append(1) or "other")
        >>> first, again, made
        ('plan', 'plan', [1])
        """
        key = (kind, category)
        if key in self._compiled:
            return self._compiled[key]  # type: ignore[return-value]
        made = build()
        if len(self._compiled) < MAX_COMPILED:
            self._compiled[key] = made
        return made

    # -- lookups (all O(1); used by the scorer and by notebooks)

    @property
    def sha256(self) -> str:
        """SHA-256 of the canonical form of the rule set (the audit stamp's hash)."""
        return self._index.digest

    @property
    def assumed_values(self) -> int:
        """How many elements (criteria, bands, weights, rules) carry assumed values."""
        return self._index.assumed

    def category(self, code: str) -> Category:
        """The category with this code (``KeyError`` if the rule set has none)."""
        return self._index.categories[code]

    def scorecard(self, code: str) -> ScorecardIndex:
        """The indexed scorecard with this code (``KeyError`` if none)."""
        return self._index.scorecards[code]

    def scorecard_for(self, category: str) -> ScorecardIndex:
        """The indexed scorecard a category is scored on."""
        return self._index.scorecards[self._index.categories[category].scorecard]

    def weights(self, category: str) -> Mapping[str, Decimal]:
        """Effective weight per top-level criterion of a category (its max unless reweighted)."""
        return self._index.weights[category]

    def band(self, code: str) -> Band:
        """The band with this code."""
        return self._index.bands[self._index.band_rank[code]]

    @property
    def bands_ascending(self) -> tuple[Band, ...]:
        """The bands from the lowest to the highest."""
        return self._index.bands

    def band_rank(self, code: str) -> int:
        """0 for the lowest band, 1 for the next, and so on."""
        return self._index.band_rank[code]

    def fact(self, name: str) -> Fact:
        """The declared fact with this name."""
        return self._index.facts[name]

    @property
    def fact_names(self) -> frozenset[str]:
        """The names of every declared fact."""
        return self._index.fact_names

    @property
    def bonuses(self) -> Mapping[str, Bonus]:
        """The bonus adjustments, by code."""
        return self._index.bonuses

    def __repr__(self) -> str:
        criteria = sum(len(card.criteria) for card in self.scorecards)
        flags = "".join(f", {flag}" for flag in _flags(self))
        return (
            f"<RuleSet {_short(self.code)} {_short(self.province, 24)[1:-1]} {_in_force(self)}: "
            f"{_plural(len(self.categories), 'category', 'categories')}, "
            f"{_plural(criteria, 'criterion', 'criteria')}, {_plural(len(self.bands), 'band')}, "
            f"{_plural(self.assumed_values, 'assumed value')}{flags}>"
        )

    def to_html(self, lang: Lang = "vi") -> str:
        """The rule set as HTML: code, title, instrument, dates, categories, bands, assumed values.

        Raises:
            ConfigurationError: ``lang`` is neither ``"vi"`` nor ``"en"``.
        """
        from ._display import check_lang, ruleset_html

        return ruleset_html(self, check_lang(lang))

    def _repr_html_(self) -> str:
        return self.to_html()

    def in_force_on(self, day: dt.date) -> bool:
        """Whether ``day`` lies in ``effective_from .. effective_until`` (inclusive)."""
        return self.effective_from <= day and (
            self.effective_until is None or day <= self.effective_until
        )


def _in_force(ruleset: RuleSet) -> str:
    """``2024-01-01..`` (no end) or ``2018-01-01..2022-12-31``."""
    until = "" if ruleset.effective_until is None else ruleset.effective_until.isoformat()
    return f"{ruleset.effective_from.isoformat()}..{until}"


def _flags(ruleset: RuleSet) -> tuple[str, ...]:
    """What sets a rule set apart: ``illustrative``, ``national``, ``modified``."""
    marks = (
        ("illustrative", ruleset.illustrative),
        ("national", ruleset.national),
        ("modified", bool(ruleset.modifications)),
    )
    return tuple(name for name, on in marks if on)


def _index_scorecard(card: Scorecard) -> ScorecardIndex:
    by_code = {criterion.code: criterion for criterion in card.criteria}
    children: dict[str, list[str]] = {criterion.code: [] for criterion in card.criteria}
    roots = []
    ancestors: dict[str, tuple[str, ...]] = {}
    for criterion in card.criteria:  # parents come first: the linter checks it
        if criterion.parent is None:
            roots.append(criterion.code)
            ancestors[criterion.code] = ()
        else:
            children[criterion.parent].append(criterion.code)
            ancestors[criterion.code] = (criterion.parent, *ancestors[criterion.parent])
    return ScorecardIndex(
        by_code=MappingProxyType(by_code),
        children=MappingProxyType({code: tuple(kids) for code, kids in children.items()}),
        roots=tuple(roots),
        leaves=tuple(criterion for criterion in card.criteria if criterion.is_leaf),
        ordered=card.criteria,
        depth=MappingProxyType({code: len(up) for code, up in ancestors.items()}),
        ancestors=MappingProxyType(ancestors),
    )


def _category_weights(category: Category, card: ScorecardIndex) -> Mapping[str, Decimal]:
    explicit = {weight.criterion: weight.weight for weight in category.weights}
    return MappingProxyType(
        {root: explicit.get(root, card.by_code[root].max) for root in card.roots}
    )


def _count_assumed(ruleset: RuleSet) -> int:
    """Assumed elements, plus assumed fields of sourced elements, plus rule-set-level ones."""
    elements: list[object] = [
        *(c for card in ruleset.scorecards for c in card.criteria),
        *ruleset.bands,
        *ruleset.adjustments,
        *ruleset.conditions,
        *ruleset.derived,
        *(w for category in ruleset.categories for w in category.weights),
    ]
    if ruleset.quota is not None:
        elements.append(ruleset.quota)
    whole = sum(getattr(e, "provenance", None) is Provenance.ASSUMED for e in elements)
    parts = sum(len(getattr(e, "assumed", ())) for e in elements)
    return whole + parts + len(ruleset.assumed)


def _build_index(ruleset: RuleSet) -> _Index:
    cards = {card.code: _index_scorecard(card) for card in ruleset.scorecards}
    bands = tuple(sorted(ruleset.bands, key=lambda band: band.min))
    return _Index(
        scorecards=MappingProxyType(cards),
        categories=MappingProxyType({c.code: c for c in ruleset.categories}),
        weights=MappingProxyType(
            {c.code: _category_weights(c, cards[c.scorecard]) for c in ruleset.categories}
        ),
        bands=bands,
        band_rank=MappingProxyType({band.code: rank for rank, band in enumerate(bands)}),
        facts=MappingProxyType({fact.name: fact for fact in ruleset.facts}),
        fact_names=frozenset(fact.name for fact in ruleset.facts),
        bonuses=MappingProxyType({a.code: a for a in ruleset.adjustments if isinstance(a, Bonus)}),
        assumed=_count_assumed(ruleset),
        digest=digest(ruleset),
    )
