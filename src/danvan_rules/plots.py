"""Plots for notebooks (extra ``plot``): bands per khối, a waterfall, a tornado, year over year.

- :func:`band_distribution`: units per band per khối of a round (or per category
  of a batch or a list of results), stacked or grouped bars, counts annotated.
- :func:`waterfall`: one unit's score built up criterion by criterion (the
  weighted points of each top-level criterion), then each adjustment, then the
  total, with the band bounds as horizontal lines.
- :func:`tornado`: how far each top-level weight can move down and up before a
  band changes, from :func:`weight_margins` (exact, and free of matplotlib).
- :func:`year_over_year`: two rounds' band counts per khối, before and after,
  with the transitions of :func:`~danvan_rules.scoring.rounds.compare_rounds`.

Every function returns a :class:`matplotlib.figure.Figure` built with the
object API (no pyplot, no global state) and takes an optional ``ax`` to draw
into instead. Labels are Vietnamese unless ``lang="en"``. Floats are used only
to draw; every number that decides something is exact.

matplotlib is an optional dependency (``pip install 'danvan_rules[plot]'``):
it is imported when a drawing function is called, never by ``import
danvan_rules``; without it they raise :class:`~danvan_rules.errors.MissingExtraError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final, TypeAlias

import attrs

from danvan_rules.errors import ConfigurationError, Lang, MissingExtraError, ReportError
from danvan_rules.model import (
    Batch,
    Bonus,
    CohortResult,
    Deduction,
    RuleSet,
    ScoreResult,
    UnitReport,
)
from danvan_rules.model.rounds import (
    NOT_RATED,
    BandChange,
    RoundComparison,
    RoundResult,
)
from danvan_rules.scoring import score
from danvan_rules.scoring._context import round_exact
from danvan_rules.scoring.score import _band_for, _final_band

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "WeightMargin",
    "band_distribution",
    "rebalanced",
    "tornado",
    "waterfall",
    "weight_margins",
    "year_over_year",
]

Outcomes: TypeAlias = Batch | RoundResult | CohortResult | Iterable[ScoreResult | ReportError]

_TEXT: Final[Mapping[str, Mapping[Lang, str]]] = {
    "bands_title": {"vi": "Số đơn vị theo mức xếp loại", "en": "Units per band"},
    "khoi": {"vi": "Khối", "en": "Category"},
    "units": {"vi": "Số đơn vị", "en": "Units"},
    "ineligible": {"vi": "Không đủ điều kiện xếp loại", "en": "Ineligible"},
    "waterfall_title": {"vi": "Điểm của {unit}", "en": "Score of {unit}"},
    "points": {"vi": "Điểm", "en": "Points"},
    "total": {"vi": "Tổng", "en": "Total"},
    "tornado_title": {
        "vi": "Biên độ trọng số trước khi mức xếp loại thay đổi",
        "en": "How far each weight can move before a band changes",
    },
    "weight_change": {"vi": "Thay đổi trọng số (điểm)", "en": "Weight change (points)"},
    "unchanged": {"vi": "không đổi", "en": "no change"},
    "criterion": {"vi": "Tiêu chí", "en": "Criterion"},
    "yoy_title": {
        "vi": "Số đơn vị theo mức xếp loại, {a} → {b}",
        "en": "Units per band, {a} → {b}",
    },
}
_CHANGES: Final[Mapping[BandChange, Mapping[Lang, str]]] = {
    BandChange.UP: {"vi": "lên", "en": "up"},
    BandChange.DOWN: {"vi": "xuống", "en": "down"},
    BandChange.SAME: {"vi": "giữ nguyên", "en": "same"},
    BandChange.NEW: {"vi": "mới", "en": "new"},
    BandChange.GONE: {"vi": "không còn", "en": "gone"},
    BandChange.UNRATED: {"vi": "chưa xếp loại", "en": "unrated"},
    BandChange.INCOMPARABLE: {"vi": "không so sánh được", "en": "incomparable"},
}
_INELIGIBLE: Final = "(ineligible)"
_HUNDRED: Final = Fraction(100)


def _text(key: str, lang: Lang) -> str:
    return _TEXT[key][lang]


def _check_lang(lang: str) -> Lang:
    if lang == "vi":
        return "vi"
    if lang == "en":
        return "en"
    raise ConfigurationError(f"lang is 'vi' or 'en', not {lang!r}")


def _figure_class() -> type[Figure]:
    try:
        from matplotlib.figure import Figure  # the optional extra, imported lazily
    except ImportError:
        raise MissingExtraError("matplotlib", "plot", "drawing plots") from None
    return Figure


def _canvas(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    """A new figure with one axes, or ``ax``'s own figure (the top one, for a subfigure)."""
    figure_class = _figure_class()
    if ax is None:
        fig = figure_class(figsize=size, layout="constrained")
        return fig, fig.add_subplot()
    parent: object = ax.figure
    while not isinstance(parent, figure_class):  # a SubFigure: its parent, up to the Figure
        parent = getattr(parent, "figure")  # noqa: B009 - SubFigure.figure, typed loosely
    return parent, ax


