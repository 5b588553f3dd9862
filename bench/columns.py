"""Benchmark of the exact columnar path (``danvan_rules.scoring.columns``).

Run it from the repository root, with the ``columns`` extra installed::

    python bench/columns.py [--quick] [--profile]

On two fixtures — ``bench/score.py``'s 5-criterion scorecard and the
``example/dan-van-2024`` rule set (groups, checklists, levels, rate tables,
a bonus, a deduction, a percentage deduction, three conditions) — it prints,
side by side in one run:

- ``score_columns`` on native NumPy columns (float64 points, int counts, bool
  flags, level names as text), in units/s;
- ``from_reports`` on report dicts (numbers as floats, as ``json.loads`` gives
  them), in units/s;
- a plain-dict Python loop (floats) and a NumPy float loop over the same data,
  in units/s, and each of ours as a ratio to them;
- the number of units where the float loop and the exact path disagree on the
  band (the exact path is checked against ``score()`` first: the run exits 1
  on any difference, and prints the share of rows the integer path held).

The float loops compute what a float engine computes: the same rules in
float64, the total compared with the band bounds after ``round(total, 2)``.
Targets: ≥ 30,000,000 units/s native, ≥ 2,500,000 units/s from dicts.
``--quick`` uses small counts (for a test); ``--profile`` adds where the time
goes (cProfile, own time per function).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt
import score as fixture

import danvan_rules
from danvan_rules import RuleSet, UnitReport
from danvan_rules.model import (
    AnyOf,
    Bonus,
    CapBand,
    Checklist,
    Criterion,
    CriterionBelow,
    Deduction,
    Deductions,
    Flag,
    ForceBand,
    Levels,
    Points,
    RateTable,
)
from danvan_rules.scoring.columns import ColumnScores, from_reports, score_columns

Floats = npt.NDArray[np.float64]
SEED: Final = 20240101

# ---------------------------------------------------------------------- data


@attrs.frozen
class Fixture:
    """A rule set, a category, and the same units as columns and as report dicts."""

    name: str
    ruleset: RuleSet
    category: str
    columns: dict[str, Any]
    dicts: list[dict[str, Any]]


def _answers(rng: np.random.Generator, leaf: Criterion, quality: Floats) -> Any:
    """A column of valid answers for ``leaf``: better answers where ``quality`` is high."""
    measure, n = leaf.measure, len(quality)
    top = float(leaf.max)
    if isinstance(measure, Checklist):
        return rng.random(n) < quality
    if isinstance(measure, Levels):
        levels = sorted(measure.levels, key=lambda level: level.points)
        picks = np.minimum((quality * len(levels)).astype(np.int64), len(levels) - 1)
        return np.array([level.name for level in levels])[picks]
    if isinstance(measure, RateTable):
        if measure.unit == "percent":
            return np.round(rng.random(n) * 100 * quality, 2)
        return (quality * (float(measure.rates[-1].at_least) + 2)).astype(np.int64)
    if isinstance(measure, Deductions):
        return ((1 - quality) * 4).astype(np.int64)
    if not isinstance(measure, Points):  # the measures are exhaustive
        raise TypeError(measure)
    step = float(measure.step) if measure.step is not None else 0.01
    return np.round(np.floor(rng.random(n) * quality * top / step) * step, 2)


def build_columns(ruleset: RuleSet, category: str, n: int, seed: int) -> dict[str, Any]:
    """Columns of ``n`` valid units, totals spread over every band, some vetoed."""
    rng = np.random.default_rng(seed)
    quality = np.sqrt(rng.random(n))
    card = ruleset.scorecard_for(category)
    columns: dict[str, Any] = {}
    for leaf in card.leaves:
        key = f"appraised:{leaf.code}" if leaf.appraiser_only else leaf.code
        columns[key] = _answers(rng, leaf, quality)
    for fact in ruleset.facts:
        if fact.kind == "flag":
            columns[f"fact:{fact.name}"] = rng.random(n) < 0.05
        else:
            columns[f"fact:{fact.name}"] = rng.choice(np.array(fixture.COUNTS), n)
    for code, bonus in ruleset.bonuses.items():
        if bonus.points is None:
            claim = np.round(rng.random(n) * float(bonus.cap), 2)
        else:
            claim = rng.integers(0, int(bonus.cap / bonus.points) + 2, n).astype(np.float64)
        columns[f"bonus:{code}"] = np.where(rng.random(n) < 0.5, 0.0, claim)
    return columns


def build_dicts(
    ruleset: RuleSet, category: str, columns: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The same units as report dicts, numbers as floats and ints (as JSON gives them)."""
    n = len(next(iter(columns.values())))
    plain = {key: column.tolist() for key, column in columns.items()}
    own = [k for k in plain if ":" not in k]
    appraised = [k for k in plain if k.startswith("appraised:")]
    facts = [k for k in plain if k.startswith("fact:")]
    bonuses = [k for k in plain if k.startswith("bonus:")]
    out = []
    for i in range(n):
        item: dict[str, Any] = {
            "unit_id": f"u{i:07d}",
            "unit_name": f"Đơn vị {i}",
            "category": category,
            "year": ruleset.effective_from.year,
            "province": ruleset.province,
            "self_scores": {k: plain[k][i] for k in own},
            "facts": {k[5:]: plain[k][i] for k in facts},
            "bonuses": {k[6:]: plain[k][i] for k in bonuses},
        }
        if appraised:
            item["appraised_scores"] = {k[10:]: plain[k][i] for k in appraised}
        out.append(item)
    return out


