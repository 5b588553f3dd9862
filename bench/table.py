"""Every measure of issue #9 §5 in one table, on two rule sets, measured in one run.

Run it from the repository root, with the library installed (the ``columns``
extra: NumPy)::

    python bench/table.py [--quick]

The two rule sets, side by side:

- **the 5-criterion scorecard** of ``bench/score.py`` (its ``build_ruleset``;
  reports drawn with its ``random_reports`` and made ``UnitReport`` objects with
  its ``to_unit_report``); its plain-dict loop is that script's
  ``reference_score`` (Decimals: criteria, bonus, deduction, veto);
- **example/dan-van-2024** (category ``so-nganh``), with the units drawn by
  ``bench/columns.py`` (``build_columns``, ``build_dicts``; each dict made a
  ``UnitReport`` with ``UnitReport(**item)``); its plain-dict loop is that
  script's ``plain_loop`` (floats: criteria and bonuses only, no checks).

For both, the NumPy float loop is ``bench/columns.py``'s ``FloatRules.bands``
(the whole rule set in float64, ``round(total, 2)`` before the bands).

The rows (every speed is a median: the machine is noisy):

- ``score() per call``: µs per ``score(ruleset, report)``, median of several
  ``timeit`` samples of N calls over N different pre-built ``UnitReport``
  objects (the garbage collector off while timeit times). Target ≤ 5 µs and
  ≤ 8× the plain-dict loop.
- ``score() + reading the explanation``: the same, also reading
  ``result.lines``, ``adjustments``, ``gap``, ``warnings`` and ``audit``.
  Target ≤ 15 µs.
- ``score_many`` and ``iter_scores``: units/s over the pool of pre-built
  ``UnitReport`` objects (building them is not timed; ``iter_scores`` is
  consumed with a ``for`` loop; the collector on, as in an application).
  Target ≥ 250,000 units/s each.
- ``score_columns, native arrays``: units/s of
  ``danvan_rules.scoring.columns.score_columns`` on NumPy columns (float64
  points, int counts, bool flags, level names as text). Target ≥ 30,000,000.
- ``from_reports, report dicts``: units/s of ``from_reports`` on the pool as
  report dicts (numbers as floats and ints, as ``json.loads`` gives them).
  Target ≥ 2,500,000.
- ``columnar ≠ score()``: rows where either columnar path gives another
  total, band or status than ``score()`` of the same report, on evenly spaced
  rows of each; must be 0: any difference is printed and the run exits 1.
- ``float loop ≠ exact (band)``: units of the native arrays that the NumPy
  float loop puts in another band than the exact path. A count, not an error.
- ``peak RSS, score_many`` and ``RSS before it``: in a fresh interpreter,
  reports drawn lazily by a generator (in chunks of 1,000, so that nothing but
  the results accumulates) into ``score_many``; ``ru_maxrss`` in MiB after
  the batch, and before it (the interpreter, NumPy and the library). 1,000,000
  reports (``--quick``: 50,000). Target ≤ 1 GiB. The process is started by a
  bare launcher interpreter, not by this one: on Linux a child's ``ru_maxrss``
  starts at the size of the process it was forked from.
- ``score_many in a fresh process``: µs per unit at 10,000, 100,000 and
  1,000,000 reports (``--quick``: 10,000 and 50,000), each in its own fresh
  interpreter, the time the generator spends drawing reports left out (the
  garbage collector is paused while it draws, so that its collections, which
  grow with the results held, count in ``score_many``'s time); in brackets,
  the ratio to the smallest size (1.00× everywhere: flat).
- ``import danvan_rules``: ms of the import statement alone in fresh
  interpreters, bytecode cached (``bench/score.py``'s ``import_ms``); the
  ``× plain loop`` column holds its ratio to ``import decimal, json``.
  Target ≤ 50 ms.

The ``× plain loop`` and ``× NumPy float`` columns are our time per unit
divided by theirs, on the same units, measured in the same run (above 1: we
are slower); for ``score()`` and the explanation, the plain loop runs over the
same N units, otherwise over the pool; the NumPy loop runs over the pool as
arrays, and over the native arrays for ``score_columns``. Their own numbers
are the last rows. A pair ``a / b`` reads scorecard / example. A missed
target prints ``NOT met`` and never fails the run; a mismatch exits 1.
``--quick`` makes every count small (about a minute in all); the full run
takes several minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

import attrs
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/score.py, bench/columns.py

import columns as columns_bench
import score as scorecard_bench

import danvan_rules
from danvan_rules import ReportError, RuleSet, UnitReport
from danvan_rules.scoring.columns import ColumnScores, from_reports, score_columns
from danvan_rules.scoring.score import iter_scores

SEED: Final = 20240101
EXAMPLE: Final = "example/dan-van-2024"
EXAMPLE_CATEGORY: Final = "so-nganh"
#: Reports drawn at a time by the fresh process's generator.
CHUNK: Final = 1_000
MIB: Final = 1024  # ru_maxrss is in KiB on Linux

# ---------------------------------------------------------------------- settings


@attrs.frozen
class Settings:
    """How much work each measurement does (--quick makes it small)."""

    calls: int  # score() calls per timing sample, over as many different reports
    repeat: int  # timing samples per µs measurement (the median is reported)
    pool: int  # pre-built UnitReports and report dicts per rule set
    batch_repeat: int  # runs of score_many / iter_scores over the pool
    native: int  # units as native arrays
    columns_repeat: int  # runs per columnar and float-loop measurement
    checked: int  # rows of each columnar path checked against score()
    sizes: tuple[int, ...]  # score_many in fresh processes; the last gives the peak RSS
    import_runs: int  # fresh interpreters per import measurement

    @property
    def dicts_repeat(self) -> int:
        """Runs of from_reports (slower than the native path)."""
        return max(1, self.columns_repeat // 2)


FULL: Final = Settings(1_000, 7, 100_000, 3, 1_000_000, 5, 5_000, (10_000, 100_000, 1_000_000), 7)
QUICK: Final = Settings(200, 3, 10_000, 1, 20_000, 3, 1_000, (10_000, 50_000), 3)

# ---------------------------------------------------------------------- data


@attrs.frozen
class Subject:
    """One rule set and its units: the pool as reports, dicts and arrays, and native arrays."""

    name: str
    ruleset: RuleSet
    category: str
    reports: list[UnitReport]  # the pool, pre-built
    dicts: list[dict[str, Any]]  # the same units as report dicts
    pool_columns: dict[str, Any]  # the same units as arrays (for the NumPy float loop)
    native: dict[str, Any]  # native arrays for score_columns
    plain_calls: Callable[[], object]  # the plain-dict loop over the first `calls` units
    plain_pool: Callable[[], object]  # the plain-dict loop over the pool


def _ref_columns(refs: Sequence[scorecard_bench.RefReport]) -> dict[str, Any]:
    """The scorecard's reference reports as columns (points as floats, as JSON gives them)."""
    columns: dict[str, Any] = {
        code: np.array([float(ref["points"][code]) for ref in refs])
        for code, _ in scorecard_bench.CRITERIA
    }
    columns[f"fact:{scorecard_bench.COUNT_FACT}"] = np.array(
        [ref["count"] for ref in refs], dtype=np.int64
    )
    columns[f"fact:{scorecard_bench.VETO_FACT}"] = np.array([ref["veto"] for ref in refs])
    columns[f"bonus:{scorecard_bench.BONUS_CODE}"] = np.array([float(ref["bonus"]) for ref in refs])
    return columns