# ------------------------------------------------------------------ band distribution


@attrs.frozen
class _Counts:
    groups: tuple[str, ...]
    #: (code, label) of each band, lowest first
    bands: tuple[tuple[str, str], ...]
    #: counts[band code][group index]
    counts: Mapping[str, tuple[int, ...]]


def _round_counts(outcomes: RoundResult, lang: Lang) -> _Counts:
    groups: list[str] = []
    bands: dict[str, str] = {}
    rows: list[Mapping[str, int]] = []
    for tally in outcomes.tallies:
        if tally.kind != "khoi":
            continue
        use = outcomes.ruleset_for(tally.scope)
        groups.append(use.label_vi if lang == "vi" and use.label_vi else tally.scope)
        for code in use.bands:
            label = use.band_labels_vi.get(code, code) if lang == "vi" else code
            bands.setdefault(code, label)
        rows.append(tally.bands)
    counts = {code: tuple(row.get(code, 0) for row in rows) for code in bands}
    return _Counts(tuple(groups), tuple(bands.items()), counts)


def _result_counts(results: Iterable[ScoreResult], lang: Lang) -> _Counts:
    groups: dict[str, dict[str, int]] = {}
    bands: dict[str, tuple[Decimal, str]] = {}
    ineligible = False
    for result in results:
        row = groups.setdefault(result.category, {})
        if result.band is None:
            ineligible = True
            code = _INELIGIBLE
        else:
            band = result.band
            code = band.code
            label = band.label_vi if lang == "vi" else band.label_en or band.code
            bands.setdefault(code, (band.min, label))
        row[code] = row.get(code, 0) + 1
    order = sorted(bands, key=lambda c: bands[c][0])
    labelled = [(code, bands[code][1]) for code in order]
    if ineligible:
        labelled.insert(0, (_INELIGIBLE, _text("ineligible", lang)))
    counts = {code: tuple(row.get(code, 0) for row in groups.values()) for code, _ in labelled}
    return _Counts(tuple(groups), tuple(labelled), counts)


