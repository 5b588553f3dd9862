"""The rule-set linter: every inconsistency at once, each with its path.

Paths address the rule set as written in its data file
(``$.scorecards[0].criteria[3].max``), so a contributor can go straight to the
line. The linter never stops at the first problem and never raises; every
problem has a stable ``lint.*`` (or ``text.*``/``data.*``) code and a
Vietnamese message.

It runs in near-linear time and memory whatever the rule set: names are looked
up in sets built once, trees (criteria, conditions) are walked with an explicit
stack rather than recursion, and trees deeper than
:data:`~danvan_rules.limits.MAX_NESTING` are refused, not walked. Its Decimal
arithmetic runs under the model's own exact context, never the caller's.

>>> from danvan_rules import rulesets
>>> lint(rulesets.get("example/dan-van-2024"))
()
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, localcontext
from itertools import pairwise
from typing import TYPE_CHECKING, Final

import attrs

from danvan_rules import provinces
from danvan_rules.errors import Collector, Problem, field_path, index_path
from danvan_rules.limits import MAX_NESTING

from ._exact import EXACT
from ._lint_common import duplicates, positive, problem
from ._lint_derived import derivation_problems
from ._lint_measures import measure_problems
from ._lint_texts import texts
from .criteria import (
    Criterion,
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

__all__ = ["lint", "province_problems"]

_SLUG: Final = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_CODE: Final = re.compile(rf"{_SLUG}/[a-z0-9]+(?:[.-][a-z0-9]+)*")
_PROVINCE: Final = re.compile(_SLUG)
_ZERO: Final = Decimal(0)
#: The province code of national templates (``national = true``).
NATIONAL: Final = "national"
#: How many names an "unknown name" message lists before it counts the rest.
_LISTED: Final = 20
_KIND_VI: Final = {"flag": "cờ (có/không)", "count": "số đếm"}


def lint(ruleset: RuleSet) -> tuple[Problem, ...]:
    """Every problem found in ``ruleset``, in the order of the data file.

    At most :data:`~danvan_rules.limits.MAX_PROBLEMS` are listed, then one that
    counts the rest. The result does not depend on the caller's decimal context.
    """
    found = Collector()
    with localcontext(EXACT):
        found.extend(_Linter(ruleset).run())
    return found.problems


def province_problems(ruleset: RuleSet) -> tuple[Problem, ...]:
    """Whether the rule set's ``province`` is a province (``national`` for national templates).

    An illustrative rule set may use any code; :func:`lint` reports these
    problems with the others.

    >>> from danvan_rules import rulesets
    >>> province_problems(rulesets.get("dong-nai/3225-2018"))
    ()
    """
    return tuple(_Linter(ruleset).province())


class _Linter:
    def __init__(self, ruleset: RuleSet) -> None:
        self.rs = ruleset
        self.band_codes = {band.code for band in ruleset.bands}
        self.facts = {fact.name: fact.kind for fact in ruleset.facts}
        used = {category.scorecard for category in ruleset.categories}
        self.used_cards = [card for card in ruleset.scorecards if card.code in used]
        self.card_codes = [
            (card.code, frozenset(c.code for c in card.criteria)) for card in self.used_cards
        ]
        self.nested = frozenset(
            c.code for card in self.used_cards for c in card.criteria if c.parent is not None
        )
        self._listed: dict[str, tuple[str, str]] = {}

    def run(self) -> Iterator[Problem]:
        yield from texts(self.rs)
        yield from self.header()
        yield from self.assumptions()
        yield from self.scorecards()
        yield from self.categories()
        yield from self.bands()
        yield from self.facts_declared()
        yield from self.adjustments()
        yield from self.conditions()
        yield from self.quota()
        yield from derivation_problems(self.rs)

    # ------------------------------------------------------------------ header

    def header(self) -> Iterator[Problem]:
        rs = self.rs
        if not _CODE.fullmatch(rs.code):
            yield problem(
                f"code {rs.code!r} is not '<province>/<version>' in lower-case ASCII "
                "(e.g. 'dong-nai/3225-2018')",
                "$.code",
                code="lint.code_format",
                vi=f"mã bộ quy tắc {rs.code!r} không có dạng '<tỉnh>/<phiên bản>' bằng chữ ASCII "
                "thường (ví dụ 'dong-nai/3225-2018')",
            )
        if not _PROVINCE.fullmatch(rs.province):
            yield problem(
                f"province {rs.province!r} is not a lower-case ASCII code (e.g. 'dong-nai')",
                "$.province",
                code="lint.province_format",
                vi=f"mã tỉnh {rs.province!r} không phải là mã ASCII chữ thường (ví dụ 'dong-nai')",
            )
        else:
            yield from self.province()
        if (
            _PROVINCE.fullmatch(rs.province)
            and _CODE.fullmatch(rs.code)
            and not rs.code.startswith(rs.province + "/")
        ):
            yield problem(
                f"code {rs.code!r} does not start with the province {rs.province!r}",
                "$.code",
                code="lint.code_province_mismatch",
                vi=f"mã {rs.code!r} không bắt đầu bằng mã tỉnh {rs.province!r}",
            )
        yield from _label(rs.title_vi, "$.title_vi")
        yield from self.dates()
        if rs.replaces is not None and (
            rs.replaces == rs.code or not rs.replaces.startswith(rs.province + "/")
        ):
            yield problem(
                f"replaces {rs.replaces!r}: a version replaces another version of the same "
                f"province ({rs.province!r}), not itself",
                "$.replaces",
                code="lint.replaces_invalid",
                vi=f"replaces {rs.replaces!r}: một phiên bản chỉ thay thế một phiên bản khác của "
                f"cùng tỉnh ({rs.province!r}), không thay thế chính nó",
            )
        if rs.scale <= 0:
            yield problem(
                f"scale must be positive, not {rs.scale}",
                "$.scale",
                code="lint.scale_not_positive",
                vi=f"thang điểm phải là số dương, không phải {rs.scale}",
            )
        if not 0 <= rs.rounding.places <= 6:
            yield problem(
                f"rounding places must be 0..6, not {rs.rounding.places}",
                "$.rounding.places",
                code="lint.rounding_places",
                vi=f"số chữ số thập phân khi làm tròn phải từ 0 đến 6, không phải "
                f"{rs.rounding.places}",
            )

    def province(self) -> Iterator[Problem]:
        """A real province's code; ``national`` for national templates; any slug if illustrative."""
        rs = self.rs
        if rs.national != (rs.province == NATIONAL):
            yield problem(
                f"province {rs.province!r}: a national template (national = true) has the "
                f"province {NATIONAL!r}, and only a national template has it",
                "$.province",
                code="lint.national_province",
                vi=f"mã tỉnh {rs.province!r}: khung quốc gia (national = true) có mã tỉnh "
                f"{NATIONAL!r}, và chỉ khung quốc gia mới có mã này",
            )
        elif not rs.national and not rs.illustrative:
            known = {p.code for p in provinces.FORMER}
            if rs.province not in known:
                close = difflib.get_close_matches(rs.province, known, n=3)
                hint = ", ".join(map(repr, close))
                yield problem(
                    f"unknown province code {rs.province!r}"
                    + (f"; did you mean: {hint}?" if close else "")
                    + " (an illustrative rule set, illustrative = true, may use any code)",
                    "$.province",
                    code="lint.unknown_province",
                    vi=f"mã tỉnh {rs.province!r} không phải là mã của tỉnh, thành phố nào"
                    + (f"; có phải là: {hint}?" if close else "")
                    + " (bộ quy tắc minh họa, illustrative = true, được dùng mã bất kỳ)",
                )

    def dates(self) -> Iterator[Problem]:
        rs = self.rs
        vi = "ngày hiệu lực không đúng thứ tự"
        if rs.effective_until is not None and rs.effective_until < rs.effective_from:
            yield problem(
                f"effective dates out of order: effective_until {rs.effective_until} "
                f"is before effective_from {rs.effective_from}",
                "$.effective_until",
                code="lint.dates_out_of_order",
                vi=f"{vi}: effective_until {rs.effective_until} trước effective_from "
                f"{rs.effective_from}",
            )
        signed, effective = rs.instrument.signed, rs.instrument.effective
        if signed is not None and effective is not None and effective < signed:
            yield problem(
                f"effective dates out of order: the instrument takes effect on {effective}, "
                f"before it was signed on {signed}",
                "$.instrument.effective",
                code="lint.dates_out_of_order",
                vi=f"{vi}: văn bản có hiệu lực từ ngày {effective}, trước ngày ký {signed}",
            )
        if effective is not None and rs.effective_from < effective:
            yield problem(
                f"effective dates out of order: effective_from {rs.effective_from} is before "
                f"the instrument's effective date {effective}",
                "$.effective_from",
                code="lint.dates_out_of_order",
                vi=f"{vi}: effective_from {rs.effective_from} trước ngày văn bản có hiệu lực "
                f"{effective}",
            )

    def assumptions(self) -> Iterator[Problem]:
        """``assumed`` lists name real fields, and only on sourced elements."""
        rs = self.rs
        instrument = {f"instrument.{f.name}" for f in attrs.fields(type(rs.instrument))}
        allowed = {"effective_from", "effective_until", "scale", "rounding", *instrument}
        listed = ", ".join(sorted(allowed))
        for k, name in enumerate(rs.assumed):
            if name not in allowed:
                yield problem(
                    f"{name!r} is not a rule-set value that can be assumed ({listed})",
                    index_path("$.assumed", k),
                    code="lint.assumed_unknown",
                    vi=f"{name!r} không phải là giá trị của bộ quy tắc có thể ghi là giả định "
                    f"({listed})",
                )
        for element, path in self.elements():
            yield from _assumed_fields(element, path)

    def elements(self) -> Iterator[tuple[attrs.AttrsInstance, str]]:
        rs = self.rs
        for i, card in enumerate(rs.scorecards):
            criteria = field_path(index_path("$.scorecards", i), "criteria")
            for j, criterion in enumerate(card.criteria):
                yield criterion, index_path(criteria, j)
        for i, category in enumerate(rs.categories):
            weights = field_path(index_path("$.categories", i), "weights")
            for k, weight in enumerate(category.weights):
                yield weight, index_path(weights, k)
        yield from ((band, index_path("$.bands", i)) for i, band in enumerate(rs.bands))
        yield from ((a, index_path("$.adjustments", i)) for i, a in enumerate(rs.adjustments))
        yield from ((r, index_path("$.conditions", i)) for i, r in enumerate(rs.conditions))
        yield from ((d, index_path("$.derived", i)) for i, d in enumerate(rs.derived))
        if rs.quota is not None:
            yield rs.quota, "$.quota"

    # ------------------------------------------------------------------ criteria

    def scorecards(self) -> Iterator[Problem]:
        yield from duplicates((card.code for card in self.rs.scorecards), "$.scorecards", "code")
        for i, card in enumerate(self.rs.scorecards):
            yield from self.scorecard(card, index_path("$.scorecards", i))

    def scorecard(self, card: Scorecard, path: str) -> Iterator[Problem]:
        yield from _label(card.title_vi, field_path(path, "title_vi"))
        criteria = field_path(path, "criteria")
        if not card.criteria:
            yield problem(
                f"scorecard {card.code!r} has no criteria",
                criteria,
                code="lint.scorecard_empty",
                vi=f"bảng điểm {card.code!r} không có tiêu chí nào",
            )
        yield from duplicates((c.code for c in card.criteria), criteria, "code")
        seen: dict[str, Criterion] = {}
        children: dict[str, list[Criterion]] = {c.code: [] for c in card.criteria}
        depth: dict[str, int] = {}
        too_deep = False
        for j, criterion in enumerate(card.criteria):
            here = index_path(criteria, j)
            yield from self.criterion(criterion, here, seen)
            level = depth.get(criterion.parent, 0) + 1 if criterion.parent is not None else 1
            if level > MAX_NESTING and not too_deep:
                too_deep = True
                yield problem(
                    f"criterion {criterion.code!r} is nested {level} levels deep; at most "
                    f"{MAX_NESTING} levels are allowed",
                    field_path(here, "parent"),
                    code="lint.criteria_too_deep",
                    vi=f"tiêu chí {criterion.code!r} lồng sâu {level} cấp; tối đa cho phép "
                    f"{MAX_NESTING} cấp",
                )
            depth.setdefault(criterion.code, level)
            if criterion.parent in children:
                children[criterion.parent].append(criterion)
            seen.setdefault(criterion.code, criterion)
        for j, criterion in enumerate(card.criteria):
            if criterion.measure is None:
                yield from _group(criterion, children[criterion.code], index_path(criteria, j))

    def criterion(self, c: Criterion, path: str, seen: dict[str, Criterion]) -> Iterator[Problem]:
        if not c.code.strip():
            yield problem(
                "criterion code must not be empty",
                field_path(path, "code"),
                code="lint.criterion_code_empty",
                vi="mã tiêu chí không được để trống",
            )
        yield from _label(c.title_vi, field_path(path, "title_vi"))
        yield from _reference(c.reference, f"criterion {c.code!r}", f"tiêu chí {c.code!r}", path)
        if c.max <= 0:
            yield problem(
                f"max must be positive, not {c.max}",
                field_path(path, "max"),
                code="lint.max_not_positive",
                vi=f"điểm tối đa phải là số dương, không phải {c.max}",
            )
        if c.parent is not None:
            parent = seen.get(c.parent)
            if parent is None:
                yield problem(
                    f"parent {c.parent!r} is not a criterion listed before {c.code!r}",
                    field_path(path, "parent"),
                    code="lint.parent_unknown",
                    vi=f"tiêu chí cha {c.parent!r} không phải là tiêu chí được liệt kê trước "
                    f"{c.code!r}",
                )
            elif parent.measure is not None:
                yield problem(
                    f"parent {c.parent!r} is a leaf (it has a measure), not a group",
                    field_path(path, "parent"),
                    code="lint.parent_is_leaf",
                    vi=f"tiêu chí cha {c.parent!r} là tiêu chí lá (có cách chấm), không phải là nhóm",
                )
        if c.appraiser_only and c.measure is None:
            yield problem(
                "appraiser_only applies to leaves; mark the group's leaves instead",
                field_path(path, "appraiser_only"),
                code="lint.appraiser_only_group",
                vi="appraiser_only chỉ áp dụng cho tiêu chí lá; hãy đánh dấu các tiêu chí lá của nhóm",
            )
        yield from measure_problems(c, field_path(path, "measure"))

    # ------------------------------------------------------------------ categories

    def categories(self) -> Iterator[Problem]:
        rs = self.rs
        if not rs.categories:
            yield problem(
                "the rule set has no categories",
                "$.categories",
                code="lint.no_categories",
                vi="bộ quy tắc không có khối (loại đơn vị) nào",
            )
        yield from duplicates((c.code for c in rs.categories), "$.categories", "code")
        cards = {card.code: card for card in rs.scorecards}
        for i, category in enumerate(rs.categories):
            path = index_path("$.categories", i)
            yield from _label(category.label_vi, field_path(path, "label_vi"))
            card = cards.get(category.scorecard)
            if card is None or not card.criteria:
                yield problem(
                    f"category {category.code!r} has no criteria: scorecard "
                    f"{category.scorecard!r} is {'empty' if card else 'not defined'}",
                    field_path(path, "scorecard"),
                    code="lint.category_without_criteria",
                    vi=f"khối {category.code!r} không có tiêu chí: bảng điểm "
                    f"{category.scorecard!r} {'trống' if card else 'chưa được khai báo'}",
                )
                continue
            yield from _weights(category.code, category.weights, card, rs.scale, path)
            if category.until is not None and category.until < rs.effective_from:
                yield problem(
                    f"category {category.code!r} ended on {category.until}, before the rule set "
                    f"took effect on {rs.effective_from}",
                    field_path(path, "until"),
                    code="lint.category_ended_early",
                    vi=f"khối {category.code!r} kết thúc ngày {category.until}, trước khi bộ quy "
                    f"tắc có hiệu lực ngày {rs.effective_from}",
                )

    # ------------------------------------------------------------------ bands

    def bands(self) -> Iterator[Problem]:
        rs = self.rs
        if not rs.bands:
            yield problem(
                "the rule set has no bands",
                "$.bands",
                code="lint.no_bands",
                vi="bộ quy tắc không có mức xếp loại nào",
            )
            return
        yield from duplicates((b.code for b in rs.bands), "$.bands", "code")
        position = {id(band): i for i, band in enumerate(rs.bands)}
        for i, band in enumerate(rs.bands):
            path = index_path("$.bands", i)
            yield from _label(band.label_vi, field_path(path, "label_vi"))
            yield from _reference(
                band.reference, f"band {band.code!r}", f"mức xếp loại {band.code!r}", path
            )
            if band.below is not None and band.below <= band.min:
                yield problem(
                    f"band {band.code!r} is empty: below {band.below} is not above min {band.min}",
                    field_path(path, "below"),
                    code="lint.band_empty",
                    vi=f"mức xếp loại {band.code!r} rỗng: cận trên {band.below} không lớn hơn cận "
                    f"dưới {band.min}",
                )
        ordered = sorted(rs.bands, key=lambda b: b.min)

        def at(band: Band, name: str) -> str:
            return field_path(index_path("$.bands", position[id(band)]), name)

        lowest = ordered[0]
        if lowest.min != 0:
            yield problem(
                f"gap: no band covers 0 to {lowest.min} (the lowest band must start at 0)",
                at(lowest, "min"),
                code="lint.band_gap",
                vi=f"khoảng trống: không có mức xếp loại nào cho từ 0 đến {lowest.min} (mức thấp "
                "nhất phải bắt đầu từ 0)",
            )
        for low, high in pairwise(ordered):
            yield from _band_pair(low, high, at(low, "below"))
        top = ordered[-1]
        if top.below is not None:
            yield problem(
                f"gap: no band covers totals from {top.below} up "
                "(the highest band must have no 'below')",
                at(top, "below"),
                code="lint.band_gap",
                vi=f"khoảng trống: không có mức xếp loại nào cho tổng điểm từ {top.below} trở lên "
                "(mức cao nhất không được có 'below')",
            )
        if top.min > rs.scale:
            yield problem(
                f"band {top.code!r} starts at {top.min}, above the scale of {rs.scale}",
                at(top, "min"),
                code="lint.band_above_scale",
                vi=f"mức xếp loại {top.code!r} bắt đầu từ {top.min}, cao hơn thang điểm {rs.scale}",
            )
        yield from _proposal_bands(ordered, at)

    # ------------------------------------------------------------------ facts, rules

    def facts_declared(self) -> Iterator[Problem]:
        yield from duplicates((f.name for f in self.rs.facts), "$.facts", "name")
        for i, fact in enumerate(self.rs.facts):
            yield from _label(fact.label_vi, field_path(index_path("$.facts", i), "label_vi"))

    def adjustments(self) -> Iterator[Problem]:
        yield from duplicates((a.code for a in self.rs.adjustments), "$.adjustments", "code")
        for i, adj in enumerate(self.rs.adjustments):
            path = index_path("$.adjustments", i)
            yield from _label(adj.label_vi, field_path(path, "label_vi"))
            yield from _reference(
                adj.reference, f"adjustment {adj.code!r}", f"khoản điều chỉnh {adj.code!r}", path
            )
            if isinstance(adj, Bonus):
                yield from positive(adj.cap, field_path(path, "cap"))
                if adj.points is not None:
                    yield from positive(adj.points, field_path(path, "points"))
                continue
            yield from self.fact_ref(adj.fact, "count", field_path(path, "fact"))
            if isinstance(adj, Deduction):
                yield from positive(adj.points, field_path(path, "points"))
                if adj.cap is not None:
                    yield from positive(adj.cap, field_path(path, "cap"))
            else:
                yield from self.criterion_ref(
                    adj.criterion, field_path(path, "criterion"), top_level=True
                )
                if not 0 < adj.percent <= 100:
                    yield problem(
                        f"percent must be in (0, 100], not {adj.percent}",
                        field_path(path, "percent"),
                        code="lint.percent_range",
                        vi=f"tỷ lệ phần trăm phải trong khoảng (0, 100], không phải {adj.percent}",
                    )

    def conditions(self) -> Iterator[Problem]:
        yield from duplicates((c.code for c in self.rs.conditions), "$.conditions", "code")
        for i, rule in enumerate(self.rs.conditions):
            path = index_path("$.conditions", i)
            yield from _label(rule.label_vi, field_path(path, "label_vi"))
            yield from _reference(
                rule.reference, f"condition {rule.code!r}", f"điều kiện {rule.code!r}", path
            )
            yield from self.condition(rule.when, field_path(path, "when"))
            if isinstance(rule.effect, CapBand | ForceBand):
                yield from self.band_ref(rule.effect.band, field_path(path, "effect.band"))
            else:
                assert isinstance(rule.effect, Ineligible)  # noqa: S101 - exhaustive union

    def condition(self, cond: Condition, path: str) -> Iterator[Problem]:
        """The problems of a condition tree, walked with a stack: never a RecursionError.

        Nesting deeper than :data:`~danvan_rules.limits.MAX_NESTING` is one
        problem where it starts, and is not walked further.
        """
        stack: list[tuple[Condition, str, int]] = [(cond, path, 1)]
        while stack:
            item, here, depth = stack.pop()
            inner: tuple[Condition, ...] = ()
            paths: list[str] = []
            below = here
            match item:
                case Flag(fact=fact):
                    yield from self.fact_ref(fact, "flag", field_path(here, "fact"))
                case CountAtLeast(fact=fact, n=n):
                    yield from self.fact_ref(fact, "count", field_path(here, "fact"))
                    if n < 1:
                        yield problem(
                            f"n must be at least 1, not {n}",
                            field_path(here, "n"),
                            code="lint.count_below_one",
                            vi=f"n phải ít nhất là 1, không phải {n}",
                        )
                case CriterionBelow(criterion=code, share=share):
                    yield from self.criterion_ref(code, field_path(here, "criterion"))
                    yield from _share(share, field_path(here, "share"))
                case AllOf(conditions=inner) | AnyOf(conditions=inner):
                    below = field_path(here, "conditions")
                    if not inner:
                        yield problem(
                            f"{item.KIND} needs at least one condition",
                            below,
                            code="lint.condition_empty",
                            vi=f"{item.KIND} cần ít nhất một điều kiện",
                        )
                    paths = [index_path(below, k) for k in range(len(inner))]
                case Not(condition=one):
                    below = field_path(here, "condition")
                    inner, paths = (one,), [below]
            if inner and depth >= MAX_NESTING:
                yield problem(
                    f"conditions nested more than {MAX_NESTING} levels deep "
                    "(all_of, any_of and not inside each other)",
                    below,
                    code="lint.condition_too_deep",
                    vi=f"điều kiện lồng nhau sâu quá {MAX_NESTING} cấp (all_of, any_of và not "
                    "lồng trong nhau)",
                )
                continue
            stack.extend((inner[k], paths[k], depth + 1) for k in reversed(range(len(inner))))

    def quota(self) -> Iterator[Problem]:
        quota = self.rs.quota
        if quota is None:
            return
        yield from _reference(quota.reference, "the quota", "hạn mức", "$.quota")
        for name in ("band", "base_band", "demote_to"):
            yield from self.band_ref(getattr(quota, name), field_path("$.quota", name))
        yield from _share(quota.share, "$.quota.share")
        mins = {band.code: band.min for band in self.rs.bands}
        if (
            quota.band in mins
            and quota.demote_to in mins
            and mins[quota.demote_to] >= mins[quota.band]
        ):
            yield problem(
                f"demote_to {quota.demote_to!r} is not below the quota band {quota.band!r}",
                "$.quota.demote_to",
                code="lint.quota_demote_not_below",
                vi=f"demote_to {quota.demote_to!r} không thấp hơn mức xếp loại của hạn mức "
                f"{quota.band!r}",
            )

    # ------------------------------------------------------------------ name checks

    def names(self, kind: str, names: Iterable[str]) -> tuple[str, str]:
        """The declared names of ``kind`` for a message, in English and Vietnamese (built once)."""
        if kind not in self._listed:
            self._listed[kind] = _names(names)
        return self._listed[kind]

    def band_ref(self, code: str, path: str) -> Iterator[Problem]:
        if code not in self.band_codes:
            en, vi = self.names("bands", self.band_codes)
            yield problem(
                f"unknown band {code!r} (bands: {en})",
                path,
                code="lint.unknown_band",
                vi=f"không có mức xếp loại {code!r} (các mức: {vi})",
            )

    def fact_ref(self, name: str, kind: str, path: str) -> Iterator[Problem]:
        declared = self.facts.get(name)
        if declared is None:
            en, vi = self.names("facts", self.facts)
            yield problem(
                f"unknown fact {name!r} (facts: {en})",
                path,
                code="lint.unknown_fact",
                vi=f"không có dữ kiện {name!r} (các dữ kiện: {vi})",
            )
        elif declared != kind:
            yield problem(
                f"fact {name!r} is a {declared}, but a {kind} is needed here",
                path,
                code="lint.fact_kind",
                vi=f"dữ kiện {name!r} là {_KIND_VI.get(declared, declared)}, nhưng ở đây cần "
                f"{_KIND_VI.get(kind, kind)}",
            )

    def criterion_ref(self, code: str, path: str, *, top_level: bool = False) -> Iterator[Problem]:
        missing = [card for card, codes in self.card_codes if code not in codes]
        if missing or not self.used_cards:
            where = ", ".join(repr(m) for m in missing)
            yield problem(
                f"unknown criterion {code!r} (not in {where or 'any scorecard in use'})",
                path,
                code="lint.unknown_criterion",
                vi=f"không có tiêu chí {code!r} (không có trong "
                f"{('bảng điểm ' + where) if where else 'bảng điểm nào đang dùng'})",
            )
        elif top_level and code in self.nested:
            # A percentage of a capped sub-criterion could grow while the total does
            # not, so that raising points would lower the total: not monotone.
            yield problem(
                f"criterion {code!r} is not top-level: a percent deduction applies to a "
                "top-level criterion's points",
                path,
                code="lint.criterion_not_top_level",
                vi=f"tiêu chí {code!r} không phải là tiêu chí cấp cao nhất: khấu trừ theo phần trăm "
                "áp dụng cho điểm của tiêu chí cấp cao nhất",
            )