# ---------------------------------------------------------------------- float engines


@attrs.frozen
class FloatRules:
    """A rule set's numbers as floats, for the float engines."""

    ruleset: RuleSet
    category: str

    def leaf_points(self, leaf: Criterion, column: Any) -> Floats:
        """A leaf's points from its answers, in float64."""
        measure, top = leaf.measure, float(leaf.max)
        if isinstance(measure, Checklist):
            return np.where(column, top, 0.0)
        if isinstance(measure, Levels):
            names = {level.name: float(level.points) for level in measure.levels}
            return np.array([names[a] for a in column.tolist()], dtype=np.float64)
        if isinstance(measure, RateTable):
            starts = np.array([float(r.at_least) for r in measure.rates])
            points = np.array([float(r.points) for r in measure.rates])
            return np.asarray(points[np.searchsorted(starts, column, side="right") - 1])
        if isinstance(measure, Deductions):
            left: Floats = np.maximum(0.0, top - column * float(measure.per_occurrence))
            return left
        return np.asarray(column, dtype=np.float64)

    def adjusted(
        self, total: Floats, weighted: Mapping[str, Floats], columns: Mapping[str, Any]
    ) -> Floats:
        """The criteria total after the adjustments, in float64."""
        for adj in self.ruleset.adjustments:
            if isinstance(adj, Bonus):
                claim = columns[f"bonus:{adj.code}"]
                raw = claim if adj.points is None else claim * float(adj.points)
                total = total + np.minimum(raw, float(adj.cap))
                continue
            count = columns[f"fact:{adj.fact}"]
            if isinstance(adj, Deduction):
                raw = count * float(adj.points)
                if adj.cap is not None:
                    raw = np.minimum(raw, float(adj.cap))
            else:
                limit = weighted[adj.criterion]
                raw = np.minimum(count * float(adj.percent) / 100 * limit, limit)
            total = total - np.minimum(raw, total)
        return total

    def bands(self, columns: Mapping[str, Any], *, rounded: bool = True) -> npt.NDArray[np.int64]:
        """Band ranks (-1: ineligible) computed in float64, as a float engine does.

        ``rounded``: the total is rounded to the rule set's places before the
        bands (else the unrounded float sum is compared, as many engines do).
        """
        ruleset, card = self.ruleset, self.ruleset.scorecard_for(self.category)
        awarded: dict[str, Floats] = {}
        for leaf in card.leaves:
            key = f"appraised:{leaf.code}" if leaf.appraiser_only else leaf.code
            awarded[leaf.code] = self.leaf_points(leaf, columns[key])
        for c in reversed(card.ordered):
            if c.measure is None:
                kids = sum((awarded[k] for k in card.children[c.code]), np.zeros(1))
                awarded[c.code] = np.minimum(kids, float(c.max))
        weights = ruleset.weights(self.category)
        weighted = {
            r: awarded[r] * (float(weights[r]) / float(card.by_code[r].max)) for r in card.roots
        }
        total = self.adjusted(sum(weighted.values(), np.zeros(1)), weighted, columns)
        if rounded:
            total = np.round(total, ruleset.rounding.places)
        bounds = np.array([float(b.min) for b in ruleset.bands_ascending])
        ranks = np.maximum(np.searchsorted(bounds, total, side="right") - 1, 0)
        for rule in ruleset.conditions:
            holds = _float_holds(rule.when, awarded, card.by_code, columns)
            effect = rule.effect
            if isinstance(effect, ForceBand):
                ranks = np.where(holds, ruleset.band_rank(effect.band), ranks)
            elif isinstance(effect, CapBand):
                ranks = np.where(holds, np.minimum(ranks, ruleset.band_rank(effect.band)), ranks)
            else:
                ranks = np.where(holds, -1, ranks)
        return np.asarray(ranks, dtype=np.int64)