def band_distribution(
    outcomes: Outcomes, *, stacked: bool = True, lang: Lang = "vi", ax: Axes | None = None
) -> Figure:
    """Units per band, per khối of a round or per category of a batch (or any results).

    A :class:`~danvan_rules.model.rounds.RoundResult` gives a bar per khối from
    its tallies (the bands of the khối's rule set, lowest first, named as the
    rule set names them); a :class:`~danvan_rules.model.Batch`, a cohort or a
    list of results and errors gives a bar per category of the results (errors
    are not counted; ineligible units have their own segment). Bars are
    stacked, or side by side with ``stacked=False``; every non-zero count is
    written on its bar.

    Raises:
        MissingExtraError: matplotlib is not installed.
        ConfigurationError: ``lang`` is neither ``"vi"`` nor ``"en"``.
    """
    lang = _check_lang(lang)
    fig, axes = _canvas(ax, (8.0, 4.5))
    if isinstance(outcomes, RoundResult):
        data = _round_counts(outcomes, lang)
    else:
        if isinstance(outcomes, CohortResult):
            items: Iterable[ScoreResult | ReportError] = outcomes.results
        else:
            items = outcomes
        data = _result_counts((o for o in items if isinstance(o, ScoreResult)), lang)
    places = list(range(len(data.groups)))
    width = 0.8 if stacked else 0.8 / max(len(data.bands), 1)
    bottom = [0] * len(places)
    for i, (code, label) in enumerate(data.bands):
        values = data.counts[code]
        if stacked:
            bars = axes.bar(places, values, width, bottom=bottom, label=label)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        else:
            shifted = [p - 0.4 + width * (i + 0.5) for p in places]
            bars = axes.bar(shifted, values, width, label=label)
        axes.bar_label(
            bars,
            labels=[str(v) if v else "" for v in values],
            label_type="center" if stacked else "edge",
        )
    axes.set_xticks(places, list(data.groups))
    axes.set_xlabel(_text("khoi", lang))
    axes.set_ylabel(_text("units", lang))
    axes.set_title(_text("bands_title", lang))
    axes.legend(fontsize="small")
    return fig


# ------------------------------------------------------------------ waterfall


def waterfall(
    result: ScoreResult,
    *,
    ruleset: RuleSet | None = None,
    lang: Lang = "vi",
    ax: Axes | None = None,
) -> Figure:
    """One unit's score built up: each top-level criterion's weighted points, each adjustment, the total.

    Each step is a floating bar from the running total (deductions go down);
    the total is a bar from 0. The bounds of the bands are horizontal lines:
    every band of ``ruleset`` when it is given, else the bounds of the band
    the score reached.

    Raises:
        MissingExtraError: matplotlib is not installed.
        ConfigurationError: ``lang`` is neither ``"vi"`` nor ``"en"``.
    """
    lang = _check_lang(lang)
    fig, axes = _canvas(ax, (9.0, 4.5))
    steps = [
        (line.code, line.weighted if line.weighted is not None else line.awarded)
        for line in result.lines
        if line.depth == 0
    ]
    steps.extend((adj.code, adj.points) for adj in result.adjustments if adj.points)
    labels: list[str] = []
    running = Decimal(0)
    for i, (code, points) in enumerate(steps):
        colour = "tab:blue" if points >= 0 else "tab:red"
        axes.bar(i, float(points), 0.7, bottom=float(running), color=colour)
        running += points
        labels.append(code)
    total = axes.bar(len(steps), float(result.total), 0.7, color="tab:green")
    labels.append(_text("total", lang))
    axes.bar_label(total, labels=[format(result.total, "f")])
    bands = ruleset.bands_ascending if ruleset is not None else (result.band_by_score,)
    for band in bands:
        name = band.label_vi if lang == "vi" else band.label_en or band.code
        if band.min:
            axes.axhline(float(band.min), color="grey", linestyle="--", linewidth=0.8)
            axes.annotate(name, (len(steps) + 0.4, float(band.min)), fontsize="x-small")
        if band.below is not None and ruleset is None:
            axes.axhline(float(band.below), color="grey", linestyle=":", linewidth=0.8)
    axes.set_xticks(range(len(labels)), labels)
    axes.set_ylabel(_text("points", lang))
    axes.set_title(_text("waterfall_title", lang).format(unit=result.unit_name or result.unit_id))
    return fig


# ------------------------------------------------------------------ weight margins


@attrs.frozen
class WeightMargin:
    """How far one top-level criterion's weight can move before a band changes.

    ``down`` and ``up`` are exact (weight points, ≥ 0): moving the weight by
    less than the margin, the others rebalanced proportionally, changes no
    unit's band; moving it past the margin changes one (``down_unit`` /
    ``up_unit``, the first to change). ``None``: no band changes over the
    whole range (down to a weight of 0, up to the whole scale). ``at_down`` /
    ``at_up`` say whether the band has already changed at exactly the margin.
    """

    code: str
    weight: Decimal
    down: Fraction | None
    up: Fraction | None
    down_unit: str | None = None
    up_unit: str | None = None
    at_down: bool = False
    at_up: bool = False