# ---------------------------------------------------------------------- helpers


def _names(names: Iterable[str]) -> tuple[str, str]:
    """Sorted names, at most :data:`_LISTED` of them, so a message stays short."""
    ordered = sorted(names)
    if not ordered:
        return "none declared", "chưa khai báo"
    shown = ", ".join(ordered[:_LISTED])
    rest = len(ordered) - _LISTED
    if rest > 0:
        return f"{shown}, … and {rest} more", f"{shown}, … và {rest} tên khác"
    return shown, shown


def _proposal_bands(ordered: list[Band], at: Callable[[Band, str], str]) -> Iterator[Problem]:
    """Bands that make a unit eligible for proposal (awards): all stated, and upward closed."""
    stated = [band for band in ordered if band.award_proposal is not None]
    if stated and len(stated) != len(ordered):
        for band in ordered:
            if band.award_proposal is None:
                yield problem(
                    f"band {band.code!r} does not say whether it is eligible for proposal "
                    "(award_proposal), and other bands do: say it for every band or none",
                    at(band, "award_proposal"),
                    code="lint.award_proposal_partial",
                    vi=f"mức xếp loại {band.code!r} không nêu có đủ điều kiện đề nghị khen thưởng "
                    "hay không (award_proposal) trong khi các mức khác có nêu: nêu cho mọi mức "
                    "hoặc không mức nào",
                )
    for low, high in pairwise(ordered):
        if low.award_proposal and high.award_proposal is False:
            yield problem(
                f"band {low.code!r} is eligible for proposal but the higher band {high.code!r} "
                "is not",
                at(high, "award_proposal"),
                code="lint.award_proposal_not_upward",
                vi=f"mức {low.code!r} đủ điều kiện đề nghị khen thưởng nhưng mức cao hơn "
                f"{high.code!r} lại không",
            )