def scorecard_subject(settings: Settings) -> Subject:
    """The 5-criterion scorecard: bench/score.py's reports and reference."""
    ruleset = scorecard_bench.build_ruleset()
    category = scorecard_bench.CATEGORY
    refs = scorecard_bench.random_reports(settings.pool, seed=SEED + 3)
    reports = [scorecard_bench.to_unit_report(i, ref) for i, ref in enumerate(refs)]
    pool_columns = _ref_columns(refs)
    call_refs = refs[: settings.calls]
    reference = scorecard_bench.reference_score

    def plain_calls() -> None:
        for ref in call_refs:
            reference(ref)

    return Subject(
        "scorecard",
        ruleset,
        category,
        reports,
        columns_bench.build_dicts(ruleset, category, pool_columns),
        pool_columns,
        columns_bench.build_columns(ruleset, category, settings.native, SEED),
        plain_calls,
        lambda: [reference(ref) for ref in refs],
    )


def example_subject(settings: Settings) -> Subject:
    """example/dan-van-2024: bench/columns.py's units and float references."""
    ruleset = danvan_rules.rulesets.get(EXAMPLE)
    native = columns_bench.build_columns(ruleset, EXAMPLE_CATEGORY, settings.native, SEED)
    pool_columns = {key: column[: settings.pool] for key, column in native.items()}
    dicts = columns_bench.build_dicts(ruleset, EXAMPLE_CATEGORY, pool_columns)
    rules = columns_bench.FloatRules(ruleset, EXAMPLE_CATEGORY)
    call_dicts = dicts[: settings.calls]
    return Subject(
        EXAMPLE,
        ruleset,
        EXAMPLE_CATEGORY,
        [UnitReport(**item) for item in dicts],
        dicts,
        pool_columns,
        native,
        lambda: columns_bench.plain_loop(rules, call_dicts),
        lambda: columns_bench.plain_loop(rules, dicts),
    )