def rebalanced(
    ruleset: RuleSet, category: str, code: str, weight: Fraction | Decimal | int
) -> dict[str, Fraction]:
    """The category's weights with ``code`` at ``weight`` and the others rebalanced proportionally.

    Every other weight is scaled by the same factor, ``(scale − weight) /
    (scale − old weight)``, so the weights still add up to the scale and keep
    their proportions. Exact (Fractions); pass them to
    :func:`~danvan_rules.scoring.reweight` as Decimals when they terminate.

    Raises:
        KeyError: unknown category or criterion.
        ConfigurationError: the weight is outside 0..scale, or the criterion
            holds the whole scale (nothing to rebalance).
    """
    weights = {c: Fraction(w) for c, w in ruleset.weights(category).items()}
    old, scale, new = weights[code], Fraction(ruleset.scale), Fraction(weight)
    if not 0 <= new <= scale:
        raise ConfigurationError(f"a weight of {code} is within 0..{ruleset.scale}, not {new}")
    if old == scale:
        raise ConfigurationError(f"{code} holds the whole scale: no other weight to rebalance")
    factor = (scale - new) / (scale - old)
    return {c: new if c == code else w * factor for c, w in weights.items()}


@attrs.frozen
class _Line:
    """A unit's exact total as a function of ``t``: ``total(t) = at0 + slope × t``."""

    unit: str
    at0: Fraction
    slope: Fraction
    result: ScoreResult


def _linear(ruleset: RuleSet, category: str, code: str, result: ScoreResult) -> _Line:
    """The exact total before rounding, along the move ``w(t) = w + t × (scale − w)``.

    The criterion's weight goes to ``w + t (S − w)``, every other one to
    ``w_j (1 − t)``: criteria points are linear in ``t``, so is a percent
    deduction; bonuses and fixed deductions do not depend on the weights.
    (A deduction limited by the floor at 0 is taken as unlimited: only a total
    of 0 has one.)
    """
    weights = {c: Fraction(w) for c, w in ruleset.weights(category).items()}
    rest = Fraction(ruleset.scale) - weights[code]
    at0, slope = Fraction(0), Fraction(0)
    share: dict[str, tuple[Fraction, Fraction]] = {}
    for line in result.lines:
        if line.depth != 0:
            continue
        earned = Fraction(line.awarded) / Fraction(line.max)  # max > 0: the linter checks it
        w = weights[line.code]
        d = rest if line.code == code else -w
        share[line.code] = (earned * w, earned * d)
        at0 += earned * w
        slope += earned * d
    for adj, shown in zip(ruleset.adjustments, result.adjustments, strict=True):
        if isinstance(adj, Bonus):
            at0 += Fraction(shown.points)
        elif isinstance(adj, Deduction):
            raw = Fraction(shown.claimed) * Fraction(adj.points)
            if adj.cap is not None:
                raw = min(raw, Fraction(adj.cap))
            at0 -= raw
        else:
            part = min(Fraction(shown.claimed) * Fraction(adj.percent) / _HUNDRED, Fraction(1))
            base, move = share[adj.criterion]
            at0 -= part * base
            slope -= part * move
    return _Line(result.unit_id, at0, slope, result)


def _band_code(ruleset: RuleSet, result: ScoreResult, total: Fraction) -> str | None:
    """The final band of ``result``'s unit with this exact total (its conditions held fixed).

    The scorer's own band rules decide: the band the rounded total reaches, then the
    conditions that applied to the unit (an ineligibility, a forced band, a cap).
    """
    rounded = round_exact(total, ruleset.rounding.places, ruleset.rounding.mode)
    held = {c.code for c in result.applied_conditions}
    applied = [rule for rule in ruleset.conditions if rule.code in held]
    band = _final_band(ruleset, _band_for(ruleset, rounded), applied)[1]
    return None if band is None else band.code


def _thresholds(ruleset: RuleSet) -> list[Fraction]:
    """The exact totals where the rounded total reaches a band's lower bound (either side)."""
    quantum = Fraction(1, 10**ruleset.rounding.places)
    out: list[Fraction] = []
    for band in ruleset.bands_ascending[1:]:
        low = Fraction(band.min)
        out.extend((low - quantum / 2, low - quantum, low))
    return sorted(set(out))