def _assumed_fields(element: attrs.AttrsInstance, path: str) -> Iterator[Problem]:
    names: tuple[str, ...] = getattr(element, "assumed", ())
    if not names:
        return
    if getattr(element, "provenance", None) is Provenance.ASSUMED:
        yield problem(
            "the whole element is assumed: its 'assumed' list says nothing more",
            field_path(path, "assumed"),
            code="lint.assumed_redundant",
            vi="cả phần tử đã là giả định: danh sách 'assumed' của nó không cho biết thêm gì",
        )
        return
    fields = {f.name for f in attrs.fields(type(element))} - {"provenance", "assumed", "code"}
    listed = ", ".join(sorted(fields))
    for k, name in enumerate(names):
        if name not in fields:
            yield problem(
                f"{name!r} is not a field of this element ({listed})",
                index_path(field_path(path, "assumed"), k),
                code="lint.assumed_not_a_field",
                vi=f"{name!r} không phải là một trường của phần tử này ({listed})",
            )


def _label(text: str, path: str) -> Iterator[Problem]:
    if not text.strip():
        yield problem(
            "missing vi label", path, code="lint.missing_label_vi", vi="thiếu nhãn tiếng Việt"
        )


def _reference(reference: object, what: str, what_vi: str, path: str) -> Iterator[Problem]:
    if reference is None:
        yield problem(
            f"{what} has no reference",
            field_path(path, "reference"),
            code="lint.missing_reference",
            vi=f"{what_vi} không có trích dẫn nguồn (reference)",
        )