def draw(which: str, ruleset: RuleSet, count: int, start: int) -> list[UnitReport]:
    """``count`` new reports for the fresh process, unit ids from ``start``."""
    if which == "scorecard":
        refs = scorecard_bench.random_reports(count, seed=SEED + 7 + start)
        return [scorecard_bench.to_unit_report(start + i, ref) for i, ref in enumerate(refs)]
    columns = columns_bench.build_columns(ruleset, EXAMPLE_CATEGORY, count, SEED + 7 + start)
    dicts = columns_bench.build_dicts(ruleset, EXAMPLE_CATEGORY, columns)
    return [
        UnitReport(**{**item, "unit_id": f"u{start + i:07d}", "unit_name": f"Đơn vị {start + i}"})
        for i, item in enumerate(dicts)
    ]


# ---------------------------------------------------------------------- the fresh process


def child(which: str, count: int) -> int:
    """In a fresh interpreter: ``count`` lazily drawn reports into score_many; JSON on stdout."""
    if which == "scorecard":
        ruleset = scorecard_bench.build_ruleset()
    else:
        ruleset = danvan_rules.rulesets.get(EXAMPLE)
    drawing = [0]  # ns the generator spent drawing reports

    def reports() -> Iterator[UnitReport]:
        for start in range(0, count, CHUNK):
            gc.disable()  # its collections (of the results held so far) fall in score_many's time
            began = time.perf_counter_ns()
            chunk = draw(which, ruleset, min(CHUNK, count - start), start)
            drawing[0] += time.perf_counter_ns() - began
            gc.enable()
            yield from chunk

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter_ns()
    batch = danvan_rules.score_many(ruleset, reports())
    elapsed = time.perf_counter_ns() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "units": len(batch),
                "errors": len(batch.errors),
                "scoring_ns": elapsed - drawing[0],
                "drawing_ns": drawing[0],
                "before_kib": before,
                "peak_kib": peak,
            }
        )
    )
    return 0


@attrs.frozen
class Fresh:
    """What one fresh process measured."""

    units: int
    errors: int
    us_per_unit: float  # score_many's time per unit, drawing left out
    before_mib: float
    peak_mib: float


#: A small launcher: the child's ``ru_maxrss`` must not start at this process's size.
LAUNCHER: Final = (
    "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:], check=False).returncode)"
)