def _float_holds(
    when: object,
    awarded: Mapping[str, Floats],
    by_code: Mapping[str, Criterion],
    columns: Mapping[str, Any],
) -> Any:
    if isinstance(when, Flag):
        return columns[f"fact:{when.fact}"]
    if isinstance(when, CriterionBelow):
        return awarded[when.criterion] < float(when.share) * float(by_code[when.criterion].max)
    if isinstance(when, AnyOf):
        return np.any([_float_holds(c, awarded, by_code, columns) for c in when.conditions], 0)
    raise SystemExit(f"the float engine does not model {when!r}")  # not in the fixtures


def plain_loop(rules: FloatRules, dicts: Sequence[Mapping[str, Any]]) -> list[float]:
    """A plain-dict Python loop: each unit's total in floats (leaf points summed per group)."""
    card = rules.ruleset.scorecard_for(rules.category)
    groups = [
        (
            root,
            float(card.by_code[root].max),
            [k.code for k in card.leaves if root in (k.code, *card.ancestors[k.code])],
        )
        for root in card.roots
    ]
    points = {leaf.code: _plain_points(leaf) for leaf in card.leaves}
    out = []
    for item in dicts:
        answers = {**item["self_scores"], **item.get("appraised_scores", {})}
        total = 0.0
        for _root, top, leaves in groups:
            total += min(sum(points[code](answers[code]) for code in leaves), top)
        for claim in item["bonuses"].values():
            total += min(claim, 5.0)
        out.append(round(max(total, 0.0), 2))
    return out


def _plain_points(leaf: Criterion) -> Callable[[Any], float]:
    measure, top = leaf.measure, float(leaf.max)
    if isinstance(measure, Checklist):
        return lambda answer: top if answer else 0.0
    if isinstance(measure, Levels):
        names = {level.name: float(level.points) for level in measure.levels}
        return names.__getitem__
    if isinstance(measure, RateTable):
        rows = [(float(r.at_least), float(r.points)) for r in measure.rates]
        return lambda answer: max(p for at, p in rows if answer >= at)
    if isinstance(measure, Deductions):
        per = float(measure.per_occurrence)
        return lambda answer: max(0.0, top - answer * per)
    return float


# ---------------------------------------------------------------------- measurements


def rate(run: Callable[[], object], units: int, repeat: int) -> float:
    """Median units per second of ``run`` over ``repeat`` runs (after one warm-up)."""
    run()
    rates = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        run()
        rates.append(units / ((time.perf_counter_ns() - start) / 1e9))
    return statistics.median(rates)


def verify(ruleset: RuleSet, scored: ColumnScores, rows: range) -> None:
    """Exit 1 unless each row in ``rows`` is exactly what score() gives its report."""
    bad = []
    for i in rows:
        result = danvan_rules.score(ruleset, scored.report(i))
        row = scored.row(i)
        if (row.total, row.band, row.status) != (result.total, result.band_code, result.status):
            bad.append(f"row {i}: columns {row}, score() {result.total} {result.band_code}")
    if bad:
        raise SystemExit("MISMATCH: " + "; ".join(bad[:5]))


def _line(label: str, value: str, detail: str = "") -> None:
    print(f"{label:<34}{value:>22}   {detail}".rstrip())