def _first_change(
    ruleset: RuleSet, line: _Line, limit: Fraction, thresholds: Sequence[Fraction]
) -> tuple[Fraction, bool] | None:
    """The first ``|t|`` towards ``limit`` (sign gives the direction) where the band changes."""
    if line.slope == 0:
        return None
    band = _band_code(ruleset, line.result, line.at0)
    sign = 1 if limit > 0 else -1
    crossings = sorted(
        {(p - line.at0) / line.slope for p in thresholds} | {limit},
        key=lambda t: sign * t,
    )
    for t in crossings:
        if sign * t <= 0 or sign * t > sign * limit:
            continue
        if _band_code(ruleset, line.result, line.at0 + line.slope * t) != band:
            return abs(t), True
        beyond = t + sign * Fraction(1, 10**30) if t != limit else t
        if _band_code(ruleset, line.result, line.at0 + line.slope * beyond) != band:
            return abs(t), False
    return None


def weight_margins(
    ruleset: RuleSet,
    category: str,
    report_or_reports: UnitReport | Iterable[UnitReport],
) -> tuple[WeightMargin, ...]:
    """For each top-level criterion, how far its weight can move before a band changes (exact).

    **The rule.** Moving criterion *i*'s weight ``w`` to ``w'``, every other
    weight is scaled by ``(scale − w') / (scale − w)`` (see :func:`rebalanced`):
    the scale is kept and the other weights keep their proportions. The weight
    can go down to 0 and up to the whole scale. A criterion that already holds
    the whole scale has no margins (``None``).

    Each unit's total before rounding is linear along such a move; the margin
    is where the rounded total first reaches another band's bound and the
    unit's final band (its conditions held fixed) changes — for a cohort, the
    first unit whose band changes. Solved exactly with Fractions; no matplotlib.

    >>> from danvan_rules import rulesets, load_report
    >>> rs = rulesets.get("example/dan-van-2024")
    >>> margins = weight_margins(rs, "so-nganh", load_report("examples/tot.json"))
    >>> [(m.code, m.down, m.up, m.up_unit) for m in margins][3]
    ('IV', None, Fraction(76449, 1420), 'so-tu-phap')

    Raises:
        ReportError: a report does not score under the rule set.
        ConfigurationError: a report is not of ``category``.
    """
    reports = (
        [report_or_reports]
        if isinstance(report_or_reports, UnitReport)
        else list(report_or_reports)
    )
    for report in reports:
        if report.category != category:
            raise ConfigurationError(
                f"the report of {report.unit_id!r} is of category {report.category!r}, not {category!r}"
            )
    results = [score(ruleset, report) for report in reports]
    weights = ruleset.weights(category)
    scale = Fraction(ruleset.scale)
    thresholds = _thresholds(ruleset)
    out: list[WeightMargin] = []
    for code, weight in weights.items():
        rest = scale - Fraction(weight)
        if rest == 0:
            out.append(WeightMargin(code, weight, None, None))
            continue
        lines = [_linear(ruleset, category, code, result) for result in results]
        found = {}
        for side, limit in (("down", -Fraction(weight) / rest), ("up", Fraction(1))):
            best: tuple[Fraction, bool, str] | None = None
            for line in lines:
                change = _first_change(ruleset, line, limit, thresholds) if limit else None
                if change is not None and (best is None or change[0] < best[0]):
                    best = (change[0], change[1], line.unit)
            found[side] = best
        down, up = found["down"], found["up"]
        out.append(
            WeightMargin(
                code,
                weight,
                None if down is None else down[0] * rest,
                None if up is None else up[0] * rest,
                None if down is None else down[2],
                None if up is None else up[2],
                down is not None and down[1],
                up is not None and up[1],
            )
        )
    return tuple(out)