def fresh(which: str, count: int) -> Fresh:
    """Run :func:`child` in a fresh interpreter, started by a small launcher.

    On Linux, a process's ``ru_maxrss`` includes the high-water mark of the
    address space it replaced at ``exec``: a child forked from this process
    (which holds the pools, the arrays and the batches) would start at this
    process's size. The launcher is a bare interpreter (about 10 MiB), below
    the child's own start.
    """
    script = str(Path(__file__).resolve())
    done = subprocess.run(  # noqa: S603 - this interpreter and this script
        [sys.executable, "-c", LAUNCHER, sys.executable, script, "--child", which, str(count)],
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"the fresh process ({which}, {count:,}) failed:\n{done.stderr}")
    got = json.loads(done.stdout)
    return Fresh(
        got["units"],
        got["errors"],
        got["scoring_ns"] / count / 1e3,
        got["before_kib"] / MIB,
        got["peak_kib"] / MIB,
    )


# ---------------------------------------------------------------------- measurements


@attrs.frozen
class Measured:
    """Every number of one rule set's column."""

    score_us: float
    explained_us: float
    plain_us: float  # the plain-dict loop per call, over the same units as score()
    many: float  # units/s
    streamed: float
    plain_rate: float  # the plain-dict loop over the pool
    numpy_pool: float  # the NumPy float loop over the pool as arrays
    native: float
    numpy_native: float
    dicts: float
    checked: int
    mismatches: tuple[str, ...]
    disagree: int
    native_units: int