def _profile(label: str, run: Callable[[], object]) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(8)
    lines = [line for line in stream.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    print(f"\n  where the time goes, {label} (cProfile, own time):")
    root = str(Path(danvan_rules.__file__).parent.parent)
    for line in lines[start : start + 9]:
        print("   ", line.replace(root + os.sep, ""))


def measure(fx: Fixture, repeat: int, *, profile: bool) -> None:
    """Check, then time the four engines on one fixture, and print the comparison."""
    n, ruleset, category = len(next(iter(fx.columns.values()))), fx.ruleset, fx.category
    m = len(fx.dicts)
    scored = score_columns(ruleset, category, fx.columns)
    verify(ruleset, scored, range(min(n, 2_000)))
    via = from_reports(ruleset, fx.dicts[:2_000])
    if via.bands != scored.bands[:2_000] or via.totals != scored.totals[:2_000]:
        raise SystemExit("MISMATCH: from_reports and score_columns disagree")
    held = scored.exact_rows / len(scored)
    rules = FloatRules(ruleset, category)
    floats = rules.bands(fx.columns)
    codes = [b.code for b in ruleset.bands_ascending]
    exact = np.array([-1 if b is None else codes.index(b) for b in scored.bands])
    disagree = int((floats != exact).sum())
    unrounded = int((rules.bands(fx.columns, rounded=False) != exact).sum())

    native = rate(lambda: score_columns(ruleset, category, fx.columns), n, repeat)
    dicts = rate(lambda: from_reports(ruleset, fx.dicts), m, max(1, repeat // 2))
    numpy_loop = rate(lambda: rules.bands(fx.columns), n, repeat)
    plain = rate(lambda: plain_loop(rules, fx.dicts), m, max(1, repeat // 2))
    print(
        f"\n{fx.name}: {n:,} units as arrays ({m:,} as dicts), {held:.1%} held by the "
        "integer path, 0 mismatches with score() (2,000 checked)"
    )
    _line(
        "columnar, native arrays",
        f"{native:,.0f} units/s",
        f"target ≥ 30,000,000: {'met' if native >= 3e7 else 'NOT met'}",
    )
    _line(
        "columnar, from report dicts",
        f"{dicts:,.0f} units/s",
        f"target ≥ 2,500,000: {'met' if dicts >= 2.5e6 else 'NOT met'}",
    )
    _line("NumPy float loop", f"{numpy_loop:,.0f} units/s", "float64, round(total, 2), no checks")
    _line(
        "plain-dict Python loop",
        f"{plain:,.0f} units/s",
        "floats, criteria and bonus only, no checks",
    )
    _line("native / NumPy float loop", f"{native / numpy_loop:,.2f}×")
    _line("native / plain-dict loop", f"{native / plain:,.1f}×")
    _line("from dicts / plain-dict loop", f"{dicts / plain:,.2f}×")
    _line(
        "float loop ≠ exact path (band)", f"{disagree:,} units", f"of {n:,} (rounded float totals)"
    )
    _line(
        "unrounded float loop ≠ exact path",
        f"{unrounded:,} units",
        f"of {n:,} (float sums compared)",
    )
    if profile:
        _profile("native", lambda: score_columns(ruleset, category, fx.columns))
        _profile("from dicts", lambda: from_reports(ruleset, fx.dicts))


def fixtures(native: int, dicts: int, seed: int) -> list[Fixture]:
    """The 5-criterion scorecard and example/dan-van-2024: ``native`` units, ``dicts`` as dicts."""
    out = []
    card = fixture.build_ruleset()
    example = danvan_rules.rulesets.get("example/dan-van-2024")
    for name, ruleset, category in (
        ("5-criterion scorecard", card, fixture.CATEGORY),
        ("example/dan-van-2024 (so-nganh)", example, "so-nganh"),
    ):
        columns = build_columns(ruleset, category, native, seed)
        head = {key: column[:dicts] for key, column in columns.items()}
        out.append(Fixture(name, ruleset, category, columns, build_dicts(ruleset, category, head)))
    return out


def float_traps() -> None:
    """Units on a band bound that float64 addition puts one band lower."""
    ruleset = fixture.build_ruleset()
    cases = [
        (("17.7", "24.1", "19.4", "18.7", "10.1"), "xuat-sac"),
        (("14.54", "22.93", "4.52", "18.99", "9.02"), "tot"),
    ]
    for points, band in cases:
        floats = sum(float(p) for p in points)
        columns = {
            code: np.array([float(p)])
            for (code, _), p in zip(fixture.CRITERIA, points, strict=True)
        }
        columns |= {"fact:so_vi_pham": np.array([0]), "fact:ky_luat": np.array([False])}
        scored = score_columns(ruleset, fixture.CATEGORY, columns)
        report = UnitReport(
            "u",
            "U",
            fixture.CATEGORY,
            2024,
            "bench",
            dict(zip([c for c, _ in fixture.CRITERIA], map(Decimal, points), strict=True)),
            facts={"so_vi_pham": 0, "ky_luat": False},
        )
        if not danvan_rules.score(ruleset, report).band_code == band == scored.bands[0]:
            raise SystemExit(f"MISMATCH: {points} is not in band {band}")
        print(
            f"  {' + '.join(points)}: float sum {floats!r} (unrounded, below the bound), exact {scored.totals[0]} → {band}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Check, measure and print; 1 if the columnar path disagrees with score()."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small counts, for tests")
    parser.add_argument("--profile", action="store_true", help="also show where the time goes")
    args = parser.parse_args(argv)
    native, dicts, repeat = (20_000, 20_000, 3) if args.quick else (1_000_000, 200_000, 5)
    print(
        f"danvan_rules {danvan_rules.__version__} columnar benchmark: Python "
        f"{platform.python_version()}, NumPy {np.__version__}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print("float traps (a float engine that compares unrounded sums):")
    float_traps()
    for fx in fixtures(native, dicts, SEED):
        measure(fx, repeat, profile=args.profile)
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