def tornado(
    ruleset: RuleSet,
    category: str,
    report_or_reports: UnitReport | Iterable[UnitReport],
    *,
    lang: Lang = "vi",
    ax: Axes | None = None,
) -> Figure:
    """The sensitivity tornado: each top-level weight's margins down and up, as horizontal bars.

    The margins are :func:`weight_margins` (the rule is described there). A
    side on which no band changes is drawn pale to the end of its range
    (a weight of 0, or the whole scale) and marked "không đổi" / "no change".

    Raises:
        MissingExtraError: matplotlib is not installed.
        ConfigurationError: ``lang`` is neither ``"vi"`` nor ``"en"``.
        ReportError: a report does not score under the rule set.
    """
    lang = _check_lang(lang)
    fig, axes = _canvas(ax, (8.0, 4.5))
    margins = weight_margins(ruleset, category, report_or_reports)
    scale = Fraction(ruleset.scale)
    for row, margin in enumerate(margins):
        ranges = (
            (margin.down, -Fraction(margin.weight), -1),
            (margin.up, scale - Fraction(margin.weight), 1),
        )
        for value, reach, sign in ranges:
            if value is None:
                axes.barh(row, float(reach), color="lightgrey")
                if reach:
                    axes.annotate(_text("unchanged", lang), (float(reach), row), fontsize="x-small")
            else:
                axes.barh(row, float(sign * value), color="tab:red" if sign < 0 else "tab:blue")
    axes.axvline(0, color="black", linewidth=0.8)
    axes.set_yticks(range(len(margins)), [m.code for m in margins])
    axes.set_xlabel(_text("weight_change", lang))
    axes.set_ylabel(_text("criterion", lang))
    axes.set_title(_text("tornado_title", lang))
    return fig


# ------------------------------------------------------------------ year over year


def year_over_year(
    comparison_or_pair: RoundComparison | tuple[RoundResult, RoundResult],
    *,
    lang: Lang = "vi",
    ax: Axes | None = None,
) -> Figure:
    """Two rounds: per khối and band, the units before and after; the transitions in the legend.

    Takes a :class:`~danvan_rules.model.rounds.RoundComparison` or the pair
    ``(earlier, later)`` of scored rounds (compared with
    :func:`~danvan_rules.scoring.rounds.compare_rounds`). Each khối's bands are
    pairs of bars (earlier pale, later solid); the title counts the units that
    went up, down, stayed, … .

    Raises:
        MissingExtraError: matplotlib is not installed.
        ConfigurationError: ``lang`` is neither ``"vi"`` nor ``"en"``.
    """
    lang = _check_lang(lang)
    fig, axes = _canvas(ax, (10.0, 4.5))
    if isinstance(comparison_or_pair, RoundComparison):
        comparison = comparison_or_pair
    else:
        from danvan_rules.scoring.rounds import compare_rounds

        comparison = compare_rounds(*comparison_or_pair)
    not_rated = {status.value for status in NOT_RATED}
    rows = [t for t in comparison.tallies if t.scope != "*" and t.row not in not_rated]
    labels = [f"{t.scope}\n{t.row}" for t in rows]
    places = range(len(rows))
    before = [t.earlier or 0 for t in rows]
    after = [t.later or 0 for t in rows]
    left = axes.bar(
        [p - 0.2 for p in places], before, 0.4, alpha=0.5, label=str(comparison.earlier_year)
    )
    right = axes.bar([p + 0.2 for p in places], after, 0.4, label=str(comparison.later_year))
    axes.bar_label(left, labels=[str(v) if v else "" for v in before], fontsize="x-small")
    axes.bar_label(right, labels=[str(v) if v else "" for v in after], fontsize="x-small")
    axes.set_xticks(list(places), labels, rotation=90, fontsize="x-small")
    axes.set_ylabel(_text("units", lang))
    counts = dict.fromkeys(BandChange, 0)
    for unit in comparison.units:
        counts[unit.change] += 1
    moves = ", ".join(f"{_CHANGES[c][lang]} {n}" for c, n in counts.items() if n)
    title = _text("yoy_title", lang).format(a=comparison.earlier_year, b=comparison.later_year)
    axes.set_title(f"{title}\n{moves}" if moves else title, fontsize="small")
    axes.legend(fontsize="small")
    return fig
