"""The rule-set linter: every inconsistency at once, each with its path.

Paths address the rule set as written in its data file
(``$.scorecards[0].criteria[3].max``), so a contributor can go straight to the
line. The linter never stops at the first problem and never raises.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Final

import attrs

from danvan_rules.errors import Problem

from .criteria import (
    Checklist,
    Criterion,
    Deductions,
    Level,
    Levels,
    Points,
    RateTable,
    Scorecard,
)
from .rules import (
    AllOf,
    AnyOf,
    Band,
    Bonus,
    CapBand,
    Condition,
    CountAtLeast,
    CriterionBelow,
    Deduction,
    Flag,
    ForceBand,
    Ineligible,
    Not,
    Weight,
)
from .sources import Provenance

if TYPE_CHECKING:
    from .ruleset import RuleSet

__all__ = ["lint"]

_SLUG: Final = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_CODE: Final = re.compile(rf"{_SLUG}/[a-z0-9]+(?:[.-][a-z0-9]+)*")
_PROVINCE: Final = re.compile(_SLUG)
_ZERO: Final = Decimal(0)


def lint(ruleset: RuleSet) -> tuple[Problem, ...]:
    """Every problem found in ``ruleset``, in the order of the data file."""
    return tuple(_Linter(ruleset).run())


class _Linter:
    def __init__(self, ruleset: RuleSet) -> None:
        self.rs = ruleset
        self.band_codes = {band.code for band in ruleset.bands}
        self.facts = {fact.name: fact.kind for fact in ruleset.facts}
        used = {category.scorecard for category in ruleset.categories}
        self.used_cards = [card for card in ruleset.scorecards if card.code in used]

    def run(self) -> Iterator[Problem]:
        yield from self.header()
        yield from self.assumptions()
        yield from self.scorecards()
        yield from self.categories()
        yield from self.bands()
        yield from self.facts_declared()
        yield from self.adjustments()
        yield from self.conditions()
        yield from self.quota()

    # ------------------------------------------------------------------ header

    def header(self) -> Iterator[Problem]:
        rs = self.rs
        if not _CODE.fullmatch(rs.code):
            yield Problem(
                f"code {rs.code!r} is not '<province>/<version>' in lower-case ASCII "
                "(e.g. 'dong-nai/3225-2018')",
                "$.code",
            )
        if not _PROVINCE.fullmatch(rs.province):
            yield Problem(
                f"province {rs.province!r} is not a lower-case ASCII code (e.g. 'dong-nai')",
                "$.province",
            )
        elif _CODE.fullmatch(rs.code) and not rs.code.startswith(rs.province + "/"):
            yield Problem(
                f"code {rs.code!r} does not start with the province {rs.province!r}",
                "$.code",
            )
        yield from _label(rs.title_vi, "$.title_vi")
        if rs.effective_until is not None and rs.effective_until < rs.effective_from:
            yield Problem(
                f"effective dates out of order: effective_until {rs.effective_until} "
                f"is before effective_from {rs.effective_from}",
                "$.effective_until",
            )
        signed, effective = rs.instrument.signed, rs.instrument.effective
        if signed is not None and effective is not None and effective < signed:
            yield Problem(
                f"effective dates out of order: the instrument takes effect on {effective}, "
                f"before it was signed on {signed}",
                "$.instrument.effective",
            )
        if effective is not None and rs.effective_from < effective:
            yield Problem(
                f"effective dates out of order: effective_from {rs.effective_from} is before "
                f"the instrument's effective date {effective}",
                "$.effective_from",
            )
        if rs.replaces is not None and (
            rs.replaces == rs.code or not rs.replaces.startswith(rs.province + "/")
        ):
            yield Problem(
                f"replaces {rs.replaces!r}: a version replaces another version of the same "
                f"province ({rs.province!r}), not itself",
                "$.replaces",
            )
        if rs.scale <= 0:
            yield Problem(f"scale must be positive, not {rs.scale}", "$.scale")
        if not 0 <= rs.rounding.places <= 6:
            yield Problem(
                f"rounding places must be 0..6, not {rs.rounding.places}", "$.rounding.places"
            )

    def assumptions(self) -> Iterator[Problem]:
        """``assumed`` lists name real fields, and only on sourced elements."""
        rs = self.rs
        instrument = {f"instrument.{f.name}" for f in attrs.fields(type(rs.instrument))}
        allowed = {"effective_from", "effective_until", "scale", "rounding", *instrument}
        for k, name in enumerate(rs.assumed):
            if name not in allowed:
                yield Problem(
                    f"{name!r} is not a rule-set value that can be assumed "
                    f"({', '.join(sorted(allowed))})",
                    f"$.assumed[{k}]",
                )
        for element, path in self.elements():
            yield from _assumed_fields(element, path)

    def elements(self) -> Iterator[tuple[attrs.AttrsInstance, str]]:
        rs = self.rs
        for i, card in enumerate(rs.scorecards):
            for j, criterion in enumerate(card.criteria):
                yield criterion, f"$.scorecards[{i}].criteria[{j}]"
        for i, category in enumerate(rs.categories):
            for k, weight in enumerate(category.weights):
                yield weight, f"$.categories[{i}].weights[{k}]"
        yield from ((band, f"$.bands[{i}]") for i, band in enumerate(rs.bands))
        yield from ((adj, f"$.adjustments[{i}]") for i, adj in enumerate(rs.adjustments))
        yield from ((rule, f"$.conditions[{i}]") for i, rule in enumerate(rs.conditions))
        if rs.quota is not None:
            yield rs.quota, "$.quota"

    # ------------------------------------------------------------------ criteria

    def scorecards(self) -> Iterator[Problem]:
        yield from _duplicates((card.code for card in self.rs.scorecards), "$.scorecards", "code")
        for i, card in enumerate(self.rs.scorecards):
            yield from self.scorecard(card, f"$.scorecards[{i}]")

    def scorecard(self, card: Scorecard, path: str) -> Iterator[Problem]:
        yield from _label(card.title_vi, f"{path}.title_vi")
        if not card.criteria:
            yield Problem(f"scorecard {card.code!r} has no criteria", f"{path}.criteria")
        yield from _duplicates((c.code for c in card.criteria), f"{path}.criteria", "code")
        seen: dict[str, Criterion] = {}
        children: dict[str, list[Criterion]] = {c.code: [] for c in card.criteria}
        for j, criterion in enumerate(card.criteria):
            here = f"{path}.criteria[{j}]"
            yield from self.criterion(criterion, here, seen)
            if criterion.parent in children:
                children[criterion.parent].append(criterion)
            seen.setdefault(criterion.code, criterion)
        for j, criterion in enumerate(card.criteria):
            if criterion.measure is not None:
                continue
            kids = children[criterion.code]
            here = f"{path}.criteria[{j}]"
            if not kids:
                yield Problem(
                    f"group {criterion.code!r} has no measure and no children "
                    "(a leaf needs a measure; a group needs children)",
                    here,
                )
                continue
            total = sum((kid.max for kid in kids), _ZERO)
            if total < criterion.max:
                yield Problem(
                    f"group {criterion.code!r} has max {criterion.max} but its children add up "
                    f"to only {total}: the group max can never be reached",
                    f"{here}.max",
                )

    def criterion(self, c: Criterion, path: str, seen: dict[str, Criterion]) -> Iterator[Problem]:
        if not c.code.strip():
            yield Problem("criterion code must not be empty", f"{path}.code")
        yield from _label(c.title_vi, f"{path}.title_vi")
        if c.reference is None:
            yield Problem(f"criterion {c.code!r} has no reference", f"{path}.reference")
        if c.max <= 0:
            yield Problem(f"max must be positive, not {c.max}", f"{path}.max")
        if c.parent is not None:
            parent = seen.get(c.parent)
            if parent is None:
                yield Problem(
                    f"parent {c.parent!r} is not a criterion listed before {c.code!r}",
                    f"{path}.parent",
                )
            elif parent.measure is not None:
                yield Problem(
                    f"parent {c.parent!r} is a leaf (it has a measure), not a group",
                    f"{path}.parent",
                )
        if c.appraiser_only and c.measure is None:
            yield Problem(
                "appraiser_only applies to leaves; mark the group's leaves instead",
                f"{path}.appraiser_only",
            )
        yield from _measure(c, f"{path}.measure")

    # ------------------------------------------------------------------ categories

    def categories(self) -> Iterator[Problem]:
        rs = self.rs
        if not rs.categories:
            yield Problem("the rule set has no categories", "$.categories")
        yield from _duplicates((c.code for c in rs.categories), "$.categories", "code")
        cards = {card.code: card for card in rs.scorecards}
        for i, category in enumerate(rs.categories):
            path = f"$.categories[{i}]"
            yield from _label(category.label_vi, f"{path}.label_vi")
            card = cards.get(category.scorecard)
            if card is None or not card.criteria:
                yield Problem(
                    f"category {category.code!r} has no criteria: scorecard "
                    f"{category.scorecard!r} is {'empty' if card else 'not defined'}",
                    f"{path}.scorecard",
                )
                continue
            yield from _weights(category.code, category.weights, card, rs.scale, path)
            if category.until is not None and category.until < rs.effective_from:
                yield Problem(
                    f"category {category.code!r} ended on {category.until}, before the rule set "
                    f"took effect on {rs.effective_from}",
                    f"{path}.until",
                )

    # ------------------------------------------------------------------ bands

    def bands(self) -> Iterator[Problem]:
        rs = self.rs
        if not rs.bands:
            yield Problem("the rule set has no bands", "$.bands")
            return
        yield from _duplicates((b.code for b in rs.bands), "$.bands", "code")
        position = {id(band): i for i, band in enumerate(rs.bands)}
        for i, band in enumerate(rs.bands):
            yield from _label(band.label_vi, f"$.bands[{i}].label_vi")
            yield from _reference(band.reference, f"band {band.code!r}", f"$.bands[{i}]")
            if band.below is not None and band.below <= band.min:
                yield Problem(
                    f"band {band.code!r} is empty: below {band.below} is not above min {band.min}",
                    f"$.bands[{i}].below",
                )
        ordered = sorted(rs.bands, key=lambda b: b.min)
        lowest = ordered[0]
        if lowest.min != 0:
            yield Problem(
                f"gap: no band covers 0 to {lowest.min} (the lowest band must start at 0)",
                f"$.bands[{position[id(lowest)]}].min",
            )
        for low, high in pairwise(ordered):
            yield from _band_pair(low, high, f"$.bands[{position[id(low)]}].below")
        top = ordered[-1]
        if top.below is not None:
            yield Problem(
                f"gap: no band covers totals from {top.below} up "
                "(the highest band must have no 'below')",
                f"$.bands[{position[id(top)]}].below",
            )
        if top.min > rs.scale:
            yield Problem(
                f"band {top.code!r} starts at {top.min}, above the scale of {rs.scale}",
                f"$.bands[{position[id(top)]}].min",
            )

    # ------------------------------------------------------------------ facts, rules

    def facts_declared(self) -> Iterator[Problem]:
        yield from _duplicates((f.name for f in self.rs.facts), "$.facts", "name")
        for i, fact in enumerate(self.rs.facts):
            yield from _label(fact.label_vi, f"$.facts[{i}].label_vi")

    def adjustments(self) -> Iterator[Problem]:
        yield from _duplicates((a.code for a in self.rs.adjustments), "$.adjustments", "code")
        for i, adj in enumerate(self.rs.adjustments):
            path = f"$.adjustments[{i}]"
            yield from _label(adj.label_vi, f"{path}.label_vi")
            yield from _reference(adj.reference, f"adjustment {adj.code!r}", path)
            if isinstance(adj, Bonus):
                yield from _positive(adj.cap, f"{path}.cap")
                if adj.points is not None:
                    yield from _positive(adj.points, f"{path}.points")
                continue
            yield from self.fact_ref(adj.fact, "count", f"{path}.fact")
            if isinstance(adj, Deduction):
                yield from _positive(adj.points, f"{path}.points")
                if adj.cap is not None:
                    yield from _positive(adj.cap, f"{path}.cap")
            else:
                yield from self.criterion_ref(adj.criterion, f"{path}.criterion", top_level=True)
                if not 0 < adj.percent <= 100:
                    yield Problem(
                        f"percent must be in (0, 100], not {adj.percent}", f"{path}.percent"
                    )

    def conditions(self) -> Iterator[Problem]:
        yield from _duplicates((c.code for c in self.rs.conditions), "$.conditions", "code")
        for i, rule in enumerate(self.rs.conditions):
            path = f"$.conditions[{i}]"
            yield from _label(rule.label_vi, f"{path}.label_vi")
            yield from _reference(rule.reference, f"condition {rule.code!r}", path)
            yield from self.condition(rule.when, f"{path}.when")
            if isinstance(rule.effect, CapBand | ForceBand):
                yield from self.band_ref(rule.effect.band, f"{path}.effect.band")
            else:
                assert isinstance(rule.effect, Ineligible)  # noqa: S101 - exhaustive union

    def condition(self, cond: Condition, path: str) -> Iterator[Problem]:
        match cond:
            case Flag(fact=fact):
                yield from self.fact_ref(fact, "flag", f"{path}.fact")
            case CountAtLeast(fact=fact, n=n):
                yield from self.fact_ref(fact, "count", f"{path}.fact")
                if n < 1:
                    yield Problem(f"n must be at least 1, not {n}", f"{path}.n")
            case CriterionBelow(criterion=code, share=share):
                yield from self.criterion_ref(code, f"{path}.criterion")
                if not 0 < share <= 1:
                    yield Problem(f"share must be in (0, 1], not {share}", f"{path}.share")
            case AllOf(conditions=inner) | AnyOf(conditions=inner):
                if not inner:
                    yield Problem(f"{cond.KIND} needs at least one condition", f"{path}.conditions")
                for k, item in enumerate(inner):
                    yield from self.condition(item, f"{path}.conditions[{k}]")
            case Not(condition=inner):
                yield from self.condition(inner, f"{path}.condition")

    def quota(self) -> Iterator[Problem]:
        quota = self.rs.quota
        if quota is None:
            return
        yield from _reference(quota.reference, "the quota", "$.quota")
        for name in ("band", "base_band", "demote_to"):
            yield from self.band_ref(getattr(quota, name), f"$.quota.{name}")
        if not 0 < quota.share <= 1:
            yield Problem(f"share must be in (0, 1], not {quota.share}", "$.quota.share")
        mins = {band.code: band.min for band in self.rs.bands}
        if (
            quota.band in mins
            and quota.demote_to in mins
            and mins[quota.demote_to] >= mins[quota.band]
        ):
            yield Problem(
                f"demote_to {quota.demote_to!r} is not below the quota band {quota.band!r}",
                "$.quota.demote_to",
            )

    # ------------------------------------------------------------------ name checks

    def band_ref(self, code: str, path: str) -> Iterator[Problem]:
        if code not in self.band_codes:
            yield Problem(f"unknown band {code!r} (bands: {_names(self.band_codes)})", path)

    def fact_ref(self, name: str, kind: str, path: str) -> Iterator[Problem]:
        declared = self.facts.get(name)
        if declared is None:
            yield Problem(f"unknown fact {name!r} (facts: {_names(self.facts)})", path)
        elif declared != kind:
            yield Problem(f"fact {name!r} is a {declared}, but a {kind} is needed here", path)

    def criterion_ref(self, code: str, path: str, *, top_level: bool = False) -> Iterator[Problem]:
        missing = [c.code for c in self.used_cards if code not in {x.code for x in c.criteria}]
        if missing or not self.used_cards:
            where = ", ".join(repr(m) for m in missing) or "any scorecard in use"
            yield Problem(f"unknown criterion {code!r} (not in {where})", path)
        elif top_level and any(
            x.parent is not None
            for card in self.used_cards
            for x in card.criteria
            if x.code == code
        ):
            # A percentage of a capped sub-criterion could grow while the total does
            # not, so that raising points would lower the total: not monotone.
            yield Problem(
                f"criterion {code!r} is not top-level: a percent deduction applies to a "
                "top-level criterion's points",
                path,
            )


# ---------------------------------------------------------------------- helpers


def _names(names: Iterable[str]) -> str:
    return ", ".join(sorted(names)) or "none declared"


def _assumed_fields(element: attrs.AttrsInstance, path: str) -> Iterator[Problem]:
    names: tuple[str, ...] = getattr(element, "assumed", ())
    if not names:
        return
    if getattr(element, "provenance", None) is Provenance.ASSUMED:
        yield Problem(
            "the whole element is assumed: its 'assumed' list says nothing more", f"{path}.assumed"
        )
        return
    fields = {f.name for f in attrs.fields(type(element))} - {"provenance", "assumed", "code"}
    for k, name in enumerate(names):
        if name not in fields:
            yield Problem(
                f"{name!r} is not a field of this element ({', '.join(sorted(fields))})",
                f"{path}.assumed[{k}]",
            )


def _label(text: str, path: str) -> Iterator[Problem]:
    if not text.strip():
        yield Problem("missing vi label", path)


def _reference(reference: object, what: str, path: str) -> Iterator[Problem]:
    if reference is None:
        yield Problem(f"{what} has no reference", f"{path}.reference")


def _positive(number: Decimal, path: str) -> Iterator[Problem]:
    if number <= 0:
        yield Problem(f"must be positive, not {number}", path)


def _duplicates(codes: Iterable[str], path: str, key: str) -> Iterator[Problem]:
    for code, count in Counter(codes).items():
        if count > 1:
            yield Problem(f"duplicate {key} {code!r} ({count} times)", path)


def _band_pair(low: Band, high: Band, path: str) -> Iterator[Problem]:
    if low.below is None:
        yield Problem(
            f"overlap: band {low.code!r} has no upper bound but band {high.code!r} "
            f"starts at {high.min}",
            path,
        )
    elif low.below < high.min:
        yield Problem(
            f"gap: no band covers {low.below} to {high.min} "
            f"(band {low.code!r} ends below {low.below}, {high.code!r} starts at {high.min})",
            path,
        )
    elif low.below > high.min:
        yield Problem(
            f"overlap: band {low.code!r} runs below {low.below} but band {high.code!r} "
            f"starts at {high.min}",
            path,
        )


def _weights(
    category: str,
    weights: Iterable[Weight],
    card: Scorecard,
    scale: Decimal,
    path: str,
) -> Iterator[Problem]:
    roots = {c.code: c.max for c in card.criteria if c.parent is None}
    explicit: dict[str, Decimal] = {}
    for k, weight in enumerate(weights):
        code, value = weight.criterion, weight.weight
        if code not in roots:
            yield Problem(
                f"weight for {code!r}, which is not a top-level criterion of scorecard "
                f"{card.code!r}",
                f"{path}.weights[{k}].criterion",
            )
        elif code in explicit:
            yield Problem(f"duplicate weight for {code!r}", f"{path}.weights[{k}].criterion")
        if value < 0:
            yield Problem(
                f"weight must not be negative, not {value}", f"{path}.weights[{k}].weight"
            )
        explicit.setdefault(code, value)
    total = sum((explicit.get(code, top) for code, top in roots.items()), _ZERO)
    if roots and total != scale:
        yield Problem(
            f"weights vs scale: the top-level criteria of category {category!r} carry "
            f"{total} points in all, but the scale is {scale}",
            f"{path}.weights" if explicit else f"{path}.scorecard",
        )


def _measure(c: Criterion, path: str) -> Iterator[Problem]:
    match c.measure:
        case Points(step=step) if step is not None:
            if step <= 0:
                yield Problem(f"step must be positive, not {step}", f"{path}.step")
            elif c.max % step:
                yield Problem(f"max {c.max} is not a multiple of the step {step}", f"{path}.step")
        case Levels(levels=levels):
            yield from _levels(c, levels, path)
        case RateTable():
            yield from _rates(c, c.measure, path)
        case Deductions(per_occurrence=per):
            yield from _positive(per, f"{path}.per_occurrence")
        case Points() | Checklist() | None:
            pass


def _levels(c: Criterion, levels: tuple[Level, ...], path: str) -> Iterator[Problem]:
    if not levels:
        yield Problem("levels needs at least one level", f"{path}.levels")
        return
    yield from _duplicates((level.name for level in levels), f"{path}.levels", "level")
    for k, level in enumerate(levels):
        if not 0 <= level.points <= c.max:
            yield Problem(f"points {level.points} outside 0..{c.max}", f"{path}.levels[{k}].points")
    if all(level.points != c.max for level in levels):
        yield Problem(f"no level is worth the max of {c.max}: the max can never be reached", path)


def _rates(c: Criterion, table: RateTable, path: str) -> Iterator[Problem]:
    rates = table.rates
    if not rates:
        yield Problem("a rate table needs at least one row", f"{path}.rates")
        return
    if rates[0].at_least != 0:
        yield Problem(
            f"the first row starts at {rates[0].at_least}; it must start at 0 so every value "
            "has a row",
            f"{path}.rates[0].at_least",
        )
    for k, rate in enumerate(rates):
        if k and rate.at_least <= rates[k - 1].at_least:
            yield Problem("rows must be in strictly ascending order", f"{path}.rates[{k}].at_least")
        if table.unit == "percent" and rate.at_least > 100:
            yield Problem(f"{rate.at_least} is above 100 percent", f"{path}.rates[{k}].at_least")
        if table.unit == "count" and rate.at_least != rate.at_least.to_integral_value():
            yield Problem(f"count {rate.at_least} is not whole", f"{path}.rates[{k}].at_least")
        if not 0 <= rate.points <= c.max:
            yield Problem(f"points {rate.points} outside 0..{c.max}", f"{path}.rates[{k}].points")
    if all(rate.points != c.max for rate in rates):
        yield Problem(f"no row is worth the max of {c.max}: the max can never be reached", path)