def _sample(n: int, k: int) -> range:
    """``k`` evenly spaced rows of ``n`` (all of them when there are fewer)."""
    return range(0, n, max(1, n // k))[:k]


def differences(
    ruleset: RuleSet, scored: ColumnScores, rows: range, report: Callable[[int], UnitReport]
) -> list[str]:
    """The rows of ``scored`` that are not what ``score()`` gives the same report."""
    found = []
    for i in rows:
        row = scored.row(i)
        try:
            result = danvan_rules.score(ruleset, report(i))
        except ReportError as exc:
            if row.error is None:
                found.append(f"row {i}: columns {row}, score() refused it: {exc}")
            continue
        if (row.total, row.band, row.status) != (result.total, result.band_code, result.status):
            found.append(
                f"row {i}: columns {row.total} {row.band} {row.status}, "
                f"score() {result.total} {result.band_code} {result.status}"
            )
    return found


def measure(subject: Subject, settings: Settings) -> Measured:
    """Check the columnar paths against score(), then time everything on one rule set."""
    ruleset, category = subject.ruleset, subject.category
    score = danvan_rules.score
    calls = subject.reports[: settings.calls]

    native = score_columns(ruleset, category, subject.native)
    via_dicts = from_reports(ruleset, subject.dicts)
    rows = _sample(len(native), settings.checked)
    mismatches = differences(ruleset, native, rows, native.report)
    pool_rows = _sample(len(via_dicts), settings.checked)
    mismatches += differences(ruleset, via_dicts, pool_rows, subject.reports.__getitem__)
    rank = {band.code: i for i, band in enumerate(ruleset.bands_ascending)}
    exact = np.array([-1 if band is None else rank[band] for band in native.bands])
    rules = columns_bench.FloatRules(ruleset, category)
    disagree = int((rules.bands(subject.native) != exact).sum())

    def library_loop() -> None:
        for report in calls:
            score(ruleset, report)

    def explained_loop() -> None:
        for report in calls:
            result = score(ruleset, report)
            _ = (result.lines, result.adjustments, result.gap, result.warnings, result.audit)

    def streamed() -> None:
        for _ in iter_scores(ruleset, subject.reports):
            pass

    per_call, rate, units = scorecard_bench.per_call_us, columns_bench.rate, len(subject.reports)
    many = scorecard_bench.units_per_second
    return Measured(
        score_us=per_call(library_loop, settings.calls, settings.repeat).median,
        explained_us=per_call(explained_loop, settings.calls, settings.repeat).median,
        plain_us=per_call(subject.plain_calls, settings.calls, settings.repeat).median,
        many=many(
            lambda: danvan_rules.score_many(ruleset, subject.reports), units, settings.batch_repeat
        ).median,
        streamed=many(streamed, units, settings.batch_repeat).median,
        plain_rate=rate(subject.plain_pool, units, settings.columns_repeat),
        numpy_pool=rate(lambda: rules.bands(subject.pool_columns), units, settings.columns_repeat),
        native=rate(
            lambda: score_columns(ruleset, category, subject.native),
            len(native),
            settings.columns_repeat,
        ),
        numpy_native=rate(
            lambda: rules.bands(subject.native), len(native), settings.columns_repeat
        ),
        dicts=rate(
            lambda: from_reports(ruleset, subject.dicts),
            units,
            settings.dicts_repeat,
        ),
        checked=len(rows) + len(pool_rows),
        mismatches=tuple(mismatches),
        disagree=disagree,
        native_units=len(native),
    )


# ---------------------------------------------------------------------- the table

#: A cell: text, or a pair "scorecard / example" (aligned on the slash).
Cell = str | tuple[str, str]
Row = tuple[Cell, ...]
HEADER: Final = (
    "measure",
    "scorecard",
    "example/dan-van-2024",
    "× plain loop",
    "× NumPy float",
    "target",
    "met?",
)
LEFT: Final = frozenset({0, 5, 6})  # columns aligned left; the others right


def render(rows: Sequence[Row | str]) -> list[str]:
    """The rows as aligned plain text; a str row is a heading printed as it is."""
    table = [row for row in rows if not isinstance(row, str)]
    lefts, rights, widths = [], [], []
    for c, title in enumerate(HEADER):
        cells = [row[c] for row in table]
        left = max((len(cell[0]) for cell in cells if isinstance(cell, tuple)), default=0)
        right = max((len(cell[1]) for cell in cells if isinstance(cell, tuple)), default=0)
        texts = [len(cell) for cell in cells if isinstance(cell, str)]
        lefts.append(left)
        rights.append(right)
        widths.append(max(len(title), left + 3 + right if left else 0, *texts))

    def line(cells: Sequence[Cell]) -> str:
        out = []
        for c, cell in enumerate(cells):
            text = (
                f"{cell[0]:>{lefts[c]}} / {cell[1]:<{rights[c]}}"
                if isinstance(cell, tuple)
                else cell
            )
            out.append(f"{text:<{widths[c]}}" if c in LEFT else f"{text:>{widths[c]}}")
        return "  ".join(out).rstrip()

    lines = [line(HEADER), "  ".join("-" * w for w in widths)]
    lines += [row if isinstance(row, str) else line(row) for row in rows]
    return lines


def _times(ratio: float) -> str:
    """A ratio such as 8.4×, 1,234×, 0.0093×."""
    if ratio >= 100:
        return f"{ratio:,.0f}×"
    if ratio >= 10:
        return f"{ratio:.1f}×"
    if ratio >= 0.1:
        return f"{ratio:.2f}×"
    return f"{ratio:.2g}×"


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _pair(sc: Measured, ex: Measured, text: Callable[[Measured], str]) -> tuple[str, str]:
    return text(sc), text(ex)


def speed_rows(sc: Measured, ex: Measured) -> list[Row | str]:
    """The in-process speeds, each with its ratios to the plain-dict loop and the NumPy loop."""

    def per_call(
        label: str, get: Callable[[Measured], float], target: str, ok: Callable[[Measured], bool]
    ) -> Row:
        return (
            label,
            f"{get(sc):,.2f}",
            f"{get(ex):,.2f}",
            _pair(sc, ex, lambda m: _times(get(m) / m.plain_us)),
            _pair(sc, ex, lambda m: _times(get(m) * m.numpy_pool / 1e6)),
            target,
            _pair(sc, ex, lambda m: _met(ok(m))),
        )

    def per_second(
        label: str, get: Callable[[Measured], float], numpy: Callable[[Measured], float], floor: int
    ) -> Row:
        return (
            label,
            f"{get(sc):,.0f}",
            f"{get(ex):,.0f}",
            _pair(sc, ex, lambda m: _times(m.plain_rate / get(m))),
            _pair(sc, ex, lambda m: _times(numpy(m) / get(m))),
            f"≥ {floor:,}",
            _pair(sc, ex, lambda m: _met(get(m) >= floor)),
        )

    return [
        per_call(
            "score() per call, µs",
            lambda m: m.score_us,
            "≤ 5 µs and ≤ 8× plain",
            lambda m: m.score_us <= 5 and m.score_us / m.plain_us <= 8,
        ),
        per_call(
            "score() + reading the explanation, µs",
            lambda m: m.explained_us,
            "≤ 15 µs",
            lambda m: m.explained_us <= 15,
        ),
        per_second("score_many, units/s", lambda m: m.many, lambda m: m.numpy_pool, 250_000),
        per_second("iter_scores, units/s", lambda m: m.streamed, lambda m: m.numpy_pool, 250_000),
        per_second(
            "score_columns, native arrays, units/s",
            lambda m: m.native,
            lambda m: m.numpy_native,
            30_000_000,
        ),
        per_second(
            "from_reports, report dicts, units/s",
            lambda m: m.dicts,
            lambda m: m.numpy_pool,
            2_500_000,
        ),
    ]


def check_rows(sc: Measured, ex: Measured) -> list[Row | str]:
    """The columnar mismatches (an error) and the float loop's other bands (a count)."""
    return [
        (
            "columnar ≠ score(), rows",
            f"{len(sc.mismatches):,} of {sc.checked:,}",
            f"{len(ex.mismatches):,} of {ex.checked:,}",
            "—",
            "—",
            "0 (else exit 1)",
            _pair(sc, ex, lambda m: _met(not m.mismatches)),
        ),
        (
            "float loop ≠ exact (band), units",
            f"{sc.disagree:,} of {sc.native_units:,}",
            f"{ex.disagree:,} of {ex.native_units:,}",
            "—",
            "—",
            "a count, not an error",
            "—",
        ),
    ]


def fresh_rows(
    sizes: Sequence[int], sc: dict[int, Fresh], ex: dict[int, Fresh], *, quick: bool
) -> list[Row | str]:
    """Peak memory of the largest batch, and the time per unit at each size."""
    big, small = sizes[-1], sizes[0]
    rows: list[Row | str] = [
        (
            f"peak RSS, score_many of {big:,}{' (--quick)' if quick else ''}, MiB",
            f"{sc[big].peak_mib:,.0f}",
            f"{ex[big].peak_mib:,.0f}",
            "—",
            "—",
            "≤ 1,024 MiB (1 GiB)",
            (_met(sc[big].peak_mib <= 1024), _met(ex[big].peak_mib <= 1024)),
        ),
        (
            "  the same process before the batch, MiB",
            f"{sc[big].before_mib:,.0f}",
            f"{ex[big].before_mib:,.0f}",
            "",
            "",
            "",
            "",
        ),
    ]
    for size in sizes:
        cells = [
            f"{got[size].us_per_unit:,.2f} ({got[size].us_per_unit / got[small].us_per_unit:.2f}×)"
            for got in (sc, ex)
        ]
        rows.append(
            (
                f"score_many of {size:,}, fresh process, µs/unit",
                *cells,
                "—",
                "—",
                f"flat: 1.00× the {small:,} row",
                "—",
            )
        )
    return rows


def import_rows(lib: float, ref: float) -> list[Row | str]:
    """The import, with its ratio to the plain reference's import in the plain-loop column."""
    return [
        (
            "import danvan_rules, ms (× decimal, json)",
            f"{lib:,.1f}",
            "(the same)",
            _times(lib / ref),
            "—",
            "≤ 50 ms",
            _met(lib <= 50),
        )
    ]


def base_rows(sc: Measured, ex: Measured, import_ref: float) -> list[Row | str]:
    """The float references' own numbers: the denominators of the ratio columns."""

    def row(label: str, text: Callable[[Measured], str]) -> Row:
        return (label, text(sc), text(ex), "", "", "", "")

    return [
        "the references, measured in the same run (the bases of the × columns):",
        row("  plain-dict loop, µs per call", lambda m: f"{m.plain_us:,.2f}"),
        row("  plain-dict loop, units/s (the pool)", lambda m: f"{m.plain_rate:,.0f}"),
        row("  NumPy float loop, units/s (the pool)", lambda m: f"{m.numpy_pool:,.0f}"),
        row("  NumPy float loop, units/s (native arrays)", lambda m: f"{m.numpy_native:,.0f}"),
        ("  import decimal, json, ms", f"{import_ref:,.1f}", "(the same)", "", "", "", ""),
    ]


# ---------------------------------------------------------------------- main


def _progress(text: str) -> None:
    print(text, flush=True)


def run(settings: Settings, *, quick: bool) -> int:
    """Check, measure, print the table; 1 if a columnar path disagrees with score()."""
    began = time.perf_counter()
    refs = scorecard_bench.random_reports(settings.checked) + scorecard_bench.edge_reports()
    scorecard_bench.verify(scorecard_bench.build_ruleset(), refs)  # exits 1 on a difference
    _progress(f"check: score() == bench/score.py's reference on {len(refs):,} reports: ok")

    measured: dict[str, Measured] = {}
    for build in (scorecard_subject, example_subject):
        subject = build(settings)
        _progress(
            f"measuring {subject.name}: {settings.calls:,} calls × {settings.repeat}, "
            f"a pool of {len(subject.reports):,} reports, {settings.native:,} units as arrays"
        )
        measured[subject.name] = measure(subject, settings)
        del subject  # its memory, before the next one
    sc, ex = measured["scorecard"], measured[EXAMPLE]

    _progress(f"fresh processes: score_many of {', '.join(f'{n:,}' for n in settings.sizes)}")
    runs = {which: {n: fresh(which, n) for n in settings.sizes} for which in ("scorecard", EXAMPLE)}
    problems = [*sc.mismatches, *ex.mismatches]
    for which, by_size in runs.items():
        problems += [
            f"{which}: score_many in a fresh process gave {got.errors:,} errors, "
            f"{got.units:,} outcomes for {size:,} reports"
            for size, got in by_size.items()
            if got.errors or got.units != size
        ]
    lib = scorecard_bench.import_ms("import danvan_rules", settings.import_runs).median
    ref = scorecard_bench.import_ms("import decimal, json", settings.import_runs).median

    rows = [
        *speed_rows(sc, ex),
        *check_rows(sc, ex),
        *fresh_rows(settings.sizes, runs["scorecard"], runs[EXAMPLE], quick=quick),
        *import_rows(lib, ref),
        *base_rows(sc, ex, ref),
    ]
    print()
    print("\n".join(render(rows)))
    runs_of = "run" if settings.batch_repeat == 1 else "runs"
    print(
        "\n× plain loop, × NumPy float: our time per unit ÷ the reference's, on the same units, "
        "in this run (> 1: slower);\n  for the import, ÷ `import decimal, json`. "
        "a / b: scorecard / example.\n"
        f"Medians: {settings.repeat} samples × {settings.calls:,} score() calls; "
        f"{settings.batch_repeat} {runs_of} of score_many and of iter_scores over the pool; "
        f"{settings.columns_repeat} of each columnar and float loop "
        f"(from_reports: {settings.dicts_repeat}); {settings.import_runs} fresh interpreters "
        "per import."
    )
    print(
        f"took {time.perf_counter() - began:,.0f} s; load average at the end: "
        f"{os.getloadavg()[0]:.2f} (other processes skew timings)"
    )
    if problems:
        print(f"MISMATCH: {len(problems):,} difference(s):", *problems[:10], sep="\n  ")
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table; 1 if the columnar path disagrees with score()."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small counts, about a minute")
    parser.add_argument("--child", nargs=2, metavar=("RULESET", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child[0], int(args.child[1]))
    print(
        f"danvan_rules {danvan_rules.__version__} table, {'quick' if args.quick else 'full'} run: "
        f"Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"NumPy {np.__version__}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )
    return run(QUICK if args.quick else FULL, quick=args.quick)


if __name__ == "__main__":
    sys.exit(main())