def _share(share: Decimal, path: str) -> Iterator[Problem]:
    if not 0 < share <= 1:
        yield problem(
            f"share must be in (0, 1], not {share}",
            path,
            code="lint.share_range",
            vi=f"tỷ lệ phải trong khoảng (0, 1], không phải {share}",
        )


def _group(group: Criterion, kids: list[Criterion], path: str) -> Iterator[Problem]:
    if not kids:
        yield problem(
            f"group {group.code!r} has no measure and no children "
            "(a leaf needs a measure; a group needs children)",
            path,
            code="lint.group_without_children",
            vi=f"nhóm {group.code!r} không có cách chấm và không có tiêu chí con (tiêu chí lá cần "
            "cách chấm; nhóm cần tiêu chí con)",
        )
        return
    total = sum((kid.max for kid in kids), _ZERO)
    if total < group.max:
        yield problem(
            f"group {group.code!r} has max {group.max} but its children add up "
            f"to only {total}: the group max can never be reached",
            field_path(path, "max"),
            code="lint.group_max_unreachable",
            vi=f"nhóm {group.code!r} có điểm tối đa {group.max} nhưng tổng điểm tối đa của các "
            f"tiêu chí con chỉ là {total}: không bao giờ đạt được điểm tối đa của nhóm",
        )


def _band_pair(low: Band, high: Band, path: str) -> Iterator[Problem]:
    if low.below is None:
        yield problem(
            f"overlap: band {low.code!r} has no upper bound but band {high.code!r} "
            f"starts at {high.min}",
            path,
            code="lint.band_overlap",
            vi=f"chồng lấn: mức {low.code!r} không có cận trên nhưng mức {high.code!r} bắt đầu "
            f"từ {high.min}",
        )
    elif low.below < high.min:
        yield problem(
            f"gap: no band covers {low.below} to {high.min} "
            f"(band {low.code!r} ends below {low.below}, {high.code!r} starts at {high.min})",
            path,
            code="lint.band_gap",
            vi=f"khoảng trống: không có mức xếp loại nào cho từ {low.below} đến {high.min} (mức "
            f"{low.code!r} kết thúc dưới {low.below}, mức {high.code!r} bắt đầu từ {high.min})",
        )
    elif low.below > high.min:
        yield problem(
            f"overlap: band {low.code!r} runs below {low.below} but band {high.code!r} "
            f"starts at {high.min}",
            path,
            code="lint.band_overlap",
            vi=f"chồng lấn: mức {low.code!r} kéo dài đến dưới {low.below} nhưng mức {high.code!r} "
            f"bắt đầu từ {high.min}",
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
        here = index_path(field_path(path, "weights"), k)
        if code not in roots:
            yield problem(
                f"weight for {code!r}, which is not a top-level criterion of scorecard "
                f"{card.code!r}",
                field_path(here, "criterion"),
                code="lint.weight_not_top_level",
                vi=f"trọng số cho {code!r}, không phải là tiêu chí cấp cao nhất của bảng điểm "
                f"{card.code!r}",
            )
        elif code in explicit:
            yield problem(
                f"duplicate weight for {code!r}",
                field_path(here, "criterion"),
                code="lint.duplicate_weight",
                vi=f"trùng trọng số cho {code!r}",
            )
        if value < 0:
            yield problem(
                f"weight must not be negative, not {value}",
                field_path(here, "weight"),
                code="lint.weight_negative",
                vi=f"trọng số không được âm, không phải {value}",
            )
        explicit.setdefault(code, value)
    total = sum((explicit.get(code, top) for code, top in roots.items()), _ZERO)
    if roots and total != scale:
        yield problem(
            f"weights vs scale: the top-level criteria of category {category!r} carry "
            f"{total} points in all, but the scale is {scale}",
            field_path(path, "weights" if explicit else "scorecard"),
            code="lint.weights_sum",
            vi=f"trọng số so với thang điểm: các tiêu chí cấp cao nhất của khối {category!r} có "
            f"tổng cộng {total} điểm, nhưng thang điểm là {scale}",
        )
